"""Rebuild the scorer's learned weights from the data in the repository, and say how well they
generalise. Offline: only the bundled model and scikit-learn (installed with
sentence-transformers) are used.

    .venv/bin/python scripts/train_scorer.py            # train, report, write the weights

First the change to the bundled embedding model (weights/encoder.npz; scoring.embedding): a
low-rank update of its linear layers, trained on the key-point sentences of eval/keypoints and
the stance groups of eval/stance, so that a sentence that makes a point sits nearer the point
than one that only names its topic or denies it, and an action farther from its own denial.
Every part below reads vectors of the changed model, so it is trained after it. Its figures are
on writers neither the change nor the head saw (eval/stance_extra, eval/keypoints_extra).

The stance head (src/interview_coach/scoring/weights/stance.npz) is trained on eval/stance/,
the reach head (weights/reach.npz) on eval/reach/. Their figures are cross-writer: trained on
the other writers' sentences, tested on one writer's. The take-back reader (weights/
takeback.npz; scoring.takeback), a cross-encoder on the changed model, is trained on
eval/takeback/ with the corpus's sincere answers as hard negatives (about 30 min), then its
bias is set on those answers (`--only calibrate` does that step alone); its figures are on the
held-out sets, with `interview-coach eval`. Its screen (weights/takeback_screen.npz), which
says which endings the reader need not read, learns the reader's own readings on the training
answers (about 35 min), so `--only takeback` and `--only calibrate` retrain it too.
The ownership reader (weights/ownership.npz) and the verdict reader (weights/verdict.npz,
about 29 min; it reads the question with the answer) are cross-encoders on the changed model
too, trained on graded/ and eval/attacks; their figures are on the held-out sets.

The band model (weights/band.json) is trained on the built-in graded answers: the graded corpus
(graded/corpus) and the answers of the other writers (graded/voices, one file per writer),
the attack suite (eval/attacks: each attack labelled with the band it may not exceed, and its
writers' strong controls), every built-in rubric's exemplars (each held out of its own rubric)
and the short-answer training set (eval/shortanswer_train). It reports two
kinds of figure, each on answers the scoring model was not fitted on:
- leave one question out: for each built-in question, a model trained without anything about
  that question scores its corpus answers, attacks and short answers;
- leave one writer out: for each file in eval/voices, a model trained on everything except that
  writer's answers scores them (the writers answer the same questions, in their own voices,
  which is what a new user does).
The short-answer set in eval/foreign is never trained on; it is scored by the final model.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.scoring import crossread, heads, reach, stance  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402

STANCE_DATA = ROOT / "eval" / "stance"
GRADED = ROOT / "graded"
WEIGHTS = ROOT / "src" / "interview_coach" / "scoring" / "weights"
STANCE_C = 4.0  # chosen by the cross-writer figure below (0.5, 2, 4, 8 tried)
REACH_DATA = ROOT / "eval" / "reach"
REACH_C = 1.0  # not tuned


# Where the scorer counts a point made. The pairs' F1-best cut (printed, about 0.35 on the
# changed encoder) is stricter than an answer needs: the scorer gives each sentence only its
# most likely point and each point only its best sentence. By how well the share of points
# made separates Strong from No Hire answers (twelfth session): graded/corpus AUC 0.865 at
# 0.35, 0.905 at 0.15, 0.915 at 0.1; eval/heldout_w14 0.855, 0.898 at 0.1, 0.881 at 0.05 (the
# plain encoder's head at its 0.22: 0.867 and 0.894).
POINT_THRESHOLD = 0.1
POINT_DATA = ROOT / "eval" / "keypoints"
# Kept out of every training step: the writers whose sentences measure the heads honestly.
STANCE_HELD = ROOT / "eval" / "stance_extra"
POINT_HELD = ROOT / "eval" / "keypoints_extra"
# The change to the embedding model: rank-8 updates of every attention and feed-forward linear
# layer, 3 passes over the pairs at rate 1e-4. Chosen on writers it never saw (k2/k3, s2-s4
# with the change trained on k1 and s1): stance accuracy +0.05 to +0.07 and key-point AUC +0.02
# to +0.05 over the plain model, where one pass gave half that (eval/research/README.md). So
# the figures on eval/stance_extra and eval/keypoints_extra are a little optimistic for this
# choice (one of two settings), though no sentence of theirs is trained on.
ENCODER = {"rank": 8, "epochs": 3, "lr": 1e-4}
ENCODER_LAYERS = (
    "query",
    "key",
    "value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
# Sentences that are on a key point's topic and do not make it.
NOT_MAKING = ("topic_only", "negated", "someone_else", "opposite")


def _encoder_triplets() -> list[tuple[str, str, str]]:
    """(anchor, positive, hard negative): a key point or its phrasing, a sentence that makes
    it, and as negatives a sentence on its topic that does not and the point's own words as a
    bare list; and an action sentence, itself (dropout is the only difference), the same
    moment denied, retracted or imagined."""
    import random

    rng = random.Random(0)
    out = []
    for path in sorted(POINT_DATA.glob("*.jsonl")):
        for it in _jsonl(path):
            made = [s["text"] for s in it["sentences"] if s["label"] == "makes"]
            not_made = [s["text"] for s in it["sentences"] if s["label"] in NOT_MAKING]
            terms = _terms(" ".join([it["key_point"], *it["phrasings"]]))
            for anchor in (it["key_point"], *it["phrasings"]):
                for s in made:
                    # one same-topic sentence, and the point's own words as a bare list (a
                    # keyword-stuffed answer names every point and makes none)
                    listed = ", ".join(rng.sample(terms, min(len(terms), rng.randint(4, 8))))
                    out += [(anchor, s, n) for n in rng.sample(not_made, min(1, len(not_made)))]
                    out.append((anchor, s, listed[:1].upper() + listed[1:] + "."))
    groups: dict[tuple[str, str], dict[str, str]] = {}
    for r in _sentence_rows(STANCE_DATA):
        if r.get("group"):
            groups.setdefault((r["writer"], r["group"]), {})[r["label"]] = r["text"]
    for g in groups.values():
        if "action" in g:
            out += [
                (g["action"], g["action"], g[k])
                for k in ("negated", "retracted", "hypothetical")
                if k in g
            ]
    rng.shuffle(out)
    return out


_FILLER_WORDS = (
    "they them could would should want into about because which there their what when "
    "where were been have this that with from your just like really also then than some "
    "more most only even still over after before once until while doing done made make "
    "makes things thing going gone came come told asked said went first last next every "
    "each other"
)
_FILLER = frozenset(_FILLER_WORDS.split())


def _terms(text: str) -> list[str]:
    """The content words of a text, in order, once each."""
    import re

    from interview_coach.authoring.scaffold import _STOP

    seen: dict[str, None] = {}
    for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
        if len(w) > 3 and w.lower() not in _STOP and w.lower() not in _FILLER:
            seen.setdefault(w.lower(), None)
    return list(seen)


def _wrap_low_rank(net, rank: int) -> dict:
    """Freeze a BERT network and wrap every attention and feed-forward linear layer of its
    encoder (ENCODER_LAYERS) with a trainable low-rank update: W x + B A x. Returns the
    wrappers by layer name."""
    import torch

    class LowRank(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear):
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.randn(rank, base.in_features) / base.in_features**0.5)
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = 2.0  # alpha / rank with alpha = 2 * rank

        def forward(self, x):
            return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale

    for p in net.parameters():
        p.requires_grad_(False)
    wrapped = {}
    for name, module in list(net.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}"
            if (
                isinstance(child, torch.nn.Linear)
                and "encoder.layer" in full
                and full.endswith(ENCODER_LAYERS)
            ):
                wrapped[full] = LowRank(child)
                setattr(module, child_name, wrapped[full])
    return wrapped


def _low_rank_parts(wrapped: dict) -> dict[str, np.ndarray]:
    """A and B (scaled) per wrapped layer, as scoring.embedding.add_low_rank reads them."""
    parts = {}
    for full, low in wrapped.items():
        parts[f"{full}.a"] = low.a.detach().numpy().astype(np.float32)
        parts[f"{full}.b"] = (low.b.detach() * low.scale).numpy().astype(np.float32)
    return parts


def train_encoder() -> None:
    """Low-rank change to the bundled model, trained with sentence-transformers' own loop
    (MultipleNegativesRankingLoss, one hard negative per triplet), written as A and B per
    layer so that W + B @ A is the changed weight (scoring.embedding.merge_delta)."""
    import random
    import time

    import torch
    from sentence_transformers import InputExample, SentenceTransformer
    from sentence_transformers.sentence_transformer.datasets import NoDuplicatesDataLoader
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    from interview_coach.scoring.embedding import ENCODER_DELTA, bundled_model_path

    torch.manual_seed(0)
    random.seed(0)  # the loader shuffles with the global generator
    model = SentenceTransformer(bundled_model_path(), device="cpu")
    model.max_seq_length = 128  # the pairs are sentences; saves time
    wrapped = _wrap_low_rank(model[0].auto_model, ENCODER["rank"])
    triplets = _encoder_triplets()
    loader = NoDuplicatesDataLoader([InputExample(texts=list(t)) for t in triplets], batch_size=32)
    started = time.time()
    print(
        f"encoder: {len(triplets)} triplets, {len(loader) * ENCODER['epochs']} steps…", flush=True
    )
    model.old_fit(
        train_objectives=[(loader, MultipleNegativesRankingLoss(model))],
        epochs=ENCODER["epochs"],
        warmup_steps=max(1, len(loader) // 10),
        optimizer_params={"lr": ENCODER["lr"]},
        show_progress_bar=True,
    )
    np.savez_compressed(WEIGHTS / ENCODER_DELTA, **_low_rank_parts(wrapped))
    size = (WEIGHTS / ENCODER_DELTA).stat().st_size // 1024
    print(f"encoder: {time.time() - started:.0f} s -> {WEIGHTS / ENCODER_DELTA} ({size} KB)")


# Chosen by the cross-writer figure (0.003, 0.03, 0.3 tried: eval/research/kphead2.py).
POINT_C = 0.3


def _point_rows(
    embedder, directory: Path = POINT_DATA
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(features, makes, writer, cosine) for every (sentence, key point) pair of `directory`.

    Positives: a sentence written to make the point. Negatives: sentences on the same point's
    topic that only name it, deny it, credit someone else or argue the opposite, and other
    points' sentences (of the same question, and a fixed sample of other questions).
    Hypothetical sentences are left out: for a "how would you" question a plan makes the point."""
    from interview_coach.scoring import pointhead
    from interview_coach.scoring.stance import LABELS, default_head

    items = []
    for path in sorted(directory.glob("*.jsonl")):
        for it in _jsonl(path):
            it["writer"] = path.stem
            items.append(it)
    stance_head = default_head()
    enc = []
    for it in items:
        texts = [s["text"] for s in it["sentences"]]
        vecs = embedder.encode(texts)
        probs = stance_head.probabilities(texts, vecs)
        enc.append(
            (
                embedder.encode([*it["phrasings"], it["key_point"]]),
                embedder.encode([it["question"]])[0],
                vecs,
                np.stack([probs[label] for label in LABELS], axis=1),
                [len(t.split()) for t in texts],
            )
        )
    x, y, w, cos = [], [], [], []
    rng = np.random.default_rng(0)
    for a, it in enumerate(items):
        point_vecs, q_vec = enc[a][0], enc[a][1]
        for b, jt in enumerate(items):
            if jt["writer"] != it["writer"]:
                continue
            same = a == b
            if not same and jt["question"] != it["question"] and rng.random() > 0.25:
                continue
            keep = [
                i
                for i, s in enumerate(jt["sentences"])
                if s["label"] != "hypothetical" and (same or s["label"] == "makes")
            ]
            if not keep:
                continue
            _, _, vecs, st, nw = enc[b]
            feats = pointhead.pair_features(
                vecs[keep], [nw[i] for i in keep], st[keep], point_vecs, q_vec
            )
            x.append(feats)
            y += [same and jt["sentences"][i]["label"] == "makes" for i in keep]
            w += [it["writer"]] * len(keep)
            cos.append(feats[:, 0])
    return np.vstack(x), np.array(y), np.array(w), np.concatenate(cos)


def train_point(embedder) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, roc_auc_score

    from interview_coach.scoring import pointhead
    from interview_coach.scoring.scorer import COVERED

    x, y, writers, cos = _point_rows(embedder)

    def fit(rows: np.ndarray):
        mean, scale = x[rows].mean(axis=0), x[rows].std(axis=0) + 1e-6
        m = LogisticRegression(C=POINT_C, max_iter=5000).fit((x[rows] - mean) / scale, y[rows])
        return mean, scale, m

    def best_cut(scores: np.ndarray, truth: np.ndarray) -> float:
        grid = np.quantile(scores, np.linspace(0.5, 0.995, 100))
        return float(max(grid, key=lambda t: f1_score(truth, scores >= t)))

    cuts = []
    for held in sorted(set(writers)):
        test = writers == held
        mean, scale, m = fit(~test)
        p_train = m.predict_proba((x[~test] - mean) / scale)[:, 1]
        cut, cos_cut = best_cut(p_train, y[~test]), best_cut(cos[~test], y[~test])
        cuts.append(cut)
        p = m.predict_proba((x[test] - mean) / scale)[:, 1]
        print(
            f"point: trained without writer {held}, on {held}'s {int(test.sum())} pairs:"
            f" AUC {roc_auc_score(y[test], p):.3f}"
            f" (cosine {roc_auc_score(y[test], cos[test]):.3f});"
            f" F1 {f1_score(y[test], p >= cut):.3f} at the other writer's best cut {cut:.2f}"
            f" (cosine: {f1_score(y[test], cos[test] >= cos_cut):.3f} at {cos_cut:.2f};"
            f" the scorer's fixed {COVERED}: {f1_score(y[test], cos[test] >= COVERED):.3f})"
        )
    mean, scale, m = fit(np.ones(len(y), dtype=bool))
    threshold = POINT_THRESHOLD
    hx, hy, hw, hcos = _point_rows(embedder, POINT_HELD)
    for held in sorted(set(hw)):
        t = hw == held
        p = m.predict_proba((hx[t] - mean) / scale)[:, 1]
        print(
            f"point: trained on all, on {held}'s {int(t.sum())} pairs (never trained on):"
            f" AUC {roc_auc_score(hy[t], p):.3f} (cosine {roc_auc_score(hy[t], hcos[t]):.3f})"
        )
    np.savez_compressed(
        WEIGHTS / pointhead.WEIGHTS,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        coef=m.coef_[0].astype(np.float32),
        intercept=np.array(m.intercept_[0], dtype=np.float32),
        threshold=np.array(threshold, dtype=np.float32),
        features=np.array(pointhead.FEATURES),
        model=np.array(embedder.name),
    )
    print(
        f"point: {len(y)} pairs ({int(y.sum())} make the point), threshold {threshold:.2f}"
        f" (the pairs' own best cut: {float(np.mean(cuts)):.2f})"
        f" -> {WEIGHTS / pointhead.WEIGHTS}"
    )


def _sentence_rows(directory: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(directory.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _train_head(
    embedder, name: str, rows: list[dict], label: str, cues, c: float, out: Path, held_out=()
):
    """A logistic head over sentence vectors and cue words; reports leave-one-writer-out
    accuracy, then trains on every writer and writes the weights."""
    from sklearn.linear_model import LogisticRegression

    texts = [r["text"] for r in rows]
    x = heads.inputs(texts, embedder.encode(texts), heads.Cues(cues))
    y = np.array([r[label] for r in rows])
    writers = np.array([r["writer"] for r in rows])
    for held in sorted(set(writers)):
        train = writers != held
        model = LogisticRegression(C=c, max_iter=5000).fit(x[train], y[train])
        acc = float(np.mean(model.predict(x[~train]) == y[~train]))
        print(f"{name}: trained without writer {held}, accuracy on {held}: {acc:.3f}")
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    for held_rows in held_out:
        texts = [r["text"] for r in held_rows]
        hx = heads.inputs(texts, embedder.encode(texts), heads.Cues(cues))
        acc = float(np.mean(model.predict(hx) == np.array([r[label] for r in held_rows])))
        writer = held_rows[0]["writer"]
        print(f"{name}: trained on all, accuracy on {writer} (never trained on): {acc:.3f}")
    heads.save(out, model, cues, embedder.name)
    print(f"{name}: {len(rows)} sentences, {len(set(y))} labels -> {out}")


def train_stance(embedder) -> None:
    rows = _sentence_rows(STANCE_DATA)
    held = [_jsonl(p) for p in sorted(STANCE_HELD.glob("*.jsonl"))]
    _train_head(
        embedder, "stance", rows, "label", stance.CUES, STANCE_C, WEIGHTS / stance.WEIGHTS, held
    )


def train_reach(embedder) -> None:
    rows = _sentence_rows(REACH_DATA)
    _train_head(embedder, "reach", rows, "scope", reach.CUES, REACH_C, WEIGHTS / reach.WEIGHTS)


# The take-back reader (scoring.takeback): a second low-rank change, on top of the changed
# model, read as a cross-encoder over (sentence, the sentences before it) with a linear head on
# [CLS]. Positives: eval/takeback's endings that withdraw the story, eval/stance's retracted
# sentences after the start of a corpus story, and in each corpus or training-attack answer
# labelled "retracted" its sentence the stance head finds most against. Negatives: the other
# endings (candid, plain), the stories' own sentences, the other stance sentences, and
# sentences of the corpus's sincere Strong and Lean answers and the attack writers' strong
# controls (hard negatives: concessions, credit to colleagues). Settings are the prototype's
# (eval/research/README.md): rank 8, two passes, rates 4e-4 (change) and 1e-3 (head).
TAKEBACK = {"rank": 8, "epochs": 2, "lr": 4e-4, "head_lr": 1e-3, "sincere": 4000}
TAKEBACK_DATA = ROOT / "eval" / "takeback"
ATTACKS = ROOT / "eval" / "attacks"
# Chosen on the training corpus's sincere Strong answers (about 2% read as taking the story
# back at 0.95, 7% at 0.9), before any held-out set was scored with the shipped reader.
TAKEBACK_THRESHOLD = 0.95
# The scorer's cuts on the reader's readings (scorer.TAKEBACK_*) are probabilities, chosen with
# one trained reader; a reader trained on other data ranks endings its own way but can read
# every sentence higher or lower (with two of eval/takeback_candid's writers added, 39% of
# the training corpus's sincere Strong answers read 0.5 or more against 13%). So after
# training, the head's bias is moved until this share of those answers reads at the scorer's
# hold or more: the share of the reader the cuts were chosen with (5 of 336; on the shipped
# reader the move is 0.003 log-odds).
TAKEBACK_SINCERE_HELD = 0.015
SINCERE_KINDS = frozenset({"normal", "plain-strong", "plan-only", "team-scope", "other"})


def _corpus_rows() -> list[dict]:
    """The graded corpus's answers (graded/corpus), file by file."""
    return [r for p in sorted((GRADED / "corpus").glob("*.jsonl")) for r in _jsonl(p)]


def _takeback_items() -> list[dict]:
    """eval/takeback's stories, each with its endings. eval/takeback_candid's candid endings
    worded like retractions are not among them: trained on two of its writers, the reader
    ranked those endings better but let 7 more of attacks_heldout's retracted answers through
    (eval/research/README.md, "The take-back reader trained on candid endings")."""
    return [r for p in sorted(TAKEBACK_DATA.glob("*.jsonl")) for r in _jsonl(p)]


def _takeback_pairs(embedder, reader) -> list[tuple[str, str, int, float]]:
    """(sentence, context, label, weight) rows; `reader` gives the context of a sentence."""
    import random

    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import stance_against

    rng = random.Random(7)
    rows: list[tuple[str, str, int, float]] = []

    def units(text: str) -> list[str]:
        return prepare_text(text).units

    for it in _takeback_items():
        body = units(it["body"])
        rows += [(body[i], reader.context(body, i), 0, 0.5) for i in range(1, len(body))]
        for ending in ("takes_back", "candid", "plain"):
            if it.get(ending):
                u = body + units(it[ending])
                label = int(ending == "takes_back")
                rows += [(u[i], reader.context(u, i), label, 1.0) for i in range(len(body), len(u))]
    corpus = _corpus_rows()
    attacks = [r for p in sorted(ATTACKS.glob("*.jsonl")) for r in _jsonl(p)]
    strong = [r["answer"] for r in corpus if r["band"] == "strong_hire"]
    for r in _sentence_rows(STANCE_DATA):
        u = units(rng.choice(strong))[: rng.randint(3, 7)] + units(r["text"])
        i = len(u) - 1
        retracted = r["label"] == "retracted"
        rows.append((u[i], reader.context(u, i), int(retracted), 1.0 if retracted else 0.5))
    sincere = [
        r["answer"]
        for r in corpus
        if r["band"] in ("strong_hire", "lean_hire") and r.get("kind") in SINCERE_KINDS
    ] + [r["answer"] for r in attacks if r.get("kind") == "strong"]
    negatives = [
        (u[i], reader.context(u, i), 0, 0.5) for u in map(units, sincere) for i in range(1, len(u))
    ]
    rng.shuffle(negatives)
    rows += negatives[: TAKEBACK["sincere"]]
    retracted = [
        r["answer"]
        for r in corpus + attacks
        if r.get("kind") == "retracted" or r.get("attack") == "retracted"
    ]
    for e in embed_many([prepare_text(t) for t in retracted], embedder, tokens=False):
        u = e.prepared.units
        if len(u) > 1:
            i = 1 + int(np.argmax(stance_against(e, embedder.name)[1:]))
            rows.append((u[i], reader.context(u, i), 1, 1.0))
    return rows


def _cls_states(net, reader, inputs):
    return net(**reader.encode(inputs)).last_hidden_state[:, 0]


def _fit_reader(
    label: str, embedder, settings: dict, make_reader, rows, every: int, states=_cls_states,
    loss=None,
):  # fmt: skip
    """Train a reader (scoring.crossread): a copy of the changed model with a low-rank change
    of its own and a linear head. `make_reader(net, tokenizer)` gives the object that batches
    the inputs; `rows(reader)` are (input, label, weight), or (input, labels, weights) for an
    input the head reads in several places; `states(net, reader, inputs)` gives the states the
    head reads, one per label (by default each input's [CLS]). `loss(logits, labels)` per
    label, by default cross-entropy with the positives weighted up to the negatives. Returns
    the wrapped layers and the head, for the caller to save."""
    import copy
    import random
    import time

    import torch

    torch.manual_seed(0)
    rng = random.Random(0)
    model = embedder.load()
    net = crossread.first_layers(
        copy.deepcopy(model[0].auto_model).to("cpu"), settings.get("layers", 0)
    )
    wrapped = _wrap_low_rank(net, settings["rank"])
    head = torch.nn.Linear(net.config.hidden_size, 1)
    reader = make_reader(net, model.tokenizer)
    rows = list(rows(reader))

    def flat(chunk, k: int) -> list[float]:
        return [float(v) for r in chunk for v in (r[k] if isinstance(r[k], list) else [r[k]])]

    if loss is None:
        labels = flat(rows, 1)
        positives = sum(labels)
        pos_weight = torch.tensor((len(labels) - positives) / positives)
        print(f"{label}: {len(rows)} rows, {positives:.0f} positive…", flush=True)

        def loss(logits, y):
            return torch.nn.functional.binary_cross_entropy_with_logits(
                logits, y, pos_weight=pos_weight, reduction="none"
            )
    else:
        print(f"{label}: {len(rows)} rows…", flush=True)
    lowrank = [p for w in wrapped.values() for p in (w.a, w.b)]
    opt = torch.optim.AdamW(
        [
            {"params": lowrank, "lr": settings["lr"]},
            {"params": head.parameters(), "lr": settings["head_lr"]},
        ],
        weight_decay=0.01,
    )
    started, batch = time.time(), settings.get("batch", 16)
    for epoch in range(settings["epochs"]):
        rng.shuffle(rows)
        net.train()
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            logits = head(states(net, reader, [r[0] for r in chunk])).squeeze(-1)
            y = torch.tensor(flat(chunk, 1))
            w = torch.tensor(flat(chunk, 2))
            opt.zero_grad()
            (loss(logits, y) * w).mean().backward()
            opt.step()
            step = start // batch
            if step % every == 0:
                print(
                    f"{label}: pass {epoch + 1}, step {step}/{len(rows) // batch},"
                    f" {time.time() - started:.0f} s",
                    flush=True,
                )
    print(f"{label}: trained in {time.time() - started:.0f} s", flush=True)
    return wrapped, head


def _save_reader(label: str, name: str, wrapped, head, **settings) -> None:
    out = WEIGHTS / name
    np.savez_compressed(
        out,
        **_low_rank_parts(wrapped),
        head_w=head.weight.detach().numpy()[0].astype(np.float32),
        head_b=np.float32(head.bias.detach().numpy()[0]),
        **settings,
    )
    print(f"{label}: -> {out} ({out.stat().st_size // 1024} KB)")


def train_takeback(embedder) -> None:
    from interview_coach.scoring import takeback

    settings = takeback.Settings(embedder.name, TAKEBACK_THRESHOLD, 96, 64)

    def make(net, tokenizer):
        return takeback.TakeBackReader(net, tokenizer, np.zeros(1), 0.0, settings)

    def rows(reader):
        return [((s, c), y, w) for s, c, y, w in _takeback_pairs(embedder, reader)]

    wrapped, head = _fit_reader("takeback", embedder, TAKEBACK, make, rows, 100)
    _save_reader(
        "takeback",
        takeback.WEIGHTS,
        wrapped,
        head,
        model=np.array(embedder.name),
        threshold=np.float32(settings.threshold),
        context_tokens=np.int32(settings.context_tokens),
        sentence_tokens=np.int32(settings.sentence_tokens),
    )
    _calibrate_takeback(embedder)


def _calibrate_takeback(embedder) -> None:
    """Move the saved reader's head bias so that TAKEBACK_SINCERE_HELD of the training
    corpus's sincere Strong answers read at the scorer's hold or more (a sentence's reading is
    monotonic in the bias, so one shift of it moves every answer's highest reading alike)."""
    from interview_coach.scoring import takeback
    from interview_coach.scoring.analysis import prepare_text
    from interview_coach.scoring.scorer import TAKEBACK_HOLD, takeback_window

    crossread.forget_built()
    reader = takeback.reader_for(embedder)
    assert reader is not None
    corpus = _corpus_rows()
    highest = []
    for r in corpus:
        if r["band"] == "strong_hire" and r.get("kind") in SINCERE_KINDS:
            u = prepare_text(r["answer"]).units
            if which := takeback_window(len(u)):
                highest.append(float(max(reader.probabilities(reader.pairs(u, which)))))
    p = np.clip(np.sort(highest)[::-1], 1e-7, 1 - 1e-7)
    logodds = np.log(p / (1 - p))
    kept = max(1, int(TAKEBACK_SINCERE_HELD * len(p)))  # answers left at the hold or more
    # halfway between the last answer kept at the hold and the next, in log-odds
    shift = float(
        (logodds[kept - 1] + logodds[kept]) / 2 - np.log(TAKEBACK_HOLD / (1 - TAKEBACK_HOLD))
    )
    path = WEIGHTS / takeback.WEIGHTS
    with np.load(path) as data:
        parts = {k: data[k] for k in data.files}
    parts["head_b"] = np.float32(parts["head_b"] - shift)
    np.savez_compressed(path, **parts)
    crossread.forget_built()
    print(
        f"takeback: bias moved by {-shift:+.2f} log-odds: {kept} of {len(p)} sincere Strong"
        f" training answers read at {TAKEBACK_HOLD} or more"
    )


# The take-back screen (scoring.takeback.Screen): the take-back reader's readings learned by a
# cheaper network that reads an answer's ending in one pass with the changed model's first
# three layers (a fourth low-rank change, a linear head on each read sentence's mean state), so
# the reader reads only the endings it passes. It learns the reader, not the labels
# (distillation): per sentence the reader would read, the reader's log-odds (clipped to +-6.9),
# squared error, the sentences the reader reads at 0.5 or more weighted 4 to 1. On the training
# answers only: graded/corpus, graded/voices, eval/attacks and eval/takeback's bodies with each
# ending. Its cut is the lowest reading it gives any of those endings that the reader reads at
# the scorer's hold. Settings: the one-pass prototype's (eval/research/onepass), two passes;
# three layers read the held-out sets as well as six at 60% of the cost (eval/research/README.md).
SCREEN = {"rank": 8, "epochs": 2, "lr": 4e-4, "head_lr": 1e-3, "batch": 8, "layers": 3}


def _screen_texts() -> list[str]:
    texts = [
        r["answer"]
        for d in (GRADED / "corpus", GRADED / "voices", ATTACKS)
        for p in sorted(d.rglob("*.jsonl"))
        for r in _jsonl(p)
    ]
    for it in _takeback_items():
        texts += [f"{it['body']} {it[k]}" for k in ("takes_back", "candid", "plain") if it.get(k)]
    return list(dict.fromkeys(texts))


def train_screen(embedder) -> None:
    import torch

    from interview_coach.scoring import takeback
    from interview_coach.scoring.analysis import prepare_text
    from interview_coach.scoring.scorer import TAKEBACK_HOLD, takeback_window

    crossread.forget_built()  # the reader as written by train_takeback
    reader = takeback.reader_for(embedder)
    assert reader is not None, "train the take-back reader first (--only takeback)"
    endings = []
    for text in _screen_texts():
        u = prepare_text(text).units
        which = takeback_window(len(u))
        if which:
            p = reader.probabilities(reader.pairs(u, which))
            endings.append((u, which, [float(x) for x in p]))
    print(f"screen: the reader read {len(endings)} training endings", flush=True)
    settings = takeback.ScreenSettings(embedder.name, 96, 64, 0.0)

    def make(net, tokenizer):
        return takeback.Screen(net, tokenizer, np.zeros(1), 0.0, settings)

    def rows(reader):
        return [((u, w), p, [1.0 + 3.0 * (x >= 0.5) for x in p]) for u, w, p in endings]

    def states(net, screen, inputs):
        enc, spans = screen.encode(inputs)
        return screen.sentence_states(net(**enc).last_hidden_state, spans)

    def logodds(p):
        p = p.clamp(1e-3, 1 - 1e-3)
        return torch.log(p / (1 - p))

    def loss(logits, y):
        return (logits - logodds(y)) ** 2

    wrapped, head = _fit_reader("screen", embedder, SCREEN, make, rows, 100, states, loss)

    def save(cut: float) -> None:
        _save_reader(
            "screen",
            takeback.SCREEN_WEIGHTS,
            wrapped,
            head,
            model=np.array(embedder.name),
            context_tokens=np.int32(settings.context_tokens),
            sentence_tokens=np.int32(settings.sentence_tokens),
            layers=np.int32(SCREEN["layers"]),
            cut=np.float32(cut),
        )

    save(0.0)  # reads every ending until its cut is set, from its 8-bit readings as shipped
    crossread.forget_built()
    screen = takeback.screen_for(embedder)
    assert screen is not None
    read = [(float(max(screen.readings(u, w))), max(p) >= TAKEBACK_HOLD) for u, w, p in endings]
    found = [r for r, held in read if held]
    cut = min(found)
    passed = sum(r >= cut for r, _ in read)
    print(
        f"screen: cut {cut:.4f} (the lowest of the {len(found)} endings the reader reads at"
        f" {TAKEBACK_HOLD}); it passes {passed} of {len(endings)} training endings"
    )
    save(cut)


# The ownership reader (scoring.ownership): a third low-rank change on the changed model, read
# as a cross-encoder over a whole answer with a linear head on [CLS]. Positives: the attack
# kinds that look specific and show no decision or act of the speaker's (OWNERLESS); negatives:
# the graded sincere Strong and Lean Hires (SINCERE) and the attack writers' strong controls.
# Vague answers (buzzwords, says-nothing, long and fluent) are not positives: the scorer
# already judges them, and with them the reader took thin, rambling Lean Hires for empty ones
# (16 of the built-in rubrics' 120 Lean Hire exemplars read as No Hire). Settings are the
# take-back reader's (eval/research/ownership_reader.py).
OWNERSHIP = {"rank": 8, "epochs": 2, "lr": 4e-4, "head_lr": 1e-3, "head": 128, "tail": 126}
OWNERLESS = frozenset(
    {"fake-specificity", "attributed", "hypothetical-only", "keyword-stuffing", "definition-only"}
)
SINCERE = frozenset(
    {
        "normal", "plain-strong", "strong", "lean", "strong-with-candour",
        "strong-with-concession", "terse-strong", "bulleted-lean", "plain-words", "non-native",
        "scope-below-level", "team-scope",
    }
)  # fmt: skip


def _ownership_rows() -> list[tuple[str, int]]:
    rows = []
    graded = [r for d in ("corpus", "voices") for p in sorted((GRADED / d).rglob("*.jsonl"))
              for r in _jsonl(p)]  # fmt: skip
    for r in graded:
        if r.get("kind") in SINCERE and r["band"] in ("strong_hire", "lean_hire"):
            rows.append((r["answer"], 0))
        elif r.get("kind") in OWNERLESS and r["band"] == "no_hire":
            rows.append((r["answer"], 1))
    for r in (r for p in sorted(ATTACKS.glob("*.jsonl")) for r in _jsonl(p)):
        kind = r.get("attack") or r.get("kind")
        if kind == "strong":
            rows.append((r["answer"], 0))
        elif kind in OWNERLESS:
            rows.append((r["answer"], 1))
    return rows


def train_ownership(embedder) -> None:
    from interview_coach.scoring import ownership

    settings = ownership.Settings(embedder.name, OWNERSHIP["head"], OWNERSHIP["tail"])

    def make(net, tokenizer):
        return ownership.OwnershipReader(net, tokenizer, np.zeros(1), 0.0, settings)

    def rows(reader):
        return [(text, y, 1.0) for text, y in _ownership_rows()]

    wrapped, head = _fit_reader("ownership", embedder, OWNERSHIP, make, rows, 40)
    _save_reader(
        "ownership",
        ownership.WEIGHTS,
        wrapped,
        head,
        model=np.array(embedder.name),
        head_tokens=np.int32(settings.head_tokens),
        tail_tokens=np.int32(settings.tail_tokens),
    )


# The verdict reader (scoring.verdict): a fourth low-rank change on the changed model, read as a
# cross-encoder over (question, answer) with a linear head on [CLS]. Positives: every answer
# graded No Hire in graded/ and every attack bounded at No Hire in eval/attacks; negatives:
# every graded Strong and Lean Hire and the attack writers' strong controls. Attacks bounded
# at Lean Hire are left out (they may be either). The ownership reader's settings, with the
# question's first 48 word pieces before the answer (eval/research/verdict_reader.py).
VERDICT = {"rank": 8, "epochs": 2, "lr": 4e-4, "head_lr": 1e-3, "batch": 16, "question": 48,
           "head": 120, "tail": 120}  # fmt: skip


def _verdict_rows() -> list[tuple[tuple[str, str], int, float]]:
    from interview_coach.bank.catalog import Catalog

    questions = Catalog.load().questions
    rows = []
    for r in (r for p in sorted(GRADED.rglob("*.jsonl")) for r in _jsonl(p)):
        if r["question"] in questions:
            rows.append(
                ((questions[r["question"]].text, r["answer"]), int(r["band"] == "no_hire"), 1.0)
            )
    for r in (r for p in sorted(ATTACKS.glob("*.jsonl")) for r in _jsonl(p)):
        kind, top = r.get("attack") or r.get("kind"), r.get("max_band") or r.get("band")
        if r["question"] not in questions or (kind != "strong" and top != "no_hire"):
            continue
        rows.append(((questions[r["question"]].text, r["answer"]), int(kind != "strong"), 1.0))
    return rows


def train_verdict(embedder) -> None:
    from interview_coach.scoring import verdict

    settings = verdict.Settings(
        embedder.name, VERDICT["question"], VERDICT["head"], VERDICT["tail"]
    )

    def make(net, tokenizer):
        return verdict.VerdictReader(net, tokenizer, np.zeros(1), 0.0, settings)

    wrapped, head = _fit_reader("verdict", embedder, VERDICT, make, lambda _: _verdict_rows(), 40)
    _save_reader(
        "verdict",
        verdict.WEIGHTS,
        wrapped,
        head,
        model=np.array(embedder.name),
        question_tokens=np.int32(settings.question_tokens),
        head_tokens=np.int32(settings.head_tokens),
        tail_tokens=np.int32(settings.tail_tokens),
    )


# The tone head (scoring.tone): a logistic head over an answer's pooled sentence vectors.
# Positives: the sarcastic and flippant answers of graded/ and eval/attacks; negatives: the
# sincere Strong and Lean Hires there and the attack writers' strong controls. Balanced, since
# positives are few (97 against 1,657). C by the writer-grouped figures below (0.3, 1, 3 and 10
# tried): at 3 the scorer's cut, 0.9, takes 36 of 97 flippant answers and 2 sincere ones of
# 1,657 (of 6 and 11 words), against 24 and 1 at C 1 (eval/research/README.md,
# "Answers that make light of the question").
TONE_C = 3.0
FLIPPANT = frozenset({"sarcastic", "flippant"})


def _answer_rows(kinds: frozenset[str]) -> list[tuple[str, int, str]]:
    """(answer, 1 if its kind is one of `kinds`, writer): graded/ and eval/attacks answers of
    those kinds against the sincere Strong and Lean Hires and the strong controls there."""
    rows = []
    answers = [r for p in sorted(GRADED.rglob("*.jsonl")) for r in _jsonl(p)]
    answers += [r for p in sorted(ATTACKS.glob("*.jsonl")) for r in _jsonl(p)]
    for r in answers:
        kind = r.get("attack") or r.get("kind")
        if kind in kinds:
            rows.append((r["answer"], 1, r.get("writer") or "?"))
        elif kind in SINCERE | {"strong"} and r.get("band", "strong_hire") != "no_hire":
            rows.append((r["answer"], 0, r.get("writer") or "?"))
    return rows


def _fit_answer_head(
    embedder,
    module,
    rows: list[tuple[str, int, str]],
    c: float,
    rule: Callable[[float], bool],
    cut: float,
    what: str,
) -> None:
    """An answer head over an answer's pooled sentence vectors (scoring.heads.pooled): `rows`
    are (answer, 1 if it is `what`, writer). Reports, writer-grouped, how many of each side
    the scorer's `rule` (its cut, `cut`) acts on, then trains on every row and writes
    weights/`module.WEIGHTS`."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from interview_coach.scoring.analysis import embed_many, prepare_text

    part = module.__name__.rsplit(".", 1)[-1]
    embedded = embed_many([prepare_text(t) for t, _, _ in rows], embedder, tokens=False)
    x = np.vstack([heads.pooled(e.unit_vecs, e.whole) for e in embedded])
    y = np.array([module.LABEL if label else "sincere" for _, label, _ in rows])
    writers = np.array([w for _, _, w in rows])

    def fit(train):
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(
            x[train], y[train]
        )

    p = np.zeros(len(rows))
    for train, test in GroupKFold(5).split(x, y, writers):
        model = fit(train)
        p[test] = model.predict_proba(x[test])[:, list(model.classes_).index(module.LABEL)]
    read = np.array([rule(v) for v in p])
    print(
        f"{part}: trained without a fifth of the writers, at {cut}:"
        f" {int((read & (y == module.LABEL)).sum())} of {int((y == module.LABEL).sum())} {what}"
        f" answers, {int((read & (y == 'sincere')).sum())} of {int((y == 'sincere').sum())}"
        " sincere ones"
    )
    heads.save(WEIGHTS / module.WEIGHTS, fit(np.arange(len(rows))), (), embedder.name)
    print(f"{part}: {len(rows)} answers -> {WEIGHTS / module.WEIGHTS}")


def train_tone(embedder) -> None:
    from interview_coach.scoring import scorer, tone

    rows = _answer_rows(FLIPPANT)
    _fit_answer_head(embedder, tone, rows, TONE_C, scorer.flippant, scorer.FLIPPANT, "flippant")


# The vague head (scoring.vague): the tone head's recipe. Positives: graded/ and eval/attacks
# answers that say nothing an interviewer could check (VAGUE kinds); negatives: the sincere
# Strong and Lean Hires there, the attack writers' strong controls, and the built-in rubrics'
# Strong and Lean Hire exemplars, thin but the speaker's own. C and the scorer's cut by the
# writer-grouped figures (C 0.3, 1 and 3 tried): at C 1 and 0.9, 489 of 684 vague answers and 5
# of 2,335 sincere ones; at C 3, 528 and 11; at C 0.3, 395 and 1 (eval/research/README.md,
# "Answers that say nothing"). With eval/vague_train (fifty-third session) the cut moved to
# 0.85: at C 1, 640 of 828 and 17 of 2,407 (0.9: 575 and 8; 0.8: 672 and 30); at C 3 and 0.85,
# 664 and 26 ("Seed-vague answers in three more voices"). With four more writers (fifty-sixth
# session), at C 1 writer-grouped: 0.85, 793 of 1,020 and 22 of 2,503 sincere (18 of them of
# 972 sincere Lean Hires, the only answers the rule reads); 0.75, 876 and 44 (38); 0.7, 899 and
# 50 (43). The scorer's cut moved to 0.75 ("Seed-vague answers in four more voices").
VAGUE_C = 1.0
VAGUE = frozenset(
    {
        "seed-vague", "says-nothing", "long-vague", "long-fluent-no", "buzzword", "padding",
        "tautology", "question-echo",
    }
)  # fmt: skip


def _rows_with_exemplars(kinds: frozenset[str]) -> list[tuple[str, int, str]]:
    """_answer_rows(kinds), with the built-in Strong and Lean Hire exemplars as negatives."""
    from interview_coach.bank.catalog import Catalog

    rows = _answer_rows(kinds)
    for rubric in Catalog.load().rubrics.values():
        for band in ("strong_hire", "lean_hire"):
            rows += [(text, 0, "exemplars") for text in rubric.bands[band].exemplars]
    return rows


# Answers written for the vague head alone (eval/vague_train: per question a says-nothing, a
# seed-vague and a thin but sincere Lean Hire, by writers in voices the graded answers lack),
# kept out of the band trees and the graded neighbours.
VAGUE_EXTRA = ROOT / "eval" / "vague_train"


def _vague_rows() -> list[tuple[str, int, str]]:
    """The vague head's rows: _rows_with_exemplars(VAGUE) and eval/vague_train."""
    extra = [r for p in sorted(VAGUE_EXTRA.glob("*.jsonl")) for r in _jsonl(p)]
    return _rows_with_exemplars(VAGUE) + [
        (r["answer"], int(r["kind"] in VAGUE), r["writer"])
        for r in extra
        if r["kind"] in VAGUE or r["kind"] in SINCERE
    ]


def train_vague(embedder) -> None:
    from interview_coach.scoring import scorer, vague

    rows = _vague_rows()
    _fit_answer_head(embedder, vague, rows, VAGUE_C, scorer.says_nothing, scorer.VAGUE, "vague")


# The blame head (scoring.blame): the vague head's recipe. Positives: graded/ and eval/attacks
# answers whose failures are all other people's; negatives: the sincere Strong and Lean Hires
# there, the built-in exemplars, and short sincere answers that name a committee's, a vendor's
# or a colleague's fault and then own the speaker's part (eval/blame_negatives). Without those,
# "disappointed ... missed the promotion ... asked my manager" read as blame at 0.999
# (eval/research/README.md, "Answers that blame others"). C by the writer-grouped figures at
# the scorer's cut (C 0.3, 1 and 3 tried on the prototype): at C 3, 157 of 176 blaming answers
# and 8 of 2,431 sincere ones.
BLAME_C = 3.0
BLAMING = frozenset({"blaming"})
BLAME_NEGATIVES = ROOT / "eval" / "blame_negatives"


def _blame_rows() -> list[tuple[str, int, str]]:
    """The blame head's rows: _rows_with_exemplars(BLAMING) and eval/blame_negatives."""
    rows = _rows_with_exemplars(BLAMING)
    negatives = sorted(BLAME_NEGATIVES.glob("*.jsonl"))
    return rows + [(r["answer"], 0, r["writer"]) for p in negatives for r in _jsonl(p)]


def train_blame(embedder) -> None:
    from interview_coach.scoring import blame, scorer

    rows = _blame_rows()
    _fit_answer_head(embedder, blame, rows, BLAME_C, scorer.blames_others, scorer.BLAME, "blaming")


# Gradient-boosted trees, shallow and slow-learning: chosen by the leave-one-question-out
# figures in eval/research (fitq.py); deeper or faster-learning trees fit the writers' voices.
# Depth 4 since the attack suite grew to 1,100 rows: at depth 3 with it a built-in rubric fails
# `rubric check` and fewer held-out attacks stay within their bound (eval/research/README.md).
TREES = {"max_depth": 4, "learning_rate": 0.05, "max_iter": 200, "l2_regularization": 1.0}
# Writers asked only for the kinds the scorer got wrong (per question a retracted answer, a
# story for another question, a buzzword or blaming answer, and a strong one told with
# candour: three No Hire to one Strong Hire, no Lean Hire). At full weight their band mix
# pulls plain, short and bulleted strong answers towards No Hire (3 Strong<->No swaps on the
# dev set, a built-in Strong Hire exemplar read as No Hire); at 0.4 they keep most of their
# gain on retracted and wrong-question answers. Chosen among 1, 0.4 and 0.5 for their No Hire
# answers only (eval/research/README.md, "Targeted writers").
TARGETED = frozenset(f"voices/w12{c}" for c in "abcd")
TARGETED_WEIGHT = 0.4
# The same weight for a graded answer of these kinds (its "kind" field), whoever wrote it: such
# an answer is a good story plus one sentence that undoes it, or a good story for another
# question, so at full weight it teaches the trees to distrust good stories. With the six
# writers w13a-f at full weight a built-in Strong Hire exemplar failed `rubric check` and the
# dev set had 2 swaps; at 0.4, none and 1 (eval/research/README.md, "Six more voices").
TARGETED_KINDS = frozenset({"retracted", "wrong-question"})
# Writers asked for answers told with candour (per question a Lean Hire that admits a limit of
# the speaker's own work, and a Strong or No Hire with a lesson or a self-critical remark), so
# that an admission is not read as a retraction. At half weight: with them at full weight the
# held-out candour set read 0.792 and at half 0.750 (0.597 without), but at full weight more
# negated, blaming and "opposite" attacks passed their bound (689 of 768 within, against 698)
# and the graded held-out sets had 41 Strong<->No swaps against 38 (eval/research/README.md,
# "Candour in training").
CANDOUR = frozenset(f"voices/c{i}" for i in (1, 3, 4, 7, 8, 9, 11, 12, 13))
CANDOUR_WEIGHT = 0.5
# The attack suite (eval/attacks: answers that look like good ones and must not pass their bound,
# with strong controls by the same writers) weighs half a graded answer. Sixteen writers' attacks
# at full weight put a built-in Strong Hire exemplar in No Hire (`rubric check` fails) and read
# five of the dev set's strong answers as No Hire; at 0.5, no failure and three, with most of
# the gain on attacks kept (eval/research/README.md, "Attacks in twenty voices").
ATTACK_WEIGHT = 0.5
TRAINED_ON = (
    "graded/corpus",
    "graded/voices",
    "eval/attacks",
    "built-in rubric exemplars",
    "eval/shortanswer_train",
)


def _jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _feature_rows(
    embedder,
) -> tuple[list[dict], list[dict], list[str], list[str], list[str], list[str], list[str]]:
    """(features, features without graded answers, label, question, source, writer, the
    answer's own kind or "") for every
    training row no gate stops. The second set is the row as it would be read if its question
    had no graded answers, as a user's own question has none."""
    from interview_coach.bank.catalog import Catalog
    from interview_coach.bank.models import BANDS
    from interview_coach.scoring import gates
    from interview_coach.scoring import scorer as scorer_module
    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import Scorer

    scorer_module.model_for = lambda name: None  # features only: the old weights are not read
    scorer = Scorer(embedder, band_inputs=True)  # the old weights are not read: say so
    cat = Catalog.load(extra=[str(ROOT / "eval" / "shortanswer_train" / "content")])
    rows = [(r, "corpus") for r in _corpus_rows()]
    rows += [
        ({**r, "writer": f"voices/{p.stem}"}, "voices")
        for p in sorted((GRADED / "voices").glob("*.jsonl"))
        for r in _jsonl(p)
    ]
    attacks = sorted((ROOT / "eval" / "attacks").glob("*.jsonl"))
    rows += [(r, "attack") for p in attacks for r in _jsonl(p)]
    rows += [
        (r, "short")
        for p in sorted((ROOT / "eval" / "shortanswer_train").glob("answers*.jsonl"))
        for r in _jsonl(p)
    ]
    feats, bare, labels, qids, kinds, writers, answer_kinds = [], [], [], [], [], [], []

    def read(pr, e, exclude=None, writer=None) -> None:
        bd = scorer.breakdown(pr, e, exclude, writer=writer)
        feats.append(scorer.answer_features(pr, e, bd.features, bd.signals, exclude, writer))
        alone = replace(pr, memory=None)
        bare.append(
            scorer.answer_features(alone, e, bd.features, bd.signals, exclude)
            if pr.memory is not None
            else feats[-1]
        )

    embedded = embed_many([prepare_text(r["answer"]) for r, _ in rows], embedder)
    for (r, kind), e in zip(rows, embedded, strict=True):
        q = cat.questions[r["question"]]
        pr = scorer.prepare(q, cat.rubrics[q.id])
        if gates.check(e.prepared.text, e.prepared.sentences, [q.text, *q.aliases], pr.norms):
            continue
        # A graded answer's neighbours are the others: never itself (same text), never its
        # writer's other answers, which share its voice (scoring.memory).
        read(pr, e, writer=r.get("writer", "").removeprefix("voices/") or None)
        labels.append(r.get("band") or r["max_band"])
        qids.append(q.id)
        kinds.append(kind)
        writers.append(r.get("writer", ""))
        answer_kinds.append((r.get("kind") or "") if kind in ("corpus", "voices") else "")
    for qid, q in cat.questions.items():
        pr = scorer.prepare(q, cat.rubrics[qid])
        for b in BANDS:
            for i, e in enumerate(pr.exemplars[b]):
                read(pr, e, (b, i))
                labels.append(b)
                qids.append(qid)
                kinds.append("exemplar")
                writers.append("")
                answer_kinds.append("")
    return feats, bare, labels, qids, kinds, writers, answer_kinds


def _fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=0, **TREES).fit(x, y, sample_weight=weight)


def _export(model, embedder_name: str, names: tuple[str, ...]):
    """The fitted trees as plain arrays (see bandmodel.Tree)."""
    from interview_coach.scoring.bandmodel import BandModel, Tree

    def tree(predictor) -> Tree:
        n = predictor.nodes
        return Tree(
            tuple(
                int(-1 if leaf else f)
                for f, leaf in zip(n["feature_idx"], n["is_leaf"], strict=True)
            ),
            tuple(float(t) for t in n["num_threshold"]),
            tuple(int(v) for v in n["left"]),
            tuple(int(v) for v in n["right"]),
            tuple(float(v) for v in n["value"]),
            tuple(bool(v) for v in n["missing_go_to_left"]),
        )

    return BandModel(
        embedder_name,
        names,
        tuple(str(c) for c in model.classes_),
        tuple(float(v) for v in np.ravel(model._baseline_prediction)),
        tuple(tuple(tree(p) for p in rnd) for rnd in model._predictors),
        TRAINED_ON,
    )


def write_graded_vectors(embedder) -> None:
    """The built-in graded answers' vectors, shipped so that a first run need not embed them
    (scoring.memory.VECTORS): each keyed by a digest of its cleaned text."""
    from interview_coach.scoring import memory
    from interview_coach.scoring.analysis import prepare_text, text_vectors

    by_text = {
        p.text: p
        for p in (
            prepare_text(r["answer"]) for f in sorted(GRADED.rglob("*.jsonl")) for r in _jsonl(f)
        )
    }
    texts = sorted(by_text)
    vecs = np.asarray(text_vectors([by_text[t] for t in texts], embedder), dtype=np.float32)
    path = WEIGHTS / memory.VECTORS
    with path.open("wb") as f:
        np.savez_compressed(
            f,
            model=np.array(embedder.name),
            keys=np.array([memory.digest(t) for t in texts]),
            vecs=vecs,
        )
    memory.bundled.cache_clear()
    print(f"graded vectors: {len(texts)} texts -> {path} ({path.stat().st_size // 1024} KB)")


def _rows(embedder, cache: Path | None):
    """The feature rows, from `cache` when an earlier run left them there (to try training
    options without reading every answer again), else computed (and left there)."""
    import pickle

    if cache is not None and cache.exists():
        held = pickle.loads(cache.read_bytes())
        # a cache from before the model's name was kept with its rows holds the rows alone
        name, rows = held if isinstance(held, tuple) and len(held) == 2 else ("unknown", held)
        if name == embedder.name:
            return rows
        print(f"band: {cache} holds rows of {name}, not {embedder.name}: reading them again")
    rows = _feature_rows(embedder)
    if cache is not None:
        cache.write_bytes(pickle.dumps((embedder.name, rows)))
    return rows


def _report(title: str, y, pred, conf) -> None:
    from interview_coach.scoring.evaluate import metrics

    m = metrics(list(y), list(pred), list(conf))
    print(
        f"band, {title} ({m.n} answers the gates pass): accuracy {m.accuracy:.3f}"
        f"  macro-F1 {m.macro_f1:.3f}  Strong<->No swaps {m.strong_no_swaps}  ECE {m.ece:.3f}"
    )


def _row_weight(kind: str, writer: str, answer_kind: str) -> float:
    """A training row's weight, from where it comes (`kind`: corpus, voices, attack...), who
    wrote it and what kind of answer its writer was asked for."""
    if kind == "attack":
        return ATTACK_WEIGHT
    if writer in TARGETED or answer_kind in TARGETED_KINDS:
        return TARGETED_WEIGHT
    if writer in CANDOUR:
        return CANDOUR_WEIGHT
    return 1.0


def train_band(embedder, cache: Path | None = None, copies: bool = False) -> None:
    """`copies`: train on each graded row twice, as read with its question's graded answers
    and as read without them (a user's own question has none). Off: the copies gave more
    Strong<->No swaps on every held-out set and no better accuracy (eval/research/README.md),
    and the "leave one question out" figure, read without graded answers, shows that the
    model trained with them still judges a question that has none."""
    from interview_coach.scoring.bandmodel import WEIGHTS as BAND_WEIGHTS
    from interview_coach.scoring.bandmodel import BandModel, decide
    from interview_coach.scoring.evaluate import attack_report

    feats, bare, labels, qids, kinds, writers, answer_kinds = _rows(embedder, cache)
    names = tuple(sorted(feats[0]))
    x = np.array([[f[n] for n in names] for f in feats])
    x0 = np.array([[f[n] for n in names] for f in bare])
    remembered = np.array([f.get("mem_n", 0.0) > 0 for f in feats])
    y, q, k, w = np.array(labels), np.array(qids), np.array(kinds), np.array(writers)
    weight = np.array(
        [_row_weight(kk, ww, ak) for kk, ww, ak in zip(k, w, answer_kinds, strict=True)]
    )

    def fit(train: np.ndarray):
        if not copies:
            return _fit(x[train], y[train], weight[train])
        extra = train & remembered
        return _fit(
            np.vstack([x[train], x0[extra]]),
            np.concatenate([y[train], y[extra]]),
            np.concatenate([weight[train], weight[extra]]),
        )

    def predict(model, rows: np.ndarray):
        probs = [dict(zip(model.classes_, p, strict=True)) for p in model.predict_proba(rows)]
        return [decide(p) for p in probs], [p[decide(p)] for p in probs]

    folds = sorted({qq for qq, kk in zip(q, k, strict=True) if kk in ("corpus", "short")})
    pred, conf = np.empty(len(y), dtype=object), np.zeros(len(y))
    pred0, conf0 = np.empty(len(y), dtype=object), np.zeros(len(y))
    for held in folds:
        test = q == held
        model = fit(~test)
        pred[test], conf[test] = predict(model, x[test])
        pred0[test], conf0[test] = predict(model, x0[test])
    for kind, title in (("corpus", "corpus"), ("short", "short-answer training set")):
        s = k == kind
        if kind == "corpus":
            # The question's graded answers by other writers are still its neighbours: a new
            # writer on a built-in question the trees never saw.
            _report(
                f"leave one question out, {title}, with its graded answers", y[s], pred[s], conf[s]
            )
        _report(f"leave one question out, {title}", y[s], pred0[s], conf0[s])
    # eval/attacks holds the attack writers' strong controls too (a band, not a bound).
    att = (k == "attack") & (y != "strong_hire")
    report = attack_report([{"max_band": b} for b in y[att]], list(pred[att]))
    controls = (k == "attack") & (y == "strong_hire")
    if controls.any():
        _report(
            "leave one question out, the attack writers' strong controls",
            y[controls],
            pred[controls],
            conf[controls],
        )
    print(
        f"band, leave one question out, attacks the gates pass: {report.within}/{report.n}"
        f" within bound, {report.strong} Strong Hire"
    )
    voices = k == "voices"
    for writer in sorted(set(w[voices])):
        test = w == writer
        pred[test], conf[test] = predict(fit(~test), x[test])
        _report(f"leave one writer out, {writer}", y[test], pred[test], conf[test])
    if voices.any():
        _report("leave one writer out, all", y[voices], pred[voices], conf[voices])
    model = fit(np.ones(len(y), dtype=bool))
    out = _export(model, embedder.name, names)
    # The exported trees must be the fitted model, not an approximation of it.
    again = BandModel.from_json(out.to_json())
    for row, p in zip(x[:200], model.predict_proba(x[:200]), strict=True):
        mine = again.probabilities(dict(zip(names, row, strict=True)))
        assert max(abs(mine[c] - v) for c, v in zip(model.classes_, p, strict=True)) < 1e-4
    (WEIGHTS / BAND_WEIGHTS).write_text(out.to_json(), encoding="utf-8")
    size = (WEIGHTS / BAND_WEIGHTS).stat().st_size // 1024
    print(f"band: {len(y)} rows, {len(names)} features -> {WEIGHTS / BAND_WEIGHTS} ({size} KB)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--only",
        choices=(
            "encoder",
            "stance",
            "reach",
            "point",
            "takeback",
            "calibrate",
            "screen",
            "ownership",
            "verdict",
            "tone",
            "vague",
            "blame",
            "band",
            "vectors",
        ),
        help="train one part only",
    )
    ap.add_argument(
        "--rows", type=Path, help="band: keep the feature rows in this file and reuse them"
    )
    ap.add_argument(
        "--copies",
        action="store_true",
        help="band: train on graded rows also as read without their question's graded answers",
    )
    args = ap.parse_args()
    if args.only in (None, "encoder"):
        train_encoder()
        if args.only == "encoder":
            print("encoder: retrain every other part now; they read its vectors")
            return 0
    from interview_coach.scoring import embedding

    embedding._delta_digest.cache_clear()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    if args.only in (None, "stance"):
        train_stance(embedder)
    if args.only in (None, "reach"):
        train_reach(embedder)
    if args.only in (None, "point"):
        train_point(embedder)
    if args.only in (None, "takeback"):
        train_takeback(embedder)
    if args.only == "calibrate":
        _calibrate_takeback(embedder)  # the saved reader's bias only, without training it
    if args.only in (None, "takeback", "calibrate", "screen"):
        train_screen(embedder)  # it learns the reader's readings: after every change to it
    if args.only in (None, "ownership"):
        train_ownership(embedder)
    if args.only in (None, "verdict"):
        train_verdict(embedder)
    if args.only in (None, "tone"):
        train_tone(embedder)
    if args.only in (None, "vague"):
        train_vague(embedder)
    if args.only in (None, "blame"):
        train_blame(embedder)
    if args.only in (None, "band", "vectors"):
        write_graded_vectors(embedder)
    if args.only in (None, "band"):
        train_band(embedder, args.rows, args.copies)
    return 0


if __name__ == "__main__":
    sys.exit(main())

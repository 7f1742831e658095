"""Rebuild the scorer's learned weights from the data in the repository, and say how well they
generalise. Offline: only the bundled model and scikit-learn (installed with
sentence-transformers) are used.

    .venv/bin/python scripts/train_scorer.py            # train, report, write the weights

The stance head (src/interview_coach/scoring/weights/stance.npz) is trained on eval/stance/.
Its figure is cross-writer: trained on one writer's sentences, tested on the other's.

The band model (weights/band.json) is trained on the graded corpus (eval/corpus), the answers
of the other writers (eval/voices, one file per writer), the attack suite (each attack
labelled with the band it may not exceed), every built-in rubric's exemplars (each held out of
its own rubric) and the short-answer training set (eval/shortanswer_train). It reports two
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
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.scoring import stance  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402

STANCE_DATA = ROOT / "eval" / "stance"
WEIGHTS = ROOT / "src" / "interview_coach" / "scoring" / "weights"
STANCE_C = 4.0  # chosen by the cross-writer figure below (0.5, 2, 4, 8 tried)


POINT_DATA = ROOT / "eval" / "keypoints"
# Chosen by the cross-writer figure (0.003, 0.03, 0.3 tried: eval/research/kphead2.py).
POINT_C = 0.3


def _point_rows(embedder) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(features, makes, writer, cosine) for every (sentence, key point) pair of eval/keypoints.

    Positives: a sentence written to make the point. Negatives: sentences on the same point's
    topic that only name it, deny it, credit someone else or argue the opposite, and other
    points' sentences (of the same question, and a fixed sample of other questions).
    Hypothetical sentences are left out: for a "how would you" question a plan makes the point."""
    from interview_coach.scoring import pointhead
    from interview_coach.scoring.stance import LABELS, default_head

    items = []
    for path in sorted(POINT_DATA.glob("*.jsonl")):
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
    threshold = float(np.mean(cuts))
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
        f" -> {WEIGHTS / pointhead.WEIGHTS}"
    )


def _stance_rows() -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(STANCE_DATA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def train_stance(embedder) -> None:
    from sklearn.linear_model import LogisticRegression

    rows = _stance_rows()
    texts = [r["text"] for r in rows]
    x = np.hstack([embedder.encode(texts), np.stack([stance.cue_features(t) for t in texts])])
    y = np.array([r["label"] for r in rows])
    writers = np.array([r["writer"] for r in rows])
    for held in sorted(set(writers)):
        train = writers != held
        model = LogisticRegression(C=STANCE_C, max_iter=5000).fit(x[train], y[train])
        acc = float(np.mean(model.predict(x[~train]) == y[~train]))
        print(f"stance: trained without writer {held}, accuracy on {held}: {acc:.3f}")
    model = LogisticRegression(C=STANCE_C, max_iter=5000).fit(x, y)
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        WEIGHTS / stance.WEIGHTS,
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
        classes=np.array(model.classes_),
        cues=np.array(stance.CUES),
        model=np.array(embedder.name),
    )
    print(f"stance: {len(rows)} sentences, {len(set(y))} labels -> {WEIGHTS / stance.WEIGHTS}")


# Gradient-boosted trees, shallow and slow-learning: chosen by the leave-one-question-out
# figures in eval/research (fitq.py); deeper or faster-learning trees fit the writers' voices.
TREES = {"max_depth": 3, "learning_rate": 0.05, "max_iter": 200, "l2_regularization": 1.0}
TRAINED_ON = (
    "eval/corpus",
    "eval/voices",
    "eval/attacks",
    "built-in rubric exemplars",
    "eval/shortanswer_train",
)


def _jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _feature_rows(embedder) -> tuple[list[dict], list[str], list[str], list[str], list[str]]:
    """(features, label, question, kind, writer) for every training row no gate stops."""
    from interview_coach.bank.catalog import Catalog
    from interview_coach.bank.models import BANDS
    from interview_coach.scoring import gates
    from interview_coach.scoring import scorer as scorer_module
    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import Scorer

    scorer_module.model_for = lambda name: None  # features only: the old weights are not read
    scorer = Scorer(embedder, read_tokens=True)  # the old weights are not read: say so
    cat = Catalog.load(extra=[str(ROOT / "eval" / "shortanswer_train" / "content")])
    rows = [
        (r, "corpus") for p in sorted((ROOT / "eval" / "corpus").glob("*.jsonl")) for r in _jsonl(p)
    ]
    rows += [
        ({**r, "writer": f"voices/{p.stem}"}, "voices")
        for p in sorted((ROOT / "eval" / "voices").glob("*.jsonl"))
        for r in _jsonl(p)
    ]
    rows += [(r, "attack") for r in _jsonl(ROOT / "eval" / "attacks" / "attacks.jsonl")]
    rows += [
        (r, "short")
        for p in sorted((ROOT / "eval" / "shortanswer_train").glob("answers*.jsonl"))
        for r in _jsonl(p)
    ]
    feats, labels, qids, kinds, writers = [], [], [], [], []
    embedded = embed_many([prepare_text(r["answer"]) for r, _ in rows], embedder)
    for (r, kind), e in zip(rows, embedded, strict=True):
        q = cat.questions[r["question"]]
        pr = scorer.prepare(q, cat.rubrics[q.id])
        if gates.check(e.prepared.text, e.prepared.sentences, [q.text, *q.aliases], pr.norms):
            continue
        bd = scorer.breakdown(pr, e)
        feats.append(scorer.answer_features(pr, e, bd.features, bd.signals))
        labels.append(r.get("band") or r["max_band"])
        qids.append(q.id)
        kinds.append(kind)
        writers.append(r.get("writer", ""))
    for qid, q in cat.questions.items():
        pr = scorer.prepare(q, cat.rubrics[qid])
        for b in BANDS:
            for i, e in enumerate(pr.exemplars[b]):
                bd = scorer.breakdown(pr, e, (b, i))
                feats.append(scorer.answer_features(pr, e, bd.features, bd.signals, (b, i)))
                labels.append(b)
                qids.append(qid)
                kinds.append("exemplar")
                writers.append("")
    return feats, labels, qids, kinds, writers


def _fit(x: np.ndarray, y: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=0, **TREES).fit(x, y)


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


def train_band(embedder) -> None:
    from interview_coach.scoring.bandmodel import WEIGHTS as BAND_WEIGHTS
    from interview_coach.scoring.bandmodel import BandModel, decide
    from interview_coach.scoring.evaluate import attack_report, metrics

    feats, labels, qids, kinds, writers = _feature_rows(embedder)
    names = tuple(sorted(feats[0]))
    x = np.array([[f[n] for n in names] for f in feats])
    y, q, k, w = np.array(labels), np.array(qids), np.array(kinds), np.array(writers)
    folds = sorted({qq for qq, kk in zip(q, k, strict=True) if kk in ("corpus", "short")})
    pred = np.empty(len(y), dtype=object)
    conf = np.zeros(len(y))
    for held in folds:
        train = q != held
        model = _fit(x[train], y[train])
        probs = [
            dict(zip(model.classes_, row, strict=True)) for row in model.predict_proba(x[~train])
        ]
        pred[~train] = [decide(p) for p in probs]
        conf[~train] = [p[decide(p)] for p in probs]
    for kind, title in (("corpus", "corpus"), ("short", "short-answer training set")):
        s = k == kind
        m = metrics(list(y[s]), list(pred[s]), list(conf[s]))
        print(
            f"band, leave one question out, {title} ({m.n} answers the gates pass):"
            f" accuracy {m.accuracy:.3f}  macro-F1 {m.macro_f1:.3f}"
            f"  Strong<->No swaps {m.strong_no_swaps}  ECE {m.ece:.3f}"
        )
    att = k == "attack"
    report = attack_report([{"max_band": b} for b in y[att]], list(pred[att]))
    print(
        f"band, leave one question out, attacks the gates pass: {report.within}/{report.n}"
        f" within bound, {report.strong} Strong Hire"
    )
    voices = k == "voices"
    for writer in sorted(set(w[voices])):
        held = w == writer
        model = _fit(x[~held], y[~held])
        probs = [
            dict(zip(model.classes_, row, strict=True)) for row in model.predict_proba(x[held])
        ]
        pred[held] = [decide(p) for p in probs]
        conf[held] = [p[decide(p)] for p in probs]
        m = metrics(list(y[held]), list(pred[held]), list(conf[held]))
        print(
            f"band, leave one writer out, {writer} ({m.n}):"
            f" accuracy {m.accuracy:.3f}  macro-F1 {m.macro_f1:.3f}  swaps {m.strong_no_swaps}"
        )
    if voices.any():
        m = metrics(list(y[voices]), list(pred[voices]), list(conf[voices]))
        print(
            f"band, leave one writer out, all {m.n} answers the gates pass:"
            f" accuracy {m.accuracy:.3f}  macro-F1 {m.macro_f1:.3f}"
            f"  Strong<->No swaps {m.strong_no_swaps}  ECE {m.ece:.3f}"
        )
    model = _fit(x, y)
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
    ap.add_argument("--only", choices=("stance", "point", "band"), help="train one part only")
    args = ap.parse_args()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    if args.only in (None, "stance"):
        train_stance(embedder)
    if args.only in (None, "point"):
        train_point(embedder)
    if args.only in (None, "band"):
        train_band(embedder)
    return 0


if __name__ == "__main__":
    sys.exit(main())

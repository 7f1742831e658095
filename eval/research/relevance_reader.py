"""A relevance reader: does a story answer the question asked? (fifteenth session; not
shipped, eval/research/README.md "A relevance reader for wrong-question stories".)

A cross-encoder built the way scoring.crossread builds the shipped readers (the changed
model, a third rank-8 change, a linear head on [CLS]), reading the question, then the answer's
first 112 and last 96 word pieces, trained to say how likely the answer is a story for another
question. Training pairs come from the training data only (graded/corpus, graded/voices,
eval/attacks): positives are the wrong-question answers written for each question, and
sincere answers paired with a question far from their own (not among its 5 nearest by the
questions' vectors); negatives are sincere answers and on-question No Hires (retracted, vague,
blaming...) with their own question. Then, per group of held-out answers it never saw, how
many reach each cut.

    .venv/bin/python eval/research/relevance_reader.py --train   # 16 min on 2 cores
    .venv/bin/python eval/research/relevance_reader.py           # the table, about 1 min
"""

import argparse
import collections
import copy
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
import train_scorer as ts  # noqa: E402
from ownership_reader import jl  # noqa: E402  (this folder is on the path)

from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.scoring import crossread  # noqa: E402
from interview_coach.scoring.analysis import prepare_text  # noqa: E402
from interview_coach.scoring.embedding import (  # noqa: E402
    SentenceTransformerEmbedder,
    add_low_rank,
)

OUT = ROOT / "eval" / "research" / "cache" / "relevance.npz"
SETTINGS = {
    "rank": 8, "epochs": 2, "lr": 4e-4, "head_lr": 1e-3,
    "question": 40, "head": 112, "tail": 96, "sincere": 900, "on_no": 450, "paired": 450,
}  # fmt: skip
FAR_FROM = 5
ON_QUESTION_NO = frozenset(
    {
        "retracted", "blaming", "buzzword", "seed-vague", "says-nothing", "negated", "opposite",
        "sarcastic", "long-fluent-no", "generic-story", "long-vague", "flippant", "padding",
        "tautology", "keyword-stuffing", "definition-only", "fake-specificity", "attributed",
        "hypothetical-only", "team-scope-for-staff",
    }
)  # fmt: skip
CUTS = (0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99)


def encode(tok, pairs):
    """(question, answer) pairs as one batch: [CLS] question [SEP] answer [SEP], an answer
    longer than the window cut to its start and its end."""
    import torch

    rows = []
    for question, answer in pairs:
        q = tok(" ".join(question.split()), add_special_tokens=False)["input_ids"]
        ids = tok(" ".join(answer.split()), add_special_tokens=False)["input_ids"]
        if len(ids) > SETTINGS["head"] + SETTINGS["tail"]:
            ids = ids[: SETTINGS["head"]] + ids[-SETTINGS["tail"] :]
        q = q[: SETTINGS["question"]]
        rows.append(([tok.cls_token_id, *q, tok.sep_token_id, *ids, tok.sep_token_id], len(q) + 2))
    n = max(len(r) for r, _ in rows)
    return {
        "input_ids": torch.tensor([r + [tok.pad_token_id] * (n - len(r)) for r, _ in rows]),
        "token_type_ids": torch.tensor(
            [[0] * k + [1] * (len(r) - k) + [0] * (n - len(r)) for r, k in rows]
        ),
        "attention_mask": torch.tensor([[1] * len(r) + [0] * (n - len(r)) for r, _ in rows]),
    }


def training_pairs(embedder, cat: Catalog) -> list[tuple[str, str, int]]:
    rng = random.Random(1)
    qids = sorted(cat.rubrics)
    text = {q: cat.questions[q].text for q in qids}
    vecs = embedder.encode([text[q] for q in qids])
    sims = vecs @ vecs.T
    far = {q: [qids[j] for j in np.argsort(-sims[i])[FAR_FROM + 1 :]] for i, q in enumerate(qids)}
    graded = [r for d in ("corpus", "voices") for p in sorted((ts.GRADED / d).rglob("*.jsonl"))
              for r in ts._jsonl(p)]  # fmt: skip
    attacks = [r for p in sorted(ts.ATTACKS.glob("*.jsonl")) for r in ts._jsonl(p)]
    sincere, on_no, off = [], [], []
    for r in graded + attacks:
        qid = cat.find(r["question"]).id
        kind = r.get("attack") or r.get("kind")
        band = r.get("band") or r.get("max_band")
        if kind == "wrong-question":
            off.append((text[qid], r["answer"], 1))
        elif (kind in ts.SINCERE and band in ("strong_hire", "lean_hire")) or kind == "strong":
            sincere.append((qid, r["answer"]))
        elif kind in ON_QUESTION_NO:
            on_no.append((text[qid], r["answer"], 0))
    rng.shuffle(sincere)
    rng.shuffle(on_no)
    n, m = SETTINGS["sincere"], SETTINGS["paired"]
    rows = [(text[q], a, 0) for q, a in sincere[:n]] + on_no[: SETTINGS["on_no"]] + off
    return rows + [(text[rng.choice(far[q])], a, 1) for q, a in sincere[n : n + m]]


def train(embedder, cat: Catalog) -> None:
    class Batches:
        def __init__(self, tokenizer):
            self.tokenizer = tokenizer

        def encode(self, pairs):
            return encode(self.tokenizer, pairs)

    def rows(_reader):
        return [((q, a), y, 1.0) for q, a, y in training_pairs(embedder, cat)]

    wrapped, head = ts._fit_reader(
        "relevance", embedder, SETTINGS, lambda net, tok: Batches(tok), rows, 40
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT,
        **ts._low_rank_parts(wrapped),
        head_w=head.weight.detach().numpy()[0].astype(np.float32),
        head_b=np.float32(head.bias.detach().numpy()[0]),
    )


def reader(embedder):
    """probabilities(pairs): the trained change merged into a copy of the model, 8-bit."""
    import torch

    with np.load(OUT) as z:
        parts = {k: z[k] for k in z.files if k.endswith((".a", ".b"))}
        w, b = z["head_w"], float(z["head_b"])
    model = embedder.load()
    net = copy.deepcopy(model[0].auto_model)
    add_low_rank(net, parts)
    net = crossread.quantized(net.eval())

    def probabilities(pairs, batch=8):
        out = []
        with torch.inference_mode():
            for s in range(0, len(pairs), batch):
                enc = encode(model.tokenizer, pairs[s : s + batch])
                out.append(crossread.head_probabilities(net, enc, w, b))
        return np.concatenate(out)

    return probabilities


def groups(cat: Catalog) -> dict[str, list[tuple[str, str]]]:
    out = collections.defaultdict(list)

    def q(r):
        return cat.find(r["question"]).text

    for r in jl("eval/attacks_heldout/b*.jsonl"):
        out["attacks: " + r["attack"]].append((q(r), r["answer"]))
    for r in jl("eval/attacks_heldout/controls_*.jsonl"):
        out["attacks: their writers' strong controls"].append((q(r), r["answer"]))
    for s in ("heldout", "heldout_hard", "heldout_w14", "heldout_reach"):
        for r in jl(f"eval/{s}/*.jsonl"):
            out[f"{s}: {r['band']} ({r.get('kind')})"].append((q(r), r["answer"]))
    for r in jl("eval/devset.jsonl"):
        out[f"dev: {r['band']}"].append((q(r), r["answer"]))
    for qid, rubric in cat.rubrics.items():
        for band, b in rubric.bands.items():
            text = cat.questions[qid].text
            out[f"built-in exemplars: {band}"] += [(text, t) for t in b.exemplars]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train", action="store_true", help=f"train first (writes {OUT})")
    args = ap.parse_args()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    cat = Catalog.load()
    if args.train:
        train(embedder, cat)
    read = reader(embedder)
    print(f"{'group':55s}    n " + " ".join(f">={c:<4}" for c in CUTS))
    for name, pairs in sorted(groups(cat).items()):
        p = read([(q, prepare_text(a).text) for q, a in pairs])
        print(f"{name:55s} {len(p):4d} " + " ".join(f"{int((p >= c).sum()):6d}" for c in CUTS))


if __name__ == "__main__":
    main()

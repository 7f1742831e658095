"""Fine-tune the bundled all-MiniLM-L6-v2 on hard pairs (research only; nothing ships).

    .venv/bin/python eval/research/ft.py OUT [--data kp,stance,corpus] [--exclude q1,q2,...] [--base DIR]
    .venv/bin/python eval/research/ft.py OUT --fold 0   # corpus data, excluding fold 0 of folds.py

Training pairs (MultipleNegativesRankingLoss with one hard negative per triplet, in-batch
negatives otherwise; 1 epoch, batch 32, max_seq_length 128, lr 2e-5, 10% warm-up):

- kp:     eval/keypoints. Anchor: the key point or one of its phrasings. Positive: a sentence
          that MAKES it. Hard negative: a sentence of the same key point that is topic_only,
          negated, hypothetical, someone_else or opposite (2 drawn per anchor-positive pair).
- stance: eval/stance groups (same topic, different stance). Anchor and positive: the
          group's action sentence (so the only pull is dropout noise). Hard negative: the
          group's negated / retracted / hypothetical sentence: a denial of an action must be
          farther from it than the action itself.
- corpus: eval/corpus answers of the SAME question (never a question in --exclude): anchor
          an answer, positive another answer of the same band, hard negative an answer of
          another band (Strong vs No first).

Uses SentenceTransformer.old_fit (sentence-transformers' own, pre-Trainer loop): the Trainer
needs `datasets` and `accelerate`, which the project's venv does not have.
"""
import json
import random
import sys
import time
from collections import defaultdict

import paths  # noqa: F401
from paths import EVAL

from interview_coach.scoring.embedding import bundled_model_path

ALL_NEG = ("topic_only", "negated", "hypothetical", "someone_else", "opposite")


def jl(p):
    return [json.loads(x) for x in p.read_text().splitlines() if x.strip()]


def kp_triplets(rng, files=None, negatives=ALL_NEG):
    """`files`: the key-point files to read (default every eval/keypoints writer); `negatives`:
    the sentence labels drawn as hard negatives."""
    out = []
    for p in files if files is not None else sorted((EVAL / "keypoints").glob("kp_*.jsonl")):
        for r in jl(p):
            anchors = [r["key_point"], *r["phrasings"]]
            pos = [s["text"] for s in r["sentences"] if s["label"] == "makes"]
            neg = [s["text"] for s in r["sentences"] if s["label"] in negatives]
            for a in anchors:
                for s in pos:
                    for n in rng.sample(neg, min(2, len(neg))):
                        out.append((a, s, n))
    return out


def stance_triplets(rng):
    groups = defaultdict(dict)
    for p in sorted((EVAL / "stance").glob("*.jsonl")):
        for r in jl(p):
            if r.get("group"):
                groups[(r["writer"], r["group"])][r["label"]] = r["text"]
    out = []
    for g in groups.values():
        if "action" not in g:
            continue
        for lab in ("negated", "retracted", "hypothetical"):
            if lab in g:
                out.append((g["action"], g["action"], g[lab]))
    return out


def corpus_triplets(rng, exclude):
    by_q = defaultdict(lambda: defaultdict(list))
    for p in sorted((EVAL / "corpus").glob("*.jsonl")):
        for r in jl(p):
            if r["question"] not in exclude:
                by_q[r["question"]][r["band"]].append(r["answer"])
    other = {"strong_hire": ["no_hire", "lean_hire"], "no_hire": ["strong_hire", "lean_hire"],
             "lean_hire": ["strong_hire", "no_hire"]}
    out = []
    for bands in by_q.values():
        for b, answers in bands.items():
            for i, a in enumerate(answers):
                mates = [x for j, x in enumerate(answers) if j != i]
                for ob in other[b]:
                    if mates and bands.get(ob):
                        out.append((a, rng.choice(mates), rng.choice(bands[ob])))
    return out


def main():
    from sentence_transformers import InputExample, SentenceTransformer
    from sentence_transformers.datasets import NoDuplicatesDataLoader
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    out_dir = sys.argv[1]
    opt = dict(zip(sys.argv[2::2], sys.argv[3::2]))
    data = opt.get("--data", "kp,stance").split(",")
    exclude = set(filter(None, opt.get("--exclude", "").split(",")))
    if "--fold" in opt:
        from folds import FOLDS
        exclude |= set(FOLDS[int(opt["--fold"])])
    rng = random.Random(0)
    trip = []
    if "kp" in data:
        trip += kp_triplets(rng)
    if "stance" in data:
        trip += stance_triplets(rng)
    if "corpus" in data:
        trip += corpus_triplets(rng, exclude)
    rng.shuffle(trip)
    print(f"{len(trip)} triplets from {data}, excluding {len(exclude)} questions", flush=True)
    import torch

    torch.manual_seed(0)
    model = SentenceTransformer(opt.get("--base") or bundled_model_path(), device="cpu")
    keep = model.max_seq_length
    model.max_seq_length = 128  # training only
    loader = NoDuplicatesDataLoader([InputExample(texts=list(t)) for t in trip], batch_size=32)
    loss = MultipleNegativesRankingLoss(model)
    t0 = time.time()
    model.old_fit(train_objectives=[(loader, loss)], epochs=1,
                  warmup_steps=max(1, len(loader) // 10), optimizer_params={"lr": 2e-5},
                  show_progress_bar=False)
    print(f"fine-tuned in {time.time() - t0:.0f} s ({len(loader)} steps)", flush=True)
    model.max_seq_length = keep  # encode as the bundled model does
    model.save(out_dir)


if __name__ == "__main__":
    main()

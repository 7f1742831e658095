"""Which question does an answer answer? Among every built-in question's graded answers (the
whole bank's memory, ~2,040), the share of the k nearest that belong to the question asked,
and the margin of the best same-question similarity over the best other-question one. Is it
a wrong-question signal that spares strong answers? (Own text and own writer never count.)

    .venv/bin/python eval/research/bankwide.py"""
import collections
import json

import numpy as np
import paths  # noqa: F401
from emb import DiskEmb
from paths import EVAL, ROOT


def jl(p):
    return [json.loads(x) for x in p.read_text().splitlines() if x.strip()]


def main():
    emb = DiskEmb()
    memory = [r for p in sorted((ROOT / "graded").rglob("*.jsonl")) for r in jl(p)]
    M = emb.encode([r["answer"] for r in memory])
    mq = np.array([r["question"] for r in memory])
    mw = np.array([r["writer"] for r in memory])
    mt = np.array([r["answer"] for r in memory])
    sets = {"heldout": sorted((EVAL / "heldout").glob("*.jsonl")),
            "hard": sorted((EVAL / "heldout_hard").glob("*.jsonl")), "w14": sorted((EVAL / "heldout_w14").glob("*.jsonl")),
            "corpus": sorted((ROOT / "graded" / "corpus").glob("*.jsonl")), "voices": sorted((ROOT / "graded" / "voices").glob("*.jsonl"))}
    for name, files in sets.items():
        rows = [r for p in files for r in jl(p)]
        A = emb.encode([r["answer"] for r in rows])
        stats = collections.defaultdict(list)
        for r, a in zip(rows, A):
            ok = (mt != r["answer"]) & (mw != r.get("writer", "?"))
            s = M @ a
            s = np.where(ok, s, -9)
            order = np.argsort(-s)
            same = mq[order] == r["question"]
            k10 = same[:10].mean()
            margin = s[(mq == r["question"]) & ok].max() - s[(mq != r["question"]) & ok].max()
            kind = r.get("kind", "-")
            key = f"{kind}/{r['band'][:1]}"
            stats[key].append((k10, margin))
        print(name)
        for key, v in sorted(stats.items()):
            v = np.array(v)
            print(f"  {key:28s} n={len(v):4d}  share10 median {np.median(v[:,0]):.2f}  "
                  f"<0.5: {np.mean(v[:,0] < 0.5):.2f}   margin median {np.median(v[:,1]):+.3f}  <0: {np.mean(v[:,1] < 0):.2f}")
    emb.save()


if __name__ == "__main__":
    main()

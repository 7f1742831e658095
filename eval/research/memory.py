"""Graded answers as neighbours: does nearest-neighbour voting over a question's exemplars plus
its graded corpus and voices answers judge new writers' answers (eval/heldout, heldout_hard,
dev set) better than voting over the exemplars alone? The answer scored is never its own
neighbour; with --lowo, nor is any answer by its writer.

    .venv/bin/python eval/research/memory.py"""
import collections
import json

import numpy as np
import paths  # noqa: F401
from emb import DiskEmb
from paths import EVAL

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BANDS
from interview_coach.scoring.evaluate import metrics, nearest_neighbour_vote


def jl(p):
    return [json.loads(x) for x in p.read_text().splitlines() if x.strip()]


def main():
    cat = Catalog.load()
    emb = DiskEmb()
    memory = [r | {"writer": r.get("writer", "corpus")} for p in sorted((EVAL / "corpus").glob("*.jsonl")) for r in jl(p)]
    memory += [r | {"writer": p.stem} for p in sorted((EVAL / "voices").glob("*.jsonl")) for r in jl(p)]
    M = emb.encode([r["answer"] for r in memory])
    by_q = collections.defaultdict(list)
    for i, r in enumerate(memory):
        by_q[r["question"]].append(i)
    ex = {q: [(b, t) for b in BANDS for t in cat.rubrics[q].bands[b].exemplars] for q in cat.rubrics}
    X = {q: emb.encode([t for _, t in ex[q]]) for q in ex}
    sets = {"heldout": sorted((EVAL / "heldout").glob("*.jsonl")), "hard": sorted((EVAL / "heldout_hard").glob("*.jsonl")),
            "devset": [EVAL / "devset.jsonl"], "corpus(loo)": sorted((EVAL / "corpus").glob("*.jsonl"))}
    for name, files in sets.items():
        rows = [r for p in files for r in jl(p)]
        A = emb.encode([r["answer"] for r in rows])
        truth = [r["band"] for r in rows]
        preds = collections.defaultdict(list)
        for r, a in zip(rows, A):
            q = r["question"]
            exs = [(float(a @ v), b) for (b, _), v in zip(ex[q], X[q])]
            mem = [(float(a @ M[i]), memory[i]["band"]) for i in by_q[q]
                   if memory[i]["answer"] != r["answer"]]
            for k in (1, 3, 5, 9):
                preds[f"ex{k}"].append(nearest_neighbour_vote(exs, k))
                preds[f"mem{k}"].append(nearest_neighbour_vote(exs + mem, k))
        print(name, len(rows))
        for k, p in preds.items():
            m = metrics(truth, p)
            print(f"  {k:6s} acc {m.accuracy:.3f} F1 {m.macro_f1:.3f} swaps {m.strong_no_swaps}")
    emb.save()


if __name__ == "__main__":
    main()

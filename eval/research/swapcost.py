"""The band chosen from the probabilities at other swap costs (bandmodel.SWAP_COST), with
fitw's leave-one-writer-out protocol: does a higher cost buy fewer Strong<->No swaps on the
writers nothing was fitted on (eval/heldout, eval/heldout_hard), and at what price?

    .venv/bin/python eval/research/swapcost.py 1.5 2 2.5 3 4"""
import sys

import fitw

from interview_coach.scoring import bandmodel

fitw.LOWO = True
rows = sum((fitw.load(t) for t in ("cur", "new", "w7", "w8", "w9", "w10")), [])
train = {r["writer"] for r in rows if r["kind"] != "heldout"} - {"old"}
for cost in map(float, sys.argv[1:]):
    bandmodel.SWAP_COST = cost
    out, _ = fitw.run(rows, list(fitw.NAMES), train)
    keep = ("corpus", "short", "foreign", "devset", "ALLNEW", "att")
    held = {k: v for k, v in out.items() if k.startswith(("w9", "w10"))}
    print(cost, {k: out[k] for k in keep}, held, flush=True)

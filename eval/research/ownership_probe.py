"""Score the stance probes: base (sincere, negative-sounding verbs), retracted, others.
    .venv/bin/python eval/research/ownership_probe.py eval/ownership/answers.jsonl [STANCE_AGAINST] [OTHERS_TOLD] [-v]"""
import json, sys
from collections import Counter
import os
import paths  # noqa: F401  (puts the repository's src first on the path)
from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring import scorer as S
if len(sys.argv) > 2: S.STANCE_AGAINST = float(sys.argv[2])
if len(sys.argv) > 3: S.OTHERS_TOLD = float(sys.argv[3])
cat = Catalog.load()
sc = make_scorer(load_settings(None, False)); sc.load()
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
items = []
for r in rows:
    for k in ("base", "retracted", "others"):
        items.append((cat.find(r["qid"]), cat.rubrics[r["qid"]], r[k]))
res = sc.score_many(items)
R = {k: res[i::3] for i, k in enumerate(("base", "retracted", "others"))}
def tb(x): return any("takes it back" in s or "says you never" in s.lower() for s in x.reasons)
def told(x): return any(s.startswith("Most of the points you make are told") for s in x.reasons)
print("STANCE_AGAINST", S.STANCE_AGAINST, "OTHERS_TOLD", S.OTHERS_TOLD, "n", len(rows))
for k, xs in R.items():
    print(f"{k:9s} bands {dict(Counter(x.band for x in xs))} takeback-reason {sum(map(tb, xs))} told-note {sum(map(told, xs))} gate {dict(Counter(x.gate['code'] for x in xs if x.gate))} mean covered {sum(len(x.covered) for x in xs)/len(xs):.2f}")
fewer = sum(len(r.covered) < len(b.covered) or r.band == "no_hire" for r, b in zip(R["retracted"], R["base"]))
print("retracted: No Hire or fewer points than base", fewer, "/", len(rows))
by = Counter(); byn = Counter()
for row, r in zip(rows, R["retracted"]):
    by[row.get("how")] += 1; byn[row.get("how")] += r.band == "no_hire"
print("retracted No Hire by how", {k: f"{byn[k]}/{by[k]}" for k in by})
if "-v" in sys.argv:
    for row, b in zip(rows, R["base"]):
        if tb(b) or told(b): print("BASE FP", row["id"], [s for s in b.reasons if "back" in s or "told" in s][:2])

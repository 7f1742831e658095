"""Whole verdicts on eval/takeback_w17 (or the folder given): the bands each ending gets, and how
it moves the verdict the body gets alone (run from the repository root)."""
import json, glob, collections, sys
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.bank.catalog import Catalog
s = make_scorer(load_settings()); s.load(); cat = Catalog.load()
rows = [json.loads(l) for f in sorted(glob.glob((sys.argv[1] if len(sys.argv) > 1 else "eval/takeback_w17") + "/t*.jsonl")) for l in open(f)]
res = {}
for e in ("body", "takes_back", "candid", "plain"):
    items = [(cat.questions[r["topic"]], cat.rubrics[r["topic"]], r["body"] if e == "body" else r["body"] + " " + r[e]) for r in rows]
    res[e] = [x.band for x in s.score_many(items)]
    print(e, collections.Counter(res[e]))
bands = ("strong_hire", "lean_hire", "no_hire")
for e in ("candid", "plain", "takes_back"):
    c = collections.Counter(zip(res["body"], res[e]))
    print(e, "from Strong:", {b: c["strong_hire", b] for b in bands}, "from Lean:", {b: c["lean_hire", b] for b in bands})
for r, a, b in zip(rows, res["body"], res["candid"]):
    if a == "strong_hire" and b == "no_hire":
        print("-", r["topic"], "|", r["candid"])

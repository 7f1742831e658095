import json, glob, collections
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.bank.catalog import Catalog
s = make_scorer(load_settings()); s.load(); cat = Catalog.load()
rows = [json.loads(l) for f in sorted(glob.glob("eval/takeback_w17/t*.jsonl")) for l in open(f)]
for e in ("body", "takes_back", "candid", "plain"):
    items = [(cat.questions[r["topic"]], cat.rubrics[r["topic"]], r["body"] if e == "body" else r["body"] + " " + r[e]) for r in rows]
    res = s.score_many(items)
    print(e, collections.Counter(x.band for x in res))

"""Points made per band on the corpus under variants of the one-point-per-sentence rule.

    .venv/bin/python eval/research/topk.py 2.0 0.8 0.6"""
import json
import sys

import numpy as np
import paths  # noqa: F401
from paths import EVAL
from sklearn.metrics import roc_auc_score

from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring import scorer as sm
from interview_coach.scoring.engine import make_scorer

cat = Catalog.load()
rows = [json.loads(x) for f in sorted((EVAL / "corpus").glob("*.jsonl"))
        for x in f.read_text().splitlines() if x.strip()]
items = [(cat.find(r["question"]), cat.rubrics[cat.find(r["question"]).id], r["answer"]) for r in rows]
y = np.array([r["band"] for r in rows])
scorer = make_scorer(load_settings(None, False)); scorer.load()
for close in map(float, sys.argv[1:]):
    sm.HEAD_CLOSE = close
    res = scorer.score_many(items)
    frac = np.array([len(x.covered) / max(1, len(x.covered) + len(x.missing)) for x in res])
    made = np.array([len(x.covered) for x in res])
    ev = [[h.evidence for h in x.covered] for x in res]
    multi = sum(max([e.count(s) for s in set(e)] or [0]) >= 3 for e in ev)
    s, n = y == "strong_hire", y == "no_hire"
    print(close, "share S/L/N", [round(frac[y == b].mean(), 3) for b in ("strong_hire", "lean_hire", "no_hire")],
          "AUC S-N", round(roc_auc_score(np.r_[np.ones(s.sum()), np.zeros(n.sum())], np.r_[frac[s], frac[n]]), 3),
          "AUC S-rest", round(roc_auc_score(s, frac), 3), "S with 0", int((made[s] == 0).sum()),
          "N with >=half", int((frac[n] >= 0.5).sum()), "1 sentence >=3", multi, flush=True)

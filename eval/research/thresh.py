"""Points made per band under other point-head thresholds, on the corpus and eval/heldout.

    .venv/bin/python eval/research/thresh.py 0.22 0.3 0.4"""
import json
import sys

import numpy as np
import paths  # noqa: F401
from paths import EVAL
from sklearn.metrics import roc_auc_score

from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring.pointhead import head_for as point_head_for

cat = Catalog.load()
sets = {
    "corpus": [json.loads(x) for f in sorted((EVAL / "corpus").glob("*.jsonl"))
               for x in f.read_text().splitlines() if x.strip()],
    "heldout": [json.loads(x) for f in sorted((EVAL / "heldout").glob("*.jsonl"))
                for x in f.read_text().splitlines() if x.strip()],
}
scorer = make_scorer(load_settings(None, False)); scorer.load()
head = point_head_for(scorer.embedder.name)
for t in map(float, sys.argv[1:]):
    head.threshold = t
    for name, rows in sets.items():
        res = scorer.score_many([(cat.find(r["question"]), cat.rubrics[r["question"]], r["answer"]) for r in rows])
        y = np.array([r["band"] for r in rows])
        frac = np.array([len(x.covered) / max(1, len(x.covered) + len(x.missing)) for x in res])
        s, n = y == "strong_hire", y == "no_hire"
        auc = roc_auc_score(np.r_[np.ones(s.sum()), np.zeros(n.sum())], np.r_[frac[s], frac[n]])
        print(t, name, "share S/L/N", [round(float(frac[y == b].mean()), 3) for b in ("strong_hire", "lean_hire", "no_hire")],
              "AUC S-N", round(auc, 3), "S with 0", int((frac[s] == 0).sum()), "of", int(s.sum()), flush=True)

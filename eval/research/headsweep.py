"""Points made (display) per band under point-head thresholds and floors, on the corpus.
    .venv/bin/python eval/research/headsweep.py graded/corpus 0.35:0.3 0.1:0.3   (threshold:floor)"""
import json, sys, os
import paths  # noqa: F401  (puts the repository's src first on the path)
import numpy as np
from pathlib import Path
from sklearn.metrics import roc_auc_score
from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring import scorer as S
from interview_coach.scoring.pointhead import head_for as point_head_for
cat = Catalog.load()
sc = make_scorer(load_settings(None, False)); sc.load()
head = point_head_for(sc.embedder.name)
print("shipped threshold", head.threshold, "floor", S.HEAD_FLOOR)
src = sys.argv[1]
rows = [json.loads(x) for f in sorted(Path(src).glob("*.jsonl")) for x in f.read_text().splitlines() if x.strip()]
y = np.array([r["band"] for r in rows])
for spec in sys.argv[2:]:
    t, fl = map(float, spec.split(":"))
    head.threshold = t; S.HEAD_FLOOR = fl
    res = sc.score_many([(cat.find(r["question"]), cat.rubrics[r["question"]], r["answer"]) for r in rows])
    frac = np.array([len(x.covered) / max(1, len(x.covered) + len(x.missing)) for x in res])
    s, n = y == "strong_hire", y == "no_hire"
    auc = roc_auc_score(np.r_[np.ones(s.sum()), np.zeros(n.sum())], np.r_[frac[s], frac[n]])
    sl = y == "lean_hire"
    auc2 = roc_auc_score(np.r_[np.ones(s.sum()), np.zeros(sl.sum())], np.r_[frac[s], frac[sl]])
    print(src.split("/")[-1], t, fl, "share S/L/N", [round(float(frac[y == b].mean()), 3) for b in ("strong_hire", "lean_hire", "no_hire")], "AUC S-N", round(auc, 3), "S-L", round(auc2, 3), flush=True)

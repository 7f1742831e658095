"""Does a wrong-question story make another built-in question's key points more than its own?

    .venv/bin/python eval/research/wrongq_points.py /tmp/wq.pkl graded/corpus graded/voices \
        eval/heldout eval/heldout_hard eval/heldout_w14 eval/heldout_w16 eval/attacks_heldout
    .venv/bin/python eval/research/wrongq_points_read.py /tmp/wq.pkl
"""
import sys, pickle
from pathlib import Path
import numpy as np
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring import evaluate
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.bank.catalog import Catalog

s = make_scorer(load_settings()); s.load(); cat = Catalog.load()
prs = {qid: s.prepare(q, cat.rubrics[qid]) for qid, q in cat.questions.items() if qid in cat.rubrics}
out = []
for name in sys.argv[2:]:
    p = Path(name)
    files = sorted(p.glob('*.jsonl')) if p.is_dir() else [p]
    rows = [r for f in files for r in evaluate.read_labelled(f)]
    items = [(cat.find(str(r['question'])), r) for r in rows]
    items = [(q, r) for q, r in items if q.id in prs]
    res = s.score_many([(q, cat.rubrics[q.id], r['answer']) for q, r in items], [r.get('writer') for _, r in items])
    emb = embed_many([prepare_text(r['answer']) for _, r in items], s.embedder, tokens=False)
    for (q, r), e, rr in zip(items, emb, res):
        per = {}
        for qid, pr in prs.items():
            f = s._composite(pr, e)[1]
            per[qid] = (float(np.mean([f.made(k) for k in range(len(f.kp_sims))])) if f.kp_sims else 0.0, float(f.coverage))
        out.append(dict(set=name, q=q.id, kind=r.get('kind') or r.get('attack'), band=r.get('band') or r.get('max_band'), pred=rr.band, per=per))
    print(name, len(items), flush=True)
pickle.dump(out, open(sys.argv[1], 'wb'))

"""The scorer's covered list and near-miss advice against an interviewer's judgement
(eval/pointlabels: yes / partial / no per answer and key point). Prints what the shipped
scorer lists for each label, how well the point head's probability ranks the labels, and the
near-miss advice's precision at other cuts.

    .venv/bin/python eval/research/pointlabels.py
"""

import collections
import json

import numpy as np
from paths import EVAL

from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring import scorer as S
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring.pointhead import head_for, pair_features
from interview_coach.scoring.text import words

cat = Catalog.load()
sc = make_scorer(load_settings(None, False))
sc.load()
with open(EVAL / "pointlabels" / "labels.jsonl") as fh:
    labels = [json.loads(line) for line in fh if line.strip()]
answers = {}
for r in labels:
    if r["id"] not in answers:
        path, line = r["id"].split("#")
        lines = (EVAL / f"{path}.jsonl").read_text().splitlines()
        answers[r["id"]] = json.loads(lines[int(line)])
ids = sorted(answers)
es = embed_many([prepare_text(answers[i]["answer"]) for i in ids], sc.embedder, tokens=False)
head = head_for(sc.embedder.name)
rows = []
by_pair = {(r["id"], r["point"]): r["label"] for r in labels}
for aid, e in zip(ids, es, strict=True):
    q = cat.find(answers[aid]["question"])
    rubric = cat.rubrics[q.id]
    pr = sc.prepare(q, rubric)
    f = sc._features(pr, e)
    stance = S.stance_of(e, sc.embedder.name)
    st = np.stack([stance[lab] for lab in S.STANCE_LABELS], axis=1)
    n_words = [len(words(u)) for u in e.prepared.units]
    unit_p = np.stack(
        [
            head.probability(pair_features(e.unit_vecs, n_words, st, v, pr.q_vecs[0]))
            for v in pr.kp_vecs
        ],
        axis=1,
    )
    usable = S.stance_against(e, sc.embedder.name) < S.STANCE_AGAINST
    eligible = usable[:, None] & (f.kp_unit_sims >= S.HEAD_FLOOR)
    reach = np.where(eligible, unit_p, 0.0).max(axis=0)
    for k, kp in enumerate(rubric.key_points):
        label = by_pair.get((aid, kp.id))
        if label is not None:
            near = bool(f.kp_near and f.kp_near[k] >= 0)
            best_cos = float(f.kp_unit_sims[:, k].max())
            rows.append((label, f.made(k), near, float(reach[k]), best_cos))

print(f"{len(rows)} pairs; the shipped scorer lists each label as")
count = collections.Counter(
    (lab, "covered" if m else "near miss" if n else "missing") for lab, m, n, *_ in rows
)
for lab in ("yes", "partial", "no"):
    print(f"  {lab:8s}", {s: count[(lab, s)] for s in ("covered", "near miss", "missing")})


def auc(pos, neg):
    pos, neg = np.array(pos)[:, None], np.array(neg)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


for name, col in (("point head, best eligible sentence", 3), ("cosine, best sentence", 4)):
    y = [r[col] for r in rows if r[0] == "yes"]
    p = [r[col] for r in rows if r[0] == "partial"]
    n = [r[col] for r in rows if r[0] == "no"]
    print(f"AUC {name}: yes vs no {auc(y, n):.3f}, yes vs partial+no {auc(y, p + n):.3f}")

print("near-miss advice (of points not covered): precision = yes or partial among near misses")
missed = [r for r in rows if not r[1]]
for cut in (0.1, 0.15, 0.2, 0.3):
    near = collections.Counter(r[0] for r in missed if r[3] >= cut)
    told_to_add = sum(1 for r in missed if r[3] < cut and r[0] == "yes")
    total = sum(near.values()) or 1
    print(
        f"  at {cut}: {dict(near)} precision {(near['yes'] + near['partial']) / total:.2f};"
        f" 'yes' points left to the add advice {told_to_add}"
    )

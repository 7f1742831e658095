"""Answer-level ending classifier: sincere, retracted or undercut, from the last sentences'
stance and vectors. Trained on eval/undercut (invented questions, no rubric), tested on the
corpus's retracted answers and the attack suite."""
from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, sys, numpy as np, collections
from emb import DiskEmb
from feat import set_stance, stance_probs, LABS, rows, R
import stance_model
from interview_coach.scoring.analysis import prepare_text
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict, GroupKFold
emb = DiskEmb(); set_stance(*stance_model.train(emb))
items = rows(EVAL / 'undercut' / 'undercut.jsonl')
def vec(text):
    p = prepare_text(text); V = emb.encode(p.units); sp = stance_probs(p.units, V)
    n = len(p.units)
    S = np.stack([sp[l] for l in LABS], 1)  # units x 9
    last = S[-1]; last2 = S[-2:].max(0); body = S[:-2].mean(0) if n > 2 else np.zeros(9)
    lv = V[-1]; l2 = V[-2:].mean(0); bv = V[:-2].mean(0) if n > 2 else V.mean(0)
    return np.concatenate([last, last2, body, lv, l2 - bv, [float(n)]])
X, y, g = [], [], []
for i, it in enumerate(items):
    for lab in ('sincere', 'retracted', 'undercut'):
        X.append(vec(it[lab])); y.append(lab); g.append(i)
X, y = np.array(X), np.array(y)
emb.save()
for C in [0.1, 0.3, 1]:
    m = LogisticRegression(C=C, max_iter=4000)
    p = cross_val_predict(m, X, y, groups=g, cv=GroupKFold(5))
    print(C, 'cv acc', np.mean(p == y).round(3), collections.Counter(zip(y, p)))
m = LogisticRegression(C=0.3, max_iter=4000).fit(X, y); cls = list(m.classes_)
corpus = [r for p in sorted((R/'corpus').glob('*.jsonl')) for r in rows(p)]
att = rows(R/'attacks/attacks.jsonl')
def pr(t): return m.predict_proba(vec(t)[None])[0][cls.index('retracted')]
s = np.array([pr(r['answer']) for r in corpus if r['band'] == 'strong_hire'])
rc = np.array([pr(r['answer']) for r in corpus if r['kind'] == 'retracted'])
ra = np.array([pr(r['answer']) for r in att if r['attack'] == 'retracted'])
for t in [0.3, 0.5, 0.7]:
    print(t, 'FP strong', np.mean(s >= t).round(3), 'recall corpus', np.mean(rc >= t).round(2), 'att', np.mean(ra >= t).round(2))

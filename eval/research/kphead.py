"""Does this sentence make this key point? A pair head on frozen MiniLM vectors, trained across
invented key points (eval/keypoints), tested across writers (k1 -> k2 and k2 -> k1), against
the plain cosine the scorer uses today."""
from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, numpy as np
from emb import DiskEmb
from feat import set_stance, stance_probs, LABS
import stance_model
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
emb = DiskEmb(); set_stance(*stance_model.train(emb))
data = {w: [json.loads(l) for l in open(EVAL / 'keypoints' / f'kp_{w}.jsonl')] for w in ('k1', 'k2')}
def rows_for(items):
    X, y, cosx, lab = [], [], [], []
    for it in items:
        P = emb.encode(it['phrasings']); c = P.mean(0); c /= np.linalg.norm(c)
        texts = [s['text'] for s in it['sentences']]
        S = emb.encode(texts); sp = stance_probs(texts, S)
        for i, s in enumerate(it['sentences']):
            v = S[i]; cs = P @ v
            st = np.array([sp[l][i] for l in LABS])
            X.append(np.concatenate([[cs.max(), cs.mean(), float(c @ v)], v * c, np.abs(v - c), st, st * cs.max()]))
            y.append(s['label'] == 'makes'); cosx.append(cs.max()); lab.append(s['label'])
    return np.array(X), np.array(y), np.array(cosx), np.array(lab)
R_ = {w: rows_for(items) for w, items in data.items()}
emb.save()
for tr, te in (('k1', 'k2'), ('k2', 'k1')):
    X, y, _, _ = R_[tr]; Xt, yt, ct, lt = R_[te]
    for C in (0.1, 1.0):
        m = LogisticRegression(C=C, max_iter=5000).fit(X, y)
        p = m.predict_proba(Xt)[:, 1]
        print(f"{tr}->{te} C={C}: head AUC {roc_auc_score(yt, p):.3f}  cosine AUC {roc_auc_score(yt, ct):.3f}")
    for lab in ('topic_only', 'negated', 'hypothetical', 'someone_else', 'opposite'):
        mk = (lt == 'makes') | (lt == lab)
        print(f"   makes vs {lab:12}: head {roc_auc_score(yt[mk], p[mk]):.3f}  cosine {roc_auc_score(yt[mk], ct[mk]):.3f}")

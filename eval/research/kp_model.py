"""The key-point pair head, trained on all of eval/keypoints, as feat.py uses it."""
import json, numpy as np
from paths import EVAL
from sklearn.linear_model import LogisticRegression
LABS = ['action','blaming','claim','hypothetical','negated','other','plan','retracted','team']
def pair_features(P, V, sp):
    """P: phrasing vectors (k x d); V: sentence vectors (n x d); sp: stance probs per sentence."""
    c = P.mean(0); c /= np.linalg.norm(c)
    cs = V @ P.T
    st = np.stack([sp[l] for l in LABS], 1)
    mx = cs.max(1, keepdims=True)
    return np.hstack([mx, cs.mean(1, keepdims=True), (V @ c)[:, None], V * c, np.abs(V - c), st, st * mx])
def train(emb, stance_probs):
    X, y = [], []
    for w in ('k1', 'k2'):
        for l in open(EVAL / 'keypoints' / f'kp_{w}.jsonl'):
            it = json.loads(l)
            P = emb.encode(it['phrasings']); texts = [s['text'] for s in it['sentences']]
            V = emb.encode(texts); sp = stance_probs(texts, V)
            X.append(pair_features(P, V, sp)); y += [s['label'] == 'makes' for s in it['sentences']]
    return LogisticRegression(C=1.0, max_iter=5000).fit(np.vstack(X), y)

"""Point head variants: does this sentence make this key point? Trained on one writer's invented
key points (eval/keypoints), tested on the other's; negatives include same-topic sentences
(topic_only, negated, someone_else, opposite) and other key points' sentences of the same
question and of other questions. Hypothetical sentences are left out (for a "how would you"
question a plan makes the point)."""
from paths import CACHE, EVAL, ROOT  # noqa: F401
import json, sys, numpy as np
from emb import DiskEmb
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score
from interview_coach.scoring.stance import default_head, LABELS

emb = DiskEmb(); head = default_head()
data = {w: [json.loads(l) for l in open(EVAL / 'keypoints' / f'kp_{w}.jsonl')] for w in ('k1', 'k2')}

def pair_feats(v, P, st, variant):
    c = P.mean(0); c = c / np.linalg.norm(c)
    cs = P @ v
    base = [cs.max(), cs.mean(), float(c @ v)]
    parts = [np.array(base), st, st * cs.max()]
    if variant in ('full',):
        parts += [v * c, np.abs(v - c)]
    if variant == 'prod':
        parts += [v * c]
    if variant in ('q', 'qgb'):
        qs = float(QV @ v)
        parts += [np.array([qs, cs.max() - qs, LW])]
    return np.concatenate(parts)

def rows_for(items, variant):
    X, y, cosx, lab = [], [], [], []
    enc = {}
    for it in items:
        P = emb.encode(it['phrasings'] + [it['key_point']])
        texts = [s['text'] for s in it['sentences']]
        S = emb.encode(texts); sp = head.probabilities(texts, S)
        st = np.stack([sp[l] for l in LABELS], 1)
        enc[id(it)] = (P, texts, S, st)
    for it in items:
        P = enc[id(it)][0]
        for jt in items:
            _, texts, S, st = enc[id(jt)]
            same = jt is it
            global QV, LW
            QV = emb.encode([it['question']])[0]
            for i, s in enumerate(jt['sentences']):
                LW = np.log1p(len(s['text'].split()))
                if s['label'] == 'hypothetical':
                    continue
                if not same and s['label'] != 'makes':
                    continue
                if not same and jt['question'] != it['question'] and (hash((it['key_point'], s['text'])) % 4):
                    continue  # a sample of other questions' sentences
                X.append(pair_feats(S[i], P, st[i], variant))
                y.append(same and s['label'] == 'makes')
                cosx.append((P @ S[i]).max())
                lab.append(s['label'] if same else ('sameq' if jt['question'] == it['question'] else 'otherq'))
    return np.array(X), np.array(y), np.array(cosx), np.array(lab)

for variant in sys.argv[1:] or ['compact', 'prod', 'full']:
    R = {w: rows_for(items, variant) for w, items in data.items()}
    emb.save()
    for tr, te in (('k1', 'k2'), ('k2', 'k1')):
        X, y, _, _ = R[tr]; Xt, yt, ct, lt = R[te]
        for C in (0.003, 0.03, 0.3):
            if variant == 'qgb':
                from sklearn.ensemble import HistGradientBoostingClassifier as H
                m = H(max_depth=3, learning_rate=0.05, max_iter=int(C*1000) or 30).fit(X, y)
            else:
                m = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000)).fit(X, y)
            p = m.predict_proba(Xt)[:, 1]
            line = f"{variant:8} {tr}->{te} C={C}: AUC head {roc_auc_score(yt, p):.3f} cos {roc_auc_score(yt, ct):.3f} |"
            for lab in ('topic_only', 'negated', 'someone_else', 'opposite', 'sameq', 'otherq'):
                mk = (lt == 'makes') | (lt == lab)
                line += f" {lab[:6]} {roc_auc_score(yt[mk], p[mk]):.2f}/{roc_auc_score(yt[mk], ct[mk]):.2f}"
            print(line, flush=True)

"""A linear adapter on frozen MiniLM vectors, trained so that answers to the same question sit
near answers of the same band (supervised contrastive, within question), then used for
exemplar similarity. Evaluated leave-one-question-out: the adapter never sees the held-out
question."""
from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, pickle, sys, collections
import numpy as np, torch
from emb import DiskEmb
from interview_coach.bank.catalog import Catalog
from interview_coach.scoring.analysis import prepare_text, embed_many
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
torch.manual_seed(0); np.random.seed(0)
BANDS = ('strong_hire','lean_hire','no_hire'); ORD={'no_hire':0,'lean_hire':1,'strong_hire':2}
d = pickle.load(open(f'{CACHE}/feats.pkl','rb'))
emb = DiskEmb(); cat = Catalog.load()
def whole(texts): return np.stack([e.whole for e in embed_many([prepare_text(t) for t in texts], emb)])
corpus, att = d['corpus'], d['att']
Wc = whole([r['answer'] for r in corpus]); Wa = whole([r['answer'] for r in att])
ex = {q: {b: whole(list(cat.rubrics[q].bands[b].exemplars)) for b in BANDS} for q in cat.questions}
emb.save()
yc = np.array([r['band'] for r in corpus]); qc = np.array([r['question'] for r in corpus])
ya = np.array([r['max_band'] for r in att]); qa = np.array([r['question'] for r in att])
DIM = int(sys.argv[1]) if len(sys.argv) > 1 else 128
EPOCHS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
TAU = 0.1
def train_adapter(qs):
    W = torch.nn.Linear(384, DIM, bias=False)
    torch.nn.init.orthogonal_(W.weight)
    opt = torch.optim.Adam(W.parameters(), lr=1e-3, weight_decay=1e-4)
    data = []
    for q in qs:
        X = [Wc[qc == q]] + [ex[q][b] for b in BANDS]
        y = list(yc[qc == q]) + [b for b in BANDS for _ in range(len(ex[q][b]))]
        m = qa == q
        X.append(Wa[m]); y += list(ya[m])
        data.append((torch.tensor(np.vstack(X)), torch.tensor([ORD[b] for b in y])))
    for ep in range(EPOCHS):
        opt.zero_grad(); loss = 0
        for X, y in data:
            Z = torch.nn.functional.normalize(W(X), dim=1)
            S = Z @ Z.T / TAU
            n = len(y); eye = torch.eye(n, dtype=torch.bool)
            S = S.masked_fill(eye, -1e9)
            pos = (y[:, None] == y[None, :]) & ~eye
            logp = S - torch.logsumexp(S, dim=1, keepdim=True)
            loss = loss - (logp * pos).sum(1).div(pos.sum(1).clamp(min=1)).mean()
        loss.backward(); opt.step()
    return W.weight.detach().numpy()
def adapted_feats(W, q, v, exclude_idx=None):
    z = W @ v; z /= np.linalg.norm(z)
    f = {}
    allv = []
    for b in BANDS:
        E = ex[q][b] @ W.T; E /= np.linalg.norm(E, axis=1, keepdims=True)
        s = np.sort(E @ z)[::-1]
        f[f'a_sim_{b}'] = float(s[:2].mean()); allv += [(x, b) for x in s]
    allv.sort(reverse=True)
    for b in BANDS: f[f'a_knn_{b}'] = sum(bb == b for _, bb in allv[:5]) / 5
    f['a_s_minus_n'] = f['a_sim_strong_hire'] - f['a_sim_no_hire']
    return f
drop = {'log_words', 'numbers'}
keys = [k for k in sorted(d['Xc'][0]) if k not in drop]
base = lambda X: np.array([[x[k] for k in keys] for x in X])
Bc, Ba = base(d['Xc']), base(d['Xa'])
MODE = sys.argv[3] if len(sys.argv) > 3 else 'both'
qs_all = sorted(set(qc)); folds = [qs_all[i::6] for i in range(6)]
pred = np.empty(len(yc), dtype=object); apred = np.empty(len(ya), dtype=object)
for fold in folds:
    tr_q = [q for q in qs_all if q not in fold]
    W = train_adapter(tr_q)
    A = lambda W_, M, Q: np.array([list(adapted_feats(W_, q, v).values()) for v, q in zip(M, Q)])
    Ac, Aa = A(W, Wc, qc), A(W, Wa, qa)
    # cross-fitted: a training row's adapted features come from an adapter not trained on its question
    inner = [tr_q[i::5] for i in range(5)]
    for part in inner:
        Wi = train_adapter([q for q in tr_q if q not in part])
        mc = np.isin(qc, part); ma = np.isin(qa, part)
        Ac[mc] = A(Wi, Wc[mc], qc[mc]); Aa[ma] = A(Wi, Wa[ma], qa[ma])
    tr = ~np.isin(qc, fold); tra = ~np.isin(qa, fold)
    F = (lambda B, A_: np.hstack([B, A_])) if MODE == 'both' else (lambda B, A_: A_)
    Xtr = np.vstack([F(Bc[tr], Ac[tr]), F(Ba[tra], Aa[tra])]); ytr = np.concatenate([yc[tr], ya[tra]])
    sc = StandardScaler().fit(Xtr); m = LogisticRegression(C=0.3, max_iter=4000).fit(sc.transform(Xtr), ytr)
    pred[~tr] = m.predict(sc.transform(F(Bc[~tr], Ac[~tr]))); apred[~tra] = m.predict(sc.transform(F(Ba[~tra], Aa[~tra])))
    print('fold done', fold[:2], flush=True)
acc = np.mean(pred == yc); sw = np.sum((yc=='strong_hire')&(pred=='no_hire'))+np.sum((yc=='no_hire')&(pred=='strong_hire'))
ok = [ORD[p] <= ORD[b] for p, b in zip(apred, ya)]
print(f"DIM={DIM} EPOCHS={EPOCHS} {MODE}: 6-fold-by-question acc={acc:.3f} swaps={sw} attacks={sum(ok)}/{len(ok)} strong={sum(apred=='strong_hire')}")

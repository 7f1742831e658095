from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import pickle, sys, collections, numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
d = pickle.load(open(str(CACHE) + '/feats.pkl','rb'))
BANDS = ('strong_hire','lean_hire','no_hire'); ORD={'no_hire':0,'lean_hire':1,'strong_hire':2}
keys = sorted(d['Xc'][0])
drop = set(sys.argv[1].split(',')) if len(sys.argv)>1 and sys.argv[1] else set()
keys = [k for k in keys if k not in drop]
def M(X): return np.array([[x[k] for k in keys] for x in X])
Xc, Xa, Xf, Xe = M(d['Xc']), M(d['Xa']), M(d['Xf']), M(d['Xe'])
ya = np.array([r['max_band'] for r in d['att']]); qa = np.array([r['question'] for r in d['att']])
USE_ATT = '--att' in sys.argv
yc = np.array([r['band'] for r in d['corpus']]); qc = np.array([r['question'] for r in d['corpus']])
ye = np.array(d['ye']); qe = np.array(d['qe'])
C = float(sys.argv[2]) if len(sys.argv)>2 else 1.0
import os
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.neural_network import MLPClassifier
KIND=os.environ.get('MODEL','lr')
def model():
    if KIND=='gb': return HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=300, l2_regularization=1.0)
    if KIND=='mlp': return MLPClassifier(hidden_layer_sizes=(32,), alpha=1.0, max_iter=3000, random_state=0)
    return LogisticRegression(C=C, max_iter=2000)
def metr(y, p, P=None):
    acc = np.mean(y==p)
    f1s=[]
    for b in BANDS:
        tp=np.sum((y==b)&(p==b)); fp=np.sum((y!=b)&(p==b)); fn=np.sum((y==b)&(p!=b))
        f1s.append(2*tp/(2*tp+fp+fn) if tp else 0)
    swaps = np.sum((y=='strong_hire')&(p=='no_hire'))+np.sum((y=='no_hire')&(p=='strong_hire'))
    ece=None
    if P is not None:
        conf=P.max(1); corr=(y==p); bins=np.linspace(0,1,11); ece=0
        for a,b in zip(bins[:-1],bins[1:]):
            m=(conf>a)&(conf<=b)
            if m.any(): ece+=m.mean()*abs(conf[m].mean()-corr[m].mean())
    return acc, np.mean(f1s), swaps, ece
# LOQO
pred = np.empty(len(yc), dtype=object); P = np.zeros((len(yc),3)); ATT_PRED = np.empty(len(ya), dtype=object)
for q in sorted(set(qc)):
    tr = qc!=q; tre = qe!=q
    tra = qa!=q
    X = np.vstack([Xc[tr], Xe[tre]] + ([Xa[tra]] if USE_ATT else [])); y = np.concatenate([yc[tr], ye[tre]] + ([ya[tra]] if USE_ATT else []))
    sc = StandardScaler().fit(X); m = model().fit(sc.transform(X), y)
    if USE_ATT:
        pa_q = np.array(m.classes_)[m.predict_proba(sc.transform(Xa[~tra])).argmax(1)]
        ATT_PRED[~tra] = pa_q
    Pq = m.predict_proba(sc.transform(Xc[~tr])); cls = list(m.classes_)
    P[~tr] = Pq[:, [cls.index(b) for b in BANDS]]
    pred[~tr] = np.array(BANDS)[P[~tr].argmax(1)]
acc,f1,sw,ece = metr(yc, pred, P)
print(f"LOQO corpus: acc={acc:.3f} F1={f1:.3f} swaps={sw} ECE={ece:.3f}")
cm = collections.Counter(zip(yc, pred)); print('  ', {b:[cm[(b,c)] for c in BANDS] for b in BANDS})
# full model
X = np.vstack([Xc, Xe] + ([Xa] if USE_ATT else [])); y = np.concatenate([yc, ye] + ([ya] if USE_ATT else []))
if '--st' in sys.argv:
    Xs_, Xse_ = M(d['Xs']), M(d['Xse'])
    X = np.vstack([X, Xs_, Xse_]); y = np.concatenate([y, [r['band'] for r in d['sdata']], d['yse']])
sc = StandardScaler().fit(X); m = model().fit(sc.transform(X), y); cls=list(m.classes_)
pa = ATT_PRED if USE_ATT else np.array(cls)[m.predict_proba(sc.transform(Xa)).argmax(1)]
ok = [ORD[p] <= ORD[r['max_band']] for p, r in zip(pa, d['att'])]
print(f"attacks: {sum(ok)}/{len(ok)} strong={sum(pa=='strong_hire')}")
byk=collections.defaultdict(lambda:[0,0])
for o,r in zip(ok,d['att']): byk[r['attack']][0]+=o; byk[r['attack']][1]+=1
print('  ', {k:f"{a}/{b}" for k,(a,b) in byk.items()})
yf = np.array([r['band'] for r in d['fdata']])
pf = np.array(cls)[m.predict_proba(sc.transform(Xf)).argmax(1)]
acc,f1,sw,_ = metr(yf, pf); print(f"foreign: acc={acc:.3f} F1={f1:.3f} swaps={sw}")
if KIND=='lr':
  coef = dict(zip(keys, np.round(m.coef_[cls.index('strong_hire')] - m.coef_[cls.index('no_hire')],2)))
  print(sorted(coef.items(), key=lambda kv:-abs(kv[1]))[:40])
if '--show' in sys.argv:
    for i in np.where(((yc=='strong_hire')&(pred=='no_hire'))|((yc=='no_hire')&(pred=='strong_hire')))[0][:60]:
        r=d['corpus'][i]; x=d['Xc'][i]
        print(f"[{r['question']}] {r['band']}->{pred[i]} kind={r['kind']} style={r['style']} kp={x['kp_mean_rel']:.2f} omo={x['own_minus_other']:.2f} :: {r['answer'][:160]}")
if '--caps' in sys.argv:
    def caps(x):
        c = 2
        if x['st_ret_max'] >= float(os.environ.get('RET', 0.9)): c = min(c, 0)
        if x['sim_max_z'] < float(os.environ.get('WZ', -3.0)) and x['own_minus_other'] < float(os.environ.get('WO', -0.1)): c = min(c, 0)
        if x['scope_gap'] >= 1: c = min(c, 1)
        return c
    INV = {0:'no_hire',1:'lean_hire',2:'strong_hire'}
    def apply(preds, X):
        return np.array([INV[min(ORD[p], caps(x))] for p, x in zip(preds, X)])
    pc = apply(pred, d['Xc'])
    acc,f1,sw,_ = metr(yc, pc); print(f"CAPPED LOQO corpus: acc={acc:.3f} F1={f1:.3f} swaps={sw}")
    pac = apply(pa, d['Xa']); ok=[ORD[p]<=ORD[r['max_band']] for p,r in zip(pac,d['att'])]
    print(f"CAPPED attacks {sum(ok)}/{len(ok)} strong={sum(pac=='strong_hire')}")
    byk=collections.defaultdict(lambda:[0,0])
    for o,r in zip(ok,d['att']): byk[r['attack']][0]+=o; byk[r['attack']][1]+=1
    print('  ', {k:f"{a}/{b}" for k,(a,b) in byk.items()})
    pfc = apply(pf, d['Xf']); acc,f1,sw,_ = metr(yf, pfc); print(f"CAPPED foreign: acc={acc:.3f} F1={f1:.3f}")
    # how many true strong/lean capped
    capped = [(r['band'], caps(x)) for r,x in zip(d['corpus'], d['Xc']) if caps(x) < ORD[r['band']]]
    print('corpus rows capped below truth:', collections.Counter(capped))
if '--kinds' in sys.argv:
    byk = collections.defaultdict(lambda: [0, 0])
    for r, p_ in zip(d['corpus'], pred):
        byk[(r['kind'], r['band'])][0] += r['band'] == p_; byk[(r['kind'], r['band'])][1] += 1
    for k, (a, b) in sorted(byk.items(), key=lambda kv: kv[1][0]/kv[1][1]):
        print(f"  {k[0]:15} {k[1]:12} {a}/{b}")
    bys = collections.defaultdict(lambda: [0, 0])
    for r, p_ in zip(d['corpus'], pred):
        bys[r['style']][0] += r['band'] == p_; bys[r['style']][1] += 1
    print({k: f"{a}/{b}" for k, (a, b) in bys.items()})

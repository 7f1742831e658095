# add the answer's own embedding (generic quality signal) to the rubric-relative features
from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import pickle, sys, collections, numpy as np

from emb import DiskEmb
from interview_coach.scoring.analysis import prepare_text, embed_many
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.decomposition import PCA
d = pickle.load(open(str(CACHE) + '/feats.pkl','rb'))
emb = DiskEmb()
def E(data):
    es = embed_many([prepare_text(r['answer']) for r in data], emb)
    return np.array([np.concatenate([e.whole, e.unit_vecs.mean(0)]) for e in es])
Ec, Ea, Ef = E(d['corpus']), E(d['att']), E(d['fdata'])
BANDS = ('strong_hire','lean_hire','no_hire'); ORD={'no_hire':0,'lean_hire':1,'strong_hire':2}
drop={'log_words','numbers'}
keys=[k for k in sorted(d['Xc'][0]) if k not in drop]
M=lambda X: np.array([[x[k] for k in keys] for x in X])
Xc,Xa,Xf=M(d['Xc']),M(d['Xa']),M(d['Xf'])
yc=np.array([r['band'] for r in d['corpus']]); qc=np.array([r['question'] for r in d['corpus']])
ya=np.array([r['max_band'] for r in d['att']]); qa=np.array([r['question'] for r in d['att']])
yf=np.array([r['band'] for r in d['fdata']])
NC=int(sys.argv[1]) if len(sys.argv)>1 else 32; C=float(sys.argv[2]) if len(sys.argv)>2 else 0.3
MODE=sys.argv[3] if len(sys.argv)>3 else 'both'
pred=np.empty(len(yc),dtype=object); apred=np.empty(len(ya),dtype=object); P=np.zeros((len(yc),3))
for q in sorted(set(qc)):
    tr=qc!=q; tra=qa!=q
    pca=PCA(NC, random_state=0).fit(np.vstack([Ec[tr],Ea[tra]]))
    def feats(X, Em):
        parts=[]
        if MODE in ('both','feat'): parts.append(X)
        if MODE in ('both','emb'): parts.append(pca.transform(Em))
        return np.hstack(parts)
    Xtr=np.vstack([feats(Xc[tr],Ec[tr]), feats(Xa[tra],Ea[tra])]); ytr=np.concatenate([yc[tr],ya[tra]])
    sc=StandardScaler().fit(Xtr); m=LogisticRegression(C=C,max_iter=4000).fit(sc.transform(Xtr),ytr); cls=list(m.classes_)
    Pq=m.predict_proba(sc.transform(feats(Xc[~tr],Ec[~tr])))[:,[cls.index(b) for b in BANDS]]
    P[~tr]=Pq; pred[~tr]=np.array(BANDS)[Pq.argmax(1)]
    apred[~tra]=np.array(cls)[m.predict_proba(sc.transform(feats(Xa[~tra],Ea[~tra]))).argmax(1)]
acc=np.mean(pred==yc); sw=np.sum((yc=='strong_hire')&(pred=='no_hire'))+np.sum((yc=='no_hire')&(pred=='strong_hire'))
conf=P.max(1); corr=pred==yc; ece=sum(((conf>a)&(conf<=a+.1)).mean()*abs(conf[(conf>a)&(conf<=a+.1)].mean()-corr[(conf>a)&(conf<=a+.1)].mean()) for a in np.arange(0,1,.1) if ((conf>a)&(conf<=a+.1)).any())
ok=[ORD[p]<=ORD[b] for p,b in zip(apred,ya)]
print(f"NC={NC} C={C} {MODE}: LOQO acc={acc:.3f} swaps={sw} ECE={ece:.3f} attacks={sum(ok)}/{len(ok)} strong={sum(apred=='strong_hire')}")
# foreign with full model
pca=PCA(NC, random_state=0).fit(np.vstack([Ec,Ea]))
def feats(X, Em):
    parts=[]
    if MODE in ('both','feat'): parts.append(X)
    if MODE in ('both','emb'): parts.append(pca.transform(Em))
    return np.hstack(parts)
Xtr=np.vstack([feats(Xc,Ec),feats(Xa,Ea)]); ytr=np.concatenate([yc,ya]); sc=StandardScaler().fit(Xtr); m=LogisticRegression(C=C,max_iter=4000).fit(sc.transform(Xtr),ytr)
pf=m.predict(sc.transform(feats(Xf,Ef))); print('   foreign acc', round(np.mean(pf==yf),3))

from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import pickle, sys, collections, numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
d = pickle.load(open(str(CACHE) + '/feats2.pkl','rb'))
BANDS = ('strong_hire','lean_hire','no_hire'); ORD={'no_hire':0,'lean_hire':1,'strong_hire':2}
drop=set(sys.argv[1].split(',')) if len(sys.argv)>1 else set()
keys=[k for k in sorted(d['Xc'][0]) if k not in drop]
M=lambda X: np.array([[x[k] for k in keys] for x in X])
Xc,Xa,Xd=M(d['Xc']),M(d['Xa']),M(d['Xd'])
yc=np.array([r['band'] for r in d['corpus']]); ya=np.array([r['max_band'] for r in d['att']]); yd=np.array([r['band'] for r in d['dev']])
X=np.vstack([Xc,Xa]); y=np.concatenate([yc,ya])
sc=StandardScaler().fit(X); m=LogisticRegression(C=1,max_iter=3000).fit(sc.transform(X),y)
pd_=m.predict(sc.transform(Xd)); print('devset (other writer, 88):', np.mean(pd_==yd), collections.Counter(zip(yd,pd_)))

from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, sys, collections, pickle, time
import numpy as np

from feat import *
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
emb = DiskEmb()
import stance_model
set_stance(*stance_model.train(emb))
import kp_model
set_kphead(kp_model.train(emb, stance_probs))
cat = Catalog.load(); fcat = Catalog.load(extra=[str(R/'foreign/content'), str(R/'shortanswer_train/content')])
t=time.time()
preps = {qid: prep_rubric(q, fcat.rubrics[qid], emb) for qid, q in fcat.questions.items() if qid in fcat.rubrics}
bank_ids = set(cat.questions)
C = bank_centroids({k: v for k, v in preps.items() if k in bank_ids})
Cf = bank_centroids(preps)
corpus = [r for p in sorted((R/'corpus').glob('*.jsonl')) for r in rows(p)]
att = rows(R/'attacks/attacks.jsonl'); fdata = rows(R/'foreign/answers.jsonl'); sdata = rows(R/'shortanswer_train/answers.jsonl')
def embed_rows(data):
    E = embed_many([prepare_text(r['answer']) for r in data], emb); return E
Ec, Ea, Ef, Es = embed_rows(corpus), embed_rows(att), embed_rows(fdata), embed_rows(sdata)
emb.save(); print('embedded', time.time()-t)
def F(data, E, C):
    return [features(preps[r['question']], e, C) for r, e in zip(data, E)]
Xc = F(corpus, Ec, C); Xa = F(att, Ea, C); Xf = F(fdata, Ef, Cf); Xs = F(sdata, Es, Cf)
# exemplar rows (LOO)
Xe, ye, qe = [], [], []
for qid in bank_ids:
    p = preps[qid]
    for b in BANDS:
        for i, e in enumerate(p.ex[b]):
            Xe.append(features(p, e, C, exclude=(b, i))); ye.append(b); qe.append(qid)
Xse, yse, qse = [], [], []
for qid in [q for q in fcat.questions if q.startswith('st-')]:
    p = preps[qid]
    for b in BANDS:
        for i, e in enumerate(p.ex[b]):
            Xse.append(features(p, e, Cf, exclude=(b, i))); yse.append(b); qse.append(qid)
pickle.dump(dict(Xc=Xc,Xa=Xa,Xf=Xf,Xe=Xe,ye=ye,qe=qe,corpus=corpus,att=att,fdata=fdata,Xs=Xs,sdata=sdata,Xse=Xse,yse=yse,qse=qse), open(str(CACHE) + '/feats.pkl','wb'))
print('features', time.time()-t)

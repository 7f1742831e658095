# exemplars augmented with the graded corpus answers of the same question
from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, sys, pickle, time
import numpy as np

from feat import *
import stance_model
emb = DiskEmb(); set_stance(*stance_model.train(emb))
cat = Catalog.load()
corpus = [r for p in sorted((R/'corpus').glob('*.jsonl')) for r in rows(p)]
att = rows(R/'attacks/attacks.jsonl'); dev = rows(R/'devset.jsonl')
preps = {qid: prep_rubric(q, cat.rubrics[qid], emb) for qid, q in cat.questions.items()}
C = bank_centroids(preps)
Ec = embed_many([prepare_text(r['answer']) for r in corpus], emb)
Ea = embed_many([prepare_text(r['answer']) for r in att], emb)
Ed = embed_many([prepare_text(r['answer']) for r in dev], emb)
emb.save()
idx = {}
import os
AUG = os.environ.get("AUG","1")=="1"
for r, e in (zip(corpus, Ec) if AUG else []):
    p = preps[r['question']]
    idx[id(r)] = (r['band'], len(p.ex[r['band']])); p.ex[r['band']].append(e)
for p in preps.values():
    p.ex_words = {b: [len(words(e.prepared.text)) for e in p.ex[b]] for b in BANDS}
Xc = [features(preps[r["question"]], e, C, exclude=idx.get(id(r))) for r, e in zip(corpus, Ec)]
Xa = [features(preps[r['question']], e, C) for r, e in zip(att, Ea)]
Xd = [features(preps[r['question']], e, C) for r, e in zip(dev, Ed)]
pickle.dump(dict(Xc=Xc, Xa=Xa, Xd=Xd, corpus=corpus, att=att, dev=dev), open(str(CACHE) + '/feats2.pkl','wb'))

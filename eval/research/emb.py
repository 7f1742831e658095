from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import pickle, os, numpy as np, sys

from interview_coach.scoring.embedding import SentenceTransformerEmbedder
P = str(CACHE) + '/emb_cache.pkl'
class DiskEmb:
    name = 'minilm'
    def __init__(self):
        self.e = SentenceTransformerEmbedder(); self.e.load()
        self.c = pickle.load(open(P,'rb')) if os.path.exists(P) else {}
        self.dirty = False
    def encode(self, texts):
        need = [t for t in dict.fromkeys(texts) if t not in self.c]
        if need:
            V = self.e.encode(need)
            for t, v in zip(need, V): self.c[t] = v
            self.dirty = True
        return np.stack([self.c[t] for t in texts]) if texts else np.zeros((0,384),np.float32)
    def save(self):
        if self.dirty: pickle.dump(self.c, open(P,'wb')); self.dirty=False

from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, re, numpy as np
from sklearn.linear_model import LogisticRegression
CUES = ["i","we","my","our","me","they","he","she","their","team","never","not","n't","no","didn't","haven't","wasn't","don't","won't","would","'d","will","'ll","could","might","should","if","plan","going to","next","want","hope","was","were","had","did","ed ","always","usually","honestly","actually","truth","lie","true","kidding","made","up","really","but","fault","blame","because of","manager","nobody","no one","just","sure","oh","?","!","\"","'"," lol","anyway","good question","i think","i believe","important","i'm","i am","i've"]
def lex(t):
    tl=" "+t.lower()+" "
    return np.array([float(c in tl) if not c.isalpha() else float(re.search(r"\b"+re.escape(c)+r"\b", tl) is not None) for c in CUES])
def train(emb):
    rows=[json.loads(l) for f in ['s1','s2'] for l in open(f'{EVAL}/stance/stance_{f}.jsonl')]
    X=emb.encode([r['text'] for r in rows])
    XL=np.hstack([X, np.stack([lex(r['text']) for r in rows])])
    m=LogisticRegression(C=4,max_iter=4000).fit(XL,[r['label'] for r in rows])
    return m, lex

import json, sys, collections, numpy as np, glob
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring import takeback
from interview_coach.scoring.analysis import prepare_text
import reader as O
emb = SentenceTransformerEmbedder(); emb.load(); rd = takeback.reader_for(emb)
op = O.Reader(sys.argv[1])
rows = [json.loads(l) for f in sorted(glob.glob("eval/takeback_w17/t*.jsonl")) for l in open(f) if l.strip()]
def old(u):
    which = O.window(u)
    return float(max(rd.probabilities([(u[i], rd.context(u, i)) for i in which]))) if which else 0.0
res = collections.defaultdict(list)
for r in rows:
    for e in ("takes_back", "candid", "plain"):
        u = prepare_text(r["body"] + " " + r[e]).units
        res[e].append((old(u), float(op.read([u])[0].max()), r.get("manner"), r["writer"]))
for e, xs in res.items():
    a = np.array([x[0] for x in xs]); b = np.array([x[1] for x in xs])
    print(f"{e:10s} n={len(a)} old >=0.9 {np.mean(a>=0.9):.2f} >=0.98 {np.mean(a>=0.98):.2f} | one-pass >=0.981 {np.mean(b>=0.981):.2f} >=0.997 {np.mean(b>=0.997):.2f}")
def auc(p, n):
    p, n = np.array(p), np.array(n); return np.mean(p[:, None] > n[None, :]) + 0.5*np.mean(p[:, None] == n[None, :])
for k, name in ((0, "old"), (1, "one-pass")):
    print(name, "AUC takes_back vs candid %.3f, vs plain %.3f" % (auc([x[k] for x in res["takes_back"]], [x[k] for x in res["candid"]]), auc([x[k] for x in res["takes_back"]], [x[k] for x in res["plain"]])))
by = collections.defaultdict(list)
for x in res["takes_back"]: by[x[2]].append(x)
for m, xs in sorted(by.items(), key=lambda kv: -len(kv[1]))[:8]:
    print(f"  {m:26s} n={len(xs):2d} old>=0.9 {np.mean([x[0]>=0.9 for x in xs]):.2f} one-pass>=0.981 {np.mean([x[1]>=0.981 for x in xs]):.2f}")

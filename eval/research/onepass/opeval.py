import sys, pickle, time, json, numpy as np, collections
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
import reader as O
C = pickle.load(open(sys.argv[2], "rb"))  # from collect.py
R = O.Reader(sys.argv[1])
SINCERE = {"normal", "plain-strong", "plan-only", "team-scope", "other"}
out = {}
t = time.perf_counter(); n = 0
for s, recs in C.items():
    ps = R.read([r["units"] for r in recs]); n += len(recs)
    out[s] = [(float(p.max()) if len(p) else 0.0, max(r["tb"]) if r["tb"] else 0.0, r["row"]) for p, r in zip(ps, recs)]
    print(s, "done", flush=True)
dt = time.perf_counter() - t
print(f"one-pass: {dt:.1f}s for {n} answers ({1000*dt/n:.1f} ms each)")
pickle.dump(out, open(sys.argv[3], "wb"))

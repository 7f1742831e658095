import sys, pickle, numpy as np, collections
out = pickle.load(open(sys.argv[1], "rb"))
SINCERE = {"normal", "plain-strong", "plan-only", "team-scope", "other"}
def is_sincere_strong(r): return r.get("band") == "strong_hire" and r.get("kind", "normal") in SINCERE
def is_sincere_ok(r): return r.get("band") in ("strong_hire","lean_hire") and r.get("kind", "normal") in SINCERE
def is_retracted(r): return r.get("kind") == "retracted" or r.get("attack") == "retracted"
cal = [x for x in out["graded/corpus"] if is_sincere_strong(x[2])]
new = np.array([x[0] for x in cal]); old = np.array([x[1] for x in cal])
th = {}
for t in (0.9, 0.98):
    rate = np.mean(old >= t); q = np.quantile(new, 1 - rate) if rate > 0 else new.max()
    th[t] = q; print(f"old {t}: sincere-strong flag rate {rate:.3f} -> one-pass cut {q:.3f}")
for s, xs in out.items():
    ret = [x for x in xs if is_retracted(x[2])]; sin = [x for x in xs if is_sincere_ok(x[2])]
    line = f"{s:22s}"
    for name, grp in (("retracted", ret), ("sincere", sin)):
        if not grp: continue
        a = np.array([x[1] for x in grp]); b = np.array([x[0] for x in grp])
        line += f" | {name} n={len(grp)} old>=.9 {np.mean(a>=.9):.2f} new {np.mean(b>=th[0.9]):.2f}; old>=.98 {np.mean(a>=.98):.2f} new {np.mean(b>=th[0.98]):.2f}"
    print(line)

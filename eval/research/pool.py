"""Pooled correct counts for feature sets (fitw's leave-one-writer-out protocol): one number
per set over every row scored out of its fold, and the swaps, to see past per-set noise."""
import sys
import numpy as np
import fitw
fitw.LOWO = True
rows = fitw.load("cur") + fitw.load("new") + fitw.load("w7") + fitw.load("w8") + fitw.load("w9")
y = np.array([r["y"] for r in rows]); k = np.array([r["kind"] for r in rows])
w = np.array([r["writer"] for r in rows])
base = None
for spec in sys.argv[1:]:
    feats = [f for f in spec.split(",") if f and f != "-"]
    _, pred = fitw.run(rows, list(fitw.NAMES) + feats, set(w[k != "heldout"]) - {"old"})
    ev = (k != "exemplar") & (k != "heldout") & (pred != None)  # noqa: E711
    att = k == "attack"
    ok = np.where(att, [fitw.ORDER.get(p, 9) <= fitw.ORDER[t] for p, t in zip(pred, y)], pred == y) & ev
    swaps = ev & (((y == "strong_hire") & (pred == "no_hire")) | ((y == "no_hire") & (pred == "strong_hire")))
    new = ev & (w != "old") & (k != "heldout")
    row = dict(all=int(ok.sum()), n=int(ev.sum()), new=int(ok[new].sum()), n_new=int(new.sum()),
               old=int(ok[ev & (w == "old")].sum()), swaps=int(swaps.sum()),
               held=int(((pred == y) & (k == "heldout")).sum()), n_held=int((k == "heldout").sum()))
    if base is None:
        base = ok
    row["won"], row["lost"] = int((ok & ~base).sum()), int((~ok & base).sum())
    print(spec, row, flush=True)

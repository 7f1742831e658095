"""Does training on new writers' answers help? fitt's protocol (leave one question out) over
cache/rows_frozen.pkl, with and without cache/rows_new.pkl in training; the new rows are
always scored by a model that never saw their question.

    .venv/bin/python eval/research/fitnew.py"""
import collections
import json
import pickle

import numpy as np
import fitt
from paths import CACHE

from interview_coach.scoring.evaluate import metrics

old = pickle.loads((CACHE / "rows_frozen.pkl").read_bytes())
new = pickle.loads((CACHE / "rows_new.pkl").read_bytes())
for r in old:
    r.setdefault("writer", "old")
for use_new in (False, True):
    rows = old + new
    a = fitt.arrays(rows)
    is_new = np.array([r["writer"] in ("w5", "w6") for r in rows])
    trainable = np.isin(a["k"], ["corpus", "attack", "short", "exemplar"]) & ~a["gate"]
    if not use_new:
        trainable &= ~is_new
    pred = np.empty(len(rows), dtype=object)
    for held in sorted(set(a["q"][np.isin(a["k"], ["corpus", "short"])])):
        te = (a["q"] == held) & np.isin(a["k"], ["corpus", "attack", "short"])
        pred[te], _ = fitt.predict(a, trainable & (a["q"] != held), te)
    te = np.isin(a["k"], ["foreign", "devset"])
    pred[te], _ = fitt.predict(a, trainable, te)
    pred[a["gate"] & (pred != None)] = "no_hire"  # noqa: E711
    out = {}
    for name, s in (("corpus-old", (a["k"] == "corpus") & ~is_new), ("short", a["k"] == "short"),
                    ("foreign", a["k"] == "foreign"), ("devset", a["k"] == "devset")):
        m = metrics(list(a["y"][s]), list(pred[s]))
        out[name] = (round(m.accuracy, 3), round(m.macro_f1, 3), m.strong_no_swaps)
    for w in ("w5", "w6"):
        s = np.array([r["writer"] == w for r in rows])
        if s.any():
            m = metrics(list(a["y"][s]), list(pred[s]))
            out[w] = (round(m.accuracy, 3), m.strong_no_swaps,
                      {f"{t}->{p}": n for (t, p), n in collections.Counter(zip(a["y"][s], pred[s])).items()})
    att = a["k"] == "attack"
    out["attacks"] = int(sum(fitt.ORDER[p] <= fitt.ORDER[t] for p, t in zip(pred[att], a["y"][att])))
    print("with new" if use_new else "without", json.dumps(out, default=str), flush=True)

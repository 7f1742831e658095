"""Compare band-model feature sets in seconds from cache/rows.pkl (see rows.py).

    .venv/bin/python eval/research/fitq.py [C] [extra,features,...] [--minus f1,f2] [--show]

Figures: corpus and attacks leave one built-in question out; the short-answer training set
leave one of its questions out; eval/foreign and the dev set scored by a model trained on
everything else (never on them). A gate-stopped answer is No Hire, as in the app.
"""
import pickle
import sys

import numpy as np
import paths  # noqa: F401
from paths import CACHE
from sklearn.linear_model import LogisticRegression

from interview_coach.scoring.bandmodel import decide
from interview_coach.scoring.evaluate import metrics

BASE = None


def fit(x, y, c):
    mu, sd = x.mean(0), x.std(0) + 1e-9
    m = LogisticRegression(C=c, max_iter=5000).fit((x - mu) / sd, y)
    return lambda z: [dict(zip(m.classes_, p)) for p in m.predict_proba((z - mu) / sd)]


def run(rows, names, c=0.3, show=False):
    x = np.array([[r["f"][n] for n in names] for r in rows])
    y = np.array([r["y"] for r in rows]); q = np.array([r["q"] for r in rows])
    k = np.array([r["kind"] for r in rows]); gate = np.array([r["gate"] is not None for r in rows])
    trainable = np.isin(k, ["corpus", "attack", "short", "exemplar"]) & ~gate
    pred = np.empty(len(y), dtype=object); conf = np.zeros(len(y))
    folds = sorted(set(q[np.isin(k, ["corpus", "short"])]))
    for held in folds:
        tr = trainable & (q != held)
        te = (q == held) & np.isin(k, ["corpus", "attack", "short"])
        ps = fit(x[tr], y[tr], c)(x[te])
        pred[te] = [decide(p) for p in ps]; conf[te] = [p[decide(p)] for p in ps]
    te = np.isin(k, ["foreign", "devset"])
    ps = fit(x[trainable], y[trainable], c)(x[te])
    pred[te] = [decide(p) for p in ps]; conf[te] = [p[decide(p)] for p in ps]
    pred[gate] = "no_hire"; conf[gate] = 0.9
    out = {}
    for kind in ("corpus", "short", "foreign", "devset"):
        s = k == kind
        m = metrics(list(y[s]), list(pred[s]), list(conf[s]))
        out[kind] = (round(m.accuracy, 3), round(m.macro_f1, 3), m.strong_no_swaps, round(m.ece, 3))
    order = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}
    a = k == "attack"
    within = sum(order[p] <= order[t] for p, t in zip(pred[a], y[a]))
    strong = sum(p == "strong_hire" for p in pred[a])
    out["attacks"] = (int(within), int(a.sum()), int(strong))
    if show:
        for r, p in zip(rows, pred):
            if r["kind"] == "attack" and order[p] > order[r["y"]]:
                print("ATTACK", r["attack"], r["y"], "->", p, "|", r["answer"][:150].replace("\n", " "))
    return out


def main():
    rows = pickle.loads((CACHE / "rows.pkl").read_bytes())
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    c = float(args[0]) if args else 0.3
    shipped = ["sim_no_hire", "sim_lean_hire", "sim_strong_hire", "sim_max_z", "bs_no_hire",
               "bs_lean_hire", "bs_strong_hire", "kp_cov", "kp_ev", "kp_counter", "rf_max",
               "len_rel", "vague", "q_sim", "st_action", "st_hypothetical", "st_negated",
               "st_retracted", "st_team", "echo"]
    names = list(shipped)
    if len(args) > 1 and args[1]:
        names += args[1].split(",")
    for i, a in enumerate(sys.argv):
        if a == "--minus":
            drop = set(sys.argv[i + 1].split(","))
            names = [n for n in names if n not in drop]
    print(names[len(shipped):] if len(names) > len(shipped) else "shipped", run(rows, names, c, "--show" in sys.argv))


if __name__ == "__main__":
    main()

"""Training on more writers and candidate features, judged on writers nothing was fitted on.

Rows: cache/rows.pkl (rows.py), cache/rows_new.pkl (eval/heldout w5, w6), cache/rows_w7.pkl
(a later writer set); candidate features from cand.py. Built-in and short-answer questions are
scored leave one question out (w5/w6 rows with their question); foreign, dev set and w7 by a
model trained on everything trainable.

    .venv/bin/python eval/research/fitw.py [--new] [--feats rf_head,gen_margin] [--w7 w7]"""
import argparse
import collections
import json
import pickle

import numpy as np
import paths  # noqa: F401
from paths import CACHE, ROOT
from sklearn.ensemble import HistGradientBoostingClassifier

from interview_coach.scoring.bandmodel import decide
from interview_coach.scoring.evaluate import metrics

NAMES = json.loads((ROOT / "src/interview_coach/scoring/weights/band.json").read_text())["features"]
TREES = {"max_depth": 3, "learning_rate": 0.05, "max_iter": 200, "l2_regularization": 1.0}
LOWO = False
VOICE_W = 1.0
ORDER = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}


CANDIDATES = ("cand", "cand2", "cand3", "cand4", "cand5", "cand6", "cand7", "cand8")


def load(tag, writer=None):
    rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
    for prefix in CANDIDATES:  # each candidate script's features, where it was run for this tag
        p = CACHE / f"{prefix}_{tag}.pkl"
        if p.exists():
            for r, c in zip(rows, pickle.loads(p.read_bytes()), strict=True):
                r["f"] = {**r["f"], **c}
    for r in rows:
        r.setdefault("writer", writer or "old")
        if tag.startswith("w") and (not LOWO or tag in ("w9", "w10")):
            r["kind"] = "heldout"  # never trained on, scored by the final model
    return rows


def run(rows, names, train_writers, seed=0, trees=TREES):
    x = np.array([[r["f"].get(n, 0.0) for n in names] for r in rows])
    y = np.array([r["y"] for r in rows]); q = np.array([r["q"] for r in rows])
    k = np.array([r["kind"] for r in rows]); w = np.array([r["writer"] for r in rows])
    gate = np.array([r["gate"] is not None for r in rows])
    base = np.isin(k, ["corpus", "attack", "short", "exemplar"]) & (w == "old")
    trainable = (base | np.isin(w, list(train_writers))) & ~gate
    pred = np.empty(len(rows), dtype=object); conf = np.zeros(len(rows))

    def fit(tr, te):
        sw = np.where(w[tr] == "old", 1.0, VOICE_W)
        m = HistGradientBoostingClassifier(random_state=seed, **trees).fit(x[tr], y[tr], sample_weight=sw)
        ps = [dict(zip(m.classes_, p)) for p in m.predict_proba(x[te])]
        return [decide(p) for p in ps], [p[decide(p)] for p in ps]

    loqo = np.isin(k, ["corpus", "attack", "short"])
    for held in sorted(set(q[np.isin(k, ["corpus", "short"]) & (w == "old")])):
        te = (q == held) & loqo
        if te.any():
            pred[te], conf[te] = fit(trainable & (q != held), te)
    if LOWO:  # each new writer scored by a model trained on every other writer
        for wr in sorted(set(w[k != "heldout"]) - {"old"}):
            te = w == wr
            pred[te], conf[te] = fit(trainable & ~te, te)
    te = (pred == None)  # noqa: E711
    te &= ~(k == "exemplar")
    if te.any():
        pred[te], conf[te] = fit(trainable, te)
    g = gate & (pred != None)  # noqa: E711
    pred[g] = "no_hire"; conf[g] = 0.9
    out = {}
    sets = {"corpus": (k == "corpus") & (w == "old"), "short": k == "short", "foreign": k == "foreign",
            "devset": k == "devset"}
    for wr in sorted(set(w) - {"old"}):
        sets[wr] = w == wr
    for name, s in sets.items():
        if not s.any():
            continue
        m = metrics(list(y[s]), list(pred[s]), list(conf[s]))
        out[name] = f"{m.accuracy:.3f}/{m.macro_f1:.3f}/{m.strong_no_swaps}"
    s = w != "old"
    m = metrics(list(y[s]), list(pred[s]), list(conf[s]))
    out["ALLNEW"] = f"{m.accuracy:.3f}/{m.macro_f1:.3f}/{m.strong_no_swaps}/ece{m.ece:.3f}"
    att = k == "attack"
    out["att"] = f"{int(sum(ORDER[p] <= ORDER[t] for p, t in zip(pred[att], y[att])))}/{int(att.sum())}" \
        f" S{int(sum(p == 'strong_hire' for p in pred[att]))}"
    return out, pred


def by_kind(rows, pred, writers):
    c = collections.defaultdict(collections.Counter)
    for r, p in zip(rows, pred):
        if r["writer"] in writers:
            c[(r["writer"], r.get("attack"), r["y"][:1])][p[:1]] += 1
    return {f"{a}:{b}:{t}": dict(v) for (a, b, t), v in sorted(c.items(), key=str)}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--feats", default="")
    ap.add_argument("--new", action="store_true", help="train on w5/w6 too")
    ap.add_argument("--w7", default="")
    ap.add_argument("--kinds", action="store_true")
    ap.add_argument("--lowo", action="store_true", help="train on every new writer but the one scored")
    a = ap.parse_args()
    LOWO = a.lowo
    rows = load("cur") + load("new")
    for tag in filter(None, a.w7.split(",")):
        rows += load(tag)
    names = list(NAMES) + [f for f in a.feats.split(",") if f]
    train_w = {r["writer"] for r in rows if r["kind"] != "heldout"} - {"old"} if a.lowo else ({"w5", "w6"} if a.new else set())
    out, pred = run(rows, names, train_w)
    print(("new " if a.new else "old ") + (a.feats or "-"), json.dumps(out), flush=True)
    if a.kinds:
        print(json.dumps(by_kind(rows, pred, {"w5", "w6"} | ({r["writer"] for r in rows} - {"old", "w5", "w6"})), indent=0))

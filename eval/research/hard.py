"""Training on eval/heldout_hard too, at a weight: corpus LOQO, foreign, dev set and eval/heldout.
Needs cache rows from rows.py (cur), rows_new.py (new; TAG=w7, w8 on eval/voices/w7*, w8*; TAG=w9 on
eval/heldout; TAG=w10 on eval/heldout_hard).

    .venv/bin/python eval/research/hard.py none 1 0.5 0.25"""
import numpy as np, fitw, sys
fitw.LOWO = True
base = fitw.load("cur") + fitw.load("new") + fitw.load("w7") + fitw.load("w8") + fitw.load("w9")
w10 = fitw.load("w10")
for r in w10:
    r["kind"] = "corpus"
for mode in sys.argv[1:]:
    rows = base + (w10 if mode != "none" else [])
    w = np.array([r["writer"] for r in rows]); k = np.array([r["kind"] for r in rows])
    wt = float(mode) if mode != "none" else 1.0
    orig = fitw.run.__globals__["HistGradientBoostingClassifier"]
    class Weighted(orig):
        def fit(self, X, y, sample_weight=None):
            return super().fit(X, y, sample_weight=sample_weight)
    # weight: w10 rows get wt, others 1 (VOICE_W applies to all non-old; set 1)
    fitw.VOICE_W = 1.0
    is10 = np.array([r["writer"].startswith("w10") for r in rows])
    import sklearn.ensemble as se
    def run(rows, names, train_writers):
        x = np.array([[r["f"].get(n, 0.0) for n in names] for r in rows])
        y = np.array([r["y"] for r in rows]); q = np.array([r["q"] for r in rows])
        gate = np.array([r["gate"] is not None for r in rows])
        trainable = (np.isin(k, ["corpus", "attack", "short", "exemplar"])) & ~gate
        sw = np.where(is10, wt, 1.0)
        pred = np.empty(len(rows), dtype=object)
        def fit(tr, te):
            m = se.HistGradientBoostingClassifier(random_state=0, **fitw.TREES).fit(x[tr], y[tr], sample_weight=sw[tr])
            from interview_coach.scoring.bandmodel import decide
            return [decide(dict(zip(m.classes_, p))) for p in m.predict_proba(x[te])]
        for held in sorted(set(q[np.isin(k, ["corpus", "short"]) & (w == "old")])):
            te = (q == held) & np.isin(k, ["corpus", "attack", "short"]) & (w == "old")
            pred[te] = fit(trainable & (q != held), te)
        te = np.isin(k, ["foreign", "devset", "heldout"])
        pred[te] = fit(trainable, te)
        g = gate & (pred != None); pred[g] = "no_hire"
        from interview_coach.scoring.evaluate import metrics
        out = {}
        for name, s in (("corpus", (k == "corpus") & (w == "old")), ("foreign", k == "foreign"), ("devset", k == "devset"), ("w9", k == "heldout")):
            m = metrics(list(y[s]), list(pred[s]))
            out[name] = f"{m.accuracy:.3f}/{m.macro_f1:.3f}/{m.strong_no_swaps}"
        att = k == "attack"
        out["att"] = int(sum(fitw.ORDER[p] <= fitw.ORDER[t] for p, t in zip(pred[att], y[att])))
        return out
    print(mode, run(rows, list(fitw.NAMES), None), flush=True)

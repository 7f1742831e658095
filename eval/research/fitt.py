"""Band-model figures (the shipped trees over the shipped 43 features) from one or more
rows files made by rows.py / rows_ft.py, by question folds.

    .venv/bin/python eval/research/fitt.py frozen            # cache/rows_frozen.pkl
    .venv/bin/python eval/research/fitt.py corp_f0,corp_f1 [--final corp_all]
    .venv/bin/python eval/research/fitt.py corp_f0 --builtin --fold 0   # one fold only

With one rows file: exactly fitq's protocol (leave one question out over the corpus and the
short-answer training set; attacks with their question; foreign and dev set by a model trained
on everything else). With two (one per fold of folds.py, each from an encoder that never saw
that fold's corpus answers): a held-out built-in question is featurised by the encoder of its
own fold, and the band model is trained on the other 23 questions' rows from THAT encoder;
short-answer questions (never in any encoder's training data) by the first encoder. Foreign and
dev set come from --final (an encoder trained on every fold) or are left out.
"""
import json
import pickle
import sys

import numpy as np
import paths  # noqa: F401
from folds import FOLDS
from paths import CACHE, ROOT
from sklearn.ensemble import HistGradientBoostingClassifier

from interview_coach.scoring.bandmodel import decide
from interview_coach.scoring.evaluate import metrics

NAMES = json.loads((ROOT / "src/interview_coach/scoring/weights/band.json").read_text())["features"]
TREES = {"max_depth": 3, "learning_rate": 0.05, "max_iter": 200, "l2_regularization": 1.0}
LAST = {}  # the last run's predictions (for paired comparisons, see compare.py)
ORDER = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}


def arrays(rows):
    return dict(x=np.array([[r["f"][n] for n in NAMES] for r in rows]),
                y=np.array([r["y"] for r in rows]), q=np.array([r["q"] for r in rows]),
                k=np.array([r["kind"] for r in rows]),
                gate=np.array([r["gate"] is not None for r in rows]))


def predict(a, train, test):
    m = HistGradientBoostingClassifier(random_state=0, **TREES).fit(a["x"][train], a["y"][train])
    ps = [dict(zip(m.classes_, p)) for p in m.predict_proba(a["x"][test])]
    return [decide(p) for p in ps], [p[decide(p)] for p in ps]


def load(tag, builtin=False):
    rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
    if builtin:  # the built-in questions' rows only (see rows_ft.py --builtin)
        from folds import QUESTIONS
        rows = [r for r in rows if r["q"] in QUESTIONS and r["kind"] in ("corpus", "attack", "exemplar")]
    return arrays(rows)


def run(tags, final=None, builtin=False, only_fold=None):
    srcs = [load(t, builtin) for t in tags]
    ref = srcs[0]
    n = len(ref["y"])
    for s in srcs:  # same rows in the same order
        assert (s["q"] == ref["q"]).all() and (s["y"] == ref["y"]).all()
    fold_of = {q: i for i, f in enumerate(FOLDS) for q in f}
    pred = np.empty(n, dtype=object); conf = np.zeros(n)
    trainable = np.isin(ref["k"], ["corpus", "attack", "short", "exemplar"]) & ~ref["gate"]
    for held in sorted(set(ref["q"][np.isin(ref["k"], ["corpus", "short"])])):
        if only_fold is not None and fold_of.get(held) != only_fold:
            continue
        a = srcs[fold_of[held]] if len(srcs) > 1 and held in fold_of else ref
        te = (ref["q"] == held) & np.isin(ref["k"], ["corpus", "attack", "short"])
        pred[te], conf[te] = predict(a, trainable & (ref["q"] != held), te)
    te = np.isin(ref["k"], ["foreign", "devset"])
    if te.any() and only_fold is None and (len(srcs) == 1 or final):
        a = ref if final is None else arrays(pickle.loads((CACHE / f"rows_{final}.pkl").read_bytes()))
        pred[te], conf[te] = predict(a, trainable, te)
    g = ref["gate"] & (pred != None)  # noqa: E711
    pred[g] = "no_hire"; conf[g] = 0.9
    LAST.update(pred=pred, ref=ref)
    out = {}
    for kind in ("corpus", "short", "foreign", "devset"):
        s = (ref["k"] == kind) & (pred != None)  # noqa: E711
        if s.any():
            m = metrics(list(ref["y"][s]), list(pred[s]), list(conf[s]))
            out[kind] = dict(acc=round(m.accuracy, 3), f1=round(m.macro_f1, 3),
                             swaps=m.strong_no_swaps, ece=round(m.ece, 3))
    for i, f in enumerate(FOLDS):
        s = (ref["k"] == "corpus") & np.isin(ref["q"], f)
        if (pred[s] == None).any():  # noqa: E711
            continue
        m = metrics(list(ref["y"][s]), list(pred[s]), list(conf[s]))
        out[f"corpus_fold{i}"] = dict(acc=round(m.accuracy, 3), f1=round(m.macro_f1, 3),
                                      swaps=m.strong_no_swaps)
    a = (ref["k"] == "attack") & (pred != None)  # noqa: E711
    out["attacks"] = dict(within=int(sum(ORDER[p] <= ORDER[t] for p, t in zip(pred[a], ref["y"][a]))),
                          n=int(a.sum()), strong=int(sum(p == "strong_hire" for p in pred[a])))
    return out


if __name__ == "__main__":
    args = [x for x in sys.argv[1:] if not x.startswith("--")]
    final = sys.argv[sys.argv.index("--final") + 1] if "--final" in sys.argv else None
    if final in args:
        args.remove(final)
    fold = int(sys.argv[sys.argv.index("--fold") + 1]) if "--fold" in sys.argv else None
    if fold is not None:
        args.remove(str(fold))
    res = run(args[0].split(","), final, "--builtin" in sys.argv, fold)
    print(args[0], json.dumps(res))

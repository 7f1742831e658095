"""Lower-variance band models than the shipped trees, by fitt's protocol (leave one question
out; foreign and dev set by a model trained on everything else).

    .venv/bin/python eval/research/fitb.py [variant ...]    # needs cache/rows_frozen.pkl

Variants: shipped; bagq<K> (K tree models, each on a bootstrap of questions, probabilities
averaged); d2 (depth 2, more rounds); leaf40 (min 40 rows a leaf); rf (random forest)."""
import json
import sys

import numpy as np
import fitt
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier

from interview_coach.scoring.bandmodel import decide

CLASSES = np.array(["lean_hire", "no_hire", "strong_hire"])


def _proba(m, x):
    p = m.predict_proba(x)
    out = np.zeros((len(x), 3))
    for j, c in enumerate(m.classes_):
        out[:, list(CLASSES).index(c)] = p[:, j]
    return out


def make(variant):
    def predict(a, train, test):
        x, y, q = a["x"][train], a["y"][train], a["q"][train]
        if variant == "shipped":
            ms = [(HistGradientBoostingClassifier(random_state=0, **fitt.TREES), None)]
        elif variant.startswith("bagq"):
            k = int(variant[4:])
            rng = np.random.default_rng(0)
            qs = np.unique(q)
            ms = []
            for i in range(k):
                pick = rng.choice(qs, size=len(qs), replace=True)
                idx = np.concatenate([np.flatnonzero(q == s) for s in pick])
                ms.append((HistGradientBoostingClassifier(random_state=i, **fitt.TREES), idx))
        elif variant.startswith("ord"):  # ordinal: P(above No), P(above Lean), bagged K
            k = int(variant[3:] or 1)
            rng = np.random.default_rng(0)
            qs = np.unique(q)
            p = np.zeros((int(test.sum()), 3))
            for i in range(k):
                pick = rng.choice(qs, size=len(qs), replace=True) if k > 1 else qs
                idx = np.concatenate([np.flatnonzero(q == s) for s in pick])
                above_no = HistGradientBoostingClassifier(random_state=i, **fitt.TREES).fit(
                    x[idx], y[idx] != "no_hire").predict_proba(a["x"][test])[:, 1]
                above_lean = HistGradientBoostingClassifier(random_state=i, **fitt.TREES).fit(
                    x[idx], y[idx] == "strong_hire").predict_proba(a["x"][test])[:, 1]
                above_lean = np.minimum(above_lean, above_no)
                p += np.stack([above_no - above_lean, 1 - above_no, above_lean], 1)
            p /= k
            ps = [dict(zip(CLASSES, row)) for row in p]
            return [decide(d) for d in ps], [d[decide(d)] for d in ps]
        elif variant == "d2":
            ms = [(HistGradientBoostingClassifier(random_state=0, max_depth=2, learning_rate=0.05,
                                                  max_iter=300, l2_regularization=1.0), None)]
        elif variant == "leaf40":
            ms = [(HistGradientBoostingClassifier(random_state=0, min_samples_leaf=40,
                                                  **fitt.TREES), None)]
        elif variant == "rf":
            ms = [(RandomForestClassifier(n_estimators=300, min_samples_leaf=5, max_features=0.3,
                                          random_state=0, n_jobs=1), None)]
        else:
            raise SystemExit(f"unknown variant {variant}")
        p = np.zeros((int(test.sum()), 3))
        for m, idx in ms:
            if idx is None:
                m.fit(x, y)
            else:
                m.fit(x[idx], y[idx])
            p += _proba(m, a["x"][test])
        p /= len(ms)
        ps = [dict(zip(CLASSES, row)) for row in p]
        return [decide(d) for d in ps], [d[decide(d)] for d in ps]
    return predict


if __name__ == "__main__":
    for v in sys.argv[1:] or ["shipped"]:
        fitt.predict = make(v)
        print(v, json.dumps(fitt.run(["frozen"])), flush=True)

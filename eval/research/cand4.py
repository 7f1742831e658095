"""Take-back features from the context head of takeback.py (trained on all of eval/takeback/,
which no rows file contains): cache/cand4_<tag>.pkl, merged by fitw.load.

- tb_max: the most likely take-back among the answer's sentences after the first;
- tb_late: the same, after the first sentence the stance head reads as an action;
- tb_last: the last sentence's; tb_ref: tb_late times its closeness to an earlier action.

    .venv/bin/python eval/research/cand4.py cur new w7 w8 w9 w10"""
import sys

import numpy as np
import takeback as T
from cand import save_features
from paths import EVAL
from sklearn.linear_model import LogisticRegression

from interview_coach.scoring.embedding import SentenceTransformerEmbedder

VARIANT = "vec"


def model():
    items = T.load(sorted((EVAL / "takeback").glob("*.jsonl")))
    X, y, _, _ = T.ending_rows(items, VARIANT)
    return LogisticRegression(C=0.3, max_iter=5000).fit(X, y)


def feats(m, e):
    units = e.prepared.units
    n = len(units)
    out = {"tb_max": 0.0, "tb_late": 0.0, "tb_last": 0.0, "tb_ref": 0.0}
    if n < 2:
        return out
    V = e.unit_vecs
    S = T.stance(units, V)
    p = m.predict_proba(np.array([T.unit_feats(units, V, S, i, VARIANT) for i in range(1, n)]))[:, 1]
    p = np.r_[0.0, p]
    out["tb_max"], out["tb_last"] = float(p.max()), float(p[-1])
    first = next((i for i in range(n) if S[i, 0] > 0.5), None)
    if first is not None and first + 1 < n:
        out["tb_late"] = float(p[first + 1 :].max())
        sims = V @ V.T
        acts = [j for j in range(n) if S[j, 0] > 0.5]
        out["tb_ref"] = max(
            float(p[i]) * float(sims[i, [j for j in acts if j < i]].max())
            for i in range(first + 1, n)
        )
    return out


def main():
    emb = SentenceTransformerEmbedder(); emb.load()
    m = model()
    save_features("cand4", sys.argv[1:], emb, lambda r, e: feats(m, e))


if __name__ == "__main__":
    main()

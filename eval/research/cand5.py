"""Take-back features from ctxvec.py's head (isolated + contextual sentence vectors, trained
on all of eval/takeback/): cache/cand5_<tag>.pkl, merged by fitw.load.

    .venv/bin/python eval/research/cand5.py cur new w7 w8 w9 w10"""
import json
import pickle
import sys

import ctxvec as C
import numpy as np
from paths import CACHE, EVAL
from sklearn.linear_model import LogisticRegression

from interview_coach.scoring.analysis import prepare_text


def main():
    items = [json.loads(l) for p in sorted((EVAL / "takeback").glob("*.jsonl")) for l in open(p)]
    X, y = [], []
    for it in items:
        body = prepare_text(it["body"]).units
        for lab in ("takes_back", "candid", "plain"):
            units, F = C.feats(it["body"] + " " + it[lab])
            for i in range(1, len(units)):
                if i < len(body) and lab != "plain":
                    continue
                X.append(F[i]); y.append(int(lab == "takes_back" and i >= len(body)))
    m = LogisticRegression(C=0.3, max_iter=5000).fit(np.array(X), np.array(y))
    for tag in sys.argv[1:]:
        rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
        out = []
        for r in rows:
            units, F = C.feats(r["answer"])
            p = m.predict_proba(F)[:, 1] if len(units) > 1 else np.zeros(len(units))
            if len(p):
                p[0] = 0.0
            out.append({"tc_max": float(p.max(initial=0.0)), "tc_last": float(p[-1]) if len(p) else 0.0,
                        "tc_n": float((p >= 0.7).sum())})
        (CACHE / f"cand5_{tag}.pkl").write_bytes(pickle.dumps(out))
        C.CP.write_bytes(pickle.dumps(C.cache)); C.emb.save()
        print(tag, len(out), flush=True)


if __name__ == "__main__":
    main()

"""Sentence-level wrong-question signal: for each sentence, its best match among this
rubric's key-point phrasings against its best match among every other built-in rubric's.
offq_share: share of sentences closer to another question's key points; offq_margin: mean
(own - other); offq_top: the answer's best own match minus best other match.
cache/cand3_<tag>.pkl.

    .venv/bin/python eval/research/cand3.py cur new w7 w8 w9"""
import pickle
import sys

import numpy as np
import paths  # noqa: F401
from cand import setup
from paths import CACHE

from interview_coach.scoring.analysis import embed_many, prepare_text


def main():
    emb, scorer, cat, builtin = setup()
    kp = {}
    for qid, q in builtin.questions.items():
        pr = scorer.prepare(q, builtin.rubrics[qid])
        kp[qid] = np.vstack(pr.kp_vecs)
    for tag in sys.argv[1:]:
        rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
        es = embed_many([prepare_text(r["answer"]) for r in rows], emb)
        out = []
        for r, e in zip(rows, es, strict=True):
            q = cat.questions[r["q"]]
            pr = scorer.prepare(q, cat.rubrics[q.id])
            u = e.unit_vecs
            f = {"offq_share": 0.0, "offq_margin": 0.0, "offq_top": 0.0}
            if len(u) and pr.kp_vecs:
                own = (u @ np.vstack(pr.kp_vecs).T).max(axis=1)
                other = np.max(np.stack([(u @ kp[o].T).max(axis=1) for o in kp if o != q.id]), axis=0)
                f = {"offq_share": float(np.mean(other > own)), "offq_margin": float(np.mean(own - other)),
                     "offq_top": float(own.max() - other.max())}
            out.append(f)
        (CACHE / f"cand3_{tag}.pkl").write_bytes(pickle.dumps(out))
        print(tag, len(out), flush=True)


if __name__ == "__main__":
    main()

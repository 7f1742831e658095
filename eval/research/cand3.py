"""Sentence-level wrong-question signal: for each sentence, its best match among this
rubric's key-point phrasings against its best match among every other built-in rubric's.
offq_share: share of sentences closer to another question's key points; offq_margin: mean
(own - other); offq_top: the answer's best own match minus best other match.
cache/cand3_<tag>.pkl.

    .venv/bin/python eval/research/cand3.py cur new w7 w8 w9"""
import sys

import numpy as np
import paths  # noqa: F401
from cand import save_features, setup


def main():
    emb, scorer, cat, builtin = setup()
    kp = {}
    for qid, q in builtin.questions.items():
        pr = scorer.prepare(q, builtin.rubrics[qid])
        kp[qid] = np.vstack(pr.kp_vecs)

    def feats(r, e):
        q = cat.questions[r["q"]]
        pr = scorer.prepare(q, cat.rubrics[q.id])
        u = e.unit_vecs
        if not (len(u) and pr.kp_vecs):
            return {"offq_share": 0.0, "offq_margin": 0.0, "offq_top": 0.0}
        own = (u @ np.vstack(pr.kp_vecs).T).max(axis=1)
        other = np.max(np.stack([(u @ kp[o].T).max(axis=1) for o in kp if o != q.id]), axis=0)
        return {"offq_share": float(np.mean(other > own)), "offq_margin": float(np.mean(own - other)),
                "offq_top": float(own.max() - other.max())}

    save_features("cand3", sys.argv[1:], emb, feats)


if __name__ == "__main__":
    main()

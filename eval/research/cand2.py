"""Retraction in context: a sentence that denies or takes back, scored by how closely it
echoes an earlier sentence in which the speaker acted ("I split it into ... and made the
metric" ... "to be honest, the split and the metric, that was my tech lead").
cache/cand2_<tag>.pkl, merged by fitw.load like cand.py's.

    .venv/bin/python eval/research/cand2.py cur new w7 w8 w9"""
import pickle
import sys

import numpy as np
import paths  # noqa: F401
from paths import CACHE

from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.scorer import stance_of


def feats(e, name):
    st = stance_of(e, name)
    u = e.unit_vecs
    n = len(e.prepared.units)
    out = {"undo_ref": 0.0, "undo_ref_team": 0.0, "undo_ref_n": 0.0}
    if n < 2 or not st:
        return out
    act = st["action"]
    undo = st["negated"] + st["retracted"]
    undo_t = undo + st["team"]
    sims = u @ u.T
    best, best_t, count = 0.0, 0.0, 0
    for i in range(1, n):
        prev = [j for j in range(i) if act[j] > 0.5]
        if not prev:
            continue
        ref = float(sims[i, prev].max())
        best = max(best, float(undo[i]) * ref)
        best_t = max(best_t, float(undo_t[i]) * ref)
        count += undo[i] > 0.5 and ref > 0.4
    out.update(undo_ref=best, undo_ref_team=best_t, undo_ref_n=float(count))
    return out


def main():
    emb = SentenceTransformerEmbedder(); emb.load()
    for tag in sys.argv[1:]:
        rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
        es = embed_many([prepare_text(r["answer"]) for r in rows], emb)
        (CACHE / f"cand2_{tag}.pkl").write_bytes(pickle.dumps([feats(e, emb.name) for e in es]))
        print(tag, len(rows), flush=True)


if __name__ == "__main__":
    main()

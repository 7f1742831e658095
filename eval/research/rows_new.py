"""rows.py's features for extra labelled files (new writers), as corpus rows tagged with their
writer: cache/rows_new.pkl.

    .venv/bin/python eval/research/rows_new.py FILE.jsonl ...
    TAG=w7 .venv/bin/python eval/research/rows_new.py FILE.jsonl ...   # cache/rows_w7.pkl
    TAG=w11 CONTENT=eval/shortanswer_heldout/content .venv/bin/python eval/research/rows_new.py \
        eval/shortanswer_heldout/answers_a*.jsonl   # questions outside the bank"""
import os
import pickle
import sys
from pathlib import Path

import paths  # noqa: F401
from paths import CACHE
from rows import answer_row, jl

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring import scorer as sm
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.scorer import Scorer


def main():
    emb = SentenceTransformerEmbedder(); emb.load()
    sm.model_for = lambda name: None
    scorer = Scorer(emb)
    cat = Catalog.load(extra=[c for c in os.environ.get("CONTENT", "").split(",") if c])
    rows = [r for p in sys.argv[1:] for r in jl(Path(p))]
    out = []
    embedded = embed_many([prepare_text(r["answer"]) for r in rows], emb)
    for r, e in zip(rows, embedded, strict=True):
        out.append({**answer_row(scorer, cat, r, e, "corpus"), "writer": r["writer"]})
    (CACHE / f"rows_{os.environ.get('TAG', 'new')}.pkl").write_bytes(pickle.dumps(out))
    print(len(out), "rows")


if __name__ == "__main__":
    main()

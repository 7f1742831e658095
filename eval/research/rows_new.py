"""rows.py's features for extra labelled files (new writers), as corpus rows tagged with their
writer: cache/rows_new.pkl.

    .venv/bin/python eval/research/rows_new.py FILE.jsonl ...
    TAG=w7 .venv/bin/python eval/research/rows_new.py FILE.jsonl ...   # cache/rows_w7.pkl"""
import os
import pickle
import sys
from pathlib import Path

import paths  # noqa: F401
from paths import CACHE
from rows import extras, jl

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring import gates
from interview_coach.scoring import scorer as sm
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.scorer import Scorer


def main():
    emb = SentenceTransformerEmbedder(); emb.load()
    sm.model_for = lambda name: None
    scorer = Scorer(emb)
    cat = Catalog.load()
    rows = [r for p in sys.argv[1:] for r in jl(Path(p))]
    out = []
    embedded = embed_many([prepare_text(r["answer"]) for r in rows], emb)
    for r, e in zip(rows, embedded, strict=True):
        q = cat.questions[r["question"]]
        pr = scorer.prepare(q, cat.rubrics[q.id])
        g = gates.check(e.prepared.text, e.prepared.sentences, [q.text, *q.aliases], pr.norms)
        bd = scorer.breakdown(pr, e)
        feats = scorer.answer_features(pr, e, bd.features, bd.signals)
        feats.update(extras(scorer, pr, e, bd.features, None))
        out.append(dict(f=feats, y=r["band"], q=q.id, kind="corpus", writer=r["writer"],
                        gate=g.code if g else None, answer=r["answer"], attack=r.get("kind")))
    (CACHE / f"rows_{os.environ.get('TAG', 'new')}.pkl").write_bytes(pickle.dumps(out))
    print(len(out), "rows")


if __name__ == "__main__":
    main()

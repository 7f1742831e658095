"""Add attack files' feature rows to a train_scorer rows cache (`--rows`), placed where a full
rebuild that reads every eval/attacks/*.jsonl would put them, without reading the other 4,000
rows again. Keys the current code no longer computes are dropped from the cached rows.

    .venv/bin/python eval/research/attackrows.py OLD.pkl NEW.pkl eval/attacks/attacks_b1.jsonl ...
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_scorer  # noqa: E402

from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.scoring import gates  # noqa: E402
from interview_coach.scoring import scorer as scorer_module  # noqa: E402
from interview_coach.scoring.analysis import embed_many, prepare_text  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402
from interview_coach.scoring.scorer import Scorer  # noqa: E402


def main() -> None:
    old, new, files = Path(sys.argv[1]), Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
    cols = [list(c) for c in pickle.loads(old.read_bytes())]
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    scorer_module.model_for = lambda name: None
    scorer = Scorer(embedder, band_inputs=True)
    cat = Catalog.load(extra=[str(ROOT / "eval" / "shortanswer_train" / "content")])

    def row(r, e):
        q = cat.questions[r["question"]]
        pr = scorer.prepare(q, cat.rubrics[q.id])
        if gates.check(e.prepared.text, e.prepared.sentences, [q.text, *q.aliases], pr.norms):
            return None
        w = r.get("writer", "") or None
        bd = scorer.breakdown(pr, e, None, writer=w)
        f = scorer.answer_features(pr, e, bd.features, bd.signals, None, w)
        alone = replace(pr, memory=None)
        b = (
            scorer.answer_features(alone, e, bd.features, bd.signals, None)
            if pr.memory is not None
            else f
        )
        return f, b, r.get("band") or r["max_band"], q.id, "attack", r.get("writer", ""), ""

    # The cached rows must be what the current code computes: check the first corpus rows.
    corpus = [
        r
        for p in sorted((ROOT / "graded" / "corpus").glob("*.jsonl"))
        for r in train_scorer._jsonl(p)
    ][:40]
    es = embed_many([prepare_text(r["answer"]) for r in corpus], embedder)
    fresh = [x for x in (row(r, e) for r, e in zip(corpus, es, strict=True)) if x is not None]
    keys = set(fresh[0][0])
    for i, fr in enumerate(fresh[:20]):
        cached = {k: v for k, v in cols[0][i].items() if k in keys}
        diff = max(abs(cached[k] - fr[0][k]) for k in keys)
        assert set(cached) == keys and diff < 1e-6, (i, diff)
    for c in (0, 1):
        cols[c] = [{k: v for k, v in f.items() if k in keys} for f in cols[c]]
    at = max(i for i, k in enumerate(cols[4]) if k == "attack") + 1
    rows = [r for p in files for r in train_scorer._jsonl(p)]
    es = embed_many([prepare_text(r["answer"]) for r in rows], embedder)
    added = [x for x in (row(r, e) for r, e in zip(rows, es, strict=True)) if x is not None]
    for c in range(7):
        cols[c][at:at] = [x[c] for x in added]
    new.write_bytes(pickle.dumps(tuple(cols)))
    print(f"{len(rows)} attacks, {len(added)} past the gates, at {at}; {len(cols[0])} rows")


if __name__ == "__main__":
    main()

"""rows.py with another embedding model: the same rows and features, written to
cache/rows_<tag>.pkl, with the stance head retrained for that model on eval/stance (exactly as
scripts/train_scorer.py --only stance does, C=4), kept in memory: the shipped stance.npz is
never touched.

    .venv/bin/python eval/research/rows_ft.py MODEL_DIR TAG [--builtin]

--builtin: only the 24 built-in questions' rows (corpus, attacks, exemplars); about 2/3 of the
time. fitt.py --builtin then compares on those rows only.
"""
import pickle
import sys
import tempfile
from pathlib import Path

import numpy as np
import paths  # noqa: F401
import rows
from paths import CACHE

from interview_coach.scoring import stance
from interview_coach.scoring.heads import LinearHead
from interview_coach.scoring.embedding import SentenceTransformerEmbedder


def stance_head(emb):
    from sklearn.linear_model import LogisticRegression

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import train_scorer

    data = train_scorer._sentence_rows(train_scorer.STANCE_DATA)
    texts = [r["text"] for r in data]
    x = np.hstack([emb.encode(texts), np.stack([stance.cue_features(t) for t in texts])])
    y = np.array([r["label"] for r in data]); w = np.array([r["writer"] for r in data])
    for held in sorted(set(w)):
        m = LogisticRegression(C=train_scorer.STANCE_C, max_iter=5000).fit(x[w != held], y[w != held])
        print(f"stance head, trained without writer {held}: {np.mean(m.predict(x[w == held]) == y[w == held]):.3f}")
    m = LogisticRegression(C=train_scorer.STANCE_C, max_iter=5000).fit(x, y)
    return LinearHead(m.coef_.astype(np.float32), m.intercept_.astype(np.float32),
                      [str(c) for c in m.classes_], emb.name, stance.CUES)


def main():
    model_dir, tag = sys.argv[1], sys.argv[2]
    emb = SentenceTransformerEmbedder(str(Path(model_dir).resolve())); emb.load()
    head = stance_head(emb)
    stance.default_head = lambda: head
    rows.SentenceTransformerEmbedder = lambda: emb
    tmp = Path(tempfile.mkdtemp(dir=CACHE))
    rows.CACHE = tmp
    if "--builtin" in sys.argv:
        skip = ("shortanswer_train", "foreign", "devset")
        jl = rows.jl
        rows.jl = lambda p: [] if any(s in str(p) for s in skip) else jl(p)
    rows.main()
    out = pickle.loads((tmp / "rows.pkl").read_bytes())
    if "--builtin" in sys.argv:
        from folds import QUESTIONS
        out = [r for r in out if r["q"] in QUESTIONS]
    (CACHE / f"rows_{tag}.pkl").write_bytes(pickle.dumps(out))
    (tmp / "rows.pkl").unlink(); tmp.rmdir()
    print("->", CACHE / f"rows_{tag}.pkl")


if __name__ == "__main__":
    main()

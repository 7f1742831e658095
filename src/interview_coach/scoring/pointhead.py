"""Does this sentence make this key point? A sentence can be on a point's topic and still not
make it: it denies it, says someone else did it, argues the opposite, or only names the topic.
Cosine similarity cannot tell these apart (on sentences written for that purpose it ranks the
topical non-answers above the real ones); this head reads the similarity together with the
sentence's stance and how much closer it is to the point than to the question itself.

A logistic head over a few rubric-relative numbers per (sentence, key point) pair, trained
across invented key points in `eval/keypoints/` by `scripts/train_scorer.py --only point`
(weights in `weights/point.npz`). Nothing in it names a rubric, so a new rubric needs no
training."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import numpy as np

from interview_coach.scoring.stance import LABELS as STANCE_LABELS

WEIGHTS = "point.npz"
# The pair features, in order: what the trained weights expect.
FEATURES: tuple[str, ...] = (
    "cos_max",
    "cos_mean",
    "cos_centroid",
    "cos_label",
    *(f"st_{label}" for label in STANCE_LABELS),
    *(f"st_{label}_x_cos" for label in STANCE_LABELS),
    "cos_question",
    "cos_max_minus_question",
    "log_words",
)
# A sentence at least this likely makes the point. Chosen with the weights (see the training
# script's cross-writer figures) and stored beside them.
DEFAULT_THRESHOLD = 0.5


def pair_features(
    unit_vecs: np.ndarray,
    unit_words: Sequence[int],
    stance: np.ndarray,
    point_vecs: np.ndarray,
    question_vec: np.ndarray,
) -> np.ndarray:
    """units x len(FEATURES) for one key point: `point_vecs` are its phrasings then its label
    (rows; the label last), `stance` is units x STANCE_LABELS probabilities, `question_vec`
    the question's vector.

    The label ("Builds the mentee's independence") is kept apart from the phrasings: a
    sentence that merely names the topic sits close to the label, while one that makes the
    point sits close to a phrasing of it being done."""
    n = len(unit_vecs)
    if n == 0:
        return np.zeros((0, len(FEATURES)), np.float32)
    label_vec = point_vecs[-1]
    if len(point_vecs) > 1:
        point_vecs = point_vecs[:-1]
    sims = unit_vecs @ point_vecs.T  # units x phrasings
    centroid = point_vecs.mean(axis=0)
    centroid = centroid / (np.linalg.norm(centroid) or 1.0)
    cos_max = sims.max(axis=1)
    cos_q = unit_vecs @ question_vec
    cols = [
        cos_max[:, None],
        sims.mean(axis=1)[:, None],
        (unit_vecs @ centroid)[:, None],
        (unit_vecs @ label_vec)[:, None],
        stance,
        stance * cos_max[:, None],
        cos_q[:, None],
        (cos_max - cos_q)[:, None],
        np.log1p(np.asarray(unit_words, dtype=np.float32))[:, None],
    ]
    return np.hstack(cols).astype(np.float32)


class PointHead:
    def __init__(
        self,
        mean: np.ndarray,
        scale: np.ndarray,
        coef: np.ndarray,
        intercept: float,
        threshold: float,
        model: str,
    ):
        self.mean, self.scale, self.coef = mean, scale, coef
        self.intercept, self.threshold, self.model = intercept, threshold, model

    def fits(self, model: str) -> bool:
        """Its inputs are similarities and stance from one embedding model's vectors."""
        return model == self.model

    @classmethod
    def load(cls) -> PointHead:
        path = resources.files("interview_coach.scoring") / "weights" / WEIGHTS
        with path.open("rb") as fh, np.load(fh) as data:
            if tuple(str(f) for f in data["features"]) != FEATURES:
                raise ValueError(f"{WEIGHTS} was trained on other features: retrain it")
            return cls(
                data["mean"],
                data["scale"],
                data["coef"],
                float(data["intercept"]),
                float(data["threshold"]),
                str(data["model"]),
            )

    def probability(self, features: np.ndarray) -> np.ndarray:
        """Per row of `features` (from `pair_features`), the probability it makes the point."""
        if not len(features):
            return np.zeros(0, np.float32)
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@functools.lru_cache(maxsize=1)
def default_head() -> PointHead | None:
    try:
        return PointHead.load()
    except FileNotFoundError:
        return None


def head_for(model: str) -> PointHead | None:
    """The point head for this embedding model, or None for another model (a user's own):
    key points are then judged by similarity alone."""
    head = default_head()
    return head if head is not None and head.fits(model) else None

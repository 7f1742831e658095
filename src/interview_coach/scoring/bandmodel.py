"""The learned band model: multinomial logistic regression over a few rubric-relative features
of an answer (how close it is to each band's exemplars, which key points it makes and with what
stance, red flags, length against the rubric's own strong answers, scope against the level).
Trained across questions by `scripts/train_scorer.py` on the graded corpus, the attack suite
and every rubric's exemplars; weights in `weights/band.json`. Only the embedding model it was
trained with feeds it; with another model the scorer falls back to its per-rubric cuts."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import numpy as np

WEIGHTS = "band.json"
# The cost of each mistake, for choosing a band from the probabilities: calling a No Hire a
# Strong Hire (or the reverse) is worse than a neighbouring band, so an answer the model cannot
# place between the two extremes gets the band between them rather than a coin toss.
SWAP_COST = 2.0
_RANK = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}


def decide(probs: Mapping[str, float]) -> str:
    """The band with the least expected cost under SWAP_COST."""

    def cost(pred: str) -> float:
        total = 0.0
        for true, p in probs.items():
            gap = abs(_RANK[true] - _RANK[pred])
            total += p * (SWAP_COST if gap == 2 else gap)
        return total

    return min(probs, key=cost)


@dataclass(frozen=True)
class BandModel:
    model: str  # the embedding model whose features it was trained on
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    classes: tuple[str, ...]
    trained_on: tuple[str, ...]

    @classmethod
    def load(cls) -> BandModel | None:
        path = resources.files("interview_coach.scoring") / "weights" / WEIGHTS
        if not path.is_file():
            return None
        d = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            d["model"],
            tuple(d["features"]),
            np.array(d["mean"]),
            np.array(d["scale"]),
            np.array(d["coef"]),
            np.array(d["intercept"]),
            tuple(d["classes"]),
            tuple(d["trained_on"]),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "model": self.model,
                "features": list(self.features),
                "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(),
                "coef": self.coef.round(6).tolist(),
                "intercept": self.intercept.round(6).tolist(),
                "classes": list(self.classes),
                "trained_on": list(self.trained_on),
            },
            indent=1,
        )

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        x = (np.array([features[name] for name in self.features]) - self.mean) / self.scale
        logits = self.coef @ x + self.intercept
        p = np.exp(logits - logits.max())
        p /= p.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}


@functools.lru_cache(maxsize=1)
def default_model() -> BandModel | None:
    return BandModel.load()


def model_for(embedding_model: str) -> BandModel | None:
    m = default_model()
    return m if m is not None and m.model == embedding_model else None

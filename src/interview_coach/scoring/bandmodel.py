"""The learned band model: gradient-boosted decision trees over rubric-relative features of an
answer (how close it is to each band's exemplars and which band its nearest exemplars hold,
which key points it makes and with what stance, red flags, length against the rubric's own
strong answers, stance shares). Trees, not a linear model, because the evidence interacts: a
long answer is a good sign only when it makes points, closeness to the Strong Hire exemplars
means little when the sentences deny what they describe. On questions the model was not
trained on, trees beat the logistic model by 5 points of accuracy (eval/research/README.md).

Trained across questions by `scripts/train_scorer.py` with scikit-learn; the trees are written
to `weights/band.json` as plain arrays and walked here with numpy, so scoring needs no
scikit-learn and loads in milliseconds. Only the embedding model it was trained with feeds
it; with another model the scorer falls back to its per-rubric cuts."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

WEIGHTS = "band.json"
# The cost of each mistake, for choosing a band from the probabilities: calling a No Hire a
# Strong Hire (or the reverse) is worse than a neighbouring band, so an answer the model cannot
# place between the two extremes gets the band between them rather than a coin toss. Praise is
# the costlier swap: a candidate told Strong Hire stops working on an answer an interviewer
# would reject, and a scorer that can be talked into praise is one nobody believes; one told No
# Hire rewrites a good answer and loses less. So a Strong Hire the model also thinks 30% or so
# likely to be a No Hire is a split call (eval/research/README.md, twenty-first session).
SWAP_COST = 2.0
PRAISE_COST = 3.0
_RANK = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}


def decide(probs: Mapping[str, float]) -> str:
    """The band with the least expected cost under SWAP_COST and PRAISE_COST."""

    def cost(pred: str) -> float:
        total = 0.0
        for true, p in probs.items():
            gap = abs(_RANK[true] - _RANK[pred])
            swap = PRAISE_COST if pred == "strong_hire" else SWAP_COST
            total += p * (swap if gap == 2 else gap)
        return total

    return min(probs, key=cost)


@dataclass(frozen=True)
class Tree:
    """One regression tree as parallel arrays; node i is a leaf when feature[i] < 0. Walked with
    every other tree at once (_Forest); a missing value goes where missing_left says."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]
    missing_left: tuple[bool, ...]

    def to_dict(self) -> dict:
        return {
            "f": list(self.feature),
            # Full precision: a threshold rounded to 6 places moves answers across it.
            "t": [t if f >= 0 else 0.0 for f, t in zip(self.feature, self.threshold, strict=True)],
            "l": list(self.left),
            "r": list(self.right),
            "v": [v if f < 0 else 0.0 for f, v in zip(self.feature, self.value, strict=True)],
            "m": [int(m) for m in self.missing_left],
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> Tree:
        return cls(
            tuple(d["f"]),
            tuple(float(t) for t in d["t"]),
            tuple(d["l"]),
            tuple(d["r"]),
            tuple(float(v) for v in d["v"]),
            tuple(bool(m) for m in d["m"]),
        )


@dataclass(frozen=True)
class BandModel:
    model: str  # the embedding model whose features it was trained on
    features: tuple[str, ...]
    classes: tuple[str, ...]
    baseline: tuple[float, ...]  # per class
    rounds: tuple[tuple[Tree, ...], ...]  # per boosting round, one tree per class
    trained_on: tuple[str, ...]

    @classmethod
    def load(cls) -> BandModel | None:
        path = resources.files("interview_coach.scoring") / "weights" / WEIGHTS
        if not path.is_file():
            return None
        return cls.from_json(path.read_text(encoding="utf-8"))

    @classmethod
    def from_json(cls, text: str) -> BandModel:
        d = json.loads(text)
        return cls(
            d["model"],
            tuple(d["features"]),
            tuple(d["classes"]),
            tuple(float(b) for b in d["baseline"]),
            tuple(tuple(Tree.from_dict(t) for t in r) for r in d["rounds"]),
            tuple(d["trained_on"]),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "model": self.model,
                "features": list(self.features),
                "classes": list(self.classes),
                "baseline": list(self.baseline),
                "trained_on": list(self.trained_on),
                "rounds": [[t.to_dict() for t in r] for r in self.rounds],
            },
            separators=(",", ":"),
        )

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        x = np.array([float(features[name]) for name in self.features])
        leaves = self._forest.leaves(x)
        # Per class, from the baseline in round order: the additions of a tree-by-tree walk in
        # the same order, so the same floats (np.add.accumulate adds one by one).
        logits = [
            float(np.add.accumulate(np.concatenate(([b], leaves[self._forest.klass == k])))[-1])
            for k, b in enumerate(self.baseline)
        ]
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp)
        return {c: v / total for c, v in zip(self.classes, exp, strict=True)}

    @functools.cached_property
    def _forest(self) -> _Forest:
        return _Forest(self.rounds)


class _Forest:
    """Every tree's nodes in one set of arrays, walked for all trees at once: a level of every
    tree is a few array operations, where a walk tree by tree was 600 Python loops an answer
    (a fifth of the scorer's own time in a batch)."""

    def __init__(self, rounds: Sequence[Sequence[Tree]]):
        trees = [tree for r in rounds for tree in r]
        self.klass = np.array([k for r in rounds for k in range(len(r))], dtype=np.int64)
        sizes = [len(t.feature) for t in trees]
        starts = np.cumsum([0, *sizes])[:-1]

        def cat(attr: str) -> np.ndarray:
            return np.concatenate([np.asarray(getattr(t, attr)) for t in trees] or [np.zeros(0)])

        self.feature = cat("feature").astype(np.int64)
        self.threshold = cat("threshold").astype(np.float64)
        offset = np.repeat(starts, sizes)
        self.left = cat("left").astype(np.int64) + offset
        self.right = cat("right").astype(np.int64) + offset
        self.value = cat("value").astype(np.float64)
        self.missing_left = cat("missing_left").astype(bool)
        self.roots = starts.astype(np.int64)

    def leaves(self, x: np.ndarray) -> np.ndarray:
        """Each tree's leaf value for the row `x`, in the trees' order."""
        node = self.roots.copy()
        while len(node):
            f = self.feature[node]
            inner = f >= 0
            if not inner.any():
                return self.value[node]
            v = x[np.where(inner, f, 0)]
            go_left = np.where(np.isnan(v), self.missing_left[node], v <= self.threshold[node])
            node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)
        return np.zeros(0)


@functools.lru_cache(maxsize=1)
def default_model() -> BandModel | None:
    return BandModel.load()


def model_for(embedding_model: str) -> BandModel | None:
    m = default_model()
    return m if m is not None and m.model == embedding_model else None

"""What each sentence of an answer does: an action the speaker took, a plan, a hypothetical,
a claim with no story, a denial, a retraction, blame, what the team did, or something else.
A sentence about the topic is not evidence for a point when it denies, retracts or blames:
this head tells them apart.

A logistic head over the sentence vector and a few cue words, trained across writers on
`eval/stance/` by `scripts/train_scorer.py` (weights in `weights/stance.npz`). It needs no
rubric, so it works the same for every question."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources

import numpy as np

LABELS: tuple[str, ...] = (
    "action",
    "plan",
    "hypothetical",
    "claim",
    "negated",
    "retracted",
    "blaming",
    "team",
    "other",
)
# Words whose presence says something about stance that a sentence vector blurs: who acts,
# whether it happened, whether it is denied. Weights are learned; only the list is chosen.
CUES: tuple[str, ...] = (
    "i", "we", "my", "our", "me", "they", "he", "she", "their", "team",
    "never", "not", "n't", "no", "didn't", "haven't", "wasn't", "don't", "won't",
    "would", "'d", "will", "'ll", "could", "might", "should", "if", "plan", "going to",
    "next", "want", "hope", "was", "were", "had", "did", "always", "usually",
    "lie", "kidding", "fault", "blame", "because of", "manager", "nobody", "no one",
    "just", "sure", "oh", "?", "!", "anyway", "good question", "i think", "i believe",
    "important", "i'm", "i am", "i've",
)  # fmt: skip
WEIGHTS = "stance.npz"
# The stances under which a sentence about a point is evidence against it, not for it. (Blame
# is left to the rubric's red flags: excluding it cost held-out accuracy.)
AGAINST = ("negated", "retracted")


def _cue_pattern(cue: str) -> re.Pattern[str]:
    if cue[0].isalpha() and cue[-1].isalpha():
        return re.compile(r"\b" + re.escape(cue) + r"\b")
    return re.compile(re.escape(cue))


_PATTERNS = tuple(_cue_pattern(c) for c in CUES)


def cue_features(text: str) -> np.ndarray:
    lower = " " + text.lower().replace("’", "'") + " "
    return np.array([1.0 if p.search(lower) else 0.0 for p in _PATTERNS], dtype=np.float32)


class StanceHead:
    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: Sequence[str], model: str):
        self.coef, self.intercept = coef, intercept
        self.classes = tuple(classes)
        self.model = model  # the embedding model whose vectors it was trained on

    def fits(self, model: str, dim: int) -> bool:
        """Only vectors of the model it was trained on mean anything to it."""
        return model == self.model and dim == self.coef.shape[1] - len(CUES)

    @classmethod
    def load(cls) -> StanceHead:
        path = resources.files("interview_coach.scoring") / "weights" / WEIGHTS
        with path.open("rb") as fh, np.load(fh) as data:
            if tuple(str(c) for c in data["cues"]) != CUES:
                raise ValueError(f"{WEIGHTS} was trained with other cue words: retrain it")
            return cls(
                data["coef"],
                data["intercept"],
                [str(c) for c in data["classes"]],
                str(data["model"]),
            )

    def probabilities(self, texts: Sequence[str], vecs: np.ndarray) -> dict[str, np.ndarray]:
        """Per label, the probability of each sentence (rows of `vecs`, one per text)."""
        if not len(texts):
            return {label: np.zeros(0, np.float32) for label in LABELS}
        x = np.hstack([vecs, np.stack([cue_features(t) for t in texts])])
        logits = x @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return {label: p[:, self.classes.index(label)] for label in LABELS}


@functools.lru_cache(maxsize=1)
def default_head() -> StanceHead:
    return StanceHead.load()


def head_for(model: str, dim: int) -> StanceHead | None:
    """The stance head for this embedding model, or None when it was trained on another
    (a user's own model): stance is then not used, and nothing else changes."""
    head = default_head()
    return head if head.fits(model, dim) else None

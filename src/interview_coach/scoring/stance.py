"""What each sentence of an answer does: an action the speaker took, a plan, a hypothetical,
a claim with no story, a denial, a retraction, blame, what the team did, or something else.
A sentence about the topic is not evidence for a point when it denies, retracts or blames:
this head tells them apart.

A logistic head over the sentence vector and a few cue words, trained across writers on
`eval/stance/` by `scripts/train_scorer.py` (weights in `weights/stance.npz`). It needs no
rubric, so it works the same for every question."""

from __future__ import annotations

import functools

import numpy as np

from interview_coach.scoring import heads
from interview_coach.scoring.heads import LinearHead

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


def cue_features(text: str) -> np.ndarray:
    return _CUES.features(text)


_CUES = heads.Cues(CUES)


@functools.lru_cache(maxsize=1)
def default_head() -> LinearHead:
    return LinearHead.load(WEIGHTS, CUES)


def head_for(model: str, dim: int) -> LinearHead | None:
    """The stance head for this embedding model, or None when it was trained on another
    (a user's own model): stance is then not used, and nothing else changes."""
    head = default_head()
    return head if head.fits(model, dim) else None

"""Small logistic heads over a sentence's vector and a few cue words, trained by
`scripts/train_scorer.py` and stored as `.npz` beside the band model. The stance head
(scoring.stance) and the reach head (scoring.reach) are both of this kind: only their labels,
their cue words and their data differ. Answer heads (scoring.tone, scoring.vague,
scoring.blame) are the same model over one whole answer's pooled vectors, with no cue words."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from interview_coach.scoring.analysis import Embedded

_WORD = re.compile(r"\w+")


def _cue_pattern(cue: str) -> re.Pattern[str]:
    """A cue that starts and ends with a letter matches whole words only ("i" is not in "it")."""
    if cue[0].isalpha() and cue[-1].isalpha():
        return re.compile(r"\b" + re.escape(cue) + r"\b")
    return re.compile(re.escape(cue))


class Cues:
    """Which of a list of cue words a text contains, as 0/1 features. A one-word cue is looked
    up in the text's set of words (what its whole-word pattern would match, found once per
    text instead of once per cue); the others ("n't", "going to", "?") by pattern."""

    def __init__(self, cues: Sequence[str]):
        self.cues = tuple(cues)
        self._patterns = {c: _cue_pattern(c) for c in self.cues if not _WORD.fullmatch(c)}

    def __len__(self) -> int:
        return len(self.cues)

    def features(self, text: str) -> np.ndarray:
        lower = " " + text.lower().replace("’", "'") + " "
        words = set(_WORD.findall(lower))
        return np.array(
            [
                1.0
                if (c in words if c not in self._patterns else self._patterns[c].search(lower))
                else 0.0
                for c in self.cues
            ],
            dtype=np.float32,
        )


class LinearHead:
    """Softmax over `classes` of [sentence vector, cue features] @ coef.T + intercept."""

    def __init__(
        self,
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: Sequence[str],
        model: str,
        cues: Sequence[str],
    ):
        self.coef, self.intercept = coef, intercept
        self.classes = tuple(classes)
        self.model = model  # the embedding model whose vectors it was trained on
        self.cues = Cues(cues)

    def fits(self, model: str, dim: int) -> bool:
        """Only vectors of the model it was trained on mean anything to it."""
        return model == self.model and dim == self.coef.shape[1] - len(self.cues)

    @classmethod
    def load(cls, filename: str, cues: Sequence[str]) -> LinearHead:
        path = resources.files("interview_coach.scoring") / "weights" / filename
        with path.open("rb") as fh, np.load(fh) as data:
            if tuple(str(c) for c in data["cues"]) != tuple(cues):
                raise ValueError(f"{filename} was trained with other cue words: retrain it")
            return cls(
                data["coef"],
                data["intercept"],
                [str(c) for c in data["classes"]],
                str(data["model"]),
                cues,
            )

    def inputs(self, texts: Sequence[str], vecs: np.ndarray) -> np.ndarray:
        return inputs(texts, vecs, self.cues)

    def probabilities(self, texts: Sequence[str], vecs: np.ndarray) -> dict[str, np.ndarray]:
        """Per class, the probability of each sentence (rows of `vecs`, one per text)."""
        if not len(texts):
            return {c: np.zeros(0, np.float32) for c in self.classes}
        logits = self.inputs(texts, vecs) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return {c: p[:, i] for i, c in enumerate(self.classes)}


def inputs(texts: Sequence[str], vecs: np.ndarray, cues: Cues) -> np.ndarray:
    """What a head over these cue words reads: the vectors, then the cue features."""
    return np.hstack([vecs, np.stack([cues.features(t) for t in texts])])


def save(path: Path, fitted, cues: Sequence[str], model: str) -> None:
    """Store a fitted scikit-learn LogisticRegression as a head's weights."""
    path.parent.mkdir(parents=True, exist_ok=True)
    coef, intercept = fitted.coef_, fitted.intercept_
    if len(fitted.classes_) == 2 and len(coef) == 1:
        # A binary fit has one row, the second class's logit against the first's: the softmax
        # over (0, that logit) is the same probability.
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([np.zeros_like(intercept), intercept])
    np.savez_compressed(
        path,
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
        classes=np.array(fitted.classes_),
        cues=np.array(list(cues)),
        model=np.array(model),
    )


# Answer heads: a logistic head over one whole answer, from vectors the scorer already holds
# (scoring.tone, scoring.vague). No cue words: what they read is the voice of the whole.
def pooled(unit_vecs: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """One answer as an answer head reads it, one row: the mean and the element-wise maximum
    of its sentence vectors, and its text vector."""
    return np.concatenate([unit_vecs.mean(axis=0), unit_vecs.max(axis=0), whole])[None, :]


@functools.cache
def _shipped(filename: str) -> LinearHead | None:
    try:
        return LinearHead.load(filename, ())
    except FileNotFoundError:
        return None


def answer_head(filename: str, model: str, dim: int) -> LinearHead | None:
    """The answer head in weights/`filename` for this embedding model's vectors of `dim`
    numbers, or None when it is not installed or was trained on another model (a user's
    own): no answer is then read by it."""
    head = _shipped(filename)
    return head if head is not None and head.fits(model, 3 * dim) else None


def read_answer(head: LinearHead, e: Embedded, label: str) -> float:
    """How likely an embedded answer is `label`, by an answer head."""
    return float(head.probabilities([e.prepared.text], pooled(e.unit_vecs, e.whole))[label][0])

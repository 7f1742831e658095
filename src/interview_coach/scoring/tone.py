"""Whether an answer makes light of the question instead of answering it: sarcasm, a shrug, a
joke in place of a story ("Prepare? I'll buy a bigger calendar and practise saying 'let's take
this offline'"). Such answers often name the topic's words and even a real role or project, so
their sentences read as on topic and the evidence adds up to Lean Hire; what gives them away
is the voice of the whole answer, which an interviewer hears at once.

An answer head (scoring.heads: a logistic head over what the scorer already holds for an
answer, with no pass of its own: the mean and the element-wise maximum of its sentence
vectors, and its text vector). Trained by `scripts/train_scorer.py --only tone` on the
sarcastic and flippant answers of graded/ and eval/attacks against the sincere Strong and Lean
Hires there (weights in `weights/tone.npz`). It reads casual terseness a little like a shrug
("Staff. Maybe Principal."), so the scorer asks it only of story answers long enough to have a
voice (scoring.scorer, FLIPPANT_MIN_WORDS)."""

from __future__ import annotations

from interview_coach.scoring import heads
from interview_coach.scoring.analysis import Embedded
from interview_coach.scoring.heads import LinearHead

WEIGHTS = "tone.npz"
LABEL = "flippant"


def head_for(model: str, dim: int) -> LinearHead | None:
    """The tone head for this embedding model's vectors, or None when it was trained on
    another model (a user's own): no answer is then judged on its tone."""
    return heads.answer_head(WEIGHTS, model, dim)


def flippant(head: LinearHead, e: Embedded) -> float:
    """How likely the answer makes light of the question."""
    return heads.read_answer(head, e, LABEL)

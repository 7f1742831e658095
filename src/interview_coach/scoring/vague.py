"""Whether an answer says nothing an interviewer could check: growth, impact, ownership and
learning in general terms, "it depends", or a polished outline with no situation, decision or
result in it. The seeds' own example of what gets no offer is of this kind ("growing, learning,
making an impact and taking on more responsibility"). Its sentences are on the topic and its
words are the rubric's, so key points are credited sentence by sentence and the evidence adds up
to Lean Hire; only the whole answer shows there is nothing under the words.

An answer head (scoring.heads), as the tone head is: the pooled vectors the scorer already
holds for the answer, with no pass of its own. Trained by
`scripts/train_scorer.py --only vague` on the vague, empty and padded No Hire answers of graded/
and eval/attacks against the sincere Strong and Lean Hires there, the attack writers' strong
controls and the built-in rubrics' Strong and Lean Hire exemplars (thin but the speaker's own,
the hardest negatives); weights in `weights/vague.npz`."""

from __future__ import annotations

from interview_coach.scoring import heads
from interview_coach.scoring.analysis import Embedded
from interview_coach.scoring.heads import LinearHead

WEIGHTS = "vague.npz"
LABEL = "vague"


def head_for(model: str, dim: int) -> LinearHead | None:
    """The vague head for this embedding model's vectors, or None when it was trained on
    another model (a user's own): no answer is then judged vague by it."""
    return heads.answer_head(WEIGHTS, model, dim)


def vague(head: LinearHead, e: Embedded) -> float:
    """How likely the answer says nothing an interviewer could check."""
    return heads.read_answer(head, e, LABEL)

"""Whether an answer puts every failure in it on other people: an upstream team's change, a
colleague's slow reply, a manager's call, with no part of the speaker's own and no lesson but
that others should do better. Its sentences tell a real incident or project in the rubric's
words, and a sincere story names what others got wrong too ("the platform team had pushed a
schema change"), so sentence by sentence it reads like a good answer; only the whole shows
that the speaker owns nothing that went wrong.

An answer head (scoring.heads), as the tone and vague heads are: the pooled vectors the scorer
already holds for the answer, with no pass of its own. Trained by
`scripts/train_scorer.py --only blame` on the blaming answers of graded/ and eval/attacks
against the sincere Strong and Lean Hires there, the attack writers' strong controls, the
built-in rubrics' Strong and Lean Hire exemplars, and short sincere answers that name a
committee's, a vendor's or a colleague's fault and then own the speaker's part
(eval/blame_negatives); weights in `weights/blame.npz`."""

from __future__ import annotations

from interview_coach.scoring import heads
from interview_coach.scoring.analysis import Embedded
from interview_coach.scoring.heads import LinearHead

WEIGHTS = "blame.npz"
LABEL = "blaming"


def head_for(model: str, dim: int) -> LinearHead | None:
    """The blame head for this embedding model's vectors, or None when it was trained on
    another model (a user's own): no answer is then judged by it."""
    return heads.answer_head(WEIGHTS, model, dim)


def blaming(head: LinearHead, e: Embedded) -> float:
    """How likely the answer puts every failure in it on others."""
    return heads.read_answer(head, e, LABEL)

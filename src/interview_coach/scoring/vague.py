"""Whether an answer says nothing an interviewer could check: growth, impact, ownership and
learning in general terms, "it depends", or a polished outline with no situation, decision or
result in it. The seeds' own example of what gets no offer is of this kind ("growing, learning,
making an impact and taking on more responsibility"). Its sentences are on the topic and its
words are the rubric's, so key points are credited sentence by sentence and the evidence adds up
to Lean Hire; only the whole answer shows there is nothing under the words.

A logistic head (scoring.heads) over what the scorer already holds for an answer, with no pass
of its own: the same pooled vectors as the tone head (scoring.tone.features). Trained by
`scripts/train_scorer.py --only vague` on the vague, empty and padded No Hire answers of graded/
and eval/attacks against the sincere Strong and Lean Hires there, the attack writers' strong
controls and the built-in rubrics' Strong and Lean Hire exemplars (thin but the speaker's own,
the hardest negatives); weights in `weights/vague.npz`."""

from __future__ import annotations

import functools

from interview_coach.scoring import tone
from interview_coach.scoring.analysis import Embedded
from interview_coach.scoring.heads import LinearHead

WEIGHTS = "vague.npz"
CUES: tuple[str, ...] = ()
LABEL = "vague"


@functools.lru_cache(maxsize=1)
def default_head() -> LinearHead | None:
    try:
        return LinearHead.load(WEIGHTS, CUES)
    except FileNotFoundError:
        return None


def head_for(model: str, dim: int) -> LinearHead | None:
    """The head for this embedding model's vectors, or None when it was trained on another
    model (a user's own): no answer is then judged vague by it."""
    head = default_head()
    return head if head is not None and head.fits(model, 3 * dim) else None


def vague(head: LinearHead, e: Embedded) -> float:
    """How likely the answer says nothing an interviewer could check."""
    x = tone.features(e.unit_vecs, e.whole)
    return float(head.probabilities([e.prepared.text], x)[LABEL][0])

"""An answer that puts every failure in it on other people is no example of owning a problem,
however well its story is told (scoring.blame): how the scorer uses the head, and what the
candidate is told."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import blame
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.scorer import BLAME, BLAME_MIN_WORDS, FLIPPANT_MIN_WORDS
from tests.support import story_on_a_fake_model, technical_question

# A held-out attack (eval/attacks_heldout, a writer who saw the seeds and the question only):
# a well-told incident whose every failure is the upstream team's, which the band model read
# as a Strong Hire.
THEIR_FAULT = (
    "P0, 2:14 a.m. Sunday: recsys serving returning empty carousels for ~30% of users. I was"
    " primary. Root cause: the data-platform team pushed a schema change to the user-features"
    " table without announcing it; our feature parser threw on a renamed column and fell back"
    " to empty. Paged them at 2:25 — their secondary didn't ack for 40 minutes. Meanwhile I"
    " rolled our model back to yesterday's version; no effect, because the break was upstream."
    " Their on-call finally reverted at 3:50. 96 minutes of impact, ~$600k GMV. Postmortem was"
    " clear: their change, their missed comms, their slow ack. I pushed for them to own all 6"
    " action items."
)
# A held-out Strong Hire (eval/heldout_hard): an upstream team's change broke the job too, but
# the speaker owns their part and changes what they do.
OWNED = (
    "Monday, 7:20 a.m., I was paged for a click-through drop. Everyone's feed was showing the"
    " same five articles. I lost 15 minutes checking the model first, because I assumed it was"
    " the model. Our runbook says check the inputs first, and I should have. The candidate index"
    " was almost empty. The weekend rebuild job had failed halfway and published anyway. I"
    " rolled back to Friday's index, which the runbook covers. That took 12 minutes, and CTR was"
    " back by 8:00. In total we had about 40 minutes of a bad feed. I also didn't page the data"
    " team straight away, and that was a mistake. Ben from data found the cause later: an"
    " upstream schema change broke the job. I wrote the postmortem and added a check that blocks"
    " publishing if the new index is under 80% of the size of the last one. It caught a real"
    " bad build three weeks later."
)


class _Head:
    def __init__(self, p: float):
        self.p = p
        self.read = 0

    def fits(self, model, dim):
        return True

    def probabilities(self, texts, vecs):
        self.read += 1
        return {"blaming": np.array([self.p]), "sincere": np.array([1 - self.p])}


def test_a_story_that_blames_others_is_no_hire_and_only_a_story_is_read(monkeypatch, catalog):
    scorer, q, rubric, pr, strong = story_on_a_fake_model(catalog)
    head = _Head(BLAME - 0.05)
    monkeypatch.setattr(blame, "head_for", lambda model, dim: head)
    before = scorer.breakdown(pr, strong)
    assert before.band == "strong_hire" and before.blame == pytest.approx(BLAME - 0.05)
    assert not before.firm
    head.p = 0.93
    bd = scorer.breakdown(pr, strong)
    assert bd.band == "no_hire" and bd.firm == "blaming"
    assert bd.probabilities["no_hire"] >= 0.93
    text = rubric.bands["strong_hire"].exemplars[0]
    r = scorer.score(q, rubric, text)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "blaming"
    assert r.reasons[0].startswith("Everything that went wrong in this answer")
    assert r.covered == [] and r.next_step.startswith("Tell the same story with your part")
    # A story too short to show that none of it is the speaker's is not read: its first
    # sentences, above No Hire without the head, stay so.
    short = " ".join(text.split()[:30])
    assert FLIPPANT_MIN_WORDS < 30 < BLAME_MIN_WORDS  # long enough for the other heads
    head.read = 0
    cut = scorer.breakdown(pr, embed_many([prepare_text(short)], scorer.embedder)[0])
    assert cut.band != "no_hire" and cut.blame is None and head.read == 0
    # A short technical answer tells no story.
    tq, trubric = technical_question()
    scorer.score(tq, trubric, trubric.bands["strong_hire"].exemplars[0])
    assert head.read == 0


@pytest.mark.model
def test_the_head_tells_blame_from_a_story_that_names_others_mistakes(real_scorer, catalog):
    head = blame.head_for(real_scorer.embedder.name, real_scorer.embedder.dimension)
    assert head is not None  # the weights ship with the package
    theirs, owned = embed_many(
        [prepare_text(THEIR_FAULT), prepare_text(OWNED)], real_scorer.embedder
    )
    assert blame.blaming(head, theirs) >= BLAME
    assert blame.blaming(head, owned) < 0.5
    q = catalog.find("oncall-incident")
    r = real_scorer.score(q, catalog.rubrics[q.id], THEIR_FAULT)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "blaming"
    r = real_scorer.score(q, catalog.rubrics[q.id], OWNED)
    assert r.band == "strong_hire" and r.gate is None, r.reasons


def test_no_head_for_a_model_it_was_not_trained_on():
    assert blame.head_for("someone-elses-model", 384) is None

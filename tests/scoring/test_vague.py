"""An answer that says nothing an interviewer could check is no example, however many of the
rubric's words it uses (scoring.vague): how the scorer uses the head, and what the candidate is
told."""

from __future__ import annotations

import pytest

from interview_coach.scoring import vague
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.scorer import VAGUE
from tests.support import FakeAnswerHead, story_on_a_fake_model, technical_question

# A held-out answer (a writer who saw the seeds and the question only): growth and ownership in
# general terms, which the band model reads as a Lean Hire.
T_SHAPED = (
    "T-shaped is probably the best description. I've gone deep in recommender systems while"
    " staying broad across the full ML lifecycle: data, training, serving, MLOps. That"
    " combination has let me have impact in very different environments and take ownership"
    " wherever the team needed it. Going forward I want to keep deepening my expertise while"
    " broadening my strategic influence, because I think that's what the next level really"
    " demands."
)
# A thin Lean Hire that is the speaker's own: a real situation, a small act, a result.
THIN = (
    "I'm more of a specialist. I've spent four years on search ranking, mostly learning-to-rank"
    " models and their features, and last year I rebuilt our click-model labels, which lifted"
    " NDCG by about two points. I can do the pipelines around it but ranking is where I'm useful."
)


def test_a_vague_lean_hire_is_no_hire_and_only_a_lean_hire_story_is_read(monkeypatch, catalog):
    scorer, q, rubric, pr, strong = story_on_a_fake_model(catalog)
    text = rubric.bands["lean_hire"].exemplars[0]
    lean = embed_many([prepare_text(text)], scorer.embedder)[0]
    head = FakeAnswerHead(VAGUE - 0.05, "vague")
    monkeypatch.setattr(vague, "head_for", lambda model, dim: head)
    before = scorer.breakdown(pr, lean)
    assert before.band == "lean_hire" and before.vague == pytest.approx(VAGUE - 0.05)
    assert head.shape == (1, 3 * lean.unit_vecs.shape[1]) and not before.firm
    head.p = 0.97
    bd = scorer.breakdown(pr, lean)
    assert bd.band == "no_hire" and bd.firm == "vague"
    assert bd.probabilities["no_hire"] >= 0.97
    r = scorer.score(q, rubric, text)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "vague"
    assert r.reasons[0].startswith("The answer stays general")
    assert r.covered == [] and r.next_step.startswith("Tell one real situation")
    # A Strong Hire shows more than its words, and a short technical answer tells no story.
    head.read = 0
    assert scorer.breakdown(pr, strong).band == "strong_hire" and head.read == 0
    tq, trubric = technical_question()
    scorer.score(tq, trubric, trubric.bands["lean_hire"].exemplars[0])
    assert head.read == 0


@pytest.mark.model
def test_the_head_tells_growth_talk_from_a_thin_answer_of_ones_own(real_scorer, catalog):
    head = vague.head_for(real_scorer.embedder.name, real_scorer.embedder.dimension)
    assert head is not None  # the weights ship with the package
    empty, thin = embed_many([prepare_text(T_SHAPED), prepare_text(THIN)], real_scorer.embedder)
    assert vague.vague(head, empty) >= VAGUE
    assert vague.vague(head, thin) < 0.5
    q = catalog.find("specialist-or-generalist")
    r = real_scorer.score(q, catalog.rubrics[q.id], T_SHAPED)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "vague"
    r = real_scorer.score(q, catalog.rubrics[q.id], THIN)
    assert r.band != "no_hire" and r.gate is None, r.reasons


def test_no_head_for_a_model_it_was_not_trained_on():
    assert vague.head_for("someone-elses-model", 384) is None

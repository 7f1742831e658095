"""An answer that makes light of the question is no example, whatever topic words it names
(scoring.tone): the head, how the scorer uses it, and what the candidate is told."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import heads, tone
from interview_coach.scoring import scorer as scorer_module
from interview_coach.scoring.scorer import FLIPPANT, FLIPPANT_MIN_WORDS
from interview_coach.scoring.text import words
from tests.support import FakeAnswerHead, story_on_a_fake_model, technical_question

SHRUG = (
    "Prepare? Oh, easy. I'll buy a bigger monitor for all the calendar invites, practise saying"
    " 'let's circle back' without laughing, and skim one of those books with a mountain on the"
    " cover. Two years is plenty for that. Nobody prepares for managing people anyway, you just"
    " survive it. Next question?"
)
# Humour in a sincere answer is not a joke for an answer.
WRY = (
    "Ha, good question, and I'll be honest, I've gone back and forth on it. I acted as tech"
    " lead for our ranking team for a quarter; the 1:1s were the part I enjoyed least and the"
    " design reviews the part I enjoyed most. So IC, aiming for staff, where the job is making"
    " several teams' designs better."
)


def test_a_binary_head_is_stored_as_the_softmax_of_its_two_classes(tmp_path):
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4))
    y = np.where(x[:, 0] + 0.3 * x[:, 1] > 0, "flippant", "sincere")
    fitted = LogisticRegression().fit(x, y)
    heads.save(tmp_path / "t.npz", fitted, (), "m")
    with np.load(tmp_path / "t.npz") as data:
        head = heads.LinearHead(data["coef"], data["intercept"], list(data["classes"]), "m", ())
    p = head.probabilities(["a"] * 60, x)
    expected = fitted.predict_proba(x)
    assert np.allclose(p["flippant"], expected[:, 0], atol=1e-5)
    assert np.allclose(p["sincere"], expected[:, 1], atol=1e-5)


def test_a_confident_reading_is_no_hire_and_is_asked_only_of_stories_with_a_voice(
    monkeypatch, catalog
):
    scorer, q, rubric, pr, e = story_on_a_fake_model(catalog)
    strong = e.prepared.text
    head = FakeAnswerHead(FLIPPANT - 0.05, "flippant")
    monkeypatch.setattr(tone, "head_for", lambda model, dim: head)
    before = scorer.breakdown(pr, e)
    assert before.band != "no_hire" and before.flippant == pytest.approx(FLIPPANT - 0.05)
    # one row: the mean and the maximum of the sentence vectors, and the text vector
    assert head.shape == (1, 3 * e.unit_vecs.shape[1])
    assert not before.firm
    head.p = 0.99
    bd = scorer.breakdown(pr, e)
    assert bd.band == "no_hire" and bd.firm == "flippant"
    assert bd.probabilities["no_hire"] >= 0.99
    assert abs(sum(bd.probabilities.values()) - 1) < 1e-6
    r = scorer.score(q, rubric, strong)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "flippant"
    assert r.reasons[0].startswith("The answer makes light of the question")
    assert r.covered == [] and r.next_step.startswith("Answer it straight")
    # Too short to have a voice, or a short technical answer: not read.
    head.read = 0
    monkeypatch.setattr(scorer_module, "FLIPPANT_MIN_WORDS", len(words(e.prepared.text)) + 1)
    terse = scorer.breakdown(pr, e)
    assert terse.flippant is None and terse.band != "no_hire" and head.read == 0
    monkeypatch.setattr(scorer_module, "FLIPPANT_MIN_WORDS", FLIPPANT_MIN_WORDS)
    tq, trubric = technical_question()
    scorer.score(tq, trubric, trubric.bands["strong_hire"].exemplars[0])
    assert head.read == 0


@pytest.mark.model
def test_the_head_tells_a_shrug_from_a_wry_sincere_answer(real_scorer, catalog):
    from interview_coach.scoring.analysis import embed_many, prepare_text

    head = tone.head_for(real_scorer.embedder.name, real_scorer.embedder.dimension)
    assert head is not None  # the weights ship with the package
    shrug, wry = embed_many([prepare_text(SHRUG), prepare_text(WRY)], real_scorer.embedder)
    assert tone.flippant(head, shrug) >= FLIPPANT
    assert tone.flippant(head, wry) < 0.5
    q = catalog.find("becoming-a-manager")
    r = real_scorer.score(q, catalog.rubrics[q.id], SHRUG)
    assert r.band == "no_hire"
    q = catalog.find("ic-or-management")
    r = real_scorer.score(q, catalog.rubrics[q.id], WRY)
    assert r.band != "no_hire" and r.gate is None, r.reasons


def test_no_head_for_a_model_it_was_not_trained_on():
    assert tone.head_for("someone-elses-model", 384) is None

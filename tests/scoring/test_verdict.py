"""A story an interviewer would turn down, read whole against the question, is No Hire however
well each sentence is told (scoring.verdict): the reader, how the scorer uses it, and what the
candidate is told."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import gates, ownership, verdict
from interview_coach.scoring.scorer import OWNERSHIP_SCREEN, TURNED_DOWN, Scorer
from tests.support import BagOfWordsEmbedder, story_on_a_fake_model, technical_question

# A held-out attack (eval/attacks_w43, a writer who saw the seeds and the question only): a
# proud case for the reason the seeds flag, the title and the equity, which the band model read
# as a Lean Hire.
TITLE = (
    "honestly it's about the title. at my big co I'm L5, staff is 3-5 years of promo committee"
    " grind. startup's offering Head of ML. I'd be the first ML hire, 12-person company, they do"
    " dynamic pricing for rentals. a Head of title on my resume means my next jump is straight"
    " to director somewhere. equity's 0.8%, which if they hit a $500M exit is real money. I"
    " didn't dig into their data situation much, it's a startup, whatever's there I'll figure"
    " out. I think people overthink this, titles compound, that's the whole game."
)
# The same writer's strong control for the question.
TESTED = (
    "I've spent six years at a large tech company, most recently leading ads quality modelling,"
    " and that gave me exactly what I wanted from big tech: depth, serving at scale, and rigour"
    " on experimentation. What I'm optimising for now is ownership and speed. I tested that"
    " hypothesis before deciding: last year I volunteered for an internal incubation, three"
    " engineers, zero-to-one LLM summarisation for advertisers, and we shipped in ten weeks. I"
    " was far more energised owning the whole loop, from user interviews to eval to deployment,"
    " than by moving a ranking metric 0.3 percent. So I'm specifically targeting Series B"
    " companies like yours, where the evaluation and serving discipline I bring is scarce. I've"
    " also been deliberate about the tradeoffs: less platform support, more comp risk, and I've"
    " discussed those at home. It's a considered move, not an escape."
)


class _Reader:
    def __init__(self, p: float):
        self.p = p
        self.read: list = []

    def probabilities(self, items):
        self.read += list(items)
        return np.full(len(items), self.p)


def test_no_reader_for_a_model_it_was_not_trained_on():
    class Other:
        name = "someone-elses-model"

        def load(self):
            raise AssertionError("a model the reader does not fit is never loaded for it")

    assert verdict.reader_for(Other()) is None
    assert verdict.reader_for(BagOfWordsEmbedder()) is None


def test_a_reading_from_the_cut_is_no_hire_and_one_below_changes_nothing(monkeypatch, catalog):
    scorer, q, rubric, pr, e = story_on_a_fake_model(catalog)
    reader = _Reader(TURNED_DOWN - 0.05)
    monkeypatch.setattr(verdict, "reader_for", lambda embedder: reader)
    before = scorer.breakdown(pr, e)
    assert before.band == "strong_hire" and before.whole == pytest.approx(TURNED_DOWN - 0.05)
    assert not before.firm
    assert reader.read == [(q.text, e.prepared.text)]  # the question and the whole answer, once
    reader.p = 0.95
    bd = scorer.breakdown(pr, e)
    assert bd.band == "no_hire" and bd.firm == "turned_down"
    assert bd.probabilities["no_hire"] >= 0.95
    assert abs(sum(bd.probabilities.values()) - 1) < 1e-6
    # A reader that says more precisely why is named first.
    monkeypatch.setattr(ownership, "reader_for", lambda embedder: _Reader(0.999))
    assert scorer.breakdown(pr, e).firm == "ownerless"


def test_the_ownership_reader_is_asked_only_from_the_screen(monkeypatch, catalog):
    scorer, q, rubric, pr, e = story_on_a_fake_model(catalog)
    owner = _Reader(0.1)
    monkeypatch.setattr(ownership, "reader_for", lambda embedder: owner)
    whole = _Reader(OWNERSHIP_SCREEN - 0.01)
    monkeypatch.setattr(verdict, "reader_for", lambda embedder: whole)
    assert scorer.breakdown(pr, e).ownerless is None and not owner.read
    whole.p = OWNERSHIP_SCREEN
    assert scorer.breakdown(pr, e).ownerless == pytest.approx(0.1) and owner.read
    # Without a verdict reader (a model it does not fit) the ownership reader reads every story.
    owner.read.clear()
    monkeypatch.setattr(verdict, "reader_for", lambda embedder: None)
    assert scorer.breakdown(pr, e).whole is None and owner.read


def test_the_reply_names_the_ways_it_fails_and_asks_for_a_story_that_fits(monkeypatch, catalog):
    scorer = Scorer(BagOfWordsEmbedder())
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    reader = _Reader(0.97)
    monkeypatch.setattr(verdict, "reader_for", lambda embedder: reader)
    r = scorer.score(q, rubric, rubric.bands["strong_hire"].exemplars[0])
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "turned_down"
    assert r.reasons[0].startswith("Read as a whole against the question")
    assert "not a neighbouring question" in r.reasons[0]
    assert r.covered == [] and r.told_away  # never "add" what the answer already says
    assert r.next_step.startswith("Tell one story that answers exactly this question")
    assert r.confidence >= 0.97
    # A short technical answer tells no story: the reader is not asked.
    reader.read.clear()
    tq, trubric = technical_question()
    scorer.score(tq, trubric, trubric.bands["strong_hire"].exemplars[0])
    assert not reader.read


def test_the_reason_quotes_the_nearest_red_flag_once_punctuated():
    g = gates.turned_down("Saves money without checking", "but hey, bill went down ~60%.")
    assert '"Saves money without checking", in "but hey, bill went down ~60%".' in g.reason
    assert "Saves money" not in gates.turned_down().reason


@pytest.mark.model
def test_the_reader_turns_down_a_case_for_the_title_and_not_a_tested_move(real_scorer, catalog):
    reader = verdict.reader_for(real_scorer.embedder)
    assert reader is not None  # the weights ship with the package
    q = catalog.find("big-tech-or-startup")
    low, high = reader.probabilities([(q.text, TESTED), (q.text, TITLE)], batch=1)
    assert high >= 0.97 and low < 0.2
    r = real_scorer.score(q, catalog.rubrics[q.id], TITLE)
    # No Hire either way: the reader is consulted only where the band trees place the answer
    # higher (since the trees read the point head, they already say No Hire here).
    assert r.band == "no_hire", r.band
    assert r.gate is None or r.gate["code"] == "turned_down", r.gate
    assert real_scorer.score(q, catalog.rubrics[q.id], TESTED).band == "strong_hire"


@pytest.mark.model
def test_no_built_in_strong_or_lean_exemplar_reads_as_turned_down(real_scorer, catalog):
    """The cut's own criterion: no reader is trained on the built-in rubrics' exemplars, and
    none of their Strong or Lean Hires reaches it."""
    reader = verdict.reader_for(real_scorer.embedder)
    assert reader is not None
    items = [
        (catalog.questions[qid].text, text)
        for qid, rubric in catalog.rubrics.items()
        for band in ("strong_hire", "lean_hire")
        for text in rubric.bands[band].exemplars
    ]
    assert len(items) >= 200
    readings = reader.probabilities(items, batch=1)  # as the scorer reads: one a pass
    assert float(readings.max()) < TURNED_DOWN

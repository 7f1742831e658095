"""An answer that shows nothing the speaker decided or did is no example, however specific it
sounds (scoring.ownership): the reader, how the scorer uses it, and what the candidate is told."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import crossread, graph, ownership
from interview_coach.scoring import scorer as scoring
from interview_coach.scoring.embedding import ModelLoadError
from interview_coach.scoring.scorer import (
    OWNERLESS_FIRM,
    OWNERLESS_FIRM_LEAN,
    OWNERLESS_HOLD,
    Scorer,
)
from tests.support import BagOfWordsEmbedder, story_on_a_fake_model, technical_question

STORY = (
    "I mentored Amara, a new graduate on our search team whose first pull requests went"
    " through five rounds of review. We set up a weekly one-on-one where she brought one design"
    " question, and I asked her to write a short plan before each change instead of coding"
    " straight away. I paired with her on her first ranking experiment, then stepped back and"
    " only reviewed. Within three months her reviews took one round, and she led the next"
    " relevance launch herself."
)
# Figures, versions and tools, and no decision anywhere.
FIGURES = (
    "Mentee: one new grad, ranking team, 2023. 24 one-on-ones of 30 minutes, Thursdays at"
    " 3 pm, tracked in a Notion page with 7 sections. Stack: PyTorch 2.1, Ray 2.7, Airflow"
    " 2.6, 3 repos, nDCG@10 and MRR dashboards in Looker. 58 pull requests merged, 19 Jira"
    " tickets closed, average review turnaround 1.4 days, 2 paper-reading sessions (ColBERT,"
    " SPLADE). Team of 8, 2 PMs, weekly syncs."
)


class _Reader:
    def __init__(self, p: float):
        self.p = p
        self.read: list[str] = []

    def probabilities(self, texts):
        self.read += list(texts)
        return np.full(len(texts), self.p)


def test_no_reader_for_a_model_it_was_not_trained_on():
    class Other:
        name = "someone-elses-model"

        def load(self):
            raise AssertionError("a model the reader does not fit is never loaded for it")

    assert ownership.reader_for(Other()) is None
    assert ownership.reader_for(BagOfWordsEmbedder()) is None


def test_a_confident_reading_is_no_hire_and_a_likely_one_holds_strong_at_lean(monkeypatch, catalog):
    scorer, q, rubric, pr, e = story_on_a_fake_model(catalog)
    reader = _Reader(0.1)
    monkeypatch.setattr(ownership, "reader_for", lambda embedder: reader)
    before = scorer.breakdown(pr, e)
    assert before.band != "no_hire" and before.ownerless == pytest.approx(0.1)
    assert reader.read == [e.prepared.text]  # the whole answer, once
    reader.p = 0.995
    assert OWNERLESS_FIRM <= 0.995
    bd = scorer.breakdown(pr, e)
    assert bd.band == "no_hire" and bd.firm == "ownerless"
    assert bd.probabilities["no_hire"] >= 0.995
    assert abs(sum(bd.probabilities.values()) - 1) < 1e-6
    reader.p = (OWNERLESS_HOLD + OWNERLESS_FIRM) / 2
    soft = scorer.breakdown(pr, e)
    assert before.band == "strong_hire"
    assert soft.band == "lean_hire" and soft.held == "ownerless" and not soft.firm


def test_the_reply_says_nothing_is_yours_and_asks_for_one_decision(monkeypatch, catalog):
    scorer = Scorer(BagOfWordsEmbedder())
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    text = rubric.bands["strong_hire"].exemplars[0]
    reader = _Reader(0.995)
    monkeypatch.setattr(ownership, "reader_for", lambda embedder: reader)
    r = scorer.score(q, rubric, text)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "ownerless"
    assert "what you decided or did" in r.reasons[0]
    assert r.covered == [] and r.next_step.startswith("Tell one decision that was yours")
    assert r.confidence >= 0.99
    # Likely but not certain: a Strong Hire is held at Lean Hire, and at Lean Hire too the
    # reply says so and asks for a decision, not for another point.
    reader.p = (OWNERLESS_HOLD + OWNERLESS_FIRM) / 2
    r = scorer.score(q, rubric, text)
    assert r.gate is None and r.band == "lean_hire"
    assert r.reasons[0].startswith("Held at Lean Hire: the answer shows little")
    assert r.next_step.startswith("Tell one decision that was yours")
    lean = rubric.bands["lean_hire"].exemplars[0]
    reader.p = 0.1
    assert not scorer.score(q, rubric, lean).next_step.startswith("Tell one decision")
    # A Lean Hire told as what the speaker would do is only told so (a Lean Hire that is not
    # is No Hire at this reading: the next test).
    monkeypatch.setattr(scoring, "imagined", lambda stance: True)
    reader.p = (OWNERLESS_HOLD + OWNERLESS_FIRM) / 2
    r = scorer.score(q, rubric, lean)
    assert r.gate is None and r.band == "lean_hire"
    assert r.reasons[0].startswith("The answer shows little that you decided or did yourself")
    assert r.next_step.startswith("Tell one decision that was yours")
    # A short technical answer tells no story: the reader is not asked.
    reader.read.clear()
    tq, trubric = technical_question()
    assert not scorer.prepare(tq, trubric).norms.story
    scorer.score(tq, trubric, trubric.bands["strong_hire"].exemplars[0])
    assert not reader.read


def test_a_lean_hire_that_reads_as_no_one_s_own_is_no_hire_unless_told_as_a_plan(
    monkeypatch, catalog
):
    """A Lean Hire rests on little: a reading that would only hold a Strong Hire makes it No
    Hire, except where the answer is told as what the speaker would do ("I'd…"), which the
    reader takes for nothing done."""
    scorer = Scorer(BagOfWordsEmbedder())
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    lean = rubric.bands["lean_hire"].exemplars[0]
    strong = rubric.bands["strong_hire"].exemplars[0]
    reader = _Reader(OWNERLESS_FIRM_LEAN - 0.01)
    monkeypatch.setattr(ownership, "reader_for", lambda embedder: reader)
    assert scorer.score(q, rubric, lean).band == "lean_hire"
    reader.p = OWNERLESS_FIRM_LEAN
    r = scorer.score(q, rubric, lean)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "ownerless"
    assert r.covered == [] and r.confidence >= OWNERLESS_FIRM_LEAN
    assert scorer.score(q, rubric, strong).band == "strong_hire"  # below the hold
    monkeypatch.setattr(scoring, "imagined", lambda stance: True)
    assert scorer.score(q, rubric, lean).band == "lean_hire"


@pytest.mark.model
def test_the_reader_tells_a_list_of_figures_from_a_story(real_scorer, catalog):
    reader = ownership.reader_for(real_scorer.embedder)
    assert reader is not None  # the weights ship with the package
    figures, story = reader.probabilities([FIGURES, STORY])
    assert figures >= OWNERLESS_FIRM and story < OWNERLESS_HOLD, (figures, story)
    q = catalog.find("mentoring")
    r = real_scorer.score(q, catalog.rubrics[q.id], FIGURES)
    assert r.band == "no_hire", r.reasons


# A held-out attack (eval/attacks_heldout/b30.jsonl): a colleague's initiative, the speaker's
# part a review and a wiki link. The band model reads it as a Lean Hire.
KWAME = (
    "on the ads ranking team our training pipelines were flaky, like 1 in 5 nightly runs"
    " failing. Kwame noticed nobody owned it and on his own built a retry + data-validation step"
    " w/ great expectations, wrote a runbook, and got failures under 2%. Mei then extended it to"
    " the other two pipelines. i was on that team too — reviewed one of his PRs and updated the"
    " wiki link when he asked. great example of initiative"
)


@pytest.mark.model
def test_a_colleague_s_initiative_told_as_an_example_is_no_hire(real_scorer, catalog):
    from interview_coach.scoring.analysis import embed_many, prepare_text

    q = catalog.find("initiative-beyond-assigned")
    pr = real_scorer.prepare(q, catalog.rubrics[q.id])
    bd = real_scorer.breakdown(pr, embed_many([prepare_text(KWAME)], real_scorer.embedder)[0])
    assert OWNERLESS_FIRM_LEAN <= (bd.ownerless or 0.0) < OWNERLESS_FIRM, bd.ownerless
    assert bd.band == "no_hire" and bd.firm == "ownerless"


@pytest.mark.model
def test_every_reader_runs_a_traced_graph_that_reads_as_its_network_does(real_scorer):
    import torch

    from interview_coach.scoring import takeback

    e = real_scorer.embedder
    story = ["I led the migration of the ranking service.", "I chose to move the reads first."]
    batches = {
        ownership.reader_for(e): lambda r: r.encode([FIGURES, STORY, " ".join(story)]),
        takeback.reader_for(e): lambda r: r.encode([(story[1], story[0]), ("Not mine.", STORY)]),
        takeback.screen_for(e): lambda r: r.encode([([*story, "It was Dan's."], [1, 2])])[0],
    }
    for reader, encode in batches.items():
        assert reader is not None, reader
        reader.compile()
        assert isinstance(reader._graph, tuple), reader
        enc = encode(reader)
        with torch.inference_mode():
            assert torch.equal(reader.hidden(enc), reader.net(**enc).last_hidden_state)


@pytest.mark.model
def test_the_encoder_pass_as_a_graph_gives_the_library_s_own_vectors_and_word_pieces(
    real_embedder, monkeypatch
):
    texts = [STORY, "Why?", FIGURES, *(f"Sentence {i} of a longer batch." for i in range(20))]
    assert real_embedder._traced()  # the graph runs on this machine's torch
    monkeypatch.setattr(real_embedder, "_batches", graph.TRACE_AFTER)  # past the first passes
    vecs, pieces = real_embedder.encode_tokens(texts)
    monkeypatch.setattr(real_embedder, "_graph", False)  # the library's own encode
    their_vecs, their_pieces = real_embedder.encode_tokens(texts)
    assert np.array_equal(vecs, their_vecs)
    for ours, theirs in zip(pieces, their_pieces, strict=True):
        assert np.array_equal(ours.ids, theirs.ids)
        assert np.array_equal(ours.states, theirs.states)


def test_a_reader_is_traced_only_after_its_first_passes():
    from types import SimpleNamespace

    class Counted(crossread.Reader):
        probes = 0

        def probe(self):
            Counted.probes += 1
            return None  # nothing to trace on: the reader keeps its network

    def net(**enc):
        return SimpleNamespace(last_hidden_state=enc["x"])

    reader = Counted(net, None, np.zeros(1), 0.0, None)
    for _ in range(graph.TRACE_AFTER):
        assert reader.hidden({"x": np.ones((1, 2))}).shape == (1, 2)
    assert Counted.probes == 0 and reader._graph is None
    reader.hidden({"x": np.ones((1, 2))})
    reader.hidden({"x": np.ones((1, 2))})
    assert Counted.probes == 1 and reader._graph is False  # tried once, not again


def test_a_network_that_cannot_be_traced_is_run_as_it_is():
    class Untraceable:
        def __call__(self, **enc):
            raise RuntimeError("no graph")

    assert graph.traced(Untraceable(), {"attention_mask": np.ones((2, 3))}) is None


@pytest.mark.model
def test_a_broken_weights_file_is_a_load_error_that_names_it(real_scorer, monkeypatch):
    name = str(crossread.load_weights(ownership.WEIGHTS)[3]["model"])
    broken = ({"no.such.layer.a": np.zeros((8, 4), np.float32)}, np.zeros(4), 0.0, {"model": name})
    monkeypatch.setattr(crossread, "load_weights", lambda _: broken)
    with pytest.raises(ModelLoadError, match="broken.npz"):
        crossread.reader_for(real_scorer.embedder, "broken.npz", lambda *a: a, "ownership")


class _Remembering(crossread.Reader):
    """A reader whose readings come from `compute`, remembering two."""

    def __init__(self):
        super().__init__(None, None, np.zeros(1), 0.0, None)
        self._memo = crossread.Memo(size=2)

    def read(self, keys, compute):
        return self._remembered(keys, compute)


def test_a_reading_is_remembered_by_its_text_and_the_oldest_is_forgotten():
    reader = _Remembering()
    asked: list[list[int]] = []

    def compute(todo):
        asked.append(todo)
        return np.array([0.5 + i / 10 for i in todo])

    assert reader.read(["a", "b"], compute) == pytest.approx([0.5, 0.6])
    assert reader.read(["b", "c"], compute) == pytest.approx([0.6, 0.6])
    assert asked == [[0, 1], [1]]  # "b" was not read again
    reader.read(["a"], compute)  # "a" was the oldest, forgotten when "c" came
    assert asked[-1] == [0]


def test_a_full_memo_gives_every_reading_it_was_asked_for():
    """A reading seen before can be the oldest, forgotten while this same call stores the new
    ones: a batch of thousands of answers once failed here with a KeyError."""
    reader = _Remembering()

    def compute(todo):
        return np.array([float(len(todo)) + i for i in todo])

    reader.read(["a", "b"], compute)
    got = reader.read(["a", "c", "d"], compute)  # "a" seen; "c" and "d" push it out
    assert got == pytest.approx([2.0, 3.0, 4.0])
    assert reader.read(["a"], compute) == pytest.approx([1.0])  # read again


def test_on_a_question_that_asks_for_a_plan_only_the_surest_reading_holds_a_strong_hire(
    monkeypatch, catalog
):
    """The reader was trained on "tell me about a time" answers, where "I'd…" is a plan in
    place of a story; to "how will you get to Staff?" a plan is the answer, so there its
    reading is weaker evidence: only a Strong Hire is read, and from OWNERLESS_FIRM it is held
    at Lean Hire, never made No Hire. Which questions ask for a plan, the rubric's own Strong
    and Lean exemplars say."""
    scorer = Scorer(BagOfWordsEmbedder())
    reader = _Reader(0.999)
    monkeypatch.setattr(ownership, "reader_for", lambda embedder: reader)
    q, rubric = (
        catalog.questions["staff-promotion-strategy"],
        catalog.rubrics["staff-promotion-strategy"],
    )
    assert scorer.prepare(q, rubric).norms.plans_ok
    strong = rubric.bands["strong_hire"].exemplars[0]
    reader.p = 0.1
    before = scorer.score(q, rubric, strong)
    assert before.band == "strong_hire" and len(reader.read) == 1  # a Strong Hire is read
    reader.read.clear()
    reader.p = 0.999
    r = scorer.score(q, rubric, strong)
    assert reader.read and r.gate is None and r.band == "lean_hire"
    assert r.reasons[0].startswith("Held at Lean Hire: the plan names little")
    assert r.next_step.startswith("Name one decision your plan makes")
    reader.p = (OWNERLESS_HOLD + OWNERLESS_FIRM) / 2  # holds a story, not a plan
    assert scorer.score(q, rubric, strong).band == "strong_hire"
    reader.read.clear()
    reader.p = 0.999
    lean = scorer.score(q, rubric, rubric.bands["lean_hire"].exemplars[0])
    assert lean.band == "lean_hire" and not reader.read  # below Strong Hire: not read
    assert not lean.next_step.startswith("Name one decision")
    story_q, story = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    assert not scorer.prepare(story_q, story).norms.plans_ok
    r = scorer.score(story_q, story, story.bands["strong_hire"].exemplars[0])
    assert reader.read and r.gate is not None and r.gate["code"] == "ownerless"


def test_a_plan_told_as_what_the_speaker_would_do_is_not_held_for_it(real_scorer, catalog):
    """The reader takes "I'd…" for nothing done (it reads this built-in Strong Hire plan about
    0.99), so a plan told that way is never held by it: only one told as figures and tools."""
    from interview_coach.scoring.scorer import imagined

    assert imagined({"hypothetical": np.array([0.9, 0.7]), "plan": np.array([0.0, 0.1])})
    assert not imagined({"hypothetical": np.array([0.1, 0.0]), "plan": np.array([0.2, 0.1])})
    assert not imagined({})
    q, rubric = catalog.questions["impact-beyond-team"], catalog.rubrics["impact-beyond-team"]
    assert real_scorer.prepare(q, rubric).norms.plans_ok
    plan = next(x for x in rubric.bands["strong_hire"].exemplars if x.startswith("My first move"))
    r = real_scorer.score(q, rubric, plan)
    assert r.band == "strong_hire", r.reasons
    assert not any("names little" in x for x in r.reasons)

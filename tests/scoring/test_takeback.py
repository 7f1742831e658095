"""A story taken back at its end is no example (scoring.takeback): the reader, how the scorer
uses it, and what the candidate is told."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import takeback
from interview_coach.scoring.scorer import (
    TAKEBACK_ANNOUNCED,
    TAKEBACK_FIRM,
    TAKEBACK_FIRM_BARE,
    TAKEBACK_FIRM_TOGETHER,
    TAKEBACK_HOLD,
    TAKEBACK_LAST,
    Scorer,
    TakeBack,
    takeback_tier,
    takeback_window,
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
TAKEN_BACK = (
    "To be fair, I wasn't actually her mentor; that was Dan, and I only sat next to them and"
    " heard about it."
)
CANDID = "Dan, our manager, suggested the weekly slot; the plans and the pairing were mine."


class _Reader:
    """Calls the sentence at `flag` (a unit index) a take-back, with probability `p`."""

    def __init__(self, flag: int, p: float):
        self.flag, self.p = flag, p
        self.read: list[str] = []
        self.units: list[str] = []

    def context(self, units, i):
        return " ".join(units[:i])

    def pairs(self, units, which):
        return [(units[i], self.context(units, i)) for i in which]

    def probabilities(self, pairs):
        self.read += [s for s, _ in pairs]
        return np.array([self.p if s == self.units[self.flag] else 0.01 for s, _ in pairs])


def test_no_reader_for_a_model_it_was_not_trained_on():
    class Other:
        name = "someone-elses-model"

        def load(self):
            raise AssertionError("a model the reader does not fit is never loaded for it")

    assert takeback.reader_for(Other()) is None
    assert takeback.reader_for(BagOfWordsEmbedder()) is None


def test_only_the_last_sentences_are_read_and_a_confident_take_back_is_no_hire(
    monkeypatch, catalog
):
    # a Strong Hire exemplar, so that the band is one a take-back can lower
    scorer, q, rubric, pr, e = story_on_a_fake_model(catalog, TAKEN_BACK)
    units = e.prepared.units
    reader = _Reader(len(units) - 1, 0.97)
    reader.units = units
    monkeypatch.setattr(takeback, "reader_for", lambda embedder: reader)
    assert pr.norms.story
    reader.p = TAKEBACK_HOLD - 0.05  # below the hold: the band stands
    before = scorer.breakdown(pr, e)
    assert before.taken_back is None and before.band != "no_hire"
    reader.read.clear()
    reader.p = 0.99
    assert TAKEBACK_FIRM <= 0.99
    bd = scorer.breakdown(pr, e)
    assert reader.read == units[max(1, len(units) - TAKEBACK_LAST) :]  # never the first
    assert bd.taken_back is not None and bd.taken_back.unit == len(units) - 1
    assert bd.taken_back.p == pytest.approx(0.99)
    assert bd.band == "no_hire" and bd.probabilities["no_hire"] >= 0.99
    assert abs(sum(bd.probabilities.values()) - 1) < 1e-6
    # Likely but not certain: a Strong Hire would be held at Lean Hire, never lowered to No.
    reader.p = (TAKEBACK_HOLD + TAKEBACK_FIRM) / 2
    soft = scorer.breakdown(pr, e)
    assert soft.taken_back is not None and soft.band != "no_hire"
    if before.band == "strong_hire":
        assert soft.band == "lean_hire" and soft.held == "taken_back"


def test_a_sentence_that_makes_no_point_is_firm_sooner():
    """Between TAKEBACK_FIRM_BARE and TAKEBACK_FIRM a take-back is No Hire only if its sentence
    makes none of the answer's key points: one that makes a point adds to the story ("the real
    number was business: an A/B test, +3%") and is held at Lean Hire at most."""

    class Points:
        def __init__(self, units):
            self.units = units

        def makes_point(self, unit):
            return unit in self.units

    def alone(unit: int, p: float) -> TakeBack:  # one sentence read, so together is p
        return TakeBack(unit, p, p)

    between = (TAKEBACK_FIRM_BARE + TAKEBACK_FIRM) / 2
    assert TAKEBACK_HOLD < TAKEBACK_FIRM_BARE < TAKEBACK_FIRM
    assert takeback_tier(alone(5, between), Points(set())) == "firm"  # type: ignore[arg-type]
    assert takeback_tier(alone(5, between), Points({5})) == "likely"  # type: ignore[arg-type]
    assert takeback_tier(alone(5, between)) == "likely"  # nothing known of the points
    assert takeback_tier(alone(5, TAKEBACK_FIRM), Points({5})) == "firm"  # type: ignore[arg-type]
    assert takeback_tier(alone(5, TAKEBACK_HOLD - 0.01), Points(set())) == ""  # type: ignore[arg-type]


def test_a_correction_told_over_several_sentences_is_read_together(monkeypatch, catalog):
    """Three sentences each partly taking the story back ("The decision was the VP's." "I
    wasn't in the negotiation." "The figure is from the sales deck.") are No Hire together,
    though none reaches the hold alone; together is never a hold by itself."""
    assert takeback_tier(TakeBack(3, 0.86, 0.998)) == "firm"
    assert takeback_tier(TakeBack(3, 0.86, TAKEBACK_FIRM_TOGETHER - 0.01)) == ""
    from interview_coach.scoring.analysis import embed_many, prepare_text

    scorer = Scorer(BagOfWordsEmbedder())
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    pr = scorer.prepare(q, rubric)
    text = rubric.bands["strong_hire"].exemplars[0] + " " + STORY
    e = embed_many([prepare_text(text)], scorer.embedder)[0]
    n = len(e.prepared.units)
    last = e.prepared.units[max(1, n - TAKEBACK_LAST) :]
    assert len(last) >= 3

    class Several:
        def __init__(self, p: float):
            self.p = p

        def pairs(self, units, which):
            return [(units[i], "") for i in which]

        def probabilities(self, pairs):
            return np.array([self.p if s in last[-3:] else 0.01 for s, _ in pairs])

    reader = Several(0.86)  # 1 - 0.14 ** 3 = 0.9973
    monkeypatch.setattr(takeback, "reader_for", lambda embedder: reader)
    monkeypatch.setattr(takeback, "screen_for", lambda embedder: None)
    bd = scorer.breakdown(pr, e)
    assert bd.taken_back is not None and bd.taken_back.p == pytest.approx(0.86)
    assert bd.taken_back.together >= TAKEBACK_FIRM_TOGETHER and bd.band == "no_hire"
    r = scorer.score(q, rubric, text)
    assert r.gate is not None and r.gate["code"] == "retracted"
    assert "and the sentences around it take back" in r.reasons[0], r.reasons[0]
    reader.p = 0.8  # 1 - 0.2 ** 3 = 0.992: nothing, and the band is the answer's own
    plain = scorer.breakdown(pr, e)
    assert plain.taken_back is None and plain.band != "no_hire"


def _strong_story_taken_back(monkeypatch, catalog):
    """A scorer whose reader calls the answer's last sentence a take-back at 0.99, and a Strong
    Hire exemplar ending in one."""
    scorer = Scorer(BagOfWordsEmbedder())
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    text = rubric.bands["strong_hire"].exemplars[0] + " " + TAKEN_BACK
    reader = _Reader(-1, 0.99)
    reader.units = [TAKEN_BACK]
    monkeypatch.setattr(takeback, "reader_for", lambda embedder: reader)
    return scorer, q, rubric, text, reader


class _Screen:
    def __init__(self, passes: bool):
        self.answer = passes
        self.asked: list[list[int]] = []

    def passes(self, units, which):
        self.asked.append(list(which))
        return self.answer


def test_the_reader_reads_only_the_endings_the_screen_passes(monkeypatch, catalog):
    scorer, q, rubric, text, reader = _strong_story_taken_back(monkeypatch, catalog)
    screen = _Screen(False)
    monkeypatch.setattr(takeback, "screen_for", lambda embedder: screen)
    r = scorer.score(q, rubric, text)
    assert screen.asked and not reader.read  # screened out: the reader is not asked
    assert r.gate is None or r.gate["code"] != "retracted"
    screen.answer = True
    r = scorer.score(q, rubric, text)
    assert reader.read and r.band == "no_hire" and r.gate["code"] == "retracted"
    # the screen is asked about exactly the sentences the reader would read
    assert len(screen.asked[-1]) == len(reader.read) == min(TAKEBACK_LAST, len(screen.asked[-1]))


def test_the_reply_quotes_the_sentence_and_asks_for_a_story_of_ones_own(monkeypatch, catalog):
    scorer, q, rubric, text, reader = _strong_story_taken_back(monkeypatch, catalog)
    r = scorer.score(q, rubric, text)
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "retracted"
    assert "wasn't actually her mentor" in r.reasons[0]
    assert r.covered == [] and r.next_step.startswith("Tell a story that happened")
    assert r.confidence >= 0.99  # at least the reader's probability
    # Below TAKEBACK_FIRM the reply asks rather than rules: no gate, the sentence quoted.
    reader.p = (TAKEBACK_HOLD + TAKEBACK_FIRM) / 2
    r = scorer.score(q, rubric, text)
    assert r.gate is None
    assert r.reasons[0].startswith('"To be fair') and "may take back" in r.reasons[0]
    assert r.next_step.startswith("Make clear what was yours")
    # A short technical answer tells no story: the reader is not asked.
    reader.read.clear()
    tq, trubric = technical_question()
    assert not scorer.prepare(tq, trubric).norms.story
    scorer.score(tq, trubric, trubric.bands["strong_hire"].exemplars[0] + " " + TAKEN_BACK)
    assert not reader.read


@pytest.mark.model
def test_the_reader_tells_a_take_back_from_candour(real_scorer, catalog):
    reader = takeback.reader_for(real_scorer.embedder)
    assert reader is not None  # the weights ship with the package
    story = STORY.split(". ")
    units = [*story, TAKEN_BACK]
    back = reader.probabilities([(TAKEN_BACK, reader.context(units, len(units) - 1))])[0]
    units = [*story, CANDID]
    candid = reader.probabilities([(CANDID, reader.context(units, len(units) - 1))])[0]
    assert back >= TAKEBACK_FIRM and candid < TAKEBACK_HOLD, (back, candid)
    q = catalog.find("mentoring")
    assert real_scorer.score(q, catalog.rubrics[q.id], STORY + " " + TAKEN_BACK).band == "no_hire"


@pytest.mark.model
def test_the_screen_passes_what_the_reader_would_find(real_scorer):
    """The screen (weights/takeback_screen.npz) learned the reader's readings; it must pass a
    plain take-back, read a candid ending lower, and have a cut (a cut of 0 reads every
    ending: right, but the cost the screen is there to save)."""
    screen = takeback.screen_for(real_scorer.embedder)
    assert screen is not None and 0 < screen.settings.cut < TAKEBACK_HOLD
    story = STORY.split(". ")
    which = takeback_window(len(story) + 1)
    back = screen.readings([*story, TAKEN_BACK], which)
    candid = screen.readings([*story, CANDID], which)
    assert len(back) == len(which) and screen.passes([*story, TAKEN_BACK], which)
    assert back[-1] > candid[-1] and back[-1] == back.max(), (back, candid)


LEADS_WORK = (
    "Our fraud team was told fraud is up, fix it, with no metric and no scope. I pulled three"
    " months of disputes, segmented them by merchant category and payment flow, and found that"
    " most new losses came from one new checkout flow. We framed it as first-transaction account"
    " takeover, set a target of halving those losses in a quarter, and shipped a rule plus a"
    " model that cut them by 45 percent. To be honest, the segmentation and the framing doc were"
    " my lead's; I joined after that and built the features."
)


@pytest.mark.model
def test_a_no_hire_that_makes_points_says_why(real_scorer, catalog):
    """The band model calls this No Hire by itself, and the reply used to say only "covered 3
    of 5 key points, reads like the Strong Hire examples" and "add the missing point". A No
    Hire story that makes points is read for a take-back too, and the reply names it; no point
    is both counted and taken back."""
    q = catalog.find("ambiguous-problem")
    r = real_scorer.score(q, catalog.rubrics[q.id], LEADS_WORK)
    assert r.band == "no_hire"
    assert "my lead's" in r.reasons[0] and "take" in r.reasons[0], r.reasons
    assert not r.covered and not any(s.startswith("Covered") for s in r.reasons), r.reasons
    assert not r.next_step.startswith("Add the missing point"), r.next_step


WAITED = (
    "Two months into my first job I owned a data-validation step in our speech model's"
    " retraining pipeline. Runs finished green but model quality kept dropping, because the step"
    " silently passed empty shards. {mid} When I did ask, I made it easy to help: I sent Marco,"
    " our senior engineer, the run IDs, what I had ruled out and my two remaining hypotheses,"
    " and asked for twenty minutes of pairing. In that session he recognised that our schema"
    " registry fell back to a default schema when a version tag was missing, so everything"
    " validated. The fix was mine: I pinned the schema versions, made the validator fail loudly"
    " on an empty shard, and wrote a runbook entry. The retrain shipped a day late, which was on"
    " me, and since then I write up what I've tried and ask after ninety minutes without"
    " progress. {end}"
)


@pytest.mark.model
def test_an_announced_correction_is_a_take_back_only_when_the_reader_says_so(real_scorer, catalog):
    """ "I'll be honest, ... not" opens candour as often as a take-back: the phrase alone made
    held-out Strong Hires with a candid admission No Hire. The reader decides
    (TAKEBACK_ANNOUNCED), and reads the sentence though the screen would not have."""
    q = catalog.find("asking-for-help")
    rubric = catalog.rubrics[q.id]
    candid = (
        "I'll be honest, I waited too long: I spent two days rereading the code before asking,"
        " because I didn't want to look like I hadn't tried."
    )
    kept = real_scorer.score(q, rubric, WAITED.format(mid=candid, end=""))
    assert kept.band == "strong_hire", kept.reasons
    plain = "I spent two days rereading the code before asking."
    for taken in (
        "I'll be honest, I didn't fix anything myself: Marco found the bug and pushed the fix"
        " while I watched.",
        "Actually, I should be straight with you: none of the fix was mine, Marco wrote it and I"
        " only watched.",
    ):
        back = real_scorer.score(q, rubric, WAITED.format(mid=plain, end=taken))
        assert back.band == "no_hire" and "takes back" in back.reasons[0], back.reasons


def test_an_announced_correction_is_read_wherever_it_stands(monkeypatch, catalog):
    """A correction announced mid-answer ("I'll be honest, the fix was not mine.") sits outside
    the last four sentences the reader reads and may not pass the screen; the phrase is reason
    enough to read it, and the reader's reading decides (TAKEBACK_ANNOUNCED)."""
    announced = "I'll be honest, the rollout plan was not mine."
    after = " We met weekly. She shipped twice. Her reviews got shorter. She now mentors too."
    scorer, q, rubric, pr, e = story_on_a_fake_model(catalog, announced + after)
    units = e.prepared.units
    at = units.index(announced)
    assert at < len(units) - TAKEBACK_LAST
    reader = _Reader(at, TAKEBACK_ANNOUNCED + 0.05)
    reader.units = units
    monkeypatch.setattr(takeback, "reader_for", lambda embedder: reader)
    monkeypatch.setattr(takeback, "screen_for", lambda embedder: _Screen(False))
    bd = scorer.breakdown(pr, e)
    assert announced in reader.read
    assert bd.taken_back is not None and bd.taken_back.unit == at and bd.taken_back.announced
    assert bd.band == "no_hire"
    reader.p = TAKEBACK_ANNOUNCED - 0.05  # the reader doubts it: candour, not a take-back
    assert scorer.breakdown(pr, e).taken_back is None


def test_without_a_reader_an_announced_correction_is_judged_by_its_words(catalog):
    """On a model no take-back reader fits, the words that announce a correction decide alone,
    as before there was a reader."""
    scorer = Scorer(BagOfWordsEmbedder())
    assert takeback.reader_for(scorer.embedder) is None
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    story = rubric.bands["strong_hire"].exemplars[0]
    r = scorer.score(q, rubric, story + " I'll be honest, I wasn't actually her mentor.")
    assert r.band == "no_hire" and r.gate is not None and r.gate["code"] == "retracted"
    plain = scorer.score(q, rubric, story + " She now mentors two new hires herself.")
    assert plain.gate is None or plain.gate["code"] != "retracted"


FIGURE_SET_RIGHT = (
    "Let me correct myself, it was about 30 percent, not 40; the 40 was the first month."
)


def test_a_figure_set_right_is_not_read_as_a_take_back(monkeypatch, catalog):
    """The reader may read "let me correct myself" as a take-back whatever follows; a sentence
    whose only denial is of a number keeps the story, so it is not read at all."""
    scorer, q, rubric, pr, e = story_on_a_fake_model(catalog, STORY + " " + FIGURE_SET_RIGHT)
    units = e.prepared.units
    reader = _Reader(len(units) - 1, 0.999)
    reader.units = units
    monkeypatch.setattr(takeback, "reader_for", lambda embedder: reader)
    monkeypatch.setattr(takeback, "screen_for", lambda embedder: _Screen(True))
    bd = scorer.breakdown(pr, e)
    assert FIGURE_SET_RIGHT not in reader.read and reader.read  # the story's endings are read
    assert bd.taken_back is None and bd.band != "no_hire"


@pytest.mark.model
def test_a_story_that_sets_a_figure_right_is_not_turned_down(real_scorer, catalog):
    """The whole-answer readers read the answer without the sentence (scorer._as_read): read
    with it, the verdict reader turned this story down as taken back (eval/research/README.md,
    "Corrected figures")."""
    q = catalog.find("mentoring")
    r = real_scorer.score(q, catalog.rubrics[q.id], STORY + " " + FIGURE_SET_RIGHT)
    assert r.band != "no_hire" and r.gate is None, r.reasons
    assert not any("take back" in x for x in r.reasons)
    assert not r.next_step.startswith("Make clear what was yours")

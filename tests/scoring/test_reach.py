"""The reach head: whether the work an answer describes reaches past the speaker's own team,
and the hold it puts on Strong Hire where the question and its rubric expect that reach."""

from __future__ import annotations

import dataclasses

import pytest

from interview_coach.scoring import reach
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.reach import Reach, reach_rule

TEAM = (
    "I recommended to our VP of Engineering and my director that my team move our speech"
    " recognition training from hand-written TensorFlow scripts to PyTorch Lightning with a"
    " managed experiment tracker. I opened with the ask: six weeks of two engineers, and the"
    " payoff, about $180K a year in GPU time and new models in two weeks instead of five. I"
    " laid out three options, staying put, a vendor platform, or Lightning, with cost and risk"
    " for each, and recommended Lightning. Before the meeting I walked my manager and our"
    " finance partner through the numbers so nothing was a surprise. The VP asked why not the"
    " vendor; I had the comparison ready: $250K a year and less control. They approved it, we"
    " finished in seven weeks, and we saved $90K in the first half-year, which I reported back"
    " to the same group."
)
# The same story, told for three groups' training stacks.
ACROSS = (
    "I recommended to our VP of Engineering and the product VP that the speech, vision and"
    " search groups stop running three separate hand-written training stacks and move onto one"
    " shared PyTorch Lightning platform with a managed experiment tracker. I opened with the"
    " ask: two quarters of four engineers, and the payoff, about $1.2M a year in GPU time and"
    " new models in two weeks instead of five. I laid out three options, staying put, a vendor"
    " platform, or a shared platform, with cost and risk for each, and recommended the shared"
    " platform. Before the meeting I walked each group's engineering manager and our finance"
    " partner through the numbers so nothing was a surprise. The VP asked why not the vendor; I"
    " had the comparison ready: $900K a year and less control. They approved a phased plan, the"
    " first group moved in ten weeks, and we saved $400K in the first half-year, which I"
    " reported back to the same group."
)


def test_weights_load_and_name_their_model():
    head = reach.default_head()
    assert set(head.classes) == set(reach.LABELS)
    assert head.fits(SentenceTransformerEmbedder().name, 384)
    assert reach.head_for("some-other-model", 384) is None


def _r(*values: float) -> list[Reach]:
    return [Reach(v, 0) for v in values]


def test_a_rubric_expects_reach_when_its_exemplars_separate_on_it_at_senior_and_up():
    strong, lean = _r(0.9, 0.8, 0.7, 0.6, 0.1), _r(0.1, 0.2, 0.5, 0.1, 0.1)
    assert reach_rule("L6", strong, lean) == "share"
    assert reach_rule("L5", strong, lean) == "share"
    assert not reach_rule("L4", strong, lean)  # below Senior the ladder asks for no reach
    assert not reach_rule("all", strong, lean)
    assert not reach_rule("L6", _r(0.9, 0.8, 0.1, 0.1, 0.1), lean)  # Strong ones disagree
    assert not reach_rule("L6", strong, _r(0.9, 0.8, 0.7, 0.1, 0.1))  # Lean ones reach too
    assert not reach_rule("L6", [], lean)


def _p(share: float, peak: float) -> Reach:
    return Reach(share, 0, placed=2.0, peak=peak)


def test_a_rubric_whose_strong_answers_reach_in_one_part_is_judged_on_the_peak():
    # A manager going back to IC: the team they ran (team scope), then the Staff scope they want.
    strong = [_p(0.3, 0.9), _p(0.2, 0.8), _p(0.35, 0.6), _p(0.5, 0.95), _p(0.1, 0.2)]
    lean = [_p(0.3, 0.2), _p(0.1, 0.4), _p(0.2, 0.1)]
    assert reach_rule("L6", strong, lean) == "peak"
    assert not reach_rule("L6", strong, [_p(0.1, 0.9), _p(0.1, 0.7), _p(0.2, 0.1)])
    assert _p(0.2, 0.6).shown("peak") and not _p(0.2, 0.6).shown("share")
    assert not _p(0.9, 0.45).shown("peak") and _p(0.9, 0.45).shown("share")


@pytest.mark.model
def test_a_team_story_to_a_staff_question_is_held_at_lean_hire(catalog, real_scorer):
    q = catalog.questions["presenting-to-leadership"]
    rubric = catalog.rubrics[q.id]
    assert real_scorer.prepare(q, rubric).expects_reach
    narrow, wide = real_scorer.score_many([(q, rubric, TEAM), (q, rubric, ACROSS)])
    assert narrow.band == "lean_hire" and narrow.reaches is False
    assert narrow.reach["expected"] and narrow.reach["share"] < reach.REACH
    assert any(r.startswith("Held at Lean Hire on reach") for r in narrow.reasons)
    assert narrow.next_step.startswith("Show how far the work reached")
    assert not any("Composite" in r or "0." in r for r in narrow.reasons)  # numbers: --json
    assert wide.band == "strong_hire" and wide.reaches is True
    assert "three separate" in wide.reach["sentence"]
    assert not any("on reach" in r for r in wide.reasons)


@pytest.mark.model
def test_below_strong_hire_the_reply_still_says_the_work_stays_inside_the_team(
    catalog, real_scorer
):
    q = catalog.questions["technical-strategy-doc"]
    answer = (
        "I wrote the two-quarter technical strategy for my team's search ranking stack. The"
        " problem was that our offline metrics did not predict online wins: only 40% of models"
        " that beat the baseline offline won the A/B test. The doc laid out three options and"
        " recommended interleaving first, because it cut experiment time from three weeks to"
        " four days. I reviewed the draft with each engineer on the team and my manager. My"
        " director approved it."
    )
    result = real_scorer.score(q, catalog.rubrics[q.id], answer)
    assert result.band != "strong_hire" and result.reaches is False
    assert any(
        r.startswith("The work you describe stays inside your own team") for r in result.reasons
    )
    assert not any("Held at Lean Hire on reach" in r for r in result.reasons)


@pytest.mark.model
def test_a_question_with_no_level_is_never_held_on_reach(catalog, real_scorer):
    q = catalog.questions["five-year-vision"]
    assert q.level == "all"
    assert not real_scorer.prepare(q, catalog.rubrics[q.id]).expects_reach
    result = real_scorer.score(q, catalog.rubrics[q.id], TEAM)
    assert result.reach is not None and not result.reach["expected"]


def test_an_answer_that_never_places_its_work_is_not_read_as_reaching():
    # "I laid out three options and recommended one": the share of two tiny numbers is noise
    vague = Reach(0.68, 0, placed=0.1)
    assert not vague.read and not vague.beyond
    assert Reach(0.68, 0, placed=1.2).beyond and not Reach(0.2, 0, placed=1.2).beyond


MANAGED = (
    "I managed the search ranking team, six engineers, for two years. Two of them were"
    " promoted and we shipped the move to learned sparse retrieval on time. My best weeks were"
    " the ones in design reviews, not in calibration meetings, so I chose to go back to IC and"
    " spent a quarter handing the team to my successor. I kept coding throughout: last quarter"
    " I rewrote our feature logging myself."
)


@pytest.mark.model
def test_a_manager_going_back_to_ic_is_judged_on_the_scope_they_want(catalog, real_scorer):
    q = catalog.questions["manager-to-ic"]
    rubric = catalog.rubrics[q.id]
    assert real_scorer.prepare(q, rubric).reach_rule == "peak"
    team = MANAGED + (
        " As an IC I want to be the strongest engineer on a ranking team: own our model end to"
        " end, run its design reviews and mentor the two juniors on it."
    )
    staff = MANAGED + (
        " As an IC I want a Staff role setting the technical direction of ranking across the"
        " search, feed and ads teams: the org-level problems no single team owns."
    )
    narrow, wide = real_scorer.score_many([(q, rubric, team), (q, rubric, staff)])
    assert narrow.band == "lean_hire" and narrow.reaches is False, narrow.scores
    assert narrow.reach["rule"] == "peak" and narrow.reach["peak"] < reach.PEAK
    assert any(r.startswith("Held at Lean Hire on reach: nothing") for r in narrow.reasons)
    assert narrow.next_step.startswith("Name the reach this level asks for")
    assert wide.band == "strong_hire" and wide.reaches is True, wide.scores
    assert "across the search, feed and ads teams" in wide.reach["sentence"]


@pytest.mark.model
def test_a_rubric_that_names_its_reach_rule_is_judged_by_it(catalog, real_scorer):
    # Built-in rubrics name their rule, so a retrained head cannot change which questions are
    # judged on reach; the exemplars decide only where a rubric does not say.
    q = catalog.questions["presenting-to-leadership"]
    rubric = catalog.rubrics[q.id]
    assert rubric.reach == "share"
    not_judged = dataclasses.replace(rubric, reach="none")
    assert not real_scorer.prepare(q, not_judged).expects_reach
    [free] = real_scorer.score_many([(q, not_judged, TEAM)])
    assert not any("on reach" in r for r in free.reasons) and not free.reach["expected"]
    by_exemplars = dataclasses.replace(rubric, reach="")
    assert real_scorer.prepare(q, by_exemplars).reach_rule == "share"
    junior = catalog.questions["oncall-incident"]
    assert junior.level not in reach.REACH_LEVELS
    peak = dataclasses.replace(catalog.rubrics[junior.id], reach="peak")
    assert real_scorer.prepare(junior, peak).reach_rule == "peak"  # the rubric says so
    assert not real_scorer.prepare(junior, catalog.rubrics[junior.id]).expects_reach

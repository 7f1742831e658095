"""The mock interview's core without a UI: planning a round, the turns, the follow-up and
how it is judged, the recommendation rule against the words the debrief uses for it, and the
debrief document. The fast bag-of-words embedder stands in for the model: only logic here."""

from __future__ import annotations

import threading

import pytest

from interview_coach.bank.catalog import QuestionLookupError
from interview_coach.coaching import interview as iv
from interview_coach.coaching.interview import (
    CORE_CAP_RULE,
    InterviewRound,
    RoundStateError,
    final_band,
    is_cheat_sheet,
    is_core,
    is_practice_problem,
    middle_band,
    plan_round,
    recommend,
)
from interview_coach.scoring.scorer import Scorer
from tests.support import BagOfWordsEmbedder

S, L, N = "strong_hire", "lean_hire", "no_hire"


@pytest.fixture(scope="module")
def scorer():
    return Scorer(BagOfWordsEmbedder())


def top_point(catalog, qid):
    return max(catalog.rubrics[qid].key_points, key=lambda k: k.weight)


# -- planning -------------------------------------------------------------------------------
def test_a_round_has_a_cheat_sheet_question_first_and_a_practice_problem_last(catalog):
    for seed in range(20):
        qs = plan_round(catalog, seed=seed)
        assert len(qs) == iv.DEFAULT_COUNT and len({q.id for q in qs}) == len(qs)
        assert is_cheat_sheet(qs[0]) and is_practice_problem(qs[-1])
        assert all(q.id in catalog.rubrics for q in qs)


def test_a_round_prefers_the_target_level_and_track(catalog):
    qs = plan_round(catalog, count=4, target_level="L6", track="ic", seed=3)
    middle = [q for q in qs if not is_core(q)]
    assert middle and all(q.level == "L6" and q.track in ("ic", "any") for q in middle)


def test_never_the_same_set_twice_in_a_row(catalog):
    for seed in range(15):
        first = plan_round(catalog, seed=seed)
        again = plan_round(catalog, seed=seed, previous=[q.id for q in first])
        assert {q.id for q in again} != {q.id for q in first}
        assert is_cheat_sheet(again[0]) and is_practice_problem(again[-1])


def test_filters_narrow_the_round_and_it_still_plans_without_a_cheat_sheet_question(catalog):
    qs = plan_round(catalog, category="technical-decisions", count=5)
    assert qs and all(q.category == "technical-decisions" for q in qs)
    assert len(qs) == len([q for q in catalog.scorable() if q.category == "technical-decisions"])
    assert all(q.level in ("L5", "all") for q in plan_round(catalog, level="L5", count=10))


def test_questions_given_by_id_or_text_are_the_round(catalog):
    qs = plan_round(catalog, question_ids=["mentoring", "Where do you see yourself in 5 years?"])
    assert [q.id for q in qs] == ["mentoring", "five-year-vision"]


def test_an_unknown_question_id_names_the_nearest_matches(catalog):
    with pytest.raises(QuestionLookupError, match="closest: 'mentoring'"):
        plan_round(catalog, question_ids=["mentorng-juniors-xyz"])


# -- the rules --------------------------------------------------------------------------------
def test_middle_verdict_takes_the_lower_middle_of_an_even_number():
    assert middle_band([S, S, L]) == S
    assert middle_band([S, L]) == L
    assert middle_band([S, N]) == N
    assert middle_band([S, S, L, L]) == L
    assert middle_band([]) == N


def test_a_no_hire_on_a_core_question_caps_the_recommendation_as_the_rule_says():
    # The rule's own words name the cap, and the code applies that same band.
    assert iv.BAND_LABELS[iv.CORE_CAP] in CORE_CAP_RULE
    assert CORE_CAP_RULE in iv.RECOMMENDATION_RULES and iv.CORE_RULE in iv.RECOMMENDATION_RULES
    uncapped = recommend([(S, True), (S, False), (S, False), (N, False)])
    assert uncapped.band == S  # the same No Hire on a question that is not core
    capped = recommend([(S, True), (S, False), (S, False), (N, True)])
    assert capped.band == iv.CORE_CAP == L
    assert any("capped at Lean Hire" in a for a in capped.applied)
    assert recommend([(N, True), (N, False), (L, False)]).band == N  # a cap never raises


def test_the_follow_up_raises_a_verdict_by_one_band_at_most():
    assert final_band(N, answered=True, red_flag=False, closed=True) == L
    assert final_band(L, answered=True, red_flag=False, closed=True) == S
    assert final_band(S, answered=True, red_flag=False, closed=True) == S
    assert final_band(L, answered=True, red_flag=False, closed=False) == L
    assert final_band(N, answered=False, red_flag=False, closed=True) == N  # no answer
    assert final_band(L, answered=True, red_flag=True, closed=True) == L  # a red flag stays
    assert final_band(N, answered=True, red_flag=True, closed=True) == N


# -- a round ----------------------------------------------------------------------------------
def test_a_whole_round_turn_by_turn(catalog, scorer):
    qs = plan_round(catalog, question_ids=["five-year-vision", "staff-promotion-strategy"])
    rnd = InterviewRound(qs, catalog, scorer, minutes=2, target_level="L6")
    assert "2 questions" in rnd.intro and "2 minutes" in rnd.intro and "no hints" not in rnd.intro
    assert rnd.limit_seconds == 120 and rnd.target_seconds == 60
    assert rnd.current is qs[0] and rnd.position == "1/2"

    vague = "I want to keep growing and make an impact, and I hope to learn a lot of things."
    follow = rnd.answer(vague, 42.0)
    turn = rnd.turns[0]
    # The follow-up probes the most important point the answer missed.
    weights = {k.id: k.weight for k in catalog.rubrics["five-year-vision"].key_points}
    probed = [h for h in turn.result.missing if h.probe]
    assert follow.point_id == max(probed, key=lambda h: weights[h.id]).id
    assert follow.question == next(h.probe for h in probed if h.id == follow.point_id)
    assert rnd.pending_follow_up is follow and rnd.current is qs[0]
    with pytest.raises(RoundStateError):
        rnd.answer("another answer", 5)

    reply = next(k for k in catalog.rubrics["five-year-vision"].key_points
                 if k.id == follow.point_id).phrasings[0]  # fmt: skip
    judged = rnd.follow_up_answer(reply, 15.0)
    assert judged.verdict == "closed" and judged.closed and judged.check
    assert judged.check.evidence  # the sentence that made it
    assert rnd.current is qs[1] and rnd.position == "2/2"

    rnd.answer("   ", 120.0, timed_out=True)  # no answer: recorded, never a crash
    empty = rnd.turns[1]
    assert empty.result.band == N and not empty.answered and empty.timed_out
    assert empty.follow_up.point_id == top_point(catalog, "staff-promotion-strategy").id
    rnd.follow_up_answer("", 0.0)
    assert rnd.current is None

    d = rnd.finish()
    assert rnd.finished and rnd.finish() is d
    assert not d.ended_early and len(d.questions) == 2
    first, second = d.questions
    assert first.band == final_band(first.answer_band, True, bool(turn.result.red_flags), True)
    assert "closed the gap" in first.changed
    assert second.band == N and second.core and "went unanswered" in second.changed
    # A No Hire on the practice problem, a core question: at most Lean Hire, and it says so.
    assert d.recommendation in (L, N)
    doc = d.to_dict()
    assert doc["recommendation"] == d.recommendation
    assert [q["question_id"] for q in doc["questions"]] == [q.id for q in qs]
    for q in doc["questions"]:
        assert {"question_id", "band", "follow_up", "made", "missed", "changed"} <= set(q)
        assert {"question", "answer", "verdict"} <= set(q["follow_up"])
    assert doc["questions"][0]["follow_up"]["answer"] == reply
    assert doc["questions"][0]["follow_up"]["verdict"] == "closed"
    assert doc["questions"][1]["follow_up"]["verdict"] == "no_answer"
    assert {c["category"] for c in doc["competencies"]} == {"career-vision", "practice-problem"}
    assert doc["level"]["target"] == "L6" and "Staff (L6)" in doc["level"]["message"]
    assert len(doc["practise_next"]) == iv.PRACTISE_NEXT
    assert {p["question_id"] for p in doc["practise_next"]} <= {q.id for q in qs}
    md = d.to_markdown()
    assert md.startswith("# Mock interview debrief: ")
    for rule in iv.RECOMMENDATION_RULES:
        assert rule in md
    assert "Practise next" in md and reply in md


def test_a_reply_that_misses_the_point_leaves_the_verdict(catalog, scorer):
    rnd = InterviewRound([catalog.questions["mentoring"]], catalog, scorer)
    rnd.answer("I like football and cooking pasta on weekends with friends.", 30)
    f = rnd.follow_up_answer("The weather was nice that summer in the park.", 10)
    assert f.verdict == "not_closed" and not f.closed
    t = rnd.turns[0]
    assert t.band == t.result.band
    assert "did not close the gap" in rnd.finish().questions[0].changed


def test_when_nothing_is_missing_the_follow_up_is_the_questions_own(catalog, scorer):
    q = catalog.questions["mentoring"]
    everything = " ".join(k.phrasings[0] for k in catalog.rubrics["mentoring"].key_points)
    rnd = InterviewRound([q], catalog, scorer)
    f = rnd.answer(everything, 55)
    assert not rnd.turns[0].result.missing
    assert f.point_id is None and f.question == q.follow_ups[0]
    assert rnd.follow_up_answer("We met weekly and she now leads reviews.", 20).verdict == (
        "not_judged"
    )
    d = rnd.finish()
    assert d.questions[0].band == d.questions[0].answer_band
    assert "changes nothing" in d.questions[0].changed


def test_ending_early_keeps_what_was_answered(catalog, scorer):
    qs = plan_round(catalog, seed=2)
    rnd = InterviewRound(qs, catalog, scorer)
    rnd.answer("I mentored two engineers and led a migration across three teams.", 40)
    d = rnd.finish()  # quit while the follow-up was waiting
    assert d.ended_early and len(d.questions) == 1 and d.to_dict()["asked"] == 1
    assert d.questions[0].follow_up.verdict == "no_answer"
    with pytest.raises(RoundStateError):
        rnd.answer("too late", 1)


def test_a_scoring_error_leaves_the_round_where_it_was(catalog):
    class Broken(Scorer):
        def score(self, *a, **kw):
            raise RuntimeError("model gone")

    rnd = InterviewRound([catalog.questions["mentoring"]], catalog, Broken(BagOfWordsEmbedder()))
    with pytest.raises(RuntimeError):
        rnd.answer("An answer.", 3)
    assert rnd.phase == "answer" and not rnd.turns


def test_the_ui_thread_reads_the_round_while_an_answer_is_scored(catalog):
    started, release = threading.Event(), threading.Event()

    class Slow(Scorer):
        def score(self, *a, **kw):
            started.set()
            release.wait(5)
            return super().score(*a, **kw)

    rnd = InterviewRound([catalog.questions["mentoring"]], catalog, Slow(BagOfWordsEmbedder()))
    worker = threading.Thread(target=rnd.answer, args=("I mentored an intern weekly.", 9))
    worker.start()
    assert started.wait(5)
    assert rnd.phase == "scoring" and rnd.current is not None  # no waiting on the scorer
    release.set()
    worker.join(5)
    assert rnd.phase == "follow_up"


def test_point_made_uses_the_scorers_rule(catalog, scorer):
    q, r = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    k = r.key_points[0]
    made = scorer.point_made(q, r, k.id, "Some context first. " + k.phrasings[0])
    assert made.made and made.evidence == k.phrasings[0] and made.label == k.label
    # The same sentence inside a whole answer is covered by `score`, by the same threshold.
    assert k.id in {h.id for h in scorer.score(q, r, k.phrasings[0] + " " * 3).covered}
    assert not scorer.point_made(q, r, k.id, "").made
    with pytest.raises(KeyError):
        scorer.point_made(q, r, "no-such-point", "text")


# -- the last round, and starting one -----------------------------------------------------------
def test_a_started_round_is_remembered_and_the_next_one_differs(catalog, scorer, tmp_path):
    assert iv.last_round() == ()  # no file yet
    first = iv.start_round(catalog, scorer, iv.InterviewOptions(seed=5))
    assert iv.last_round() == tuple(q.id for q in first.questions)
    second = iv.start_round(catalog, scorer, iv.InterviewOptions(seed=5))
    assert {q.id for q in second.questions} != {q.id for q in first.questions}
    iv.last_round_path().write_text("{not json")
    assert iv.last_round() == ()


def test_start_round_plans_for_the_profile(catalog, scorer):
    from interview_coach.coaching.profile import Profile

    rnd = iv.start_round(
        catalog, scorer, iv.InterviewOptions(count=3, minutes=1.5), profile=Profile("L5", "L6")
    )
    assert len(rnd.questions) == 3 and rnd.target_level == "L6" and rnd.minutes == 1.5
    assert "1.5 minutes" in rnd.intro
    with pytest.raises(ValueError):
        iv.start_round(catalog, scorer, iv.InterviewOptions(category="no-such-category"))


# -- replay files ---------------------------------------------------------------------------------
def test_a_replay_file_is_read_whole_before_anything_is_scored(catalog, tmp_path):
    text = (
        '{"question": "mentoring", "answer": "I paired with her.", "follow_up_answer": "Weekly."}\n'
        "\n"
        '{"question": "Where do you see yourself in 5 years?", "answer": "", "seconds": 200}\n'
    )
    turns = iv.read_replay(catalog, text, tmp_path / "r.jsonl")
    assert [t.question.id for t in turns] == ["mentoring", "five-year-vision"]
    assert turns[1].answer == "" and turns[1].follow_up_answer == "" and turns[1].line == 3
    assert turns[1].seconds == 200


@pytest.mark.parametrize(
    ("line", "message", "fix"),
    [
        ("{not json", "not valid JSON", "write each line as"),
        ('["mentoring", "answer"]', "must be a JSON object", "write it as"),
        ('{"question": "mentoring", "answer": "x", "followup_answer": "y"}',
         "unknown key 'followup_answer'", "did you mean 'follow_up_answer'?"),
        ('{"answer": "x"}', "'question' is missing", "a question id or its text"),
        ('{"question": "mentorng-xyz-abc", "answer": "x"}', "closest: 'mentoring'",
         "interview-coach questions"),
        ('{"question": "mentoring"}', "'answer' is missing", '"" for no answer'),
        ('{"question": "mentoring", "answer": 3}', "'answer' must be text", '"answer": "..."'),
        ('{"question": "mentoring", "answer": "x", "seconds": "long"}', "'seconds' must be",
         '"seconds": 45'),
    ],
)  # fmt: skip
def test_a_bad_replay_line_names_the_file_the_line_and_the_fix(catalog, tmp_path, line, message,
                                                               fix):  # fmt: skip
    path = tmp_path / "r.jsonl"
    text = '{"question": "mentoring", "answer": "fine"}\n' + line + "\n"
    with pytest.raises(iv.ReplayError) as err:
        iv.read_replay(catalog, text, path)
    assert err.value.problem.line == 2 and err.value.problem.path == path
    assert str(err.value).startswith(f"{path}:2: ") and "Fix: " in str(err.value)
    assert message in str(err.value) and fix in str(err.value)


def test_an_empty_replay_file_is_an_error(catalog, tmp_path):
    with pytest.raises(iv.ReplayError, match="no turns"):
        iv.read_replay(catalog, "\n\n", tmp_path / "r.jsonl")


def test_replay_plays_each_line_as_a_user_would(catalog, scorer):
    text = (
        '{"question": "mentoring", "answer": "I paired with our intern weekly.", '
        '"follow_up_answer": "She now runs reviews.", "seconds": 45}\n'
        '{"question": "build-vs-buy", "answer": "We bought it.", "seconds": 400}\n'
    )
    turns = iv.read_replay(catalog, text)
    rnd = InterviewRound([t.question for t in turns], catalog, scorer, minutes=3)
    d = iv.replay(rnd, turns)
    assert [q.question_id for q in d.questions] == ["mentoring", "build-vs-buy"]
    assert d.questions[0].follow_up.answer == "She now runs reviews."
    assert d.questions[1].timed_out and d.questions[1].follow_up.verdict == "no_answer"


def test_the_debrief_reads_reach_as_the_scorer_did():
    from types import SimpleNamespace as NS

    from interview_coach.coaching.interview import _reaches

    def turn(reaches, answer="an answer", reply=""):
        return NS(answered=bool(answer), result=NS(reaches=reaches),
                  follow_up=NS(answered=bool(reply)))  # fmt: skip

    assert _reaches([turn(False), turn(True)]) is True  # any answer that reaches
    assert _reaches([turn(False), turn(False)]) is False
    assert _reaches([turn(False), turn(None, answer="")]) is False  # unanswered: not read
    # a follow-up reply is not read for reach: it cannot contradict the answer's reply
    assert _reaches([turn(False, reply="three other teams adopted it")]) is False
    assert _reaches([turn(None)]) is None  # another model, or no placing: words alone decide

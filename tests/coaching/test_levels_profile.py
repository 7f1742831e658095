"""Level-aware coaching and the saved profile: pure logic, no model or screen."""

from __future__ import annotations

from interview_coach.coaching.levels import describes_scope, level_feedback
from interview_coach.coaching.profile import Profile, load_profile, save_profile
from interview_coach.coaching.session import (
    GREETING,
    MIXED_GREETING,
    PROBLEM_GREETING,
    Selection,
    greeting,
    select_questions,
)


def test_scope_detection_takes_the_widest():
    assert describes_scope("I fixed bugs from my ticket queue.") == ("L3", "task-level")
    assert describes_scope("I helped my team ship faster.") == ("L4", "team-level")
    assert describes_scope("I own the ranking system end to end.")[0] == "L5"
    assert describes_scope("I led a cross-team effort on my team's model.")[0] == "L6"
    assert describes_scope("We set a company-wide strategy with the CTO.")[0] == "L7"
    assert describes_scope("I want to keep growing.") is None


def test_the_scorers_reading_of_reach_bounds_the_scope_words():
    # "our team's roadmap" uses an org-level word; the scorer read no reach past the team
    text = "I wrote our team's two-quarter roadmap for the ranking model."
    assert describes_scope(text)[0] == "L6"
    assert describes_scope(text, reaches=False) == ("L4", "feature-level")
    assert describes_scope("I want to keep growing.", reaches=False) is None
    # Senior is the first level whose work reaches other teams: no reach, no Senior scope
    assert describes_scope("I own the ranking model end to end.", reaches=False) == (
        "L4",
        "feature-level",
    )
    fb = level_feedback("I own the ranking system and its models end to end.", "L5", reaches=False)
    assert not fb.meets and "reaches other teams" in fb.message
    # reach told without scope words is at least Senior's; the words can say more
    assert describes_scope("I worked with the payments people on it.", reaches=True) == (
        "L5",
        "system-level",
    )
    assert describes_scope("We set a company-wide strategy.", reaches=True)[0] == "L7"
    fb = level_feedback(text, "L6", reaches=False)
    assert not fb.meets and "org-level scope" in fb.message and "You describe feature" in fb.message


def test_level_feedback_names_the_gap():
    fb = level_feedback("I shipped features for my team every sprint.", "L6")
    assert not fb.meets and fb.described == "L4"
    assert fb.message.startswith("You describe feature-level scope; Staff (L6) expects org-level")
    assert "cross-team initiative" in fb.message
    ok = level_feedback("I led a cross-team initiative across three teams.", "L6")
    assert ok.meets and "org-level" in ok.message
    vague = level_feedback("I want to keep growing.", "L5")
    assert not vague.meets and vague.described is None and "never says" in vague.message
    assert level_feedback("anything", "L99") is None


def test_profile_round_trip_and_bad_files(tmp_path):
    path = tmp_path / "p.json"
    assert load_profile(path) == Profile()
    save_profile(Profile("L5", "L6", "management"), path)
    assert load_profile(path) == Profile("L5", "L6", "management")
    path.write_text("{not json")
    assert load_profile(path) == Profile()
    path.write_text('{"current_level": "L42", "target_level": "L6", "track": "boss"}')
    assert load_profile(path) == Profile(None, "L6", "ic")


def test_the_profile_is_owner_only_like_the_database(tmp_path):
    import stat

    path = tmp_path / "p.json"
    path.write_text("{}")
    path.chmod(0o644)
    save_profile(Profile("L5", "L6"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]


def test_questions_at_my_level_come_first(catalog):
    qs = select_questions(catalog, Selection(prefer_levels=("L6",)))
    levels = [q.level for q in qs]
    first_other = next(i for i, lv in enumerate(levels) if lv != "L6")
    assert all(lv == "L6" for lv in levels[:first_other]) and first_other >= 1
    assert all(lv != "L6" for lv in levels[first_other:])
    assert levels.index("all") < max(i for i, lv in enumerate(levels) if lv not in ("L6", "all"))


def test_selection_filters(catalog):
    assert {q.category for q in select_questions(catalog, Selection(category="tracks"))} == {
        "tracks"
    }
    assert len(select_questions(catalog, Selection(count=3, shuffle=True, seed=1))) == 3
    found = select_questions(catalog, Selection(search="on call incident"))
    assert found[0].id == "oncall-incident"


def test_track_breaks_ties_within_a_level(catalog):
    ic = select_questions(catalog, Selection(prefer_levels=("L5",), prefer_track="ic"))
    mgmt = select_questions(catalog, Selection(prefer_levels=("L5",), prefer_track="management"))
    assert ic[0].level == "L5" and ic[0].track in ("ic", "any")
    assert mgmt[0].level == "L5" and mgmt[0].track in ("management", "any")
    l5_ic = [q.track for q in ic if q.level == "L5"]
    assert l5_ic.index("management") > max(i for i, t in enumerate(l5_ic) if t != "management")


def test_the_greeting_gives_length_advice_that_fits_the_questions(catalog):
    qs = catalog.scorable()
    stories = [q for q in qs if q.kind == "behavioral"]
    problems = [q for q in qs if q.kind == "practice_problem"]
    assert stories and problems
    assert greeting(stories) == GREETING and "100-200 words" in GREETING
    # a technical question set is not told to talk for a minute
    assert greeting(problems) == PROBLEM_GREETING and "60 seconds" not in PROBLEM_GREETING
    assert greeting(stories + problems) == MIXED_GREETING
    assert greeting([]) == GREETING

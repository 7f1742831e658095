"""`interview-coach interview`: the replay on the real model and a real SQLite file (the
debrief's JSON shape, the recommendation rule doing what the debrief says, the export), and
the errors a user meets before anything is scored."""

from __future__ import annotations

import json

import pytest

from interview_coach.cli import interview as cli_interview
from interview_coach.cli import main
from interview_coach.coaching import interview as iv
from interview_coach.transcripts.debrief import debrief_markdown
from interview_coach.transcripts.store import TranscriptStore

HOPE = "I would just keep doing good work on my model and hope my manager notices."


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def write(path, *rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def no_model(*_):
    raise AssertionError("the model was loaded before the input was checked")


@pytest.mark.model
def test_replay_on_the_real_model_and_the_core_cap_it_states(
    capsys, tmp_path, catalog, real_scorer, monkeypatch
):
    monkeypatch.setattr(cli_interview, "load_scorer", lambda args: real_scorer)
    strong = {q: catalog.rubrics[q].bands["strong_hire"].exemplars[0] for q in ("mentoring",
              "build-vs-buy")}  # fmt: skip
    answers = write(
        tmp_path / "round.jsonl",
        {"question": "mentoring", "answer": strong["mentoring"], "follow_up_answer": "Weekly."},
        {"question": "build-vs-buy", "answer": strong["build-vs-buy"], "seconds": 58},
        # The practice problem, a core question: the seeds' No Hire answer, and a follow-up
        # that does not close the gap.
        {"question": "staff-promotion-strategy", "answer": HOPE, "follow_up_answer": "Not sure."},
    )
    db = tmp_path / "t.sqlite"
    code, out, err = run(capsys, "interview", "--answers", answers, "--json", "--db", db,
                         "--target-level", "L6")  # fmt: skip
    assert code == 0, err
    d = json.loads(out)
    assert d["recommendation"] in ("strong_hire", "lean_hire", "no_hire")
    assert [q["question_id"] for q in d["questions"]] == [
        "mentoring", "build-vs-buy", "staff-promotion-strategy"
    ]  # fmt: skip
    for q in d["questions"]:
        assert q["band"] in ("strong_hire", "lean_hire", "no_hire")
        assert {"question", "answer", "verdict"} <= set(q["follow_up"])
    assert d["questions"][0]["follow_up"]["answer"] == "Weekly."
    assert d["questions"][1]["follow_up"]["answer"] == ""  # missing: no answer
    assert d["questions"][1]["follow_up"]["verdict"] in ("no_answer", "not_asked")
    assert {c["category"] for c in d["competencies"]} == {
        "mentoring", "technical-decisions", "practice-problem"
    }  # fmt: skip
    assert d["level"]["target"] == "L6" and d["level"]["message"]
    assert 1 <= len(d["practise_next"]) <= 3
    assert all(p["question_id"] for p in d["practise_next"])

    # The recommendation rule does what the debrief says it does.
    bands = [q["band"] for q in d["questions"]]
    core = [q for q in d["questions"] if q["core"]]
    assert [q["question_id"] for q in core] == ["staff-promotion-strategy"]
    assert core[0]["band"] == "no_hire"  # a red flag: the follow-up cannot raise it
    assert iv.CORE_CAP_RULE in d["rules"] and iv.MIDDLE_RULE in d["rules"]
    assert bands[:2] == ["strong_hire", "strong_hire"]
    assert iv.middle_band(bands) == "strong_hire"  # without the cap: Strong Hire
    assert d["recommendation"] == iv.CORE_CAP == "lean_hire"  # with it, as the rule says
    assert "No Hire on 1 core question: capped at Lean Hire." in d["applied"]

    # Saved as an interview session, listed by review, exported as the debrief.
    with TranscriptStore.open(db) as store:
        [s] = store.sessions()
        assert s.kind == "interview" and s.has_debrief and d["session_id"] == s.id
        stored = store.debrief(s.id)
    assert stored is not None and stored["recommendation"] == d["recommendation"]
    code, out, _ = run(capsys, "review", "--db", db)
    assert code == 0 and "interview" in out
    code, out, _ = run(capsys, "review", "--kind", "practice", "--db", db)
    assert code == 0 and "No sessions match" in out
    code, out, _ = run(capsys, "export", s.id, "--format", "md", "--db", db)
    assert code == 0 and out == debrief_markdown(stored)
    assert out.startswith("# Mock interview debrief: Lean Hire")
    assert "capped at Lean Hire" in out
    code, out, _ = run(capsys, "review", s.id, "--db", db)
    assert code == 0 and "Follow-up asked:" in out and "Recommendation: Lean Hire" in out
    code, out, _ = run(capsys, "due", "--json", "--db", db)
    due = {row["question_id"] for row in json.loads(out)["due"]}
    assert {p["question_id"] for p in d["practise_next"]} <= due


@pytest.mark.model
def test_replay_prints_the_debrief_and_can_leave_the_database_alone(
    capsys, tmp_path, real_scorer, monkeypatch
):
    monkeypatch.setattr(cli_interview, "load_scorer", lambda args: real_scorer)
    answers = write(tmp_path / "r.jsonl", {"question": "mentoring", "answer": ""})
    db = tmp_path / "t.sqlite"
    code, out, err = run(capsys, "interview", "--answers", answers, "--no-save", "--db", db)
    assert code == 0, err
    assert out.startswith("# Mock interview debrief: No Hire")
    assert "no answer" in out and not db.exists()


def test_a_bad_line_is_exit_2_naming_the_file_the_line_and_the_fix(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_interview, "load_scorer", no_model)
    path = tmp_path / "r.jsonl"
    path.write_text('{"question": "mentoring", "answer": "ok"}\n{"question": "mentoring"\n')
    code, out, err = run(capsys, "interview", "--answers", path)
    assert code == 2 and not out
    assert f"error: {path}:2: not valid JSON" in err and "Fix: write each line as" in err


def test_an_unknown_question_is_exit_2_with_the_nearest_matches(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_interview, "load_scorer", no_model)
    path = write(tmp_path / "r.jsonl", {"question": "mentorng-xyz-abc", "answer": "x"})
    code, _, err = run(capsys, "interview", "--answers", path)
    assert code == 2 and f"{path}:1:" in err and "closest: 'mentoring'" in err
    launched = []
    monkeypatch.setattr(cli_interview, "launch_chat", lambda *a: launched.append(a) or 0)
    code, _, err = run(capsys, "interview", "--questions", "mentoring,mentorng-xyz-abc")
    assert code == 2 and "closest: 'mentoring'" in err and not launched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--answers", "r.jsonl", "--count", "2"], "drop --count"),
        (["--answers", "r.jsonl", "--questions", "mentoring"], "drop --questions"),
        (["--json"], "go with --answers"),
        (["--minutes", "0"], "--minutes must be"),
        (["--count", "0"], "--count must be"),
        (["--questions", " , "], "at least one id"),
        (["--answers", "missing.jsonl"], "cannot read"),
    ],
)
def test_usage_errors_are_exit_2(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.setattr(cli_interview, "load_scorer", no_model)
    monkeypatch.setattr(cli_interview, "launch_chat", no_model)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "r.jsonl", {"question": "mentoring", "answer": "x"})
    code, _, err = run(capsys, "interview", *args)
    assert code == 2 and message in err


def test_without_answers_the_chat_opens_on_the_planned_round(capsys, monkeypatch):
    seen = []
    monkeypatch.setattr(cli_interview, "launch_chat", lambda a, cat, opts: seen.append(opts) or 0)
    code, _, err = run(capsys, "interview", "--count", "3", "--minutes", "2", "--seed", "4")
    assert code == 0, err
    [options] = seen
    assert options.count == 3 and options.minutes == 2 and len(options.question_ids) == 3
    code, _, _ = run(capsys, "interview", "--questions", "Where do you see yourself in 5 years?")
    assert code == 0 and seen[-1].question_ids == ("five-year-vision",)


def test_the_chat_opens_straight_into_the_round(capsys, monkeypatch):
    from interview_coach.tui.app import CoachApp

    opened = []
    monkeypatch.setattr(CoachApp, "run", lambda self: opened.append(self._interview))
    code, _, err = run(capsys, "interview", "--questions", "mentoring,build-vs-buy",
                       "--minutes", "1")  # fmt: skip
    assert code == 0, err
    [options] = opened
    assert options.question_ids == ("mentoring", "build-vs-buy") and options.minutes == 1

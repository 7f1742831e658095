"""The transcript commands end to end, in-process: review, export and due over real SQLite
databases built by scoring answers and saving them with the store."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from interview_coach.cli import main, practice
from interview_coach.cli import transcripts as cli_transcripts
from interview_coach.scoring.report import render
from interview_coach.scoring.result import ScoreResult
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.export import export, group_by_session, local_time
from interview_coach.transcripts.store import SessionRef, TranscriptStore
from tests.support import DATA, BagOfWordsEmbedder

NOW = datetime.now(UTC)
WEAK = "I think maybe it depends."
TRICKY = (
    'She said "ship it, now", and I said no.\n'
    "Then, two lines later:\n"
    "\n"
    "# not a heading, just my answer\n"
    "Cost fell 30%, latency 120ms → 80ms; naïve retries, removed."
)
V1_FIXTURE = DATA / "transcripts-v1.sqlite"


@pytest.fixture(scope="module")
def fake_scorer():
    return Scorer(BagOfWordsEmbedder())


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def save(store, ref, catalog, scorer, qid, answer, days_ago=0.0, **kw):
    q = catalog.questions[qid]
    result = scorer.score(q, catalog.rubrics[qid], answer)
    at = NOW - timedelta(days=days_ago)
    store.save_attempt(ref, q, answer, result, scored_at=at, started_at=at, **kw)
    return result


@pytest.fixture
def db(tmp_path, catalog, fake_scorer):
    """Three sessions, oldest first: two weak answers, then a strong and a tricky one, then
    one strong answer. Returns (path, {name: ScoreResult})."""
    path = tmp_path / "t.sqlite"
    results = {}
    with TranscriptStore.open(path) as store:
        s1 = SessionRef(model="fake-bow", selection="all")
        results["weak1"] = save(store, s1, catalog, fake_scorer, "mentoring", WEAK, 20)
        results["weak2"] = save(
            store, s1, catalog, fake_scorer, "oncall-incident", WEAK, 19.99, hints_used=2
        )
        s2 = SessionRef(model="fake-bow")
        strong = catalog.questions["mentoring"].model_answer
        results["strong"] = save(store, s2, catalog, fake_scorer, "mentoring", strong, 10)
        results["tricky"] = save(
            store, s2, catalog, fake_scorer, "build-vs-buy", TRICKY, 9.99, revealed=True
        )
        s3 = SessionRef(model="fake-bow")
        answer = catalog.questions["five-year-vision"].model_answer
        results["latest"] = save(store, s3, catalog, fake_scorer, "five-year-vision", answer, 1)
    # The fake embedder's verdicts the assertions below rely on.
    assert results["weak1"].band == results["weak2"].band == "no_hire"
    assert results["strong"].band == results["latest"].band == "strong_hire"
    return path, results


# -- review -------------------------------------------------------------------------------
def test_review_lists_sessions_newest_first_in_80_columns(capsys, db):
    path, _ = db
    code, out, _ = run(capsys, "review", "--db", path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "Date", "Kind", "Attempts", "Questions", "Bands"]
    rows = [line.split() for line in lines[1:4]]
    assert [r[0] for r in rows] == ["3", "2", "1"]
    assert rows[2][1:3] == local_time((NOW - timedelta(days=20)).isoformat()).split()
    assert [r[3] for r in rows] == ["practice"] * 3
    assert rows[2][4:6] == ["2", "2"] and rows[2][6:] == ["N", "N"]
    assert rows[0][4:] == ["1", "1", "S"]
    assert "3 sessions" in out
    assert all(len(line) <= 80 for line in lines)


def test_review_filters_and_json(capsys, db):
    path, results = db
    sessions = {
        3: [results["latest"]],
        2: [results["strong"], results["tricky"]],
        1: [results["weak1"], results["weak2"]],
    }

    def having(band):
        return [i for i, rs in sessions.items() if any(r.band == band for r in rs)]

    def ids(*args):
        code, out, _ = run(capsys, "review", "--db", path, "--json", *args)
        assert code == 0
        return [s["id"] for s in json.loads(out)]

    assert ids() == [3, 2, 1]
    # The fixture fixes session 1 as No Hire only and 3 as Strong Hire only; the tricky
    # answer's band is whatever the fake embedder makes of it.
    assert ids("--band", "no") == having("no_hire")
    assert ids("--band", "strong") == having("strong_hire")
    assert ids("--question", "mentoring") == [2, 1]
    assert ids("--question", "where do you see yourself") == [3]  # question text, not id
    assert ids("--category", "technical-decisions") == [2]
    code, out, _ = run(capsys, "review", "--db", path, "--json")
    first = json.loads(out)[-1]
    assert first["attempts"] == 2 and first["bands"] == ["no_hire", "no_hire"]
    code, out, _ = run(capsys, "review", "--db", path, "--question", "dragons")
    assert code == 0 and "No sessions match" in out


def test_review_session_shows_answers_and_the_reply_as_it_was(capsys, db, catalog):
    path, results = db
    code, out, _ = run(capsys, "review", "--db", path, "2")
    assert code == 0
    assert out.startswith("Session 2:")
    assert "Attempt 1 of 2" in out and "Attempt 2 of 2" in out
    assert "model answer seen first" in out
    strong, tricky = results["strong"], results["tricky"]
    # The answer sits between its question and the verdict, line breaks kept.
    q_at = out.index(catalog.questions["build-vs-buy"].text[:40])
    answer_at = out.index('She said "ship it, now", and I said no.')
    verdict_at = out.index(f"Verdict: {tricky.band_label}", answer_at)
    assert q_at < answer_at < verdict_at
    assert "  # not a heading, just my answer\n" in out
    # The coach's reply is rendered from the stored result.
    assert f"Verdict: {strong.band_label}  (confidence {strong.confidence:.0%})" in out
    assert strong.next_step.split()[0] in out
    assert out.count("Next step:") == 2 and out.count("Follow-up question:") == 2


def test_review_json_session_round_trips_the_result(capsys, db):
    path, results = db
    code, out, _ = run(capsys, "review", "--db", path, "1", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["id"] == 1 and [a["question_id"] for a in d["attempts"]] == [
        "mentoring",
        "oncall-incident",
    ]
    assert ScoreResult.from_dict(d["attempts"][0]["result"]) == results["weak1"]
    assert d["attempts"][1]["hints_used"] == 2


@pytest.mark.parametrize("sid", ["99", "abc", "0"])
def test_review_unknown_session_is_exit_2(capsys, db, sid):
    path, _ = db
    code, out, err = run(capsys, "review", "--db", path, sid)
    assert code == 2 and out == ""
    assert "error:" in err and "interview-coach review" in err


def test_review_compare_shows_every_attempt_and_the_trend(capsys, db):
    path, results = db
    code, out, _ = run(capsys, "review", "--db", path, "--compare", "mentoring")
    assert code == 0
    rows = [line for line in out.splitlines() if line[:4].isdigit()]
    assert len(rows) == 2
    assert "No Hire" in rows[0] and "Strong Hire" in rows[1]
    strong = results["strong"]
    n_points = len(strong.covered) + len(strong.missing)
    assert f"{len(strong.covered)}/{n_points}" in rows[1]
    assert f"{strong.confidence:.0%}" in rows[1]
    assert "Trend: N S" in out and "improving" in out
    # Fuzzy question text resolves to the same question.
    code, out, _ = run(
        capsys, "review", "--db", path, "--compare", "How do you approach mentoring", "--json"
    )
    assert code == 0
    d = json.loads(out)
    assert d["question_id"] == "mentoring"
    assert [a["band"] for a in d["attempts"]] == ["no_hire", "strong_hire"]
    assert d["attempts"][0]["hints_used"] == 0


def test_review_compare_unknown_question_is_exit_2(capsys, db):
    path, _ = db
    code, _, err = run(capsys, "review", "--db", path, "--compare", "dragons and unicorns")
    assert code == 2 and "no question matches" in err


def test_review_compare_a_question_never_answered(capsys, db):
    path, _ = db
    code, out, _ = run(capsys, "review", "--db", path, "--compare", "ic-or-management")
    assert code == 0 and "No attempts at this question yet" in out


def test_review_rejects_filters_with_a_session_id(capsys, db):
    path, _ = db
    code, _, err = run(capsys, "review", "--db", path, "1", "--band", "no")
    assert code == 2 and "filter the session list" in err


# -- export -------------------------------------------------------------------------------
def test_export_json_all_is_complete_and_parses(capsys, db):
    path, results = db
    code, out, _ = run(capsys, "export", "--all", "--format", "json", "--db", path)
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == 1 and "exported_at" in doc
    sessions = doc["sessions"]
    assert [s["id"] for s in sessions] == [1, 2, 3]
    assert [len(s["attempts"]) for s in sessions] == [2, 2, 1]
    assert sessions[0]["model"] == "fake-bow" and sessions[0]["selection"] == "all"
    tricky = sessions[1]["attempts"][1]
    assert tricky["answer"] == TRICKY and tricky["revealed"] is True
    assert ScoreResult.from_dict(tricky["result"]) == results["tricky"]
    # One session exports exactly as it does within --all.
    code, out, _ = run(capsys, "export", "2", "-f", "json", "--db", path)
    assert json.loads(out)["sessions"] == [sessions[1]]


def test_export_csv_round_trips_quotes_commas_and_newlines(capsys, db):
    path, results = db
    code, out, _ = run(capsys, "export", "--all", "-f", "csv", "--db", path)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 5
    assert list(rows[0]) == list(cli_columns())
    tricky = next(r for r in rows if r["question_id"] == "build-vs-buy")
    assert tricky["answer"] == TRICKY
    assert tricky["session_id"] == "2" and tricky["revealed"] == "1"
    r = results["tricky"]
    assert tricky["covered"] == "; ".join(h.label for h in r.covered)
    assert tricky["missing"] == "; ".join(h.label for h in r.missing)
    assert tricky["words"] == str(r.signals["words"])
    assert float(tricky["confidence"]) == pytest.approx(r.confidence, abs=1e-4)
    weak2 = next(r for r in rows if r["question_id"] == "oncall-incident")
    assert weak2["hints_used"] == "2" and weak2["band_label"] == "No Hire"


def cli_columns():
    from interview_coach.transcripts.export import CSV_COLUMNS

    return CSV_COLUMNS


def test_export_markdown_blockquotes_every_answer_line(capsys, db, catalog):
    path, results = db
    code, out, _ = run(capsys, "export", "2", "--db", path)  # md is the default
    assert code == 0
    assert out.startswith("# Interview Coach transcripts")
    assert f"## Session 2: {local_time((NOW - timedelta(days=10)).isoformat())} · S" in out
    assert f"### 2. {catalog.questions['build-vs-buy'].text}" in out
    for line in TRICKY.splitlines():
        assert (f"> {line}" if line else ">") + "\n" in out
    # The answer's "# ..." line stays inside the quote: no new heading appears.
    assert "\n# not a heading" not in out
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert len(headings) == 1 + 1 + 2  # title, the session, its two attempts
    tricky = results["tricky"]
    assert f"**Verdict: {tricky.band_label}** ({tricky.confidence_words})" in out
    assert "**Next step:**" in out and "**Follow-up:**" in out
    assert "- **Red flags:**" in out


def test_export_to_file_is_atomic_and_reports_on_stderr(capsys, db, tmp_path):
    path, _ = db
    target = tmp_path / "out" / "all.csv"
    target.parent.mkdir()
    target.write_text("old contents")
    code, out, err = run(capsys, "export", "--all", "--db", path, "-o", target)
    assert code == 0 and out == ""
    assert f"Wrote 5 attempts to {target} (csv)" in err  # format from the extension
    with open(target, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5 and TRICKY in [r["answer"] for r in rows]
    assert sorted(p.name for p in target.parent.iterdir()) == ["all.csv"]  # no temp left


def test_export_to_an_unwritable_place_fails_and_leaves_nothing(capsys, db, tmp_path):
    path, _ = db
    code, _, err = run(capsys, "export", "1", "--db", path, "-o", tmp_path / "nope" / "x.md")
    assert code == 1 and "cannot write" in err
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("args", [[], ["1", "--all"]])
def test_export_needs_one_session_or_all(capsys, db, args):
    path, _ = db
    code, _, err = run(capsys, "export", "--db", path, *args)
    assert code == 2 and "--all" in err


def test_export_unknown_session_is_exit_2(capsys, db, tmp_path):
    path, _ = db
    code, out, err = run(capsys, "export", "42", "--db", path)
    assert code == 2 and out == "" and "no session 42" in err
    target = tmp_path / "x.json"
    code, out, err = run(capsys, "export", "42", "--db", path, "-o", target)
    assert code == 2 and "no session 42" in err
    assert not target.exists() and list(tmp_path.glob(".x.json*")) == []


def test_export_groups_interleaved_sessions(tmp_path, catalog, fake_scorer):
    """Two app instances writing at once interleave their attempts by id."""
    path = tmp_path / "t.sqlite"
    a, b = SessionRef(model="m"), SessionRef(model="m")
    with TranscriptStore.open(path) as store:
        for i, qid in enumerate(["mentoring", "oncall-incident", "build-vs-buy", "mentoring"]):
            for ref in (a, b) if i % 2 else (b, a):
                save(store, ref, catalog, fake_scorer, qid, f"{WEAK} {ref is a} {i}", 5 - i)
        out = io.StringIO()
        assert export(store, "json", out) == 8
        sessions = json.loads(out.getvalue())["sessions"]
        assert sorted(s["id"] for s in sessions) == sorted([a.id, b.id])
        for s in sessions:
            assert len(s["attempts"]) == 4
            assert {x["session_id"] for x in s["attempts"]} == {s["id"]}
            times = [x["scored_at"] for x in s["attempts"]]
            assert times == sorted(times)
        # An attempt saved after the session list was read is left out, never misfiled.
        summaries = store.sessions()
        save(store, a, catalog, fake_scorer, "mentoring", WEAK, 0)
        grouped = list(group_by_session(summaries, store.iter_attempts(batch=3)))
        assert sorted(len(x) for _, x in grouped) == [4, 4]
        assert all(x.session_id == s.id for s, xs in grouped for x in xs)


# -- due ----------------------------------------------------------------------------------
@pytest.mark.parametrize("scheduler", ["fsrs", "checkpoints"])
def test_due_lists_overdue_questions_first(capsys, db, catalog, scheduler):
    path, _ = db
    code, out, _ = run(capsys, "due", "--db", path, "--scheduler", scheduler, "--json")
    assert code == 0
    d = json.loads(out)
    assert d["scheduler"] == scheduler
    due = [i["question_id"] for i in d["due"]]
    # Weak answers 20 days ago are long overdue; the oldest due date comes first.
    assert due[:1] == ["oncall-incident"]
    assert "five-year-vision" not in due  # answered well yesterday
    overdue = [i["overdue_days"] for i in d["due"]]
    assert overdue == sorted(overdue, reverse=True) and overdue[0] > 15
    assert d["due"][0]["last_band"] == "no_hire" and d["due"][0]["attempts"] == 1
    practised = {"mentoring", "oncall-incident", "build-vs-buy", "five-year-vision"}
    assert set(d["not_practised"]) == {q.id for q in catalog.scorable()} - practised
    assert "upcoming" not in d

    code, out, _ = run(capsys, "due", "--db", path, "--scheduler", scheduler, "--all")
    assert code == 0
    assert f"due now ({scheduler})" in out
    lines = out.splitlines()
    oncall = catalog.questions["oncall-incident"].text[:30]
    vision = catalog.questions["five-year-vision"].text[:25]
    assert any(oncall in line and "days overdue" in line and "No Hire" in line for line in lines)
    later = lines[lines.index("Later:") :]
    assert any(vision in line and " in " in line and "Strong Hire" in line for line in later)
    n = len(d["not_practised"])
    assert f"{n} questions not practised yet: interview-coach practice" in out


@pytest.mark.parametrize("scheduler", ["fsrs", "checkpoints"])
def test_due_nothing_due_says_when_the_next_one_is(
    capsys, tmp_path, catalog, fake_scorer, scheduler
):
    path = tmp_path / "t.sqlite"
    with TranscriptStore.open(path) as store:
        answer = catalog.questions["mentoring"].model_answer
        r = save(store, SessionRef(model="m"), catalog, fake_scorer, "mentoring", answer, 0)
    assert r.band == "strong_hire"
    code, out, _ = run(capsys, "due", "--db", path, "--scheduler", scheduler)
    assert code == 0
    assert out.startswith(f"Nothing due now ({scheduler}). The next is due in ")
    assert catalog.questions["mentoring"].text[:40] in out
    assert "Later:" not in out


# -- empty, missing and unusable databases ------------------------------------------------
def test_missing_database_is_not_created(capsys, tmp_path):
    path = tmp_path / "sub" / "none.sqlite"
    for args in (["review"], ["due"], ["review", "--compare", "mentoring"]):
        code, out, err = run(capsys, *args, "--db", path)
        assert code == 0, err
        assert "No sessions yet. Practise with: interview-coach" in out
        assert str(path) in out  # says which file it looked for
    code, out, err = run(capsys, "review", "--json", "--db", path)
    assert code == 0 and json.loads(out) == [] and "No sessions yet" in err
    code, out, err = run(capsys, "export", "--all", "-f", "json", "--db", path)
    assert code == 0 and json.loads(out)["sessions"] == [] and "No sessions yet" in err
    code, _, err = run(capsys, "export", "1", "--db", path)
    assert code == 2 and "no session 1" in err
    assert not path.parent.exists()


def test_default_database_location_is_not_created(capsys, tmp_path):
    code, out, _ = run(capsys, "review")
    assert code == 0 and "No sessions yet" in out
    assert not (tmp_path / "data").exists()  # the conftest data dir


def test_env_database_is_used(capsys, db, monkeypatch):
    path, _ = db
    monkeypatch.setenv("INTERVIEW_COACH_DB", str(path))
    code, out, _ = run(capsys, "review", "--json")
    assert code == 0 and [s["id"] for s in json.loads(out)] == [3, 2, 1]
    code, out, _ = run(capsys, "review", "--json", "--db", path.parent / "other.sqlite")
    assert json.loads(out) == []  # the flag beats the environment


def test_empty_database(capsys, tmp_path):
    path = tmp_path / "empty.sqlite"
    TranscriptStore.open(path).close()
    for args in (["review"], ["due"]):
        code, out, _ = run(capsys, *args, "--db", path)
        assert code == 0 and out.startswith("No sessions yet. Practise with: interview-coach")
    code, out, _ = run(capsys, "export", "--all", "-f", "csv", "--db", path)
    assert code == 0 and out.splitlines() == [",".join(cli_columns())]
    zero = tmp_path / "zero.sqlite"
    zero.touch()
    code, out, _ = run(capsys, "review", "--db", zero)
    assert code == 0 and "No sessions yet" in out
    assert zero.read_bytes() == b""  # an empty file is not initialised just to be read


@pytest.mark.parametrize(
    "args",
    [
        ["review"],
        ["review", "1"],
        ["review", "--compare", "mentoring"],
        ["export", "--all"],
        ["due"],
    ],
)
def test_corrupt_database_is_exit_1_and_untouched(capsys, tmp_path, args):
    path = tmp_path / "bad.sqlite"
    content = b"not a database at all" * 100
    path.write_bytes(content)
    code, out, err = run(capsys, *args, "--db", path)
    assert code == 1 and out == ""
    assert str(path) in err and "not a SQLite database" in err
    assert "Use --db to choose another file" in err
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite"]


def test_another_programs_database_is_exit_1_and_untouched(capsys, tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    code, _, err = run(capsys, "review", "--db", path)
    assert code == 1 and "another program" in err and "Use --db" in err
    assert path.read_bytes() == before


def test_first_schema_database_reviews_and_exports(capsys, tmp_path):
    path = tmp_path / "v1.sqlite"
    shutil.copyfile(V1_FIXTURE, path)
    code, out, _ = run(capsys, "export", "--all", "-f", "csv", "--db", path)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["session_id"] for r in rows] == ["1", "1", "2"]
    assert '"Quotes", commas.' in rows[1]["answer"] and rows[1]["revealed"] == "0"
    code, out, _ = run(capsys, "review", "--db", path, "--compare", "promotion-disappointment")
    assert code == 0 and "over 3 attempts" in out


# -- the --db flag ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "command", "db"),
    [
        (["--db", "a.sqlite"], None, "a.sqlite"),
        (["practice", "--db", "b.sqlite"], "practice", "b.sqlite"),
        (["--db", "c.sqlite", "practice"], "practice", "c.sqlite"),
        (["--db", "d.sqlite", "review"], "review", "d.sqlite"),
        (["due", "--db", "e.sqlite"], "due", "e.sqlite"),
        (["export", "--all", "--db", "f.sqlite"], "export", "f.sqlite"),
        (["review"], "review", None),
    ],
)
def test_db_flag_reaches_the_command(monkeypatch, argv, command, db):
    seen = {}

    def fake(args):
        seen["command"], seen["db"] = args.command, getattr(args, "db", None)
        return 0

    monkeypatch.setattr(practice, "run", fake)
    for name in ("run_review", "run_export", "run_due"):
        monkeypatch.setattr(cli_transcripts, name, fake)
    assert main(argv) == 0
    assert seen == {"command": command, "db": db}


# -- the real model, end to end -----------------------------------------------------------
@pytest.mark.model
def test_real_model_score_save_review_export(capsys, tmp_path, catalog, real_scorer):
    path = tmp_path / "real.sqlite"
    q = catalog.questions["promotion-disappointment"]
    answers = [
        "I was upset and stopped caring about the work.",
        "I asked my manager for the exact feedback, we agreed a six-month plan for my two"
        " gaps, and I led the cross-team rollout that cut review time by 30%, which got me"
        " promoted the next cycle.",
    ]
    results = [real_scorer.score(q, catalog.rubrics[q.id], a) for a in answers]
    with TranscriptStore.open(path) as store:
        ref = SessionRef(model=results[0].model)
        for i, (a, r) in enumerate(zip(answers, results, strict=True)):
            at = NOW - timedelta(days=3 - i)
            store.save_attempt(ref, q, a, r, scored_at=at, hints_used=i)
        sid = ref.id
    assert results[0].band == "no_hire"

    code, out, _ = run(capsys, "review", "--db", path)
    assert code == 0 and f"{sid}  " in out and "2          1" in out

    code, out, _ = run(capsys, "review", str(sid), "--db", path)
    assert code == 0
    for a, r in zip(answers, results, strict=True):
        assert a[:60] in out
        verdict = next(line for line in render(r).splitlines() if line.startswith("Verdict:"))
        assert verdict in out
        assert r.follow_up.split()[0] in out

    code, out, _ = run(capsys, "export", str(sid), "-f", "json", "--db", path)
    assert code == 0
    attempts = json.loads(out)["sessions"][0]["attempts"]
    assert [x["band"] for x in attempts] == [r.band for r in results]
    assert [ScoreResult.from_dict(x["result"]) for x in attempts] == results
    assert attempts[1]["model"] == results[1].model

    code, out, _ = run(capsys, "review", "--db", path, "--compare", q.text)
    assert code == 0 and "over 2 attempts" in out

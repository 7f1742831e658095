"""Mock interviews in the transcript database, on real SQLite files: schema 3 and later over older
files, a session of kind "interview" with its follow-ups and debrief, the debrief's
practise-next questions due now, and the export of a round as its one-page debrief."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from interview_coach.coaching.interview import InterviewRound, plan_round
from interview_coach.coaching.recorder import Recorder
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts import schedule
from interview_coach.transcripts.debrief import debrief_markdown
from interview_coach.transcripts.export import export
from interview_coach.transcripts.migrations import LATEST
from interview_coach.transcripts.store import HistoryRow, SessionRef, TranscriptStore
from tests.support import DATA, BagOfWordsEmbedder

V1_FIXTURE = DATA / "transcripts-v1.sqlite"
GOOD = "I mentored two engineers weekly and led a migration across three teams, cutting cost 20%."


@pytest.fixture(scope="module")
def scorer():
    return Scorer(BagOfWordsEmbedder())


def play(catalog, scorer, recorder, ids=("five-year-vision", "mentoring")):
    recorder.new_session("mock interview", kind="interview")
    rnd = InterviewRound(plan_round(catalog, question_ids=list(ids)), catalog, scorer,
                         recorder=recorder)  # fmt: skip
    rnd.answer(GOOD, 50)
    rnd.follow_up_answer("I want to be a Staff MLE owning the ranking strategy.", 12)
    rnd.answer("", 180, timed_out=True)
    rnd.follow_up_answer("", 0)
    return rnd, rnd.finish()


def test_a_v1_database_upgrades_and_its_sessions_are_practice(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(V1_FIXTURE, path)
    with TranscriptStore.open(path) as store:
        assert store.schema_version == LATEST == 4
        sessions = store.sessions()
        assert [s.kind for s in sessions] == ["practice", "practice"]
        assert not any(s.has_debrief for s in sessions)
        assert all(not a.timed_out and a.follow_up is None for a in store.attempts())
        assert store.debrief(sessions[0].id) is None
        assert store.sessions(kind="interview") == []
        assert all(not h.requested for h in store.history())
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert {"due_requests", "due_requests_question", "sessions_kind"} <= tables


def test_a_read_only_v1_database_is_read_at_the_new_schema_without_changing_it(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(V1_FIXTURE, path)
    path.chmod(0o444)  # no write bit: read-only even for root
    before = path.read_bytes()
    with TranscriptStore.open(path) as store:
        assert store.read_only and [s.kind for s in store.sessions()] == ["practice"] * 2
        assert store.debrief(1) is None and len(store.history()) == 3
    assert path.read_bytes() == before


def test_a_round_is_saved_turn_by_turn_with_its_debrief(tmp_path, catalog, scorer):
    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    recorder.new_session("mock interview", kind="interview")
    rnd = InterviewRound(plan_round(catalog, question_ids=["five-year-vision", "mentoring"]),
                         catalog, scorer, recorder=recorder)  # fmt: skip
    follow = rnd.answer(GOOD, 50)

    def stored():
        with TranscriptStore.open(path) as other:  # another connection: what a crash leaves
            return other.sessions(), other.attempts()

    # Saved before the follow-up is even asked: a crash now loses nothing scored.
    [session], [first] = stored()
    assert session.kind == "interview" and not session.has_debrief
    assert first.answer == GOOD and first.seconds == 50 and first.follow_up is None
    rnd.follow_up_answer("I want to be a Staff MLE.", 12)
    [_], [first] = stored()
    assert first.follow_up is not None
    assert first.follow_up["question"] == follow.question
    assert first.follow_up["answer"] == "I want to be a Staff MLE."
    assert first.follow_up["verdict"] in ("closed", "not_closed")

    rnd.answer("", 180, timed_out=True)
    rnd.follow_up_answer("", 0)
    d = rnd.finish()
    assert recorder.unsaved == 0 and recorder.session_id == session.id
    recorder.close()
    with TranscriptStore.open(path) as store:
        [s] = store.sessions(kind="interview")
        assert s.has_debrief and s.bands == [t.result.band for t in rnd.turns]
        second = store.attempts(session_id=s.id)[1]
        assert second.timed_out and second.answer == "" and second.band == "no_hire"
        assert second.follow_up and second.follow_up["verdict"] == "no_answer"
        assert store.debrief(s.id) == json.loads(json.dumps(d.to_dict()))


def test_practise_next_is_due_now_until_it_is_answered_again(tmp_path, catalog, scorer):
    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    _, d = play(catalog, scorer, recorder)
    recorder.close()
    practise = {p["question_id"] for p in d.practise_next}
    assert practise
    with TranscriptStore.open(path) as store:
        history = store.history()
        assert {h.question_id for h in history if h.requested} == practise
        items = schedule.queue(schedule.reviews_from_history(history))
        later = datetime.now(UTC) + timedelta(seconds=1)
        assert practise <= {i.question_id for i in schedule.due_now(items, later)}
        # Requests are not attempts: they count no tries and change no band.
        assert all(i.reviews == 1 for i in items)
        # Answering it again (a Strong Hire) answers the request: no longer due today.
        qid = sorted(practise)[0]
        q = catalog.questions[qid]
        result = scorer.score(q, catalog.rubrics[qid], GOOD)
        result.band, result.confidence = "strong_hire", 0.9
        store.save_attempt(SessionRef("m"), q, GOOD, result)
        items = schedule.queue(schedule.reviews_from_history(store.history()))
        assert qid not in {i.question_id for i in schedule.due_now(items, later)}


def test_a_request_older_than_the_last_attempt_is_ignored():
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [
        HistoryRow("q", "", 0.0, 0, False, t0.isoformat(), True),
        HistoryRow("q", "strong_hire", 0.9, 0, False, (t0 + timedelta(hours=1)).isoformat()),
    ]
    [item] = schedule.queue(schedule.reviews_from_history(rows))
    assert item.due > t0 + timedelta(days=1) and item.reviews == 1
    # A request alone (its attempts deleted) puts nothing in the queue.
    assert schedule.queue(schedule.reviews_from_history(rows[:1])) == []


def test_deleting_an_interview_deletes_its_requests(tmp_path, catalog, scorer):
    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    play(catalog, scorer, recorder)
    sid = recorder.session_id
    recorder.close()
    with TranscriptStore.open(path) as store:
        assert sid is not None and store.delete_session(sid) == 2
        assert store.history() == [] and store.sessions() == []


def test_export_of_an_interview_is_its_debrief(tmp_path, catalog, scorer):
    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    _, d = play(catalog, scorer, recorder)
    sid = recorder.session_id
    recorder.close()
    with TranscriptStore.open(path) as store:
        one = io.StringIO()
        export(store, "md", one, sid)
        stored = store.debrief(sid)
        assert stored is not None
        assert one.getvalue() == debrief_markdown(stored) == d.to_markdown()
        whole = io.StringIO()
        export(store, "md", whole)
        assert f"## Session {sid}: " in whole.getvalue() and "mock interview" in whole.getvalue()
        assert "### Mock interview debrief: " in whole.getvalue()
        doc = io.StringIO()
        export(store, "json", doc, sid)
        [session] = json.loads(doc.getvalue())["sessions"]
        assert session["kind"] == "interview"
        assert session["debrief"]["recommendation"] == d.recommendation
        assert session["attempts"][0]["follow_up"]["question"]


def test_an_unfinished_round_exports_its_answers_and_follow_ups(tmp_path, catalog, scorer):
    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    recorder.new_session("mock interview", kind="interview")
    rnd = InterviewRound(plan_round(catalog, question_ids=["mentoring", "build-vs-buy"]),
                         catalog, scorer, recorder=recorder)  # fmt: skip
    follow = rnd.answer(GOOD, 40)
    rnd.follow_up_answer("We met weekly.", 9)
    sid = recorder.session_id
    recorder.close()  # quit before the second question: no debrief
    with TranscriptStore.open(path) as store:
        out = io.StringIO()
        export(store, "md", out, sid)
    text = out.getvalue()
    assert "# Interview Coach transcripts" in text and "mock interview" in text
    assert f"**Follow-up asked:** {follow.question}" in text and "> We met weekly." in text


def test_saving_turned_off_drops_follow_ups_and_debrief_quietly(catalog, scorer, tmp_path):
    recorder = Recorder(tmp_path / "t.sqlite")
    recorder.decline()
    _, d = play(catalog, scorer, recorder)
    assert recorder.unsaved == 0 and d.questions
    assert not (tmp_path / "t.sqlite").exists()

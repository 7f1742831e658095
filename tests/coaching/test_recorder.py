"""The recorder behind the chat, over a real SQLite file: saving, keeping and retrying what
could not be saved, waiting for a database, not saving, and remembering a replacement."""

from __future__ import annotations

import hashlib
import stat
import threading
import time

import pytest

from interview_coach.coaching.recorder import Recorder, ScoredAttempt, remember_database
from interview_coach.common.paths import DB_POINTER as POINTER
from interview_coach.common.paths import data_dir, db_path
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.store import StoreError, TranscriptStore
from tests.support import (
    READ_ONLY_WAYS,
    BagOfWordsEmbedder,
    locked_by_another_process,
    read_only,
)

ANSWER = "I asked for feedback, agreed a plan, and led the migration that cut review time by 30%."


@pytest.fixture(scope="module")
def scorer():
    return Scorer(BagOfWordsEmbedder())


def attempt(catalog, scorer, qid: str = "mentoring", answer: str = ANSWER, **kw):
    q = catalog.questions[qid]
    return ScoredAttempt(q, answer, scorer.score(q, catalog.rubrics[qid], answer), **kw)


def test_saves_an_attempt_with_what_was_true_when_it_was_submitted(tmp_path, catalog, scorer):
    recorder = Recorder(tmp_path / "t.sqlite", selection="category=tracks")
    assert recorder.state == "opening" and recorder.store is None
    assert recorder.open().ok and recorder.state == "saving"
    report = recorder.save(attempt(catalog, scorer, hints_used=2, revealed=True, seconds=41.5))
    assert (report.saved, report.unsaved, report.error, report.ok) == (1, 0, "", True)
    recorder.new_session("due questions")
    recorder.save(attempt(catalog, scorer, "build-vs-buy", "We bought it."))
    recorder.close()
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        first, second = store.attempts()
        assert (first.question_id, first.answer, first.hints_used) == ("mentoring", ANSWER, 2)
        assert first.revealed and first.seconds == pytest.approx(41.5)
        assert second.question_id == "build-vs-buy" and second.session_id != first.session_id
        labels = {s.id: s.selection for s in store.sessions()}
        assert labels == {first.session_id: "category=tracks", second.session_id: "due questions"}


def test_an_attempt_that_cannot_be_saved_is_kept_and_retried(tmp_path, catalog, scorer):
    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    recorder.store.close()  # the database goes away under the recorder
    failed = recorder.save(attempt(catalog, scorer, answer="first"))
    assert (failed.saved, failed.unsaved, failed.ok) == (0, 1, False)
    assert failed.error.startswith("could not save (")
    assert recorder.unsaved == 1
    # Still failing: both are kept, oldest first.
    assert recorder.save(attempt(catalog, scorer, answer="second")).unsaved == 2
    report = recorder.open()  # the database is back: the kept attempts are saved in order
    assert (report.saved, report.unsaved, report.ok) == (2, 0, True)
    assert recorder.unsaved == 0
    recorder.save(attempt(catalog, scorer, answer="third"))
    recorder.close()
    with TranscriptStore.open(path) as store:
        assert [a.answer for a in store.attempts()] == ["first", "second", "third"]
        assert len(store.sessions()) == 1  # all three in the session they were answered in


def test_a_save_waits_until_there_is_a_database(tmp_path, catalog, scorer):
    recorder = Recorder(tmp_path / "t.sqlite")
    reports = []
    saving = threading.Thread(
        target=lambda: reports.append(recorder.save(attempt(catalog, scorer)))
    )
    saving.start()
    saving.join(0.2)
    assert saving.is_alive() and not reports  # nowhere to go yet: it waits, not fails
    recorder.open()
    saving.join(5)
    assert reports and reports[0].ok and recorder.unsaved == 0
    recorder.close()
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        assert [a.answer for a in store.attempts()] == [ANSWER]


def test_a_file_it_will_not_touch_fails_and_declining_keeps_nothing(tmp_path, catalog, scorer):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    recorder = Recorder(bad)
    with pytest.raises(StoreError):
        recorder.open()
    assert recorder.state == "failed" and recorder.store is None
    recorder.decline()
    assert recorder.state == "off"
    report = recorder.save(attempt(catalog, scorer))  # does not wait: the user chose
    assert report.ok and report.saved == 0 and recorder.unsaved == 0
    assert bad.read_text() == "not a database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite"]


def test_a_replacement_beside_the_default_database_is_remembered_owner_only(catalog, scorer):
    bad = db_path()
    bad.parent.mkdir(parents=True)
    bad.write_text("not a database")
    recorder = Recorder()
    with pytest.raises(StoreError) as failed:
        recorder.open()
    fresh = failed.value.fresh_path()
    assert recorder.open(fresh).ok and recorder.path == fresh
    recorder.close()
    pointer = data_dir() / POINTER
    assert pointer.read_text() == fresh.name
    assert stat.S_IMODE(pointer.stat().st_mode) == 0o600
    assert db_path() == fresh  # the next launch opens the replacement
    assert [p.name for p in data_dir().iterdir() if p.name.startswith(f".{POINTER}")] == []


def test_a_chosen_file_is_never_replaced_in_the_pointer(tmp_path, monkeypatch, catalog):
    flagged = Recorder(tmp_path / "flag.sqlite")
    assert not flagged.may_remember()
    flagged.open(data_dir() / "other.sqlite")
    flagged.close()
    monkeypatch.setenv("INTERVIEW_COACH_DB", str(tmp_path / "env.sqlite"))
    from_env = Recorder()
    assert not from_env.may_remember()
    from_env.open(data_dir() / "new.sqlite")
    from_env.close()
    assert not (data_dir() / POINTER).exists()
    # And the pointer never names a file outside the data dir.
    assert not remember_database(tmp_path / "elsewhere.sqlite")
    assert not (data_dir() / POINTER).exists()


def test_a_locked_database_is_retried_on_the_recorders_thread_and_saved_once(
    tmp_path, catalog, scorer
):
    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    with locked_by_another_process(path, seconds=6) as release:
        start = time.monotonic()
        report = recorder.save(attempt(catalog, scorer))
        # The save came back at once, its attempt kept, instead of waiting out the lock.
        assert time.monotonic() - start < 2.5
        assert (report.saved, report.unsaved, report.retrying) == (0, 1, True)
        assert report.error == "the database is locked by another program"
        assert recorder.status == "saving… (database busy, retrying)"
        start = time.monotonic()
        assert recorder.store.count() == 0  # readers of the store are not held up meanwhile
        assert time.monotonic() - start < 2.0
        release()
        deadline = time.monotonic() + 10
        while recorder.unsaved and time.monotonic() < deadline:
            time.sleep(0.02)
    assert recorder.unsaved == 0 and recorder.status == "saved"
    recorder.close()
    with TranscriptStore.open(path) as store:
        assert [a.answer for a in store.attempts()] == [ANSWER]  # once, not twice


def test_the_end_of_the_retries_is_reported_from_the_recorders_thread(tmp_path, catalog, scorer):
    path = tmp_path / "t.sqlite"
    ended: list = []
    done = threading.Event()

    def retried(report):
        ended.append((report, threading.current_thread()))
        done.set()

    recorder = Recorder(path, on_retried=retried)
    recorder.open()
    with locked_by_another_process(path, seconds=6) as release:
        recorder.save(attempt(catalog, scorer))
        recorder.save(attempt(catalog, scorer, answer="second"))  # joins the same retries
        assert not done.is_set()
        release()
        assert done.wait(10)
    [(report, thread)] = ended
    assert (report.saved, report.unsaved, report.ok) == (2, 0, True)
    assert thread is not threading.main_thread()
    recorder.close()
    with TranscriptStore.open(path) as store:
        assert [a.answer for a in store.attempts()] == [ANSWER, "second"]


def test_a_failure_without_a_message_still_says_why(tmp_path, catalog, scorer):
    recorder = Recorder(tmp_path / "t.sqlite")
    recorder.open()

    def fails(*args, **kw):
        raise OSError()  # what an I/O error can carry: nothing

    recorder.store.save_attempt = fails
    report = recorder.save(attempt(catalog, scorer))
    assert report.unsaved == 1 and report.error == "could not save (OSError)"
    assert recorder.status == "not saved yet: could not save (OSError)"
    recorder.close()


@pytest.mark.parametrize("how", READ_ONLY_WAYS)
def test_a_read_only_database_is_found_when_it_is_opened(tmp_path, catalog, scorer, how):
    path = tmp_path / "db" / "t.sqlite"
    first = Recorder(path)
    first.open()
    first.save(attempt(catalog, scorer, answer="before"))
    first.close()
    with read_only(path, how) as blocked:
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        recorder = Recorder(path)
        report = recorder.open()
        # Said from the start, before any answer tried and failed.
        assert recorder.state == "readonly" and report.ok
        assert recorder.status == f"not saving: {blocked} is read-only"
        kept = recorder.save(attempt(catalog, scorer))  # does not wait, keeps it
        assert (kept.saved, kept.unsaved, kept.retrying) == (0, 1, False)
        assert kept.error == f"{blocked} is read-only"
        if recorder.store is not None:  # opened for reading: the review screen can show it
            assert [a.answer for a in recorder.store.attempts()] == ["before"]
        recorder.close()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_since_last_compares_with_this_run_or_the_database(tmp_path, catalog):
    """The chat's "since your last attempt" line: the key points gained and lost since the
    last answer to the question, from this run's answers or, after a restart, the store's."""
    scorer = Scorer(BagOfWordsEmbedder())
    q = catalog.questions["ambiguous-problem"]
    points = catalog.rubrics[q.id].key_points

    def scored(keys):
        return scorer.score(q, catalog.rubrics[q.id], " ".join(k.phrasings[0] + "." for k in keys))

    first, second = scored(points[:-1]), scored(points[1:])
    rec = Recorder(tmp_path / "t.sqlite")
    rec.open()
    assert rec.since_last(first) is None  # never answered before
    rec.save(ScoredAttempt(q, "a", first))
    changes = rec.since_last(second)
    assert changes.gained == (points[-1].label,) and changes.lost == (points[0].label,)
    rec.close()

    later = Recorder(tmp_path / "t.sqlite")  # the next run: the database remembers
    later.open()
    assert later.since_last(second).gained == (points[-1].label,)
    later.close()

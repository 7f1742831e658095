"""The transcript database on real SQLite files: round trip, permissions, bad files left
untouched, migrations from the first schema, and two writers at once."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_coach.common.paths import db_path
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.migrations import LATEST
from interview_coach.transcripts.store import SessionRef, StoreError, TranscriptStore
from interview_coach.tui import render
from tests.support import DATA, ROOT, BagOfWordsEmbedder

V1_FIXTURE = DATA / "transcripts-v1.sqlite"
ANSWER = (
    'I asked my manager for specific feedback ("what exactly was missing?"), agreed a plan\n'
    "for the two gaps, and led the cross-team migration that cut review time by 30%."
)


@pytest.fixture
def scored(catalog):
    q = catalog.questions["promotion-disappointment"]
    result = Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], ANSWER)
    return q, result


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_attempt_round_trip_keeps_the_reply_as_it_was(tmp_path, scored):
    q, result = scored
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        ref = SessionRef("bag-of-words", "category=promotion")
        store.save_attempt(ref, q, ANSWER, result, hints_used=2, revealed=True, seconds=61.5)
        store.save_attempt(ref, q, "second try", result)
        [session] = store.sessions()
        first, second = store.attempts(session_id=ref.id)

    assert session.attempts == 2 and session.bands == [result.band, result.band]
    assert session.selection == "category=promotion"
    assert first.answer == ANSWER and first.hints_used == 2 and first.revealed
    assert first.seconds == 61.5 and first.question == q.text and first.category == q.category
    assert first.covered == [h.label for h in result.covered]
    assert first.missing == [h.label for h in result.missing]
    # The feedback is rebuilt from what was stored, not recomputed.
    assert render.verdict_text(first.result).plain == render.verdict_text(result).plain
    assert first.scored_at <= second.scored_at


def test_filters_and_delete(tmp_path, catalog):
    scorer = Scorer(BagOfWordsEmbedder())
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        refs = []
        for qid in ("promotion-disappointment", "mentoring", "build-vs-buy"):
            q = catalog.questions[qid]
            ref = SessionRef("m")
            store.save_attempt(ref, q, "ok", scorer.score(q, catalog.rubrics[qid], "ok"))
            refs.append(ref)
        assert [s.id for s in store.sessions(question="mentor")] == [refs[1].id]
        cat = catalog.questions["build-vs-buy"].category
        assert refs[2].id in [s.id for s in store.sessions(category=cat)]
        assert store.sessions(band="strong_hire") == []
        assert store.sessions(question="%") == [] and store.sessions(question="_") == []
        assert store.session(refs[1].id).bands == [store.attempts()[1].band]
        assert store.delete_session(refs[0].id) == 1
        assert [a.question_id for a in store.attempts()] == ["mentoring", "build-vs-buy"]


def test_database_and_its_journal_files_are_owner_only(tmp_path, scored):
    path = tmp_path / "deep" / "t.sqlite"
    with TranscriptStore.open(path) as store:
        store.save_attempt(SessionRef("m"), *scored[:1], "x", scored[1])
        files = [p for p in path.parent.iterdir() if p.name.startswith("t.sqlite")]
        assert {p.name for p in files} >= {"t.sqlite", "t.sqlite-wal"}
        for p in files:
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_wal_mode_and_latest_schema(tmp_path):
    path = tmp_path / "t.sqlite"
    TranscriptStore.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST


@pytest.mark.parametrize(
    "content",
    [b"not a database at all\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "damaged-header"],
)
def test_a_corrupt_file_is_reported_and_never_written(tmp_path, content):
    path = tmp_path / "t.sqlite"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(StoreError) as err:
        TranscriptStore.open(path)
    assert err.value.kind == "corrupt"
    assert str(path) in str(err.value) and "new database beside it" in str(err.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.sqlite"]  # no -wal, no -shm
    fresh = err.value.fresh_path()
    assert fresh.parent == tmp_path and not fresh.exists() and fresh != path
    TranscriptStore.open(fresh).close()  # the offered file works
    assert _digest(path) == before


def test_another_programs_database_is_left_alone(tmp_path):
    path = tmp_path / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.com')")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(StoreError) as err:
        TranscriptStore.open(path)
    assert err.value.kind == "foreign" and "bookmarks" in str(err.value)
    assert _digest(path) == before


def test_a_newer_schema_is_not_downgraded(tmp_path):
    path = tmp_path / "t.sqlite"
    TranscriptStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = _digest(path)
    with pytest.raises(StoreError) as err:
        TranscriptStore.open(path)
    assert err.value.kind == "newer" and "upgrade" in str(err.value)
    assert _digest(path) == before


def test_a_first_schema_database_opens_and_upgrades(tmp_path, catalog, scored):
    path = tmp_path / "old.sqlite"
    shutil.copy(V1_FIXTURE, path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    with TranscriptStore.open(path) as store:
        assert store.schema_version == LATEST > 1
        old = store.attempts()
        assert len(old) == 3 and [s.attempts for s in store.sessions()] == [1, 2]
        assert all(not a.revealed for a in old)  # the column added by step 2 has its default
        assert '"Quotes", commas' in old[1].answer
        assert render.verdict_text(old[1].result).plain.startswith(old[1].band_label)
        ref = SessionRef("m", "after upgrade")
        store.save_attempt(ref, scored[0], "new", scored[1], revealed=True)
        assert store.attempts(session_id=ref.id)[0].revealed
    indexes = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "attempts_question" in indexes


_WRITER = textwrap.dedent(
    """
    import sys
    from interview_coach.bank.catalog import Catalog
    from interview_coach.scoring.scorer import Scorer
    from interview_coach.transcripts.store import SessionRef, TranscriptStore
    from tests.support import BagOfWordsEmbedder

    path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    catalog = Catalog.load()
    q = catalog.questions["mentoring"]
    result = Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], "I mentor people.")
    print("ready", flush=True)
    sys.stdin.readline()  # both start writing together
    store = TranscriptStore.open(path)  # both may be creating the file at the same moment
    ref = SessionRef(tag)
    for i in range(n):
        store.save_attempt(ref, q, f"{tag} {i}", result)
    print("done", flush=True)
    """
)


def test_two_instances_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite"
    n = 150
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), tag, str(n)],
            cwd=ROOT,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for tag in ("a", "b")
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "done" in out and "Error" not in err
    with TranscriptStore.open(path) as store:
        answers = [a.answer for a in store.attempts()]
        assert len(answers) == 2 * n
        assert sorted(answers) == sorted(f"{t} {i}" for t in "ab" for i in range(n))
        assert sorted(s.attempts for s in store.sessions()) == [n, n]


def test_db_path_flag_beats_env_beats_pointer(tmp_path, monkeypatch):
    data = tmp_path / "data"
    assert db_path() == data / "transcripts.sqlite"
    data.mkdir()
    (data / "current-database").write_text("transcripts.new-1.sqlite\n")
    assert db_path() == data / "transcripts.new-1.sqlite"
    (data / "current-database").write_text("../../etc/passwd")
    assert db_path() == data / "transcripts.sqlite"  # never leaves the data dir
    monkeypatch.setenv("INTERVIEW_COACH_DB", str(tmp_path / "env.sqlite"))
    assert db_path() == tmp_path / "env.sqlite"
    assert db_path(tmp_path / "flag.sqlite") == tmp_path / "flag.sqlite"


def test_scored_at_is_utc_iso(tmp_path, scored):
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        store.save_attempt(
            SessionRef("m"), scored[0], "x", scored[1],
            started_at=at - timedelta(seconds=90), scored_at=at,
        )  # fmt: skip
        [a] = store.attempts()
    assert a.scored_at == "2026-03-01T12:00:00.000+00:00"
    assert a.started_at == "2026-03-01T11:58:30.000+00:00"
    assert json.loads(a.result_json)["band"] == scored[1].band

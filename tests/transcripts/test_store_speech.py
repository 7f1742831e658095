"""A spoken answer's delivery and, only when asked, its recording, stored with the attempt:
migration step 4 on old files, owner-only audio beside the database, removed with its
session."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import stat

import pytest

from interview_coach.scoring.scorer import Scorer
from interview_coach.speech.delivery import Delivery, Word, measure
from interview_coach.transcripts.export import export
from interview_coach.transcripts.store import SessionRef, TranscriptStore
from tests.support import DATA, BagOfWordsEmbedder

ANSWER = "I would stay an individual contributor. Um, I enjoy building models for people."
WAV = b"RIFF....WAVEfmt fake recording bytes"


@pytest.fixture
def scored(catalog):
    q = catalog.questions["ic-or-management"]
    return q, Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], ANSWER)


@pytest.fixture
def delivery() -> Delivery:
    words = [Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(ANSWER.split())]
    return measure(words, audio_seconds=7.5)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_delivery_round_trips_and_a_typed_answer_has_none(tmp_path, scored, delivery):
    q, result = scored
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        ref = SessionRef("m")
        store.save_attempt(ref, q, ANSWER, result, delivery=delivery.to_dict())
        store.save_attempt(ref, q, "typed", result)
        spoken, typed = store.attempts()
        assert Delivery.from_dict(spoken.delivery) == delivery
        assert typed.delivery is None and spoken.audio is None and typed.audio is None
        assert not store.audio_dir.exists()  # nothing kept unless asked


def test_a_kept_recording_is_owner_only_and_goes_with_its_session(tmp_path, scored, delivery):
    q, result = scored
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        first, second = SessionRef("m"), SessionRef("m")
        store.save_attempt(first, q, ANSWER, result, delivery=delivery.to_dict(), audio=WAV)
        store.save_attempt(second, q, ANSWER, result, audio=WAV + b"2")
        a, b = store.attempts()
        path_a, path_b = store.audio_path(a), store.audio_path(b)
        assert path_a is not None and path_b is not None
        assert path_a.parent == tmp_path / "t-audio"
        assert path_a.read_bytes() == WAV and path_b.read_bytes() == WAV + b"2"
        assert _mode(path_a) == 0o600 and _mode(store.audio_dir) == 0o700
        assert store.delete_session(first.id) == 1
        assert not path_a.exists() and path_b.exists()
        assert [x.id for x in store.attempts()] == [b.id]


def test_a_recording_that_cannot_be_written_saves_nothing(tmp_path, scored):
    q, result = scored
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        store.audio_dir.write_text("a file where the folder should be")
        with pytest.raises(OSError):
            store.save_attempt(SessionRef("m"), q, ANSWER, result, audio=WAV)
        assert store.attempts() == [] and store.sessions() == []


def test_a_first_schema_database_gains_the_columns(tmp_path, scored, delivery):
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "transcripts-v1.sqlite", path)
    with TranscriptStore.open(path) as store:
        old = store.attempts()
        assert len(old) == 3 and all(a.delivery is None and a.audio is None for a in old)
        ref = SessionRef("m")
        store.save_attempt(ref, scored[0], ANSWER, scored[1], delivery=delivery.to_dict())
        assert store.attempts(session_id=ref.id)[0].delivery["words"] == delivery.words
    columns = {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(attempts)")}
    assert {"delivery", "audio"} <= columns


def test_json_export_carries_the_delivery(tmp_path, scored, delivery):
    q, result = scored
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        ref = SessionRef("m")
        store.save_attempt(ref, q, ANSWER, result, delivery=delivery.to_dict())
        out = io.StringIO()
        export(store, "json", out, session_id=ref.id)
    text = out.getvalue()
    assert '"words_per_minute"' in text and json.loads(text)

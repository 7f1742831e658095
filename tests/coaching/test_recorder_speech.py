"""The chat's recorder saves a spoken answer's delivery, and its recording when kept."""

from __future__ import annotations

from interview_coach.coaching.recorder import Recorder, ScoredAttempt
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.store import TranscriptStore
from tests.support import BagOfWordsEmbedder


def test_delivery_and_kept_audio_reach_the_database(tmp_path, catalog):
    q = catalog.questions["mentoring"]
    result = Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], "I paired weekly.")
    recorder = Recorder(tmp_path / "t.sqlite")
    recorder.open()
    delivery = {"words": 3, "speaking_seconds": 1.2, "words_per_minute": 150.0}
    spoken = ScoredAttempt(q, "I paired weekly.", result, delivery=delivery, audio=b"RIFFwav")
    assert recorder.save(spoken).ok
    assert recorder.save(ScoredAttempt(q, "typed", result)).ok
    recorder.close()
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        first, second = store.attempts()
        assert first.delivery == delivery and second.delivery is None
        path = store.audio_path(first)
        assert path is not None and path.read_bytes() == b"RIFFwav"
        assert store.audio_path(second) is None

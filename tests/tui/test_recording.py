"""Speaking an answer in the chat (f9), driven by Textual's pilot at 80x24 with a fake
microphone stream and a fake recogniser: record, stop, check the words, submit."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import TextArea

from interview_coach.speech import capture as capture_module
from interview_coach.speech.capture import Capture
from interview_coach.speech.delivery import Word
from interview_coach.speech.transcribe import Transcript
from interview_coach.transcripts.store import TranscriptStore
from tests.support import fake_stream_factory
from tests.tui.pilot import ANSWER, fake_app, status, turns, wait_for

SPOKEN = ANSWER.split()


class FakeTranscriber:
    """Says ANSWER at 150 words a minute, with an "um" after word 5 and a 3 s pause after it."""

    def __init__(self) -> None:
        self.heard: list[np.ndarray] = []

    def load(self) -> FakeTranscriber:
        return self

    def transcribe_samples(self, samples, source="microphone", rate=16_000) -> Transcript:
        self.heard.append(samples)
        said = [*SPOKEN[:5], "um", *SPOKEN[5:]]
        ws, t = [], 0.5
        for i, w in enumerate(said):
            ws.append(Word(w, t, t + 0.3))
            t += 3.4 if i == 5 else 0.4
        return Transcript(" ".join(said), ws, audio_seconds=t + 1, model="fake")


def recording_app(catalog, tmp_path, **kw):
    factory, streams = fake_stream_factory()
    transcriber = FakeTranscriber()
    app = fake_app(
        catalog,
        db_path=tmp_path / "t.sqlite",
        capture_factory=lambda: Capture(stream_factory=factory),
        transcriber_factory=lambda: transcriber,
        **kw,
    )
    return app, streams, transcriber


async def record_and_stop(pilot, app, streams) -> None:
    await pilot.press("f9")
    assert app.voice.capture is not None and streams[0].started
    streams[0].feed(np.full(4800, 0.3, dtype=np.float32))  # 0.1 s of loud sound at 48 kHz
    await wait_for(pilot, lambda: "▁" not in status(app) and "recording" in status(app))
    await pilot.press("f9")
    await wait_for(pilot, lambda: app.query_one("#answer", TextArea).text.strip())


async def test_f9_records_with_a_meter_then_the_words_wait_in_the_box(catalog, tmp_path):
    app, streams, transcriber = recording_app(catalog, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.model_state == "ready")
        await pilot.press("f9")
        assert "● recording 0:00 / 1:00" in status(app) and "f9 stops" in status(app)
        streams[0].feed(np.full(4800, 0.3, dtype=np.float32))
        # The meter shows the loud block (a high mark), sampled every 0.1 s.
        await wait_for(pilot, lambda: any(m in status(app) for m in "▆▇█"))
        await pilot.press("f9")
        assert streams[0].stopped and streams[0].closed
        box = app.query_one("#answer", TextArea)
        await wait_for(pilot, lambda: box.text.strip())
        assert box.text.startswith(" ".join(SPOKEN[:5]) + " um")
        assert len(transcriber.heard) == 1 and transcriber.heard[0].size > 0
        # Nothing is scored until the user submits.
        assert not turns(app, "verdict") and "check and correct" in turns(app, "note")[-1]
        assert "recording" not in status(app)


async def test_a_submitted_recording_is_scored_with_how_it_sounded(catalog, tmp_path):
    app, streams, _ = recording_app(catalog, tmp_path, keep_audio=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await record_and_stop(pilot, app, streams)
        box = app.query_one("#answer", TextArea)
        box.load_text(box.text.replace(" um", ""))  # the user corrects the words
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        reply = turns(app, "verdict")[-1]
        assert "How it sounded:" in reply and "Pace: " in reply and "words a minute" in reply
        assert "Pauses over 2 s: 1: 3.1 s" in reply and "Fillers: 1" in reply
        app.recorder.flush()
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        (attempt,) = store.attempts()
        assert attempt.delivery is not None and attempt.delivery["words"] == len(SPOKEN)
        assert attempt.delivery["pauses"][0]["after"] == "um"  # as spoken, not as corrected
        path = store.audio_path(attempt)
        assert path is not None and path.read_bytes()[:4] == b"RIFF"


async def test_a_rewritten_answer_is_scored_as_typed(catalog, tmp_path):
    app, streams, _ = recording_app(catalog, tmp_path, keep_audio=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await record_and_stop(pilot, app, streams)
        app.query_one("#answer", TextArea).load_text("Something else entirely, typed instead.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        assert "How it sounded" not in turns(app, "verdict")[-1]
        app.recorder.flush()
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        (attempt,) = store.attempts()
        assert attempt.delivery is None and attempt.audio is None


async def test_quitting_while_recording_stops_and_keeps_the_words(catalog, tmp_path):
    app, streams, _ = recording_app(catalog, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        streams[0].feed(np.full(4800, 0.3, dtype=np.float32))
        await pilot.press("ctrl+q")
        assert streams[0].stopped and app.voice.capture is None and app.is_running
        box = app.query_one("#answer", TextArea)
        await wait_for(pilot, lambda: box.text.strip())
        assert SPOKEN[0] in box.text


@pytest.mark.parametrize("env", [{"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}])
async def test_no_microphone_is_one_line_and_the_chat_goes_on(catalog, tmp_path, monkeypatch, env):
    # The real default capture: microphone_problem decides, here an SSH session.
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    assert capture_module.microphone_problem() is not None
    app = fake_app(catalog, db_path=tmp_path / "t.sqlite")
    async with app.run_test(size=(80, 24)) as pilot:
        before = len(turns(app))
        await pilot.press("f9")
        await pilot.pause()
        new = turns(app)[before:]
        assert len(new) == 1 and new[0].startswith("Cannot record: this is an SSH session")
        assert "\n" not in new[0] and "--audio FILE" in new[0]
        assert app.voice.capture is None and "recording" not in status(app)
        app.query_one("#answer", TextArea).insert(ANSWER)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        assert "How it sounded" not in turns(app, "verdict")[-1]

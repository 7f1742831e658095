"""Speaking an answer in the chat (f9), driven by Textual's pilot at 80x24 with a fake
microphone stream and a fake recogniser: record, stop, check the words, submit."""

from __future__ import annotations

import re

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
        # The clock starts at 0:00; a loaded machine may take a second to get here.
        assert re.search(r"● recording 0:0\d / 1:00", status(app)) and "f9 stops" in status(app)
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


# -- stopping cleanly: whatever moves on first stops the microphone and keeps the words --------
@pytest.mark.parametrize(("key", "again"), [("ctrl+r", "tries again"), ("ctrl+n", "moves on")])
async def test_retry_or_next_while_recording_stops_it_and_keeps_the_words(
    catalog, tmp_path, key, again
):
    app, streams, _ = recording_app(catalog, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        position = app.session.position
        await pilot.press("f9")
        streams[0].feed(np.full(4800, 0.3, dtype=np.float32))
        await pilot.press(key)
        assert streams[0].stopped and streams[0].closed  # the device is let go at once
        box = app.query_one("#answer", TextArea)
        await wait_for(pilot, lambda: box.text.strip())
        assert SPOKEN[0] in box.text and app.session.position == position
        assert f"{key} again {again}" in "\n".join(turns(app, "note"))
        assert "recording" not in status(app)
        await pilot.press(key)  # again: now it does what it says
        await pilot.pause()
        assert not box.text.strip()


async def test_a_transcription_does_not_land_in_the_next_questions_box(catalog, tmp_path):
    import threading

    release = threading.Event()
    app, streams, transcriber = recording_app(catalog, tmp_path)
    slow = transcriber.transcribe_samples

    def transcribe_slowly(samples, **kw):
        release.wait(5)
        return slow(samples, **kw)

    transcriber.transcribe_samples = transcribe_slowly
    async with app.run_test(size=(80, 24)) as pilot:
        position = app.session.position
        await pilot.press("f9", "f9")  # recorded, now transcribing
        await pilot.press("ctrl+n")  # told the words are coming; nothing moves yet
        assert app.session.position == position
        await pilot.press("ctrl+n")  # again: moves on without them
        assert app.session.position != position
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.query_one("#answer", TextArea).text.strip()
        assert "recording" not in status(app) and "transcribing" not in status(app)


@pytest.mark.parametrize("key", ["f2", "f3", "f1", "f6"])
async def test_opening_another_screen_stops_recording_and_keeps_the_words(catalog, tmp_path, key):
    app, streams, _ = recording_app(catalog, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        streams[0].feed(np.full(4800, 0.3, dtype=np.float32))
        await pilot.press(key)
        await pilot.pause()
        assert len(app.screen_stack) == 2
        assert streams[0].stopped and streams[0].closed
        await pilot.press("escape")
        box = app.query_one("#answer", TextArea)
        await wait_for(pilot, lambda: box.text.strip())
        assert SPOKEN[0] in box.text
        assert "Recording stopped: its words go into the answer box." in turns(app, "note")


async def test_the_app_ending_mid_recording_lets_the_microphone_go(catalog, tmp_path):
    app, streams, _ = recording_app(catalog, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        app.exit()  # however it ends: not through ctrl+q
        await pilot.pause()
    assert streams[0].stopped and streams[0].closed


# -- the mock interview: the same key, the same mechanism ----------------------------------------
def interview_screen(app):
    from interview_coach.tui.screens.interview import InterviewScreen

    scr = app.screen
    return scr if isinstance(scr, InterviewScreen) and scr.round is not None else None


def interview_status(app) -> str:
    return str(app.screen.query_one("#status").content)


def interview_notes(app) -> list[str]:
    from interview_coach.tui.app import Turn

    return [str(t.content) for t in app.screen.query(Turn) if t.has_class("note")]


ONE = ("mentoring",)


async def test_f9_in_the_mock_interview_records_and_stores_the_delivery(catalog, tmp_path):
    from interview_coach.coaching.interview import InterviewOptions

    app, streams, transcriber = recording_app(
        catalog, tmp_path, keep_audio=True, interview=InterviewOptions(count=1, question_ids=ONE)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: interview_screen(app))
        scr = interview_screen(app)
        footer_keys = {b.binding.key for b in scr.active_bindings.values() if b.enabled}
        assert "f9" in footer_keys
        await pilot.press("f9")
        assert re.search(r"● recording 0:0\d / 1:00", interview_status(app))  # as above
        assert "Q 1/1" in interview_status(app)
        streams[0].feed(np.full(4800, 0.3, dtype=np.float32))
        await wait_for(pilot, lambda: any(m in interview_status(app) for m in "▆▇█"))
        await pilot.press("ctrl+s")  # not while recording
        assert not scr.round.turns and not scr.busy
        await pilot.press("f9")
        assert streams[0].stopped and streams[0].closed
        box = scr.query_one("#answer", TextArea)
        await wait_for(pilot, lambda: box.text.strip())
        assert box.text.startswith(" ".join(SPOKEN[:5]) + " um")
        assert "check and correct" in interview_notes(app)[-1]
        # Its own box and log: the practice chat's are untouched.
        assert not app.query_one("#answer", TextArea).text
        assert "check and correct" not in "\n".join(turns(app, "note"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: scr.round.turns and not scr.busy)
        [turn] = scr.round.turns
        assert turn.attempt.delivery is not None
        assert turn.attempt.delivery["words"] == len(SPOKEN)
        if turn.follow_up.asked:  # a spoken reply keeps its figures too
            await pilot.press("f9")
            streams[1].feed(np.full(4800, 0.3, dtype=np.float32))
            await pilot.press("f9")
            await wait_for(pilot, lambda: box.text.strip())
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: turn.follow_up.replied and not scr.busy)
            assert turn.follow_up.to_dict()["delivery"]["words"] == len(SPOKEN)
        await wait_for(pilot, lambda: scr.debrief is not None)
        assert scr.check_action("record", ()) is False  # nothing more to say
        # The debrief says how the spoken answer sounded, in the reply's words.
        report = scr.debrief.to_markdown()
        assert "How it sounded:" in report and "words a minute" in report
        app.recorder.flush()
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        (attempt,) = store.attempts()
        assert attempt.delivery is not None and attempt.delivery["pauses"][0]["after"] == "um"
        path = store.audio_path(attempt)
        assert path is not None and path.read_bytes()[:4] == b"RIFF"


async def test_the_interview_clock_running_out_mid_recording_gives_its_words(catalog, tmp_path):
    from interview_coach.coaching.interview import InterviewOptions

    options = InterviewOptions(count=1, minutes=0.03, question_ids=ONE)  # 1.8 s
    app, streams, _ = recording_app(catalog, tmp_path, interview=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: interview_screen(app))
        scr = interview_screen(app)
        await pilot.press("f9")
        streams[0].feed(np.full(4800, 0.3, dtype=np.float32))
        await wait_for(pilot, lambda: scr.round.turns, timeout=8)
        assert streams[0].stopped and streams[0].closed
        [turn] = scr.round.turns
        assert turn.timed_out and turn.answer.startswith(" ".join(SPOKEN[:5]))
        assert turn.attempt.delivery is not None


async def test_leaving_the_interview_mid_recording_stops_it(catalog, tmp_path):
    from interview_coach.coaching.interview import InterviewOptions
    from interview_coach.tui.screens.confirm import ConfirmScreen

    options = InterviewOptions(count=1, question_ids=ONE)
    app, streams, _ = recording_app(catalog, tmp_path, interview=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: interview_screen(app))
        scr = interview_screen(app)
        await pilot.press("f9")
        streams[0].feed(np.full(4800, 0.3, dtype=np.float32))
        await pilot.press("ctrl+q")  # asks first; the recording stops meanwhile
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert streams[0].stopped and streams[0].closed
        await pilot.press("n")
        box = scr.query_one("#answer", TextArea)
        await wait_for(pilot, lambda: box.text.strip())
        assert SPOKEN[0] in box.text  # the words are kept
        await pilot.press("f9")  # a second take, then the user leaves
        assert streams[1].started
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)
    assert streams[1].stopped and streams[1].closed

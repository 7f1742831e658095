"""Speaking an answer (f9), one mechanism for every chat layout (the practice chat and the mock
interview): record from the microphone with a level meter and the clock against the 60-second
target, then transcribe into the answer box, where the user checks the words before
submitting as usual.

`VoiceInput` is an invisible widget that `chat_layout` puts beside the answer box. It owns the
capture, the meter's timer and the transcription worker, so whatever ends its screen ends the
recording too: another screen opening on top stops it and keeps its words (they go into the
box), and unmounting (the screen closed, the app quitting) lets the microphone go. Its host
(the app for the practice chat, the interview screen) shows its notes and status line.

Nothing of the speech stack is imported until the key is pressed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import TextArea

from interview_coach.scoring.text import words

if TYPE_CHECKING:
    from interview_coach.speech.capture import Capture, Recording
    from interview_coach.speech.transcribe import Transcriber, Transcript

# A Capture not yet started; raises CaptureError when recording cannot work here. The meter
# reads `Capture.level` on the UI thread, so no on_level callback crosses from the audio one.
CaptureFactory = Callable[[], "Capture"]
TranscriberFactory = Callable[[], "Transcriber"]
# The level meter's marks, quietest first.
METER = " ▁▂▃▄▅▆▇█"
METER_WIDTH = 8


# The one recording key, in the chat and in the mock interview alike.
RECORD_BINDING = Binding(
    "f9", "record", "Record", priority=True, tooltip="Speak your answer; again to stop and check it"
)


@dataclass(frozen=True)
class Spoken:
    """What the answer box holds from a recording, until it is submitted or replaced."""

    transcript: Transcript
    recording: Recording


class VoiceHost(Protocol):
    """Where the recording reports: the app (practice chat) or the interview screen."""

    def say(self, content: Text | str, role: str) -> object: ...
    def refresh_status(self) -> None: ...


class VoiceSource(Protocol):
    """What the app supplies to every recording: the microphone, the recogniser (tests pass
    fakes) and whether recordings are kept."""

    capture_factory: CaptureFactory
    transcriber_factory: TranscriberFactory

    def keeps_audio(self) -> bool: ...


class VoiceInput(Widget):
    """f9's recording for the answer box of the screen it is mounted in."""

    DEFAULT_CSS = "VoiceInput { display: none; }"

    @dataclass
    class Transcribed(Message):
        """The worker's result (posted from its thread), for take `take`."""

        take: int
        recording: Recording
        transcript: Transcript | None = None
        error: str = ""

    @dataclass
    class Done(Message):
        """A recording's transcription ended: its words are in the box (`filled`), or not."""

        voice: VoiceInput
        filled: bool

    def __init__(self, host: VoiceHost, box_id: str = "answer"):
        super().__init__()
        self.host = host
        self.box_id = box_id
        self.capture: Capture | None = None
        self.levels: list[float] = []
        self._meter: Timer | None = None
        self.transcribing = False
        self.spoken: Spoken | None = None
        # Each recording is a take; a transcription that comes back for an older take (the
        # user moved on meanwhile) is dropped rather than put into another question's box.
        self._take = 0
        self._interrupted = False  # a key that moves on already stopped this take once

    @property
    def source(self) -> VoiceSource:
        return self.app  # type: ignore[return-value]  # only CoachApp mounts chat layouts

    @property
    def box(self) -> TextArea:
        return self.screen.query_one(f"#{self.box_id}", TextArea)

    @property
    def recording(self) -> bool:
        return self.capture is not None

    @property
    def busy(self) -> bool:
        """Recording, or transcribing what was recorded."""
        return self.capture is not None or self.transcribing

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        self.cancel()  # however the screen or the app ends, the microphone is let go

    def _screen_changed(self, screen: Screen) -> None:
        if self.capture is not None and screen is not self.screen:
            self.stop()
            self.host.say("Recording stopped: its words go into the answer box.", "note")

    # -- the key ----------------------------------------------------------------------------
    def toggle(self) -> None:
        """First press records; the second stops and transcribes into the answer box."""
        if self.capture is not None:
            self.stop()
            return
        if self.transcribing:
            self.notify("Still transcribing the last recording…")
            return
        from interview_coach.speech.errors import CaptureError

        try:
            capture = self.source.capture_factory()
            capture.start()
        except CaptureError as exc:
            self.host.say(f"Cannot record: {exc}", "note")
            return
        self._take += 1
        self.capture, self.levels, self._interrupted = capture, [], False
        self._meter = self.set_interval(0.1, self._sample_level)
        self.host.refresh_status()

    def _sample_level(self) -> None:
        if self.capture is None:
            return
        self.levels = [*self.levels, self.capture.level][-METER_WIDTH:]
        self.host.refresh_status()

    def _stop_capture(self) -> Recording | None:
        capture, self.capture = self.capture, None
        if self._meter is not None:
            self._meter.stop()
            self._meter = None
        return capture.stop() if capture is not None else None

    def stop(self) -> bool:
        """Stop recording and transcribe into the box; False when nothing was recording."""
        recording = self._stop_capture()
        if recording is None:
            return False
        self.transcribing = True
        self.host.refresh_status()
        self.transcribe(self._take, recording)
        return True

    def interrupt(self, key: str, does: str) -> bool:
        """Before a key that moves on (`key` `does`, e.g. "ctrl+n", "moves on"): a recording
        is stopped and its words go into the box, and the key must be pressed again. True
        when the key should do nothing more this time."""
        if self.capture is not None:
            self.stop()
            self._interrupted = True
            self.host.say(f"Recording stopped: its words go into the answer box. {key} again"
                          f" {does}.", "note")  # fmt: skip
            return True
        if self.transcribing and not self._interrupted:
            self._interrupted = True
            self.notify(f"Transcribing your recording: its words go into the answer box. {key}"
                        f" again {does} without them.")  # fmt: skip
            return True
        return False

    def cancel(self) -> None:
        """Stop without keeping anything: the capture closed, a transcription under way
        dropped when it comes back, the recording behind the box forgotten."""
        self._stop_capture()
        self._take += 1
        self.transcribing = False
        self.spoken = None

    # -- the words --------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="speech")
    def transcribe(self, take: int, recording: Recording) -> None:
        try:
            transcriber = self.source.transcriber_factory()
            transcriber.load()
            transcript = transcriber.transcribe_samples(recording.samples, source="microphone")
        except Exception as exc:  # one line in the chat; the typed answer and the app go on
            reason = str(exc).splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
            self.post_message(self.Transcribed(take, recording, error=reason))
            return
        self.post_message(self.Transcribed(take, recording, transcript))

    def on_voice_input_transcribed(self, message: Transcribed) -> None:
        message.stop()
        if message.take != self._take:
            return  # cancelled: the user moved on
        self.transcribing = False
        transcript = message.transcript
        if transcript is None or not transcript.text.strip():
            why = message.error or "no words were recognised in the recording"
            self.host.say(f"Could not use the recording: {why}. Type the answer, or f9 to try"
                          " again.", "note")  # fmt: skip
            self.host.refresh_status()
            self.post_message(self.Done(self, filled=False))
            return
        box = self.box
        typed = box.text.rstrip()
        box.load_text(f"{typed}\n{transcript.text}" if typed else transcript.text)
        box.move_cursor(box.document.end)
        if box.display:
            box.focus()
        self.spoken = Spoken(transcript, message.recording)
        self.host.say("Your recording is in the answer box: check and correct the words, then"
                      " ctrl+s submits it with how it sounded.", "note")  # fmt: skip
        self.host.refresh_status()
        self.post_message(self.Done(self, filled=True))

    def box_changed(self, text: str) -> None:
        if self.spoken is not None and not text.strip():
            self.spoken = None  # cleared: what is typed next is not the recording's

    def hold_submit(self) -> str | None:
        """Why the box must not be submitted yet, or None."""
        if self.capture is not None:
            return "Recording: f9 stops it, then check the words and submit."
        if self.transcribing:
            return "Still transcribing your recording: its words go into the answer box."
        return None

    def take_spoken(self, answer: str) -> Spoken | None:
        """The recording behind the submitted `answer`, unless the user replaced its words:
        corrections keep it (at least half the recognised words still there), a rewrite does
        not. The box's recording is forgotten either way."""
        spoken, self.spoken = self.spoken, None
        if spoken is None:
            return None
        said = words(spoken.transcript.text)
        kept = set(words(answer))
        if not said or sum(w in kept for w in said) * 2 < len(said):
            return None
        return spoken

    def wav(self, spoken: Spoken | None) -> bytes | None:
        """The recording to store with the attempt, only when the user keeps recordings."""
        if spoken is None or not self.source.keeps_audio():
            return None
        return spoken.recording.wav_bytes()

    # -- the status line --------------------------------------------------------------------
    def status(self, where: str) -> Text | None:
        """The status line while recording (`where`: the question), else None."""
        if self.capture is None:
            return None
        secs = int(self.capture.elapsed)
        meter = "".join(METER[min(len(METER) - 1, int(v * len(METER)))] for v in self.levels)
        return Text(
            f"● recording {secs // 60}:{secs % 60:02d} / 1:00 {meter.ljust(METER_WIDTH)}"
            f" · f9 stops · {where}"
        )


def default_capture() -> Capture:
    from interview_coach.speech.capture import Capture, microphone_problem
    from interview_coach.speech.errors import CaptureError

    problem = microphone_problem()
    if problem:
        raise CaptureError("unavailable", problem)
    return Capture()


def default_transcriber() -> Transcriber:
    from interview_coach.common.config import load_speech_settings
    from interview_coach.speech.transcribe import shared_transcriber

    return shared_transcriber(load_speech_settings().model_dir)

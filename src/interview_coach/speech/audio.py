"""Reading a recording into the 16 kHz mono samples the recogniser takes, with PyAV (the
decoder faster-whisper uses: FFmpeg's libraries, bundled, so WAV, MP3, M4A, OGG, FLAC, WebM
and the rest need nothing installed), and refusing what cannot be an answer: a missing,
empty, non-audio, damaged, silent or over-long file gets one line naming the file and what to
do, never a traceback.

The length cap is checked twice: against the file's header before anything is decoded (a
2-hour file is refused at once), and while decoding (a header can be missing or lie), so
memory stays bounded whatever the file says."""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from interview_coach.speech.errors import AudioFileError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000  # what Whisper takes
# An interview answer is about a minute; past this a file is not one answer (and would take
# minutes to transcribe on two cores).
MAX_SECONDS = 10 * 60
# Below this peak (about -54 dBFS) a recording holds no speech a recogniser could hear.
SILENCE_PEAK = 0.002


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32, mono, SAMPLE_RATE, in [-1, 1]
    source: str  # the file name, or "microphone"

    @property
    def seconds(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def duration_text(seconds: float) -> str:
    s = round(seconds)
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def too_long(name: str, seconds: float, at_least: bool = False) -> AudioFileError:
    size = f"at least {duration_text(seconds)}" if at_least else duration_text(seconds)
    return AudioFileError(
        f"{name}: the recording is {size} long; an answer can be at most"
        f" {MAX_SECONDS // 60} minutes (the target is 60 s). Trim it to the answer"
        f" (e.g. sox {name} answer.wav trim 0 1:00) and try again."
    )


def read_file(path: Path | str, max_seconds: float = MAX_SECONDS) -> Audio:
    """The file's first audio track as 16 kHz mono float32. Raises AudioFileError for a file
    that is missing, not a regular file, empty, not audio, damaged, longer than
    `max_seconds`, or silent."""
    path = Path(path)
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise AudioFileError(f"{name}: no such file") from None
    except OSError as exc:
        raise AudioFileError(f"{name}: cannot read it ({exc.strerror})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise AudioFileError(f"{name}: not a regular file; give a recording (WAV, MP3, M4A...)")
    if st.st_size == 0:
        raise AudioFileError(f"{name}: the file is empty (0 bytes); record the answer again")
    if not os.access(path, os.R_OK):
        raise AudioFileError(f"{name}: cannot read it (permission denied)")
    samples = _decode(path, name, max_seconds)
    return checked(Audio(samples, name))


def checked(audio: Audio) -> Audio:
    """`audio`, or AudioFileError when it has no samples or is silent (checked before the
    model loads: a silent recording needs no recogniser to say so)."""
    import numpy as np

    if audio.samples.size == 0:
        raise AudioFileError(
            f"{audio.source}: no audio could be decoded from it (empty or damaged); record"
            " the answer again"
        )
    peak = float(np.max(np.abs(audio.samples)))
    if peak < SILENCE_PEAK:
        raise AudioFileError(
            f"{audio.source}: the recording is silent ({duration_text(audio.seconds)} with no"
            " sound); check the microphone is not muted and record again"
        )
    return audio


def _decode(path: Path, name: str, max_seconds: float) -> np.ndarray:
    try:
        import av
        import numpy as np
    except ImportError as exc:
        raise AudioFileError(
            f"cannot decode {name}: the audio decoder is not installed ({exc.name});"
            " reinstall with scripts/bootstrap.sh"
        ) from exc
    limit = int(max_seconds * SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    got = 0
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioFileError(
                    f"{name}: no audio in this file ({_format(container)}); give a recording"
                    " (WAV, MP3, M4A...)"
                )
            stream = container.streams.audio[0]
            declared = _declared_seconds(container, stream)
            if declared is not None and declared > max_seconds + 1:
                raise too_long(name, declared)
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for frame in _frames(container, stream, av):
                for out in resampler.resample(frame):
                    block = out.to_ndarray().reshape(-1)
                    chunks.append(block)
                    got += block.size
                if got > limit + SAMPLE_RATE:
                    raise too_long(name, got / SAMPLE_RATE, at_least=True)
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except AudioFileError:
        raise
    except (av.FFmpegError, OSError, ValueError, EOFError) as exc:
        raise AudioFileError(
            f"{name}: cannot be decoded: damaged, or not a recording ({_reason(exc)}); give a"
            " WAV, MP3 or M4A recording"
        ) from exc
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    samples = np.concatenate(chunks).astype(np.float32) / 32768.0
    if samples.size > limit + SAMPLE_RATE:
        raise too_long(name, samples.size / SAMPLE_RATE)
    return samples


def _frames(container, stream, av):
    """Decoded frames, skipping the damaged ones as faster-whisper does (a few bad packets
    in a long recording lose a moment, not the answer)."""
    packets = container.demux(stream)
    for packet in packets:
        try:
            yield from packet.decode()
        except av.InvalidDataError:
            continue


def _declared_seconds(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        seconds = float(stream.duration * stream.time_base)
        if math.isfinite(seconds) and seconds > 0:
            return seconds
    if container.duration:  # in AV_TIME_BASE units (microseconds)
        return container.duration / 1_000_000
    return None


def _format(container) -> str:
    fmt = getattr(container, "format", None)
    return f"format: {fmt.name}" if fmt is not None else "unknown format"


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return " ".join(str(text).split())[:160] or type(exc).__name__

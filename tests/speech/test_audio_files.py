"""Recordings that cannot be an answer: each gets one line naming the file and what to do,
exit status 2 from the CLI, never a traceback; refused before any model loads."""

from __future__ import annotations

import io
import struct
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from interview_coach.cli import main
from interview_coach.speech import audio as audio_mod
from interview_coach.speech.audio import MAX_SECONDS, SAMPLE_RATE, read_file
from interview_coach.speech.capture import wav_bytes
from interview_coach.speech.errors import AudioFileError
from tests.support import SPEECH_DATA

FIXTURE = SPEECH_DATA / "answer.wav"


def wav_header(frames: int, rate: int = SAMPLE_RATE) -> bytes:
    """A 16-bit mono WAV header declaring `frames` frames."""
    data = frames * 2
    return (
        b"RIFF" + struct.pack("<I", 36 + data) + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
        + b"data" + struct.pack("<I", data)
    )  # fmt: skip


def encode(samples: np.ndarray, path: Path, codec: str) -> Path:
    """`samples` (16 kHz mono) encoded with PyAV's bundled encoders: MP3 or M4A (AAC)."""
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=SAMPLE_RATE if codec != "aac" else 44_100)
        stream.layout = "mono"
        pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        resampler = av.AudioResampler(
            format=stream.codec_context.format, layout="mono", rate=stream.codec_context.rate
        )
        for f in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(f):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def fixture_samples() -> np.ndarray:
    return read_file(FIXTURE).samples


# -- refused ----------------------------------------------------------------------------------
def _refused(path: Path, *expected: str) -> str:
    with pytest.raises(AudioFileError) as err:
        read_file(path)
    msg = str(err.value)
    assert str(path) in msg and "\n" not in msg
    for text in expected:
        assert text in msg, msg
    return msg


def test_missing_and_not_a_file(tmp_path):
    _refused(tmp_path / "nope.wav", "no such file")
    _refused(tmp_path, "not a regular file")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    _refused(path, "empty (0 bytes)")


def test_header_only_wav_has_no_audio(tmp_path):
    path = tmp_path / "header.wav"
    path.write_bytes(wav_header(0))
    _refused(path, "no audio could be decoded")


def test_silent_recording(tmp_path):
    path = tmp_path / "silent.wav"
    path.write_bytes(wav_bytes(np.zeros(3 * SAMPLE_RATE, dtype=np.float32)))
    _refused(path, "silent", "0:03")
    # hiss far below speech counts as silence too
    hiss = np.random.default_rng(1).normal(0, 0.0002, 2 * SAMPLE_RATE).astype(np.float32)
    path.write_bytes(wav_bytes(hiss))
    _refused(path, "silent")


def test_text_and_binary_files_are_not_audio(tmp_path):
    text = tmp_path / "answer.txt"
    text.write_text("I would stay an individual contributor because I like building.\n" * 50)
    _refused(text, "give a")
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    _refused(png, "give a")
    binary = tmp_path / "program"
    binary.write_bytes(Path("/bin/sh").resolve().read_bytes()[:50_000])
    _refused(binary)


def test_damaged_m4a(tmp_path):
    whole = encode(fixture_samples(), tmp_path / "whole.m4a", "aac")
    cut = tmp_path / "cut.m4a"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])  # the index is at the end
    _refused(cut, "cannot be decoded: damaged, or not a recording")


def test_garbage_after_a_riff_tag(tmp_path):
    path = tmp_path / "broken.wav"
    path.write_bytes(b"RIFF\xff\xff\xff\xffWAVEjunk" + b"\x00\x01" * 500)
    _refused(path)


def long_wav(path: Path, seconds: int) -> Path:
    """A WAV of `seconds` of silence, written sparse: 230 MB for two hours, made at once."""
    frames = seconds * SAMPLE_RATE
    with open(path, "wb") as f:
        f.write(wav_header(frames))
        f.truncate(44 + frames * 2)
    return path


def test_two_hours_is_refused_from_the_header_at_once(tmp_path):
    path = long_wav(tmp_path / "two-hours.wav", 2 * 3600)
    start = time.perf_counter()
    msg = _refused(path, "2:00:00 long", f"at most {MAX_SECONDS // 60} minutes", "Trim")
    assert time.perf_counter() - start < 2
    assert "sox" in msg


def test_eleven_minutes_of_real_audio_is_refused(tmp_path):
    _refused(long_wav(tmp_path / "long.wav", 11 * 60), "11:00 long")


def test_a_header_that_lies_is_caught_while_decoding(tmp_path, monkeypatch):
    monkeypatch.setattr(audio_mod, "_declared_seconds", lambda container, stream: None)
    path = tmp_path / "long.wav"
    path.write_bytes(wav_bytes(np.full(5 * SAMPLE_RATE, 0.1, dtype=np.float32)))
    with pytest.raises(AudioFileError) as err:
        read_file(path, max_seconds=2)
    assert "at least" in str(err.value) and "long" in str(err.value)


# -- read ------------------------------------------------------------------------------------
@pytest.mark.parametrize("codec", ["mp3", "aac"])
def test_mp3_and_m4a_decode_to_the_same_length(tmp_path, codec):
    samples = fixture_samples()
    path = encode(samples, tmp_path / f"answer.{'m4a' if codec == 'aac' else 'mp3'}", codec)
    decoded = read_file(path)
    assert decoded.seconds == pytest.approx(len(samples) / SAMPLE_RATE, abs=0.1)
    assert decoded.samples.dtype == np.float32


def test_stereo_44k_wav_becomes_16k_mono(tmp_path):
    path = tmp_path / "stereo.wav"
    t = np.arange(44_100) / 44_100
    left = (0.3 * np.sin(2 * np.pi * 300 * t) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44_100)
        w.writeframes(np.column_stack([left, left]).tobytes())
    path.write_bytes(buf.getvalue())
    a = read_file(path)
    assert a.samples.size == pytest.approx(SAMPLE_RATE, abs=20)


# -- the CLI: exit 2 and one line, before any model -----------------------------------------------
@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_bytes(wav_bytes(np.zeros(SAMPLE_RATE * 2, dtype=np.float32))), "silent"),
        (lambda p: p.write_bytes(b"just some text, not a recording\n" * 20), "give a"),
        (lambda p: long_wav(p, 2 * 3600), "2:00:00 long"),
        (lambda p: p.write_bytes(b"RIFF\xff\xff\xff\xffWAVEjunk" + b"\x01" * 999), "error:"),
    ],
    ids=["empty", "silent", "text", "two-hours", "corrupt"],
)
def test_cli_bad_audio_exit_2(capsys, tmp_path, monkeypatch, make, expected):
    from interview_coach.speech import transcribe

    monkeypatch.setattr(transcribe.Transcriber, "load", lambda self: pytest.fail("model loaded"))
    path = tmp_path / "answer.wav"
    make(path)
    code = main(["score", "-q", "ic-or-management", "--audio", str(path)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err and str(path) in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_cli_audio_and_answer_are_exclusive(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["score", "-q", "ic-or-management", "--audio", "a.wav", "-a", "text"])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err

"""Microphone capture with a fake input stream, and the one-line reasons it cannot record."""

from __future__ import annotations

import importlib.abc
import io
import sys
import types
import wave

import numpy as np
import pytest

from interview_coach.speech import capture
from interview_coach.speech.capture import (
    FILE_ROUTE,
    Capture,
    level_of,
    microphone_problem,
    resample,
)
from interview_coach.speech.errors import CaptureError
from tests.support import fake_stream_factory


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tone(seconds: float, rate: float = 48_000, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_start_feed_stop_gives_a_16khz_recording_with_levels_and_elapsed_time():
    factory, made = fake_stream_factory(samplerate=48_000)
    levels: list[float] = []
    clock = Clock()
    cap = Capture(on_level=levels.append, stream_factory=factory, clock=clock)
    assert not cap.active and cap.elapsed == 0.0
    cap.start()
    assert cap.active and made[0].started
    for _ in range(10):  # 10 blocks of 0.1 s
        made[0].feed(tone(0.1))
        clock.now += 0.1
    assert cap.elapsed == pytest.approx(1.0)
    made[0].feed(np.zeros(4800, dtype=np.float32))  # a silent block reads as 0 on the meter
    rec = cap.stop()
    assert made[0].stopped and made[0].closed and not cap.active
    assert rec.seconds == pytest.approx(1.1, abs=0.01)
    assert rec.samples.dtype == np.float32 and rec.samples.size == pytest.approx(17_600, abs=2)
    assert len(levels) == 11 and levels[-1] == 0.0
    assert 0.8 < levels[0] <= 1.0  # a 0.5-amplitude tone is about -9 dBFS
    assert cap.elapsed == pytest.approx(1.0)  # frozen at stop
    clock.now += 5
    assert cap.elapsed == pytest.approx(1.0)


def test_recording_stops_growing_at_the_cap_and_says_it_was_truncated():
    factory, made = fake_stream_factory(samplerate=16_000)
    cap = Capture(stream_factory=factory, max_seconds=1.0)
    cap.start()
    for _ in range(15):
        made[0].feed(tone(0.1, rate=16_000))
    assert cap.truncated
    rec = cap.stop()
    assert rec.truncated and rec.seconds == pytest.approx(1.0)


def test_a_busy_device_is_one_line_and_nothing_stays_open():
    busy = RuntimeError("Error opening InputStream: Device unavailable [PaErrorCode -9985]")
    factory, made = fake_stream_factory(fail_on_start=busy)
    cap = Capture(stream_factory=factory)
    with pytest.raises(CaptureError) as err:
        cap.start()
    assert err.value.kind == "busy"
    assert "busy" in str(err.value) and FILE_ROUTE in str(err.value)
    assert "\n" not in str(err.value)
    assert made[0].closed and not cap.active
    assert cap.stop().seconds == 0.0  # stopping what never started is harmless


def test_stop_without_start_is_an_empty_recording():
    rec = Capture(stream_factory=fake_stream_factory()[0]).stop()
    assert rec.samples.size == 0 and not rec.truncated


def test_wav_bytes_is_a_16_bit_mono_16khz_file():
    factory, made = fake_stream_factory(samplerate=16_000)
    cap = Capture(stream_factory=factory)
    cap.start()
    made[0].feed(tone(0.5, rate=16_000))
    data = cap.stop().wav_bytes()
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16_000)
        assert w.getnframes() == 8000


def test_level_meter_scale():
    assert level_of(np.zeros(100, dtype=np.float32)) == 0.0
    assert level_of(np.ones(100, dtype=np.float32)) == 1.0
    assert level_of(np.full(100, 0.001, dtype=np.float32)) == pytest.approx(
        0.0, abs=1e-6
    )  # -60 dBFS
    assert level_of(np.full(100, 0.0001, dtype=np.float32)) == 0.0  # below the floor
    assert level_of(np.full(100, 0.0316, dtype=np.float32)) == pytest.approx(0.5, abs=0.01)
    assert level_of(np.zeros(0, dtype=np.float32)) == 0.0


def test_resample_keeps_the_duration_and_the_tone():
    out = resample(tone(1.0, rate=44_100), 44_100, 16_000)
    assert out.size == 16_000
    spectrum = np.abs(np.fft.rfft(out))
    assert abs(np.argmax(spectrum) - 220) <= 1  # 1 Hz bins over one second
    same = tone(0.1, rate=16_000)
    assert resample(same, 16_000) is not None and resample(same, 16_000).size == same.size


# -- why recording cannot work here ---------------------------------------------------------------
def test_ssh_session_says_so_without_touching_the_audio_library(monkeypatch):
    monkeypatch.setattr(capture, "_import_sounddevice", lambda: pytest.fail("opened audio"))
    env = {"SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22"}
    msg = microphone_problem(env)
    assert msg is not None and "SSH session" in msg and FILE_ROUTE in msg

    # a forwarded sound server means the microphone may well be reachable
    def no_device():
        raise CaptureError("no-device", "no microphone found")

    monkeypatch.setattr(capture, "_import_sounddevice", no_device)
    assert microphone_problem({**env, "PULSE_SERVER": "tcp:localhost"}) == "no microphone found"


def test_ssh_session_refuses_to_start_the_real_microphone(monkeypatch):
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    with pytest.raises(CaptureError) as err:
        Capture().start()
    assert err.value.kind == "ssh"


class _NoPortAudio(importlib.abc.MetaPathFinder):
    """Imports `sounddevice` as it fails without libportaudio2: OSError at import."""

    def find_spec(self, name, path, target=None):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return None


def test_no_portaudio_library(monkeypatch):
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    msg = microphone_problem({})
    assert msg is not None and "no PortAudio library" in msg and "libportaudio2" in msg
    with pytest.raises(CaptureError) as err:
        Capture().start()
    assert err.value.kind == "no-portaudio"


def test_no_sounddevice_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import raises ImportError
    msg = microphone_problem({})
    assert msg is not None and "sounddevice package is missing" in msg


def _fake_sounddevice(query):
    sd = types.ModuleType("sounddevice")
    sd.query_devices = query  # type: ignore[attr-defined]
    return sd


def test_no_input_device(monkeypatch):
    def query(kind=None):
        raise RuntimeError("Error querying device -1")

    monkeypatch.setitem(sys.modules, "sounddevice", _fake_sounddevice(query))
    msg = microphone_problem({})
    assert msg is not None and msg.startswith("no microphone found") and FILE_ROUTE in msg
    monkeypatch.setitem(
        sys.modules,
        "sounddevice",
        _fake_sounddevice(lambda kind=None: {"name": "hdmi", "max_input_channels": 0}),
    )
    with pytest.raises(CaptureError) as err:
        Capture().start()
    assert err.value.kind == "no-device"


def test_this_machine_gives_a_line_or_none_never_an_exception(monkeypatch):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    msg = microphone_problem({})
    assert msg is None or ("\n" not in msg and FILE_ROUTE in msg)


def test_an_error_opening_the_device_is_one_line():
    def factory(rate, callback):
        raise RuntimeError("Error opening InputStream: Invalid device [PaErrorCode -9996]")

    with pytest.raises(CaptureError) as err:
        Capture(stream_factory=factory).start()
    assert err.value.kind == "no-device" and FILE_ROUTE in str(err.value)

"""Builds tests/data/speech/answer.wav (16 kHz mono, about 6 s) and answer.txt, what it says:
a short spoken answer made by espeak-ng, with a filler ("um") and a 2.5-second pause, so the
transcription tests have one real recording where espeak-ng is not installed. Run from the
repository root (needs espeak-ng):

    PYTHONPATH=src:. .venv/bin/python tests/data/make_speech_fixture.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.support import SPEECH_DATA, espeak_wav, without_ssml

from interview_coach.speech.audio import read_file
from interview_coach.speech.capture import wav_bytes

SSML = (
    '<speak>I would stay an individual contributor. <break time="2500ms"/>'
    " Um, I enjoy building models for people.</speak>"
)


def main() -> None:
    SPEECH_DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = espeak_wav(SSML, Path(tmp) / "raw.wav", ssml=True)
        audio = read_file(raw)  # resampled to the recogniser's 16 kHz: half the size
    (SPEECH_DATA / "answer.wav").write_bytes(wav_bytes(audio.samples))
    (SPEECH_DATA / "answer.txt").write_text(without_ssml(SSML) + "\n", encoding="utf-8")
    print(f"{SPEECH_DATA / 'answer.wav'}: {audio.seconds:.1f} s")


if __name__ == "__main__":
    main()

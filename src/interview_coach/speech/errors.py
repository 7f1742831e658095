"""What can go wrong with speech, as one-line messages a person can act on."""

from __future__ import annotations


class SpeechError(Exception):
    """Speech cannot be used for this input or on this machine. The message is one line
    that names the file or the missing piece and says what to do instead."""


class AudioFileError(SpeechError):
    """A recording that cannot be used: missing, empty, not audio, damaged, silent or too
    long."""


class SpeechModelError(SpeechError):
    """The speech recognition model or its libraries cannot be loaded."""


class CaptureError(SpeechError):
    """The microphone cannot be used. `kind` says why: no-portaudio, no-device, busy, ssh,
    no-sounddevice or failed."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def transcriber():
    """The bundled tiny.en, loaded once for the whole run (the CLI shares it too)."""
    from interview_coach.speech.transcribe import shared_transcriber

    return shared_transcriber().load()

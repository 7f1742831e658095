"""Speech settings: the recognition model directory and whether recordings are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.common.config import ConfigError, config_file, load_speech_settings


def _config(text: str) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text)


def test_defaults_bundled_model_and_nothing_kept():
    s = load_speech_settings()
    assert s.model_dir is None and s.keep_audio is False


def test_flag_beats_environment_beats_file(monkeypatch):
    _config('speech_model = "/from/file"\nkeep_audio = true\n')
    assert load_speech_settings() == type(load_speech_settings())(Path("/from/file"), True)
    monkeypatch.setenv("INTERVIEW_COACH_SPEECH_MODEL", "/from/env")
    assert load_speech_settings().model_dir == Path("/from/env")
    assert load_speech_settings("~/flag").model_dir == Path("~/flag").expanduser()


@pytest.mark.parametrize(
    "value, kept", [("true", True), ("false", False), ('"yes"', True), ('"off"', False)]
)
def test_keep_audio_values(value, kept):
    _config(f"keep_audio = {value}\n")
    assert load_speech_settings().keep_audio is kept
    assert load_speech_settings(keep_audio_flag=True).keep_audio is True


def test_a_keep_audio_that_is_not_true_or_false_is_an_error_naming_the_file():
    _config('keep_audio = "sometimes"\n')
    with pytest.raises(ConfigError) as err:
        load_speech_settings()
    assert str(config_file()) in str(err.value) and "true or false" in str(err.value)

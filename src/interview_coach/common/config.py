"""User settings: which embedding model to use, and for speech which recognition model and
whether to keep recordings. A flag beats the environment, which beats the config file, which
beats the bundled default."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_coach.common.paths import cache_dir, config_dir

MODEL_ENV = "INTERVIEW_COACH_MODEL"
SPEECH_MODEL_ENV = "INTERVIEW_COACH_SPEECH_MODEL"
# The file holds one short setting; the cap keeps a mistaken or hostile file from being read
# whole into memory.
MAX_CONFIG_BYTES = 64_000


@dataclass(frozen=True)
class Settings:
    model: str | None  # None = the bundled all-MiniLM-L6-v2
    cache_path: Path | None


@dataclass(frozen=True)
class SpeechSettings:
    model_dir: Path | None  # None = the bundled, checksummed Whisper tiny.en
    keep_audio: bool  # keep each recording beside the transcripts (off unless asked)


def config_file() -> Path:
    return config_dir() / "config.toml"


def load_settings(model_flag: str | None = None, no_cache: bool = False) -> Settings:
    model = model_flag or os.environ.get(MODEL_ENV) or _file_setting("model")
    return Settings(
        model=model or None,
        cache_path=None if no_cache else cache_dir() / "vectors.sqlite",
    )


def load_speech_settings(
    model_flag: str | None = None, keep_audio_flag: bool = False
) -> SpeechSettings:
    """`--speech-model DIR` / INTERVIEW_COACH_SPEECH_MODEL / `speech_model = "DIR"`, and
    `--keep-audio` / `keep_audio = true`."""
    model = model_flag or os.environ.get(SPEECH_MODEL_ENV) or _file_setting("speech_model")
    keep = keep_audio_flag or _file_flag("keep_audio")
    return SpeechSettings(Path(model).expanduser() if model else None, keep)


def _file_flag(key: str) -> bool:
    value = _file_value(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "off", "0", ""):
        return False
    raise ConfigError(
        f"{config_file()}: {key} must be true or false (found {value!r}). Fix the file or"
        " delete the line."
    )


def _file_setting(key: str) -> str | None:
    value = _file_value(key)
    return str(value) if value else None


def _file_value(key: str) -> object:
    path = config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read config ({exc}). Fix the file or delete it."
        ) from exc
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{path}: config file is {len(raw):,} bytes; it needs one line such as"
            f' model = "all-MiniLM-L6-v2". Fix the file or delete it.'
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read config ({exc}). Fix the file or delete it."
        ) from exc
    except RecursionError as exc:
        # The standard library's TOML parser recurses once per nested array or inline table
        # and has no limit of its own: a 2 KB file can exhaust the stack. No partial state
        # survives the unwinding, so this is as clean as any other parse error.
        raise ConfigError(
            f"{path}: cannot read config (arrays or tables nested too deeply)."
            " Fix the file or delete it."
        ) from exc
    return data.get(key)


class ConfigError(Exception):
    pass

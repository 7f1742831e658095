"""User settings: which embedding model to use. A flag beats the environment, which beats
the config file, which beats the bundled default."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_coach.common.paths import cache_dir, config_dir

MODEL_ENV = "INTERVIEW_COACH_MODEL"


@dataclass(frozen=True)
class Settings:
    model: str | None  # None = the bundled all-MiniLM-L6-v2
    cache_path: Path | None


def config_file() -> Path:
    return config_dir() / "config.toml"


def load_settings(model_flag: str | None = None, no_cache: bool = False) -> Settings:
    model = model_flag or os.environ.get(MODEL_ENV) or _file_setting("model")
    return Settings(
        model=model or None,
        cache_path=None if no_cache else cache_dir() / "vectors.sqlite",
    )


def _file_setting(key: str) -> str | None:
    path = config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read config ({exc}). Fix the file or delete it."
        ) from exc
    value = data.get(key)
    return str(value) if value else None


class ConfigError(Exception):
    pass

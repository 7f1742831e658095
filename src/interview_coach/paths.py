"""Where things live: built-in content (source tree or installed wheel) and per-user dirs."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import PlatformDirs

APP = "interview-coach"
_dirs = PlatformDirs(APP, appauthor=False)


def builtin_dir(kind: str) -> Path:
    """`kind` is 'prompts' or 'rubrics'. A wheel ships them as package data; a source checkout
    (editable install, tests) has them at the repository root."""
    packaged = Path(str(resources.files("interview_coach"))) / "data" / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / kind


def cache_dir() -> Path:
    return Path(os.environ.get("INTERVIEW_COACH_CACHE_DIR") or _dirs.user_cache_dir)


def config_dir() -> Path:
    return Path(os.environ.get("INTERVIEW_COACH_CONFIG_DIR") or _dirs.user_config_dir)

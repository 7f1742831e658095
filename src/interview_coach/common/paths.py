"""Where things live: built-in content (source tree or installed wheel) and per-user dirs."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import PlatformDirs

APP = "interview-coach"
_dirs = PlatformDirs(APP, appauthor=False)


def builtin_dir(kind: str) -> Path:
    """`kind` is 'prompts', 'rubrics' or 'graded'. A wheel ships them as package data; a
    source checkout (editable install, tests) has them at the repository root."""
    packaged = Path(str(resources.files("interview_coach"))) / "data" / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / kind


def cache_dir() -> Path:
    return Path(os.environ.get("INTERVIEW_COACH_CACHE_DIR") or _dirs.user_cache_dir)


def config_dir() -> Path:
    return Path(os.environ.get("INTERVIEW_COACH_CONFIG_DIR") or _dirs.user_config_dir)


DB_ENV = "INTERVIEW_COACH_DB"
DB_NAME = "transcripts.sqlite"
# A file in the data dir naming the database to use instead (a replacement the user started).
DB_POINTER = "current-database"


def data_dir() -> Path:
    return Path(os.environ.get("INTERVIEW_COACH_DATA_DIR") or _dirs.user_data_dir)


def db_path(flag: str | os.PathLike | None = None) -> Path:
    """The transcript database: a flag beats the environment, which beats the data dir. A
    pointer file in the data dir names a replacement the user started beside a bad one."""
    if flag:
        return Path(flag).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    pointer = data_dir() / DB_POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    # Only a bare file name is honoured, so the pointer can never send writes elsewhere.
    if name and "/" not in name and "\\" not in name and name not in (".", ".."):
        return data_dir() / name
    return data_dir() / DB_NAME

"""The user's level profile (current and target level, track), kept between runs in the
config directory. A missing or unreadable file is an empty profile, never a crash."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from interview_coach.coaching.levels import LEVEL_ORDER
from interview_coach.common.files import atomic_write
from interview_coach.common.paths import config_dir

TRACKS = ("ic", "management")


@dataclass
class Profile:
    current_level: str | None = None
    target_level: str | None = None
    track: str = "ic"

    @property
    def is_set(self) -> bool:
        return self.target_level is not None

    def preferred_levels(self) -> tuple[str, ...]:
        return tuple(lv for lv in (self.current_level, self.target_level) if lv)


def profile_path() -> Path:
    return config_dir() / "profile.json"


def load_profile(path: Path | None = None) -> Profile:
    path = path or profile_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Profile()
    if not isinstance(data, dict):
        return Profile()
    cur, tgt, track = data.get("current_level"), data.get("target_level"), data.get("track")
    return Profile(
        current_level=cur if cur in LEVEL_ORDER else None,
        target_level=tgt if tgt in LEVEL_ORDER else None,
        track=track if track in TRACKS else "ic",
    )


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    path = path or profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(asdict(profile), indent=2))
    return path

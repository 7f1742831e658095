"""Question and rubric data, as loaded from YAML. Plain frozen dataclasses: no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

BANDS: tuple[str, ...] = ("strong_hire", "lean_hire", "no_hire")
BAND_LABELS = {"strong_hire": "Strong Hire", "lean_hire": "Lean Hire", "no_hire": "No Hire"}
BAND_LETTERS = {"strong_hire": "S", "lean_hire": "L", "no_hire": "N"}
LEVELS: tuple[str, ...] = ("L3", "L4", "L5", "L6", "L7", "L8", "all")
TRACKS: tuple[str, ...] = ("ic", "management", "any")
KINDS: tuple[str, ...] = ("behavioral", "practice_problem")
CATEGORIES: tuple[str, ...] = (
    "career-vision",
    "tracks",
    "promotion",
    "levels",
    "influence",
    "impact",
    "mentoring",
    "operations",
    "technical-decisions",
    "specialisation",
    "communication",
    "practice-problem",
)


@dataclass(frozen=True)
class FrameworkStep:
    step: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    category: str
    level: str
    track: str
    kind: str
    source: str
    framework: tuple[FrameworkStep, ...]
    hints: tuple[str, ...]
    follow_ups: tuple[str, ...]
    model_answer: str
    aliases: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class KeyPoint:
    id: str
    label: str
    phrasings: tuple[str, ...]
    why: str = ""
    weight: float = 1.0
    probe: str = ""


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    phrasings: tuple[str, ...]
    why: str = ""


@dataclass(frozen=True)
class Band:
    name: str
    descriptor: str
    exemplars: tuple[str, ...]


@dataclass(frozen=True)
class Rubric:
    question_id: str
    key_points: tuple[KeyPoint, ...]
    red_flags: tuple[RedFlag, ...]
    bands: dict[str, Band]
    path: Path | None = field(default=None, compare=False)

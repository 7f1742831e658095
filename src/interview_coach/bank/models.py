"""Question and rubric data, as loaded from YAML. Plain frozen dataclasses: no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Band(StrEnum):
    """A verdict, best first. Members are their stored strings ("strong_hire"), so they are
    the keys of rubric bands, JSON values and database values alike."""

    STRONG_HIRE = "strong_hire"
    LEAN_HIRE = "lean_hire"
    NO_HIRE = "no_hire"

    @property
    def label(self) -> str:
        return _LABEL[self]

    @property
    def short(self) -> str:
        """One word for tight tables: Strong, Lean, No."""
        return self.label.split()[0]

    @property
    def letter(self) -> str:
        return self.label[0]


_LABEL = {"strong_hire": "Strong Hire", "lean_hire": "Lean Hire", "no_hire": "No Hire"}
BANDS: tuple[str, ...] = tuple(b.value for b in Band)
BAND_LABELS: dict[str, str] = {b.value: b.label for b in Band}
BAND_LETTERS: dict[str, str] = {b.value: b.letter for b in Band}
LEVELS: tuple[str, ...] = ("L3", "L4", "L5", "L6", "L7", "L8", "all")
TRACKS: tuple[str, ...] = ("ic", "management", "any")
KINDS: tuple[str, ...] = ("behavioral", "practice_problem")
# A rubric's `reach:`. "share": a Strong Hire answer places its work past the speaker's team
# throughout; "peak": somewhere (a manager going back to IC tells of the team they ran, then of
# the scope they want); "none": the question is not judged on reach. Without it the rule is read
# from how the rubric's exemplars separate, which a retrained reach head can change: a
# built-in rubric states its own, so that its verdicts do not turn on one exemplar's reading.
REACH_RULES: tuple[str, ...] = ("share", "peak", "none")
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
    line: int | None = field(default=None, compare=False)  # of `id:`, for messages


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
class BandSpec:
    """What a rubric says of one band: its descriptor and example answers."""

    name: str
    descriptor: str
    exemplars: tuple[str, ...]


@dataclass(frozen=True)
class GradedAnswer:
    """An answer to a question graded by a person: a neighbour the band model reads beside the
    rubric's exemplars (files under graded/, one JSON object per line)."""

    answer: str
    band: str
    writer: str = ""  # who wrote it; an answer is never judged by its own writer's others
    path: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Rubric:
    question_id: str
    key_points: tuple[KeyPoint, ...]
    red_flags: tuple[RedFlag, ...]
    bands: dict[str, BandSpec]
    path: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)  # of `question:`, for messages
    # The question's graded answers from every content layer (bank.graded), attached by the
    # catalog: they change verdicts, so a rubric with other graded answers is another rubric.
    graded: tuple[GradedAnswer, ...] = ()
    # How the question is judged on how far the work reaches (REACH_RULES), or "" for as its
    # exemplars separate on it (scoring.reach.reach_rule).
    reach: str = ""

"""Cheap text signals an interviewer notices before content: length, pace, numbers,
vague phrases and filler."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from interview_coach.scoring.fillers import find_in_text
from interview_coach.scoring.text import NUMBER, words

WORDS_PER_MINUTE = 140  # a calm interview pace; 60 s is about 140 words
TARGET_SECONDS = 60

# A figure in an answer: money ("$40k", "$1.5M"), a number with a unit ("2,000 users", "30%",
# "1.5M"), a range ("3 to 5") or a bare number of two digits or more ("2,000"). Every number
# is text.NUMBER, so "2,000" is one figure, never "000".
_N = NUMBER
_METRIC = re.compile(
    rf"(?:[$€£]\s?{_N}\s?(?:[kmb]|bn|million|billion|thousand)?\b"
    rf"|\b{_N}\s?(?:%|percent|x\b|×|k\b|m\b|bn\b|b\b|million\b|billion\b|thousand\b"
    r"|ms\b|s\b|hours?\b|days?\b|weeks?\b|months?\b"
    r"|quarters?\b|years?\b|engineers?\b|teams?\b|people\b|reports\b|users?\b|qps\b|gpus?\b"
    r"|points?\b|pp\b)"
    rf"|\b{_N}\s?(?:-|to)\s?{_N}\b"
    r"|\b(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{2,})(?:\.\d+)?\b)",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|"
    r"half|double|doubled|tripled|twice|quarterly)\b",
    re.IGNORECASE,
)

VAGUE_PHRASES = (
    "make an impact", "make impact", "making an impact", "keep growing", "continue to grow",
    "keep learning", "grow as an engineer", "grow as a person", "work hard", "working hard",
    "hard worker", "do my best", "doing my best", "keep doing good work", "do good work",
    "hope they notice", "hope management notices", "get noticed", "team player", "passionate",
    "add value", "adding value", "take it to the next level", "next level", "best practices",
    "think outside the box", "synergy", "go the extra mile", "wear many hats", "whatever it takes",
    "learn a lot", "learn new things", "bigger role", "more responsibility", "stuff like that",
    "and so on", "etc", "things like that", "in general", "generally speaking",
)  # fmt: skip


def _phrase_hits(lower: str, phrases: tuple[str, ...]) -> list[str]:
    hits = []
    for phrase in phrases:
        pattern = r"(?<![a-z])" + re.escape(phrase) + (r"(?![a-z])" if phrase[-1].isalpha() else "")
        n = len(re.findall(pattern, lower))
        hits.extend([phrase.rstrip(",")] * n)
    return hits


@dataclass
class Signals:
    words: int
    speaking_seconds: float
    target_seconds: int
    metrics: list[str]
    vague_phrases: list[str]
    fillers: list[str]
    filler_rate: float  # fillers per 100 words
    sentences: int
    repeated_sentences: int = 0
    framework_steps: list[dict] = field(default_factory=list)
    framework_in_order: bool | None = None

    @property
    def has_numbers(self) -> bool:
        return bool(self.metrics)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["has_numbers"] = self.has_numbers
        return d


def text_signals(text: str, sentences: int, repeated: int = 0) -> Signals:
    tokens = words(text)
    lower = text.lower()
    metrics = [m.group(0).strip() for m in _METRIC.finditer(text)]
    metrics += [m.group(0) for m in _NUMBER_WORD.finditer(text)]
    fillers = find_in_text(text)  # the same rule as a spoken answer's delivery
    n = len(tokens)
    return Signals(
        words=n,
        speaking_seconds=round(n / WORDS_PER_MINUTE * 60, 1),
        target_seconds=TARGET_SECONDS,
        metrics=metrics[:20],
        vague_phrases=_phrase_hits(lower, VAGUE_PHRASES),
        fillers=fillers,
        filler_rate=round(100 * len(fillers) / n, 1) if n else 0.0,
        sentences=sentences,
        repeated_sentences=repeated,
    )


def steps_in_order(positions: list[int | None]) -> bool | None:
    """True when the covered steps appear in the framework's order (None: fewer than two)."""
    seen = [p for p in positions if p is not None]
    if len(seen) < 2:
        return None
    return all(a <= b for a, b in zip(seen, seen[1:], strict=False))

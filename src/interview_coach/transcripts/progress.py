"""Progress over time, from the stored attempts: each question's band over time, whether it
is improving, what changed between two answers to it, and the key points most often missed.

A trend compares answers to ONE question: a strong answer to one question followed by a vague
one to another says nothing about either, so a category lists its questions, each with its
own trend, and has no trend of its own.

One pass over the attempts, using the columns the store already keeps (band, confidence,
missing, covered). The coach's full reply is never parsed here: the confidence-weighted
score reads only the small `"scores": {...}` object near the start of each stored reply, so
10,000 attempts take milliseconds."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean

from interview_coach.bank.models import BAND_LABELS, BANDS, CATEGORIES
from interview_coach.transcripts.store import StoredAttempt

BAND_VALUE = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}  # the scale charts and trends use
RECENT = 3  # the trend compares the last three answers with the ones before them
# A third of a band between the two means, less a margin for floating point: one of the
# last three answers a whole band better (or worse) than before is a trend.
TREND_MARGIN = 0.3
TRENDS = ("improving", "steady", "slipping", "new")
SINCE_LAST = "since your last attempt"
UNCHANGED = "the same key points covered"


def band_value(band: str) -> int:
    return BAND_VALUE.get(band, 0)


def expected_score(
    band: str, confidence: float, scores: dict[str, float] | str | None = None
) -> float:
    """P(strong) + 0.5·P(lean), from 0 (surely No Hire) to 1 (surely Strong Hire).

    From the reply's band probabilities when they are known (`scores`, or a whole stored
    reply as JSON); otherwise estimated from the band and its confidence (the probability of
    that band), with the rest split evenly between the other two bands."""
    if isinstance(scores, str):
        try:
            reply = json.loads(scores)
        except ValueError:
            reply = None
        scores = reply.get("scores") if isinstance(reply, dict) else None
    if isinstance(scores, dict):
        try:
            return float(scores.get("strong_hire", 0.0)) + 0.5 * float(scores.get("lean_hire", 0.0))
        except (TypeError, ValueError):
            pass
    rest = (1.0 - confidence) / 2
    p = {b: rest for b in BANDS}
    p[band if band in p else "no_hire"] = confidence
    return p["strong_hire"] + 0.5 * p["lean_hire"]


def trend(values: Sequence[float]) -> str:
    """improving, steady or slipping: the mean of the last three answers against the mean
    of the ones before. A short history is split in half instead (the last two of four, the
    last one of two or three), so one old answer never outweighs three recent ones; "new"
    with a single answer."""
    if len(values) < 2:
        return "new"
    recent = min(RECENT, len(values) // 2)
    diff = fmean(values[-recent:]) - fmean(values[:-recent])
    if diff >= TREND_MARGIN:
        return "improving"
    if diff <= -TREND_MARGIN:
        return "slipping"
    return "steady"


@dataclass(frozen=True)
class PointChanges:
    """The key points one answer covered that the answer before it to the same question
    missed (`gained`), and the other way round (`lost`). Only points assessed both times
    count: a point added to the rubric since was neither gained nor lost."""

    gained: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()

    @property
    def marks(self) -> list[tuple[str, bool]]:
        """("+ label", True) per point gained, then ("− label", False) per point lost."""
        return [(f"+ {g}", True) for g in self.gained] + [(f"− {x}", False) for x in self.lost]

    @property
    def text(self) -> str:
        """The one wording, e.g. "since your last attempt: + talked to the people affected,
        − measured result"."""
        marks = ", ".join(m for m, _ in self.marks)
        return f"{SINCE_LAST}: {marks or UNCHANGED}"

    @property
    def short(self) -> str:
        """ "+2 −1", for a table cell ("=" when nothing changed)."""
        parts = [f"+{len(self.gained)}"] if self.gained else []
        parts += [f"−{len(self.lost)}"] if self.lost else []
        return " ".join(parts) or "="


def point_changes(
    before_covered: Iterable[str],
    before_missing: Iterable[str],
    covered: Iterable[str],
    missing: Iterable[str],
) -> PointChanges:
    """What changed in the key points between two answers to one question: the labels the
    earlier answer covered and missed, then the later one's (in the later one's order).
    Used by the chat's reply to a new attempt and by the review screen's comparison."""
    was_covered, was_missing = set(before_covered), set(before_missing)
    covered, missing = list(covered), list(missing)
    return PointChanges(
        gained=tuple(k for k in covered if k in was_missing),
        lost=tuple(k for k in missing if k in was_covered),
    )


def changes_between(before: StoredAttempt, after: StoredAttempt) -> PointChanges:
    return point_changes(before.covered, before.missing, after.covered, after.missing)


@dataclass
class Track:
    """One question's answers over time, oldest first."""

    key: str  # the question id
    label: str  # the question text (as last stored)
    category: str
    bands: list[int] = field(default_factory=list)  # 0 no hire, 1 lean hire, 2 strong hire
    scores: list[float] = field(default_factory=list)  # expected_score of each answer
    times: list[str] = field(default_factory=list)  # scored_at, ISO UTC
    latest_band: str = ""

    @property
    def attempts(self) -> int:
        return len(self.bands)

    @property
    def trend(self) -> str:
        return trend(self.bands)

    @property
    def latest_label(self) -> str:
        return BAND_LABELS.get(self.latest_band, self.latest_band)

    @property
    def last_at(self) -> str:
        return self.times[-1] if self.times else ""

    @property
    def first_at(self) -> str:
        return self.times[0] if self.times else ""

    def _add(self, a: StoredAttempt, score: float) -> None:
        self.bands.append(band_value(a.band))
        self.scores.append(score)
        self.times.append(a.scored_at)
        self.latest_band = a.band


@dataclass
class CategoryGroup:
    """A category's questions, each with its own answers over time and trend (most recently
    practised first). Deliberately no band or trend of its own: see the module's note."""

    key: str
    questions: list[Track] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return sum(t.attempts for t in self.questions)


@dataclass
class WeakPoint:
    """A key point and how often it was missing out of the answers that were scored on it
    (every answer to its question, unless its rubric changed)."""

    label: str
    question_id: str
    question: str
    missed: int
    attempts: int

    @property
    def rate(self) -> float:
        return self.missed / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class DeliveryPoint:
    """How one spoken answer sounded, for delivery over time: the figures stored with it
    (speech.delivery.Delivery.to_dict(), read by key: the transcripts sit beside speech, not
    over it)."""

    at: str  # when it was scored, as stored (ISO, UTC)
    question: str
    words_per_minute: float
    fillers_per_minute: float
    long_pauses: int  # silences over the delivery's pause threshold (about 2 s)
    speaking_seconds: float


def delivery_over_time(attempts: Iterable[StoredAttempt]) -> list[DeliveryPoint]:
    """The spoken answers among `attempts`, oldest first; a damaged figure reads as 0."""
    points = []
    for a in sorted(attempts, key=lambda a: (a.scored_at, a.id)):
        d = a.delivery
        if not isinstance(d, dict):
            continue
        pauses = d.get("pauses")
        points.append(
            DeliveryPoint(
                a.scored_at,
                a.question,
                _number(d.get("words_per_minute")),
                _number(d.get("fillers_per_minute")),
                len(pauses) if isinstance(pauses, list) else 0,
                _number(d.get("speaking_seconds")),
            )
        )
    return points


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


@dataclass
class Progress:
    categories: list[CategoryGroup]  # in the order of models.CATEGORIES, then others by name
    questions: list[Track]  # most recently practised first
    weakest: list[WeakPoint]  # every key point ever missed, worst first
    attempts: int
    delivery: list[DeliveryPoint] = field(default_factory=list)  # spoken answers, oldest first

    @property
    def empty(self) -> bool:
        return not self.attempts


def compute(attempts: Iterable[StoredAttempt]) -> Progress:
    """Progress from attempts in any order (they are put in time order here)."""
    ordered = sorted(attempts, key=lambda a: (a.scored_at, a.id))
    questions: dict[str, Track] = {}
    assessed: dict[tuple[str, str], int] = {}
    missed: dict[tuple[str, str], int] = {}
    for a in ordered:
        score = expected_score(
            a.band, a.confidence, a.scores if a.scores is not None else a.result_json
        )
        q = questions.get(a.question_id)
        if q is None:
            q = questions[a.question_id] = Track(a.question_id, a.question, a.category)
        q.label, q.category = a.question, a.category  # as last asked
        q._add(a, score)
        missing = set(a.missing)
        for label in missing.union(a.covered):
            key = (a.question_id, label)
            assessed[key] = assessed.get(key, 0) + 1
        for label in missing:
            key = (a.question_id, label)
            missed[key] = missed.get(key, 0) + 1

    weakest = [
        WeakPoint(label, qid, questions[qid].label, n, assessed[(qid, label)])
        for (qid, label), n in missed.items()
    ]
    weakest.sort(key=lambda p: (-p.rate, -p.missed, p.question_id, p.label))
    recent = sorted(questions.values(), key=lambda t: (t.last_at, t.key), reverse=True)
    categories: dict[str, CategoryGroup] = {}
    for t in recent:  # a question belongs to the category it was last asked in
        categories.setdefault(t.category, CategoryGroup(t.category)).questions.append(t)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return Progress(
        categories=sorted(categories.values(), key=lambda c: (order.get(c.key, len(order)), c.key)),
        questions=recent,
        weakest=weakest,
        attempts=len(ordered),
        delivery=delivery_over_time(ordered),
    )

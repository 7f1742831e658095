"""The practice conversation, without any UI: which question is asked, hints in order,
retries and skips, and what the interviewer says. The TUI only renders this."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import Question
from interview_coach.scoring.result import ScoreResult

GREETING = (
    "Hi, I'm your interview coach. I'll ask a question; answer as you would out loud "
    "(about 60 seconds, 100-200 words). Submit when you're done and I'll score it."
)
# Practice problems are judged on what the answer says, not on a story's length.
PROBLEM_GREETING = (
    "Hi, I'm your interview coach. I'll ask a question; answer it in your own words, as"
    " briefly as a complete answer allows. Submit when you're done and I'll score it."
)
MIXED_GREETING = (
    "Hi, I'm your interview coach. I'll ask questions: tell stories as you would out loud"
    " (about 60 seconds, 100-200 words); answer practice problems as briefly as a complete"
    " answer allows. Submit when you're done and I'll score it."
)


def greeting(questions: list[Question]) -> str:
    """The opening line, with length advice that fits the questions to be asked."""
    problems = sum(q.kind == "practice_problem" for q in questions)
    if questions and problems == len(questions):
        return PROBLEM_GREETING
    return MIXED_GREETING if problems else GREETING


@dataclass
class Selection:
    """What to practise: filters, order and length of the session."""

    category: str | None = None
    level: str | None = None
    search: str | None = None
    count: int | None = None
    shuffle: bool = False
    seed: int | None = None
    prefer_levels: tuple[str, ...] = ()  # asked first: the user's current and target level
    prefer_track: str | None = None  # within each level group, the user's track first


def select_questions(catalog: Catalog, sel: Selection) -> list[Question]:
    qs = catalog.scorable()
    if sel.search:
        ranked = [q for q, _ in catalog.search(sel.search, limit=len(qs))]
        qs = [q for q in ranked if q.id in catalog.rubrics]
    if sel.category:
        qs = [q for q in qs if q.category == sel.category]
    if sel.level:
        qs = [q for q in qs if q.level in (sel.level, "all")]
    if sel.shuffle:
        random.Random(sel.seed).shuffle(qs)
    if sel.prefer_levels or sel.prefer_track:
        # Stable sort: at the user's levels first, then questions for every level, then the
        # rest; within each, questions for the user's track (or any track) first.
        def rank(q: Question) -> tuple[int, int]:
            level = 0 if q.level in sel.prefer_levels else 1 if q.level == "all" else 2
            track = 0 if sel.prefer_track is None or q.track in (sel.prefer_track, "any") else 1
            return level, track

        qs.sort(key=rank)
    return qs[: sel.count] if sel.count else qs


@dataclass
class Attempt:
    question_id: str
    answer: str
    result: ScoreResult
    hints_used: int
    seconds: float
    revealed: bool = False  # the model answer was on screen before this answer was scored


@dataclass
class PracticeSession:
    questions: list[Question]
    index: int = 0
    hints_shown: int = 0
    attempts: list[Attempt] = field(default_factory=list)
    revealed: bool = False  # the model answer of the current question has been shown

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def position(self) -> str:
        return f"{min(self.index + 1, len(self.questions))}/{len(self.questions)}"

    def next_hint(self) -> str | None:
        """The next hint in order (direction first, full answer last); None when used up."""
        q = self.current
        if q is None or self.hints_shown >= len(q.hints):
            return None
        self.hints_shown += 1
        return q.hints[self.hints_shown - 1]

    @property
    def hints_left(self) -> int:
        q = self.current
        return 0 if q is None else len(q.hints) - self.hints_shown

    def attempted_current(self) -> bool:
        q = self.current
        return q is not None and any(a.question_id == q.id for a in self.attempts)

    def record(
        self,
        answer: str,
        result: ScoreResult,
        seconds: float,
        hints_used: int | None = None,
        revealed: bool | None = None,
    ) -> Attempt:
        """`hints_used`/`revealed` as they were when the answer was submitted; by default
        as they are now."""
        attempt = Attempt(
            result.question_id,
            answer,
            result,
            self.hints_shown if hints_used is None else hints_used,
            seconds,
            self.revealed if revealed is None else revealed,
        )
        self.attempts.append(attempt)
        return attempt

    def advance(self) -> Question | None:
        """Skip or move on: the next question, with its hints reset."""
        self.index += 1
        self.hints_shown = 0
        self.revealed = False
        return self.current

    def summary(self) -> str:
        if not self.attempts:
            return "No answers scored this session."
        counts: dict[str, int] = {}
        for a in self.attempts:
            counts[a.result.band_label] = counts.get(a.result.band_label, 0) + 1
        parts = ", ".join(f"{n} {label}" for label, n in counts.items())
        return f"{len(self.attempts)} answer(s) scored: {parts}."

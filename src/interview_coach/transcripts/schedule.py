"""What to practise next: a spaced-repetition queue over questions, graded by the scorer.

The user never rates themselves: the band is the grade (No Hire = Again, Lean Hire = Hard,
Strong Hire = Good, or Easy when confident and unaided), and a hint or the model answer seen
before answering lowers it a step. Schedules are replayed from the stored attempts rather
than kept in a table of their own, so two app instances can never disagree about them and
changing the grading re-schedules the whole history.

FSRS (the `fsrs` package) is the default. The fallback is the fixed checkpoints of the prep
guide: day 0, 3, 7, 14 and 21."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from interview_coach.common.textfmt import plural

if TYPE_CHECKING:
    from interview_coach.transcripts.store import HistoryRow

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
GRADE_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}
EASY_CONFIDENCE = 0.75
# Interview prep runs for weeks, not years (the guide's checkpoints end at day 21): a question
# answered well still comes back at least monthly instead of FSRS's default of up to a
# century. (A 95% retention target was tried: a first Strong Hire then came back the next
# day, like a No Hire, which reads as noise to the user.)
MAX_INTERVAL_DAYS = 30
DESIRED_RETENTION = 0.9
CHECKPOINT_DAYS = (0, 3, 7, 14, 21)
SCHEDULERS = ("fsrs", "checkpoints")


def grade(band: str, confidence: float, hints_used: int = 0, revealed: bool = False) -> int:
    g = {"no_hire": AGAIN, "lean_hire": HARD, "strong_hire": GOOD}.get(band, AGAIN)
    if g == GOOD and confidence >= EASY_CONFIDENCE:
        g = EASY
    if hints_used or revealed:
        g -= 1
    if revealed:
        g = min(g, HARD)  # an answer given after reading the model answer is not recall
    return max(AGAIN, g)


@dataclass
class Review:
    question_id: str
    band: str
    confidence: float
    hints_used: int
    revealed: bool
    at: datetime
    requested: bool = False  # not an attempt: a request to make the question due now

    @property
    def grade(self) -> int:
        return grade(self.band, self.confidence, self.hints_used, self.revealed)


@dataclass
class DueItem:
    question_id: str
    due: datetime
    last_band: str
    last_at: datetime
    reviews: int
    interval_days: float  # from the last attempt to the due date

    def overdue_days(self, at: datetime) -> float:
        return (at - self.due).total_seconds() / 86400

    def when(self, at: datetime) -> str:
        """When it is due, by the user's calendar: 'due today', '2 days overdue', 'later
        today', 'in 3 days'. Every front end says it this way."""
        days = (self.due.astimezone().date() - at.astimezone().date()).days
        if self.due <= at:
            return "due today" if days == 0 else f"{plural(-days, 'day')} overdue"
        return "later today" if days == 0 else f"in {plural(days, 'day')}"


class FsrsScheduler:
    name = "fsrs"

    def __init__(self) -> None:
        import fsrs  # deferred: only the due queue needs it

        self._fsrs = fsrs
        # No intra-day learning steps: a weak answer comes back the next day, not in ten
        # minutes. No fuzz, so the queue is reproducible and testable.
        self._scheduler = fsrs.Scheduler(
            desired_retention=DESIRED_RETENTION,
            learning_steps=(),
            relearning_steps=(),
            maximum_interval=MAX_INTERVAL_DAYS,
            enable_fuzzing=False,
        )

    def due(self, reviews: list[Review]) -> datetime:
        card = self._fsrs.Card(card_id=1, due=reviews[0].at)
        for r in reviews:
            card, _ = self._scheduler.review_card(
                card, self._fsrs.Rating(r.grade), review_datetime=r.at
            )
        return card.due


class CheckpointScheduler:
    """Checkpoints counted from when a question was first answered well enough: a Good or
    Easy grade moves to the next one, Hard holds position (the last gap again, 3 days at
    first), Again starts over tomorrow. After day 21 the question comes back every 21 days."""

    name = "checkpoints"
    GAPS = (3, 4, 7, 7)  # between the checkpoints

    def due(self, reviews: list[Review]) -> datetime:
        step, gap = 0, 1
        for r in reviews:
            if r.grade >= GOOD:
                gap = self._gap(step)
                step += 1
            elif r.grade == HARD:
                gap = self._gap(max(step - 1, 0))  # hold position: the same gap again
            else:
                step, gap = 0, 1
        return reviews[-1].at + timedelta(days=gap)

    def _gap(self, step: int) -> int:
        return self.GAPS[step] if step < len(self.GAPS) else CHECKPOINT_DAYS[-1]


def make_scheduler(name: str = "fsrs"):
    if name == "checkpoints":
        return CheckpointScheduler()
    if name == "fsrs":
        try:
            return FsrsScheduler()
        except ImportError:  # the app still schedules without the package
            return CheckpointScheduler()
    raise ValueError(f"unknown scheduler {name!r}: choose {' or '.join(SCHEDULERS)}")


def reviews_from_history(history: Iterable[HistoryRow]) -> dict[str, list[Review]]:
    """Rows of `TranscriptStore.history()`, grouped by question, oldest first."""
    out: dict[str, list[Review]] = {}
    for h in history:
        out.setdefault(h.question_id, []).append(
            Review(
                h.question_id,
                h.band,
                h.confidence,
                h.hints_used,
                h.revealed,
                _parse_time(h.scored_at),
                h.requested,
            )
        )
    return out


def queue(reviews: dict[str, list[Review]], scheduler=None) -> list[DueItem]:
    """Every practised question with its next due date, soonest first. A request made
    since the question's last attempt (a mock interview's "practise next") makes it due at
    the request's time if that is sooner; the next attempt answers it."""
    scheduler = scheduler or make_scheduler()
    items = []
    for qid, rs in reviews.items():
        attempts = [r for r in rs if not r.requested]
        if not attempts:
            continue
        last = attempts[-1]
        due = scheduler.due(attempts)
        asked = [r.at for r in rs if r.requested and r.at >= last.at]
        if asked:
            due = min(due, min(asked))
        items.append(
            DueItem(
                qid,
                due,
                last.band,
                last.at,
                len(attempts),
                (due - last.at).total_seconds() / 86400,
            )  # fmt: skip
        )
    items.sort(key=lambda i: (i.due, i.question_id))
    return items


def due_now(items: list[DueItem], at: datetime | None = None) -> list[DueItem]:
    at = at or datetime.now(UTC)
    return [i for i in items if i.due <= at]


def _parse_time(s: str | datetime) -> datetime:
    t = s if isinstance(s, datetime) else datetime.fromisoformat(s)
    return t if t.tzinfo else t.replace(tzinfo=UTC)

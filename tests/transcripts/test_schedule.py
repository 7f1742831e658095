"""The due queue: graded by the scorer, weak answers back sooner, strong ones later, hints
lowering the grade; FSRS compared with the seed's fixed checkpoints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interview_coach.transcripts import schedule
from interview_coach.transcripts.schedule import AGAIN, EASY, GOOD, HARD, Review
from interview_coach.transcripts.store import HistoryRow

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "band, conf, hints, revealed, expected",
    [
        ("no_hire", 0.9, 0, False, AGAIN),
        ("lean_hire", 0.6, 0, False, HARD),
        ("strong_hire", 0.6, 0, False, GOOD),
        ("strong_hire", 0.9, 0, False, EASY),
        ("strong_hire", 0.9, 1, False, GOOD),  # a hint: no longer easy, one step down
        ("strong_hire", 0.6, 2, False, HARD),
        ("lean_hire", 0.6, 1, False, AGAIN),
        ("strong_hire", 0.9, 0, True, HARD),  # read the model answer first: not recall
        ("no_hire", 0.9, 3, True, AGAIN),
    ],
)
def test_grade_comes_from_the_score(band, conf, hints, revealed, expected):
    assert schedule.grade(band, conf, hints, revealed) == expected


def _history(bands, days_apart=None, qid="q", hints=0):
    at, out = T0, []
    for i, band in enumerate(bands):
        out.append(Review(qid, band, 0.8 if band == "strong_hire" else 0.6, hints, False, at))
        at += timedelta(days=days_apart[i] if days_apart else 1)
    return out


@pytest.mark.parametrize("name", schedule.SCHEDULERS)
def test_weak_answers_come_back_sooner_than_strong_ones(name):
    s = schedule.make_scheduler(name)

    def gap(bands, hints=0):
        rs = _history(bands, hints=hints)
        return (s.due(rs) - rs[-1].at).days

    assert gap(["no_hire"]) <= gap(["lean_hire"]) <= gap(["strong_hire"])
    assert gap(["no_hire"]) < gap(["strong_hire"])
    assert gap(["lean_hire", "no_hire"]) < gap(["lean_hire", "lean_hire"])
    assert gap(["strong_hire", "strong_hire"]) > gap(["strong_hire"])
    assert gap(["strong_hire", "no_hire"]) <= 1  # a lapse starts over
    twice = ["strong_hire", "strong_hire"]
    # Hints turn Easy into Good: FSRS tells them apart, the fixed checkpoints cannot.
    assert gap(twice, hints=2) < gap(twice) if name == "fsrs" else gap(twice, hints=2) <= gap(twice)


def test_fsrs_grows_intervals_and_caps_them():
    s = schedule.make_scheduler("fsrs")
    assert isinstance(s, schedule.FsrsScheduler)
    at, card_history, gaps = T0, [], []
    for _ in range(8):
        card_history.append(Review("q", "strong_hire", 0.8, 0, False, at))
        due = s.due(card_history)
        gaps.append((due - at).days)
        at = due
    assert gaps == sorted(gaps) and gaps[0] < gaps[-1]
    assert max(gaps) <= schedule.MAX_INTERVAL_DAYS


def test_checkpoints_follow_the_seed_days():
    s = schedule.CheckpointScheduler()
    at, history, days = T0, [], [0]
    for _ in range(4):
        history.append(Review("q", "strong_hire", 0.7, 0, False, at))
        at = s.due(history)
        days.append((at - T0).days)
    assert days == list(schedule.CHECKPOINT_DAYS)


def test_queue_orders_by_due_and_due_now_filters():
    reviews = {
        "weak": _history(["no_hire"], qid="weak"),
        "strong": _history(["strong_hire", "strong_hire"], qid="strong"),
    }
    items = schedule.queue(reviews, schedule.make_scheduler("fsrs"))
    assert [i.question_id for i in items] == ["weak", "strong"]
    assert items[1].reviews == 2 and items[1].last_band == "strong_hire"
    assert [i.question_id for i in schedule.due_now(items, T0 + timedelta(days=2))] == ["weak"]
    assert schedule.due_now(items, T0) == []


def test_history_rows_are_grouped_per_question():
    rows = [
        HistoryRow("a", "no_hire", 0.5, 0, False, "2026-01-05T09:00:00.000+00:00"),
        HistoryRow("b", "lean_hire", 0.5, 1, True, "2026-01-05T10:00:00.000+00:00"),
        HistoryRow("a", "strong_hire", 0.9, 0, False, "2026-01-06T09:00:00.000+00:00"),
    ]
    grouped = schedule.reviews_from_history(rows)
    assert [r.band for r in grouped["a"]] == ["no_hire", "strong_hire"]
    assert grouped["b"][0].revealed and grouped["b"][0].grade == AGAIN
    assert grouped["a"][1].at == datetime(2026, 1, 6, 9, tzinfo=UTC)


def test_checkpoints_hold_position_after_the_last_checkpoint():
    s = schedule.CheckpointScheduler()
    history = _history(["strong_hire"] * 6 + ["lean_hire"])
    assert (s.due(history) - history[-1].at).days == schedule.CHECKPOINT_DAYS[-1]

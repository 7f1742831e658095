"""Looking back (f4): past sessions and their answers, progress over time, and what is due.

`ReviewScreen` (screen.py) is a full screen with a tab per module: Sessions (sessions.py),
Progress (progress.py) and Due (due.py). An opened session and the comparison of every answer
to one question are screens of their own (attempts.py); the renderers they share are in
widgets.py. Everything shown from the store is Rich `Text` built from plain strings: stored
answers are shown exactly as typed."""

from interview_coach.tui.screens.review.attempts import (
    AttemptsScreen,
    AttemptsTable,
    CompareScreen,
    SessionScreen,
)
from interview_coach.tui.screens.review.due import EMPTY_DUE, SCHEDULER_TEXT, DueTab
from interview_coach.tui.screens.review.progress import EMPTY_PROGRESS, ProgressTab
from interview_coach.tui.screens.review.screen import ReviewScreen
from interview_coach.tui.screens.review.sessions import (
    EMPTY_SESSIONS,
    NO_MATCH,
    SESSION_PAGE,
    SessionsTab,
    SessionTable,
)
from interview_coach.tui.screens.review.widgets import (
    attempt_detail,
    band_letters,
    band_spark,
    band_text,
    spark_legend,
    trend_text,
)

__all__ = [
    "EMPTY_DUE",
    "EMPTY_PROGRESS",
    "EMPTY_SESSIONS",
    "NO_MATCH",
    "SCHEDULER_TEXT",
    "SESSION_PAGE",
    "AttemptsScreen",
    "AttemptsTable",
    "CompareScreen",
    "DueTab",
    "ProgressTab",
    "ReviewScreen",
    "SessionScreen",
    "SessionTable",
    "SessionsTab",
    "attempt_detail",
    "band_letters",
    "band_spark",
    "band_text",
    "spark_legend",
    "trend_text",
]

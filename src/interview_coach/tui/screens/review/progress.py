"""The Progress tab: bands over time per category and per question, with their trends, and
the key points missed most often."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TabPane

from interview_coach.transcripts.progress import Progress, WeakPoint
from interview_coach.tui.screens.review.delivery import delivery_table
from interview_coach.tui.screens.review.widgets import (
    band_spark,
    band_text,
    report_table,
    spark_legend,
    trend_text,
)

EMPTY_PROGRESS = (
    "No progress yet — answer a question and your bands over time, per question and per"
    " category, appear here."
)
WEAKEST_SHOWN = 10


class ProgressTab(TabPane):
    """Filled in by the review screen once the history has been worked out."""

    DEFAULT_CSS = """
    ProgressTab #progress-scroll { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__("Progress", id="progress")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="progress-scroll"):
            yield Static(Text("Working out your progress…"), id="progress-body")

    def show(self, p: Progress | None) -> None:
        """Draw `p` for the terminal's width (None: not worked out yet)."""
        body = self.query_one("#progress-body", Static)
        if p is None:
            return
        if p.empty:
            body.update(Text(EMPTY_PROGRESS))
            return
        spark = 12 if self.app.size.width < 100 else 24
        parts: list[RenderableType] = [
            Text("Bands over time, oldest → newest:  ", style="dim") + spark_legend()
        ]
        for title, tracks in (("By category", p.categories), ("By question", p.questions)):
            table = report_table(
                (title, dict(ratio=1, no_wrap=True, overflow="ellipsis")),
                ("Over time", dict(width=spark, no_wrap=True)),
                ("Latest", dict(width=11, no_wrap=True)),
                ("Trend", dict(width=11, no_wrap=True)),
                ("Answers", dict(width=7, justify="right")),
            )
            for t in tracks:
                table.add_row(
                    Text(t.label),
                    band_spark(t.bands, spark),
                    band_text(t.latest_band),
                    trend_text(t.trend),
                    Text(str(t.attempts)),
                )
            parts += [Text(""), table]
        parts += [Text(""), _weakest(p.weakest[:WEAKEST_SHOWN])]
        if p.delivery:  # only once something was spoken: typed practice looks as before
            parts += [Text(""), delivery_table(p.delivery)]
        body.update(Group(*parts))

    def failed(self, error: str) -> None:
        self.query_one("#progress-body", Static).update(
            Text(f"Your progress could not be worked out ({error}).", style="red")
        )


def _weakest(points: list[WeakPoint]) -> RenderableType:
    if not points:
        return Text("Weakest key points: none missed so far.", style="bold")
    table = report_table(
        ("Weakest key points", dict(ratio=3, no_wrap=True, overflow="ellipsis")),
        ("Missed", dict(width=12, no_wrap=True)),
        ("Question", dict(ratio=2, no_wrap=True, overflow="ellipsis")),
    )
    for w in points:
        style = "red" if w.rate >= 0.75 else "yellow" if w.rate >= 0.4 else ""
        table.add_row(
            Text(w.label),
            Text(f"{w.missed} of {w.attempts}", style=style),
            Text(w.question, style="dim"),
        )
    return table

"""The Progress tab: a plot of each question's score over time (dates along the bottom), then
every category with its questions, each with its own band over time and trend, and the key
points missed most often.

Trends are per question on purpose: a category's answers are to different questions, and a
line through them would call a vague answer to a new question "slipping"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TabPane
from textual_plotext import PlotextPlot

from interview_coach.common.textfmt import local_time, plural
from interview_coach.transcripts.progress import Progress, Track, WeakPoint
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
PLOTTED = 6  # questions drawn in the plot (the most recently practised): more is a tangle
PLOT_DATE = "Y-m-d H:M"  # plotext's spelling of how the x values below are written
PLOT_X = "%Y-%m-%d %H:%M"
PLOT_TICK = "%d/%m"  # how dates are labelled under the plot
LABEL_ROOM = len("dd/mm") + 1  # columns a date label needs, with a space before the next
PLOT_MARGIN = 9  # columns of the plot outside its canvas: the y labels, their ticks, the frame


class ProgressPlot(PlotextPlot):
    """Each recently practised question's score over time as its own numbered line (the
    number is the one in the table below), 0 = surely No Hire, 1 = surely Strong Hire."""

    DEFAULT_CSS = """
    ProgressPlot { height: 11; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.times: list[datetime] = []  # every plotted point's time, local

    def draw(self, questions: list[Track]) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.date_form(PLOT_DATE, "d/m")
        plt.title("Score over time, per question (numbers as in the table)")
        self.times = []
        for i, t in enumerate(questions[:PLOTTED], 1):
            dates = [local_time(at, PLOT_X) for at in t.times]
            self.times += [datetime.strptime(d, PLOT_X) for d in dates]
            plt.plot(dates, t.scores, label=str(i), marker="dot" if len(dates) > 1 else "o")
        plt.ylim(0, 1)
        plt.yticks([0, 0.5, 1], ["No", "Lean", "Strong"])
        self.refresh()

    def render(self) -> RenderResult:
        # The dates are labelled here, where the width is known: plotext's own ticks are
        # evenly spaced times, so answers a few minutes apart, or a few dates, gave the same
        # date under several ticks.
        ticks = date_ticks(self.times, self.size.width - PLOT_MARGIN)
        if ticks:
            # dates written as the x values are (plotext reads them; its hints say floats)
            xs: list[Any] = [t.strftime(PLOT_X) for t in ticks]
            self.plt.xticks(xs, [t.strftime(PLOT_TICK) for t in ticks])
        return super().render()


def date_ticks(times: Sequence[datetime], room: int) -> list[datetime]:
    """Where to label the x axis of a plot of `times` on a canvas `room` columns wide: at the
    first time plotted on each distinct date, left to right, leaving out a date whose label
    would touch the one before. The latest date is always labelled."""
    firsts: dict[date, datetime] = {}
    for t in sorted(times):
        firsts.setdefault(t.date(), t)
    ticks = list(firsts.values())
    if len(ticks) < 2:
        return ticks
    start, span = ticks[0], (max(times) - ticks[0]).total_seconds()

    def column(t: datetime) -> float:
        return (t - start).total_seconds() / span * max(room - 1, 1)

    kept = [ticks[0]]
    for t in ticks[1:]:
        if column(t) - column(kept[-1]) >= LABEL_ROOM:
            kept.append(t)
    last = ticks[-1]
    if kept[-1] != last:  # the latest date takes the place of the labels it would touch
        while kept and column(last) - column(kept[-1]) < LABEL_ROOM:
            kept.pop()
        kept.append(last)
    return kept


class ProgressTab(TabPane):
    """Filled in by the review screen once the history has been worked out."""

    DEFAULT_CSS = """
    ProgressTab #progress-scroll { height: 1fr; }
    ProgressTab ProgressPlot { display: none; }
    ProgressTab.plotted ProgressPlot { display: block; }
    """

    def __init__(self) -> None:
        super().__init__("Progress", id="progress")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="progress-scroll"):
            yield ProgressPlot(id="progress-plot")
            yield Static(Text("Working out your progress…"), id="progress-body")

    def show(self, p: Progress | None) -> None:
        """Draw `p` for the terminal's width (None: not worked out yet)."""
        body = self.query_one("#progress-body", Static)
        if p is None:
            return
        self.set_class(not p.empty, "plotted")
        if p.empty:
            body.update(Text(EMPTY_PROGRESS))
            return
        narrow = self.app.size.width < 100
        numbers = {t.key: i for i, t in enumerate(p.questions, 1)}
        self.query_one(ProgressPlot).draw(p.questions)
        spark = 10 if narrow else 24
        parts: list[RenderableType] = [
            Text("Bands over time, oldest → newest:  ", style="dim") + spark_legend(),
            Text("Each question has its own trend; a category is only its questions.", "dim"),
            Text(""),
            _by_category(p, numbers, spark, narrow),
        ]
        parts += [Text(""), _weakest(p.weakest[:WEAKEST_SHOWN])]
        if p.delivery:  # only once something was spoken: typed practice looks as before
            parts += [Text(""), delivery_table(p.delivery)]
        body.update(Group(*parts))

    def failed(self, error: str) -> None:
        self.remove_class("plotted")
        self.query_one("#progress-body", Static).update(
            Text(f"Your progress could not be worked out ({error}).", style="red")
        )


def _by_category(p: Progress, numbers: dict[str, int], spark: int, narrow: bool) -> RenderableType:
    """Each category's name on a line of its own, then a table of its questions (the same
    columns every time, so they line up), whose text wraps: two questions that start alike
    must be told apart."""
    parts: list[RenderableType] = []
    for i, c in enumerate(p.categories):
        head = Text(c.key, style="bold")
        head.append(
            f"  {plural(len(c.questions), 'question')} · {plural(c.attempts, 'answer')}",
            style="dim",
        )
        parts += [Text("")] if i else []
        parts += [head, _questions_table(c.questions, numbers, spark, narrow, header=not i)]
    return Group(*parts)


def _questions_table(
    questions: list[Track], numbers: dict[str, int], spark: int, narrow: bool, header: bool
) -> Table:
    columns: list[tuple[str, dict]] = [
        ("#", dict(width=2, justify="right", no_wrap=True)),
        ("Question", dict(ratio=1, overflow="fold")),
        ("Over time", dict(width=spark, no_wrap=True)),
        ("Latest", dict(width=11, no_wrap=True)),
        ("Trend", dict(width=11, no_wrap=True)),
        ("Last", dict(width=5, no_wrap=True)),
    ]
    if not narrow:
        columns.append(("Answers", dict(width=7, justify="right")))
    table = report_table(*columns)
    table.show_header = header
    for t in questions:
        row = [
            Text(str(numbers[t.key]), style="dim"),
            Text(t.label),
            band_spark(t.bands, spark),
            band_text(t.latest_band),
            trend_text(t.trend),
            Text(local_time(t.last_at, "%d/%m"), style="dim"),
        ]
        if not narrow:
            row.append(Text(str(t.attempts)))
        table.add_row(*row)
    return table


def _weakest(points: list[WeakPoint]) -> RenderableType:
    if not points:
        return Text("Weakest key points: none missed so far.", style="bold")
    table = report_table(
        ("Weakest key points", dict(ratio=3, overflow="fold")),
        ("Missed", dict(width=8, no_wrap=True)),
        ("Question", dict(ratio=2, overflow="fold")),
    )
    for w in points:
        style = "red" if w.rate >= 0.75 else "yellow" if w.rate >= 0.4 else ""
        table.add_row(
            Text(w.label),
            Text(f"{w.missed} of {w.attempts}", style=style),
            Text(w.question, style="dim"),
        )
    return table

"""The Due tab: which scheduler grades the answers, the questions due now (most overdue first)
and those coming up, and how many were never practised. The button (or p) practises the due
questions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Static, TabPane

from interview_coach.transcripts.schedule import DueItem
from interview_coach.tui.screens.review.widgets import band_text, report_table

EMPTY_DUE = (
    "Nothing scheduled yet — every question you answer comes back here when it is due for"
    " review: weak answers sooner, strong ones later."
)
SCHEDULER_TEXT = {
    "fsrs": "FSRS, graded by your scores: No Hire → again, Lean → hard, Strong → good/easy;"
    " hints lower the grade.",
    "checkpoints": "Checkpoints (day 0, 3, 7, 14, 21), graded by your scores: Strong moves"
    " on, Lean repeats the gap, No Hire starts over; hints lower the grade.",
}


class DueTab(TabPane):
    """Filled in by the review screen once the queue has been worked out."""

    DEFAULT_CSS = """
    DueTab #due-head { height: auto; color: $text-muted; }
    DueTab #practise { margin: 0 0 1 0; }
    DueTab #due-scroll { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__("Due", id="due")

    def compose(self) -> ComposeResult:
        yield Static(id="due-head", markup=False)
        yield Button("Practise due questions", id="practise", disabled=True)
        with VerticalScroll(id="due-scroll"):
            yield Static(Text("Working out what is due…"), id="due-body")

    def show_scheduler(self, name: str) -> None:
        self.query_one("#due-head", Static).update(Text(SCHEDULER_TEXT.get(name, name)))

    def show(
        self,
        due: list[DueItem],
        upcoming: list[DueItem],
        now: datetime,
        question_text: Callable[[str], str],
        never: str,
        error: str = "",
    ) -> None:
        """The due and upcoming questions as of `now`, each by its text, above `never` (how
        many were never practised); or why the queue could not be worked out."""
        body = self.query_one("#due-body", Static)
        button = self.query_one("#practise", Button)
        button.disabled = not due
        button.label = f"Practise due questions ({len(due)})" if due else "Nothing due now"
        footnote = Text(never, style="dim")
        if error:
            problem = Text(f"The due queue could not be worked out ({error}).", style="red")
            body.update(Group(problem, Text(""), footnote))
            return
        if not due and not upcoming:
            body.update(Group(Text(EMPTY_DUE), Text(""), footnote))
            return
        parts: list[RenderableType] = []
        for title, items in (
            (f"Due now ({len(due)}), most overdue first", due),
            (f"Upcoming ({len(upcoming)})", upcoming),
        ):
            if not items:
                parts += [Text(title.split(",")[0] + ": none", style="bold"), Text("")]
                continue
            table = report_table(
                (title, dict(ratio=1, overflow="fold")),
                ("Last band", dict(width=11, no_wrap=True)),
                ("When", dict(width=16, no_wrap=True)),
            )
            for i in items:
                table.add_row(
                    Text(question_text(i.question_id)),
                    band_text(i.last_band),
                    Text(i.when(now)),  # 'due today', '2 days overdue', 'in 3 days'
                )
            parts += [table, Text("")]
        parts.append(footnote)
        body.update(Group(*parts))

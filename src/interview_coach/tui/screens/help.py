"""The keys: what each does, on the screen help was asked from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from interview_coach.tui.screens.dialog import Dialog

HELP = """\
  ctrl+s   submit your answer
  ctrl+t   next hint (direction first, full answer last)
  ctrl+o   model answer and what the rubric looks for
  ctrl+r   retry the same question
  ctrl+n   skip / next question
  f2       your current and target level
  f3       choose a set: category, level, search, count, order
  f4       review past sessions, progress, questions due again
  f5 / f6  reload edited question files / browse questions and rubrics
  ctrl+p   command palette (every action)
  f1       this help
  ctrl+q   quit (asks first if you have typed an answer)

Enter adds a line; aim for about 60 seconds spoken. Every scored
answer is saved. shift+tab reads the chat (arrows, page keys); tab
returns to the answer box."""


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):  # scrolls rather than clipping on small terminals
            # No Close button: it did not fit at 80x24, and escape, f1 and q all close.
            yield Static("Interview Coach keys  (escape closes)", classes="title")
            yield Static(HELP, markup=False)

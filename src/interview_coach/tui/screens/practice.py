"""What to practise: all, a category, a level, or a search; how many; in what order."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, Switch

from interview_coach.bank.models import CATEGORIES
from interview_coach.bank.models import LEVELS as QUESTION_LEVELS
from interview_coach.coaching.session import Selection
from interview_coach.tui.screens.form import FormScreen, selected


class PracticeScreen(FormScreen[Selection]):
    """What to practise: all, a category, a level, or a fuzzy search; how many; in what order."""

    DEFAULT_CSS = """
    PracticeScreen #dialog .row { height: auto; }
    PracticeScreen #dialog .row Select { width: 1fr; }
    PracticeScreen #dialog .row Input { width: 1fr; }
    PracticeScreen #dialog .row Label { margin: 1 1 0 2; }
    """
    OK_LABEL = "Start"
    AUTO_FOCUS = "#category"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static("Choose what to practise", classes="title")
            with Horizontal(classes="row"):
                yield Select([(c, c) for c in CATEGORIES], id="category", prompt="Any category")
                yield Select(
                    [(lv, lv) for lv in QUESTION_LEVELS if lv != "all"],
                    id="level",
                    prompt="Any level",
                )
            yield Input(id="search", placeholder="Search questions (optional)")
            with Horizontal(classes="row"):
                yield Input(id="count", type="integer", placeholder="How many (all)")
                yield Label("Random order ")
                yield Switch(id="shuffle")
            yield from self.buttons()

    def result(self) -> Selection:
        count = self.query_one("#count", Input).value.strip()
        return Selection(
            category=selected(self.query_one("#category", Select)),
            level=selected(self.query_one("#level", Select)),
            search=self.query_one("#search", Input).value.strip() or None,
            count=int(count) if count.isdigit() and int(count) > 0 else None,
            shuffle=self.query_one("#shuffle", Switch).value,
        )

    def on_input_submitted(self) -> None:
        self.query_one("#ok", Button).press()

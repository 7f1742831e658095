"""Modal screens that set things up: the level profile and what to practise."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, Switch

from interview_coach.bank.models import CATEGORIES
from interview_coach.bank.models import LEVELS as QUESTION_LEVELS
from interview_coach.coaching.levels import LEVEL_ORDER, LEVELS
from interview_coach.coaching.profile import Profile
from interview_coach.coaching.session import Selection

LEVEL_OPTIONS = [(f"{c} {LEVELS[c].title}", c) for c in LEVEL_ORDER]


def _value(select: Select):
    return None if select.value is Select.NULL else select.value


class FormScreen(ModalScreen):
    """A dialog with an OK and a Cancel button: OK dismisses with `result()`, Cancel and
    escape with None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    OK_LABEL = "OK"

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(self.OK_LABEL, id="ok", variant="primary")
            yield Button("Cancel", id="cancel")

    def result(self):
        raise NotImplementedError

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.result() if event.button.id == "ok" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SettingsScreen(FormScreen):
    """Current and target level and track: questions at those levels come first, and each
    reply measures the answer against the target level."""

    OK_LABEL = "Save"
    AUTO_FOCUS = "#current"  # not the scrolling dialog, which is focusable too

    def __init__(self, profile: Profile):
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        p = self.profile
        with VerticalScroll(id="dialog"):
            yield Static("Your level", classes="title")
            yield Label("Current level")
            yield Select(
                LEVEL_OPTIONS, id="current", prompt="Choose", value=p.current_level or Select.NULL
            )
            yield Label("Target level")
            yield Select(
                LEVEL_OPTIONS, id="target", prompt="Choose", value=p.target_level or Select.NULL
            )
            yield Label("Track")
            yield Select(
                [("Individual contributor", "ic"), ("Management", "management")],
                id="track",
                allow_blank=False,
                value=p.track,
            )
            yield from self.buttons()

    def result(self) -> Profile:
        return Profile(
            _value(self.query_one("#current", Select)),
            _value(self.query_one("#target", Select)),
            _value(self.query_one("#track", Select)) or "ic",
        )


class PracticeScreen(FormScreen):
    """What to practise: all, a category, a level, or a fuzzy search; how many; in what order."""

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
            category=_value(self.query_one("#category", Select)),
            level=_value(self.query_one("#level", Select)),
            search=self.query_one("#search", Input).value.strip() or None,
            count=int(count) if count.isdigit() and int(count) > 0 else None,
            shuffle=self.query_one("#shuffle", Switch).value,
        )

    def on_input_submitted(self) -> None:
        self.query_one("#ok", Button).press()

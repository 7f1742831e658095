"""The user's level: current and target level and track, saved between runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, Static

from interview_coach.coaching.levels import LEVEL_ORDER, LEVELS
from interview_coach.coaching.profile import Profile
from interview_coach.tui.screens.form import FormScreen, selected

LEVEL_OPTIONS = [(f"{c} {LEVELS[c].title}", c) for c in LEVEL_ORDER]


class SettingsScreen(FormScreen[Profile]):
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
            selected(self.query_one("#current", Select)),
            selected(self.query_one("#target", Select)),
            selected(self.query_one("#track", Select)) or "ic",
        )

"""The transcript database cannot be used: start a new one beside it, or do not save."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from interview_coach.tui.screens.dialog import Dialog


class StoreProblemScreen(Dialog[str]):
    """The transcript database cannot be used. It is never overwritten: the user chooses a
    new one beside it ("new") or practising without saving ("none")."""

    BINDINGS = [Binding("escape", "choose('none')", "Without saving")]
    AUTO_FOCUS = "#new"

    def __init__(self, message: str, fresh: str):
        super().__init__()
        self.message, self.fresh = message, fresh

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Your transcripts cannot be opened", classes="title")
            yield Static(self.message, markup=False)
            yield Static(f"\nA new database would be created at:\n{self.fresh}", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Start a new one", id="new", variant="primary")
                yield Button("Don't save", id="none")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id is not None:
            self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

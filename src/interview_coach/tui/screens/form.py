"""Dialogs with an OK and a Cancel button, and reading their controls."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Select

from interview_coach.tui.screens.dialog import Dialog

ResultT = TypeVar("ResultT")


def selected(select: Select[Any]) -> Any | None:
    """A Select's value, or None when nothing is chosen."""
    return None if select.value is Select.NULL else select.value


class FormScreen(Dialog[ResultT | None]):
    """A dialog with an OK and a Cancel button: OK dismisses with `result()`, Cancel and
    escape with None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    OK_LABEL = "OK"

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(self.OK_LABEL, id="ok", variant="primary")
            yield Button("Cancel", id="cancel")

    def result(self) -> ResultT:
        raise NotImplementedError

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.result() if event.button.id == "ok" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)

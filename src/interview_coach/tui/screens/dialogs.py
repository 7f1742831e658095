"""Modal screens: key help, and a yes/no confirmation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

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


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):  # scrolls rather than clipping on small terminals
            # No Close button: it did not fit at 80x24, and escape, f1 and q all close.
            yield Static("Interview Coach keys  (escape closes)", classes="title")
            yield Static(HELP, markup=False)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape,n", "answer(False)", "No"), Binding("y", "answer(True)", "Yes")]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class StoreProblemScreen(ModalScreen[str]):
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
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

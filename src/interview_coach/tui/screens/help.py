"""The keys, read from the live bindings of the screen help was asked from and of the app.

Each row is a binding our code declares in a BINDINGS list (Textual's own, such as tab to
move focus, are left out) that works on that screen now: its keys, its description (the
footer's word) and its tooltip (what it does). So the help cannot drift from the keys."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen
from textual.widgets import Static

from interview_coach.tui.screens.dialog import Dialog


@dataclass(frozen=True)
class KeyHelp:
    keys: str  # "ctrl+s", or several: "esc / n"
    description: str  # the binding's description, as the footer shows it
    detail: str  # its tooltip: what it does


def key_help(screen: Screen) -> list[KeyHelp]:
    """The keys that work on `screen` now: its own, then the app's, each in the order its
    class declares them."""
    active = screen.active_bindings
    rows: list[KeyHelp] = []
    for node in (screen, screen.app):
        grouped: dict[tuple[str, str], list[str]] = {}  # (action, description) -> keys
        tooltips: dict[tuple[str, str], str] = {}
        for key, action in declared(type(node)):
            found = active.get(key)
            if found is None or found.node is not node or not found.enabled:
                continue
            binding = found.binding
            if binding.action != action or not binding.description:
                continue
            group = (binding.action, binding.description)
            grouped.setdefault(group, []).append(binding.key_display or format_key(key))
            tooltips.setdefault(group, binding.tooltip)
        for (action, description), keys in grouped.items():
            word = description[:1].upper() + description[1:]  # Textual's own "palette"
            rows.append(KeyHelp(" / ".join(keys), word, tooltips[action, description]))
    return rows


def declared(cls: type[DOMNode]) -> list[tuple[str, str]]:
    """(key, action) of every binding in the BINDINGS of `cls` and of its bases outside
    Textual, the class's own first; one comma-separated binding gives one pair per key."""
    pairs: list[tuple[str, str]] = []
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] == "textual":
            continue
        for item in klass.__dict__.get("BINDINGS", ()):
            binding = _binding(item)
            for key in binding.key.split(","):
                pair = (key.strip(), binding.action)
                if pair not in pairs:
                    pairs.append(pair)
    return pairs


def _binding(item: BindingType) -> Binding:
    return item if isinstance(item, Binding) else Binding(*item)


def keys_table(rows: list[KeyHelp]) -> Table:
    """Keys, description and what it does; the last column wraps under itself."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, style="dim")
    for row in rows:
        table.add_row(Text(row.keys), Text(row.description), Text(row.detail))
    return table


class HelpScreen(Dialog[None]):
    """The keys of the screen help was opened from (see `key_help`), and a note about it."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, keys: list[KeyHelp], note: str = ""):
        super().__init__()
        self.keys, self.note = keys, note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):  # scrolls rather than clipping on small terminals
            # No Close button: it did not fit at 80x24, and escape, f1 and q all close.
            yield Static("Interview Coach keys  (escape closes)", classes="title")
            yield Static(keys_table(self.keys), id="keys")
            if self.note:
                yield Static(Text("\n" + self.note), id="note")

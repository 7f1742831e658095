"""The frame every modal dialog shares: a box centred on the screen, a bold title, buttons
in a row. Each dialog is a `Dialog` whose content sits in a container with id "dialog"."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog #dialog { width: 76; max-width: 95%; height: auto; max-height: 100%;
                     border: thick $accent; background: $surface; padding: 0 2; }
    Dialog #dialog .title { text-style: bold; margin: 1 0; }
    Dialog #dialog Label { margin-top: 0; }
    Dialog #dialog Button { margin-top: 1; }
    Dialog #dialog .buttons { height: auto; }
    Dialog #dialog .buttons Button { margin-right: 2; }
    """

"""What passes between the app and the terminal, both ways.

Out: `ControlFilter` removes, from every line any screen draws, the characters a terminal
would act on (the title and clipboard sequences of a hostile question file, say). Chat turns
and the review's answer are already shown through `render.shown` with visible marks; this is
the guarantee for every other widget (tables, the rubric browser, notifications).

In: `PasteParser` keeps a paste whole when it contains ESC, and passes what was pasted through
the same sanitiser, so what is stored is what was pasted, in order."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from rich.segment import Segment
from textual import events
from textual._xterm_parser import XTermParser
from textual.color import Color
from textual.driver import Driver
from textual.filter import LineFilter
from textual.message import Message

from interview_coach.common.safe_text import has_unsafe, safe, without_unsafe

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESC = "\x1b"


class ControlFilter(LineFilter):
    """Removes control characters and bidi overrides from drawn lines. Removed, not marked:
    lines are laid out before filters run, and each of these characters takes no cell, so
    removing it keeps every line the width it was measured at, where a mark would push it
    one cell past its region."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(has_unsafe(s.text) for s in segments):
            return segments
        cleaned = []
        for s in segments:
            if s.control or not has_unsafe(s.text):  # control segments are Textual's own
                cleaned.append(s)
            elif text := without_unsafe(s.text):
                cleaned.append(Segment(text, s.style))
        return cleaned


CONTROL_FILTER = ControlFilter()


def pasted_text(text: str) -> str:
    """A paste as the answer box should hold it: a pasted line break (CR from many
    terminals) is a line break; any other control character is shown as a mark."""
    return safe(text.replace("\r\n", "\n").replace("\r", "\n"))


class PasteParser(XTermParser):
    """Textual's input parser, keeping a bracketed paste whole. Textual reads an ESC inside a
    paste as the start of a key sequence: the characters after it (up to the next ESC, or 32
    of them) are sent as key presses ahead of the paste and lost from it, so pasting
    `AAA <ESC>[31mBBB` typed `^[31mBBB` and then pasted `AAA `. Here every ESC between the
    paste's start and end markers is shown as a mark before the parser sees it."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasting = False
        self._tail = ""  # outside a paste: the last characters read, for a split start marker
        self._held = ""  # inside a paste: what may be the start of the end marker

    def feed(self, data: str) -> Iterable[Message]:
        if data:
            data = self._mark_escapes(data)
            if not data:  # all held back for the next read; "" would mean end of input
                return
        for message in super().feed(data):
            yield _cleaned(message)

    def tick(self) -> Iterable[Message]:
        for message in super().tick():
            yield _cleaned(message)

    def _mark_escapes(self, data: str) -> str:
        out: list[str] = []
        while data:
            if not self._pasting:
                seen = self._tail + data
                start = seen.find(PASTE_START)
                if start < 0:
                    out.append(data)
                    self._tail = seen[-(len(PASTE_START) - 1) :]
                    return "".join(out)
                cut = start + len(PASTE_START) - len(self._tail)  # just past the marker
                out.append(data[:cut])
                data, self._pasting, self._tail = data[cut:], True, ""
            else:
                text, self._held = self._held + data, ""
                end = text.find(PASTE_END)
                if end < 0:
                    keep = _marker_prefix_at_end(text, PASTE_END)
                    text, self._held = text[: len(text) - keep], text[len(text) - keep :]
                    out.append(text.replace(ESC, safe(ESC)))
                    return "".join(out)
                out.append(text[:end].replace(ESC, safe(ESC)) + PASTE_END)
                data, self._pasting = text[end + len(PASTE_END) :], False
        return "".join(out)


def _marker_prefix_at_end(text: str, marker: str) -> int:
    """How many characters at the end of `text` could begin `marker` (0 if none)."""
    for n in range(min(len(marker) - 1, len(text)), 0, -1):
        if text.endswith(marker[:n]):
            return n
    return 0


def _cleaned(message: Message) -> Message:
    if isinstance(message, events.Paste):
        return events.Paste(pasted_text(message.text))
    return message


def with_paste_parser(driver: type[Driver]) -> type[Driver]:
    """`driver`, reading input with `PasteParser`. Textual's drivers build their parser from
    the name `XTermParser` in their own module, with no hook to pass another, so that name is
    pointed at the subclass (which behaves the same outside a paste)."""
    for name in (driver.__module__, "textual.drivers.win32"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "XTermParser", None) is XTermParser:
            module.XTermParser = PasteParser  # type: ignore[attr-defined]
    return driver

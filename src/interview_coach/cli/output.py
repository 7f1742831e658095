"""How the commands lay out what they print, and show what they are waiting for.

Tables are drawn by Rich into plain text, then printed like any other line, so they go
through the one sanitiser (common.safe_text) on sys.stdout: no colours or cursor codes are
ever written, and a cell is always a `Text` made from sanitised text, so a `[bold]` in a
question is shown, never read as markup. A long cell wraps inside its column instead of being
cut. The width is the terminal's; piped or redirected there is no limit (one row per line, the
whole text, for grep and cut), unless COLUMNS is set, which always wins.

Waits (a model loading, rubrics being checked) are shown on stderr while it is a terminal, as
a Rich status spinner or a counter that is erased when the work is done; anywhere else nothing
extra is written, so logs and `--json` output stay as they were."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from interview_coach.common.safe_text import safe

# "No limit" for Rich, which needs a number: wider than any row the commands print.
UNLIMITED = 100_000


def _columns_env() -> int | None:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def output_width(stream: TextIO | None = None) -> int | None:
    """The width to lay text out in for `stream` (default stdout): COLUMNS if set, else the
    terminal's, else None (not a terminal: no limit)."""
    stream = sys.stdout if stream is None else stream
    if (cols := _columns_env()) is not None:
        return cols
    try:
        tty = stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        tty = False
    return shutil.get_terminal_size((80, 24)).columns if tty else None


def cell(value: object) -> Text:
    """One table cell: on one line (runs of whitespace become a space), sanitised, and never
    read as Rich markup."""
    return Text(safe(" ".join(str(value).split())))


def table(*columns: str | Column) -> Table:
    """A table in the commands' house style: a header line, no borders, two spaces between
    columns. A column a long text goes in should be a Column with ratio=1, so it takes the room
    left and wraps."""
    return Table(
        # A header given as a plain string folds too: at any width a cell may wrap, never be
        # cut with an ellipsis (Rich's default for a column).
        *(Column(c, overflow="fold") if isinstance(c, str) else c for c in columns),
        box=None,
        pad_edge=False,
        padding=(0, 1),
        show_edge=False,
        header_style="",
    )


def add_row(t: Table, *values: object) -> None:
    t.add_row(*(cell(v) for v in values))


def render(renderable: Any, width: int | None = None) -> str:
    """`renderable` as plain text lines (no styles, no trailing spaces), `width` wide (None:
    no limit)."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width or UNLIMITED,
        color_system=None,
        force_terminal=False,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines())


# The least room a wrapping column (a question) is given before the short columns beside it
# (ids, categories) may wrap too.
MIN_FLEX = 20


def _settle(t: Table, width: int | None) -> None:
    """Keep the short columns whole while the long ones keep MIN_FLEX columns: Rich would
    otherwise narrow every column in proportion, folding an id to give a question two more
    characters. On a terminal too narrow for that, everything may wrap (nothing is cut)."""
    if width is None or not any(c.ratio for c in t.columns):
        return
    fixed = sum(
        max([Text(c.header).cell_len if isinstance(c.header, str) else 0]
            + [x.cell_len for x in c.cells if isinstance(x, Text)])
        + 2
        for c in t.columns
        if not c.ratio
    )  # fmt: skip
    flex = sum(1 for c in t.columns if c.ratio)
    if width - fixed >= MIN_FLEX * flex:
        for c in t.columns:
            c.no_wrap = c.no_wrap or not c.ratio


def table_text(t: Table, width: int | None, indent: int = 0) -> str:
    """`t` laid out in `width` columns (None: no limit), `indent` spaces in from the left."""
    inner = None if width is None else max(1, width - indent)
    _settle(t, inner)
    return "\n".join(" " * indent + line if line else line for line in render(t, inner).split("\n"))


def print_table(t: Table, stream: TextIO | None = None, indent: int = 0) -> None:
    stream = sys.stdout if stream is None else stream
    print(table_text(t, output_width(stream), indent), file=stream)


def fill(text: str, width: int | None, indent: str = "", hang: str | None = None) -> str:
    """`text` on lines of at most `width` (None: one line), the first starting with `indent`,
    the others with `hang` (default: `indent`). Lines break between words, never at a hyphen
    (an id or a command stays whole); only a word longer than a line is folded. Spaces inside
    a line are kept (they may space out figures), a line break becomes a space, and a no-break
    space is never broken at (it keeps "No 4 → Lean" together)."""
    line = re.sub(r"[\t\n\r\f\v]", " ", text).strip()
    hang = indent if hang is None else hang
    if width is None:
        return indent + line
    import textwrap

    return textwrap.fill(
        line,
        max(len(hang) + 1, width),
        initial_indent=indent,
        subsequent_indent=hang,
        break_on_hyphens=False,
    )


def wrap(text: str, indent: str = "", stream: TextIO | None = None, hang: str | None = None) -> str:
    """A paragraph wrapped to the output width (unlimited: one line), with `indent`."""
    width = output_width(stream)
    return fill(text, None if width is None else max(20, width - 1), indent, hang)


# -- waits ------------------------------------------------------------------------------------


def _err_console() -> Console | None:
    """A console on the real stderr while it is a terminal; None otherwise (nothing shown)."""
    err = sys.stderr
    raw = getattr(err, "stream", err)  # behind the SafeWriter: Rich writes its own codes
    try:
        if raw is None or not raw.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return Console(file=raw, stderr=True, markup=False, highlight=False, emoji=False)


@contextmanager
def waiting(message: str) -> Iterator[None]:
    """Show `message` with a spinner on stderr while the block runs, if stderr is a terminal.
    The spinner line is erased at the end, so what the command prints is all that stays."""
    # One spinner at a time, from the main thread: a wait on a helper thread (the model loading
    # while a recording is transcribed) is shown by the main thread when it waits for it.
    console = _err_console() if threading.current_thread() is threading.main_thread() else None
    if console is None:
        yield
        return
    with console.status(Text(safe(message)), spinner="dots"):
        yield


class Steps:
    """A counted wait: "Checking rubric 3/24: mentoring" on a terminal's stderr, updated as
    each step starts; nothing anywhere else. Use as a context manager."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, total, 0
        self._console = _err_console()
        self._status: Any = None

    def __enter__(self) -> Steps:
        if self._console is not None:
            self._status = self._console.status(self._text(""), spinner="dots")
            self._status.__enter__()
        return self

    def _text(self, what: str) -> Text:
        count = f"{self.label} {min(self.done + 1, self.total)}/{self.total}"
        return Text(safe(f"{count}: {what}" if what else f"{count}…"))

    def step(self, what: str = "") -> None:
        """Say that the next step (`what`) has started."""
        if self._status is not None:
            self._status.update(self._text(what))
        self.done += 1

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)


def each(items: Iterable[Any], label: str, total: int, name=str) -> Iterator[Any]:
    """`items`, counting them on a terminal's stderr as `label i/total: name(item)`."""
    with Steps(label, total) as steps:
        for item in items:
            steps.step(name(item))
            yield item

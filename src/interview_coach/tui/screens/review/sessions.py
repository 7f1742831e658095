"""The Sessions tab: past sessions newest first, filtered by question, category and band, with
the highlighted session's questions under the list. Enter opens a session."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TypedDict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static, TabPane

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BAND_LABELS, BANDS, CATEGORIES
from interview_coach.transcripts.export import local_time
from interview_coach.transcripts.store import SessionSummary, TranscriptStore
from interview_coach.tui.screens.form import selected
from interview_coach.tui.screens.review.attempts import SessionScreen
from interview_coach.tui.screens.review.widgets import band_letters

EMPTY_SESSIONS = "No sessions yet — answer a question and it is saved here."
NO_MATCH = "No sessions match these filters."
SESSION_PAGE = 200  # session rows added to the table at a time
BANDS_SHOWN = 10  # band letters per session row
FILTER_DELAY = 0.3  # seconds of no typing before the question filter is applied
PREVIEW_LINES = 4  # under the list: the highlighted session's questions, wrapped


class Filters(TypedDict):
    question: str | None
    category: str | None
    band: str | None


class SessionTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open")]


class SessionsTab(TabPane):
    """The session list and its filters."""

    DEFAULT_CSS = """
    SessionsTab #filters { height: auto; }
    SessionsTab #filters Input { width: 1fr; }
    SessionsTab #f-category { width: 28; }
    SessionsTab #f-band { width: 19; }
    SessionsTab #session-list { height: 1fr; }
    SessionsTab #sessions-note { height: auto; color: $text-muted; }
    """

    @dataclass
    class Deleted(Message):
        """A session opened from the list was deleted: what is worked out from the
        history (progress, the due queue) is out of date."""

        session_id: int

    def __init__(self, store: TranscriptStore, catalog: Catalog):
        super().__init__("Sessions", id="sessions")
        self.store, self.catalog = store, catalog
        self.sessions: list[SessionSummary] = []
        self.width = 0  # the terminal width the table was laid out for
        self._filter_timer: Timer | None = None
        self._preview_for: int | None = None
        self._rows = 0  # of self.sessions, in the table so far
        self._set_width = 8

    def compose(self) -> ComposeResult:
        cats = list(CATEGORIES) + sorted(
            {q.category for q in self.catalog.questions.values()} - set(CATEGORIES)
        )
        with Horizontal(id="filters"):
            yield Input(placeholder="Question contains…", id="f-question")
            yield Select([(Text(c), c) for c in cats], prompt="Any category", id="f-category")
            yield Select([(Text(BAND_LABELS[b]), b) for b in BANDS], prompt="Any band", id="f-band")
        yield SessionTable(id="session-list", cursor_type="row", zebra_stripes=True)
        yield Static(id="sessions-note", markup=False)

    def on_mount(self) -> None:
        self.watch(self.query_one("#session-list"), "scroll_y", self._scrolled, init=False)

    def filters(self) -> Filters:
        return {
            "question": self.query_one("#f-question", Input).value.strip() or None,
            "category": selected(self.query_one("#f-category", Select)),
            "band": selected(self.query_one("#f-band", Select)),
        }

    def fill(self) -> None:
        """Read the sessions matching the filters and lay the table out for the terminal's
        width, keeping the cursor's row."""
        table = self.query_one("#session-list", DataTable)
        old = table.cursor_row if table.row_count else 0
        self.sessions = self.store.sessions(**self.filters())
        self.width = width = self.app.size.width
        table.clear(columns=True)
        self._set_width = max(width - (16 + 7 + BANDS_SHOWN + 9) - 2 * 5 - 6, 8)
        for title, w in (
            ("Date", 16), ("Answers", 7), ("Bands", BANDS_SHOWN), ("Questions", 9),
            ("Set", self._set_width),
        ):  # fmt: skip
            table.add_column(Text(title, style="bold"), width=w, key=title.lower())
        self._rows = 0
        self.more(old + 1)
        table.display = bool(self.sessions)
        if self.sessions:
            table.move_cursor(row=min(old, len(self.sessions) - 1), animate=False)
        self._preview_for = None
        self.preview()

    def more(self, at_least: int = 0) -> None:
        """Add the next page of rows. DataTable measures every cell it is given, so 2,000
        sessions are shown a page at a time as the cursor or the scroll nears the end."""
        end = min(max(self._rows + SESSION_PAGE, at_least), len(self.sessions))
        if end <= self._rows:
            return
        table = self.query_one("#session-list", DataTable)
        for s in self.sessions[self._rows : end]:
            # The set wraps in its column (the row grows a line): two sets that start alike,
            # "category=technical-decisions, level=L4" and "..., level=L6", stay told apart.
            chosen = textwrap.wrap(s.selection, self._set_width) or [""]
            table.add_row(
                Text(local_time(s.started_at)),
                Text(str(s.attempts), justify="right"),
                band_letters(s.bands, BANDS_SHOWN),
                Text(str(s.questions), justify="right"),
                Text("\n".join(chosen), style="dim" if s.selection == "practice" else ""),
                key=str(s.id),
                height=len(chosen),
            )
        self._rows = end

    def _scrolled(self, y: float) -> None:
        table = self.query_one("#session-list", DataTable)
        if y >= table.max_scroll_y - table.size.height:
            self.more()

    def preview(self) -> None:
        """Under the list: the highlighted session's questions, or why the list is empty."""
        note = self.query_one("#sessions-note", Static)
        if not self.sessions:
            note.update(Text(NO_MATCH if any(self.filters().values()) else EMPTY_SESSIONS))
            return
        table = self.query_one("#session-list", DataTable)
        s = self.sessions[min(table.cursor_row, len(self.sessions) - 1)]
        if s.id == self._preview_for:
            return
        self._preview_for = s.id
        seen: dict[str, str] = {}
        for a in self.store.attempts(session_id=s.id):
            seen.setdefault(a.question_id, a.question)
        width = max(self.app.size.width - 4, 20)
        note.update(preview_text(list(seen.values()), width))

    @on(DataTable.RowHighlighted, "#session-list")
    def _session_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self._rows - 10:
            self.more()
        self.preview()

    @on(DataTable.RowSelected, "#session-list")
    def _session_selected(self, event: DataTable.RowSelected) -> None:
        self.open_session(event.cursor_row)

    def open_session(self, row: int) -> None:
        if not 0 <= row < len(self.sessions):
            return
        session = self.sessions[row]

        def closed(deleted: bool | None) -> None:
            if deleted:
                self.notify("Session deleted.")
                self.fill()
                self.post_message(self.Deleted(session.id))

        self.app.push_screen(SessionScreen(self.store, session, **self.filters()), closed)

    @on(Input.Changed, "#f-question")
    def _question_typed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.fill)

    @on(Input.Submitted, "#f-question")
    def _question_entered(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self.fill()
        self.query_one("#session-list").focus()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self.fill()


def preview_text(questions: list[str], width: int) -> Text:
    """A session's questions under the list, each whole and wrapped under its bullet, in at
    most PREVIEW_LINES lines: the first question always, the next ones while they fit, then
    how many more (the opened session lists them all)."""
    lines: list[str] = []
    shown = 0
    for i, q in enumerate(questions):
        wrapped = textwrap.wrap(q, width - 2) or [""]
        if i and len(lines) + len(wrapped) > PREVIEW_LINES:
            break
        lines += ["• " + wrapped[0], *("  " + line for line in wrapped[1:])]
        shown += 1
    t = Text("\n".join(lines))
    if shown < len(questions):
        more = f"+{len(questions) - shown} more"
        fits = len(lines[-1]) + 2 + len(more) <= width
        t.append(("  " if fits else "\n  ") + more, style="dim")
    return t

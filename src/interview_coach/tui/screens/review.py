"""Looking back: past sessions and their answers, progress over time, and what is due.

`ReviewScreen` is a full screen with three tabs. It dismisses with the ids of the questions
due for review when the user chooses to practise them, or None when they go back.

Opening it reads only the session list; progress and the due queue are worked out in a
thread, one question at a time, so the store's lock is never held for long and the screen
answers keys while they load. A stored reply is parsed only for the answer on screen.
All text is Rich `Text` built from plain strings: stored answers are shown as typed."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)
from textual.worker import Worker, get_current_worker

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BAND_LABELS, BAND_LETTERS, BANDS, CATEGORIES
from interview_coach.common.textfmt import clip, plural
from interview_coach.transcripts import progress as progress_mod
from interview_coach.transcripts import schedule
from interview_coach.transcripts.export import local_time
from interview_coach.transcripts.store import SessionSummary, StoredAttempt, TranscriptStore
from interview_coach.tui import render

BAND_STYLE = render.BAND_STYLE
SPARK = "▁▂▃▄▅▆▇█"
TREND_TEXT = {
    "improving": ("↑ improving", "green"),
    "steady": ("→ steady", ""),
    "slipping": ("↓ slipping", "red"),
    "new": ("· first try", "dim"),
}
EMPTY_SESSIONS = "No sessions yet — answer a question and it is saved here."
EMPTY_PROGRESS = (
    "No progress yet — answer a question and your bands over time, per question and per"
    " category, appear here."
)
EMPTY_DUE = (
    "Nothing scheduled yet — every question you answer comes back here when it is due for"
    " review: weak answers sooner, strong ones later."
)
NO_MATCH = "No sessions match these filters."
SCHEDULER_TEXT = {
    "fsrs": "FSRS, graded by your scores: No Hire → again, Lean → hard, Strong → good/easy;"
    " hints lower the grade.",
    "checkpoints": "Checkpoints (day 0, 3, 7, 14, 21), graded by your scores: Strong moves"
    " on, Lean repeats the gap, No Hire starts over; hints lower the grade.",
}
WEAKEST_SHOWN = 10
YIELD = 0.002  # seconds the loading thread leaves the interpreter to the UI, per question
SESSION_PAGE = 200  # session rows added to the table at a time
BANDS_SHOWN = 10  # band letters per session row
FILTER_DELAY = 0.3  # seconds of no typing before the question filter is applied


# -- small renderers ------------------------------------------------------------------------
def band_text(band: str) -> Text:
    return Text(BAND_LABELS.get(band, band), style=BAND_STYLE.get(band, ""))


def band_letters(bands: list[str], limit: int = 10) -> Text:
    """S / L / N per answer, coloured by band; a long session ends in "+n"."""
    t = Text()
    shown = bands if len(bands) <= limit else bands[: limit - 3]
    for b in shown:
        t.append(BAND_LETTERS.get(b, "?"), style=BAND_STYLE.get(b, ""))
    if len(shown) < len(bands):
        t.append(f"+{len(bands) - len(shown)}", style="dim")
    return t


def band_spark(values: list[int], width: int) -> Text:
    """Bands over time on a fixed scale (▁ No Hire, ▄ Lean Hire, █ Strong Hire), oldest on
    the left, one bar per answer, or per group of answers (their mean) when there are more
    answers than `width`. Textual's Sparkline scales to the data's own minimum and maximum,
    so a run of Strong Hires would be drawn as the lowest bars; this does not."""
    if not values or width <= 0:
        return Text()
    if len(values) > width:
        step = len(values) / width
        values = [
            sum(chunk) / len(chunk)
            for i in range(width)
            if (chunk := values[int(i * step) : int((i + 1) * step)])
        ]
    t = Text()
    for v in values:
        t.append(_bar(v), style=_spark_style(v))
    return t


def _bar(v: float) -> str:
    return SPARK[min(max(int(v / 2 * len(SPARK)), 0), len(SPARK) - 1)]


def _spark_style(v: float) -> str:
    return ("red", "yellow", "green")[min(max(round(v), 0), 2)]


def spark_legend() -> Text:
    t = Text()
    for b in reversed(BANDS):
        v = progress_mod.band_value(b)
        t.append(_bar(v), style=_spark_style(v))
        t.append(f" {BAND_LABELS[b]}  ", style="dim")
    return t


def trend_text(trend: str) -> Text:
    label, style = TREND_TEXT.get(trend, (trend, ""))
    return Text(label, style=style)


def attempt_detail(a: StoredAttempt) -> Text:
    """The question, the answer as typed, and the coach's reply as it was."""
    t = Text()
    t.append("Question", style="bold")
    meta = [a.category, a.level, local_time(a.scored_at)]
    if a.seconds:
        meta.append(f"{int(a.seconds) // 60}:{int(a.seconds) % 60:02d} taken")
    if a.hints_used:
        meta.append(f"{a.hints_used} hint{'s' if a.hints_used != 1 else ''}")
    if a.revealed:
        meta.append("model answer seen first")
    t.append("  ·  " + " · ".join(m for m in meta if m) + "\n", style="dim")
    t.append(a.question + "\n\n")
    t.append("Your answer\n", style="bold")
    t.append(a.answer.rstrip() + "\n\n")
    t.append("Coach\n", style="bold")
    try:
        t.append_text(render.verdict_text(a.result))
    except Exception as exc:  # a damaged stored reply must not take the screen with it
        t.append(f"{a.band_label} (the full reply could not be read: {exc})")
    return t


def _headers(table: Table, *columns: tuple[str, dict]) -> None:
    for title, kw in columns:
        table.add_column(Text(title, style="bold"), **kw)


def _table() -> Table:
    return Table(box=None, show_edge=False, pad_edge=False, expand=True, padding=(0, 1))


# -- the tables of attempts and their detail ------------------------------------------------
class AttemptsTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open", show=False)]


class SessionTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open")]


class AttemptsScreen(Screen[bool]):
    """A table of attempts above the highlighted one's question, answer and reply."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("tab", "app.focus_next", "Reply ↕")]
    AUTO_FOCUS = "#attempts"

    def __init__(self, store: TranscriptStore):
        super().__init__()
        self.store = store
        self.attempts: list[StoredAttempt] = []
        self._shown: int | None = None
        self._width = 0

    def header(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        yield from self.header()
        yield AttemptsTable(id="attempts", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail"):
            yield Static(id="detail-body", markup=False)
        yield Footer()

    def columns(self) -> list[tuple[str, int]]:
        raise NotImplementedError

    def row(self, a: StoredAttempt, question_width: int) -> tuple:
        raise NotImplementedError

    def load(self) -> list[StoredAttempt]:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.attempts = self.load()
        self.fill()

    def fill(self) -> None:
        table = self.query_one("#attempts", DataTable)
        table.clear(columns=True)
        self._width = self.app.size.width
        cols = self.columns()
        fixed = sum(w + 2 for _, w in cols if w > 0)
        flexible = max(self.app.size.width - fixed - 6, 16)
        for title, width in cols:
            table.add_column(Text(title, style="bold"), width=width if width > 0 else flexible)
        for a in self.attempts:
            table.add_row(*self.row(a, flexible), key=str(a.id))
        self.show(0)

    def highlighted(self) -> StoredAttempt | None:
        row = self.query_one("#attempts", DataTable).cursor_row
        return self.attempts[row] if 0 <= row < len(self.attempts) else None

    @on(DataTable.RowHighlighted, "#attempts")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show(event.cursor_row)

    def show(self, row: int) -> None:
        if row == self._shown and self.attempts:
            return
        body = self.query_one("#detail-body", Static)
        if not 0 <= row < len(self.attempts):
            body.update(Text("No answers to show."))
            self._shown = None
            return
        self._shown = row
        body.update(attempt_detail(self.attempts[row]))  # the only reply parsed
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def on_resize(self, event: events.Resize) -> None:
        if self.attempts and self.app.size.width != self._width:
            row = self.query_one("#attempts", DataTable).cursor_row
            self.fill()
            self.query_one("#attempts", DataTable).move_cursor(row=row)

    def action_back(self) -> None:
        self.dismiss(False)


class SessionScreen(AttemptsScreen):
    """One session's answers. Dismisses with True when the session was deleted."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("c", "compare", "Compare"),
        Binding("d,delete", "delete", "Delete"),
        Binding("tab", "app.focus_next", "Reply ↕"),
    ]

    def __init__(
        self,
        store: TranscriptStore,
        session: SessionSummary,
        question: str | None = None,
        category: str | None = None,
        band: str | None = None,
    ):
        super().__init__(store)
        self.session = session
        self.filters = {"question": question, "category": category, "band": band}

    def header(self) -> ComposeResult:
        yield Static(id="title", markup=False, classes="review-title")

    def load(self) -> list[StoredAttempt]:
        attempts = self.store.attempts(session_id=self.session.id, **self.filters)
        s = self.session
        title = Text()
        title.append(f"Session {local_time(s.started_at)}", style="bold")
        title.append(f"  ·  {plural(s.attempts, 'answer')} to {plural(s.questions, 'question')}")
        if s.selection and s.selection != "practice":
            title.append(f" · {s.selection}")
        if any(self.filters.values()) and len(attempts) < s.attempts:
            title.append(
                f"\nshowing {len(attempts)} of {plural(s.attempts, 'answer')} (filtered)",
                style="yellow",
            )
        self.query_one("#title", Static).update(title)
        return attempts

    def columns(self) -> list[tuple[str, int]]:
        return [("Time", 5), ("Question", 0), ("Band", 11), ("Confidence", 10)]

    def row(self, a: StoredAttempt, question_width: int) -> tuple:
        return (
            Text(local_time(a.scored_at)[-5:]),
            Text(clip(a.question, question_width)),
            band_text(a.band),
            Text(f"{a.confidence:.0%}", justify="right"),
        )

    def action_compare(self) -> None:
        a = self.highlighted()
        if a is not None:
            self.app.push_screen(CompareScreen(self.store, a.question_id, a.question))

    def action_delete(self) -> None:
        from interview_coach.tui.screens.dialogs import ConfirmScreen

        # Counted now, not when the list was read: the chat may have added to this session.
        n = len(self.store.attempts(session_id=self.session.id))

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete_session(self.session.id)
            except Exception as exc:  # e.g. the database is locked by another instance
                self.notify(f"Could not delete the session: {exc}", severity="error")
                return
            self.dismiss(True)

        self.app.push_screen(
            ConfirmScreen(f"Delete this session and its {plural(n, 'answer')}?"), answered
        )


class CompareScreen(AttemptsScreen):
    """Every answer to one question, oldest first, with its band over time on top."""

    def __init__(self, store: TranscriptStore, question_id: str, question: str = ""):
        super().__init__(store)
        self.question_id, self.question = question_id, question

    def header(self) -> ComposeResult:
        yield Static(id="title", markup=False, classes="review-title")
        yield Static(id="spark", markup=False)

    def load(self) -> list[StoredAttempt]:
        attempts = self.store.attempts(question_id=self.question_id)
        if attempts:
            self.question = attempts[-1].question
        title = Text()
        title.append(f"All {plural(len(attempts), 'answer')} to: ", style="bold")
        title.append(self.question)
        self.query_one("#title", Static).update(title)
        self._draw_spark(attempts)
        return attempts

    def _draw_spark(self, attempts: list[StoredAttempt]) -> None:
        values = [progress_mod.band_value(a.band) for a in attempts]
        width = max(self.app.size.width - 44, 10)
        t = band_spark(values, width)
        t.append("  oldest → newest   ", style="dim")
        t.append_text(spark_legend())
        self.query_one("#spark", Static).update(t)

    def fill(self) -> None:
        super().fill()
        self._draw_spark(self.attempts)

    def columns(self) -> list[tuple[str, int]]:
        return [("When", 16), ("Band", 11), ("Confidence", 10), ("Hints", 5), ("Answer", 0)]

    def row(self, a: StoredAttempt, question_width: int) -> tuple:
        return (
            Text(local_time(a.scored_at)),
            band_text(a.band),
            Text(f"{a.confidence:.0%}", justify="right"),
            Text(str(a.hints_used) + ("+A" if a.revealed else ""), justify="right"),
            Text(clip(a.answer, question_width)),
        )


# -- the review screen ----------------------------------------------------------------------
class ReviewScreen(Screen[list[str] | None]):
    """Sessions, Progress and Due tabs. Dismisses with the due question ids when the user
    chooses "Practise due questions" (button or p), or None on escape."""

    @dataclass
    class Loaded(Message):
        """Progress and the due queue, worked out in the loading thread."""

        progress: progress_mod.Progress | None  # None: the history could not be read
        items: list[schedule.DueItem] = field(default_factory=list)
        scheduler: str = ""  # the scheduler used
        error: str = ""  # why progress or the due queue could not be worked out
        never_practised: int = 0

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("1", "tab('sessions')", "Sessions"),
        Binding("2", "tab('progress')", "Progress"),
        Binding("3", "tab('due')", "Due"),
        Binding("p", "practise", "Practise due"),
        Binding("slash", "filter", "Filter", show=False),
    ]
    AUTO_FOCUS = "#session-list"

    def __init__(self, store: TranscriptStore, catalog: Catalog, scheduler: str = "fsrs"):
        super().__init__()
        self.store, self.catalog, self.scheduler_name = store, catalog, scheduler
        self.sessions: list[SessionSummary] = []
        self.progress: progress_mod.Progress | None = None
        self.due: list[schedule.DueItem] | None = None  # None until worked out
        self.upcoming: list[schedule.DueItem] = []
        self.scheduler_used = scheduler
        self.never_practised = 0
        self.loaded = False  # progress and the due queue are on screen
        self._filter_timer: Timer | None = None
        self._preview_for: int | None = None
        self._rows = 0  # of self.sessions, in the table so far
        self._width = 0  # the terminal width the table was laid out for
        self._set_width = 8

    def compose(self) -> ComposeResult:
        cats = list(CATEGORIES) + sorted(
            {q.category for q in self.catalog.questions.values()} - set(CATEGORIES)
        )
        with TabbedContent(id="review-tabs", initial="sessions"):
            with TabPane("Sessions", id="sessions"):
                with Horizontal(id="filters"):
                    yield Input(placeholder="Question contains…", id="f-question")
                    yield Select(
                        [(Text(c), c) for c in cats], prompt="Any category", id="f-category"
                    )
                    yield Select(
                        [(Text(BAND_LABELS[b]), b) for b in BANDS], prompt="Any band", id="f-band"
                    )
                yield SessionTable(id="session-list", cursor_type="row", zebra_stripes=True)
                yield Static(id="sessions-note", markup=False)
            with TabPane("Progress", id="progress"), VerticalScroll(id="progress-scroll"):
                yield Static(Text("Working out your progress…"), id="progress-body")
            with TabPane("Due", id="due"):
                yield Static(id="due-head", markup=False)
                yield Button("Practise due questions", id="practise", disabled=True)
                with VerticalScroll(id="due-scroll"):
                    yield Static(Text("Working out what is due…"), id="due-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#due-head", Static).update(Text(self._scheduler_line()))
        self.fill_sessions()
        self.action_tab("sessions")
        self.watch(self.query_one("#session-list"), "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self.load_rest)  # once the list is on screen

    # -- sessions -------------------------------------------------------------------------
    def filters(self) -> dict[str, str | None]:
        def value(select: Select) -> str | None:
            return None if select.value is Select.NULL else select.value

        return {
            "question": self.query_one("#f-question", Input).value.strip() or None,
            "category": value(self.query_one("#f-category", Select)),
            "band": value(self.query_one("#f-band", Select)),
        }

    def fill_sessions(self) -> None:
        table = self.query_one("#session-list", DataTable)
        old = table.cursor_row if table.row_count else 0
        self.sessions = self.store.sessions(**self.filters())
        self._width = width = self.app.size.width
        table.clear(columns=True)
        self._set_width = max(width - (16 + 7 + BANDS_SHOWN + 9) - 2 * 5 - 6, 8)
        for title, w in (
            ("Date", 16), ("Answers", 7), ("Bands", BANDS_SHOWN), ("Questions", 9),
            ("Set", self._set_width),
        ):  # fmt: skip
            table.add_column(Text(title, style="bold"), width=w, key=title.lower())
        self._rows = 0
        self.more_sessions(old + 1)
        table.display = bool(self.sessions)
        if self.sessions:
            table.move_cursor(row=min(old, len(self.sessions) - 1), animate=False)
        self._preview_for = None
        self.preview()

    def more_sessions(self, at_least: int = 0) -> None:
        """Add the next page of rows. DataTable measures every cell it is given, so 2,000
        sessions are shown a page at a time as the cursor or the scroll nears the end."""
        end = min(max(self._rows + SESSION_PAGE, at_least), len(self.sessions))
        if end <= self._rows:
            return
        table = self.query_one("#session-list", DataTable)
        for s in self.sessions[self._rows : end]:
            table.add_row(
                Text(local_time(s.started_at)),
                Text(str(s.attempts), justify="right"),
                band_letters(s.bands, BANDS_SHOWN),
                Text(str(s.questions), justify="right"),
                Text(
                    clip(s.selection, self._set_width),
                    style="dim" if s.selection == "practice" else "",
                ),
                key=str(s.id),
            )
        self._rows = end

    def _scrolled(self, y: float) -> None:
        table = self.query_one("#session-list", DataTable)
        if y >= table.max_scroll_y - table.size.height:
            self.more_sessions()

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
        questions = list(seen.values())
        more = f"  +{len(questions) - 2} more" if len(questions) > 2 else ""
        t = Text()
        for i, q in enumerate(questions[:2]):
            if i:
                t.append("\n")
            t.append("• " + clip(q, width - 2 - (len(more) if i == 1 else 0)))
        t.append(more, style="dim")
        note.update(t)

    @on(DataTable.RowHighlighted, "#session-list")
    def _session_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self._rows - 10:
            self.more_sessions()
        self.preview()

    @on(DataTable.RowSelected, "#session-list")
    def _session_selected(self, event: DataTable.RowSelected) -> None:
        self.open_session(event.cursor_row)

    def open_session(self, row: int) -> None:
        if not 0 <= row < len(self.sessions):
            return

        def closed(deleted: bool | None) -> None:
            if deleted:
                self.notify("Session deleted.")
                self.refresh_all()

        self.app.push_screen(
            SessionScreen(self.store, self.sessions[row], **self.filters()), closed
        )

    def refresh_all(self) -> None:
        self.fill_sessions()
        self.load_rest()

    @on(Input.Changed, "#f-question")
    def _question_typed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.fill_sessions)

    @on(Input.Submitted, "#f-question")
    def _question_entered(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self.fill_sessions()
        self.query_one("#session-list").focus()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self.fill_sessions()

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width:  # not the Resize every screen gets on mount
            self.fill_sessions()
            self.show_progress()

    # -- progress and due, worked out in a thread -----------------------------------------
    @work(thread=True, exclusive=True, group="review-load")
    def load_rest(self) -> None:
        worker = get_current_worker()
        try:
            loaded = self._work_out(worker)
        except Exception as exc:  # a store error: said on both tabs, the list still works
            loaded = self.Loaded(None, [], self.scheduler_name, f"{type(exc).__name__}: {exc}")
        if loaded is not None and not worker.is_cancelled:
            self.post_message(loaded)  # dropped if the screen has closed meanwhile

    def _work_out(self, worker: Worker) -> Loaded | None:
        """Progress and the due queue; None if cancelled (the screen closed, or a session
        was deleted and this starts again)."""
        history = self.store.history()
        reviews = schedule.reviews_from_history(history)
        due_error = ""
        items: list[schedule.DueItem] = []
        try:
            scheduler = schedule.make_scheduler(self.scheduler_name)
            used = scheduler.name
            # Question by question, pausing between them, so this thread never holds the
            # interpreter for long while the screen is answering keys.
            for qid, rs in reviews.items():
                if worker.is_cancelled:
                    return None
                items += schedule.queue({qid: rs}, scheduler)
                time.sleep(YIELD)
            items.sort(key=lambda i: (i.due, i.question_id))  # as schedule.queue does
        except Exception as exc:  # the other tabs still work
            items, used, due_error = [], self.scheduler_name, f"{type(exc).__name__}: {exc}"
        attempts: list[StoredAttempt] = []
        # One question at a time: the store's lock is released between them too, so the
        # session list and an opened session never wait long for it.
        for qid in reviews:
            if worker.is_cancelled:
                return None
            attempts += self.store.attempts(question_id=qid)
            time.sleep(YIELD)
        result = progress_mod.compute(attempts)
        never = sum(1 for q in self.catalog.questions if q not in reviews)
        return self.Loaded(result, items, used, due_error, never)

    def on_review_screen_loaded(self, message: Loaded) -> None:
        if not self.is_attached:
            return
        now = datetime.now(UTC)
        result, items, due_error = message.progress, message.items, message.error
        self.progress = result
        self.due = schedule.due_now(items, now)
        self.upcoming = [i for i in items if i.due > now]
        self.scheduler_used = message.scheduler
        self.never_practised = message.never_practised
        self.query_one("#due-head", Static).update(Text(self._scheduler_line()))
        if result is None:
            self.query_one("#progress-body", Static).update(
                Text(f"Your progress could not be worked out ({due_error}).", style="red")
            )
        else:
            self.show_progress()
        self.show_due(due_error)
        self.loaded = True

    def _scheduler_line(self) -> str:
        return SCHEDULER_TEXT.get(self.scheduler_used, self.scheduler_used)

    def _question_text(self, qid: str) -> str:
        q = self.catalog.questions.get(qid)
        if q is not None:
            return q.text
        if self.progress is not None:
            for t in self.progress.questions:
                if t.key == qid:
                    return t.label
        return qid

    def show_progress(self) -> None:
        p = self.progress
        body = self.query_one("#progress-body", Static)
        if p is None:
            return
        if p.empty:
            body.update(Text(EMPTY_PROGRESS))
            return
        spark = 12 if self.app.size.width < 100 else 24
        parts: list[RenderableType] = [
            Text("Bands over time, oldest → newest:  ", style="dim") + spark_legend()
        ]
        for title, tracks in (("By category", p.categories), ("By question", p.questions)):
            table = _table()
            _headers(
                table,
                (title, dict(ratio=1, no_wrap=True, overflow="ellipsis")),
                ("Over time", dict(width=spark, no_wrap=True)),
                ("Latest", dict(width=11, no_wrap=True)),
                ("Trend", dict(width=11, no_wrap=True)),
                ("Answers", dict(width=7, justify="right")),
            )
            for t in tracks:
                table.add_row(
                    Text(t.label),
                    band_spark(t.bands, spark),
                    band_text(t.latest_band),
                    trend_text(t.trend),
                    Text(str(t.attempts)),
                )
            parts += [Text(""), table]
        parts += [Text(""), self._weakest_table(p.weakest[:WEAKEST_SHOWN])]
        body.update(Group(*parts))

    def _weakest_table(self, points: list[progress_mod.WeakPoint]) -> RenderableType:
        if not points:
            return Text("Weakest key points: none missed so far.", style="bold")
        table = _table()
        _headers(
            table,
            ("Weakest key points", dict(ratio=3, no_wrap=True, overflow="ellipsis")),
            ("Missed", dict(width=12, no_wrap=True)),
            ("Question", dict(ratio=2, no_wrap=True, overflow="ellipsis")),
        )
        for w in points:
            style = "red" if w.rate >= 0.75 else "yellow" if w.rate >= 0.4 else ""
            table.add_row(
                Text(w.label),
                Text(f"{w.missed} of {w.attempts}", style=style),
                Text(w.question, style="dim"),
            )
        return table

    def show_due(self, error: str = "") -> None:
        body = self.query_one("#due-body", Static)
        button = self.query_one("#practise", Button)
        due, upcoming = self.due or [], self.upcoming
        button.disabled = not due
        button.label = f"Practise due questions ({len(due)})" if due else "Nothing due now"
        never = Text(
            f"{self.never_practised} of {plural(len(self.catalog.questions), 'question')} never"
            " practised.",
            style="dim",
        )
        if error:
            problem = Text(f"The due queue could not be worked out ({error}).", style="red")
            body.update(Group(problem, Text(""), never))
            return
        if not due and not upcoming:
            body.update(Group(Text(EMPTY_DUE), Text(""), never))
            return
        now = datetime.now(UTC)
        parts: list[RenderableType] = []
        for title, items, when in (
            (f"Due now ({len(due)}), most overdue first", due, _overdue),
            (f"Upcoming ({len(upcoming)})", upcoming, _upcoming),
        ):
            if not items:
                parts += [Text(title.split(",")[0] + ": none", style="bold"), Text("")]
                continue
            table = _table()
            _headers(
                table,
                (title, dict(ratio=1, no_wrap=True, overflow="ellipsis")),
                ("Last band", dict(width=11, no_wrap=True)),
                ("When", dict(width=16, no_wrap=True)),
            )
            for i in items:
                table.add_row(
                    Text(self._question_text(i.question_id)),
                    band_text(i.last_band),
                    Text(when(i, now)),
                )
            parts += [table, Text("")]
        parts.append(never)
        body.update(Group(*parts))

    # -- actions --------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        """Show a tab and focus what its keys act on: the session list, the scrolling
        report, or the practise button when something is due."""
        self.query_one(TabbedContent).active = tab
        if tab == "sessions":
            widget = self.query_one("#session-list" if self.sessions else Tabs)
        elif tab == "due" and not self.query_one("#practise", Button).disabled:
            widget = self.query_one("#practise")
        else:
            widget = self.query_one(f"#{tab}-scroll")
        widget.focus()

    def action_filter(self) -> None:
        self.action_tab("sessions")
        self.query_one("#f-question").focus()

    def action_practise(self) -> None:
        if self.due is None:
            self.notify("Still working out what is due…")
            return
        ids = [i.question_id for i in self.due if i.question_id in self.catalog.questions]
        if not ids:
            nxt = self.upcoming[0] if self.upcoming else None
            when = f" The next is {_upcoming(nxt, datetime.now(UTC))}." if nxt else ""
            self.notify(f"Nothing is due for review now.{when}")
            return
        self.dismiss(ids)

    @on(Button.Pressed, "#practise")
    def _practise_pressed(self) -> None:
        self.action_practise()

    def action_back(self) -> None:
        self.dismiss(None)


def _overdue(item: schedule.DueItem, now: datetime) -> str:
    days = item.overdue_days(now)
    if days < 1:
        return "due today"
    return f"{plural(int(days), 'day')} overdue"


def _upcoming(item: schedule.DueItem, now: datetime) -> str:
    hours = (item.due - now).total_seconds() / 3600
    if hours < 24:
        return f"in {max(1, math.ceil(hours))} h"
    return f"in {plural(round(hours / 24), 'day')}"

"""Screens of stored attempts: one session's answers (opened from the Sessions tab) and every
answer to one question compared over time (c on a session's answer). Each is a table of
attempts above the highlighted one's question, answer and the coach's reply as it was."""

from __future__ import annotations

from rich.markdown import Markdown
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from interview_coach.common.safe_text import safe
from interview_coach.common.textfmt import clip, plural
from interview_coach.transcripts import progress
from interview_coach.transcripts.debrief import debrief_markdown
from interview_coach.transcripts.export import local_time
from interview_coach.transcripts.store import SessionSummary, StoredAttempt, TranscriptStore
from interview_coach.tui.footer import FittedFooter
from interview_coach.tui.render import since_last_line
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.screens.review.widgets import (
    attempt_detail,
    band_spark,
    band_text,
    spark_legend,
)


class AttemptsTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open", show=False)]


class AttemptsScreen(Screen[bool]):
    """A table of attempts above the highlighted one's question, answer and reply."""

    DEFAULT_CSS = """
    AttemptsScreen .review-title { height: auto; max-height: 3; padding: 0 1; }
    AttemptsScreen #attempts { height: auto; max-height: 40%; }
    AttemptsScreen #detail { height: 1fr; border-top: solid $accent; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("tab", "app.focus_next", "Reply ↕", tooltip="Between the list and the reply"),
    ]
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
        yield FittedFooter()

    def columns(self) -> list[tuple[str, int]]:
        """(title, width) of each column; width 0 takes the room the others leave."""
        raise NotImplementedError

    def row(self, a: StoredAttempt, flexible_width: int) -> tuple[Text, ...]:
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
            # Rows as tall as their text: a question wraps rather than being cut, so two
            # that start alike can be told apart.
            table.add_row(*self.row(a, flexible), key=str(a.id), height=None)
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
        body.update(self.detail(row))
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def detail(self, row: int) -> Text:
        """The answer in `row` as it was: the only stored reply parsed."""
        return attempt_detail(self.attempts[row])

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
        Binding("c", "compare", "Compare", tooltip="Every answer to this question over time"),
        Binding("d,delete", "delete", "Delete", tooltip="This session, after asking"),
        Binding("r", "debrief", "Debrief", tooltip="A mock interview's debrief"),
        Binding("tab", "app.focus_next", "Reply ↕", tooltip="Between the list and the reply"),
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
        f = self.filters
        attempts = self.store.attempts(
            session_id=self.session.id,
            question=f["question"],
            category=f["category"],
            band=f["band"],
        )
        s = self.session
        title = Text()
        title.append(f"Session {local_time(s.started_at)}", style="bold")
        title.append(f"  ·  {plural(s.attempts, 'answer')} to {plural(s.questions, 'question')}")
        if s.selection and s.selection != "practice":
            title.append(f" · {s.selection}")
        if s.has_debrief:
            title.append("  ·  r: the debrief", style="bold")
        if any(self.filters.values()) and len(attempts) < s.attempts:
            title.append(
                f"\nshowing {len(attempts)} of {plural(s.attempts, 'answer')} (filtered)",
                style="yellow",
            )
        self.query_one("#title", Static).update(title)
        return attempts

    def columns(self) -> list[tuple[str, int]]:
        return [("Time", 5), ("Question", 0), ("Band", 11), ("Confidence", 10)]

    def row(self, a: StoredAttempt, flexible_width: int) -> tuple[Text, ...]:
        return (
            Text(local_time(a.scored_at)[-5:]),
            Text(a.question),
            band_text(a.band),
            Text(a.confidence_cell, justify="right"),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.session.has_debrief if action == "debrief" else True

    def action_debrief(self) -> None:
        doc = self.store.debrief(self.session.id)
        if doc is not None:
            self.app.push_screen(DebriefScreen(safe(debrief_markdown(doc))))

    def action_compare(self) -> None:
        a = self.highlighted()
        if a is not None:
            self.app.push_screen(CompareScreen(self.store, a.question_id, a.question))

    def action_delete(self) -> None:
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

    DEFAULT_CSS = """
    CompareScreen #spark { height: 1; padding: 0 1; }
    """

    def __init__(self, store: TranscriptStore, question_id: str, question: str = ""):
        super().__init__(store)
        self.question_id, self.question = question_id, question
        self._before: dict[int, StoredAttempt] = {}  # each answer's previous one

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
        self._before = {a.id: b for b, a in zip(attempts, attempts[1:], strict=False)}
        return attempts

    def _draw_spark(self, attempts: list[StoredAttempt]) -> None:
        values = [progress.band_value(a.band) for a in attempts]
        width = max(self.app.size.width - 58, 10)
        t = band_spark(values, width)
        if attempts:  # the chart's dates: its first and last answer
            first, last = (local_time(a.scored_at, "%d/%m") for a in (attempts[0], attempts[-1]))
            t.append(f"  {first} → {last}   ", style="dim")
        t.append_text(spark_legend())
        self.query_one("#spark", Static).update(t)

    def changes(self, row: int) -> progress.PointChanges | None:
        """The key points gained and lost by the answer in `row` since the one before."""
        if 0 < row < len(self.attempts):
            return progress.changes_between(self.attempts[row - 1], self.attempts[row])
        return None

    def detail(self, row: int) -> Text:
        changes = self.changes(row)
        if changes is None:
            return super().detail(row)
        return since_last_line(changes) + Text("\n\n") + super().detail(row)

    def fill(self) -> None:
        super().fill()
        self._draw_spark(self.attempts)

    def columns(self) -> list[tuple[str, int]]:
        return [
            ("When", 16),
            ("Band", 11),
            ("Confidence", 10),
            ("Hints", 5),
            ("Points", 6),
            ("Answer", 0),
        ]

    def row(self, a: StoredAttempt, flexible_width: int) -> tuple[Text, ...]:
        before = self._before.get(a.id)
        changes = progress.changes_between(before, a) if before is not None else None
        return (
            Text(local_time(a.scored_at)),
            band_text(a.band),
            Text(a.confidence_cell, justify="right"),
            Text(str(a.hints_used) + ("+A" if a.revealed else ""), justify="right"),
            # Key points gained and lost since the answer before (the detail names them).
            Text(changes.short if changes else "", justify="right"),
            Text(clip(a.answer, 2 * flexible_width)),  # two lines of it: the rest is below
        )


class DebriefScreen(Screen[None]):
    """A mock interview's debrief, as the hiring-committee page `export --format md` prints."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, markdown: str):
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief"):
            yield Static(Markdown(self.markdown))
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#debrief", VerticalScroll).focus()

"""The review screen (f4): Sessions, Progress and Due tabs.

Opening it reads only the session list; progress and the due queue are worked out in a
thread, one question at a time, so the store's lock is never held for long and the screen
answers keys while they load. A stored reply is parsed only for the answer on screen."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, TabbedContent, Tabs
from textual.worker import Worker, get_current_worker

from interview_coach.bank.catalog import Catalog
from interview_coach.common.textfmt import plural
from interview_coach.transcripts import progress as progress_mod
from interview_coach.transcripts import schedule
from interview_coach.transcripts.progress import Progress
from interview_coach.transcripts.store import SessionSummary, StoredAttempt, TranscriptStore
from interview_coach.tui.footer import FittedFooter
from interview_coach.tui.screens.review.due import DueTab
from interview_coach.tui.screens.review.progress import ProgressTab
from interview_coach.tui.screens.review.sessions import SessionsTab

YIELD = 0.002  # seconds the loading thread leaves the interpreter to the UI, per question


class ReviewScreen(Screen[list[str] | None]):
    """Sessions, Progress and Due tabs. Dismisses with the due question ids when the user
    chooses "Practise due questions" (button or p), or None on escape."""

    @dataclass
    class Loaded(Message):
        """Progress and the due queue, worked out in the loading thread."""

        progress: Progress | None  # None: the history could not be read
        items: list[schedule.DueItem] = field(default_factory=list)
        scheduler: str = ""  # the scheduler used
        error: str = ""  # why progress or the due queue could not be worked out
        never_practised: int = 0

    DEFAULT_CSS = """
    ReviewScreen TabbedContent { height: 1fr; }
    ReviewScreen ContentSwitcher { height: 1fr; }
    ReviewScreen TabPane { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="To the chat"),
        Binding("1", "tab('sessions')", "Sessions", tooltip="Past sessions; enter opens one"),
        Binding("2", "tab('progress')", "Progress", tooltip="Bands over time, key points missed"),
        Binding("3", "tab('due')", "Due", tooltip="What to practise again, and when"),
        Binding("p", "practise", "Practise due", tooltip="A session of the questions due now"),
        Binding("slash", "filter", "Filter", show=False, tooltip="Sessions by question text"),
    ]
    AUTO_FOCUS = "#session-list"

    def __init__(self, store: TranscriptStore, catalog: Catalog, scheduler: str = "fsrs"):
        super().__init__()
        self.store, self.catalog, self.scheduler_name = store, catalog, scheduler
        self.progress: Progress | None = None
        self.due: list[schedule.DueItem] | None = None  # None until worked out
        self.upcoming: list[schedule.DueItem] = []
        self.scheduler_used = scheduler
        self.never_practised = 0
        self.loaded = False  # progress and the due queue are on screen

    # -- the tabs -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with TabbedContent(id="review-tabs", initial="sessions"):
            yield SessionsTab(self.store, self.catalog)
            yield ProgressTab()
            yield DueTab()
        yield FittedFooter()

    @property
    def sessions_tab(self) -> SessionsTab:
        return self.query_one(SessionsTab)

    @property
    def progress_tab(self) -> ProgressTab:
        return self.query_one(ProgressTab)

    @property
    def due_tab(self) -> DueTab:
        return self.query_one(DueTab)

    @property
    def sessions(self) -> list[SessionSummary]:
        """The sessions listed, as filtered."""
        return self.sessions_tab.sessions

    def on_mount(self) -> None:
        self.due_tab.show_scheduler(self.scheduler_used)
        self.sessions_tab.fill()
        self.action_tab("sessions")
        self.call_after_refresh(self.load_rest)  # once the list is on screen

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self.sessions_tab.width:  # not the Resize of mounting
            self.sessions_tab.fill()
            self.progress_tab.show(self.progress)

    def on_sessions_tab_deleted(self, message: SessionsTab.Deleted) -> None:
        self.load_rest()  # progress and the due queue again, without the deleted answers

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

    def _work_out(self, worker: Worker[None]) -> Loaded | None:
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
        self.progress = message.progress
        self.due = schedule.due_now(message.items, now)
        self.upcoming = [i for i in message.items if i.due > now]
        self.scheduler_used = message.scheduler
        self.never_practised = message.never_practised
        self.due_tab.show_scheduler(self.scheduler_used)
        if message.progress is None:
            self.progress_tab.failed(message.error)
        else:
            self.progress_tab.show(message.progress)
        never = (
            f"{self.never_practised} of {plural(len(self.catalog.questions), 'question')} never"
            " practised."
        )
        self.due_tab.show(self.due, self.upcoming, now, self.question_text, never, message.error)
        self.loaded = True

    def question_text(self, qid: str) -> str:
        """A question as the user knows it: its text in the bank, else as last answered."""
        q = self.catalog.questions.get(qid)
        if q is not None:
            return q.text
        if self.progress is not None:
            for t in self.progress.questions:
                if t.key == qid:
                    return t.label
        return qid

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
            when = f" The next is due {nxt.when(datetime.now(UTC))}." if nxt else ""
            self.notify(f"Nothing is due for review now.{when}")
            return
        self.dismiss(ids)

    @on(Button.Pressed, "#practise")
    def _practise_pressed(self) -> None:
        self.action_practise()

    def action_back(self) -> None:
        self.dismiss(None)

"""What the practice chat and the mock interview share on screen: a turn of the
conversation, a reply that leads with what matters, and the screen they are laid out on (the
question pinned on top, the log, answer box, status line and footer), which keeps the
keyboard on the answer box."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Protocol

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from interview_coach.bank.catalog import Catalog
from interview_coach.coaching.profile import Profile
from interview_coach.coaching.recorder import Recorder
from interview_coach.scoring.scorer import Scorer
from interview_coach.tui import render
from interview_coach.tui.footer import FittedFooter
from interview_coach.tui.voice import CaptureFactory, TranscriberFactory, VoiceHost, VoiceInput

DETAILS_KEY = "f7"


class ChatHost(Protocol):
    """What a screen in the chat may ask of the app (CoachApp is one): named here so that
    screens need not import the app module that pushes them."""

    catalog: Catalog
    model_state: str
    model_error: str
    recorder: Recorder
    profile: Profile
    capture_factory: CaptureFactory  # speaking an answer (tui/voice.py)
    transcriber_factory: TranscriberFactory

    def wait_for_model(self) -> Scorer | None: ...
    def keeps_audio(self) -> bool: ...


class Turn(Static):
    """One chat message. Content is always a Rich Text built from plain strings, with
    control characters shown as marks: questions, answers and replies come from files and
    people."""

    def __init__(self, content: Text | str, role: str):
        super().__init__(render.shown(content), classes=f"turn {role}", markup=False)


class Reply(Vertical):
    """A coach's reply: the compact part (verdict, what matters most, the next step, the
    follow-up) always shown, the rest (`details`) one key (f7) away, so that at 80x24 the
    verdict, the next step and the follow-up are on screen together."""

    DEFAULT_CSS = """
    Reply { height: auto; }
    Reply > .reply-details { display: none; margin-top: 1; }
    Reply.-expanded > .reply-details { display: block; }
    """

    def __init__(self, compact: Text, details: Text):
        super().__init__(classes="turn verdict")
        self._compact = compact
        self._details = details
        self.show_top = False  # keep the log at this reply's top as its size settles

    def on_resize(self) -> None:
        # Its height is known only once its parts are laid out; scrolling before that can
        # stop a line short of the reply's end.
        if self.show_top and isinstance(self.parent, ChatLog):
            self.parent.scroll_to_widget(self, top=True, animate=False)

    def compose(self) -> ComposeResult:
        yield Static(render.shown(self._compact), classes="reply-compact", markup=False)
        yield Static(render.shown(self._details), classes="reply-details", markup=False)

    @property
    def text(self) -> str:
        """All of the reply, compact part first, as plain text."""
        return f"{self._compact.plain}\n\n{self._details.plain}"

    @property
    def expanded(self) -> bool:
        return self.has_class("-expanded")

    def toggle(self) -> None:
        self.toggle_class("-expanded")


class ChatLog(VerticalScroll):
    """The conversation. It takes the keyboard only to be read (arrows, page keys): a
    printable key typed here goes to the answer box, where the user meant it."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value) and isinstance(self.screen, ChatScreen):
            self.screen.call_after_refresh(self.screen.update_pin)

    def on_resize(self) -> None:
        if isinstance(self.screen, ChatScreen):
            self.screen.call_after_refresh(self.screen.update_pin)

    def watch_virtual_size(self) -> None:  # a turn added or opened moves the others
        if isinstance(self.screen, ChatScreen):
            self.screen.call_after_refresh(self.screen.update_pin)

    def shows(self, widget: Widget, taller_by: int = 0) -> bool:
        """Whether all of `widget` (a turn of this log) is in view, or would be were the log
        `taller_by` lines taller."""
        region = widget.virtual_region
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height + taller_by
        return region.y >= top and region.bottom <= top + height

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or event.character is None:
            return
        box = self.screen.query_one("#answer", TextArea)
        if not box.display or box.disabled:
            return
        event.stop()
        event.prevent_default()
        box.focus()
        box.insert(event.character)


class ChatScreen(Screen):
    """A screen holding the chat layout. Whenever it is the active screen and nothing else
    asked for the keyboard, the answer box has it: when the screen comes back (a dialog, the
    palette or any other screen closed) and after each of the chat's own actions
    (`ANSWER_ACTIONS`, applied by the app for every key binding, see CoachApp.run_action).
    Only moving focus (shift+tab) or scrolling leaves it in the log."""

    AUTO_FOCUS = "#answer"
    ANSWER_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"submit", "hint", "model_answer", "retry", "next", "reload", "record", "no_help",
         "details"}
    )  # fmt: skip

    def focus_answer(self) -> None:
        try:
            box = self.query_one("#answer", TextArea)
        except NoMatches:  # not composed yet
            return
        if box.display and not box.disabled and self.focused is not box:
            box.focus()

    def on_screen_resume(self) -> None:
        self.focus_answer()
        self.call_after_refresh(self.update_pin)  # not judged while another screen was on top

    _question_turn: Widget | None = None

    def pin_question(self, text: Text, turn: Widget) -> None:
        """The question being answered (said in the log as `turn`), pinned above the log
        whenever that turn is out of view, so that it never scrolls away and is not on
        screen twice."""
        self.query_one("#question", Static).update(render.shown(text))
        self._question_turn = turn
        self.call_after_refresh(self.update_pin)

    def ask_question(
        self, say: Callable[[Text | str, str], Widget], question: Text, prefix: str = ""
    ) -> None:
        """Say `question` with `say`, after `prefix` (a line leading into it: "Next question.")
        in a turn of its own joined to it, and pin it. Apart, so that the pin is judged on the
        question alone: with the prefix in the question's turn, the prefix scrolled out of view
        pinned a question still wholly on screen below its own pin."""
        if prefix:
            say(prefix, "coach")
        self.pin_question(question, say(question, "coach joined" if prefix else "coach"))

    def update_pin(self) -> None:
        # Only while this screen is on top. A later judgement is asked of the top screen,
        # which runs it after its own refresh, not this one's: behind a dialog, each judgement
        # was made on a layout that had not caught up with the last, flipped the pin and asked
        # again, without end and without yielding, freezing the app. on_screen_resume judges
        # it when the screen comes back.
        if self.app.screen is not self:
            return
        try:
            pinned = self.query_one("#question", Static)
            log = self.query_one("#log", ChatLog)
        except NoMatches:  # closing
            return
        turn = self._question_turn
        # Judged as if the pin were hidden: a pin shown while the log was still being laid out
        # shrinks the log, and judged at that height the turn could stay "out of view" beside
        # its own pin (the question on screen twice at start-up, on a loaded machine). The
        # lines the pin takes are read from the same layout as the log's height (none while
        # it is hidden or not laid out yet), not from whether it is shown, so a judgement
        # made before the layout catches up is the same whichever way the pin was just set.
        show = turn is not None and not (
            turn.is_attached and log.shows(turn, taller_by=pinned.region.height)
        )
        if show != pinned.display:
            pinned.display = show
            # Judged again once laid out: a judgement made before the log's first layout
            # (on a loaded machine) may be wrong, and nothing else may follow it to mend it.
            # It settles: the judgement does not depend on whether the pin is shown.
            self.call_after_refresh(self.update_pin)

    def latest_reply(self) -> Reply | None:
        replies = self.query(Reply)
        return replies.last() if replies else None

    def toggle_details(self) -> None:
        """Open or close the details of the latest reply, shown from its top."""
        reply = self.latest_reply()
        if reply is None:
            self.notify("No reply yet: the details come with the first verdict.")
            return
        reply.toggle()
        log = self.query_one("#log", ChatLog)
        self.call_after_refresh(log.scroll_to_widget, reply, top=True, animate=False)


def when_typed(host: DOMNode, then: Callable[[], None]) -> None:
    """Run `then` (a submit) once the answer box has taken every key typed before it. Submit
    is a priority binding, run as soon as the app reads it, while the keys before it may still
    wait in the box's own queue (a fast typist, a dictation tool that types, a paste without
    bracketed paste): queued behind them, it reads the whole answer."""
    host.query_one("#answer", TextArea).call_later(then)


def chat_layout(placeholder: str, host: VoiceHost) -> ComposeResult:
    """The pinned question, the log, the answer box with its recorder (f9, reporting to
    `host`), the status line and the footer."""
    yield Static(id="question", markup=False)
    yield ChatLog(id="log")
    yield TextArea(id="answer", soft_wrap=True, tab_behavior="focus", placeholder=placeholder)
    yield VoiceInput(host)
    yield Static(id="status", markup=False)
    yield FittedFooter()

"""The practice chat: the interviewer asks, the user types, the coach replies.

The model loads in a worker thread while the first question is already on screen; scoring
also runs in a worker, so the UI never blocks. Nothing here imports torch."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from ..catalog import Catalog
from ..coach import GREETING, PracticeSession, Selection, select_questions
from ..levels import level_feedback
from ..profile import Profile, load_profile, save_profile
from ..text import words
from . import render
from .screens import ConfirmScreen, HelpScreen
from .setup import PracticeScreen, SettingsScreen

if TYPE_CHECKING:  # numpy and the scorer load with the model, after the first question
    from ..models import Question
    from ..scoring import Scorer


class Turn(Static):
    """One chat message. Content is always a Rich Text built from plain strings."""

    def __init__(self, content: Text | str, role: str):
        super().__init__(
            content if isinstance(content, Text) else Text(content),
            classes=f"turn {role}",
            markup=False,
        )


class CoachApp(App):
    # Absolute, so subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Interview Coach"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("ctrl+t", "hint", "Hint", priority=True),
        Binding("ctrl+o", "model_answer", "Answer", priority=True),
        Binding("ctrl+r", "retry", "Retry", priority=True),
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("f1", "help", "Help"),
        Binding("f2", "settings", "Level", show=False),
        Binding("f3", "choose", "Choose", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    model_state: reactive[str] = reactive("loading")

    def __init__(
        self,
        catalog: Catalog | None = None,
        scorer_factory: Callable[[], Scorer] | None = None,
        selection: Selection | None = None,
        profile: Profile | None = None,
    ):
        super().__init__()
        self.catalog = catalog or Catalog.load()
        self._scorer_factory = scorer_factory or _default_scorer
        self.scorer: Scorer | None = None
        self.model_error = ""
        self._model_ready = threading.Event()
        self.profile = profile if profile is not None else load_profile()
        self.session = PracticeSession(self._questions(selection or Selection()))
        self._started: float | None = None
        self.scoring = False

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="log")
        yield TextArea(
            id="answer",
            soft_wrap=True,
            tab_behavior="focus",
            placeholder="Type your answer. Enter = new line, ctrl+s = submit.",
        )
        yield Static(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.say(GREETING, "coach")
        if not self.profile.is_set:
            self.say(
                "Tip: press f2 to set your current and target level. Questions at your"
                " level come first, and each reply measures your answer against the"
                " level you are aiming for. f3 chooses what to practise.",
                "note",
            )
        self.ask()
        self.query_one("#answer", TextArea).focus()
        self.set_interval(1.0, self.refresh_status)
        self.load_model()

    # -- chat -----------------------------------------------------------------------------
    def say(self, content: Text | str, role: str, from_top: bool = False) -> Turn:
        turn = Turn(content, role)
        log = self.query_one("#log", VerticalScroll)
        log.mount(turn)
        # After layout, so the new turn's real height is known. A long reply is shown from its
        # top (the verdict) rather than its end; the rest is a scroll away.
        if from_top:
            self.call_after_refresh(log.scroll_to_widget, turn, top=True, animate=False)
        else:
            self.call_after_refresh(log.scroll_end, animate=False)
        return turn

    def ask(self, prefix: str = "") -> None:
        q = self.session.current
        if q is None:
            self.say(
                "That's the end of this session. "
                + self.session.summary()
                + " Press ctrl+q to quit.",
                "coach",
            )
            return
        text = render.question_text(q, self.session.position)
        if prefix:
            text = Text(prefix + "\n") + text
        self.say(text, "coach")
        self._started = None
        self.refresh_status()

    def refresh_status(self) -> None:
        answer = self.query_one("#answer", TextArea).text
        n = len(words(answer))
        secs = 0 if self._started is None else int(time.monotonic() - self._started)
        state = {
            "loading": "model loading…",
            "ready": "model ready",
            "failed": f"model failed: {self.model_error}",
        }[self.model_state]
        q = f"Q {self.session.position}" if not self.session.finished else "done"
        self.query_one("#status", Static).update(
            Text(
                f"{q} · {secs // 60}:{secs % 60:02d} · {n} words (~{n * 60 // 140}s spoken)"
                f" · hints left {self.session.hints_left} · {state}"
            )
        )

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._started is None and event.text_area.text.strip():
            self._started = time.monotonic()
        self.refresh_status()

    def watch_model_state(self) -> None:
        if self.is_mounted:
            self.refresh_status()

    # -- model ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="model")
    def load_model(self) -> None:
        try:
            scorer = self._scorer_factory()
            load = getattr(scorer.embedder, "load", None)
            if load is not None:
                load()
        except Exception as exc:  # shown to the user; the chat keeps working without scores
            self.model_error = str(exc).splitlines()[0][:200] or type(exc).__name__
            self.call_from_thread(setattr, self, "model_state", "failed")
        else:
            self.scorer = scorer
            self.call_from_thread(setattr, self, "model_state", "ready")
        finally:
            self._model_ready.set()

    # -- actions --------------------------------------------------------------------------
    def action_submit(self) -> None:
        q = self.session.current
        box = self.query_one("#answer", TextArea)
        answer = box.text
        if q is None:
            self.notify("The session is over: ctrl+q quits.")
            return
        if not answer.strip():
            self.notify("Type an answer first.", severity="warning")
            return
        if self.scoring:
            self.notify("Still scoring the last answer…")
            return
        if self.model_state == "failed":
            self.notify(f"Cannot score: {self.model_error}", severity="error", timeout=8)
            return
        self.say(Text(answer), "user")
        seconds = 0.0 if self._started is None else time.monotonic() - self._started
        box.clear()
        self._started = None
        waiting = "" if self.model_state == "ready" else " (waiting for the model to load)"
        pending = self.say(f"Scoring your answer…{waiting}", "note")
        self.scoring = True
        self.score_answer(q, answer, seconds, pending)

    @work(thread=True, group="score")
    def score_answer(self, q: Question, answer: str, seconds: float, pending: Turn) -> None:
        # `q` is the question as submitted: the user may move on while this waits.
        self._model_ready.wait()
        if self.scorer is None:
            self.call_from_thread(
                self._scored, pending, None, answer, seconds, f"Cannot score: {self.model_error}"
            )
            return
        target = self.profile.target_level
        try:
            result = self.scorer.score(q, self.catalog.rubrics[q.id], answer)
            feedback = level_feedback(answer, target) if target else None
            result.level = asdict(feedback) if feedback else None
        except Exception as exc:  # a scoring bug must not take the typed answer with it
            self.call_from_thread(
                self._scored, pending, None, answer, seconds, f"Scoring failed: {exc}"
            )
            return
        self.call_from_thread(self._scored, pending, result, answer, seconds, "")

    async def _scored(self, pending: Turn, result, answer: str, seconds: float, error: str) -> None:
        self.scoring = False
        await pending.remove()  # gone before the reply is laid out, so scrolling lands right
        if result is None:
            self.say(error, "note")
            self.query_one("#answer", TextArea).load_text(answer)
            return
        self.session.record(answer, result, seconds)
        reply = render.verdict_text(result)
        reply.append("\n\nctrl+r retry · ctrl+n next question · ctrl+o model answer", style="dim")
        self.say(reply, "verdict", from_top=True)

    def action_hint(self) -> None:
        hint = self.session.next_hint()
        if hint is None:
            self.notify("No more hints for this question: ctrl+o shows the model answer.")
            return
        q = self.session.current
        total = len(q.hints) if q else 0
        self.say(Text(f"Hint {self.session.hints_shown}/{total}: ") + Text(hint), "coach")
        self.refresh_status()

    def action_model_answer(self) -> None:
        q = self.session.current
        if q is None:
            return
        self.say(render.model_answer_text(q, self.catalog.rubrics.get(q.id)), "coach")

    def action_retry(self) -> None:
        if self.session.current is None:
            return
        self.query_one("#answer", TextArea).clear()
        self.ask("Let's try that one again.")

    def action_next(self) -> None:
        if self.session.current is None:
            return
        skipped = not self.session.attempted_current()
        self.session.advance()
        self.query_one("#answer", TextArea).clear()
        self.ask("Skipped. Next one." if skipped else "Next question.")

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def _questions(self, selection: Selection):
        selection.prefer_levels = self.profile.preferred_levels()
        selection.prefer_track = self.profile.track if self.profile.is_set else None
        return select_questions(self.catalog, selection)

    def action_settings(self) -> None:
        def saved(profile: Profile | None) -> None:
            if profile is None:
                return
            self.profile = profile
            try:
                save_profile(profile)
            except OSError as exc:
                self.notify(f"Could not save your level: {exc}", severity="error")
            done = self.session.questions[: self.session.index + 1]
            rest = [q for q in self._questions(Selection()) if q not in done]
            rest = [q for q in rest if q in self.session.questions[self.session.index + 1 :]]
            self.session.questions = done + rest
            target = profile.target_level or "none"
            self.say(
                f"Level saved: current {profile.current_level or 'not set'}, target"
                f" {target}, {profile.track} track. Questions at your level come next.",
                "note",
            )
            self.refresh_status()

        self.push_screen(SettingsScreen(self.profile), saved)

    def action_choose(self) -> None:
        def chosen(selection: Selection | None) -> None:
            if selection is None:
                return
            questions = self._questions(selection)
            if not questions:
                self.notify("No questions match that choice.", severity="warning")
                return
            attempts = self.session.attempts
            self.session = PracticeSession(questions, attempts=attempts)
            self.query_one("#answer", TextArea).clear()
            self.ask(f"New set: {len(questions)} question(s).")

        self.push_screen(PracticeScreen(), chosen)

    async def action_quit(self) -> None:
        if not self.query_one("#answer", TextArea).text.strip():
            self.exit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("Quit and discard the answer you have typed?"), done)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Submit answer", "Score what you have typed", self.action_submit)
        yield SystemCommand("Hint", "Show the next hint for this question", self.action_hint)
        yield SystemCommand(
            "Model answer", "Show a strong answer and the rubric", self.action_model_answer
        )
        yield SystemCommand("Retry question", "Answer the same question again", self.action_retry)
        yield SystemCommand("Next question", "Skip or move on", self.action_next)
        yield SystemCommand("Keys", "Show the key bindings", self.action_help)
        yield SystemCommand(
            "Level settings", "Set your current and target level", self.action_settings
        )
        yield SystemCommand(
            "Choose what to practise",
            "All, a category, a level or a search; how many; random or in order",
            self.action_choose,
        )


def _default_scorer() -> Scorer:
    from ..config import load_settings
    from ..engine import make_scorer

    return make_scorer(load_settings())

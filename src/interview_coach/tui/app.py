"""The practice chat: the interviewer asks, the user types, the coach replies.

The model loads in a worker thread while the first question is already on screen; scoring,
saving (through the core's Recorder) and reloading also run in workers, which report back with
the typed messages nested on CoachApp (ModelLoaded, Scored, ...), so the UI never blocks.
Nothing here imports torch."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.actions import ActionParseResult
from textual.actions import parse as parse_action
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.driver import Driver
from textual.filter import LineFilter
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static, TextArea

from interview_coach.bank.catalog import Catalog
from interview_coach.coaching.levels import level_feedback
from interview_coach.coaching.profile import Profile, load_profile, save_profile
from interview_coach.coaching.recorder import Recorder, SaveReport, ScoredAttempt
from interview_coach.coaching.session import (
    PracticeSession,
    Selection,
    greeting,
    select_questions,
)
from interview_coach.scoring.signals import TARGET_SECONDS, WORDS_PER_MINUTE
from interview_coach.scoring.text import words
from interview_coach.tui import render, terminal
from interview_coach.tui.chat import (
    DETAILS_KEY,
    ChatLog,
    ChatScreen,
    Reply,
    Turn,
    chat_layout,
    when_typed,
)
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.screens.help import HelpScreen, key_help
from interview_coach.tui.screens.practice import PracticeScreen
from interview_coach.tui.screens.settings import SettingsScreen
from interview_coach.tui.screens.store_problem import StoreProblemScreen
from interview_coach.tui.voice import (
    RECORD_BINDING,
    CaptureFactory,
    TranscriberFactory,
    VoiceInput,
    default_capture,
    default_transcriber,
)

if TYPE_CHECKING:  # numpy and the scorer load with the model, after the first question
    from interview_coach.bank.models import Question
    from interview_coach.coaching.interview import InterviewOptions
    from interview_coach.coaching.reload import CatalogChange
    from interview_coach.scoring.result import ScoreResult
    from interview_coach.scoring.scorer import Scorer
    from interview_coach.speech.delivery import Delivery
    from interview_coach.transcripts.progress import PointChanges
    from interview_coach.transcripts.store import StoreError, TranscriptStore


# Textual's palette has its own "Keys" (help for the focused widget): this one is the coach's.
HELP_COMMAND = "Help: this screen's keys (f1)"
HELP_HELP = "Every key of the screen on top and what it does"


@dataclass(frozen=True)
class Submission:
    """An answer as submitted, with the hints and model answer seen by then (not when scoring
    finishes: the user may move on meanwhile)."""

    question: Question
    answer: str
    hints_used: int
    revealed: bool
    seconds: float
    started_at: datetime
    delivery: Delivery | None = None  # a spoken answer's figures
    audio: bytes | None = None  # its recording, only when the user keeps recordings

    def scored(self, result: ScoreResult) -> ScoredAttempt:
        return ScoredAttempt(
            self.question,
            self.answer,
            result,
            hints_used=self.hints_used,
            revealed=self.revealed,
            seconds=self.seconds,
            started_at=self.started_at,
            delivery=self.delivery.to_dict() if self.delivery is not None else None,
            audio=self.audio,
        )


class CoachApp(App):
    # -- what the workers report (posted from their threads; post_message is thread-safe) --
    @dataclass
    class ModelLoaded(Message):
        """The model worker finished: the scorer is ready, or `error` says why not."""

        error: str = ""

    @dataclass
    class Scored(Message):
        """An answer was scored and saved (or kept to retry), or could not be scored."""

        submission: Submission
        pending: Turn  # the "Scoring your answer…" note the reply replaces
        result: ScoreResult | None = None
        error: str = ""  # why there is no result
        saved: SaveReport = field(default_factory=SaveReport)
        since: PointChanges | None = None  # key points gained and lost since the last answer

    @dataclass
    class StoreOpened(Message):
        """The transcript database is open; `saved` covers answers scored before it was."""

        saved: SaveReport

    @dataclass
    class Retried(Message):
        """The recorder's retries of a locked database ended: all saved, or why not."""

        saved: SaveReport

    @dataclass
    class StoreFailed(Message):
        """The transcript database cannot be used: the user chooses what to do."""

        error: StoreError

    @dataclass
    class Reloaded(Message):
        """f5 loaded the bank again and prepared what changed."""

        catalog: Catalog
        change: CatalogChange

    @dataclass
    class ReloadFailed(Message):
        error: str

    @dataclass
    class RetriedBeforeQuit(Message):
        """Unsaved answers were tried once more before quitting."""

        saved: SaveReport

    # Absolute, so subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Interview Coach"
    # Ordered by importance: where the footer is too narrow for all of them, it leaves
    # out the last (tui/footer.py). The description is the footer's word; the tooltip says
    # what the key does, in the footer on hover and in the help (f1), built from these.
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True, tooltip="Score your answer"),
        Binding(
            DETAILS_KEY,
            "details",
            "Details",
            priority=True,
            tooltip="Open or close the rest of the last reply: every key point, signals,"
            " the nearest example answer",
        ),
        Binding(
            "ctrl+t",
            "hint",
            "Hint",
            priority=True,
            tooltip="The next hint: direction first, full answer last",
        ),
        Binding("ctrl+n", "next", "Next", priority=True, tooltip="Skip, or the next question"),
        RECORD_BINDING,
        Binding(
            "f8",
            "mock_interview",
            "Interview",
            priority=True,
            tooltip="A mock interview: a clock, follow-ups, a debrief",
        ),
        Binding("ctrl+r", "retry", "Retry", priority=True, tooltip="The same question again"),
        Binding(
            "ctrl+o",
            "model_answer",
            "Answer",
            priority=True,
            tooltip="The model answer and what the rubric looks for",
        ),
        Binding("f1", "help", "Help", tooltip="These keys"),
        Binding("f2", "settings", "Level", show=False, tooltip="Your current and target level"),
        Binding(
            "f3",
            "choose",
            "Choose",
            show=False,
            tooltip="What to practise: category, level, search, count",
        ),
        Binding(
            "f4",
            "review",
            "Review",
            show=False,
            tooltip="Past sessions, progress, questions due again",
        ),
        Binding("f5", "reload", "Reload", show=False, tooltip="Edited question and rubric files"),
        # Priority: the answer box (a TextArea) binds f6 to "select line".
        Binding(
            "f6",
            "rubrics",
            "Rubrics",
            show=False,
            priority=True,
            tooltip="Browse every question and rubric",
        ),
        Binding(
            "ctrl+q", "quit", "Quit", priority=True, tooltip="Asks first if anything would be lost"
        ),
        # Textual's own palette key, declared here to say what it holds.
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="Every action, by name",
        ),
    ]
    HELP_NOTE = (
        "Enter adds a line; a story runs about 60 seconds, a practice problem as long as it"
        " needs. Every scored answer is saved. shift+tab reads the chat (arrows, page keys);"
        " tab returns to the answer box."
    )

    # loading, ready or failed: set by on_coach_app_model_loaded; the status line follows it.
    model_state: reactive[str] = reactive("loading", init=False)

    def __init__(
        self,
        catalog: Catalog | None = None,
        scorer_factory: Callable[[], Scorer] | None = None,
        selection: Selection | None = None,
        profile: Profile | None = None,
        db_path: Path | None = None,
        content_dirs: Iterable[Path | str] = (),
        interview: InterviewOptions | None = None,
        capture_factory: CaptureFactory | None = None,
        transcriber_factory: TranscriberFactory | None = None,
        keep_audio: bool | None = None,
    ):
        """`capture_factory`, `transcriber_factory`: the microphone and the recogniser (tests
        pass fakes); `keep_audio` None reads the setting when a spoken answer is submitted."""
        super().__init__()
        self._interview = interview  # open straight into this mock interview
        self._practice_label = _describe(selection)
        self.content_dirs = list(content_dirs)  # extra layers, for f5's reload from disk
        # Saving is the recorder's: the database is opened after the first question is shown.
        self.recorder = Recorder(db_path, _describe(selection), on_retried=self._post_retried)
        self._told_read_only = False
        self.catalog = catalog or Catalog.load(extra=self.content_dirs)
        self._scorer_factory = scorer_factory or _default_scorer
        self.scorer: Scorer | None = None
        self.model_error = ""
        self._model_ready = threading.Event()
        self.profile = profile if profile is not None else load_profile()
        self.session = PracticeSession(self._questions(selection or Selection()))
        self._started: float | None = None
        self.scoring = False
        # Speaking an answer (f9, tui/voice.py): nothing of the speech stack loads until the
        # key is pressed.
        self.capture_factory: CaptureFactory = capture_factory or default_capture
        self.transcriber_factory: TranscriberFactory = transcriber_factory or default_transcriber
        self._keep_audio = keep_audio

    # -- the terminal: nothing from a file or a person reaches it raw, a paste stays whole --
    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), terminal.CONTROL_FILTER]

    def get_driver_class(self) -> type[Driver]:
        return terminal.with_paste_parser(super().get_driver_class())

    # -- layout ---------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return ChatScreen(id="_default")

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key binding passes here: after one of the chat's own actions the answer box
        has the keyboard again (ChatScreen), whichever widget had it before."""
        handled = await super().run_action(action, default_namespace, namespaces)
        name = parse_action(action)[1] if isinstance(action, str) else action[1]
        screen = self.screen
        if isinstance(screen, ChatScreen) and name in screen.ANSWER_ACTIONS:
            screen.focus_answer()
        return handled

    @property
    def chat(self) -> ChatScreen:
        """The practice chat's screen (the first on the stack), whatever is on top."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ChatScreen)
        return screen

    def compose(self) -> ComposeResult:
        yield from chat_layout("Type your answer. Enter = new line, ctrl+s = submit.", self)

    @property
    def voice(self) -> VoiceInput:
        """The practice chat's recorder (the interview screen has its own)."""
        return self.query_one(VoiceInput)

    @property
    def store(self) -> TranscriptStore | None:
        return self.recorder.store

    @property
    def db_path(self) -> Path:
        return self.recorder.path

    def on_mount(self) -> None:
        self.say(greeting(self.session.questions), "coach")
        if not self.profile.is_set:
            self.say(
                "Tip: press f2 to set your current and target level. Questions at your"
                " level come first, and each reply measures your answer against the"
                " level you are aiming for. f3 chooses what to practise.",
                "note",
            )
        self.tell_file_problems()
        self.ask()
        self.query_one("#answer", TextArea).focus()
        self.set_interval(1.0, self.refresh_status)
        self.load_model()
        self.open_store()
        if self._interview is not None:
            self.start_interview(self._interview)

    def tell_file_problems(self) -> None:
        """Once, at start: some question or rubric files could not be loaded (or only in
        part), and where each problem is explained with its fix."""
        errors = self.catalog.errors
        if not errors:
            return
        from interview_coach.bank.problems import summarised
        from interview_coach.common.textfmt import plural

        files = {p.path for p in errors}
        lines = summarised(errors, "see f6")
        self.say(
            f"{plural(len(files), 'content file')} could not be loaded in full"
            f" ({plural(len(lines), 'problem')}); the rest of the bank works. f6 (the rubric"
            " browser) lists each problem with its fix.",
            "note",
        )

    # Chat actions act on the chat only: with the review or rubric browser on top, ctrl+t
    # must not spend a hint (it lowers the next grade) nor ctrl+n skip the hidden question.
    CHAT_ACTIONS = frozenset(
        {"submit", "hint", "model_answer", "retry", "next", "settings", "choose", "review",
         "reload", "rubrics", "mock_interview", "record", "details"}
    )  # fmt: skip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.CHAT_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action == "details":  # in the footer once there is a reply to open
            return self.chat.latest_reply() is not None
        return True

    # -- chat -----------------------------------------------------------------------------
    def say(self, content: Text | str | Reply, role: str) -> Turn | Reply:
        turn = content if isinstance(content, Reply) else Turn(content, role)
        log = self.chat.query_one("#log", ChatLog)
        if isinstance(turn, Reply):
            # A long reply is shown from its top (the verdict) rather than its end; the rest
            # is a scroll away. It scrolls there itself once its height is known.
            for earlier in log.query(Reply):
                earlier.show_top = False
            turn.show_top = True
            log.mount(turn)
        else:
            log.mount(turn)
            self.call_after_refresh(log.scroll_end, animate=False)  # after layout: real height
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
        text = render.question_text(q, self.session.position, self.catalog.origin(q.id))
        self.chat.ask_question(self.say, text, prefix)
        self._started = None
        self.refresh_status()
        self.prepare_ahead(q)

    @work(thread=True, exclusive=True, group="prepare")
    def prepare_ahead(self, q: Question) -> None:
        """Embed the question's rubric and graded answers while the user reads and types, so
        the verdict does not wait for them (the first time, about a hundred texts)."""
        self._model_ready.wait()
        rubric = self.catalog.rubrics.get(q.id)
        if self.scorer is None or rubric is None:
            return
        try:
            self.scorer.prepare(q, rubric)
        except Exception:  # scoring the answer reports it, with the answer kept
            return

    def refresh_status(self) -> None:
        try:
            answer = self.query_one("#answer", TextArea).text
            status = self.query_one("#status", Static)
            voice = self.voice
        except NoMatches:  # the clock's tick while the app closes and its widgets go
            return
        n = len(words(answer))
        secs = 0 if self._started is None else int(time.monotonic() - self._started)
        state = {
            "loading": "model loading…",
            "ready": "model ready",
            "failed": f"model failed: {self.model_error}",
        }[self.model_state]
        saving = self.recorder.status
        if saving:
            state += f" · {saving}"
        q = f"Q {self.session.position}" if not self.session.finished else "done"
        recording = voice.status(q)
        if recording is not None:
            status.update(recording)
            return
        if voice.transcribing:
            state = "transcribing your recording… · " + state
        spoken = n * 60 // WORDS_PER_MINUTE
        status.update(
            Text.assemble(
                f"{q} · ",
                render.gauge(secs, TARGET_SECONDS, f"{secs // 60}:{secs % 60:02d}"),
                f" · {n} words ",
                render.gauge(spoken, TARGET_SECONDS, f"~{spoken}s spoken"),
                f" · hints left {self.session.hints_left} · {state}",
            )
        )

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._started is None and event.text_area.text.strip():
            self._started = time.monotonic()
        self.voice.box_changed(event.text_area.text)
        self.refresh_status()

    def watch_model_state(self) -> None:
        self.refresh_status()

    # -- model ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="model")
    def load_model(self) -> None:
        error = ""
        try:
            scorer = self._scorer_factory()
            scorer.load()
        except Exception as exc:  # shown to the user; the chat keeps working without scores
            # The first line is the whole reason (what was tried and the fix); the cap only
            # guards the status line against a library's essay.
            error = str(exc).splitlines()[0][:600] if str(exc).strip() else type(exc).__name__
            self.model_error = error  # read by a scoring worker waiting for the model
        else:
            self.scorer = scorer
        finally:
            self._model_ready.set()
        self.post_message(self.ModelLoaded(error))

    def wait_for_model(self) -> Scorer | None:
        """The scorer once loaded (call from a worker), or None: `model_error` says why."""
        self._model_ready.wait()
        return self.scorer

    def on_coach_app_model_loaded(self, message: ModelLoaded) -> None:
        self.model_state = "failed" if message.error else "ready"

    # -- actions --------------------------------------------------------------------------
    def action_submit(self) -> None:
        when_typed(self, self._submit)

    def _submit(self) -> None:
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
        held = self.voice.hold_submit()
        if held:
            self.notify(held)
            return
        if self.model_state == "failed":
            self.notify(f"Cannot score: {self.model_error}", severity="error", timeout=8)
            return
        self.say(Text(answer), "user")
        seconds = 0.0 if self._started is None else time.monotonic() - self._started
        started_at = _wall_clock() - timedelta(seconds=seconds)
        box.clear()
        self._started = None
        waiting = "" if self.model_state == "ready" else " (waiting for the model to load)"
        pending = self.say(f"Scoring your answer…{waiting}", "note")
        self.scoring = True
        spoken = self.voice.take_spoken(answer)
        submission = Submission(
            q,
            answer,
            self.session.hints_shown,
            self.session.revealed,
            seconds,
            started_at,
            delivery=spoken.transcript.delivery if spoken else None,
            audio=self.voice.wav(spoken),
        )
        self.score_answer(submission, pending)

    @work(thread=True, group="score")
    def score_answer(self, submission: Submission, pending: Turn) -> None:
        self._model_ready.wait()
        if self.scorer is None:
            self.post_message(
                self.Scored(submission, pending, error=f"Cannot score: {self.model_error}")
            )
            return
        q, answer = submission.question, submission.answer
        target = self.profile.target_level
        try:
            result = self.scorer.score(q, self.catalog.rubrics[q.id], answer)
            feedback = level_feedback(answer, target, reaches=result.reaches) if target else None
            result.level = asdict(feedback) if feedback else None
        except Exception as exc:  # a scoring bug must not take the typed answer with it
            self.post_message(self.Scored(submission, pending, error=f"Scoring failed: {exc}"))
            return
        # Saved before the reply is shown: once the user can read the verdict, it is on disk,
        # unless another program holds the database: then the reply comes after a short wait
        # and the recorder's thread retries while the status line says so.
        since = self.recorder.since_last(result)  # before this answer becomes the last
        saved = self.recorder.save(submission.scored(result))
        self.post_message(self.Scored(submission, pending, result, saved=saved, since=since))

    async def on_coach_app_scored(self, message: Scored) -> None:
        self.scoring = False
        await message.pending.remove()  # gone before the reply is laid out: scrolling lands right
        sub, result, saved = message.submission, message.result, message.saved
        if result is None:
            self.say(message.error, "note")
            self.query_one("#answer", TextArea).load_text(sub.answer)
            return
        self.session.record(sub.answer, result, sub.seconds, sub.hints_used, sub.revealed)
        delivery: list[str] | None = None
        if sub.delivery is not None:
            from interview_coach.speech.delivery import describe

            delivery = list(describe(sub.delivery))
        compact = render.compact_reply(result)
        compact.append_text(render.since_last_text(message.since))
        compact.append(
            f"\n{DETAILS_KEY} details · ctrl+r retry · ctrl+n next · ctrl+o model answer",
            style="dim",
        )
        self.say(Reply(compact, render.reply_details(result, delivery)), "verdict")
        self.refresh_bindings()  # f7 shows in the footer once there is a reply
        self.report_unsaved(saved)
        self.refresh_status()

    def report_unsaved(self, saved: SaveReport) -> None:
        """A note when scored answers are kept unsaved. Not while a locked database is being
        retried (the status line says so), and once only for a read-only one."""
        if saved.ok or saved.retrying:
            return
        if self.recorder.state == "readonly":
            self.tell_read_only()
            return
        self.say(
            f"{saved.unsaved} scored answer(s) not saved yet: {saved.error}."
            " They are kept and saved with your next answer.",
            "note",
        )

    def tell_read_only(self) -> None:
        if self._told_read_only:
            return
        self._told_read_only = True
        self.say(
            f"Not saving: {self.recorder.read_only or self.db_path} is read-only. Answers are"
            " scored but kept only until you quit; --db or INTERVIEW_COACH_DB can name a file"
            " that can be written.",
            "note",
        )

    def _post_retried(self, saved: SaveReport) -> None:
        # Called on the recorder's thread; the app may be gone by then.
        with contextlib.suppress(RuntimeError):
            self.post_message(self.Retried(saved))

    def on_coach_app_retried(self, message: Retried) -> None:
        self.report_unsaved(message.saved)
        self.refresh_status()

    # -- transcripts ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="store")
    def open_store(self, replacement: Path | None = None) -> None:
        """Open the database (or a replacement the user chose) and save what was scored
        while it could not be."""
        from interview_coach.transcripts.store import StoreError

        try:
            saved = self.recorder.open(replacement)
        except StoreError as exc:
            self.post_message(self.StoreFailed(exc))
            return
        self.post_message(self.StoreOpened(saved))

    def on_coach_app_store_opened(self, message: StoreOpened) -> None:
        if message.saved.saved and message.saved.ok:
            self.notify(f"Saved your answers to {self.db_path}")
        if self.recorder.state == "readonly":
            self.tell_read_only()
        self.refresh_status()

    def on_coach_app_store_failed(self, message: StoreFailed) -> None:
        self.refresh_status()
        exc = message.error
        fresh = exc.fresh_path()

        def chosen(choice: str | None) -> None:
            if choice == "new":
                self.open_store(fresh)
                return
            self.recorder.decline()  # scoring goes on; answers stay in this session only
            self.refresh_status()
            self.notify("Answers in this session will not be saved.", severity="warning")

        self.push_screen(StoreProblemScreen(str(exc), str(fresh)), chosen)

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
        self.session.revealed = True  # a later answer to it is graded as seen, not recalled
        self.say(render.model_answer_text(q, self.catalog.rubrics.get(q.id)), "coach")

    def action_retry(self) -> None:
        if self.session.current is None or self.voice.interrupt("ctrl+r", "tries again"):
            return
        self.voice.cancel()  # a transcription still coming back belongs to the last try
        self.query_one("#answer", TextArea).clear()
        self.ask("Let's try that one again.")

    def action_next(self) -> None:
        if self.session.current is None or self.voice.interrupt("ctrl+n", "moves on"):
            return
        self.voice.cancel()  # a transcription still coming back belongs to this question
        skipped = not self.session.attempted_current()
        self.session.advance()
        self.query_one("#answer", TextArea).clear()
        self.ask("Skipped. Next one." if skipped else "Next question.")

    def action_details(self) -> None:
        self.chat.toggle_details()

    def action_help(self) -> None:
        """The keys of the screen on top (read now, while its actions are enabled); the note
        about typing and scrolling only on the chat."""
        note = self.HELP_NOTE if len(self.screen_stack) == 1 else ""
        self.push_screen(HelpScreen(key_help(self.screen), note))

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
            label = "a new set"
            if selection.count and len(questions) < selection.count:
                n = len(questions)
                label += (
                    f" (you asked for {selection.count}; only {n}"
                    f" {'matches' if n == 1 else 'match'} {_describe(selection, count=False)})"
                )
            # A new set is a new session in the transcripts.
            self.start_set([q.id for q in questions], label, _describe(selection))

        self.push_screen(PracticeScreen(), chosen)

    def action_review(self) -> None:
        if self.store is None:
            self.notify("Transcripts are not being saved in this session.", severity="warning")
            return
        from interview_coach.tui.screens.review import (
            ReviewScreen,  # its widgets load only when it is opened
        )

        def chosen(question_ids: list[str] | None) -> None:
            if question_ids:
                self.start_set(question_ids, "due questions")

        self.push_screen(ReviewScreen(self.store, self.catalog), chosen)

    def action_rubrics(self) -> None:
        from interview_coach.tui.screens.rubrics import RubricBrowser

        def chosen(qid: str | None) -> None:
            if qid:
                self.start_set([qid], "a question from the rubric browser")

        self.push_screen(RubricBrowser(self.catalog), chosen)

    def action_reload(self) -> None:
        self.notify("Reloading questions and rubrics from disk…")
        self.reload_content()

    @work(thread=True, exclusive=True, group="reload")
    def reload_content(self) -> None:
        from interview_coach.coaching.reload import diff, reprepare

        # Bad files are reported in the new catalog; anything raised here is a bug, and an
        # uncaught error in a worker would end the app: the old bank keeps working instead.
        try:
            new = Catalog.load(extra=self.content_dirs)
            change = diff(self.catalog, new)
            if self.scorer is not None:
                reprepare(self.scorer, new, change)
        except Exception as exc:
            self.post_message(self.ReloadFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Reloaded(new, change))

    def on_coach_app_reload_failed(self, message: ReloadFailed) -> None:
        self.notify(f"Reload failed: {message.error}", severity="error", timeout=8)

    def on_coach_app_reloaded(self, message: Reloaded) -> None:
        new, change = message.catalog, message.change
        self.catalog = new
        # The set keeps its order; questions now gone are dropped, edited ones replaced.
        s = self.session
        current = s.current
        kept = [new.questions[q.id] for q in s.questions if q.id in new.rubrics]
        s.questions = kept
        self.say(change.summary(), "note")
        if current is not None:
            ids = [q.id for q in kept]
            s.index = ids.index(current.id) if current.id in ids else min(s.index, len(kept))
            if s.current != current:  # edited or removed on disk: show what is asked now
                self.ask("The question on screen changed on disk.")
        self.refresh_status()

    def action_practise_due(self) -> None:
        from interview_coach.transcripts import schedule

        if self.store is None:
            self.notify("No transcripts to schedule from in this session.", severity="warning")
            return
        items = schedule.queue(schedule.reviews_from_history(self.store.history()))
        due = [i.question_id for i in schedule.due_now(items)]
        if not due:
            nxt = f" The next is due {items[0].when(_wall_clock())}." if items else ""
            self.notify(f"Nothing is due.{nxt}")
            return
        self.start_set(due, "due questions")

    def start_set(self, question_ids: list[str], label: str, saved_as: str = "") -> None:
        """Practise these questions, announced as `label`: a new session in the transcripts,
        named `saved_as` (or `label`)."""
        questions = [
            self.catalog.questions[i]
            for i in question_ids
            if i in self.catalog.questions and i in self.catalog.rubrics
        ]
        if not questions:
            self.notify("None of those questions are in the bank any more.", severity="warning")
            return
        self.session = PracticeSession(questions, attempts=self.session.attempts)
        self.recorder.new_session(saved_as or label)
        self.query_one("#answer", TextArea).clear()
        self.ask(f"Practising {label}: {len(questions)} question(s).")

    # -- speaking an answer (f9): tui/voice.py ----------------------------------------------
    def action_record(self) -> None:
        self.voice.toggle()

    def keeps_audio(self) -> bool:
        if self._keep_audio is None:
            from interview_coach.common.config import load_speech_settings

            self._keep_audio = load_speech_settings().keep_audio
        return self._keep_audio

    # -- mock interview (tui/screens/interview.py) ----------------------------------------
    def action_mock_interview(self) -> None:
        from interview_coach.coaching.interview import InterviewOptions

        self.start_interview(InterviewOptions())

    def start_interview(self, options: InterviewOptions) -> None:
        from interview_coach.tui.screens.interview import InterviewScreen

        def done(_: None) -> None:
            # Practice answers from now on go into a practice session, not the round's.
            self.recorder.new_session(self._practice_label)
            self.say("Back to practice. The mock interview is saved (f4 reviews it).", "note")
            self.query_one("#answer", TextArea).focus()
            self.refresh_status()

        self.push_screen(InterviewScreen(options), done)

    async def action_quit(self) -> None:
        from interview_coach.tui.screens.interview import InterviewScreen

        if isinstance(self.screen, InterviewScreen) and self.screen.in_progress:
            self.screen.confirm_quit()  # asks first; the answers given are saved already
            return
        # The words are not lost: they go into the answer box, and quitting then asks.
        if self.voice.interrupt("ctrl+q", "quits"):
            return
        if self.recorder.unsaved:
            self.retry_before_quit()  # one more try, off the UI thread; then ask or quit
            return
        self.quit_or_ask(unsaved=0)

    @work(thread=True, exclusive=True, group="quit")
    def retry_before_quit(self) -> None:
        self.post_message(self.RetriedBeforeQuit(self.recorder.flush()))

    def on_coach_app_retried_before_quit(self, message: RetriedBeforeQuit) -> None:
        self.quit_or_ask(message.saved.unsaved)

    def quit_or_ask(self, unsaved: int) -> None:
        """Quit, or ask first when that would lose a typed answer or unsaved scored ones."""
        worries = []
        if self.query_one("#answer", TextArea).text.strip():
            worries.append("discard the answer you have typed")
        if self.voice.transcribing:
            worries.append("discard the recording being transcribed")
        if unsaved:
            worries.append(f"lose {unsaved} scored answer(s) that could not be saved")
        if not worries:
            self.exit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(f"Quit and {' and '.join(worries)}?"), done)

    def on_unmount(self) -> None:
        self.recorder.close()  # the microphone is let go by VoiceInput's own unmount

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from interview_coach.tui.screens.interview import InterviewScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, InterviewScreen):  # no hints, answers or other sets mid-round
            yield SystemCommand("Submit answer", "Give your answer", screen.action_submit)
            yield SystemCommand(
                "Record",
                "Speak your answer; again to stop: the words go into the answer box (f9)",
                screen.action_record,
            )
            yield SystemCommand(HELP_COMMAND, HELP_HELP, self.action_help)
            return
        yield SystemCommand(
            "Mock interview",
            "Questions, a follow-up each, a clock, no hints, then a debrief (f8)",
            self.action_mock_interview,
        )
        yield SystemCommand("Submit answer", "Score what you have typed", self.action_submit)
        yield SystemCommand(
            "Record",
            "Speak your answer; again to stop: the words go into the answer box (f9)",
            self.action_record,
        )
        yield SystemCommand("Hint", "Show the next hint for this question", self.action_hint)
        yield SystemCommand(
            "Model answer", "Show a strong answer and the rubric", self.action_model_answer
        )
        yield SystemCommand("Retry question", "Answer the same question again", self.action_retry)
        yield SystemCommand("Next question", "Skip or move on", self.action_next)
        yield SystemCommand(HELP_COMMAND, HELP_HELP, self.action_help)
        yield SystemCommand(
            "Level settings", "Set your current and target level", self.action_settings
        )
        yield SystemCommand(
            "Review transcripts",
            "Past sessions, progress over time and what is due (f4)",
            self.action_review,
        )
        yield SystemCommand(
            "Reload questions and rubrics",
            "Pick up edited YAML files without restarting (f5)",
            self.action_reload,
        )
        yield SystemCommand(
            "Browse questions and rubrics",
            "Key points, exemplars, hints, where each came from, and file problems (f6)",
            self.action_rubrics,
        )
        yield SystemCommand(
            "Practise due questions",
            "A session of the questions your spaced-repetition queue says are due",
            self.action_practise_due,
        )
        yield SystemCommand(
            "Choose what to practise",
            "All, a category, a level or a search; how many; random or in order",
            self.action_choose,
        )


def _default_scorer() -> Scorer:
    from interview_coach.common.config import load_settings
    from interview_coach.scoring.engine import make_scorer

    return make_scorer(load_settings())


def _wall_clock() -> datetime:
    return datetime.now(UTC)


def _describe(selection: Selection | None, count: bool = True) -> str:
    if selection is None:
        return "practice"
    parts = [
        f"{k}={v}"
        for k, v in (
            ("category", selection.category),
            ("level", selection.level),
            ("search", selection.search),
            ("count", selection.count if count else None),
        )
        if v
    ]
    return ", ".join(parts) or "practice"

"""The mock interview in the chat: the interviewer introduces the round, asks, follows up once
after each answer, keeps a clock per answer and ends with the debrief.

The round is `coaching.interview.InterviewRound`; scoring (its `answer` and
`follow_up_answer`) and the debrief (`finish`, which saves) run in workers that report back
with the typed messages nested here. The layout reuses the chat's ids (#log, #answer,
#status), so app.tcss styles it; the app queries only its own screen, so they never clash."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markdown import Markdown
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static, TextArea

from interview_coach.common.textfmt import plural
from interview_coach.scoring.text import words
from interview_coach.tui import render
from interview_coach.tui.chat import ChatHost, ChatLog, ChatScreen, Turn, chat_layout, when_typed
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.voice import RECORD_BINDING, VoiceInput

if TYPE_CHECKING:
    from interview_coach.coaching.interview import (
        Debrief,
        FollowUp,
        InterviewOptions,
        InterviewRound,
    )

NO_HELP = "No hints or model answers during the interview: answer as you would in the room."


def clock_text(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


class InterviewScreen(ChatScreen):
    """One round, from the intro to the debrief; dismissed (ctrl+n) back to practice."""

    @dataclass
    class Started(Message):
        round: InterviewRound | None
        error: str = ""

    @dataclass
    class Answered(Message):
        """An answer (phase "answer") or a follow-up reply was scored, or could not be."""

        phase: str
        text: str
        pending: Turn
        follow_up: FollowUp | None = None
        error: str = ""

    @dataclass
    class Finished(Message):
        debrief: Debrief | None
        error: str = ""

    BINDINGS = [
        Binding(
            "ctrl+s", "submit", "Submit", priority=True, tooltip="Give your answer and move on"
        ),
        Binding("ctrl+t", "no_help", "Hint", show=False, priority=True, tooltip=NO_HELP),
        Binding("ctrl+o", "no_help", "Answer", show=False, priority=True, tooltip=NO_HELP),
        RECORD_BINDING,
        Binding(
            "ctrl+n",
            "leave",
            "Practice",
            priority=True,
            tooltip="Back to practice, once the debrief is shown",
        ),
    ]

    def __init__(self, options: InterviewOptions, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.options = options
        self.clock = clock  # injectable: tests move time on without waiting
        self.round: InterviewRound | None = None
        self.debrief: Debrief | None = None
        self.failed = False
        self.busy = False  # an answer is being scored, or the debrief written
        self.quitting = False  # the user chose to quit: end the round once nothing is scoring
        self._asked_at: float | None = None  # when the question or follow-up on screen was put
        # The clock ran out while the answer was being recorded: it is given once its words
        # are in the box.
        self._give_when_transcribed = False

    @property
    def coach(self) -> ChatHost:
        # Textual types `app` as any App; this screen is only pushed by the chat (a ChatHost).
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield from chat_layout(
            "Answer as you would out loud (f9 records). Enter = new line, ctrl+s = submit.", self
        )

    @property
    def voice(self) -> VoiceInput:
        return self.query_one(VoiceInput)

    def on_mount(self) -> None:
        if self.coach.model_state == "loading":
            self.say("The interviewer is getting ready (the model is loading)…", "note")
        self.query_one("#answer", TextArea).focus()
        self.set_interval(1.0, self.tick)
        self.begin()
        self.refresh_status()

    @property
    def in_progress(self) -> bool:
        """A round is under way: quitting would end it early."""
        return self.round is not None and self.debrief is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        over = self.debrief is not None or self.failed
        if action == "leave":
            return over
        return not (over and action in ("submit", "record"))

    # -- the log --------------------------------------------------------------------------
    def say(self, content: Text | str, role: str) -> Turn:
        turn = Turn(content, role)
        log = self.query_one("#log", ChatLog)
        log.mount(turn)
        self.call_after_refresh(log.scroll_end, animate=False)
        return turn

    def elapsed(self) -> float:
        return 0.0 if self._asked_at is None else self.clock() - self._asked_at

    def refresh_status(self) -> None:
        rnd = self.round
        if rnd is None:
            text = Text("mock interview · " + ("cannot start" if self.failed else "getting ready…"))
        elif self.debrief is not None or rnd.phase in ("over", "done"):
            text = Text(
                "mock interview · debrief" + (" · ctrl+n practice" if self.debrief else "…")
            )
        else:
            secs = self.elapsed()
            phase = rnd.phase
            recording = self.voice.status(f"Q {rnd.position} · {clock_text(secs)}")
            if recording is not None:
                self.query_one("#status", Static).update(recording)
                return
            label = f"Q {rnd.position}" + (
                " follow-up" if phase in ("follow_up", "judging") else ""
            )
            target = rnd.target_seconds
            mark = f"target {clock_text(target)}" + (" passed" if secs >= target else "")
            n = len(words(self.query_one("#answer", TextArea).text))
            text = Text.assemble(
                f"{label} · ",
                render.gauge(secs, target, clock_text(secs)),
                f" / {clock_text(rnd.limit_seconds)} · {mark} · {plural(n, 'word')}",
            )
            if phase in ("scoring", "judging"):
                text.append(" · listening…")
            elif self.voice.transcribing:
                text.append(" · transcribing your recording…")
        saving = self.coach.recorder.status
        if saving:
            text.append(f" · {saving}")
        self.query_one("#status", Static).update(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()  # the practice chat's own clock must not start from this box
        self.voice.box_changed(event.text_area.text)
        self.refresh_status()

    def tick(self) -> None:
        """Each second: the clock, and at the limit the interviewer moves on with what was
        typed."""
        rnd = self.round
        if (
            rnd is not None
            and not self.busy
            and not self._give_when_transcribed
            and self._asked_at is not None
            and rnd.phase in ("answer", "follow_up")
            and self.elapsed() >= rnd.limit_seconds
        ):
            self.give(timed_out=True)
        self.refresh_status()

    # -- the round ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="interview")
    def begin(self) -> None:
        from interview_coach.coaching.interview import start_round

        app = self.coach
        scorer = app.wait_for_model()
        if scorer is None:
            self.post_message(self.Started(None, f"Cannot start: {app.model_error}"))
            return
        try:
            rnd = start_round(
                app.catalog, scorer, self.options, profile=app.profile, recorder=app.recorder
            )
        except Exception as exc:  # an unknown id, or no question left by the filters
            self.post_message(self.Started(None, f"Cannot start the mock interview: {exc}"))
            return
        self.post_message(self.Started(rnd))

    def on_interview_screen_started(self, message: Started) -> None:
        if message.round is None:
            self.failed = True
            self.say(message.error + "  ctrl+n returns to practice.", "note")
            self.refresh_bindings()
            self.refresh_status()
            return
        self.round = message.round
        self.say(self.round.intro, "coach")
        self.ask()

    def ask(self, prefix: str = "") -> None:
        rnd = self.round
        assert rnd is not None
        q = rnd.current
        if q is None:
            self.end()
            return
        text = render.question_text(q, rnd.position, self.coach.catalog.origin(q.id))
        self.ask_question(self.say, text, prefix)
        self._asked_at = self.clock()
        self.refresh_status()

    def action_submit(self) -> None:
        when_typed(self, lambda: self.give(timed_out=False))

    def action_record(self) -> None:
        self.voice.toggle()

    def on_voice_input_done(self, message: VoiceInput.Done) -> None:
        message.stop()
        if self._give_when_transcribed:
            self._give_when_transcribed = False
            self.give(timed_out=True)

    def give(self, timed_out: bool) -> None:
        """Hand what is in the box to the round: an answer or a follow-up reply. At the limit
        (`timed_out`) an empty box is given too: recorded as no answer."""
        rnd = self.round
        if rnd is None:
            self.notify("The interviewer is not ready yet.")
            return
        if self.busy:
            self.notify("The interviewer is still listening to your last answer…")
            return
        phase = rnd.phase
        if phase not in ("answer", "follow_up"):
            self.notify("The round is over: ctrl+n returns to practice.")
            return
        voice = self.voice
        if timed_out and voice.busy:
            # Time's up mid-recording: the recording stops, and its words are given with
            # whatever was typed once they are transcribed.
            voice.stop()
            self._give_when_transcribed = True
            self.refresh_status()
            return
        held = voice.hold_submit()
        if held and not timed_out:
            self.notify(held)
            return
        box = self.query_one("#answer", TextArea)
        text = box.text
        if not text.strip() and not timed_out:
            self.notify("Type an answer first.", severity="warning")
            return
        if timed_out:
            self.say(f"Time's up ({clock_text(rnd.limit_seconds)}). Let's move on.", "note")
        if text.strip():
            self.say(Text(text), "user")
        seconds = min(self.elapsed(), rnd.limit_seconds) if timed_out else self.elapsed()
        spoken = voice.take_spoken(text)
        delivery = spoken.transcript.delivery.to_dict() if spoken else None
        audio = voice.wav(spoken) if phase == "answer" else None  # a reply keeps no audio
        box.clear()
        self._asked_at = None
        self.busy = True
        pending = self.say("…", "note")
        self.score(phase, text, seconds, timed_out, pending, delivery, audio)
        self.refresh_status()

    @work(thread=True, group="interview-score")
    def score(
        self,
        phase: str,
        text: str,
        seconds: float,
        timed_out: bool,
        pending: Turn,
        delivery: dict | None = None,
        audio: bytes | None = None,
    ) -> None:
        rnd = self.round
        assert rnd is not None
        try:
            if phase == "answer":
                f = rnd.answer(text, seconds, timed_out=timed_out, delivery=delivery, audio=audio)
            else:
                f = rnd.follow_up_answer(text, seconds, timed_out=timed_out, delivery=delivery)
        except Exception as exc:  # the round stays where it was: the answer can be given again
            self.post_message(self.Answered(phase, text, pending, error=f"Scoring failed: {exc}"))
            return
        self.post_message(self.Answered(phase, text, pending, f))

    async def on_interview_screen_answered(self, message: Answered) -> None:
        self.busy = False
        await message.pending.remove()
        rnd = self.round
        assert rnd is not None
        if message.error:
            self.say(message.error, "note")
            self.query_one("#answer", TextArea).load_text(message.text)
            self._asked_at = self.clock()
            return
        if self.quitting:
            self.end()
            return
        f = message.follow_up
        if message.phase == "answer" and f is not None and f.asked:
            self.say(Text("Follow-up: ", style="bold") + Text(f.question), "coach")
            self._asked_at = self.clock()
            self.refresh_status()
            return
        if rnd.current is None:
            self.say("Thank you, that's all my questions. Writing up the debrief…", "coach")
            self.end()
            return
        self.ask("Thank you. Next question.")

    def end(self) -> None:
        """Write the debrief of what was answered (all of it, or up to a quit)."""
        self.busy = True
        self._asked_at = None
        self.finish()
        self.refresh_status()

    @work(thread=True, exclusive=True, group="interview")
    def finish(self) -> None:
        rnd = self.round
        assert rnd is not None
        try:
            debrief = rnd.finish()
        except Exception as exc:  # the answers are saved already; only the packet is missing
            self.post_message(self.Finished(None, f"Could not write the debrief: {exc}"))
            return
        self.post_message(self.Finished(debrief))

    def on_interview_screen_finished(self, message: Finished) -> None:
        self.busy = False
        if self.quitting:
            self.app.exit()
            return
        if message.debrief is None:
            self.failed = True
            self.say(message.error + "  ctrl+n returns to practice.", "note")
        else:
            self.debrief = message.debrief
            log = self.query_one("#log", ChatLog)
            # Nothing more to type: the debrief gets the room, and the keys scroll it.
            self.query_one("#answer", TextArea).display = False
            log.focus()
            packet = Static(Markdown(message.debrief.to_markdown()), classes="turn debrief")
            log.mount(packet)
            self.say(
                "The round is saved with your transcripts (f4 in practice reviews it)."
                " ctrl+n returns to practice; arrows and page keys scroll the debrief.",
                "note",
            )
            self.call_after_refresh(log.scroll_to_widget, packet, top=True, animate=False)
        self.refresh_bindings()
        self.refresh_status()

    # -- keys -----------------------------------------------------------------------------
    def action_no_help(self) -> None:
        self.notify(NO_HELP)

    def action_leave(self) -> None:
        self.dismiss(None)

    def confirm_quit(self) -> None:
        """Quitting mid-round asks first; yes ends the round with a debrief of what was
        answered (every answer is saved as it is scored) and quits."""
        rnd = self.round
        assert rnd is not None
        given = len(rnd.turns)
        kept = (
            f"the {plural(given, 'answer')} you gave {'is' if given == 1 else 'are'} saved"
            if given
            else "nothing has been answered yet"
        )

        def chosen(yes: bool | None) -> None:
            if not yes:
                return
            self.quitting = True
            if not rnd.turns:
                self.app.exit()
            elif not self.busy:  # else once the answer being scored is saved
                self.end()

        self.app.push_screen(
            ConfirmScreen(f"Leave the mock interview? {kept.capitalize()}."), chosen
        )

"""What the practice chat and the mock interview share on screen: a turn of the
conversation, and the log, answer box, status line and footer they are laid out in."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static, TextArea

from interview_coach.bank.catalog import Catalog
from interview_coach.coaching.profile import Profile
from interview_coach.coaching.recorder import Recorder
from interview_coach.scoring.scorer import Scorer
from interview_coach.tui import render
from interview_coach.tui.voice import CaptureFactory, TranscriberFactory, VoiceHost, VoiceInput


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


def chat_layout(placeholder: str, host: VoiceHost) -> ComposeResult:
    """The log, the answer box with its recorder (f9, reporting to `host`), the status line
    and the footer."""
    yield VerticalScroll(id="log")
    yield TextArea(id="answer", soft_wrap=True, tab_behavior="focus", placeholder=placeholder)
    yield VoiceInput(host)
    yield Static(id="status", markup=False)
    yield Footer()

"""Driving the chat in tests: a chat on the fast stand-in scorer, its turns and status line,
and typing an answer."""

from __future__ import annotations

import threading

from textual.widgets import TextArea

from interview_coach.scoring.scorer import Scorer
from interview_coach.tui.app import CoachApp
from interview_coach.tui.chat import Reply
from tests.support import BagOfWordsEmbedder, wait_for

__all__ = ["ANSWER", "fake_app", "slow_app", "status", "turns", "type_answer", "wait_for"]

ANSWER = (
    "I asked my manager for specific feedback, we agreed a six-month plan for my two gaps,"
    " and I led the cross-team migration that cut review time by 30%."
)


def fake_app(catalog, factory=None, **kw) -> CoachApp:
    return CoachApp(catalog, factory or (lambda: Scorer(BagOfWordsEmbedder())), **kw)


def turns(app, role=None) -> list[str]:
    """The chat's turns as text, a reply whole (its details too, open or not)."""
    return [
        t.text if isinstance(t, Reply) else str(t.content)
        for t in app.query(".turn")
        if role is None or t.has_class(role)
    ]


def status(app) -> str:
    return str(app.query_one("#status").content)


async def type_answer(pilot, app, text: str) -> None:
    app.query_one("#answer", TextArea).insert(text)
    await pilot.pause()


def slow_app(catalog, **kw) -> tuple[CoachApp, threading.Event]:
    """A chat whose model keeps loading until the returned event is set."""
    release = threading.Event()

    def slow_factory():
        release.wait(10)
        return Scorer(BagOfWordsEmbedder())

    return fake_app(catalog, slow_factory, **kw), release


def on_screen(app) -> str:
    """The text of the screen as drawn now, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

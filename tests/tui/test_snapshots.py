"""Screens as a user sees them, at 80x24 and 120x40. Update deliberately with
`pytest tests/test_snapshots.py --snapshot-update` and review the SVGs in the diff."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from interview_coach.scoring.scorer import Scorer
from interview_coach.tui.app import CoachApp
from tests.support import BagOfWordsEmbedder

SIZES = [(80, 24), (120, 40)]
ANSWER = (
    "I asked my manager for specific feedback, we agreed a six-month plan for my two\n"
    "gaps, and I led the cross-team migration that cut review time by 30%."
)


def app_for(catalog) -> CoachApp:
    return CoachApp(catalog, lambda: Scorer(BagOfWordsEmbedder()))


async def _ready(pilot) -> None:
    app = pilot.app
    app.query_one("#answer", TextArea).cursor_blink = False  # else on/off depends on timing
    for _ in range(200):
        if app.model_state == "ready":
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def _answered(pilot) -> None:
    await _ready(pilot)
    app = pilot.app
    app.query_one("#answer", TextArea).insert(ANSWER)
    await pilot.press("ctrl+s")
    for _ in range(200):
        if app.session.attempts:
            break
        await pilot.pause(0.05)
    app._started = None  # the answer clock would otherwise make the status line vary
    app.refresh_status()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_chat_start(snap_compare, catalog, size):
    assert snap_compare(app_for(catalog), terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_chat_after_a_reply(snap_compare, catalog, size):
    assert snap_compare(app_for(catalog), terminal_size=size, run_before=_answered)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, catalog, size):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_for(catalog), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("key", ["f2", "f3"], ids=["level-settings", "choose-practice"])
def test_setup_screens(snap_compare, catalog, size, key):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press(key)
        await pilot.pause()

    assert snap_compare(app_for(catalog), terminal_size=size, run_before=run_before)

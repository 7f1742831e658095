"""The review screen as a user sees it, at 80x24 and 120x40: the session list and an opened
session. Dates are shown in local time, so the time zone is fixed (UTC+2, no daylight
saving) and every answer has a fixed scored_at. Update deliberately with
`pytest tests/test_review_snapshots.py --snapshot-update` and review the SVGs."""

from __future__ import annotations

import os
import time

import pytest

from interview_coach.scoring.scorer import Scorer
from tests.support import BagOfWordsEmbedder
from tests.tui.test_review_tui import Host, build_store

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def store(tmp_path, catalog):
    old = os.environ.get("TZ")
    os.environ["TZ"] = "XST-2"
    time.tzset()
    s = build_store(tmp_path / "t.sqlite", catalog, Scorer(BagOfWordsEmbedder()))
    yield s
    s.close()
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


async def _loaded(pilot) -> None:
    screen = pilot.app.screen
    for _ in range(200):
        if getattr(screen, "loaded", False):
            break
        await pilot.pause(0.02)
    assert screen.loaded
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sessions_tab(snap_compare, catalog, store, size):
    assert snap_compare(Host(store, catalog), terminal_size=size, run_before=_loaded)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_opened_session(snap_compare, catalog, store, size):
    async def run_before(pilot):
        await _loaded(pilot)
        await pilot.press("down", "enter")  # the session with the "[bold]x[/]" answer
        await pilot.pause()

    assert snap_compare(Host(store, catalog), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_progress_tab(snap_compare, catalog, store, size):
    """The plot of each question's score over dates, then each category's questions with
    their own trends, wrapped to the width."""

    async def run_before(pilot):
        await _loaded(pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(Host(store, catalog), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_answers(snap_compare, catalog, store, size):
    """Every answer to one question, with the key points gained and lost since the one
    before (the third answer is highlighted)."""

    async def run_before(pilot):
        await _loaded(pilot)
        await pilot.press("enter", "c", "down", "down")
        await pilot.pause()

    assert snap_compare(Host(store, catalog), terminal_size=size, run_before=run_before)

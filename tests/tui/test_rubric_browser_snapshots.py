"""The question and rubric browser as a user sees it, at 80x24 and 120x40. Update
deliberately with `pytest tests/test_rubric_browser_snapshots.py --snapshot-update` and
review the SVGs in the diff."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.app import App

from interview_coach.bank.problems import Problem
from interview_coach.tui.screens.rubrics import RubricBrowser

SIZES = [(80, 24), (120, 40)]


class Host(App):
    def __init__(self, catalog):
        super().__init__()
        self.catalog = catalog

    def on_mount(self) -> None:
        self.push_screen(RubricBrowser(self.catalog))


def with_problems(catalog):
    """The built-in bank plus a broken user rubric, at a path that is the same on every
    machine (a real one would be under the test's temporary directory)."""
    bad = Path("~/.config/interview-coach/rubrics/mentoring.yaml")
    return dataclasses.replace(
        catalog,
        problems=[
            Problem(bad, 84, "unknown key 'bandz'", "did you mean 'bands'?"),
            Problem(
                bad,
                1,
                "missing 'bands' mapping",
                "add 'bands:' with strong_hire, lean_hire and no_hire",
            ),
        ],
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browser_start(snap_compare, catalog, size):
    assert snap_compare(Host(catalog), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browser_rubric_of_a_question(snap_compare, catalog, size):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.query_one("#rb-search").value = "mentoring"
        await pilot.pause()
        screen.query_one("#rb-list").focus()
        screen.query_one("#rb-key-points").scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(Host(catalog), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browser_problems(snap_compare, catalog, size):
    async def run_before(pilot):
        await pilot.press("home")
        await pilot.pause()

    assert snap_compare(Host(with_problems(catalog)), terminal_size=size, run_before=run_before)

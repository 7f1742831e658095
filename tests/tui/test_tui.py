"""The practice chat driven by Textual's pilot: typing, submitting, hints, retry/skip,
loading and failure states, markup safety, quitting."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.binding import Binding
from textual.widgets import TextArea

from interview_coach.scoring.text import words
from interview_coach.tui.app import CoachApp
from interview_coach.tui.chat import DETAILS_KEY
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.screens.help import HelpScreen
from tests.support import ROOT
from tests.tui.pilot import ANSWER, fake_app, slow_app, status, turns, type_answer, wait_for


async def test_first_question_submit_and_verdict(catalog):
    app = fake_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.session.current
        assert any(first.text in t for t in turns(app, "coach"))
        await wait_for(pilot, lambda: "model ready" in status(app))
        await type_answer(pilot, app, ANSWER)
        assert f"· {len(words(ANSWER))} words" in status(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        verdict = turns(app, "verdict")[0]
        assert any(label in verdict for label in ("Strong Hire", "Lean Hire", "No Hire"))
        assert "Next step:" in verdict and "Signals" in verdict
        assert turns(app, "user") == [ANSWER]
        assert app.query_one("#answer", TextArea).text == ""
        assert len(app.session.attempts) == 1


async def test_empty_submit_is_refused(catalog):
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not turns(app, "user") and not app.session.attempts


async def test_hints_come_in_order_then_run_out(catalog):
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        q = app.session.current
        for _ in range(len(q.hints) + 1):
            await pilot.press("ctrl+t")
        await pilot.pause()
        shown = [t for t in turns(app, "coach") if t.startswith("Hint ")]
        assert len(shown) == len(q.hints)
        for i, (text, hint) in enumerate(zip(shown, q.hints, strict=True), 1):
            assert text == f"Hint {i}/{len(q.hints)}: {hint}"
        assert shown[-1].split(": ", 1)[1].lower().startswith("full answer")


async def test_retry_and_skip(catalog):
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        first = app.session.current
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.session.current == first
        assert turns(app, "coach")[-2] == "Let's try that one again."
        await pilot.press("ctrl+t")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.current != first and app.session.hints_shown == 0
        assert turns(app, "coach")[-2] == "Skipped. Next one."
        assert app.session.current.text in turns(app, "coach")[-1]
        assert "Q 2/" in status(app)


async def test_markup_in_answer_is_shown_literally(catalog):
    nasty = "I [bold]led[/] the [link=https://x.example]launch[/link] and [/] broke nothing [red"
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "model ready" in status(app))
        await type_answer(pilot, app, nasty)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        assert turns(app, "user") == [nasty]


async def test_submit_while_loading_waits_visibly(catalog):
    app, release = slow_app(catalog)
    async with app.run_test() as pilot:
        assert "model loading" in status(app)
        await type_answer(pilot, app, ANSWER)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("waiting for the model" in t for t in turns(app, "note"))
        await pilot.press("ctrl+t")  # the UI still answers while the model loads
        await pilot.pause()
        assert any(t.startswith("Hint 1/") for t in turns(app, "coach"))
        release.set()
        await wait_for(pilot, lambda: turns(app, "verdict"))
        assert not any("waiting for the model" in t for t in turns(app, "note"))
        assert "model ready" in status(app)


async def test_model_failure_is_shown_and_answer_kept(catalog):
    def broken():
        raise RuntimeError("could not load model 'nope' offline")

    app = fake_app(catalog, broken)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "model failed" in status(app))
        assert "could not load model 'nope'" in status(app)
        await type_answer(pilot, app, ANSWER)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.query_one("#answer", TextArea).text == ANSWER
        assert not app.session.attempts


async def test_a_model_that_cannot_be_found_says_what_was_tried_in_full(catalog):
    """The real loader with a hub name that is nowhere: the chat says so at once (no network),
    and the notice on ctrl+s carries the whole reason, fix included."""
    from interview_coach.common.config import Settings
    from interview_coach.scoring.engine import make_scorer

    app = fake_app(catalog, lambda: make_scorer(Settings("made-up-org/no-such-model", None)))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "model failed" in status(app), timeout=5)
        assert "could not load model 'made-up-org/no-such-model'" in status(app)
        await type_answer(pilot, app, ANSWER)
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(
            m.startswith("Cannot score: could not load model 'made-up-org/no-such-model'")
            and "not in the Hugging Face cache" in m
            and m.endswith("or omit --model for the bundled all-MiniLM-L6-v2.")
            for m in said
        ), said
        assert app.query_one("#answer", TextArea).text == ANSWER


async def test_quit_asks_before_discarding_typed_text(catalog):
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await type_answer(pilot, app, "half an answer")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and app.query_one("#answer", TextArea).text == "half an answer"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_and_palette_actions(catalog):
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in (
            "Submit answer",
            "Hint",
            "Model answer",
            "Retry question",
            "Next question",
            "Keys",
            "Review transcripts",
            "Practise due questions",
        ):
            assert title in titles


async def test_help_is_built_from_the_live_bindings_and_fits_80x24(catalog):
    app = fake_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = {k.keys: k for k in app.screen.keys}
        for binding in CoachApp.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.key == DETAILS_KEY:  # works (and is listed) once there is a reply
                assert binding.key not in shown
                continue
            row = shown[binding.key]
            assert row.description.lower() == binding.description.lower()
            assert row.detail == binding.tooltip
        assert "shift+tab reads the chat" in app.screen.note
        # length advice for both kinds of question, not "60 seconds" for a two-line answer
        assert "60 seconds" in app.screen.note and "practice problem" in app.screen.note
        assert app.screen.query_one("#dialog").max_scroll_y == 0  # all of it on screen
        for key in ("escape", "f1", "q"):  # each closes it
            if not isinstance(app.screen, HelpScreen):
                await pilot.press("f1")
                await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)


async def test_help_on_the_review_screen_lists_its_keys_not_the_chats(catalog):
    from interview_coach.tui.screens.review import ReviewScreen

    app = fake_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.store is not None)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [(k.keys, k.description) for k in app.screen.keys]
        assert rows[:6] == [
            ("esc", "Back"), ("1", "Sessions"), ("2", "Progress"), ("3", "Due"),
            ("p", "Practise due"), ("/", "Filter"),
        ]  # fmt: skip
        assert ("ctrl+q", "Quit") in rows and ("f1", "Help") in rows
        assert not {"Submit", "Hint", "Next"} & {d for _, d in rows}  # off on this screen
        assert not app.screen.note


@pytest.mark.model
async def test_real_model_reply(catalog, real_scorer):
    app = CoachApp(catalog, lambda: real_scorer)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "model ready" in status(app))
        await type_answer(pilot, app, "fine")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        assert turns(app, "verdict")[0].startswith("No Hire")


def test_torch_not_imported_before_first_question():
    # The answer is known the moment the first question is asked: leave at once rather than
    # wait seconds for the background model load to finish on the way out.
    script = """
import os, sys
from interview_coach.tui.app import CoachApp
original = CoachApp.ask
def ask(self, prefix=""):
    original(self, prefix)
    print("torch-at-first-question", "torch" in sys.modules, flush=True)
    os._exit(0)
CoachApp.ask = ask
async def main():
    app = CoachApp()
    async with app.run_test() as pilot:
        await pilot.pause()
import asyncio
asyncio.run(main())
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert "torch-at-first-question False" in out.stdout, out.stderr[-2000:]


async def test_settings_screen_saves_profile_and_reorders(catalog, tmp_path):
    from textual.widgets import Select

    from interview_coach.coaching.profile import Profile, load_profile
    from interview_coach.tui.screens.settings import SettingsScreen

    app = fake_app(catalog, profile=Profile())
    async with app.run_test(size=(80, 24)) as pilot:
        assert any(t.startswith("Tip: press f2") for t in turns(app, "note"))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#current", Select).value = "L5"
        app.screen.query_one("#target", Select).value = "L6"
        await pilot.click("#ok")
        await pilot.pause()
        assert app.profile == Profile("L5", "L6", "ic")
        assert load_profile() == Profile("L5", "L6", "ic")
        nxt = app.session.questions[app.session.index + 1]
        assert nxt.level in ("L5", "L6")


async def test_reply_measures_against_target_level(catalog):
    from interview_coach.coaching.profile import Profile

    app = fake_app(catalog, profile=Profile("L5", "L6", "ic"))
    async with app.run_test() as pilot:
        assert not any(t.startswith("Tip: press f2") for t in turns(app, "note"))
        assert app.session.current.level in ("L5", "L6")
        await wait_for(pilot, lambda: "model ready" in status(app))
        await type_answer(
            pilot,
            app,
            "I fixed the bugs my team was assigned and shipped them quickly every sprint.",
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        verdict = turns(app, "verdict")[0]
        assert "Staff (L6) expects org-level scope" in verdict
        assert app.session.attempts[0].result.level["target"] == "L6"


async def test_choose_what_to_practise(catalog):
    from textual.widgets import Input, Select

    from interview_coach.tui.screens.practice import PracticeScreen

    app = fake_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        app.screen.query_one("#category", Select).value = "tracks"
        app.screen.query_one("#count", Input).value = "2"
        await pilot.click("#ok")
        await pilot.pause()
        assert len(app.session.questions) == 2
        assert {q.category for q in app.session.questions} == {"tracks"}
        assert turns(app, "coach")[-2].startswith("Practising a new set: 2 question(s).")


async def test_escape_cancels_setup_screens(catalog):
    app = fake_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        before = list(app.session.questions)
        for key in ("f2", "f3"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
        assert app.session.questions == before and not app.profile.is_set


async def test_answer_is_scored_against_the_question_it_answered(catalog):
    app, release = slow_app(catalog)
    async with app.run_test() as pilot:
        first = app.session.current
        await type_answer(pilot, app, ANSWER)
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+n")  # move on while the model is still loading
        await pilot.pause()
        release.set()
        await wait_for(pilot, lambda: app.session.attempts)
        assert app.session.attempts[0].question_id == first.id
        assert app.session.current != first

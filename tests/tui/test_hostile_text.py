"""The chat and a hostile terminal, driven by Textual's pilot: escape sequences in a question
file and an answer are shown as marks and never drawn raw (chat, review, rubric browser); a
paste containing ESC arrives whole and in order, and is saved as pasted."""

from __future__ import annotations

import os
import select
import struct
import subprocess
import sys
import time

import pytest
from textual._xterm_parser import XTermParser
from textual.widgets import Static, TextArea

from interview_coach.bank.catalog import Catalog
from interview_coach.transcripts.store import TranscriptStore
from interview_coach.tui.app import CoachApp
from interview_coach.tui.screens.review import ReviewScreen, SessionScreen
from interview_coach.tui.screens.rubrics import RubricBrowser
from tests.support import HOSTILE_ANSWER, ROOT, hostile_content, plain, raw_in, wait_for
from tests.tui.pilot import fake_app, turns, type_answer

MARKED = "␛]0;pwned"  # how the title sequence is shown (Rich drops the BEL from a Text)


def drawn(app: CoachApp) -> str:
    """The screen as it is drawn for the terminal (every widget's lines, after filters)."""
    return app.export_screenshot()


async def test_question_answer_and_reply_are_marked_and_never_drawn_raw(tmp_path):
    cat = Catalog.load(extra=[hostile_content(tmp_path)])
    app = fake_app(cat, db_path=tmp_path / "t.sqlite")
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_set(["hostile"], "a question from a hostile file")
        await pilot.pause()
        assert MARKED in turns(app, "coach")[-1]  # the question line
        await wait_for(pilot, lambda: app.model_state == "ready")
        await type_answer(pilot, app, HOSTILE_ANSWER)  # as if stored raw: typed, not pasted
        assert not raw_in(drawn(app))  # the answer box too
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        assert MARKED in turns(app, "user")[-1]
        assert not raw_in(*turns(app)), turns(app)
        assert not raw_in(drawn(app))

        await pilot.press("f4")  # the review screen: the saved session, opened
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_for(pilot, lambda: screen.loaded)
        assert not raw_in(drawn(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        await pilot.pause()
        detail = app.screen.query_one("#detail-body", Static).content
        assert str(detail).count(MARKED) == 2, str(detail)  # the question and the answer
        assert not raw_in(drawn(app))
        await pilot.press("escape", "escape")

        await pilot.press("f6")  # the rubric browser, on the hostile question
        assert isinstance(app.screen, RubricBrowser)
        await pilot.press("slash", *"hostile")
        await wait_for(pilot, lambda: app.screen.shown == "hostile")
        await pilot.pause()
        shown = "\n".join(plain(s.content, 400) for s in app.screen.query("#rb-question Static"))
        assert "]0;pwned" in shown  # the question is there...
        assert not raw_in(drawn(app))  # ...and drawn without its escape sequences


# -- pasting -------------------------------------------------------------------------------
def terminal_parser(app: CoachApp) -> XTermParser:
    """The input parser the app's real terminal driver builds (the pilot's driver has none)."""
    return sys.modules[app.driver_class.__module__].XTermParser()


async def paste(pilot, app: CoachApp, data: str, chunk: int | None = None) -> None:
    """`data` as the terminal sends it, read `chunk` characters at a time (all at once by
    default), parsed as the app's driver does and posted to the app."""
    parser = terminal_parser(app)
    step = chunk or len(data)
    for i in range(0, len(data), step):
        for event in parser.feed(data[i : i + step]):
            app.post_message(event)
    await pilot.pause()
    await pilot.pause()


def bracketed(text: str) -> str:
    return f"\x1b[200~{text}\x1b[201~"


async def test_a_paste_with_escape_is_stored_whole_and_in_order(catalog, tmp_path):
    db = tmp_path / "t.sqlite"
    app = fake_app(catalog, db_path=db)
    async with app.run_test(size=(100, 40)) as pilot:
        box = app.query_one("#answer", TextArea)
        await wait_for(pilot, lambda: app.model_state == "ready")
        pasted = "I led the migration AAA \x1b[31mBBB and cut review time by 30%."
        await paste(pilot, app, bracketed(pasted))
        expected = "I led the migration AAA ␛[31mBBB and cut review time by 30%."
        assert box.text == expected  # was "^[31mBBB and cut…I led the migration AAA "
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        assert app.session.attempts[-1].answer == expected  # what was scored
    with TranscriptStore.open(db) as store:
        assert [a.answer for a in store.attempts()] == [expected]  # what was saved


async def test_a_paste_read_a_character_at_a_time_is_whole_too(catalog):
    app = fake_app(catalog)
    async with app.run_test(size=(100, 40)) as pilot:
        box = app.query_one("#answer", TextArea)
        text = "one \x1b[1mtwo\x1b]0;t\x07 three\rfour\r\nfive \x1b"
        await paste(pilot, app, "x" + bracketed(text) + "y", chunk=1)
        # Typed keys either side are kept; a pasted CR is a line break; the rest is marked.
        assert box.text == "xone ␛[1mtwo␛]0;t␇ three\nfour\nfive ␛y"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_paste_through_a_real_terminal_arrives_whole(tmp_path):
    """The chat as installed, on a pseudo-terminal with Textual's own driver: the bytes a
    terminal sends for a paste go in, and the answer box is read back from the screen."""
    import fcntl
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "TERM": "xterm-256color",
        "INTERVIEW_COACH_MODEL": str(tmp_path / "no-model"),  # fails fast: not under test
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "interview_coach", "--db", str(tmp_path / "t.sqlite")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    screen = b""

    def read(until: bytes, timeout: float) -> None:
        """Add what the app draws to `screen` until `until` is in it (b"": for `timeout`)."""
        nonlocal screen
        end = time.monotonic() + timeout
        while (not until or until not in screen) and time.monotonic() < end:
            if select.select([master], [], [], 0.1)[0]:
                screen += os.read(master, 65536)
        assert until in screen, screen[-2000:]

    try:
        read(b"Question 1/", 60)  # the first question is on screen
        screen = b""
        os.write(master, bracketed("AAA \x1b[31mBBB").encode())
        read(b"BBB", 20)
        read(b"", 0.3)  # the rest of the redraw
        drawn = screen.decode("utf-8", "replace")
        assert "AAA ␛[31mBBB" in drawn and "^[31m" not in drawn, drawn[-2000:]
    finally:
        proc.kill()
        proc.wait(10)
        os.close(master)

"""What the chat does while its database is locked by another program or cannot be written:
it stays responsive, and its status line says what saving is doing."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest

from interview_coach.transcripts.store import TranscriptStore
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.screens.review import ReviewScreen
from interview_coach.tui.screens.store_problem import StoreProblemScreen
from tests.support import READ_ONLY_WAYS, locked_by_another_process, read_only
from tests.tui.pilot import ANSWER, fake_app, status, turns, type_answer, wait_for

BUSY = "saving… (database busy, retrying)"
# The lock is held until released, or HOLD seconds; the chat's answers must come well within
# it (QUICK, loose for a loaded machine), where before the fix they waited for the lock.
HOLD, QUICK = 10.0, 3.0


async def _ready(pilot, app) -> None:
    await wait_for(pilot, lambda: app.store is not None and "model ready" in status(app))


async def _submit(pilot, app, text: str = ANSWER) -> None:
    await type_answer(pilot, app, text)
    await pilot.press("ctrl+s")


async def _timed_key(pilot, key: str, done) -> float:
    """Seconds from pressing `key` until `done()` holds."""
    start = time.monotonic()
    await pilot.press(key)
    await wait_for(pilot, done, timeout=HOLD)
    return time.monotonic() - start


async def test_a_locked_database_leaves_the_chat_responsive_and_says_so(
    catalog, tmp_path, monkeypatch
):
    db = tmp_path / "t.sqlite"
    app = fake_app(catalog, db_path=db)
    save_threads: list[threading.Thread] = []
    save = TranscriptStore.save_attempt

    def watched_save(*args, **kw):
        save_threads.append(threading.current_thread())
        return save(*args, **kw)

    monkeypatch.setattr(TranscriptStore, "save_attempt", watched_save)
    async with app.run_test() as pilot:
        await _ready(pilot, app)
        with locked_by_another_process(db, seconds=HOLD) as release:
            await _submit(pilot, app)
            # The reply does not wait for the lock, and the status line says why saving does.
            await wait_for(pilot, lambda: turns(app, "verdict"), timeout=QUICK)
            await wait_for(pilot, lambda: BUSY in status(app), timeout=QUICK)
            # The UI thread reads the store (the review screen) without waiting for the lock.
            reviewing = lambda: isinstance(app.screen, ReviewScreen)  # noqa: E731
            assert await _timed_key(pilot, "f4", reviewing) < QUICK
            await pilot.press("escape")
            assert BUSY in status(app)
            release()
            await wait_for(pilot, lambda: status(app).endswith(" · saved"), timeout=HOLD)
        assert not any("not saved yet" in note for note in turns(app, "note"))
        assert len(save_threads) > 1 and threading.main_thread() not in save_threads
    with TranscriptStore.open(db) as store:
        assert [a.answer for a in store.attempts()] == [ANSWER]  # stored exactly once


async def test_quitting_while_the_database_is_locked_asks_at_once(catalog, tmp_path):
    db = tmp_path / "t.sqlite"
    app = fake_app(catalog, db_path=db)
    async with app.run_test() as pilot:
        await _ready(pilot, app)
        with locked_by_another_process(db, seconds=HOLD):
            await _submit(pilot, app)
            await wait_for(pilot, lambda: turns(app, "verdict"), timeout=QUICK)
            asking = lambda: isinstance(app.screen, ConfirmScreen)  # noqa: E731
            assert await _timed_key(pilot, "ctrl+q", asking) < QUICK
            assert "lose 1 scored answer(s)" in app.screen.question
            start = time.monotonic()
            await pilot.press("y")
            await wait_for(pilot, lambda: not app.is_running, timeout=HOLD)
            assert time.monotonic() - start < QUICK  # closing does not wait for the lock either


@pytest.mark.parametrize("how", READ_ONLY_WAYS)
async def test_a_read_only_database_says_not_saving_from_the_start(catalog, tmp_path, how):
    db = tmp_path / "db" / "t.sqlite"
    TranscriptStore.open(db).close()
    with read_only(db, how) as blocked:
        before = hashlib.sha256(db.read_bytes()).hexdigest()
        app = fake_app(catalog, db_path=db)
        async with app.run_test() as pilot:
            said = f"not saving: {blocked} is read-only"
            await wait_for(pilot, lambda: said in status(app))
            assert not app.session.attempts  # before any answer was tried
            assert not isinstance(app.screen, StoreProblemScreen)  # nothing to choose
            assert any("is read-only" in note for note in turns(app, "note"))
            await wait_for(pilot, lambda: "model ready" in status(app))
            notes = len(turns(app, "note"))
            await _submit(pilot, app)
            await wait_for(pilot, lambda: turns(app, "verdict"))
            assert said in status(app) and len(turns(app, "note")) == notes
            assert app.recorder.unsaved == 1  # kept: quitting asks first
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before

"""Saving a practice session's scored answers, without any UI.

`Recorder` owns the transcript database for one run of the chat: it opens it, saves each
scored attempt the moment it is scored, keeps an attempt it could not save (disk full, the
database gone) and retries it with the next one, says how many are unsaved, and, when the
user starts a new database beside one it will not touch, names it in a pointer file so later
launches use it too.

Opening and saving touch the disk, so the chat calls them from worker threads; the state it
reads from the UI thread (`state`, `unsaved`) never waits for a write."""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from interview_coach.common.files import atomic_write
from interview_coach.common.paths import DB_ENV, DB_POINTER, data_dir
from interview_coach.common.paths import db_path as resolve_db_path

if TYPE_CHECKING:  # the store (and sqlite3) load with the first open, after the first question
    from interview_coach.bank.models import Question
    from interview_coach.scoring.result import ScoreResult
    from interview_coach.transcripts.store import SessionRef, TranscriptStore

# opening: not open yet, or being opened; saving: open; failed: the file cannot be used and
# the user has not chosen what to do; off: the user chose to practise without saving.
State = Literal["opening", "saving", "failed", "off"]


@dataclass(frozen=True)
class ScoredAttempt:
    """One scored answer on its way to the database, with what was true when it was
    submitted (hints shown, model answer seen, time taken)."""

    question: Question
    answer: str
    result: ScoreResult
    hints_used: int = 0
    revealed: bool = False
    seconds: float = 0.0
    started_at: datetime | None = None
    scored_at: datetime | None = None  # set when it is handed to the recorder


@dataclass(frozen=True)
class SaveReport:
    """What one save or retry did."""

    saved: int = 0  # attempts written by this call
    unsaved: int = 0  # attempts still kept for the next try
    error: str = ""  # why they are kept; "" when nothing is left unsaved

    @property
    def ok(self) -> bool:
        return not self.unsaved


class Recorder:
    """The chat's transcript database and the attempts not yet in it.

    `path` is the --db flag (None: INTERVIEW_COACH_DB, else the data dir's database, see
    `common.paths.db_path`); `selection` names the first session ("practice", or the filters
    it was started with)."""

    def __init__(self, path: Path | None = None, selection: str = "practice"):
        self._flag = path
        self.path = resolve_db_path(path)
        self.store: TranscriptStore | None = None
        self.state: State = "opening"
        self._ready = threading.Event()  # open, or the user chose not to save
        self._pending: list[tuple[SessionRef, ScoredAttempt]] = []
        self._pending_lock = threading.Lock()  # the list and the session: never held for I/O
        self._write_lock = threading.Lock()  # one writer at a time: held while writing
        self._session: SessionRef | None = None  # created with the session's first attempt
        self._selection = selection

    # -- read from the UI thread: never waits for the disk -------------------------------------
    @property
    def unsaved(self) -> int:
        """Scored attempts not in the database yet."""
        with self._pending_lock:
            return len(self._pending)

    def new_session(self, selection: str) -> None:
        """Attempts from now on go into a new session, labelled `selection`."""
        with self._pending_lock:
            self._session, self._selection = None, selection

    def decline(self) -> None:
        """The user chose to practise without saving: attempts from now on are not kept."""
        self.state = "off"
        self._ready.set()

    # -- called from worker threads ------------------------------------------------------------
    def open(self, replacement: Path | None = None) -> SaveReport:
        """Open the database, or `replacement`, a new file the user chose instead of one that
        could not be used; then save what was scored meanwhile. A replacement beside the
        default database is remembered for later launches (not when --db or
        INTERVIEW_COACH_DB chose the file). Raises StoreError, leaving the state 'failed',
        for a file it will not touch."""
        from interview_coach.transcripts.store import StoreError, TranscriptStore

        target = replacement or self.path
        try:
            store = TranscriptStore.open(target)
        except StoreError:
            self.state = "failed"
            raise
        self.store, self.path, self.state = store, target, "saving"
        if replacement is not None and self.may_remember():
            # Only later launches lose if this fails: they find the old file and ask again.
            with contextlib.suppress(OSError):
                remember_database(replacement)
        self._ready.set()
        return self.flush()

    def save(self, attempt: ScoredAttempt) -> SaveReport:
        """Save a scored attempt, and any kept from before. Waits while the database is being
        opened or the user is choosing what to do about one that cannot be, so an attempt is
        never reported before it had somewhere to go. One that cannot be saved is kept."""
        if attempt.scored_at is None:
            attempt = replace(attempt, scored_at=datetime.now(UTC))
        self._ready.wait()
        if self.state == "off":
            return SaveReport()  # the user chose not to save: nothing to keep
        with self._pending_lock:
            self._pending.append((self._current_session(attempt), attempt))
        return self.flush()

    def flush(self) -> SaveReport:
        """Write every kept attempt, oldest first; stop at the first that fails."""
        saved = 0
        with self._write_lock:
            while True:
                with self._pending_lock:
                    if not self._pending:
                        return SaveReport(saved)
                    session, attempt = self._pending[0]
                store = self.store
                if store is None:
                    why = "not saving" if self.state == "off" else "database unavailable"
                    return SaveReport(saved, self.unsaved, why)
                try:
                    store.save_attempt(
                        session,
                        attempt.question,
                        attempt.answer,
                        attempt.result,
                        hints_used=attempt.hints_used,
                        revealed=attempt.revealed,
                        seconds=attempt.seconds,
                        started_at=attempt.started_at,
                        scored_at=attempt.scored_at,
                    )
                except Exception as exc:  # kept, and retried with the next attempt
                    return SaveReport(saved, self.unsaved, f"could not save ({exc})")
                with self._pending_lock:
                    self._pending.pop(0)
                saved += 1

    def close(self) -> None:
        """Close the database. A save still waiting for one goes on, and keeps its attempt."""
        store, self.store = self.store, None
        if store is not None:
            store.close()
        self._ready.set()

    def may_remember(self) -> bool:
        """A replacement may be remembered only when no flag or environment chose the file."""
        return self._flag is None and not os.environ.get(DB_ENV)

    def _current_session(self, attempt: ScoredAttempt) -> SessionRef:
        """The session an attempt joins (call with the pending lock held)."""
        from interview_coach.transcripts.store import SessionRef

        if self._session is None:
            self._session = SessionRef(attempt.result.model, self._selection)
        return self._session


def remember_database(path: Path) -> bool:
    """Later launches use `path` (see common.paths.db_path): its name is written, owner-only,
    to the pointer file in the data dir. Only a file in the data dir can be named; returns
    whether it was."""
    if path.parent.resolve() != data_dir().resolve():
        return False
    atomic_write(data_dir() / DB_POINTER, path.name)
    return True

"""Saving a practice session's scored answers, without any UI.

`Recorder` owns the transcript database for one run of the chat: it opens it, saves each
scored attempt the moment it is scored, keeps an attempt it could not save (disk full, the
database gone) and retries it with the next one, says how many are unsaved and what saving
is doing (`status`), and, when the user starts a new database beside one it will not touch,
names it in a pointer file so later launches use it too.

Opening and saving touch the disk, so the chat calls them from worker threads; the state it
reads from the UI thread (`state`, `unsaved`, `status`) never waits for a write. While
another program holds the database's write lock, a save waits only briefly, then the attempt
is kept and retried on the recorder's own thread until the lock is free, and the store is
let go between tries, so whatever reads it (the review screen, closing) never waits long.
A database that cannot be written (a read-only file, directory or mount) is found when it
is opened, and nothing is tried until the next run."""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from interview_coach.common.files import atomic_write
from interview_coach.common.paths import DB_ENV, DB_POINTER, data_dir
from interview_coach.common.paths import db_path as resolve_db_path

if TYPE_CHECKING:  # the store (and sqlite3) load with the first open, after the first question
    from interview_coach.bank.models import Question
    from interview_coach.scoring.result import ScoreResult
    from interview_coach.transcripts.progress import PointChanges
    from interview_coach.transcripts.store import SessionRef, TranscriptStore

# opening: not open yet, or being opened; saving: open; failed: the file cannot be used and
# the user has not chosen what to do; off: the user chose to practise without saving;
# readonly: the file, its directory or its mount cannot be written (it may still be read).
State = Literal["opening", "saving", "failed", "off", "readonly"]

# How long one try waits for another program's write lock before the attempt is kept and
# retried on the recorder's thread; a reply waits at most this long for its save.
LOCK_WAIT = 0.25
# Pauses between those retries: short at first (most locks are brief), then every 2 s.
RETRY_PAUSES = (0.1, 0.2, 0.5, 1.0, 2.0)


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
    # A spoken answer: its delivery figures (speech.delivery.Delivery.to_dict()), and its
    # recording as WAV bytes only when the user asked for recordings to be kept.
    delivery: dict | None = None
    audio: bytes | None = field(default=None, repr=False)
    timed_out: bool = False  # a mock interview's clock ran out: this is what was typed by then
    # Names it until it is saved, so a mock interview's follow-up can be saved against it.
    key: str = field(default_factory=lambda: uuid.uuid4().hex, compare=False)


@dataclass(frozen=True)
class _Job:
    """One thing to write, in order: a scored answer, the reply to its follow-up (a mock
    interview's), or a round's debrief. Kept in one queue so each is written after what it
    refers to."""

    session: SessionRef
    attempt: ScoredAttempt | None = None
    follow_up: tuple[ScoredAttempt, dict] | None = None
    debrief: tuple[dict, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class SaveReport:
    """What one save or retry did."""

    saved: int = 0  # attempts written by this call
    unsaved: int = 0  # attempts still kept for the next try
    error: str = ""  # why they are kept; never "" when some are (see `_reason`)
    retrying: bool = False  # the database is locked: the recorder's thread keeps trying

    @property
    def ok(self) -> bool:
        return not self.unsaved


class Recorder:
    """The chat's transcript database and the attempts not yet in it.

    `path` is the --db flag (None: INTERVIEW_COACH_DB, else the data dir's database, see
    `common.paths.db_path`); `selection` names the first session ("practice", or the filters
    it was started with)."""

    def __init__(
        self,
        path: Path | None = None,
        selection: str = "practice",
        on_retried: Callable[[SaveReport], None] | None = None,
    ):
        """`on_retried` is called, on the recorder's thread, with what the retries of a
        locked database came to (everything saved, or why not)."""
        self._flag = path
        self.path = resolve_db_path(path)
        self.store: TranscriptStore | None = None
        self.state: State = "opening"
        self._ready = threading.Event()  # open, or the user chose not to save
        self._pending: list[_Job] = []
        self._rows: dict[str, int] = {}  # ScoredAttempt.key -> its row, once saved
        self._pending_lock = threading.Lock()  # the list, session and status: never held for I/O
        self._write_lock = threading.Lock()  # one writer at a time: held while writing
        self._session: SessionRef | None = None  # created with the session's first attempt
        self._selection = selection
        self._kind = "practice"
        self._on_retried = on_retried
        self._writing = False
        self._error = ""  # why the kept attempts are kept (the last failure)
        self._retrying: threading.Thread | None = None  # retries while the database is locked
        self._closed = threading.Event()
        self._had_trouble = False  # after a failed or delayed save, "saved" is said out loud
        self.read_only: Path | None = None  # the file or directory that cannot be written
        # Per question, the key points (covered, missing) of the last answer handed to `save`
        # in this run, saved or not: what a new answer to it is compared with.
        self._last_points: dict[str, tuple[list[str], list[str]]] = {}

    # -- read from the UI thread: never waits for the disk -------------------------------------
    @property
    def unsaved(self) -> int:
        """Scored attempts (and a mock interview's follow-up replies and debrief) not in
        the database yet."""
        with self._pending_lock:
            return len(self._pending)

    @property
    def status(self) -> str:
        """What saving is doing, in a few words for a status line. Quiet ("") while all is
        well; after a save was delayed or failed, "saved" once everything is written."""
        if self.state == "readonly":
            return f"not saving: {self.read_only or self.path} is read-only"
        if self.state in ("failed", "off"):
            return "NOT SAVING" if self.state == "failed" else "not saving"
        with self._pending_lock:
            if self._retrying is not None:
                return "saving… (database busy, retrying)"
            if self._pending and self._error:
                return f"not saved yet: {self._error}"
            if self._writing:
                return "saving…"
            return "saved" if self._had_trouble else ""

    @property
    def session_id(self) -> int | None:
        """The current session's row, once its first attempt is saved."""
        with self._pending_lock:
            return self._session.id if self._session is not None else None

    def new_session(self, selection: str, kind: str = "practice") -> None:
        """Attempts from now on go into a new session, labelled `selection`, of `kind`
        ("practice", or "interview" for a mock interview)."""
        with self._pending_lock:
            self._session, self._selection, self._kind = None, selection, kind

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
        blocked = unwritable(target)
        try:
            store = TranscriptStore.open(target)
        except StoreError as exc:
            if blocked is None or exc.kind in ("corrupt", "foreign", "newer"):
                self.state = "failed"  # the user chooses: the file itself is the problem
                raise
            # Read-only, and cannot even be read as it is: nothing to ask the user.
            self.path = target
            return self._read_only(blocked)
        self.store, self.path = store, target
        if blocked is None and _refuses_writes(target):
            blocked = target
        if blocked is not None:
            return self._read_only(blocked)  # still open: the review screen can read it
        self.state = "saving"
        if replacement is not None and self.may_remember():
            # Only later launches lose if this fails: they find the old file and ask again.
            with contextlib.suppress(OSError):
                remember_database(replacement)
        self._ready.set()
        return self.flush()

    def since_last(self, result: ScoreResult) -> PointChanges | None:
        """The key points gained and lost since the last answer to the same question (this
        run's, else the database's); None if it was never answered before. Call it before
        `save`, from a worker thread (it may read the database)."""
        from interview_coach.transcripts.progress import point_changes

        before = self._last_points.get(result.question_id)
        store = self.store
        if before is None and store is not None:
            try:
                last = store.last_attempt(result.question_id)
            except Exception:  # a store problem must not hold up the reply: no comparison
                last = None
            if last is not None:
                before = (last.covered, last.missing)
        if before is None:
            return None
        return point_changes(*before, *_point_labels(result))

    def save(self, attempt: ScoredAttempt) -> SaveReport:
        """Save a scored attempt, and any kept from before. Waits while the database is being
        opened or the user is choosing what to do about one that cannot be, so an attempt is
        never reported before it had somewhere to go. One that cannot be saved is kept."""
        if attempt.scored_at is None:
            attempt = replace(attempt, scored_at=datetime.now(UTC))
        self._last_points[attempt.result.question_id] = _point_labels(attempt.result)
        self._ready.wait()
        if self.state == "off":
            return SaveReport()  # the user chose not to save: nothing to keep
        with self._pending_lock:
            self._pending.append(_Job(self._current_session(attempt), attempt=attempt))
        return self.flush()

    def save_follow_up(self, attempt: ScoredAttempt, follow_up: dict) -> SaveReport:
        """Save a mock interview's follow-up (the question asked, the reply and its
        verdict) with `attempt`, the answer it followed, which was handed to `save` before.
        Kept and retried like an attempt."""
        return self._queue(lambda session: _Job(session, follow_up=(attempt, follow_up)))

    def save_debrief(self, debrief: dict, practise: list[str] | tuple[str, ...]) -> SaveReport:
        """Save a mock interview's debrief with its session (the one its answers went
        into), and put the questions in `practise` into the due queue now."""
        return self._queue(lambda session: _Job(session, debrief=(debrief, tuple(practise))))

    def _queue(self, make) -> SaveReport:
        self._ready.wait()
        if self.state == "off":
            return SaveReport()
        with self._pending_lock:
            if self._session is None:
                return SaveReport()  # nothing answered in this session: nothing to attach to
            self._pending.append(make(self._session))
        return self.flush()

    def flush(self) -> SaveReport:
        """Write every kept attempt, oldest first; stop at the first that fails. While
        another program holds the lock, the attempts are kept and retried on the recorder's
        thread (`retrying`), and `on_retried` says how that ended."""
        report = self._write_pending()
        if report.retrying:
            self._keep_trying()
        return report

    def close(self) -> None:
        """Close the database. A save still waiting for one goes on, and keeps its attempt;
        retries of a locked database stop."""
        self._closed.set()
        store, self.store = self.store, None
        if store is not None:
            store.close()  # waits at most LOCK_WAIT for a try under way
        self._ready.set()

    def may_remember(self) -> bool:
        """A replacement may be remembered only when no flag or environment chose the file."""
        return self._flag is None and not os.environ.get(DB_ENV)

    # -- internals -----------------------------------------------------------------------------
    def _write_pending(self) -> SaveReport:
        """One pass over the kept attempts, each waiting at most LOCK_WAIT for the lock."""
        saved = 0
        with self._write_lock:
            while True:
                with self._pending_lock:
                    if not self._pending:
                        self._error, self._writing = "", False
                        return SaveReport(saved)
                    job = self._pending[0]
                    self._writing = True
                store = self.store
                if self.state == "readonly":
                    return self._kept(saved, f"{self.read_only or self.path} is read-only")
                if store is None:
                    why = "not saving" if self.state == "off" else "the database is not open"
                    return self._kept(saved, why)
                try:
                    self._write(store, job)
                except Exception as exc:  # kept, and retried (see `flush`)
                    if _is_read_only(exc):
                        self._read_only(self.path)
                        return self._kept(saved, f"{self.path} is read-only")
                    if _is_busy(exc) and not self._closed.is_set():
                        return self._kept(saved, LOCKED, retrying=True)
                    return self._kept(saved, f"could not save ({_reason(exc)})")
                with self._pending_lock:
                    self._pending.pop(0)
                saved += 1

    def _write(self, store: TranscriptStore, job: _Job) -> None:
        if job.attempt is not None:
            a = job.attempt
            self._rows[a.key] = store.save_attempt(
                job.session,
                a.question,
                a.answer,
                a.result,
                hints_used=a.hints_used,
                revealed=a.revealed,
                seconds=a.seconds,
                started_at=a.started_at,
                scored_at=a.scored_at,
                timed_out=a.timed_out,
                wait=LOCK_WAIT,
                delivery=a.delivery,
                audio=a.audio,
            )
        elif job.follow_up is not None:
            attempt, data = job.follow_up
            row = self._rows.get(attempt.key)
            if row is not None:  # else its answer was never saved (saving was turned off)
                store.save_follow_up(row, data, wait=LOCK_WAIT)
        elif job.debrief is not None and job.session.id is not None:
            debrief, practise = job.debrief
            store.save_debrief(job.session.id, debrief, practise, wait=LOCK_WAIT)

    def _kept(self, saved: int, why: str, retrying: bool = False) -> SaveReport:
        with self._pending_lock:
            self._error, self._writing, self._had_trouble = why, False, True
            return SaveReport(saved, len(self._pending), why, retrying)

    def _keep_trying(self) -> None:
        """Retry on the recorder's thread until the lock is free (one such thread at most)."""
        with self._pending_lock:
            if self._retrying is not None:
                return
            self._retrying = threading.Thread(
                target=self._retry_until_saved, name="recorder-retry", daemon=True
            )
            self._retrying.start()

    def _retry_until_saved(self) -> None:
        saved, tries = 0, 0
        while not self._closed.wait(RETRY_PAUSES[min(tries, len(RETRY_PAUSES) - 1)]):
            tries += 1
            report = self._write_pending()
            saved += report.saved
            with self._pending_lock:
                # A save that found the lock taken after this pass left its attempt to us.
                if report.retrying or (self._pending and self._error == LOCKED):
                    continue
                self._retrying = None
            if self._on_retried is not None and not self._closed.is_set():
                self._on_retried(replace(report, saved=saved))
            return
        with self._pending_lock:
            self._retrying = None

    def _read_only(self, blocked: Path) -> SaveReport:
        """Nothing can be written: say so from now on, keep what was scored (quitting warns
        about it), and stop waiting for a database."""
        self.state, self.read_only = "readonly", blocked
        self._ready.set()
        with self._pending_lock:
            n = len(self._pending)
        return SaveReport(0, n, f"{blocked} is read-only" if n else "")

    def _current_session(self, attempt: ScoredAttempt) -> SessionRef:
        """The session an attempt joins (call with the pending lock held)."""
        from interview_coach.transcripts.store import SessionRef

        if self._session is None:
            self._session = SessionRef(attempt.result.model, self._selection, kind=self._kind)
        return self._session


LOCKED = "the database is locked by another program"


def _reason(exc: BaseException) -> str:
    """Why a save failed, in words; never empty, whatever the exception carries."""
    return str(exc).strip() or type(exc).__name__


def _sqlite_name(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _is_busy(exc: BaseException) -> bool:
    name = _sqlite_name(exc)
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc)


def _is_read_only(exc: BaseException) -> bool:
    return _sqlite_name(exc).startswith("SQLITE_READONLY") or "readonly database" in str(exc)


def unwritable(path: Path) -> Path | None:
    """The file, or the directory it would be made in, that this user cannot write (a
    read-only mount counts, even for root); None when both can be. SQLite writes its -wal
    and -shm files beside the database, so the directory must be writable too."""
    if path.exists() and not os.access(path, os.W_OK):
        return path
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # it would be created inside the nearest that exists
    if os.access(folder, os.W_OK):
        return None
    # Where both already exist and can be written, SQLite needs nothing new in the directory.
    beside = [path.with_name(path.name + end) for end in ("-wal", "-shm")]
    return None if all(os.access(p, os.W_OK) for p in beside) else folder


def _refuses_writes(path: Path) -> bool:
    """Whether SQLite itself will only read this database (a file format it may not write,
    or permissions this user's access check did not see). Asks for the write lock without
    waiting, and lets it go: a lock held by someone else is not a refusal."""
    import sqlite3  # loaded already: the store just opened

    try:
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False  # the store opened it: a failure here says nothing about writing
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        return _is_read_only(exc)
    finally:
        conn.close()
    return False


def remember_database(path: Path) -> bool:
    """Later launches use `path` (see common.paths.db_path): its name is written, owner-only,
    to the pointer file in the data dir. Only a file in the data dir can be named; returns
    whether it was."""
    if path.parent.resolve() != data_dir().resolve():
        return False
    atomic_write(data_dir() / DB_POINTER, path.name)
    return True


def _point_labels(result: ScoreResult) -> tuple[list[str], list[str]]:
    return [h.label for h in result.covered], [h.label for h in result.missing]

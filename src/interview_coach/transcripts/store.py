"""The transcript database: every scored attempt, saved the moment it is scored.

One SQLite file in WAL mode. Each attempt is one `BEGIN IMMEDIATE` transaction with
synchronous=FULL, so once `save_attempt` returns the attempt survives the process being
killed, and two app instances writing at once queue for the lock instead of failing. A file
that is not ours (corrupt, another program's, or from a newer version) is reported and never
written to: it is looked at through a read-only connection that cannot merge its -wal or
delete its -wal and -shm. A new file appears whole: it is built under a temporary name and
linked into place, so a full disk or a crash never leaves an empty database behind. A file
that cannot be written (read-only file, folder or mount) is opened read-only: it can be
reviewed and exported, and saving says why it cannot."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import stat
import threading
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from interview_coach.bank.models import BAND_LABELS, Question
from interview_coach.common import files
from interview_coach.scoring.result import ScoreResult, confidence_cell, confidence_words
from interview_coach.transcripts.migrations import APPLICATION_ID, LATEST, MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000


class StoreError(Exception):
    """The database cannot be used. `kind` is corrupt, foreign, newer, busy, io or readonly (a
    write to a database opened read-only); the message says what is wrong and what to do,
    and the file has not been touched."""

    def __init__(self, path: Path, kind: str, detail: str):
        self.path, self.kind, self.detail = path, kind, detail
        advice = {
            "corrupt": "It has been left as it is. Start a new database beside it, or restore"
            " a backup.",
            "foreign": "It was not made by Interview Coach, so it has been left alone. Point"
            " --db or INTERVIEW_COACH_DB at another file, or start a new database beside it.",
            "newer": "It was written by a newer version of Interview Coach: upgrade to open"
            " it. It has been left as it is.",
            "io": "Check the path and its permissions.",
            "busy": "Another program kept it locked; close other copies of Interview Coach"
            " and try again. It has been left as it is.",
            "readonly": "It can be reviewed and exported, but nothing is saved to it: make it"
            " and its folder writable, or use --db to choose another file.",
        }[kind]
        super().__init__(f"{path}: {detail}. {advice}")

    def fresh_path(self) -> Path:
        return fresh_path(self.path)


def fresh_path(path: Path) -> Path:
    """A new file name beside `path` that does not exist yet."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    n = 0
    while True:
        suffix = f"-{n}" if n else ""
        candidate = path.with_name(f"{path.stem}.new-{stamp}{suffix}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass
class StoredAttempt:
    id: int
    session_id: int
    question_id: str
    question: str
    category: str
    level: str
    answer: str
    band: str
    confidence: float
    covered: list[str]
    missing: list[str]
    red_flags: list[str]
    signals: dict
    result_json: str = field(repr=False)
    hints_used: int
    revealed: bool
    model: str
    seconds: float
    started_at: str
    scored_at: str
    timed_out: bool = False  # a mock interview's clock ran out
    # A mock interview's follow-up: the question asked, the reply and its verdict.
    follow_up: dict | None = None
    # The band probabilities of the stored reply, read by SQLite's json_extract so that
    # progress over thousands of attempts need not parse every reply.
    scores: dict[str, float] | None = field(default=None, repr=False)
    # A spoken answer's delivery figures (speech.delivery.Delivery.to_dict()); None if typed.
    delivery: dict | None = field(default=None, repr=False)
    # The kept recording's file name in the store's `audio_dir`; None unless kept.
    audio: str | None = None

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, self.band)

    @property
    def confidence_words(self) -> str:
        return confidence_words(self.band, self.confidence, self.scores)

    @property
    def confidence_cell(self) -> str:
        return confidence_cell(self.band, self.confidence, self.scores)

    @cached_property
    def result(self) -> ScoreResult:
        """The coach's reply as it was when the answer was scored (parsed once, on use)."""
        return ScoreResult.from_dict(json.loads(self.result_json))

    def to_dict(self, full: bool = True) -> dict:
        hidden = ("result_json", "result", "scores")
        d = {k: v for k, v in self.__dict__.items() if k not in hidden}
        d["band_label"] = self.band_label
        if full:
            d["result"] = json.loads(self.result_json)
        return d


@dataclass
class SessionSummary:
    id: int
    started_at: str
    ended_at: str
    model: str
    selection: str
    bands: list[str]  # in the order answered
    questions: int  # distinct questions answered
    kind: str = "practice"  # or "interview": a mock interview
    has_debrief: bool = False  # an interview that was finished: its debrief is stored

    @property
    def attempts(self) -> int:
        return len(self.bands)


@dataclass
class SessionRef:
    """The app's handle on its session: the row is created with its first attempt, so an
    app opened and closed without answering leaves no empty session behind."""

    model: str
    selection: str = ""
    id: int | None = None
    kind: str = "practice"  # or "interview"


_ATTEMPT_COLS = (
    "id, session_id, question_id, question, category, level, answer, band, confidence,"
    " covered, missing, red_flags, signals, result, hints_used, revealed, model, seconds,"
    " started_at, scored_at, timed_out, follow_up, json_extract(result, '$.scores') AS scores,"
    " delivery, audio"
)


def _attempt(row: sqlite3.Row) -> StoredAttempt:
    return StoredAttempt(
        id=row["id"],
        session_id=row["session_id"],
        question_id=row["question_id"],
        question=row["question"],
        category=row["category"],
        level=row["level"],
        answer=row["answer"],
        band=row["band"],
        confidence=row["confidence"],
        covered=json.loads(row["covered"]),
        missing=json.loads(row["missing"]),
        red_flags=json.loads(row["red_flags"]),
        signals=json.loads(row["signals"]),
        result_json=row["result"],
        hints_used=row["hints_used"],
        revealed=bool(row["revealed"]),
        model=row["model"],
        seconds=row["seconds"],
        started_at=row["started_at"],
        scored_at=row["scored_at"],
        timed_out=bool(row["timed_out"]),
        follow_up=_json_object(row["follow_up"]),
        scores=_json_object(row["scores"]),
        delivery=_json_object(row["delivery"]),
        audio=row["audio"],
    )


def _json_object(text: str | None) -> dict | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class HistoryRow(NamedTuple):
    """One attempt as the due queue sees it, or (`requested`) a request to make its
    question due now, at `scored_at` (a mock interview's "practise next")."""

    question_id: str
    band: str
    confidence: float
    hints_used: int
    revealed: bool
    scored_at: str
    requested: bool = False


class TranscriptStore:
    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: str = ""):
        self.path = path
        self._conn = conn
        self._lock = threading.Lock()  # one connection, used by the UI and worker threads
        self._read_only = read_only  # why it is, or ""

    @property
    def read_only(self) -> bool:
        """True when the file cannot be written (a read-only file, folder or mount): reading
        works, and saving or deleting raises StoreError(kind='readonly') saying why."""
        return bool(self._read_only)

    @property
    def read_only_reason(self) -> str:
        """Why the database is read-only ("" when it is not), e.g. 'its folder is not
        writable'."""
        return self._read_only

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> TranscriptStore:
        """Open (or create) the database at `path`. Raises StoreError, with the file left
        exactly as it was, for one that is not ours to write. One that cannot be written
        opens read-only (see `read_only`)."""
        path = Path(path)
        files.clean_stale_temps(path.parent)  # a creation killed half-way
        if not path.exists():
            _create(path)
        _check_header(path)
        why_read_only = _read_only_reason(path)
        # Looked at read-only first: a file refused here is closed without a write, where a
        # read-write connection's close would merge its -wal and delete its -wal and -shm.
        probe = _connect_read_only(path)
        try:
            _identify(path, probe, check=True)
        except sqlite3.DatabaseError as exc:
            probe.close()
            raise _classify(path, exc) from exc
        except BaseException:
            probe.close()
            raise
        probe.close()
        if why_read_only:
            try:
                return cls(path, _readable(_connect_read_only(path)), why_read_only)
            except sqlite3.DatabaseError as exc:
                raise _classify(path, exc) from exc
        _make_private(path)
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )  # fmt: skip
        except sqlite3.Error as exc:
            raise StoreError(path, "io", f"cannot open the database ({exc})") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _identify(path, conn)  # again, cheaply: it may have changed since the look
            _set_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            _migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _classify(path, exc) from exc
        except BaseException:
            conn.close()
            raise
        return cls(path, conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> TranscriptStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._query("PRAGMA user_version")[0]["user_version"]

    # -- writing --------------------------------------------------------------------------
    def save_attempt(
        self,
        session: SessionRef,
        question: Question,
        answer: str,
        result: ScoreResult,
        *,
        hints_used: int = 0,
        revealed: bool = False,
        seconds: float = 0.0,
        started_at: datetime | None = None,
        scored_at: datetime | None = None,
        timed_out: bool = False,
        wait: float | None = None,
        delivery: dict | None = None,
        audio: bytes | None = None,
    ) -> int:
        """Save one scored attempt (and its session, the first time) in one transaction.
        Returns the attempt id; `session.id` is set. `wait`: at most this many seconds for
        another writer's lock (default: BUSY_TIMEOUT_MS), so a caller that retries by itself
        does not hold this store, and every reader of it, for the whole timeout.
        `delivery`: a spoken answer's delivery figures. `audio`: its recording (a WAV file's
        bytes), kept only when the user asked: written owner-only into `audio_dir` inside
        the same transaction, so the attempt and its file are saved together or not at all."""
        scored = _iso(scored_at or now())
        started = _iso(started_at) if started_at else scored
        d = result.to_dict()
        row = (
            question.id, question.text, question.category, question.level, answer,
            result.band, result.confidence,
            json.dumps([h.label for h in result.covered]),
            json.dumps([h.label for h in result.missing]),
            json.dumps([h.label for h in result.red_flags]),
            json.dumps(result.signals, default=str), json.dumps(d, default=str),
            hints_used, int(revealed), result.model, seconds, started, scored, int(timed_out),
        )  # fmt: skip
        self._check_writable()
        with self._lock, self._transaction(wait) as c:
            if (
                session.id is None
                or not c.execute("SELECT 1 FROM sessions WHERE id = ?", (session.id,)).fetchone()
            ):
                session.id = c.execute(
                    "INSERT INTO sessions (started_at, ended_at, model, selection, kind)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (started, scored, session.model, session.selection, session.kind),
                ).lastrowid
            else:
                c.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (scored, session.id))
            attempt_id = c.execute(
                "INSERT INTO attempts (session_id, question_id, question, category, level,"
                " answer, band, confidence, covered, missing, red_flags, signals, result,"
                " hints_used, revealed, model, seconds, started_at, scored_at, timed_out,"
                " delivery)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session.id, *row, json.dumps(delivery) if delivery is not None else None),
            ).lastrowid
            if audio is not None:
                name = f"s{session.id}-a{attempt_id}.wav"
                written = _write_audio(self.audio_dir, name, audio)
                try:
                    c.execute("UPDATE attempts SET audio = ? WHERE id = ?", (name, attempt_id))
                except BaseException:
                    written.unlink(missing_ok=True)
                    raise
            return attempt_id

    @property
    def audio_dir(self) -> Path:
        """Where kept recordings go: a folder beside the database (owner-only), named after
        it, so a second database never shares or deletes another's recordings."""
        return self.path.with_name(f"{self.path.stem}-audio")

    def audio_path(self, attempt: StoredAttempt) -> Path | None:
        """The attempt's kept recording, if it has one and it is still there."""
        if not attempt.audio:
            return None
        path = self.audio_dir / Path(attempt.audio).name
        return path if path.is_file() else None

    def save_follow_up(
        self, attempt_id: int, follow_up: dict, *, wait: float | None = None
    ) -> None:
        """Record a mock interview's follow-up (the question asked, the reply, its verdict)
        with the answer it followed, in one transaction."""
        text = json.dumps(follow_up, default=str)
        self._check_writable()
        with self._lock, self._transaction(wait) as c:
            found = c.execute(
                "UPDATE attempts SET follow_up = ? WHERE id = ?", (text, attempt_id)
            ).rowcount
            if not found:
                raise StoreError(self.path, "io", f"attempt {attempt_id} is not in the database")
            c.execute(
                "UPDATE sessions SET ended_at = ? WHERE id ="
                " (SELECT session_id FROM attempts WHERE id = ?)",
                (_iso(now()), attempt_id),
            )

    def save_debrief(
        self,
        session_id: int,
        debrief: dict,
        practise: Iterable[str] = (),
        *,
        wait: float | None = None,
    ) -> None:
        """Store a mock interview's debrief with its session and put each question in
        `practise` in the due queue now, in one transaction."""
        text = json.dumps(debrief, default=str)
        at = _iso(now())
        self._check_writable()
        with self._lock, self._transaction(wait) as c:
            found = c.execute(
                "UPDATE sessions SET debrief = ?, kind = 'interview', ended_at = ? WHERE id = ?",
                (text, at, session_id),
            ).rowcount
            if not found:
                raise StoreError(self.path, "io", f"session {session_id} is not in the database")
            c.execute("DELETE FROM due_requests WHERE session_id = ?", (session_id,))
            c.executemany(
                "INSERT INTO due_requests (session_id, question_id, requested_at) VALUES (?, ?, ?)",
                [(session_id, qid, at) for qid in dict.fromkeys(practise)],
            )

    def debrief(self, session_id: int) -> dict | None:
        """A mock interview's stored debrief (`coaching.interview.Debrief.to_dict()`), or
        None for a practice session or a round that was never finished."""
        rows = self._query("SELECT debrief FROM sessions WHERE id = ?", (session_id,))
        return _json_object(rows[0]["debrief"]) if rows else None

    def delete_session(self, session_id: int) -> int:
        """Delete a session and its attempts; returns how many attempts went with it."""
        self._check_writable()
        with self._lock, self._transaction() as c:
            kept = [
                r[0]
                for r in c.execute(
                    "SELECT audio FROM attempts WHERE session_id = ? AND audio IS NOT NULL",
                    (session_id,),
                )
            ]
            n = c.execute("DELETE FROM attempts WHERE session_id = ?", (session_id,)).rowcount
            c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        # The recordings go once the rows are gone. A file a failure here leaves belongs to no
        # attempt; an attempt that later gets the same ids replaces it.
        for name in kept:
            with contextlib.suppress(OSError):
                (self.audio_dir / Path(name).name).unlink(missing_ok=True)
        return n

    # -- reading --------------------------------------------------------------------------
    def sessions(
        self,
        question: str | None = None,
        category: str | None = None,
        band: str | None = None,
        session_id: int | None = None,
        kind: str | None = None,
    ) -> list[SessionSummary]:
        """Newest first. Filters keep the sessions with at least one matching attempt, and
        `kind` those of that kind ("practice" or "interview")."""
        where, args = _filters(question=question, category=category, band=band)
        clauses = [f"s.id IN (SELECT session_id FROM attempts a WHERE {where})"] if where else []
        if kind is not None:
            clauses.append("s.kind = ?")
            args.append(kind)
        if session_id is not None:
            clauses.append("s.id = ?")
            args.append(session_id)
        cond = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._query(
            "SELECT s.id, s.started_at, s.ended_at, s.model, s.selection, s.kind,"
            " s.debrief IS NOT NULL AS has_debrief FROM sessions s"
            f" {cond} ORDER BY s.started_at DESC, s.id DESC",
            args,
        )
        # Bands in answer order, grouped here: group_concat's order is not guaranteed.
        bands: dict[int, list[str]] = {}
        questions: dict[int, set[str]] = {}
        band_sql = "SELECT session_id, band, question_id FROM attempts"
        band_args: list = []
        if session_id is not None:
            band_sql += " WHERE session_id = ?"
            band_args.append(session_id)
        for r in self._query(band_sql + " ORDER BY session_id, id", band_args):
            bands.setdefault(r["session_id"], []).append(r["band"])
            questions.setdefault(r["session_id"], set()).add(r["question_id"])
        return [
            SessionSummary(
                id=r["id"],
                started_at=r["started_at"],
                ended_at=r["ended_at"],
                model=r["model"],
                selection=r["selection"],
                bands=bands.get(r["id"], []),
                questions=len(questions.get(r["id"], ())),
                kind=r["kind"],
                has_debrief=bool(r["has_debrief"]),
            )
            for r in rows
        ]

    def session(self, session_id: int) -> SessionSummary | None:
        found = self.sessions(session_id=session_id)
        return found[0] if found else None

    def attempts(
        self,
        session_id: int | None = None,
        question_id: str | None = None,
        question: str | None = None,
        category: str | None = None,
        band: str | None = None,
    ) -> list[StoredAttempt]:
        """Oldest first."""
        where, args = _filters(
            session_id=session_id, question_id=question_id, question=question,
            category=category, band=band,
        )  # fmt: skip
        sql = f"SELECT {_ATTEMPT_COLS} FROM attempts a"
        if where:
            sql += f" WHERE {where}"
        return [_attempt(r) for r in self._query(sql + " ORDER BY scored_at, id", args)]

    def last_attempt(self, question_id: str) -> StoredAttempt | None:
        """The most recent answer to one question, or None if it was never answered."""
        rows = self._query(
            f"SELECT {_ATTEMPT_COLS} FROM attempts a WHERE question_id = ?"
            " ORDER BY scored_at DESC, id DESC LIMIT 1",
            (question_id,),
        )
        return _attempt(rows[0]) if rows else None

    def iter_attempts(self, batch: int = 500) -> Iterator[StoredAttempt]:
        """Every attempt, oldest first, a batch at a time (export of a large database)."""
        last = 0
        while True:
            rows = self._query(
                f"SELECT {_ATTEMPT_COLS} FROM attempts WHERE id > ? ORDER BY id LIMIT ?",
                (last, batch),
            )
            if not rows:
                return
            yield from map(_attempt, rows)
            last = rows[-1]["id"]

    def history(self) -> list[HistoryRow]:
        """Every attempt as the due queue needs it, and every request to make a question
        due now, oldest first."""
        return [
            HistoryRow(
                r["question_id"],
                r["band"],
                r["confidence"],
                r["hints_used"],
                bool(r["revealed"]),
                r["scored_at"],
                bool(r["requested"]),
            )
            for r in self._query(
                "SELECT question_id, band, confidence, hints_used, revealed, scored_at,"
                " 0 AS requested, id FROM attempts"
                " UNION ALL SELECT question_id, '', 0, 0, 0, requested_at, 1, id"
                " FROM due_requests ORDER BY scored_at, requested, id"
            )
        ]

    def count(self) -> int:
        return self._query("SELECT count(*) AS n FROM attempts")[0]["n"]

    # -- internals ------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self._read_only:
            why = f"the database is read-only ({self._read_only})"
            raise StoreError(self.path, "readonly", why)

    def _query(self, sql: str, args: tuple | list = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._conn.execute(sql, args)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    def _transaction(self, wait: float | None = None):
        return _Transaction(self._conn, wait)


class _Transaction:
    def __init__(self, conn: sqlite3.Connection, wait: float | None = None):
        self.conn, self.wait = conn, wait

    def __enter__(self) -> sqlite3.Connection:
        # IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout)
        # at BEGIN instead of failing with "database is locked" halfway through.
        if self.wait is None:
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.wait * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _filters(**f) -> tuple[str, list]:
    clauses, args = [], []
    if f.get("session_id") is not None:
        clauses.append("a.session_id = ?")
        args.append(f["session_id"])
    if f.get("question_id") is not None:
        clauses.append("a.question_id = ?")
        args.append(f["question_id"])
    if f.get("question"):
        clauses.append("(a.question_id LIKE ? ESCAPE '\\' OR a.question LIKE ? ESCAPE '\\')")
        text = f["question"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args += [f"%{text}%"] * 2
    if f.get("category"):
        clauses.append("a.category = ?")
        args.append(f["category"])
    if f.get("band"):
        clauses.append("a.band = ?")
        args.append(f["band"])
    return " AND ".join(clauses), args


def _write_audio(folder: Path, name: str, data: bytes) -> Path:
    """`data` as `folder/name`, whole or not at all, owner-only, in an owner-only folder."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        if stat.S_IMODE(folder.stat().st_mode) & 0o077:
            os.chmod(folder, 0o700)
    target = folder / name
    files.atomic_write_bytes(target, data)
    return target


def _create(path: Path) -> None:
    """Create an empty database of ours at `path`, whole or not at all: it is built and
    migrated under a temporary name (owner-only) beside it, then hard-linked into place, so a
    full disk or a crash leaves no empty or half-made file where the database belongs. Losing
    the race to another copy of the app creating it at the same time is fine: theirs is used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = files.create_temp(path)
    except OSError as exc:
        raise StoreError(path, "io", f"cannot create the database ({exc.strerror})") from exc
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            _migrate(conn)
            # Everything into the main file, so the link below carries all of it.
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                raise sqlite3.OperationalError("the new database could not be checkpointed")
        finally:
            conn.close()
        _link_into_place(tmp, path)
    except sqlite3.DatabaseError as exc:
        raise _classify(path, exc, "cannot create the database") from exc
    except OSError as exc:
        raise StoreError(path, "io", f"cannot create the database ({exc.strerror})") from exc
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _link_into_place(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        return  # another copy of the app made it first
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        # A file system without hard links: a rename, which could replace a file that
        # appeared in the last moment, so only when there is still none.
        if not path.exists():
            os.rename(tmp, path)
        return
    with contextlib.suppress(OSError):  # the new name survives a power cut
        dirfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dirfd)
        finally:
            os.close(dirfd)


def _make_private(path: Path) -> None:
    """A file that becomes (or is) our database is owner-read/write only, and so are its
    -wal and -shm (SQLite gives new ones the database's mode). Done before the read-write
    connection writes anything. A file owned by someone else is left as it is."""
    real = _real(path)
    for p in (real, Path(f"{real}-wal"), Path(f"{real}-shm")):
        with contextlib.suppress(OSError):
            st = p.stat()
            if stat.S_ISREG(st.st_mode) and st.st_mode & 0o077:
                os.chmod(p, stat.S_IMODE(st.st_mode) & 0o700 | 0o600)


def _read_only_reason(path: Path) -> str:
    """Why the database must be opened read-only, or "". A file or folder with no write bit
    counts even for root: somebody made it read-only on purpose."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "it is on a read-only file system"
        st = path.stat()
        folder = _real(path).parent
        dst = folder.stat()
    except OSError:
        return ""  # opening reports it
    if not files.writable(path, st):
        return "the file is not writable"
    # SQLite writes its -wal and -shm beside the database.
    if not files.writable(folder, dst):
        return "its folder is not writable"
    return ""


def _real(path: Path) -> Path:
    # SQLite follows a link to the database and keeps its -wal and -shm beside the real file.
    return Path(os.path.realpath(path))


def _uri(path: Path, params: str) -> str:
    return f"file:{urllib.parse.quote(str(path.absolute()))}?{params}"


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that changes nothing on disk. With a -shm there, `mode=ro` with a
    read-only -shm, which writes nothing, not even the WAL index or its read marks (it
    would create an empty -wal where there is no -shm). Without one, or when it cannot be
    used (a read-only folder), `immutable=1` reads the database file alone when no -wal holds
    anything it would miss; otherwise plain `mode=ro` reads the -wal through a new -shm,
    still never changing the database or its -wal."""
    real = _real(path)
    wal = Path(f"{real}-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    attempts = ["mode=ro" if has_wal else "mode=ro&immutable=1"]
    if Path(f"{real}-shm").exists():
        attempts.insert(0, "mode=ro&readonly_shm=1")
    for n, params in enumerate(attempts):
        conn = sqlite3.connect(
            _uri(path, params), uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None, check_same_thread=False,
        )  # fmt: skip
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            conn.close()
            # CANTOPEN: no -shm to read; READONLY_*: none can be made in a read-only folder.
            primary = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            last = n == len(attempts) - 1
            if primary not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY) or last:
                raise _classify(path, exc) from exc
    raise AssertionError("unreachable")


def _readable(conn: sqlite3.Connection) -> sqlite3.Connection:
    """A read-only database's connection, at the latest schema: an older file is copied
    into memory and migrated there, so it can be read without being changed."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == LATEST:
        return conn
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        conn.backup(memory)
        _migrate(memory)
    except BaseException:
        memory.close()
        raise
    finally:
        conn.close()
    return memory


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(path, "io", f"cannot read the database ({exc.strerror})") from exc
    if head and head != SQLITE_HEADER:
        raise StoreError(path, "corrupt", "this file is not a SQLite database")


def _identify(path: Path, conn: sqlite3.Connection, check: bool = False) -> None:
    """Raise StoreError unless the file is ours (or empty) and at a schema this version
    reads; with `check`, also unless its pages pass SQLite's quick check."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and (tables or version)):
        what = f"tables {', '.join(tables[:5])}" if tables else f"application id {app_id}"
        raise StoreError(path, "foreign", f"this is another program's database ({what})")
    if version > LATEST:
        detail = f"schema version {version}; this version reads up to {LATEST}"
        raise StoreError(path, "newer", detail)
    if tables and check:
        found = conn.execute("PRAGMA quick_check(3)").fetchall()
        if found != [("ok",)]:
            raise StoreError(path, "corrupt", f"integrity check failed: {found[0][0]}")


def _classify(
    path: Path, exc: sqlite3.DatabaseError, doing: str = "cannot use the database"
) -> StoreError:
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(exc):
        return StoreError(path, "busy", f"the database stayed locked ({exc})")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or type(exc) is sqlite3.DatabaseError:
        return StoreError(path, "corrupt", f"the database is damaged ({exc})")
    return StoreError(path, "io", f"{doing} ({exc})")


def _set_wal(conn: sqlite3.Connection) -> None:
    # Switching a new file to WAL needs an exclusive lock, and SQLite answers BUSY at once
    # rather than calling the busy handler when another process is creating the same file.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(conn: sqlite3.Connection) -> None:
    # Two processes may open a new file at once: the version is re-read under the write lock
    # so only one of them applies each step.
    if conn.execute("PRAGMA user_version").fetchone()[0] == LATEST:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, LATEST):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {LATEST}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT the open transaction; split so a step is all-or-nothing.
    return [s.strip() for s in script.split(";") if s.strip()]

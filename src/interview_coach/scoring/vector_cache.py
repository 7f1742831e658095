"""On-disk cache of rubric text vectors, so a second start re-embeds nothing that has not
changed. Answers are never cached.

The cache only ever saves time: every row carries a checksum and is served only if it is
exactly what the same model (name, weights and dimension) wrote for the same text. A bad row
is recomputed and written again; a file that is not a vector cache at all is moved aside
and a new one started, with one warning. So no verdict depends on the state of the file."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from interview_coach.scoring.embedding import Embedder, Tokens, can_tokenize

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x49435643  # "ICVC"
VERSION = 2  # 1 had no checksum and no application id
DTYPE = np.dtype("<f4")
# Token states (scoring.alignment) are kept at half precision: a rubric's exemplars hold tens
# of thousands of word pieces, and cosines between unit vectors lose nothing that matters.
TOKEN_IDS = np.dtype("<u4")
TOKEN_STATES = np.dtype("<f2")
TOKENS_SUFFIX = "|tokens"
DAMAGED_SUFFIX = ".damaged"
# SQLite's primary result codes for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB).
_DAMAGE_CODES = (11, 26)

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,   -- CachedEmbedder.model_key: name, weights and dimension
    key BLOB NOT NULL,     -- text_key(text)
    dim INTEGER NOT NULL,
    vec BLOB NOT NULL,     -- dim little-endian float32
    digest BLOB NOT NULL,  -- row_digest(model, key, dim, vec)
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
"""


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


def row_digest(model: str, key: bytes, dim: int, vec: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in (model.encode("utf-8"), key, str(dim).encode("ascii"), vec):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class _Damaged(Exception):
    """The file is not a usable vector cache; the message says why."""


class _Newer(Exception):
    """A cache written by a newer version: left alone, and not used."""


class VectorCache:
    """SQLite-backed; a broken cache file only costs speed, never a crash or a changed
    verdict. Owner-only, like the transcript database: the texts it hashes are the user's."""

    def __init__(self, path: Path | None):
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.repaired = 0  # rows that failed verification and were recomputed
        self._warned_rows = False
        if path is not None:
            self._conn = self._open(path)

    @property
    def usable(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- opening ----------------------------------------------------------------------
    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            _private_dir(path.parent)
            return _connect(path)
        except _Damaged as bad:
            return self._start_over(path, str(bad))
        except (sqlite3.Error, OSError, _Newer) as exc:
            _warn(f"vector cache {path} unusable ({exc}); continuing without it")
            return None

    def _start_over(self, path: Path, reason: str) -> sqlite3.Connection | None:
        """Move the bad file (and its -wal/-shm, which must never be applied to a new file)
        aside, replacing an older damaged copy, and start an empty cache."""
        aside = path.with_name(path.name + DAMAGED_SUFFIX)
        try:
            os.replace(path, aside)
            for suffix in ("-wal", "-shm", "-journal"):
                src, dst = Path(f"{path}{suffix}"), Path(f"{aside}{suffix}")
                if src.exists() or src.is_symlink():
                    os.replace(src, dst)
                else:
                    dst.unlink(missing_ok=True)  # an older damaged copy's, now unrelated
            conn = _connect(path)
        except (_Damaged, _Newer, sqlite3.Error, OSError) as exc:
            _warn(f"vector cache {path} is damaged ({reason}) and could not be replaced ({exc});"
                  " continuing without it")  # fmt: skip
            return None
        _warn(f"vector cache {path} was damaged ({reason}); moved it to {aside.name} and"
              " started a new one (rubric texts are embedded again)")  # fmt: skip
        return conn

    def _broke(self, exc: sqlite3.Error, doing: str) -> None:
        """A read or write failed. Damage found now (a page no check at open could see) gets
        the same treatment as damage found at open; anything else (a lock held too long)
        only skips the cache this once. Called with the lock held."""
        if _is_damage(exc) and self._conn is not None and self.path is not None:
            self._conn.close()
            self._conn = self._start_over(self.path, str(exc))
        else:
            _warn(f"vector cache {doing} failed ({exc})")

    # -- rows ---------------------------------------------------------------------------
    def get_many(self, model: str, dim: int, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The verified vectors of those texts that are cached for `model` with `dim`."""
        found: dict[str, np.ndarray] = {}
        rows = self._select(model, texts)
        for text, (row_dim, blob, digest) in rows.items():
            vec = _verified(model, dim, text_key(text), row_dim, blob, digest)
            if vec is not None:
                found[text] = vec
        self._count_bad(len(rows) - len(found))
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        if self._conn is None or not items:
            return
        rows = []
        for text, v in items.items():
            vec = np.ascontiguousarray(v, dtype=DTYPE)
            if vec.ndim != 1 or not np.isfinite(vec).all():
                continue  # would fail verification anyway
            key, blob = text_key(text), vec.tobytes()
            dim = int(vec.shape[0])
            rows.append((model, key, dim, blob, row_digest(model, key, dim, blob)))
        self._write(rows)

    def get_tokens(self, model: str, dim: int, texts: Sequence[str]) -> dict[str, Tokens]:
        """The verified token states of those texts cached for `model` with width `dim`: rows
        of the same table, under the model key with TOKENS_SUFFIX, whose `dim` column holds
        the number of tokens."""
        rows = self._select(model + TOKENS_SUFFIX, texts)
        found: dict[str, Tokens] = {}
        for text, (n, blob, digest) in rows.items():
            tokens = _verified_tokens(model + TOKENS_SUFFIX, dim, text_key(text), n, blob, digest)
            if tokens is not None:
                found[text] = tokens
        self._count_bad(len(rows) - len(found))
        return found

    def put_tokens(self, model: str, items: dict[str, Tokens]) -> None:
        if self._conn is None or not items:
            return
        key_model = model + TOKENS_SUFFIX
        rows = []
        for text, t in items.items():
            if not np.isfinite(t.states).all():
                continue
            n = len(t.ids)
            blob = (
                np.ascontiguousarray(t.ids, TOKEN_IDS).tobytes()
                + np.ascontiguousarray(t.states, TOKEN_STATES).tobytes()
            )
            key = text_key(text)
            rows.append((key_model, key, n, blob, row_digest(key_model, key, n, blob)))
        self._write(rows)

    def _select(self, model: str, texts: Sequence[str]) -> dict[str, tuple[object, object, object]]:
        if self._conn is None or not texts:
            return {}
        keys = {text_key(t): t for t in texts}
        key_list = list(keys)
        out: dict[str, tuple[object, object, object]] = {}
        unmatched = 0
        with self._lock:
            try:
                for start in range(0, len(key_list), 500):
                    chunk = key_list[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, n, blob, digest in self._conn.execute(
                        "SELECT key, dim, vec, digest FROM vectors"
                        f" WHERE model=? AND key IN ({marks})",
                        [model, *chunk],
                    ).fetchall():
                        text = keys.get(key) if isinstance(key, bytes) else None
                        if text is None:  # a damaged key: counted as a bad row
                            unmatched += 1
                        else:
                            out[text] = (n, blob, digest)
            except sqlite3.Error as exc:
                self._broke(exc, "read")
                return {}
        self._count_bad(unmatched)
        return out

    def _write(self, rows: list[tuple]) -> None:
        with self._lock:
            if self._conn is None:
                return
            try:
                with self._conn:
                    self._conn.executemany(
                        "INSERT OR REPLACE INTO vectors VALUES (?,?,?,?,?)", rows
                    )
            except sqlite3.Error as exc:
                self._broke(exc, "write")

    def _count_bad(self, bad: int) -> None:
        if not bad:
            return
        self.repaired += bad
        if not self._warned_rows:
            self._warned_rows = True
            _warn(f"vector cache {self.path}: {bad} damaged vector(s) ignored; they are"
                  " recomputed and written again")  # fmt: skip


def _verified_tokens(
    model: str, dim: int, key: bytes, n: object, blob: object, digest: object
) -> Tokens | None:
    if not (
        isinstance(n, int)
        and n >= 0
        and isinstance(blob, bytes)
        and isinstance(digest, bytes)
        and len(blob) == n * (TOKEN_IDS.itemsize + dim * TOKEN_STATES.itemsize)
        and digest == row_digest(model, key, n, blob)
    ):
        return None
    cut = n * TOKEN_IDS.itemsize
    ids = np.frombuffer(blob[:cut], dtype=TOKEN_IDS).astype(np.int64)
    states = np.frombuffer(blob[cut:], dtype=TOKEN_STATES).astype(np.float32).reshape(n, dim)
    return Tokens(ids, states) if np.isfinite(states).all() else None


def _verified(
    model: str, dim: int, key: object, row_dim: object, blob: object, digest: object
) -> np.ndarray | None:
    """The row's vector if it is whole and is what `model` wrote, else None. Columns are
    checked for type first: a damaged file can hand back any type in any column."""
    if not (
        isinstance(key, bytes)
        and isinstance(blob, bytes)
        and isinstance(digest, bytes)
        and row_dim == dim
        and len(blob) == dim * DTYPE.itemsize
        and digest == row_digest(model, key, dim, blob)
    ):
        return None
    vec = np.frombuffer(blob, dtype=DTYPE)
    return vec if np.isfinite(vec).all() else None


def _is_damage(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF in _DAMAGE_CODES


def _private_dir(path: Path) -> None:
    # Only a directory made here is set to owner-only: the user may have pointed
    # INTERVIEW_COACH_CACHE_DIR at a directory of their own.
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def _private_file(path: Path) -> None:
    """Create the file owner-only before SQLite opens it (SQLite gives -wal and -shm the
    same mode); a cache file left world-readable by an older version is tightened."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{path}{suffix}")
        try:
            st = p.lstat()
            if stat.S_ISREG(st.st_mode) and st.st_mode & 0o077 and st.st_uid == os.getuid():
                os.chmod(p, 0o600)
        except OSError:
            continue


def _connect(path: Path) -> sqlite3.Connection:
    """An open, checked cache; _Damaged when the file is anything but a vector cache of this
    version (or an empty file, which becomes one)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        head = b""
    if head and head != SQLITE_HEADER:
        raise _Damaged("not a SQLite file")
    _private_file(path)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=10)
    try:
        _check(conn)
        _use_wal(conn)
    except sqlite3.Error as exc:
        conn.close()
        if _is_damage(exc):
            raise _Damaged(str(exc)) from exc
        raise  # locked, read-only, out of space: not the file's fault
    except BaseException:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection, tries: int = 100) -> None:
    """Write-ahead logging, so that readers never wait for a writer. The mode is kept in the
    file, but switching it needs the file to itself and SQLite does not wait for that (the
    busy timeout does not apply): a process that opens a new cache while another is opening
    it retries, a hundred times about 20 ms apart."""
    for attempt in range(tries):
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(random.uniform(0.01, 0.03))  # jittered: colliders do not retry in step


def _check(conn: sqlite3.Connection) -> None:
    # quick_check reads every page (milliseconds for a cache of a few MB): damage to the
    # structure is found here rather than half-way through preparing a rubric.
    verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if verdict != "ok":
        raise _Damaged(f"integrity check: {verdict}")
    state, detail = _state(conn)
    if state == "ready":
        return
    if state == "newer":
        raise _Newer(detail)
    # Marking a new file takes several statements, and a second process opening the file
    # between them would take a half-made cache for a foreign file and move it aside (two
    # test workers, or two windows, opening a fresh cache at once). So the marking is one
    # transaction under the write lock, and the state is read again once the lock is held.
    conn.execute("BEGIN IMMEDIATE")
    try:
        state, detail = _state(conn)
        if state == "newer":
            raise _Newer(detail)
        if state == "foreign":
            raise _Damaged(detail)
        if state == "version_1":  # a cache from before checksums: it is only a cache
            conn.execute("DROP TABLE vectors")
        if state != "ready":
            conn.execute(SCHEMA)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={VERSION}")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def _state(conn: sqlite3.Connection) -> tuple[str, str]:
    """What the open file holds: "ready", "empty" (to be made a cache), "version_1" (a cache
    from before checksums, rebuilt), "newer" or "foreign", with the reason for the last two."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if app_id == APPLICATION_ID and version == VERSION and tables >= {"vectors"}:
        return "ready", ""
    if app_id == APPLICATION_ID and version > VERSION:
        return "newer", f"written by a newer version of Interview Coach (cache version {version})"
    unmarked = app_id == 0 and version == 0
    if unmarked and not tables:
        return "empty", ""
    columns = [r[1] for r in conn.execute("PRAGMA table_info(vectors)")]
    if unmarked and tables == {"vectors"} and columns == ["model", "key", "dim", "vec"]:
        return "version_1", ""
    return "foreign", f"not an Interview Coach vector cache (tables: {sorted(tables)})"


class CachedEmbedder:
    """Wraps an Embedder: looks each text up first, encodes only the misses."""

    def __init__(self, inner: Embedder, cache: VectorCache):
        self.inner = inner
        self.cache = cache
        self._model_key: tuple[str, int] | None = None

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def tokenizes(self) -> bool:
        return can_tokenize(self.inner)

    def model_key(self) -> tuple[str, int]:
        """What a cached vector must have come from: the model's identity (its name, and for
        a model on disk which files) and its dimension. A model replaced under the same name,
        or one of another width, never gets another model's vectors."""
        if self._model_key is None:
            identity = getattr(self.inner, "identity", None) or self.inner.name
            dim = getattr(self.inner, "dimension", None)
            if not isinstance(dim, int) or dim <= 0:
                # An embedder that does not say: one probe tells, once.
                dim = int(np.asarray(self.inner.encode(["dimension probe"])).shape[-1])
            self._model_key = (f"{identity}|{dim}", dim)
        return self._model_key

    def _cached(self, texts: Sequence[str], get):
        """(model key, what the cache holds for `texts` by `get`, the texts it lacks)."""
        unique = list(dict.fromkeys(texts))
        model, dim = self.model_key() if self.cache.usable and unique else ("", 0)
        found = get(model, dim, unique)
        missing = [t for t in unique if t not in found]
        self.cache.hits += len(unique) - len(missing)
        self.cache.misses += len(missing)
        return model, found, missing

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model, found, missing = self._cached(texts, self.cache.get_many)
        if missing:
            vectors = np.asarray(self.inner.encode(missing), dtype=np.float32)
            fresh = dict(zip(missing, vectors, strict=True))
            self.cache.put_many(model, fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[t] for t in texts])

    def encode_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Tokens]]:
        """Like `encode`, with each text's token states; only for an inner embedder that can
        give them (see can_tokenize)."""
        inner = self.inner
        if not can_tokenize(inner):
            raise TypeError(f"{inner.name} cannot give token states")
        model, found, missing = self._cached(texts, self.cache.get_tokens)
        if missing:
            vectors, tokens = inner.encode_tokens(missing)
            fresh = dict(zip(missing, tokens, strict=True))
            self.cache.put_tokens(model, fresh)
            self.cache.put_many(model, dict(zip(missing, vectors, strict=True)))
            found.update(fresh)
        return self.encode(texts), [found[t] for t in texts]

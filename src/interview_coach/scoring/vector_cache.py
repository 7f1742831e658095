"""On-disk cache of rubric text vectors, keyed by model name and a hash of the text, so a
second start re-embeds nothing that has not changed. Answers are never cached."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from interview_coach.scoring.embedding import Embedder

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    dim INTEGER NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
"""


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


class VectorCache:
    """SQLite-backed; a broken cache file only costs speed, never a crash."""

    def __init__(self, path: Path | None):
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, check_same_thread=False, timeout=10)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
            self._conn = conn
        except (sqlite3.Error, OSError) as exc:
            print(
                f"warning: vector cache {path} unusable ({exc}); continuing without it",
                file=sys.stderr,
            )
            self._conn = None

    def get_many(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        if self._conn is None or not texts:
            return {}
        keys = {text_key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        key_list = list(keys)
        try:
            with self._lock:
                for start in range(0, len(key_list), 500):
                    chunk = key_list[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self._conn.execute(
                        f"SELECT key, dim, vec FROM vectors WHERE model=? AND key IN ({marks})",
                        [model, *chunk],
                    ).fetchall()
                    for key, dim, blob in rows:
                        vec = np.frombuffer(blob, dtype=np.float32)
                        if vec.shape[0] == dim:
                            found[keys[bytes(key)]] = vec
        except sqlite3.Error as exc:
            print(f"warning: vector cache read failed ({exc})", file=sys.stderr)
            return {}
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        if self._conn is None or not items:
            return
        rows = [
            (model, text_key(t), int(v.shape[0]), np.asarray(v, np.float32).tobytes())
            for t, v in items.items()
        ]
        try:
            with self._lock, self._conn:
                self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?,?,?,?)", rows)
        except sqlite3.Error as exc:
            print(f"warning: vector cache write failed ({exc})", file=sys.stderr)


class CachedEmbedder:
    """Wraps an Embedder: looks each text up first, encodes only the misses."""

    def __init__(self, inner: Embedder, cache: VectorCache):
        self.inner = inner
        self.cache = cache

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        found = self.cache.get_many(self.name, unique)
        missing = [t for t in unique if t not in found]
        self.cache.hits += len(unique) - len(missing)
        self.cache.misses += len(missing)
        if missing:
            vectors = self.inner.encode(missing)
            fresh = dict(zip(missing, vectors, strict=True))
            self.cache.put_many(self.name, fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[t] for t in texts])

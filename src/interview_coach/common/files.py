"""Writing a file whole or not at all, so that a crash or a second copy of the app never
leaves half a file or a file the user cannot read back."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

OWNER_ONLY = 0o600


@contextlib.contextmanager
def atomic_writer(path: Path, mode: int = OWNER_ONLY) -> Iterator[IO[str]]:
    """A text stream that becomes `path` only when the block ends without an exception.
    The temporary file has a unique name beside `path` (two writers never share one), is
    flushed to disk before the rename, and is removed on any failure."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, text: str, mode: int = OWNER_ONLY) -> None:
    """Write `text` to `path` whole or not at all (see atomic_writer)."""
    with atomic_writer(path, mode) as out:
        out.write(text)

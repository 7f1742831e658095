"""Writing a file whole or not at all, so that a crash or a second copy of the app never
leaves half a file or a file the user cannot read back.

What a path may turn out to be, and what is done with it:
- a regular file (or no file yet): written to a temporary file beside it and renamed over it,
  owner-only; a file nobody may write to (no write bit, or the user lacks permission, root
  included) is refused and left as it is;
- a symbolic link: followed, deliberately, like the shell's `>`: the file it points to is
  replaced and the link stays a link (a dotfile manager's links keep working);
- /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: the process's own descriptor is
  written, so `-o /dev/stdout` goes where standard output goes (a pipe, a terminal, or a file
  opened with `>>`, which is appended to, not truncated);
- anything else that is not a regular file (a FIFO, a terminal, /dev/null): written directly,
  never replaced or re-moded;
- a directory: refused.

Temporary files are named `.<target>.<pid>-<random>.tmp-interview-coach`. A process killed
mid-write (kill -9, power loss) cannot remove its own, so every later write into the same
directory, and the app's start for its own directories, removes those whose writer is gone
(see `clean_stale_temps`)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

OWNER_ONLY = 0o600
TEMP_MARK = ".tmp-interview-coach"
# A dead writer's temp file is removed once it is this old; the age guards against a writer on
# another machine (a shared folder) whose process id means nothing here.
STALE_AFTER_S = 5 * 60
# Past this age it goes even if a process has its id: ids are reused.
ABANDONED_AFTER_S = 24 * 3600
# SQLite's companions of a database built under a temporary name go with it.
_TEMP = re.compile(
    rf"^\.(?P<target>.+)\.(?P<pid>\d+)-[0-9a-f]+{re.escape(TEMP_MARK)}(?:-wal|-shm|-journal)?$"
)
_MAX_LINKS = 40  # as the kernel's ELOOP limit
_FD_ALIASES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")


class RefusedWrite(PermissionError):
    """The target exists and must not be replaced (read-only, or a directory). The message
    names the file and says what to do; the file has not been touched."""


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside `target`, carrying this process's id so that a later
    run can tell whether its writer is still alive."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_MARK}")


def create_temp(target: Path, mode: int = OWNER_ONLY) -> tuple[int, Path]:
    """Create a new, empty temporary file beside `target` with `mode`; returns (fd, path)."""
    while True:
        tmp = temp_path(target)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
        except FileExistsError:
            continue
        os.fchmod(fd, mode)  # the umask may have taken bits away; never adds any
        return fd, tmp


def clean_stale_temps(
    directory: Path, now: float | None = None, target: str | None = None
) -> list[Path]:
    """Remove the temporary files in `directory` that a killed writer left behind: ours by
    name and owner, a regular file, and either its process is gone and it has not changed
    for STALE_AFTER_S, or it has not changed for ABANDONED_AFTER_S. With `target` (a file
    name), also the nameless-writer leftovers of `target` from versions before the names
    carried a process id (`.<target>.<8 chars>.tmp`) once STALE_AFTER_S old. Returns what
    was removed; never raises (a folder that cannot be read or cleaned is left as it is)."""
    now = time.time() if now is None else now
    legacy = re.compile(rf"^\.{re.escape(target)}\.[a-z0-9_]{{8}}\.tmp$") if target else None
    removed: list[Path] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        m = _TEMP.match(name)
        old_style = m is None and legacy is not None and legacy.match(name) is not None
        if m is None and not old_style:
            continue
        path = Path(directory) / name
        try:
            st = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            continue
        age = now - st.st_mtime
        if age < STALE_AFTER_S:
            continue
        if m is not None and age < ABANDONED_AFTER_S and _alive(int(m["pid"])):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def sweep(directories: Iterable[Path]) -> list[Path]:
    """clean_stale_temps over several directories (the app's own, at start)."""
    return [p for d in directories for p in clean_stale_temps(d)]


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, and belongs to someone else
        return True
    return True


def resolve_target(path: Path) -> Path | int:
    """Where writing `path` really goes: a file descriptor of this process (/dev/stdout and
    its kin), or the path at the end of any chain of symbolic links (which may not exist
    yet), in its real directory. Raises OSError(ELOOP) for a loop."""
    path = Path(path).absolute()
    for _ in range(_MAX_LINKS):
        text = os.path.normpath(path)
        if text in _FD_ALIASES:
            return _FD_ALIASES[text]
        m = _FD_PATH.match(text)
        if m:
            return int(m[1])
        try:
            link = os.readlink(path)
        except OSError:  # not a link (or not there): the end of the chain
            return Path(os.path.realpath(path.parent)) / path.name
        path = path.parent / link  # the kernel's reading: relative to the link's folder
    raise OSError(errno.ELOOP, "too many levels of symbolic links", str(path))


def writable(path: Path, st: os.stat_result) -> bool:
    """Whether a file may be replaced: the user may write it, and, because root may write
    anything, somebody is meant to (a file with no write bit was made read-only on purpose)."""
    return bool(st.st_mode & 0o222) and os.access(path, os.W_OK)


@contextlib.contextmanager
def atomic_writer(path: Path, mode: int = OWNER_ONLY) -> Iterator[IO[str]]:
    """A text stream that becomes `path` only when the block ends without an exception.
    The temporary file has a unique name beside the file that is replaced (two writers never
    share one), is flushed to disk before the rename, and is removed on any failure. What
    happens for links, special files and read-only files is in the module's docstring.
    Raises RefusedWrite for a target that must not be replaced, OSError for the rest."""
    path = Path(path)
    target = resolve_target(path)
    if isinstance(target, int):
        for stream in (sys.stdout, sys.stderr):  # what was printed comes first
            with contextlib.suppress(Exception):
                if stream.fileno() == target:
                    stream.flush()
        with open(os.dup(target), "w", encoding="utf-8", newline="") as out:
            yield out
        return
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise RefusedWrite(errno.EISDIR, "it is a directory; give a file name", str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        # A FIFO, a terminal, /dev/null: the reader is on the other side; replacing it
        # would cut them off and leave a regular file in its place.
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
        with open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        return
    if st is not None and not writable(target, st):
        shown = "" if target == path.absolute() else f" (the link leads to {target})"
        raise RefusedWrite(
            errno.EACCES,
            f"it is read-only (mode {stat.S_IMODE(st.st_mode):04o}){shown}, so it has been left"
            " as it is; make it writable (chmod u+w) or choose another file",
            str(path),
        )
    with _replacing(target, mode) as out:
        yield out


@contextlib.contextmanager
def _replacing(target: Path, mode: int, binary: bool = False) -> Iterator[IO[Any]]:
    """A temp file beside `target` that replaces it once written and synced."""
    clean_stale_temps(target.parent, target=target.name)
    fd, tmp = create_temp(target, mode)
    try:
        with open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes, mode: int = OWNER_ONLY) -> None:
    """`data` as the regular file `path`, whole or not at all (a kept recording)."""
    with _replacing(Path(path), mode, binary=True) as out:
        out.write(data)


def atomic_write(path: Path, text: str, mode: int = OWNER_ONLY) -> None:
    """Write `text` to `path` whole or not at all (see atomic_writer)."""
    with atomic_writer(path, mode) as out:
        out.write(text)

"""The one file writer: a FIFO, a terminal or /dev/stdout is written through, a link is
followed and stays a link, a read-only file or a directory is refused and left as it is,
and a temporary file a killed writer left behind is swept by the next write beside it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from interview_coach.common import files
from interview_coach.common.files import atomic_write
from tests.support import ROOT

STALE = 5 * 60  # files.STALE_AFTER_S and ABANDONED_AFTER_S, kept here as the contract
ABANDONED = 24 * 3600
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _leftover(folder: Path, target: str, pid: int, age_s: float, suffix: str = "") -> Path:
    """A temporary file as a writer killed mid-write leaves it, `age_s` seconds old."""
    path = folder / f".{target}.{pid}-0badc0de.tmp-interview-coach{suffix}"
    path.write_bytes(b"x" * 4096)
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


class FifoReader(threading.Thread):
    """Reads a FIFO to its end, as `cat fifo` would."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)  # never joined if nothing ever writes (the old bug)
        self.path, self.data = path, b""

    def run(self) -> None:
        with open(self.path, "rb") as f:
            self.data = f.read()


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o644)
    reader = FifoReader(fifo)
    reader.start()
    atomic_write(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert not reader.is_alive() and reader.data == b"through the pipe\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and _mode(fifo) == 0o644  # not re-moded
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_terminal_is_written_not_replaced():
    # A pseudo-terminal rather than /dev/null: the old writer, run as root, replaced the
    # device it was given, and no test may do that to the machine's /dev/null.
    master, slave = os.openpty()
    try:
        tty = Path(os.ttyname(slave))
        before = tty.stat()
        atomic_write(tty, "on screen")
        after = tty.stat()
        assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
        assert after.st_mode == before.st_mode
        assert b"on screen" in os.read(master, 1024)
    finally:
        os.close(master)
        os.close(slave)


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    real = tmp_path / "real" / "profile.json"
    real.write_text("old")
    link = tmp_path / "links" / "profile.json"
    link.symlink_to("../real/profile.json")  # relative: resolved from the link's folder
    atomic_write(link, "new")
    assert link.is_symlink() and os.readlink(link) == "../real/profile.json"
    assert real.read_text() == "new" and _mode(real) == 0o600
    assert sorted(p.name for p in (tmp_path / "links").iterdir()) == ["profile.json"]
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["profile.json"]


def test_a_dangling_symlink_is_followed_like_the_shell(tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to("made.md")
    atomic_write(link, "made")
    assert link.is_symlink() and (tmp_path / "made.md").read_text() == "made"


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_read_only_file_is_refused_and_left_as_it_is(tmp_path, mode):
    # Root may write anything: the mode says nobody is meant to, so it is refused even then.
    path = tmp_path / "keep.md"
    path.write_text("precious")
    path.chmod(mode)
    with pytest.raises(PermissionError) as err:
        atomic_write(path, "clobbered")
    message = str(err.value)
    assert str(path) in message and "read-only" in message and "chmod u+w" in message
    assert path.read_text() == "precious" and _mode(path) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]


def test_a_read_only_file_behind_a_link_is_refused_and_named(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("precious")
    real.chmod(0o444)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(PermissionError, match="the link leads to"):
        atomic_write(link, "clobbered")
    assert real.read_text() == "precious" and link.is_symlink()


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(PermissionError, match="directory"):
        atomic_write(tmp_path, "x")


def test_a_new_file_is_owner_only_and_an_existing_one_becomes_so(tmp_path):
    path = tmp_path / "f.txt"
    atomic_write(path, "a")
    assert _mode(path) == 0o600
    path.chmod(0o644)
    atomic_write(path, "b")
    assert path.read_text() == "b" and _mode(path) == 0o600


_WRITE_TO = """
import sys
from pathlib import Path
from interview_coach.common.files import atomic_write
print("printed first", flush=False)
atomic_write(Path(sys.argv[1]), "written through\\n")
"""


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_dev_stdout_writes_to_standard_output(tmp_path, name):
    """The descriptor itself is written: to a pipe, and to a file opened for appending
    (`>> log`), which keeps what it had. /dev/stdout stays a link (it used to be replaced by a
    regular file when run as root)."""
    before = os.readlink("/dev/stdout")
    try:
        out = subprocess.run(
            [sys.executable, "-c", _WRITE_TO, name], env=ENV, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert out.stdout == "printed first\nwritten through\n"
        log = tmp_path / "log"
        log.write_text("kept\n")
        with open(log, "a") as append:
            done = subprocess.run(
                [sys.executable, "-c", _WRITE_TO, name], env=ENV, stdout=append,
                stderr=subprocess.PIPE, text=True, timeout=60,
            )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert log.read_text() == "kept\nprinted first\nwritten through\n"
    finally:
        if not os.path.islink("/dev/stdout"):  # the old writer, as root: put it back
            os.unlink("/dev/stdout")
            os.symlink(before, "/dev/stdout")
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before


# -- temporary files a killed writer left ---------------------------------------------------
def test_a_dead_writers_old_temp_files_are_swept(tmp_path):
    dead = _dead_pid()
    old = STALE + 5
    stale = [
        _leftover(tmp_path, "export.json", dead, old),
        _leftover(tmp_path, "t.sqlite", dead, old, "-wal"),
        # A live process with its id a day later: ids are reused.
        _leftover(tmp_path, "reused.json", os.getppid(), ABANDONED + 5),
    ]
    kept = [
        _leftover(tmp_path, "fresh.json", dead, 5),  # maybe a writer on another machine
        _leftover(tmp_path, "mine.json", os.getpid(), old),  # this process: still writing
        _leftover(tmp_path, "parent.json", os.getppid(), old),  # a live process
    ]
    lookalike = tmp_path / ".notes.txt.tmp"
    lookalike.write_text("the user's")
    os.utime(lookalike, (0, 0))
    linked = tmp_path / f".x.{dead}-00.tmp-interview-coach"
    linked.symlink_to(lookalike)
    os.utime(linked, (0, 0), follow_symlinks=False)

    removed = files.clean_stale_temps(tmp_path)
    assert sorted(removed) == sorted(stale)
    assert all(not p.exists() for p in stale)
    assert all(p.exists() for p in kept) and lookalike.exists() and linked.is_symlink()


def test_a_write_sweeps_the_leftovers_beside_its_target(tmp_path):
    leftover = _leftover(tmp_path, "all.json", _dead_pid(), STALE + 60)
    atomic_write(tmp_path / "other.md", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.md"], leftover


def test_the_app_sweeps_its_own_folders_at_start(tmp_path):
    from interview_coach.cli import main

    config = tmp_path / "config"
    config.mkdir()
    leftover = _leftover(config, "profile.json", _dead_pid(), STALE + 60)
    assert main(["questions", "--json"]) == 0
    assert not leftover.exists()


def test_the_ages_are_the_documented_ones():
    assert (files.STALE_AFTER_S, files.ABANDONED_AFTER_S) == (STALE, ABANDONED)


def test_temporary_names_carry_the_writer_and_are_recognised(tmp_path):
    fd, tmp = files.create_temp(tmp_path / "x.csv")
    os.close(fd)
    assert tmp.parent == tmp_path and tmp.name.startswith(".x.csv.")
    assert files._TEMP.match(tmp.name)["pid"] == str(os.getpid())
    assert _mode(tmp) == 0o600


def test_a_write_removes_its_targets_leftovers_from_before_names_had_a_pid(tmp_path):
    """The 1.15 GB of the issue: `.all.json.<8 chars>.tmp` files from kill -9s of the old
    writer. The next write of all.json removes its own (a few minutes old), nothing else."""
    old = time.time() - STALE - 60
    mine = tmp_path / ".all.json.k3_x9q0z.tmp"
    theirs = tmp_path / ".other.json.k3_x9q0z.tmp"
    recent = tmp_path / ".all.json.abcdefgh.tmp"
    for p in (mine, theirs, recent):
        p.write_bytes(b"{" * 1000)
    for p in (mine, theirs):
        os.utime(p, (old, old))
    atomic_write(tmp_path / "all.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["all.json", theirs.name, recent.name]
    )

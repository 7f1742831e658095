"""`export -o` and the files it meets: a FIFO, a link, a read-only file and /dev/stdout keep
what they are; a kill -9 mid-export leaves a temporary file that the next export into the
same folder removes; `review` and `export` read a database they cannot write."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from interview_coach.cli import main
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.store import SessionRef, TranscriptStore
from tests.support import DATA, ROOT, BagOfWordsEmbedder

ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    "HF_HUB_OFFLINE": "1",
}
ATTEMPT_COLS = (
    "session_id, question_id, question, category, level, answer, band, confidence, covered,"
    " missing, red_flags, signals, result, hints_used, revealed, model, seconds, started_at,"
    " scored_at"
)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_db(path: Path, catalog, copies: int = 1) -> Path:
    """One session: an answer to 'mentoring', then `copies - 1` more of the same (cheaply,
    in SQL, so a large database costs no scoring)."""
    q = catalog.questions["mentoring"]
    result = Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], q.model_answer)
    with TranscriptStore.open(path) as store:
        store.save_attempt(SessionRef("fake-bow"), q, q.model_answer, result)
    if copies > 1:
        conn = sqlite3.connect(path)
        conn.execute(
            f"INSERT INTO attempts ({ATTEMPT_COLS}) SELECT {ATTEMPT_COLS} FROM attempts,"
            " (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)"
            " SELECT i FROM c)",
            (copies - 1,),
        )
        conn.commit()
        conn.close()
    return path


@pytest.fixture
def db(tmp_path, catalog):
    return _make_db(tmp_path / "t.sqlite", catalog)


# -- what -o meets --------------------------------------------------------------------------
def test_export_to_a_fifo_writes_through_it(capsys, db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as f:
            got.append(f.read())

    thread = threading.Thread(target=reader, daemon=True)  # left blocked by the old writer
    thread.start()
    code, _, err = run(capsys, "export", "--all", "-f", "json", "--db", db, "-o", fifo)
    thread.join(timeout=10)
    assert code == 0 and "Wrote 1 attempt" in err
    assert got and len(json.loads(got[0])["sessions"]) == 1
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "t.sqlite"]


def test_export_through_a_link_keeps_the_link(capsys, db, tmp_path):
    real = tmp_path / "exports" / "latest.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    code, _, _ = run(capsys, "export", "1", "--db", db, "-o", link)
    assert code == 0
    assert link.is_symlink() and real.read_text().startswith("# Interview Coach transcripts")


def test_export_refuses_a_read_only_file_and_says_so(capsys, db, tmp_path):
    target = tmp_path / "keep.md"
    target.write_text("my notes")
    target.chmod(0o444)
    code, out, err = run(capsys, "export", "1", "--db", db, "-o", target)
    assert code == 1 and out == ""
    assert f"cannot write {target}: it is read-only (mode 0444)" in err and "chmod u+w" in err
    assert target.read_text() == "my notes" and stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md", "t.sqlite"]


def test_export_to_a_directory_is_refused(capsys, db, tmp_path):
    code, _, err = run(capsys, "export", "1", "--db", db, "-o", tmp_path)
    assert code == 1 and "is a directory; give a file name" in err


def test_export_to_dev_stdout_prints_and_leaves_dev_stdout_alone(db):
    before = os.readlink("/dev/stdout")
    try:
        out = subprocess.run(
            [sys.executable, "-m", "interview_coach", "export", "--all", "-f", "json",
             "--db", str(db), "-o", "/dev/stdout"],
            env=ENV, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        if not os.path.islink("/dev/stdout"):  # the old writer, as root, replaced it
            os.unlink("/dev/stdout")
            os.symlink(before, "/dev/stdout")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["sessions"]) == 1
    assert "Wrote 1 attempt to /dev/stdout (json)" in out.stderr
    assert os.readlink("/dev/stdout") == before


# -- kill -9 mid-export ---------------------------------------------------------------------
def test_a_killed_export_leaves_a_temp_file_the_next_export_removes(capsys, tmp_path, catalog):
    big = _make_db(tmp_path / "big.sqlite", catalog, copies=3000)  # about 30 MB of JSON
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "interview_coach", "export", "--all", "--db", str(big),
         "-o", str(out_dir / "all.json")],
        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            partial = [p for p in out_dir.iterdir() if p.stat().st_size > 256 * 1024]
            if partial:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the export finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()
    [left] = list(out_dir.iterdir())  # nothing can clean up after a kill -9
    assert left.name.startswith(".all.json.") and str(proc.pid) in left.name
    assert not (out_dir / "all.json").exists()

    # The next export into the folder, once the leftover is a few minutes old, removes it.
    old = time.time() - 10 * 60
    os.utime(left, (old, old))
    small = _make_db(tmp_path / "small.sqlite", catalog)
    code, _, _ = run(capsys, "export", "--all", "--db", small, "-o", out_dir / "all.json")
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["all.json"]


# -- a database that cannot be written -------------------------------------------------------
def _files(folder: Path) -> dict[str, str]:
    return {p.name: _digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def test_review_and_export_read_a_read_only_first_schema_database(capsys, tmp_path):
    """A read-only file is read as it is: the old schema is brought up to date in memory,
    never in the file (root could write it, but the file says nobody should)."""
    path = tmp_path / "v1.sqlite"
    shutil.copyfile(DATA / "transcripts-v1.sqlite", path)
    path.chmod(0o444)
    before = _files(tmp_path)
    code, out, _ = run(capsys, "review", "--db", path)
    assert code == 0 and "2 sessions" in out
    code, out, _ = run(capsys, "export", "--all", "-f", "csv", "--db", path)
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3
    assert _files(tmp_path) == before


def test_review_and_export_read_a_database_in_a_read_only_folder(capsys, tmp_path, catalog):
    """A folder with no write bit (as a read-only mount would be): read, never written,
    even by root. tests/transcripts/test_store_files.py has an ordinary user's run."""
    folder = tmp_path / "db"
    folder.mkdir()
    path = _make_db(folder / "t.sqlite", catalog)
    folder.chmod(0o555)
    before = _files(folder)
    try:
        code, out, _ = run(capsys, "review", "--db", path)
        assert code == 0 and "1 session" in out
        code, out, _ = run(capsys, "export", "--all", "-f", "json", "--db", path)
        assert code == 0 and len(json.loads(out)["sessions"][0]["attempts"]) == 1
        assert _files(folder) == before and sorted(os.listdir(folder)) == ["t.sqlite"]
    finally:
        folder.chmod(0o755)

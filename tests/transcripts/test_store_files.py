"""The database file itself: a refused file is looked at without a single write (its -wal is
not merged, its -wal and -shm not deleted), a file that becomes the database is owner-only
first, a new database appears whole or not at all (a full disk leaves nothing), and a file
that cannot be written opens read-only."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.migrations import LATEST
from interview_coach.transcripts.store import SessionRef, StoreError, TranscriptStore
from tests.support import DATA, ROOT, BagOfWordsEmbedder

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
SUFFIXES = ("", "-wal", "-shm")


@pytest.fixture
def scored(catalog):
    q = catalog.questions["mentoring"]
    return q, Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], q.model_answer)


def _hashes(path: Path) -> dict[str, str | None]:
    out = {}
    for suffix in SUFFIXES:
        p = Path(f"{path}{suffix}")
        out[suffix] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
    return out


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- a refused file is never written -------------------------------------------------------
def _wal_database(path: Path, kind: str) -> sqlite3.Connection:
    """A WAL database whose latest changes are only in its -wal: the writer stays open and
    never checkpoints. `kind` is foreign (another program's) or newer (ours, from a later
    version)."""
    if kind == "newer":
        TranscriptStore.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    if kind == "foreign":
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        conn.execute("INSERT INTO bookmarks VALUES ('https://example.com')")
    else:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    return conn


@pytest.mark.parametrize("kind", ["foreign", "newer"])
def test_a_refused_wal_database_is_not_written(tmp_path, kind):
    """Copied as a crash (or a backup tool) leaves it: database, -wal and -shm, the last
    changes only in the -wal. Refusing it used to merge the -wal and delete both."""
    source = tmp_path / "source.sqlite"
    writer = _wal_database(source, kind)
    path = tmp_path / "copy" / "t.sqlite"
    path.parent.mkdir()
    for suffix in SUFFIXES:
        shutil.copyfile(f"{source}{suffix}", f"{path}{suffix}")
    writer.close()
    before = _hashes(path)
    assert before["-wal"] and before["-shm"] and os.path.getsize(f"{path}-wal") > 0
    with pytest.raises(StoreError) as err:
        TranscriptStore.open(path)
    assert err.value.kind == kind
    assert _hashes(path) == before
    assert sorted(os.listdir(path.parent)) == ["t.sqlite", "t.sqlite-shm", "t.sqlite-wal"]


_HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("CREATE TABLE notes (body TEXT)")
conn.execute("INSERT INTO notes VALUES ('only in the wal')")
print("ready", flush=True)
sys.stdin.readline()
"""


def test_a_foreign_database_another_program_has_open_is_not_written(tmp_path):
    path = tmp_path / "notes.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = _hashes(path)
        with pytest.raises(StoreError) as err:
            TranscriptStore.open(path)
        assert err.value.kind == "foreign" and "notes" in str(err.value)
        assert _hashes(path) == before
    finally:
        holder.communicate("done\n", timeout=30)


# -- the file that becomes the database ----------------------------------------------------
def test_an_existing_empty_world_readable_file_becomes_an_owner_only_database(tmp_path, scored):
    path = tmp_path / "t.sqlite"
    path.touch()
    path.chmod(0o644)
    with TranscriptStore.open(path) as store:
        store.save_attempt(SessionRef("m"), scored[0], "an answer", scored[1])
        assert Path(f"{path}-wal").exists()
        for suffix in SUFFIXES:
            assert _mode(Path(f"{path}{suffix}")) == 0o600, suffix


def test_an_existing_world_readable_database_and_its_wal_become_owner_only(tmp_path, scored):
    path = tmp_path / "t.sqlite"
    with TranscriptStore.open(path) as store:
        store.save_attempt(SessionRef("m"), scored[0], "an answer", scored[1])
    path.chmod(0o644)
    held = sqlite3.connect(path)  # keeps -wal and -shm in place, as a crash would
    held.execute("SELECT count(*) FROM attempts").fetchone()
    try:
        for suffix in ("-wal", "-shm"):
            os.chmod(f"{path}{suffix}", 0o644)
        with TranscriptStore.open(path) as store:
            assert store.count() == 1
            for suffix in SUFFIXES:
                assert _mode(Path(f"{path}{suffix}")) == 0o600, suffix
    finally:
        held.close()


def test_a_refused_world_readable_file_keeps_its_mode(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()
    path.chmod(0o644)
    with pytest.raises(StoreError):
        TranscriptStore.open(path)
    assert _mode(path) == 0o644  # not ours: left exactly as it was


# -- a new database appears whole ----------------------------------------------------------
_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from interview_coach.transcripts.store import StoreError, TranscriptStore
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    TranscriptStore.open(Path(sys.argv[1])).close()
except StoreError as exc:
    print(exc.kind, exc)
"""


@pytest.mark.parametrize("limit", [0, 4096, 20_000])
def test_a_full_disk_leaves_no_database_file_behind(tmp_path, limit):
    """No room for a byte, for the first page, or for the schema: the open fails with a
    message, and neither an empty nor a half-made file is left where the database goes."""
    path = tmp_path / "data" / "t.sqlite"
    out = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(path), str(limit)],
        env=ENV, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("io ") and str(path) in out.stdout
    assert "cannot create the database" in out.stdout
    assert os.listdir(path.parent) == []
    TranscriptStore.open(path).close()  # with room again, it is made as usual
    assert sorted(os.listdir(path.parent)) == ["t.sqlite"]


def test_a_creation_killed_half_way_is_swept_by_the_next_open(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = []
    for suffix in ("", "-wal", "-journal"):
        p = tmp_path / f".t.sqlite.{dead.pid}-00c0ffee.tmp-interview-coach{suffix}"
        p.write_bytes(b"x" * 1024)
        os.utime(p, (time.time() - 3600,) * 2)
        stale.append(p)
    TranscriptStore.open(tmp_path / "t.sqlite").close()
    assert sorted(os.listdir(tmp_path)) == ["t.sqlite"]


def test_a_new_database_is_made_whole_with_the_latest_schema(tmp_path):
    path = tmp_path / "new" / "t.sqlite"
    with TranscriptStore.open(path) as store:
        assert store.schema_version == LATEST and not store.read_only
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700


# -- a database that cannot be written -----------------------------------------------------
def test_a_read_only_file_opens_read_only_and_refuses_writes(tmp_path, scored):
    path = tmp_path / "t.sqlite"
    with TranscriptStore.open(path) as store:
        ref = SessionRef("m")
        store.save_attempt(ref, scored[0], "an answer", scored[1])
    path.chmod(0o444)  # as a user protects it; root included, since nobody is meant to write
    before = _hashes(path)
    with TranscriptStore.open(path) as store:
        assert store.read_only and "not writable" in store.read_only_reason
        assert store.count() == 1 and store.attempts()[0].answer == "an answer"
        with pytest.raises(StoreError) as err:
            store.save_attempt(SessionRef("m"), scored[0], "another", scored[1])
        message = str(err.value)
        assert err.value.kind == "readonly" and str(path) in message
        assert "read-only" in message and "nothing is saved" in message
        with pytest.raises(StoreError, match="read-only"):
            store.delete_session(ref.id)
    assert _hashes(path) == before and sorted(os.listdir(tmp_path)) == ["t.sqlite"]


def test_a_read_only_first_schema_file_is_read_without_being_upgraded(tmp_path):
    path = tmp_path / "v1.sqlite"
    shutil.copyfile(DATA / "transcripts-v1.sqlite", path)
    path.chmod(0o444)
    before = _hashes(path)
    with TranscriptStore.open(path) as store:
        assert store.read_only and store.schema_version == LATEST
        assert len(store.attempts()) == 3 and not any(a.revealed for a in store.attempts())
    assert _hashes(path) == before
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1


@pytest.fixture
def shared_dir():
    """A folder another user can reach (pytest's own are owner-only)."""
    folder = Path(tempfile.mkdtemp(prefix="ic-ro-"))
    folder.chmod(0o755)
    yield folder
    for p in [folder, *folder.rglob("*")]:
        with contextlib.suppress(OSError):
            p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)


_READ_AS_USER = """
import io, json, sys
from pathlib import Path
from interview_coach.transcripts.export import export
from interview_coach.transcripts.store import StoreError, TranscriptStore
store = TranscriptStore.open(Path(sys.argv[1]))
out = io.StringIO()
n = export(store, "json", out)
try:
    store.delete_session(1)
    refused = ""
except StoreError as exc:
    refused = exc.kind
print(json.dumps({"read_only": store.read_only, "exported": n, "refused": refused}))
"""


def _ordinary_user_python(env: dict) -> tuple[list[str], object] | None:
    """How to run Python as an ordinary user: as root, 'nobody' with the first interpreter
    that user can run and import the store with; None when there is none."""
    if os.geteuid() != 0:
        return [sys.executable], None

    def drop() -> None:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)

    for exe in dict.fromkeys([sys.executable, shutil.which("python3") or "", "/usr/bin/python3"]):
        if not exe:
            continue
        try:
            probe = subprocess.run(
                [exe, "-c", "import interview_coach.transcripts.export"],
                env=env, preexec_fn=drop, capture_output=True, timeout=60,
            )  # fmt: skip
        except OSError:
            continue
        if probe.returncode == 0:
            return [exe], drop
    return None


def test_an_ordinary_user_reads_a_database_in_a_read_only_folder(shared_dir, scored):
    """The owner's own database in a folder the user cannot write (a read-only mount is the
    same to SQLite): it used to fail with 'attempt to write a readonly database'."""
    folder = shared_dir / "db"
    folder.mkdir()
    path = folder / "t.sqlite"
    with TranscriptStore.open(path) as store:
        store.save_attempt(SessionRef("m"), scored[0], "an answer", scored[1])
    if os.geteuid() == 0:
        os.chown(folder, 65534, 65534)
        os.chown(path, 65534, 65534)
    path.chmod(0o644)  # writable by its owner: only the folder is read-only
    folder.chmod(0o555)
    before = _hashes(path)
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": os.environ.get("PATH", "")}
    runner = _ordinary_user_python(env)
    if runner is None:
        pytest.skip("no Python here that an ordinary user can run with the source tree")
    argv, drop = runner
    out = subprocess.run(
        [*argv, "-c", _READ_AS_USER, str(path)],
        env=env, preexec_fn=drop, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == '{"read_only": true, "exported": 1, "refused": "readonly"}'
    assert _hashes(path) == before and sorted(os.listdir(folder)) == ["t.sqlite"]


def test_a_file_system_without_hard_links_still_gets_a_whole_database(tmp_path, monkeypatch):
    import errno

    def no_links(*_a, **_k):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)  # as on FAT or some network shares
    path = tmp_path / "t.sqlite"
    with TranscriptStore.open(path) as store:
        assert store.schema_version == LATEST
    assert sorted(os.listdir(tmp_path)) == ["t.sqlite"]


def test_a_database_reached_through_a_link_is_read_only_when_its_real_folder_is(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    TranscriptStore.open(real / "t.sqlite").close()
    link = tmp_path / "t.sqlite"
    link.symlink_to(real / "t.sqlite")
    real.chmod(0o555)
    try:
        with TranscriptStore.open(link) as store:
            assert store.read_only and store.read_only_reason == "its folder is not writable"
            assert store.count() == 0
        assert sorted(os.listdir(real)) == ["t.sqlite"]
    finally:
        real.chmod(0o755)

"""The exemplar vector cache: a second start re-embeds nothing unchanged; a damaged file costs
time, never a crash or a different verdict, and is repaired."""

from __future__ import annotations

import random
import sqlite3
import stat
from pathlib import Path

import numpy as np
import pytest

from interview_coach.scoring.embedding import can_tokenize
from interview_coach.scoring.scorer import Scorer
from interview_coach.scoring.vector_cache import CachedEmbedder, VectorCache
from tests.support import BagOfWordsEmbedder


class Counting:
    def __init__(self, inner):
        self.inner, self.texts = inner, 0

    @property
    def name(self):
        return self.inner.name

    def __getattr__(self, attr):  # dimension, identity: whatever the wrapped model says
        return getattr(self.inner, attr)

    def encode(self, texts):
        self.texts += len(texts)
        return self.inner.encode(texts)

    @property
    def tokenizes(self):
        return can_tokenize(self.inner)

    def encode_tokens(self, texts):
        self.texts += len(texts)
        return self.inner.encode_tokens(texts)


@pytest.mark.model
def test_second_start_embeds_no_rubric_text(real_embedder, catalog, tmp_path):
    q, r = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    path = tmp_path / "v.sqlite"
    first = Counting(real_embedder)
    a = Scorer(real_embedder, CachedEmbedder(first, VectorCache(path))).prepare(q, r)
    assert first.texts > 50
    second = Counting(real_embedder)
    cache = VectorCache(path)
    b = Scorer(real_embedder, CachedEmbedder(second, cache)).prepare(q, r)
    assert second.texts == 0 and cache.misses == 0 and cache.hits > 50
    assert a.calibration.lean_cut == pytest.approx(b.calibration.lean_cut, abs=1e-6)


@pytest.mark.model
def test_token_states_are_cached_and_a_damaged_row_is_recomputed(real_embedder, tmp_path, capsys):
    path = tmp_path / "v.sqlite"
    texts = ["A stack is LIFO.", "A queue is first in, first out, like a line at a shop."]
    _, fresh = CachedEmbedder(real_embedder, VectorCache(path)).encode_tokens(texts)
    counting, cache = Counting(real_embedder), VectorCache(path)
    _, again = CachedEmbedder(counting, cache).encode_tokens(texts)
    assert counting.texts == 0 and cache.misses == 0
    for a, b in zip(fresh, again, strict=True):
        assert a.ids.tolist() == b.ids.tolist()
        assert float(np.abs(a.states - b.states).max()) < 2e-3  # kept at half precision
    conn = sqlite3.connect(path)
    with conn:
        for model, key, size in conn.execute(
            "SELECT model, key, length(vec) FROM vectors WHERE model LIKE '%|tokens'"
        ).fetchall():
            conn.execute(
                "UPDATE vectors SET vec=? WHERE model=? AND key=?",
                (random.Random(size).randbytes(size), model, key),
            )
    conn.close()
    capsys.readouterr()
    counting = Counting(real_embedder)
    _, repaired = CachedEmbedder(counting, VectorCache(path)).encode_tokens(texts)
    assert counting.texts == 2 and "damaged vector" in capsys.readouterr().err
    assert [t.ids.tolist() for t in repaired] == [t.ids.tolist() for t in fresh]


@pytest.mark.model
def test_changed_text_is_the_only_miss(real_embedder, tmp_path):
    path = tmp_path / "v.sqlite"
    CachedEmbedder(real_embedder, VectorCache(path)).encode(["alpha one", "beta two"])
    counting = Counting(real_embedder)
    CachedEmbedder(counting, VectorCache(path)).encode(["alpha one", "beta two changed"])
    assert counting.texts == 1


@pytest.mark.model
def test_corrupt_cache_file_is_survivable(real_embedder, tmp_path, capsys):
    path = tmp_path / "v.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    vecs = CachedEmbedder(real_embedder, VectorCache(path)).encode(["hello world"])
    assert vecs.shape == (1, 384)
    assert "cache" in capsys.readouterr().err


# -- a damaged cache never changes a verdict (fast: the bag-of-words stand-in) ---------------

QIDS = ("mentoring", "oncall-incident", "build-vs-buy")


def _items(catalog) -> list:
    """Every band's exemplars of a few questions, plus a made-up answer each: answers whose
    verdicts spread over all three bands."""
    items = []
    for qid in QIDS:
        q, r = catalog.questions[qid], catalog.rubrics[qid]
        for band in r.bands.values():
            items += [(q, r, text) for text in band.exemplars[:3]]
        items.append((q, r, "I listened to both sides, wrote down the facts and we agreed."))
    return items


def _verdicts(embedder, items, path: Path | None) -> list:
    cache = VectorCache(path)
    results = Scorer(embedder, CachedEmbedder(embedder, cache)).score_many(items)
    cache.close()
    return [(r.band, r.confidence, r.scores, r.score) for r in results]


def _settle(path: Path) -> None:
    """Fold the -wal into the file, as a closed app leaves it, so damage to the file is
    damage to the cache."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture
def filled(catalog, tmp_path):
    """A cache file as the app leaves it, and the verdicts of a run without any cache."""
    assert all(qid in catalog.rubrics for qid in QIDS)
    embedder, items = BagOfWordsEmbedder(), _items(catalog)
    path = tmp_path / "cache" / "vectors.sqlite"
    reference = _verdicts(embedder, items, None)
    assert _verdicts(embedder, items, path) == reference
    _settle(path)
    assert len({v[0] for v in reference}) == 3  # all bands occur, so a flip could show
    return embedder, items, path, reference


def _flip_inside_vectors(path: Path, rows: int, per_row: int, seed: int) -> int:
    """Flip bytes inside stored vectors in the file itself, leaving SQLite's own structure
    whole: the silent damage that an integrity check of the file cannot see."""
    conn = sqlite3.connect(path)
    blobs = [r[0] for r in conn.execute("SELECT vec FROM vectors")]
    conn.close()
    data = bytearray(path.read_bytes())
    rnd, flipped = random.Random(seed), 0
    for blob in rnd.sample(blobs, rows):
        at = data.find(blob[:64])
        if at < 0:  # a row that spills onto an overflow page: its start is still contiguous
            continue
        for offset in rnd.sample(range(min(len(blob), 64)), per_row):
            data[at + offset] ^= 0xFF
            flipped += 1
    path.write_bytes(bytes(data))
    return flipped


def test_bytes_flipped_inside_vectors_change_no_verdict_and_are_repaired(filled, capsys):
    embedder, items, path, reference = filled
    assert _flip_inside_vectors(path, rows=20, per_row=10, seed=1) == 200
    capsys.readouterr()
    assert _verdicts(embedder, items, path) == reference
    err = capsys.readouterr().err
    assert "damaged vector" in err and str(path) in err and len(err.splitlines()) == 1
    # Repaired: the next start finds every vector good and embeds nothing.
    counting = Counting(embedder)
    cache = VectorCache(path)
    Scorer(embedder, CachedEmbedder(counting, cache)).score_many(items)
    assert counting.texts == 0 and cache.misses == 0
    assert capsys.readouterr().err == ""


def test_200_bytes_flipped_anywhere_change_no_verdict(filled, capsys):
    embedder, items, path, reference = filled
    data = bytearray(path.read_bytes())
    rnd = random.Random(7)
    for offset in rnd.sample(range(100, len(data)), 200):  # past the header: still "SQLite"
        data[offset] ^= 1 << rnd.randrange(8)
    path.write_bytes(bytes(data))
    assert _verdicts(embedder, items, path) == reference
    assert "vector cache" in capsys.readouterr().err


def test_random_vectors_in_the_rows_change_no_verdict(filled, capsys):
    """Random bytes of the right length in every row: NaNs, infinities and huge numbers (this
    used to raise AttributeError: 'float' object has no attribute 'numerator')."""
    embedder, items, path, reference = filled
    conn = sqlite3.connect(path)
    rnd = random.Random(3)
    keys = conn.execute("SELECT model, key, length(vec) FROM vectors").fetchall()
    with conn:
        for model, key, size in keys:
            conn.execute(
                "UPDATE vectors SET vec=? WHERE model=? AND key=?",
                (rnd.randbytes(size), model, key),
            )
    conn.close()
    assert _verdicts(embedder, items, path) == reference
    assert "damaged vector" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda real: random.Random(5).randbytes(200_000), id="random-bytes"),
        pytest.param(lambda real: real[: len(real) // 2], id="truncated"),
        pytest.param(lambda real: real[:100] + bytes(len(real) - 100), id="zeroed-pages"),
        pytest.param(lambda real: b"", id="empty"),
    ],
)
def test_a_file_that_is_not_a_cache_is_moved_aside_and_rebuilt(filled, capsys, content):
    embedder, items, path, reference = filled
    path.write_bytes(content(path.read_bytes()))
    assert _verdicts(embedder, items, path) == reference
    err = capsys.readouterr().err
    if path.with_name("vectors.sqlite.damaged").exists():
        assert len(err.splitlines()) == 1 and "moved it to vectors.sqlite.damaged" in err
    # Whatever it was, it is a working cache again: the next start embeds nothing.
    counting = Counting(embedder)
    Scorer(embedder, CachedEmbedder(counting, VectorCache(path))).score_many(items)
    assert counting.texts == 0


def test_another_programs_database_is_moved_aside_not_changed(catalog, tmp_path, capsys):
    path = tmp_path / "vectors.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    before = path.read_bytes()
    embedder, items = BagOfWordsEmbedder(), _items(catalog)[:4]
    assert _verdicts(embedder, items, path) == _verdicts(embedder, items, None)
    assert path.with_name("vectors.sqlite.damaged").read_bytes() == before
    assert "not an Interview Coach vector cache" in capsys.readouterr().err


class Narrower(BagOfWordsEmbedder):
    """Another model under the same name (a model directory replaced in place)."""

    dim = 256


class SameNameOtherWeights(BagOfWordsEmbedder):
    identity = "fake-bow@retrained"

    def encode(self, texts):
        return np.roll(super().encode(texts), 1, axis=1)


@pytest.mark.parametrize("other", [Narrower, SameNameOtherWeights])
def test_vectors_of_another_model_under_the_same_name_are_not_used(filled, other):
    _, items, path, _ = filled
    embedder = other()
    assert embedder.name == BagOfWordsEmbedder.name
    assert _verdicts(embedder, items, path) == _verdicts(embedder, items, None)


def test_a_row_of_the_wrong_dimension_is_recomputed(filled):
    """A row whose stored dimension and vector were both changed (a checksum alone would
    catch it too; the dimension is checked against the model's before anything else)."""
    embedder, items, path, reference = filled
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE vectors SET dim = 3, vec = zeroblob(12)")
    conn.close()
    counting = Counting(embedder)
    cache = VectorCache(path)
    results = Scorer(embedder, CachedEmbedder(counting, cache)).score_many(items)
    assert [(r.band, r.confidence, r.scores, r.score) for r in results] == reference
    assert cache.hits == 0 and counting.texts > 100


def test_cache_files_are_owner_only(catalog, tmp_path):
    path = tmp_path / "cache" / "vectors.sqlite"
    embedder = BagOfWordsEmbedder()
    cache = VectorCache(path)
    Scorer(embedder, CachedEmbedder(embedder, cache)).score_many(_items(catalog)[:2])
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_world_readable_cache_from_before_is_made_owner_only(filled):
    _, _, path, _ = filled
    path.chmod(0o644)
    VectorCache(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_cache_from_before_checksums_is_rebuilt_quietly(catalog, tmp_path, capsys):
    path = tmp_path / "vectors.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "CREATE TABLE vectors (model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL,"
            " vec BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID"
        )
        conn.execute("INSERT INTO vectors VALUES ('fake-bow', x'00', 512, zeroblob(2048))")
    conn.close()
    embedder, items = BagOfWordsEmbedder(), _items(catalog)[:4]
    assert _verdicts(embedder, items, path) == _verdicts(embedder, items, None)
    assert capsys.readouterr().err == ""
    assert not path.with_name("vectors.sqlite.damaged").exists()


@pytest.mark.model
def test_real_model_cache_with_200_flipped_bytes_gives_the_verdicts_of_no_cache(
    real_scorer, catalog, tmp_path, capsys
):
    q, r = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    items = [(q, r, t) for band in r.bands.values() for t in band.exemplars[:2]]
    reference = [(x.band, x.confidence, x.scores, x.score) for x in real_scorer.score_many(items)]
    # A cache of this rubric alone, so that every damaged row is one this rubric reads.
    path = tmp_path / "vectors.sqlite"
    embedder = real_scorer.embedder
    Scorer(embedder, CachedEmbedder(embedder, VectorCache(path))).prepare(q, r)
    _settle(path)
    assert _flip_inside_vectors(path, rows=5, per_row=40, seed=2) == 200
    got = _verdicts(real_scorer.embedder, items, path)
    assert [g[0] for g in got] == [x[0] for x in reference]
    # Recomputed vectors come from smaller batches, whose padding moves the last float bit.
    assert [g[1] for g in got] == pytest.approx([x[1] for x in reference], abs=2e-3)
    assert [g[3] for g in got] == pytest.approx([x[3] for x in reference], abs=1e-4)
    assert "damaged vector" in capsys.readouterr().err


def _open_in_process(path: str, barrier, errors) -> None:
    import contextlib
    import io

    err = io.StringIO()
    barrier.wait(timeout=30)
    with contextlib.redirect_stderr(err):
        VectorCache(Path(path)).close()
    errors.put(err.getvalue())


def test_processes_opening_a_new_cache_at_once_never_take_it_for_damage(tmp_path):
    """Two test workers (or two windows) open a fresh cache together: before the marking was
    one transaction, one of them read the other's half-made file, called it foreign and moved
    it aside (about 4 times in 100 with three processes; 50 tries here)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork: three processes started within microseconds of each other")
    ctx = multiprocessing.get_context("fork")
    for trial in range(50):
        path = tmp_path / f"t{trial}" / "vectors.sqlite"
        path.parent.mkdir()
        barrier, errors = ctx.Barrier(3), ctx.Queue()
        procs = [
            ctx.Process(target=_open_in_process, args=(str(path), barrier, errors), daemon=True)
            for _ in range(3)
        ]
        try:
            for p in procs:
                p.start()
            said = [errors.get(timeout=60) for _ in procs]
        finally:
            for p in procs:
                p.join(timeout=10)
                if p.is_alive():
                    p.terminate()
        assert said == ["", "", ""], said
        assert not list(path.parent.glob("*damaged*"))

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from interview_coach.bank.catalog import Catalog

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Two workers on two cores: torch's default of a thread per core in each would make four
    # threads fight for two, which costs more than it wins. The app processes a test starts
    # inherit the limit through the environment.
    os.environ["OMP_NUM_THREADS"] = "1"
    import torch

    torch.set_num_threads(1)

# One vector cache for the whole run, shared by both workers and the app processes tests
# start: every test that scores with the real model would otherwise embed its rubrics again
# in an empty cache (seconds each). Tests of the cache itself use files of their own.
_SHARED_CACHE = "INTERVIEW_COACH_TEST_VECTOR_CACHE"


def pytest_configure(config):
    if _SHARED_CACHE not in os.environ:  # the controller; workers inherit its environment
        os.environ[_SHARED_CACHE] = tempfile.mkdtemp(prefix="ic-vectors-")
        config._ic_owns_cache = True


def pytest_unconfigure(config):
    if getattr(config, "_ic_owns_cache", False):
        shutil.rmtree(os.environ.pop(_SHARED_CACHE), ignore_errors=True)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    cat = Catalog.load()
    assert not cat.errors, [str(p) for p in cat.errors]
    return cat


@pytest.fixture(scope="session")
def real_embedder():
    from interview_coach.scoring.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.load()
    return embedder


@pytest.fixture(scope="session")
def real_scorer(real_embedder):
    from interview_coach.scoring.scorer import Scorer
    from interview_coach.scoring.vector_cache import CachedEmbedder, VectorCache

    cache = VectorCache(Path(os.environ[_SHARED_CACHE]) / "vectors.sqlite")
    return Scorer(real_embedder, CachedEmbedder(real_embedder, cache))


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    # Never read or write the developer's real config, cache or transcripts from tests.
    monkeypatch.setenv("INTERVIEW_COACH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INTERVIEW_COACH_CACHE_DIR", os.environ[_SHARED_CACHE])
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INTERVIEW_COACH_DB", raising=False)
    monkeypatch.delenv("INTERVIEW_COACH_MODEL", raising=False)
    # Output width comes from the terminal or COLUMNS; a test that wants a width sets it (an
    # xdist worker, or the developer's shell, may have COLUMNS set).
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


# First: xdist's own hook reads the group markers to send a group to one worker, and a marker
# added after it has run is never seen (every model test then loaded the model and embedded
# the bank in both workers).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Under xdist (--dist loadgroup), every test that uses the shared real model runs in one
    # worker: it loads the model and embeds the 24 built-in rubrics once, not once per worker.
    # A model test that runs the app in a process of its own (a CLI wait, the browser, a
    # SIGKILL) loads a model of its own (it shares only the vector cache file, which SQLite
    # shares safely), so it runs in whichever worker is free.
    if not config.pluginmanager.hasplugin("xdist"):
        return
    shared = {"real_embedder", "real_scorer", "cli_uses"}
    for item in items:
        if shared & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("model"))

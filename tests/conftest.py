from __future__ import annotations

import pytest

from interview_coach.bank.catalog import Catalog


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
def real_scorer(real_embedder, tmp_path_factory):
    from interview_coach.scoring.scorer import Scorer
    from interview_coach.scoring.vector_cache import CachedEmbedder, VectorCache

    cache = VectorCache(tmp_path_factory.mktemp("cache") / "vectors.sqlite")
    return Scorer(real_embedder, CachedEmbedder(real_embedder, cache))


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    # Never read or write the developer's real config, cache or transcripts from tests.
    monkeypatch.setenv("INTERVIEW_COACH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INTERVIEW_COACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INTERVIEW_COACH_DB", raising=False)
    monkeypatch.delenv("INTERVIEW_COACH_MODEL", raising=False)

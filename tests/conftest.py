from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from interview_coach.bank.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


class BagOfWordsEmbedder:
    """Fast, deterministic stand-in for unit tests of logic: texts sharing words are similar.
    Real-model behaviour is covered by the tests marked `model`."""

    name = "fake-bow"
    dim = 512

    def __init__(self):
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts):
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                h = int.from_bytes(hashlib.md5(word.encode()).digest()[:4], "little")
                out[row, h % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


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

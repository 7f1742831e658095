"""The exemplar vector cache: a second start re-embeds nothing unchanged; a bad file is
survivable."""

from __future__ import annotations

import pytest

from interview_coach.scoring.scorer import Scorer
from interview_coach.scoring.vector_cache import CachedEmbedder, VectorCache

pytestmark = pytest.mark.model


class Counting:
    def __init__(self, inner):
        self.inner, self.texts = inner, 0

    @property
    def name(self):
        return self.inner.name

    def encode(self, texts):
        self.texts += len(texts)
        return self.inner.encode(texts)


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


def test_changed_text_is_the_only_miss(real_embedder, tmp_path):
    path = tmp_path / "v.sqlite"
    CachedEmbedder(real_embedder, VectorCache(path)).encode(["alpha one", "beta two"])
    counting = Counting(real_embedder)
    CachedEmbedder(counting, VectorCache(path)).encode(["alpha one", "beta two changed"])
    assert counting.texts == 1


def test_corrupt_cache_file_is_survivable(real_embedder, tmp_path, capsys):
    path = tmp_path / "v.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    vecs = CachedEmbedder(real_embedder, VectorCache(path)).encode(["hello world"])
    assert vecs.shape == (1, 384)
    assert "cache" in capsys.readouterr().err

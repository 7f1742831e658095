"""Wires a scorer from settings: the embedder, its vector cache, and the catalog."""

from __future__ import annotations

from interview_coach.common.config import Settings
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.scorer import Scorer
from interview_coach.scoring.vector_cache import CachedEmbedder, VectorCache


def make_scorer(settings: Settings) -> Scorer:
    embedder = SentenceTransformerEmbedder(settings.model)
    cache = VectorCache(settings.cache_path)
    return Scorer(embedder, CachedEmbedder(embedder, cache))

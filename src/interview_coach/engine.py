"""Wires a scorer from settings: the embedder, its vector cache, and the catalog."""

from __future__ import annotations

from .config import Settings
from .embedding import SentenceTransformerEmbedder
from .scoring import Scorer
from .vector_cache import CachedEmbedder, VectorCache


def make_scorer(settings: Settings) -> Scorer:
    embedder = SentenceTransformerEmbedder(settings.model)
    cache = VectorCache(settings.cache_path)
    return Scorer(embedder, CachedEmbedder(embedder, cache))

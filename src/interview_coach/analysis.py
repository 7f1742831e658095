"""Embedding an answer: its sentences (for coverage) and the whole (for exemplar
similarity), all in one encode call. The same function embeds exemplars, so an answer and an
exemplar are always compared like for like."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .embedding import Embedder
from .substance import unique_sentences
from .text import clean, split_sentences, truncate_words, words

# all-MiniLM-L6-v2 reads 256 word pieces, about 190 English words: past that the whole-text
# vector only sees the start, so it is blended with the mean of the sentence vectors.
WHOLE_TEXT_WORDS = 180


@dataclass
class Prepared:
    """A cleaned answer split into what gets embedded."""

    text: str
    total_words: int  # before truncation
    sentences: list[str]  # all, in order
    units: list[str]  # distinct sentences, in order
    repeated: int


@dataclass
class Embedded:
    prepared: Prepared
    unit_vecs: np.ndarray  # (n_units, dim)
    whole: np.ndarray  # (dim,)


def prepare_text(raw: str) -> Prepared:
    text, total = truncate_words(clean(raw))
    sentences = split_sentences(text)
    units, repeated = unique_sentences(sentences)
    return Prepared(text, total, sentences, units or [text], repeated)


def embed_many(items: Sequence[Prepared], embedder: Embedder) -> list[Embedded]:
    batch: list[str] = []
    spans = []
    for p in items:
        start = len(batch)
        batch.extend(p.units)
        whole_needed = len(p.units) > 1
        if whole_needed:
            batch.append(p.text)
        spans.append((start, len(p.units), whole_needed))
    vecs = embedder.encode(batch) if batch else np.zeros((0, 0), np.float32)
    out = []
    for p, (start, n, whole_needed) in zip(items, spans, strict=True):
        units = vecs[start : start + n]
        if not whole_needed:
            whole = units[0]
        else:
            whole = vecs[start + n]
            if len(words(p.text)) > WHOLE_TEXT_WORDS:
                mean = units.mean(axis=0)
                whole = _unit(0.5 * whole + 0.5 * _unit(mean))
        out.append(Embedded(p, units, whole))
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v

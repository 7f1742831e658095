"""Embedding an answer: its sentences (for coverage) and the whole (for exemplar
similarity), all in one encode call. The same function embeds exemplars, so an answer and an
exemplar are always compared like for like."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.scoring.embedding import Embedder
from interview_coach.scoring.gates import unique_sentences
from interview_coach.scoring.text import clean, split_sentences, truncate_words, words

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
    # Per stance label, the probability of each unit (scoring.stance), filled on first use.
    stance: dict[str, np.ndarray] | None = None


def prepare_text(raw: str) -> Prepared:
    text, total = truncate_words(clean(raw))
    sentences = split_sentences(text)
    units, repeated = unique_sentences(sentences)
    return Prepared(text, total, sentences, units or [text], repeated)


def embed_many(items: Sequence[Prepared], embedder: Embedder) -> list[Embedded]:
    # Sentences and whole texts go in separate calls: one batch pads to its longest text, so
    # a 256-token whole answer in a batch of 20-token sentences would cost ten times over.
    units = [u for p in items for u in p.units]
    wholes = [p.text for p in items if len(p.units) > 1]
    unit_vecs = embedder.encode(units) if units else np.zeros((0, 0), np.float32)
    whole_vecs = iter(embedder.encode(wholes)) if wholes else iter(())
    out, start = [], 0
    for p in items:
        vecs = unit_vecs[start : start + len(p.units)]
        start += len(p.units)
        if len(p.units) == 1:
            whole = vecs[0]
        else:
            whole = next(whole_vecs)
            if len(words(p.text)) > WHOLE_TEXT_WORDS:
                whole = _unit(0.5 * whole + 0.5 * _unit(vecs.mean(axis=0)))
        out.append(Embedded(p, vecs, whole))
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v

"""Embedding an answer: its sentences (for coverage) and, pooled from them, the whole (for
exemplar similarity), all in one encode call. The same function embeds exemplars and graded
answers, so an answer and what it is compared with are always made alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.scoring.embedding import Embedder, Tokens, can_tokenize, unit_rows
from interview_coach.scoring.gates import unique_sentences
from interview_coach.scoring.text import clean, split_sentences, truncate_words, words


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
    whole: np.ndarray  # (dim,), text_vector
    # Per stance label, the probability of each unit (scoring.stance), filled on first use.
    stance: dict[str, np.ndarray] | None = None
    # The word pieces of its sentences, in order (scoring.alignment); None when the embedder
    # cannot give them.
    tokens: Tokens | None = None


def prepare_text(raw: str) -> Prepared:
    text, total = truncate_words(clean(raw))
    sentences = split_sentences(text)
    units, repeated = unique_sentences(sentences)
    return Prepared(text, total, sentences, units or [text], repeated)


def embed_many(
    items: Sequence[Prepared], embedder: Embedder, tokens: bool = True
) -> list[Embedded]:
    # One model pass, over the sentences. The whole text's vector is pooled from its
    # sentences' (text_vector), not read in a second pass over the whole: that pass cost as
    # much as a bare encode of the answers again, and a whole-text pass sees only the first
    # 256 word pieces of a long answer. Word pieces (when `tokens` and the embedder can give
    # them) come from the same pass, each read in the context of its sentence.
    units = [u for p in items for u in p.units]
    vecs, pieces = _encode(embedder, units, tokens)
    out, start = [], 0
    for p in items:
        n = len(p.units)
        mine = vecs[start : start + n]
        whole = text_vector(p, mine)
        joined = _joined(pieces[start : start + n])
        start += n
        out.append(Embedded(p, mine, whole, tokens=joined))
    return out


def text_vector(p: Prepared, unit_vecs: np.ndarray) -> np.ndarray:
    """A text's vector from its sentences': their mean, each weighted by its words, so a
    long sentence counts as much of the text as it is. An answer is compared with exemplars
    and graded answers by vectors made this way on both sides. (The question's own text is
    encoded whole: it is a sentence or two, and the point head was trained on it so.)"""
    if len(unit_vecs) == 1:
        return unit_vecs[0]
    weight = np.array([max(len(words(u)), 1) for u in p.units], dtype=np.float32)
    return unit_rows(weight[None, :] @ unit_vecs)[0]


def text_vectors(items: Sequence[Prepared], embedder: Embedder) -> np.ndarray:
    """The texts' vectors (text_vector), with no word pieces."""
    if not items:
        return np.zeros((0, 0), np.float32)
    return np.stack([e.whole for e in embed_many(items, embedder, tokens=False)])


def _joined(found: Sequence[Tokens | None]) -> Tokens | None:
    pieces = [t for t in found if t is not None]
    if not pieces or len(pieces) < len(found):
        return None
    if len(pieces) == 1:
        return pieces[0]
    return Tokens(
        np.concatenate([t.ids for t in pieces]),
        np.concatenate([t.states for t in pieces]),
    )


def _encode(
    embedder: Embedder, texts: list[str], tokens: bool
) -> tuple[np.ndarray, list[Tokens | None]]:
    if not texts:
        return np.zeros((0, 0), np.float32), []
    if tokens and can_tokenize(embedder):
        vecs, found = embedder.encode_tokens(texts)
        return vecs, list(found)
    return embedder.encode(texts), [None] * len(texts)

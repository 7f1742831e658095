"""Embedding an answer: its sentences (for coverage) and the whole (for exemplar
similarity), all in one encode call. The same function embeds exemplars, so an answer and an
exemplar are always compared like for like."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.scoring.embedding import Embedder, Tokens, can_tokenize
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
    # The vector of the one pass over the whole text (or its one sentence), before a long
    # text's blend with its sentences: what a graded answer is compared by (scoring.memory),
    # since graded answers are embedded in one pass.
    text_vec: np.ndarray
    # Per stance label, the probability of each unit (scoring.stance), filled on first use.
    stance: dict[str, np.ndarray] | None = None
    # The word pieces of the pass that gave `whole` (scoring.alignment); None when the
    # embedder cannot give them.
    tokens: Tokens | None = None


def prepare_text(raw: str) -> Prepared:
    text, total = truncate_words(clean(raw))
    sentences = split_sentences(text)
    units, repeated = unique_sentences(sentences)
    return Prepared(text, total, sentences, units or [text], repeated)


def embed_many(
    items: Sequence[Prepared], embedder: Embedder, tokens: bool = True
) -> list[Embedded]:
    # Sentences and whole texts go in separate calls: one batch pads to its longest text, so
    # a 256-token whole answer in a batch of 20-token sentences would cost ten times over.
    # Word pieces (when `tokens` and the embedder can give them) come only from the pass that
    # gives a text its vector: the whole, or the one sentence of a one-sentence text.
    single = [token_text(p) for p in items if len(p.units) == 1]
    units = [u for p in items if len(p.units) > 1 for u in p.units]
    wholes = [p.text for p in items if len(p.units) > 1]
    single_vecs, single_tokens = _encode(embedder, single, tokens)
    unit_vecs, _ = _encode(embedder, units, False)
    whole_vecs, whole_tokens = _encode(embedder, wholes, tokens)
    out, s, w, start = [], 0, 0, 0
    for p in items:
        if len(p.units) == 1:
            vecs, whole, pieces = single_vecs[s : s + 1], single_vecs[s], single_tokens[s]
            s += 1
        else:
            vecs = unit_vecs[start : start + len(p.units)]
            start += len(p.units)
            whole, pieces = whole_vecs[w], whole_tokens[w]
            w += 1
        text_vec = whole
        if len(p.units) > 1 and len(words(p.text)) > WHOLE_TEXT_WORDS:
            whole = _unit(0.5 * whole + 0.5 * _unit(vecs.mean(axis=0)))
        out.append(Embedded(p, vecs, whole, text_vec, tokens=pieces))
    return out


def token_text(p: Prepared) -> str:
    """The text whose pass gives an embedded text's tokens (embed_many): the whole, or for a
    one-sentence text that sentence."""
    return p.units[0] if len(p.units) == 1 else p.text


def _encode(
    embedder: Embedder, texts: list[str], tokens: bool
) -> tuple[np.ndarray, list[Tokens | None]]:
    if not texts:
        return np.zeros((0, 0), np.float32), []
    if tokens and can_tokenize(embedder):
        vecs, found = embedder.encode_tokens(texts)
        return vecs, list(found)
    return embedder.encode(texts), [None] * len(texts)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v

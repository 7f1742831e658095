"""Word-piece alignment between an answer and a rubric's exemplars, in the manner of BERTScore:
each word piece of one text is matched to the most similar word piece of the other, with the
states of the pass that embedded its sentences, and the matches are averaged.

Why it is in the band model: a whole-text vector is mostly topic, so nearest-exemplar voting
by it finds an exemplar on the same subject, not one saying the same thing. Matched word by
word, an answer finds the exemplars worded most like it. On held-out short-answer questions,
nearest-exemplar voting by this alignment beats voting by whole-text cosine by 5-10 points of
macro-F1 (eval/research/tokalign.py), and as band features it lifts held-out short answers by
4-10 points (eval/research/cand6.py, README there). What it does not do is read how words
are bound: "a stack is last in, first out" and "a stack is first in, last out" align almost
equally well with either exemplar.

Words that every exemplar of a rubric uses say what the question is about, not which band an
answer belongs in; each word piece is weighted by its inverse frequency among the rubric's
own exemplars, so no corpus statistics are needed and a user's new rubric works at once."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.bank.models import BANDS
from interview_coach.scoring.embedding import Tokens

# The features the band model reads, in a fixed order (scorer.answer_features adds them).
FEATURES: tuple[str, ...] = (
    *(f"tf_{b}" for b in BANDS),  # best alignment F1 with one exemplar of the band
    *(f"tf2_{b}" for b in BANDS),  # mean of the best two
    *(f"tp_{b}" for b in BANDS),  # best precision: the answer's words found in the exemplar
    *(f"tnn1_{b}" for b in BANDS),  # the best-aligned exemplar's band
    *(f"tknn3_{b}" for b in BANDS),  # the three best-aligned exemplars' bands, as shares
    "tf_margin",  # best Strong Hire alignment over the best of the other bands
)


@dataclass(frozen=True)
class ExemplarTokens:
    """A rubric's exemplars as word pieces, stacked into one matrix so that an answer is
    aligned with all of them in one product, with the rubric's own word weights."""

    keys: tuple[tuple[str, int], ...]  # (band, index) of each exemplar that has word pieces
    starts: np.ndarray  # where each exemplar's rows begin in `ids` and `states`
    ids: np.ndarray  # (pieces,)
    states: np.ndarray  # (pieces, dim)
    weights: np.ndarray  # (pieces,)
    idf: Mapping[int, float]

    def views(self) -> list[Tokens]:
        """Each exemplar's word pieces (in `keys` order) as views of the stacked arrays."""
        ends = [*self.starts[1:].tolist(), len(self.ids)]
        return [
            Tokens(self.ids[a:z], self.states[a:z])
            for a, z in zip(self.starts.tolist(), ends, strict=True)
        ]


def rubric_tokens(by_band: Mapping[str, Sequence[Tokens | None]]) -> ExemplarTokens:
    items = [
        ((b, i), t)
        for b in BANDS
        for i, t in enumerate(by_band.get(b, ()))
        if t is not None and len(t.ids)
    ]
    df: dict[int, int] = {}
    for _, t in items:
        for i in set(t.ids.tolist()):
            df[i] = df.get(i, 0) + 1
    n = len(items)
    idf = {i: math.log((n + 1) / (c + 1)) + 1.0 for i, c in df.items()}
    if not items:
        none = np.zeros(0, np.int64)
        return ExemplarTokens((), none, none, np.zeros((0, 0), np.float32), np.zeros(0), idf)
    sizes = [len(t.ids) for _, t in items]
    return ExemplarTokens(
        tuple(k for k, _ in items),
        np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64),
        np.concatenate([t.ids for _, t in items]).astype(np.int64),
        np.concatenate([t.states for _, t in items]).astype(np.float32),
        np.concatenate([weights(t.ids, idf) for _, t in items]),
        idf,
    )


def weights(ids: np.ndarray, idf: Mapping[int, float]) -> np.ndarray:
    # A word piece no exemplar uses gets the least weight: in an answer these are mostly
    # misspellings and filler, and one of them must not outweigh the words that decide.
    return np.array([idf.get(int(i), 1.0) for i in ids], dtype=np.float64)


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b.T on the model's own thread pool when the model is loaded. numpy's threaded BLAS
    leaves its workers spinning after the product, and on a small machine they take the cores
    the next answer's model pass needs (one 40-word answer scored in 130 ms instead of 35)."""
    torch = sys.modules.get("torch")
    if torch is None:  # no model in this process (word pieces made by hand, in tests)
        return a @ b.T
    return (torch.from_numpy(a) @ torch.from_numpy(b).T).numpy()


def precision_recall_f1(
    answer: Tokens, ex: ExemplarTokens
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per exemplar (in `ex.keys` order): how well the answer's word pieces are found in it
    (precision), its word pieces in the answer (recall), and their harmonic mean."""
    if not len(answer.ids) or not ex.keys:
        zero = np.zeros(len(ex.keys))
        return zero, zero, zero
    sims = _product(answer.states, ex.states)
    wa = weights(answer.ids, ex.idf)
    p = (wa @ np.maximum.reduceat(sims, ex.starts, axis=1)) / wa.sum()
    found = sims.max(axis=0) * ex.weights
    r = np.add.reduceat(found, ex.starts) / np.add.reduceat(ex.weights, ex.starts)
    f = np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1.0), 0.0)
    return p, r, f


def features(
    answer: Tokens | None,
    ex: ExemplarTokens | None,
    skip: frozenset[tuple[str, int]] = frozenset(),
) -> dict[str, float]:
    """FEATURES for one answer; `skip` leaves exemplars (band, index) out, as the scorer does
    when an exemplar is judged against its own rubric. All zero without tokens (an embedder
    that cannot give them, for which the learned model is not used)."""
    out = dict.fromkeys(FEATURES, 0.0)
    if answer is None or ex is None:
        return out
    p, _, f = precision_recall_f1(answer, ex)
    scored = [
        (float(fk), float(pk), key[0])
        for key, pk, fk in zip(ex.keys, p, f, strict=True)
        if key not in skip
    ]
    if not scored:
        return out
    for b in BANDS:
        fs = sorted((f for f, _, bb in scored if bb == b), reverse=True)
        out[f"tf_{b}"] = fs[0] if fs else 0.0
        out[f"tf2_{b}"] = float(np.mean(fs[:2])) if fs else 0.0
        out[f"tp_{b}"] = max((p for _, p, bb in scored if bb == b), default=0.0)
    near = sorted(scored, key=lambda s: -s[0])
    for b in BANDS:
        out[f"tnn1_{b}"] = float(near[0][2] == b)
        out[f"tknn3_{b}"] = sum(1 for _, _, nb in near[:3] if nb == b) / len(near[:3])
    out["tf_margin"] = out["tf_strong_hire"] - max(out["tf_lean_hire"], out["tf_no_hire"])
    return out

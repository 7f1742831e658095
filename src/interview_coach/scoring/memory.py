"""Graded answers as neighbours. A question's graded answers (bank.graded) join its rubric's
exemplars as the examples an answer is compared with, whole answer to whole answer: which
bands its nearest examples hold, and how close it comes to each band. With a hundred graded
answers in many voices, the nearest examples are answers written the way this one is, not
the rubric author's few; nearest-neighbour voting over them alone matches the whole scorer on
new writers' answers (eval/research/README.md, "Graded answers as neighbours").

An answer is never its own neighbour: a graded answer with the same words, or by the same
writer when the writer is known, is left out, so a graded answer is judged by the others."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from interview_coach.bank.models import BANDS
from interview_coach.scoring.analysis import Prepared, text_vectors
from interview_coach.scoring.embedding import Embedder

# The built-in graded answers' vectors under the model the band model was trained with, built
# by scripts/train_scorer.py: a first run reads them instead of embedding two thousand long
# answers (about 40 s on 2 cores). Keyed by a digest of the cleaned text, so an edited or a
# user's answer is simply embedded.
VECTORS = "graded_vectors.npz"

# The vote features' neighbourhood sizes: a close vote and a similarity-weighted one, as
# nearest-neighbour voting over graded answers was measured (k = 3 best alone).
NEAR, WEIGHTED = 3, 5


def text_key(text: str) -> str:
    """Two answers with the same words, whatever their case and spacing, are the same answer."""
    return " ".join(text.lower().split())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@functools.lru_cache(maxsize=1)
def bundled() -> tuple[str, dict[str, np.ndarray]]:
    """(model name, vector by text digest) of the shipped vectors; ("", {}) without them."""
    path = resources.files("interview_coach.scoring") / "weights" / VECTORS
    if not path.is_file():
        return "", {}
    with path.open("rb") as f, np.load(f) as z:
        return str(z["model"]), dict(zip(z["keys"].tolist(), z["vecs"], strict=True))


def encode(items: Sequence[Prepared], embedder: Embedder) -> np.ndarray:
    """The texts' vectors (analysis.text_vector): shipped ones where this is the model they
    were made with, the rest from `embedder`."""
    model, shipped = bundled()
    found = [shipped.get(digest(p.text)) if model == embedder.name else None for p in items]
    missing = [p for p, v in zip(items, found, strict=True) if v is None]
    fresh = iter(text_vectors(missing, embedder)) if missing else iter(())
    return np.stack([v if v is not None else next(fresh) for v in found]).astype(np.float32)


@dataclass(frozen=True)
class Memory:
    """A rubric's graded answers, embedded: row i of `vecs` is graded answer i."""

    vecs: np.ndarray  # (n, dim), unit length
    bands: tuple[str, ...]
    writers: tuple[str, ...]
    keys: tuple[str, ...]  # text_key of each answer

    def __len__(self) -> int:
        return len(self.bands)


@dataclass(frozen=True)
class Example:
    """An exemplar as a neighbour: its band and index there, its whole-text vector, its text
    key."""

    band: str
    index: int
    vec: np.ndarray
    key: str


def neighbours(
    vec: np.ndarray,
    examples: Sequence[Example],
    memory: Memory | None,
    own: str,
    writer: str | None = None,
    skip: Callable[[Example], bool] = lambda x: False,
) -> list[tuple[float, str]]:
    """(similarity, band) of every example and graded answer, best first, without the answer
    itself (`own` is its text key), its writer's answers, or the examples `skip` names."""
    near = [(float(vec @ x.vec), x.band) for x in examples if x.key != own and not skip(x)]
    if memory is not None and len(memory):
        sims = memory.vecs @ vec
        near += [
            (float(s), b)
            for s, b, w, k in zip(sims, memory.bands, memory.writers, memory.keys, strict=True)
            if k != own and not (writer and w == writer)
        ]
    near.sort(key=lambda t: -t[0])
    return near


def votes(
    near: list[tuple[float, str]], share: str, weighted: str, nearest: str
) -> dict[str, float]:
    """Nearest-neighbour voting over `near` (best first) as features named `<name>_<band>`:
    per band, its share of the NEAR nearest (`share`), its similarity-weighted share of the
    WEIGHTED nearest (`weighted`), and whether it holds the nearest (`nearest`)."""
    out: dict[str, float] = {}
    weight = sum(max(s, 0.0) for s, _ in near[:WEIGHTED]) or 1.0
    for b in BANDS:
        out[f"{share}_{b}"] = sum(1 for _, nb in near[:NEAR] if nb == b) / max(1, len(near[:NEAR]))
        out[f"{weighted}_{b}"] = sum(max(s, 0.0) for s, nb in near[:WEIGHTED] if nb == b) / weight
        out[f"{nearest}_{b}"] = float(bool(near) and near[0][1] == b)
    return out


def features(near: list[tuple[float, str]], has_memory: bool) -> dict[str, float]:
    """What the band model reads of the neighbours: the votes, and whether the question has
    graded answers. (A wider share and each band's best similarity added nothing on new
    writers: eval/research/README.md, cand7.py.)"""
    return {**votes(near, "mk3", "mk5w", "mnn1"), "mem_n": float(has_memory)}

"""How good the verdicts are: accuracy, macro-F1, Strong<->No swaps, expected calibration
error and the confusion matrix against labelled bands; how many attacks stay within the band
they must not exceed; and the nearest-neighbour vote over a rubric's exemplars that any scorer
has to beat."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interview_coach.bank.models import BANDS

ECE_BINS = 10
ORDER = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}


@dataclass
class Metrics:
    n: int
    accuracy: float
    macro_f1: float
    confusion: dict[str, dict[str, int]]  # confusion[true][predicted]
    per_band_f1: dict[str, float]
    ece: float | None = None  # expected calibration error of the stated confidence

    @property
    def strong_no_swaps(self) -> int:
        c = self.confusion
        return c["strong_hire"]["no_hire"] + c["no_hire"]["strong_hire"]

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "strong_no_swaps": self.strong_no_swaps,
            "per_band_f1": {b: round(v, 4) for b, v in self.per_band_f1.items()},
            "ece": None if self.ece is None else round(self.ece, 4),
            "confusion": self.confusion,
        }

    def table(self) -> str:
        head = "true \\ predicted".ljust(18) + "".join(b.rjust(13) for b in BANDS)
        rows = [
            b.ljust(18) + "".join(str(self.confusion[b][p]).rjust(13) for p in BANDS) for b in BANDS
        ]
        return "\n".join([head, *rows])


def metrics(
    truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float] | None = None
) -> Metrics:
    confusion = {t: {p: 0 for p in BANDS} for t in BANDS}
    for t, p in zip(truth, predicted, strict=True):
        confusion[t][p] += 1
    f1 = {}
    for b in BANDS:
        tp = confusion[b][b]
        fp = sum(confusion[t][b] for t in BANDS) - tp
        fn = sum(confusion[b].values()) - tp
        f1[b] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    n = len(truth)
    acc = sum(t == p for t, p in zip(truth, predicted, strict=True)) / n if n else 0.0
    ece = None if confidence is None else calibration_error(truth, predicted, confidence)
    return Metrics(n, acc, sum(f1.values()) / len(BANDS), confusion, f1, ece)


def calibration_error(
    truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float]
) -> float:
    """Expected calibration error: over ten equal-width confidence bins, the gap between the
    confidence the coach stated and how often it was right, weighted by the bin's size. A
    coach that says 80% should be right four times in five."""
    n = len(truth)
    if not n:
        return 0.0
    total = 0.0
    for k in range(ECE_BINS):
        lo, hi = k / ECE_BINS, (k + 1) / ECE_BINS
        idx = [i for i, c in enumerate(confidence) if lo < c <= hi or (k == 0 and c == 0.0)]
        if idx:
            right = sum(truth[i] == predicted[i] for i in idx) / len(idx)
            stated = sum(confidence[i] for i in idx) / len(idx)
            total += len(idx) / n * abs(stated - right)
    return total


@dataclass
class AttackReport:
    """Answers written to fool a scorer, each with the highest band it may get."""

    n: int
    within: int
    strong: int  # attacks (bound below Strong Hire) given it: the worst outcome
    by_kind: dict[str, tuple[int, int]]  # kind -> (within bound, total)

    @property
    def rate(self) -> float:
        return self.within / self.n if self.n else 0.0

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "within_bound": self.within,
            "rate": round(self.rate, 4),
            "strong_hire": self.strong,
            "by_kind": {k: {"within": a, "n": b} for k, (a, b) in sorted(self.by_kind.items())},
        }


def attack_report(rows: Sequence[dict], predicted: Sequence[str]) -> AttackReport:
    by_kind: dict[str, tuple[int, int]] = {}
    within = 0
    for row, band in zip(rows, predicted, strict=True):
        ok = ORDER[band] <= ORDER[row["max_band"]]
        within += ok
        a, b = by_kind.get(row.get("attack", "attack"), (0, 0))
        by_kind[row.get("attack", "attack")] = (a + ok, b + 1)
    # A strong control (bound Strong Hire) given Strong Hire is right, not an attack that won.
    strong = sum(
        b == "strong_hire" and row["max_band"] != "strong_hire"
        for row, b in zip(rows, predicted, strict=True)
    )
    return AttackReport(len(rows), within, strong, by_kind)


def per_question(
    truth: Sequence[str], predicted: Sequence[str], questions: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """question id -> (right, answers)."""
    out: dict[str, tuple[int, int]] = {}
    for t, p, q in zip(truth, predicted, questions, strict=True):
        a, b = out.get(q, (0, 0))
        out[q] = (a + (t == p), b + 1)
    return out


def given_by(predicted: Sequence[str], groups: Sequence[str]) -> dict[str, dict[str, int]]:
    """group -> how many of its answers got each band: where a kind of answer goes wrong."""
    out: dict[str, dict[str, int]] = {}
    for p, g in zip(predicted, groups, strict=True):
        counts = out.setdefault(g, {})
        counts[p] = counts.get(p, 0) + 1
    return out


def nearest_neighbour_vote(sims: Sequence[tuple[float, str]], k: int = 3) -> str:
    """The baseline: the majority band of the k exemplars most similar to the answer; a tie
    goes to the band of the most similar exemplar among the tied ones."""
    top = sorted(sims, key=lambda sb: -sb[0])[:k]
    votes: dict[str, int] = {}
    for _, b in top:
        votes[b] = votes.get(b, 0) + 1
    best = max(votes.values())
    return next(b for _, b in top if votes[b] == best)


def nearest_neighbour_bands(scorer, items) -> list[str]:
    """The baseline's band for each (question, rubric, answer): a 3-NN vote over the rubric's
    exemplars by the cosine of the model's plain vectors of the whole texts, as anyone would
    build it with the same model (not the scorer's own pooled vectors)."""
    answers = scorer.embedder.encode([a for _, _, a in items])
    exemplars: dict[str, tuple[np.ndarray, list[str]]] = {}
    out = []
    for (q, r, _), vec in zip(items, answers, strict=True):
        if q.id not in exemplars:
            texts = [t for b in BANDS for t in r.bands[b].exemplars]
            bands = [b for b in BANDS for _ in r.bands[b].exemplars]
            exemplars[q.id] = (scorer.rubric_embedder.encode(texts), bands)
        vecs, bands = exemplars[q.id]
        out.append(nearest_neighbour_vote(list(zip((vecs @ vec).tolist(), bands, strict=True))))
    return out


def read_labelled(path: Path) -> list[dict]:
    """Rows of a JSONL file: graded answers ({"question", "answer", "band"}) or attacks
    ({"question", "answer", "max_band"}). A row that is neither names its line."""
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{i}: not JSON ({exc})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("answer"), str):
            raise ValueError(f'{path}:{i}: each line needs "question" and "answer"')
        if row.get("band") not in BANDS and row.get("max_band") not in BANDS:
            raise ValueError(
                f"{path}:{i}: 'band' (or 'max_band' for an attack) must be one of"
                f" {', '.join(BANDS)}"
            )
        rows.append(row)
    return rows

"""Accuracy, macro-F1 and the confusion matrix of predicted against labelled bands."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from interview_coach.bank.models import BANDS


@dataclass
class Metrics:
    n: int
    accuracy: float
    macro_f1: float
    confusion: dict[str, dict[str, int]]  # confusion[true][predicted]
    per_band_f1: dict[str, float]

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
            "confusion": self.confusion,
        }

    def table(self) -> str:
        head = "true \\ predicted".ljust(18) + "".join(b.rjust(13) for b in BANDS)
        rows = [
            b.ljust(18) + "".join(str(self.confusion[b][p]).rjust(13) for p in BANDS) for b in BANDS
        ]
        return "\n".join([head, *rows])


def metrics(truth: Sequence[str], predicted: Sequence[str]) -> Metrics:
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
    return Metrics(n, acc, sum(f1.values()) / len(BANDS), confusion, f1)


def read_labelled(path: Path) -> list[dict]:
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("band") not in BANDS:
            raise ValueError(f"{path}:{i}: band must be one of {', '.join(BANDS)}")
        rows.append(row)
    return rows

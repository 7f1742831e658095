"""Per-rubric thresholds learnt from the rubric's own exemplars, so a new rubric file needs
no code: where its No/Lean/Strong exemplars fall on the composite score sets its cuts."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from interview_coach.bank.models import BANDS

MIN_TAU = 0.03
# One global temperature on every rubric's softness. The cuts decide the band; this only makes
# the stated confidence honest. Fitted by NLL leave-one-question-out on eval/corpus
# (eval/research/temperature.py): expected calibration error 0.19 at 1.0, 0.05 at 3.0.
CONFIDENCE_TEMPERATURE = 3.0


@dataclass(frozen=True)
class Calibration:
    lean_cut: float  # composite score at which Lean Hire starts
    strong_cut: float  # ... and Strong Hire
    tau: float  # softness of the band probabilities, from the spread within bands
    exemplar_scores: dict[str, tuple[float, ...]]

    def probabilities(self, z: float) -> dict[str, float]:
        """Ordinal logistic: P(at least Lean) and P(at least Strong) from the two cuts."""
        tau = self.tau * CONFIDENCE_TEMPERATURE
        at_least_lean = _sigmoid((z - self.lean_cut) / tau)
        at_least_strong = min(at_least_lean, _sigmoid((z - self.strong_cut) / tau))
        return {
            "strong_hire": at_least_strong,
            "lean_hire": at_least_lean - at_least_strong,
            "no_hire": 1.0 - at_least_lean,
        }

    def band(self, z: float) -> str:
        if z >= self.strong_cut:
            return "strong_hire"
        return "lean_hire" if z >= self.lean_cut else "no_hire"

    def accuracy(self) -> float:
        total = sum(len(v) for v in self.exemplar_scores.values())
        right = sum(self.band(z) == b for b, zs in self.exemplar_scores.items() for z in zs)
        return right / total if total else 0.0


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


def best_cut(lower: list[float], upper: list[float]) -> float:
    """The cut with fewest lower-band scores above it and upper-band scores below it; among
    equally good cuts, the one nearest the midpoint of the two bands' medians."""
    if not lower or not upper:
        return (statistics.median(lower or upper or [0.0])) if (lower or upper) else 0.0
    values = sorted(set(lower) | set(upper))
    candidates = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)] or values
    target = (statistics.median(lower) + statistics.median(upper)) / 2

    def cost(c: float) -> tuple[int, float]:
        errors = sum(x >= c for x in lower) + sum(x < c for x in upper)
        return errors, abs(c - target)

    return min(candidates, key=cost)


def calibrate(scores: dict[str, list[float]]) -> Calibration:
    no, lean, strong = (scores.get(b, []) for b in reversed(BANDS))
    lean_cut = best_cut(no, lean)
    strong_cut = best_cut(lean, strong)
    if strong_cut <= lean_cut:
        # Lean exemplars overlap both neighbours: keep a thin Lean band around their median.
        mid = statistics.median(lean) if lean else (lean_cut + strong_cut) / 2
        lean_cut, strong_cut = min(lean_cut, mid - 0.01), max(strong_cut, mid + 0.01)
    spreads = [statistics.pstdev(v) for v in (no, lean, strong) if len(v) > 1]
    tau = max(MIN_TAU, 0.5 * statistics.mean(spreads)) if spreads else MIN_TAU
    return Calibration(lean_cut, strong_cut, tau, {b: tuple(scores.get(b, [])) for b in BANDS})

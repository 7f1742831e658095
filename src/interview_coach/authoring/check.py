"""Can a rubric tell its bands apart? A report on one rubric, from its own exemplars.

`check_rubric(scorer, question, rubric)` reuses the scorer's prepared rubric (every vector is
computed once, by `Scorer.prepare`; nothing is embedded here) and reports:

* **Leave-one-out classification.** Each exemplar is scored as if it were a new answer to a
  rubric that did not contain it: its composite score with itself excluded from the exemplars
  (`PreparedRubric.exemplar_z`), against cuts from `calibrate()` on the other exemplars'
  scores. Those other scores are recomputed with the held-out exemplar removed from their
  exemplar neighbours too, or it would still shift the cuts: only the similarity term of the
  composite depends on which exemplars are present, so this is a few dot products, not an
  embedding. The scorer's own post-cut rules apply as well (a red flag at or above RED_HI, or
  coverage under STRONG_MIN_COVERAGE, holds an answer below Strong Hire). Accuracy, the
  confusion matrix and the misclassified exemplars come out of this.
* **Separation** of each pair of bands (No/Lean, Lean/Strong, No/Strong) on what the verdict
  is chosen from, each exemplar read with itself held out: with the learned band model (the
  default) the band it expects, from 0 (No Hire) to 2 (Strong Hire), P(Lean) + 2 P(Strong),
  after the scorer's holds; with the fallback cuts, the composite scores they are calibrated
  from. (The learned verdict is the band of least expected cost, in effect the median band,
  not the expected one, so an exemplar's verdict and its side of the best cut can differ.)
  The gap between the two bands' medians divided by their pooled standard deviation (`d`,
  like Cohen's d with medians), and how many exemplars fall on the wrong side of the best
  single cut between the two bands (`overlap`). Alongside, the mean
  cosine similarity of whole-answer vectors across the two bands minus the mean within them
  (`cosine_gap`; above 0 the two bands' answers read more alike across than within).
* **Near-duplicate exemplars**: `max(fuzz.ratio, fuzz.token_sort_ratio)` of the exemplars'
  normalised text (rapidfuzz `utils.default_process`). `token_set_ratio` is not used: it gives
  a short exemplar whose words all appear in a long one 90-95 on the built-in rubrics.
* **Key points no Strong Hire exemplar covers**: the best cosine of any Strong Hire exemplar
  sentence to the point's phrasings and label, exactly as the scorer measures coverage, against
  COVERED.
* **Red flags a Strong Hire exemplar trips** (similarity >= RED_HIT, with the scorer's
  negation discount): an exemplar that contradicts its band.

Thresholds, set from the 24 built-in rubrics scored with all-MiniLM-L6-v2 on the composite,
before the learned band model (verdicts there: 14 PASS, 9 WARN, 1 FAIL; the distributions
below are from then). Read on the learned model's expected band, the same thresholds give
verdicts of the same severity on rubrics it was not trained on (eval/foreign: 11 FAIL and 3
WARN either way; eval/shortanswer_heldout: 9 FAIL, 6 WARN, 1 PASS on the composite, 7, 7, 2
on the expected band; No/Strong d there 0.7 to 4.6). The built-in rubrics' exemplars are
training rows of the band model, so there their d is high (No/Strong 5.2 to 90, median 13;
No/Lean at least 3.5): their separation findings say little, their leave-one-out misses
still do.

==========================  =======  =======================================================
finding                     verdict  built-in distribution
==========================  =======  =======================================================
LOO accuracy < 0.50         FAIL     0.53 0.60 0.67 0.67 0.67 0.73, 0.80 x9, 0.87 x4,
LOO accuracy < 0.70         WARN     0.93 x4, 1.00 (median 0.80); chance is 0.33
Strong <-> No confusion     FAIL     one: promotion-disappointment (below)
band medians out of order   FAIL     none: No < Lean < Strong in all 24
No/Strong d < 1.5           FAIL     2.9 3.0 3.4 3.4 ... (median 4.2)
No/Lean, Lean/Strong        WARN     No/Lean 0.3 (mentoring) 0.8 (build-vs-buy) 1.1 1.2 ...
d < 1.0                              (median 1.5); Lean/Strong 1.4 1.6 2.1 ... (median 3.6)
cross-band duplicate >= 90  FAIL     highest pair of any two exemplars: 82 (in one band)
in-band duplicate >= 90     WARN     as above
key point < COVERED (0.50)  WARN     asking-for-help 0.480, influence-without-authority
                                     0.4998, then 0.51
Strong exemplar trips a     WARN     ic-or-management (0.68, 0.73, 0.79), staff-vs-principal
red flag (>= RED_HIT 0.68)           (0.69, 0.71)
No/Strong cosine_gap >= 0   WARN     at most -0.06
No/Lean, Lean/Strong        note     up to +0.05
cosine_gap >= 0
an adjacent-band miss       note     0 to 7 per rubric
==========================  =======  =======================================================

promotion-disappointment FAILs: its fifth No Hire exemplar (the long rant about the process)
scores 1.42 when held out, above the Strong cut of 1.37 set without it. It is the band's
only long narrative answer, so held out it reads most like the long Strong Hire exemplars
(whole-answer cosine 0.61 vs 0.46), its negated "I didn't really ask for detailed feedback"
still counts as the feedback key point, and no red flag reaches RED_HIT. In a copy with one
more long, narrative No Hire exemplar it PASSes (accuracy 0.88). Swapping a rubric's
strong_hire and no_hire exemplars, the case these thresholds must catch, FAILs: medians out
of order (bands-swapped) and several Strong <-> No confusions. Its accuracy is near 0.5, not
far under it: the band model reads the evidence in a strong story filed under No Hire and
still calls it Strong, which is what makes the swap visible.

Why the other exemplars are rescored without the held-out one: left as in `exemplar_z`, the
held-out exemplar is still among their nearest neighbours, and the cuts move with it. In
ic-or-management, the Strong cut without No Hire exemplar 5 is 1.36 when the others are
rescored but 1.03 when they are not, which would call that exemplar (1.17) a Strong Hire.

Exemplars are numbered from 1 in messages (the order in the file); `index` in the dicts is
0-based, as in `score --json`.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, utils

from interview_coach.bank.models import BAND_LABELS, BANDS, Band, Question, Rubric
from interview_coach.common.textfmt import clip
from interview_coach.scoring.calibration import best_cut, calibrate
from interview_coach.scoring.evaluate import metrics
from interview_coach.scoring.scorer import (
    COVERED,
    RED_HIT,
    PreparedRubric,
    Scorer,
    red_flag_holds,
)

ACCURACY_FAIL = 0.5
ACCURACY_WARN = 0.7
SEPARATION_FAIL = 1.5  # No/Strong
SEPARATION_WARN = 1.0  # No/Lean and Lean/Strong
DUPLICATE = 90.0
COSINE_GAP = 0.0

PAIRS: tuple[tuple[str, str], ...] = (
    ("no_hire", "lean_hire"),
    ("lean_hire", "strong_hire"),
    ("no_hire", "strong_hire"),
)
SEVERITIES = ("fail", "warn", "note")
_FAILURE_WORD = {
    "strong_hire": "a different strong story, in another style",
    "lean_hire": "a different partial answer",
    "no_hire": "a different failure",
}


@dataclass
class ExemplarCheck:
    band: str
    index: int  # 0-based, in the order of the file
    text: str
    words: int
    score: float  # with itself excluded from the exemplars: expected band, or the composite
    lean_cut: float  # the cuts calibrated without it
    strong_cut: float
    predicted: str
    coverage: float
    covered: list[str]  # ids of the key points it makes (>= COVERED)
    red_flag: float  # its highest red-flag similarity
    red_flag_id: str
    band_sims: dict[str, float]  # whole-answer similarity to each band (itself excluded)
    has_numbers: bool
    probability: float = 0.0  # of the band it landed in
    learned: bool = False  # placed by the learned band model, not by the cuts
    held: str = ""  # why the scorer held it below Strong Hire (Breakdown.held), if it did
    firm: str = ""  # the reader that made it No Hire whatever else it shows (Breakdown.firm)

    @property
    def correct(self) -> bool:
        return self.predicted == self.band

    @property
    def label(self) -> str:
        return f"{BAND_LABELS[self.band]} exemplar {self.index + 1}"

    @property
    def nearest_band(self) -> str:
        return max(self.band_sims, key=lambda b: self.band_sims[b])


@dataclass
class Separation:
    lower: str
    upper: str
    median_lower: float
    median_upper: float
    spread: float  # pooled standard deviation of the two bands' scores
    d: float  # (median_upper - median_lower) / spread
    overlap: int  # exemplars on the wrong side of the best cut between the two
    n: int
    cosine_within: float  # mean whole-answer cosine within the two bands
    cosine_between: float  # ... and across them

    @property
    def name(self) -> str:
        return f"{Band(self.lower).short}/{Band(self.upper).short}"

    @property
    def cosine_gap(self) -> float:
        return self.cosine_between - self.cosine_within


@dataclass
class Duplicate:
    band_a: str
    index_a: int
    band_b: str
    index_b: int
    similarity: float  # 0-100

    @property
    def cross_band(self) -> bool:
        return self.band_a != self.band_b


@dataclass
class PointCoverage:
    id: str
    label: str
    best: float  # best similarity of any Strong Hire exemplar sentence
    index: int  # the Strong Hire exemplar that comes closest (0-based)
    phrasing: str  # one of its phrasings, for the advice

    @property
    def covered(self) -> bool:
        return self.best >= COVERED


@dataclass
class RedFlagHit:
    index: int  # Strong Hire exemplar, 0-based
    flag_id: str
    label: str
    similarity: float
    sentence: str


@dataclass
class Finding:
    severity: str  # fail | warn | note
    code: str
    message: str
    advice: str


@dataclass
class RubricReport:
    question_id: str
    path: Path | None
    model: str
    lean_cut: float  # the cuts the scorer uses, from all exemplars
    strong_cut: float
    exemplars: list[ExemplarCheck]
    accuracy: float
    confusion: dict[str, dict[str, int]]  # confusion[true][predicted]
    separations: list[Separation]
    duplicates: list[Duplicate]
    points: list[PointCoverage]
    strong_red_flags: list[RedFlagHit]
    findings: list[Finding] = field(default_factory=list)
    learned: bool = False  # bands come from the learned band model; the cuts are its fallback
    story: bool = True  # the rubric expects a story, not a short technical answer
    plans: bool = False  # the question asks for a plan: "I would…" is an answer, not a dodge

    @property
    def verdict(self) -> str:
        severities = {f.severity for f in self.findings}
        return "FAIL" if "fail" in severities else "WARN" if "warn" in severities else "PASS"

    @property
    def passed(self) -> bool:
        return self.verdict != "FAIL"

    @property
    def misclassified(self) -> list[ExemplarCheck]:
        return [e for e in self.exemplars if not e.correct]

    @property
    def strong_no_confusions(self) -> int:
        c = self.confusion
        return c["strong_hire"]["no_hire"] + c["no_hire"]["strong_hire"]

    @property
    def uncovered_points(self) -> list[PointCoverage]:
        return [p for p in self.points if not p.covered]

    def separation(self, lower: str, upper: str) -> Separation:
        return next(s for s in self.separations if (s.lower, s.upper) == (lower, upper))

    def to_dict(self) -> dict:
        def rounded(obj):
            if isinstance(obj, float):
                return round(obj, 3)
            if isinstance(obj, dict):
                return {k: rounded(v) for k, v in obj.items()}
            if isinstance(obj, list):
                return [rounded(v) for v in obj]
            return obj

        return rounded(
            {
                "question_id": self.question_id,
                "path": str(self.path) if self.path else None,
                "model": self.model,
                "verdict": self.verdict,
                "passed": self.passed,
                "cuts": {"lean_hire": self.lean_cut, "strong_hire": self.strong_cut},
                "band_model": self.learned,
                # how the scorer reads answers to this question (scoring.gates.Norms)
                "reads_as": {"story": self.story, "plans": self.plans},
                # what an exemplar's score (and the separation) is: the expected band, 0-2,
                # with the learned model; the composite, against the cuts, without it
                "score_scale": "expected_band" if self.learned else "composite",
                "loo": {
                    "accuracy": self.accuracy,
                    "n": len(self.exemplars),
                    "strong_no_confusions": self.strong_no_confusions,
                    "confusion": self.confusion,
                    "misclassified": [
                        {
                            "band": e.band,
                            "index": e.index,
                            "predicted": e.predicted,
                            "score": e.score,
                            "probability": e.probability,
                            "lean_cut": e.lean_cut,
                            "strong_cut": e.strong_cut,
                            "text": first_words(e.text),
                        }
                        for e in self.misclassified
                    ],
                },
                "separation": [
                    {
                        "pair": [s.lower, s.upper],
                        "median": [s.median_lower, s.median_upper],
                        "spread": s.spread,
                        "d": s.d,
                        "overlap": s.overlap,
                        "n": s.n,
                        "cosine_within": s.cosine_within,
                        "cosine_between": s.cosine_between,
                    }
                    for s in self.separations
                ],
                "duplicates": [asdict(d) | {"cross_band": d.cross_band} for d in self.duplicates],
                "key_points": [
                    {"id": p.id, "label": p.label, "best": p.best, "covered": p.covered}
                    for p in self.points
                ],
                "strong_red_flags": [asdict(h) for h in self.strong_red_flags],
                "findings": [asdict(f) for f in self.findings],
            }
        )


# -- the check -----------------------------------------------------------------------------


def check_rubric(scorer: Scorer, question: Question, rubric: Rubric) -> RubricReport:
    pr = scorer.prepare(question, rubric)
    exemplars = _leave_one_out(scorer, pr)
    m = metrics([e.band for e in exemplars], [e.predicted for e in exemplars])
    report = RubricReport(
        question_id=question.id,
        path=rubric.path,
        model=scorer.embedder.name,
        lean_cut=pr.calibration.lean_cut,
        strong_cut=pr.calibration.strong_cut,
        exemplars=exemplars,
        accuracy=m.accuracy,
        confusion=m.confusion,
        separations=separations(pr, _scores(exemplars)),
        duplicates=near_duplicates(rubric),
        points=strong_coverage(pr),
        strong_red_flags=strong_red_flags(scorer, pr),
        learned=scorer.learned_bands,
        story=pr.norms.story,
        # plans_ok changes nothing where no story is expected
        plans=pr.norms.story and pr.norms.plans_ok,
    )
    report.findings = findings(report, rubric)
    return report


def _scores(exemplars: list[ExemplarCheck]) -> dict[str, list[float]]:
    return {b: [e.score for e in exemplars if e.band == b] for b in BANDS}


def _level(probabilities: dict[str, float]) -> float:
    """The band the learned model expects, on a 0 (No Hire) to 2 (Strong Hire) scale: read
    from the probabilities its verdict is chosen from, so the bands' separation is measured on
    them, not on the composite only the fallback's cuts are calibrated from."""
    return sum(BANDS[::-1].index(b) * p for b, p in probabilities.items())


def _leave_one_out(scorer: Scorer, pr: PreparedRubric) -> list[ExemplarCheck]:
    keys = [(b, i) for b in BANDS for i in range(len(pr.exemplars[b]))]
    out = []
    for band, i in keys:
        cal = pr.calibration
        if not scorer.learned_bands:
            # The other exemplars are rescored without this one and the cuts recalibrated from
            # them, so the held-out exemplar moves neither its own features nor the cuts. (The
            # learned band model has no per-rubric cuts to move: leaving the exemplar out of
            # the comparison is the whole of holding it out.)
            others: dict[str, list[float]] = {b: [] for b in BANDS}
            for b, j in keys:
                if (b, j) != (band, i):
                    held_out = frozenset({(b, j), (band, i)})
                    others[b].append(scorer.breakdown(pr, pr.exemplars[b][j], held_out).score)
            cal = calibrate(others)
        bd = scorer.breakdown(pr, pr.exemplars[band][i], (band, i), calibration=cal)
        f = bd.features
        top_red = max(f.rf_sims, default=0.0)
        red_idx = int(np.argmax(f.rf_sims)) if f.rf_sims else -1
        text = pr.rubric.bands[band].exemplars[i]
        out.append(
            ExemplarCheck(
                band=band,
                index=i,
                text=text,
                words=len(text.split()),
                score=_level(bd.probabilities) if scorer.learned_bands else pr.exemplar_z[band][i],
                lean_cut=cal.lean_cut,
                strong_cut=cal.strong_cut,
                predicted=bd.band,
                coverage=f.coverage,
                covered=[k.id for i, k in enumerate(pr.rubric.key_points) if f.made(i)],
                red_flag=top_red,
                red_flag_id=pr.rubric.red_flags[red_idx].id if red_idx >= 0 else "",
                band_sims=dict(f.band_sims),
                has_numbers=bd.signals.has_numbers,
                probability=bd.probabilities[bd.band],
                learned=scorer.learned_bands,
                held=bd.held,
                firm=bd.firm,
            )
        )
    return out


def separations(pr: PreparedRubric, z: dict[str, list[float]]) -> list[Separation]:
    """`z`: each band's exemplars' scores, each read with itself held out."""
    wholes = {b: np.stack([e.whole for e in pr.exemplars[b]]) for b in BANDS}

    def within(b: str) -> float:
        m = wholes[b] @ wholes[b].T
        n = len(m)
        return float((m.sum() - np.trace(m)) / (n * n - n)) if n > 1 else 1.0

    out = []
    for lo, hi in PAIRS:
        a, b = list(z[lo]), list(z[hi])
        spread = max(
            0.01, ((_variance(a) + _variance(b)) / 2) ** 0.5
        )  # a floor, so identical scores do not divide by zero
        gap = statistics.median(b) - statistics.median(a)
        cut = best_cut(a, b)
        out.append(
            Separation(
                lower=lo,
                upper=hi,
                median_lower=statistics.median(a),
                median_upper=statistics.median(b),
                spread=spread,
                d=gap / spread,
                overlap=sum(x >= cut for x in a) + sum(x < cut for x in b),
                n=len(a) + len(b),
                cosine_within=(within(lo) + within(hi)) / 2,
                cosine_between=float((wholes[lo] @ wholes[hi].T).mean()),
            )
        )
    return out


def _variance(values: list[float]) -> float:
    return statistics.variance(values) if len(values) > 1 else 0.0


def normalise(text: str) -> str:
    return utils.default_process(text)


def duplicate_score(a: str, b: str) -> float:
    """0-100: how alike two exemplars read as text, word order aside."""
    a, b = normalise(a), normalise(b)
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def near_duplicates(rubric: Rubric, threshold: float = DUPLICATE) -> list[Duplicate]:
    items = [(b, i, t) for b in BANDS for i, t in enumerate(rubric.bands[b].exemplars)]
    out = []
    for (ba, ia, ta), (bb, ib, tb) in combinations(items, 2):
        score = duplicate_score(ta, tb)
        if score >= threshold:
            out.append(Duplicate(ba, ia, bb, ib, score))
    return out


def strong_coverage(pr: PreparedRubric) -> list[PointCoverage]:
    """Per key point, the best similarity of any Strong Hire exemplar sentence to it."""
    out = []
    for kp, vecs in zip(pr.rubric.key_points, pr.kp_vecs, strict=True):
        best, where = 0.0, -1
        for i, e in enumerate(pr.exemplars["strong_hire"]):
            if e.unit_vecs.size:
                s = float((e.unit_vecs @ vecs.T).max())
                if s > best:
                    best, where = s, i
        out.append(PointCoverage(kp.id, kp.label, best, where, kp.phrasings[0]))
    return out


def strong_red_flags(scorer: Scorer, pr: PreparedRubric) -> list[RedFlagHit]:
    hits = []
    for i, e in enumerate(pr.exemplars["strong_hire"]):
        f = scorer.breakdown(pr, e, ("strong_hire", i)).features
        for rf, s, u in zip(pr.rubric.red_flags, f.rf_sims, f.rf_units, strict=True):
            if s >= RED_HIT:
                hits.append(RedFlagHit(i, rf.id, rf.label, s, e.prepared.units[u]))
    return hits


# -- findings and advice -------------------------------------------------------------------


def findings(report: RubricReport, rubric: Rubric) -> list[Finding]:
    out: list[Finding] = []
    out += _order_findings(report)
    out += _accuracy_findings(report)
    out += [misclassified_finding(e, rubric, report.story) for e in report.misclassified]
    out += _separation_findings(report)
    out += [_duplicate(d, rubric) for d in report.duplicates]
    out += [_uncovered(p) for p in report.uncovered_points]
    out += [_red_flag(h) for h in report.strong_red_flags]
    return sorted(out, key=lambda f: SEVERITIES.index(f.severity))


def _order_findings(report: RubricReport) -> list[Finding]:
    out = []
    ns = report.separation("no_hire", "strong_hire")
    if ns.median_lower >= ns.median_upper:
        out.append(
            Finding(
                "fail",
                "bands-swapped",
                f"No Hire exemplars score as high as Strong Hire ones (median"
                f" {ns.median_lower:.2f} vs {ns.median_upper:.2f}): the bands look swapped.",
                "Check that the strong_hire and no_hire exemplars are under the right keys:"
                " Strong Hire answers make the key points with a result, No Hire ones show"
                " the failures.",
            )
        )
    for lo, hi in PAIRS[:2]:
        s = report.separation(lo, hi)
        if s.median_lower >= s.median_upper and not out:
            out.append(
                Finding(
                    "fail",
                    "medians-out-of-order",
                    f"{BAND_LABELS[lo]} exemplars score as high as {BAND_LABELS[hi]} ones"
                    f" (median {s.median_lower:.2f} vs {s.median_upper:.2f}).",
                    f"Make the {BAND_LABELS[hi]} answers clearly better than the"
                    f" {BAND_LABELS[lo]} ones: {_band_tip(lo, hi, report.story)}",
                )
            )
    return out


def _accuracy_findings(report: RubricReport) -> list[Finding]:
    n = len(report.exemplars)
    right = n - len(report.misclassified)
    text = (
        f"Leave-one-out: {right} of {n} exemplars land in their own band"
        f" (accuracy {report.accuracy:.2f}"
    )
    if report.accuracy < ACCURACY_FAIL:
        return [
            Finding(
                "fail",
                "low-accuracy",
                text + f", below {ACCURACY_FAIL:.2f}): the rubric cannot separate its bands.",
                "Fix the misclassified exemplars listed below"
                + (", starting with the Strong/No mix-ups." if report.strong_no_confusions else ".")
                + " One exemplar in the wrong band moves the cuts for all the others.",
            )
        ]
    if report.accuracy < ACCURACY_WARN:
        return [
            Finding(
                "warn",
                "low-accuracy",
                text + f", below {ACCURACY_WARN:.2f}).",
                "Fix the misclassified exemplars listed below: each one shows where an answer"
                " like it would be scored in the wrong band.",
            )
        ]
    return []


def _cut(e: ExemplarCheck) -> str:
    """What put the exemplar where it is: "1.42 >= Strong cut 1.37", or the band model's
    probability."""
    if e.learned:
        return f"probability {e.probability:.2f} by the band model"
    if e.predicted == "strong_hire" or (e.band == "strong_hire" and e.score < e.strong_cut):
        name, cut = "Strong", e.strong_cut
    else:
        name, cut = "Lean", e.lean_cut
    if e.predicted == "lean_hire" and e.score >= e.strong_cut:
        name, cut = "Strong", e.strong_cut  # held below Strong Hire by a red flag or coverage
    return f"{e.score:.2f} {'>=' if e.score >= cut else '<'} {name} cut {cut:.2f}"


def misclassified_finding(e: ExemplarCheck, rubric: Rubric, story: bool = True) -> Finding:
    """`story`: the rubric expects a story, where a measured result is part of a strong
    answer; a short technical answer is strong without a number."""
    swap = {e.band, e.predicted} == {"strong_hire", "no_hire"}
    held = not e.learned and e.predicted == "lean_hire" and e.score >= e.strong_cut
    why_held = {
        "reach": "; held at Lean Hire on reach: its work stays inside the speaker's team, and"
        " this rubric's Strong Hire exemplars reach past it",
        "red_flag": "; held below Strong Hire by a red flag",
        "taken_back": "; held at Lean Hire: a late sentence may take back the story",
        "ownerless": "; held at Lean Hire: it shows little the speaker decided or did",
    }.get(e.held, "; held below Strong Hire by a red flag or low coverage" if held else "")
    if e.firm:
        why_held += {
            "taken_back": "; its last sentences read as taking back the story",
            "ownerless": "; it reads as showing nothing the speaker decided or did",
            "flippant": "; it reads as making light of the question",
            "blaming": "; it reads as putting every failure on others",
            "vague": "; it reads as saying nothing an interviewer could check",
            "turned_down": "; read whole against the question, it reads as one an interviewer"
            " would turn down",
        }[e.firm]
    message = (
        f'{e.label} ("{first_words(e.text)}") scores like a {BAND_LABELS[e.predicted]}'
        f" ({_cut(e)}, "
        + ("compared without it" if e.learned else "the cut set without it")
        + why_held
        + ")."
    )
    head = f"{e.label} scores like a {BAND_LABELS[e.predicted]} ({_cut(e)})"
    covers = (
        f"it makes {len(e.covered)} of {len(rubric.key_points)} key points"
        f" (coverage {e.coverage:.2f})"
    )
    numbers = e.has_numbers and story
    if e.band == "lean_hire" and e.predicted == "strong_hire":
        advice = (
            f"{head}: {covers}{' and gives numbers' if numbers else ''}. Make it vaguer"
            + (" (drop a key point or the measured result)" if story else " (drop a key point)")
            + " or move it to strong_hire."
        )
    elif e.band == "lean_hire":
        what_right = (
            "one concrete action or a partial result"
            if story
            else "one point it gets right, stated plainly"
        )
        advice = f"{head}: {covers}. Give it {what_right}, or move it to no_hire."
    elif "ownerless" in (e.held, e.firm):
        advice = (
            f"{head}: the ownership reader finds little in it that the speaker decided or did"
            " (the setting, figures, tools, or other people's decisions). Say what the speaker"
            " chose, why, and what they did (or, in a plan, would do), or move it down a band."
        )
    elif e.firm == "flippant":
        advice = (
            f"{head}: the tone reader takes it for a joke or a shrug in place of an answer."
            " Tell it straight, as the candidate would to an interviewer, or move it down a band."
        )
    elif e.firm == "blaming":
        advice = (
            f"{head}: the blame reader finds every failure in it put on someone else, with"
            " nothing the candidate owned. Give the candidate their own part and a lesson, or"
            " move it down a band."
        )
    elif e.firm == "vague":
        advice = (
            f"{head}: the vague reader finds nothing in it an interviewer could check (growth,"
            " impact or intentions in general terms). Give it a situation, a decision and a"
            " result, or move it down a band."
        )
    elif e.firm == "turned_down":
        advice = (
            f"{head}: the verdict reader, reading it whole against the question, takes it for an"
            " answer an interviewer would turn down (another question's story, a case for what"
            " the rubric flags, or blame). Make it answer exactly this question in the"
            " candidate's own decisions, or move it down a band."
        )
    elif "taken_back" in (e.held, e.firm):
        advice = (
            f"{head}: its last sentences read as taking back the story. Make clear what was the"
            " speaker's own, or move it down a band."
        )
    elif e.band == "strong_hire" and e.held == "reach":
        advice = (
            f"{head}: its work stays inside the speaker's team. Say in it which other teams,"
            " groups or products the work changed, or move it to lean_hire."
        )
    elif e.band == "strong_hire":
        missing = [k.label for k in rubric.key_points if k.id not in e.covered]
        what = (
            f"it makes {len(e.covered)} of {len(rubric.key_points)} key points"
            f" (coverage {e.coverage:.2f}{'; not: ' + '; '.join(missing) if missing else ''})"
        )
        no_number = story and not e.has_numbers
        what += " and has no number" if no_number else ""
        advice = (
            f"{head}: {what}. Make the missing points explicit"
            + (" and add a measured result" if no_number else "")
            + (", or check it is in the right band." if swap else ", or move it to lean_hire.")
        )
    else:
        flag = next((r for r in rubric.red_flags if r.id == e.red_flag_id), None)
        if flag is None:
            red = "the rubric has no red flag to catch it"
        elif e.red_flag < RED_HIT:
            red = f"its closest red flag, '{flag.label}', reaches only {e.red_flag:.2f}"
        else:
            red = f"it trips '{flag.label}' ({e.red_flag:.2f}) but still scores high"
        advice = (
            f"{head}: {covers} and {red}. Make its failure explicit, or add a red-flag"
            " phrasing close to what it says"
            + (", or check it is in the right band." if swap else ", or move it to lean_hire.")
        )
    if e.nearest_band != e.band:
        own, near = e.band_sims[e.band], e.band_sims[e.nearest_band]
        advice += (
            f" It reads most like the {BAND_LABELS[e.nearest_band]} exemplars ({near:.2f} vs"
            f" {own:.2f} for its own band): add another {BAND_LABELS[e.band]} exemplar of"
            f" similar length and style (it has {e.words} words)."
        )
    return Finding("fail" if swap else "note", "misclassified", message, advice)


def _separation_findings(report: RubricReport) -> list[Finding]:
    out = []
    for s in report.separations:
        if s.median_lower >= s.median_upper:
            continue  # reported as out of order
        pair = f"{BAND_LABELS[s.lower]} and {BAND_LABELS[s.upper]}"
        figures = (
            f"d {s.d:.1f}: medians {s.median_lower:.2f} and {s.median_upper:.2f},"
            f" spread {s.spread:.2f}; {s.overlap} of {s.n} on the wrong side of the best cut"
        )
        if (s.lower, s.upper) == ("no_hire", "strong_hire"):
            if s.d < SEPARATION_FAIL:
                out.append(
                    Finding(
                        "fail",
                        "bands-too-close",
                        f"{pair} exemplars barely separate ({figures}; needs"
                        f" d >= {SEPARATION_FAIL}).",
                        f"Make {pair} exemplars differ in substance:"
                        f" {_band_tip(s.lower, s.upper, report.story)}",
                    )
                )
            if s.cosine_gap >= COSINE_GAP:
                out.append(
                    Finding(
                        "warn",
                        "bands-read-alike",
                        f"{pair} answers read as alike across the bands as within them"
                        f" (mean cosine {s.cosine_between:.2f} across, {s.cosine_within:.2f}"
                        " within).",
                        "Vary each band's exemplars in length and style, and make No Hire ones"
                        " show the failure modes rather than a weaker copy of a strong story.",
                    )
                )
        else:
            if s.d < SEPARATION_WARN:
                out.append(
                    Finding(
                        "warn",
                        "bands-too-close",
                        f"{pair} exemplars are close ({figures}).",
                        f"Pull {pair} apart: {_band_tip(s.lower, s.upper, report.story)}",
                    )
                )
            if s.cosine_gap >= COSINE_GAP:
                out.append(
                    Finding(
                        "note",
                        "bands-read-alike",
                        f"{pair} answers read as alike across the bands as within them"
                        f" (mean cosine {s.cosine_between:.2f} across, {s.cosine_within:.2f}"
                        " within).",
                        f"Vary the {pair} exemplars in length and style so that what separates"
                        " them is substance, not wording.",
                    )
                )
    return out


def _band_tip(lower: str, upper: str, story: bool = True) -> str:
    if not story:
        return (
            "Strong Hire answers state every key point correctly; Lean Hire ones are right but"
            " incomplete; No Hire ones are wrong or miss the point (the red flags)."
        )
    if (lower, upper) == ("no_hire", "lean_hire"):
        return (
            "Lean Hire exemplars should be partly right (a real action, some key points, no"
            " result), not just shorter; No Hire exemplars should show the failure modes"
            " (the red flags)."
        )
    if (lower, upper) == ("lean_hire", "strong_hire"):
        return (
            "Strong Hire exemplars make most key points with a measured result; Lean Hire ones"
            " stay generic or stop before the result."
        )
    return (
        "Strong Hire answers make the key points with a result; No Hire answers show the"
        " failures the red flags describe."
    )


def _duplicate(d: Duplicate, rubric: Rubric) -> Finding:
    words = first_words(rubric.bands[d.band_a].exemplars[d.index_a])
    a = f'{BAND_LABELS[d.band_a]} exemplar {d.index_a + 1} ("{words}")'
    if d.cross_band:
        b = f"{BAND_LABELS[d.band_b]} exemplar {d.index_b + 1}"
        return Finding(
            "fail",
            "cross-band-duplicate",
            f"{a} and {b} are near-duplicates ({d.similarity:.0f}): the same answer is"
            " labelled two ways.",
            f"{a} and {b} are near-duplicates ({d.similarity:.0f}): keep it in the band it"
            " deserves and delete or rewrite the other.",
        )
    return Finding(
        "warn",
        "duplicate",
        f"Exemplars {d.index_a + 1} and {d.index_b + 1} of {d.band_a} are near-duplicates"
        f" ({d.similarity:.0f}).",
        f"Exemplars {d.index_a + 1} and {d.index_b + 1} of {d.band_a} are near-duplicates"
        f" ({d.similarity:.0f}): replace one with {_FAILURE_WORD[d.band_a]}.",
    )


def _uncovered(p: PointCoverage) -> Finding:
    return Finding(
        "warn",
        "point-not-in-strong",
        f"No Strong Hire exemplar makes key point '{p.label}' ({p.id}; best {p.best:.3f} <"
        f" {COVERED:.2f}).",
        f"Add a Strong Hire exemplar that makes '{p.label}' (e.g. \"{clip(p.phrasing, 70)}\"),"
        " or reword the point's phrasings the way strong answers actually say it.",
    )


def _red_flag(h: RedFlagHit) -> Finding:
    held = (
        " (the scorer holds such an answer below Strong Hire)"
        if red_flag_holds(h.similarity)
        else ""
    )
    return Finding(
        "warn",
        "strong-trips-red-flag",
        f"Strong Hire exemplar {h.index + 1} trips red flag '{h.label}' ({h.similarity:.2f}):"
        f' "{clip(h.sentence, 70)}"{held}.',
        f"Strong Hire exemplar {h.index + 1} trips red flag '{h.label}' ({h.similarity:.2f}):"
        " reword that sentence so it cannot be read as the red flag, or make the flag's"
        " phrasings more specific.",
    )


# -- text helpers --------------------------------------------------------------------------


def first_words(text: str, n: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:n]) + ("…" if len(parts) > n else "")

"""What a scored answer carries: the verdict, its confidence and every reason for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields

from interview_coach.bank.models import BAND_LABELS
from interview_coach.scoring.gates import HOW_TOLD


def split_call(band: str, scores: Mapping[str, float] | None) -> list[tuple[str, float]] | None:
    """When the verdict is the least likely band, the other two with their probabilities, most
    likely first; None for an ordinary verdict. It happens when the model cannot place an
    answer between Strong and No Hire and gives the band between them (bandmodel.decide): its
    own probability is then low, and "confidence 3%" beside the verdict would say the opposite
    of what happened. (Lean Hire at 40% beside Strong Hire at 47% is not a split: Lean is
    the careful reading of a near-Strong answer, and its 40% means what it says.) Compared as
    shown, in whole percents: Lean Hire 24% beside Strong Hire 52% and No Hire 24% is a split,
    though Lean's 0.238 is a hair above No Hire's 0.237."""
    if not scores or band not in scores:
        return None
    others = sorted(((b, p) for b, p in scores.items() if b != band), key=lambda bp: -bp[1])
    return others if _shown(scores[band]) <= _shown(min(p for _, p in others)) else None


def _shown(p: float) -> int:
    """A probability as the reply shows it, in whole percents."""
    return round(100 * p)


def confidence_words(band: str, confidence: float, scores: Mapping[str, float] | None) -> str:
    """How sure the verdict is, as shown beside it."""
    split = split_call(band, scores)
    if split is None:
        return f"confidence {confidence:.0%}"
    return "a split call: " + " / ".join(f"{BAND_LABELS[b]} {p:.0%}" for b, p in split)


def confidence_cell(band: str, confidence: float, scores: Mapping[str, float] | None) -> str:
    """The same, in a table's narrow column."""
    return "split" if split_call(band, scores) else f"{confidence:.0%}"


@dataclass
class PointHit:
    id: str
    label: str
    similarity: float
    evidence: str = ""  # the answer sentence that made (or came closest to) the point
    why: str = ""
    probe: str = ""
    # Missing, but a sentence reads as making it and was counted for another point instead:
    # that sentence.
    near: bool = False
    said_in: str = ""

    NEAR_NOTE = "perhaps said in passing: give it a sentence of its own"


@dataclass
class PointCheck:
    """Whether one reply makes one key point (`Scorer.point_made`)."""

    id: str
    label: str
    made: bool
    similarity: float
    evidence: str = ""  # the sentence that made it, or that counts against it
    against: bool = False  # `evidence` denies or retracts the point

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ScoreResult:
    question_id: str
    question: str
    band: str
    confidence: float
    scores: dict[str, float]  # probability per band, sums to 1
    score: float  # composite on the rubric's own scale
    thresholds: dict[str, float]
    similarity: dict[str, float]  # mean similarity to each band's nearest exemplars
    coverage: float
    covered: list[PointHit]
    missing: list[PointHit]
    red_flags: list[PointHit]
    nearest_exemplar: dict
    signals: dict
    specificity: float
    reasons: list[str]
    next_step: str
    follow_up: str
    model: str
    gate: dict | None = None
    notes: list[str] = field(default_factory=list)
    # Set when the user has a target level: the answer's scope against that level's.
    level: dict | None = None
    # How far the work reached (scoring.reach): whether it reaches past the speaker's team
    # (None when the answer never says where its work sits), the share of its placing that is
    # past the team and how much it places it at all, the furthest-reaching sentence, and
    # whether the question is judged on it. None with a model the reach head was not
    # trained on.
    reach: dict | None = None

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band]

    @property
    def reaches(self) -> bool | None:
        """Whether the work described reaches past the speaker's team; None when unread."""
        found = None if self.reach is None else self.reach.get("reaches")
        return None if found is None else bool(found)

    @property
    def told_away(self) -> bool:
        """Whether the verdict rests on how the answer was told (a take-back, blame, a shrug, no
        act of the speaker's: scoring.gates.HOW_TOLD), not on what it covers. Its key points
        are then all listed as missing though its sentences may make them: a reply must not
        ask the candidate to add them."""
        return bool(self.gate and self.gate.get("code") in HOW_TOLD)

    # The heading a reply gives the key points of an answer `told_away`.
    TOLD_AWAY_HEADING = "The key points, none counted as told"

    @property
    def missing_heading(self) -> str:
        """What a reply calls the list of `missing` points: what to add, or, for an answer
        `told_away`, what to tell again."""
        return self.TOLD_AWAY_HEADING if self.told_away else "Missing"

    @property
    def confidence_words(self) -> str:
        return confidence_words(self.band, self.confidence, self.scores)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["band_label"] = self.band_label
        return d

    @classmethod
    def from_dict(cls, d: dict) -> ScoreResult:
        """The inverse of `to_dict`, tolerant of fields added since the dict was stored (they
        take their defaults) and of ones since removed (they are ignored)."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        for key in ("covered", "missing", "red_flags"):
            kw[key] = [PointHit(**_known(PointHit, h)) for h in kw.get(key, [])]
        for f in fields(cls):
            if f.name not in kw and f.default is MISSING and f.default_factory is MISSING:
                kw[f.name] = _EMPTY.get(f.name, "")
        return cls(**kw)


_EMPTY = {
    "confidence": 0.0,
    "score": 0.0,
    "coverage": 0.0,
    "specificity": 0.0,
    "scores": {},
    "thresholds": {},
    "similarity": {},
    "nearest_exemplar": {},
    "signals": {},
    "reasons": [],
}


def _known(cls, d: dict) -> dict:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in d.items() if k in names}

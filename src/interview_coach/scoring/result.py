"""What a scored answer carries: the verdict, its confidence and every reason for it."""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields

from interview_coach.bank.models import BAND_LABELS


@dataclass
class PointHit:
    id: str
    label: str
    similarity: float
    evidence: str = ""  # the answer sentence that made (or came closest to) the point
    why: str = ""
    probe: str = ""
    # Missing, but a sentence reads as making it and was counted for another point instead.
    near: bool = False

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

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band]

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

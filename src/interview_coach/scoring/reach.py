"""How far the work an answer describes reaches: past the speaker's own team (several teams,
orgs, product lines, sites; people outside the team brought along; a decision for the whole
business) or not. Questions for Senior and up may be judged on it, and an answer's topic,
polish and numbers say nothing about it: "I presented our team's migration to the CTO" and "I
got the three product orgs onto one serving stack" read alike to every other feature.

A logistic head over the sentence vector and a few cue words (scoring.heads), trained across
writers on `eval/reach/` by `scripts/train_scorer.py` (weights in `weights/reach.npz`). Each
sentence reads as reaching past the team, staying inside it, or saying neither; an answer
reaches past its team when the sentences that place the work place it beyond the team often
enough (the share of `beyond` in `beyond` + `team`). The share, not the furthest-reaching
sentence: one stray sentence ("I laid out three options") must not outweigh an answer that
says "my team's" throughout (eval/research/README.md, "Reach").

Whether a question expects that reach is the rubric's to say, not a list's: its `reach:` names
the rule, and without one it does when the question is for Senior (L5) or above and the
rubric's own exemplars separate on it (most of its Strong Hire exemplars reach past the team and
most of its Lean Hire ones do not). Such an answer that does not reach past the team is held at
Lean Hire. The built-in rubrics name theirs: read from the exemplars, a rule can turn on one
exemplar's reading, and a retrained head would change verdicts it was not trained to change.

The exemplars separate in one of two ways, and the rubric is read by the way its own exemplars
separate. Most Staff questions are about the cross-team work itself, and a Strong Hire answer
reaches throughout: the share. Some ask about something else and reach in one part: a manager
going back to IC tells the story of a team they ran (team scope, however strong) and then names
the Staff scope they want, across teams. There the share of a Strong Hire answer is low, and
what separates it from a Lean Hire one is that some sentence reaches at all: the peak."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.bank.models import LEVELS
from interview_coach.scoring.heads import LinearHead

CUES: tuple[str, ...] = (
    "team", "teams", "our team", "my team", "org", "orgs", "organisation", "organization",
    "company", "across", "cross", "shared", "every", "all", "other", "others", "several",
    "multiple", "three", "four", "five", "two", "only", "just", "own", "platform", "adopt",
    "region", "business", "product", "groups", "division", "sites", "we", "i", "their",
    "vp", "cto", "director", "executive", "roadmap", "strategy",
)  # fmt: skip
WEIGHTS = "reach.npz"
LABELS = ("beyond", "team", "none")
# An answer whose share of reach is at least this reaches past the team. Chosen on the
# training side, the knee between 0.3 and 0.45: of the graded corpus's and the attack suite's
# answers to the five Staff-track questions, it holds 4 of 209 Strong Hire answers and 48 of
# 57 team-scope attacks below it (eval/research/README.md, "Reach").
REACH = 0.4
# The levels whose questions may be judged on reach: Senior and up ("all" is no level).
REACH_LEVELS = LEVELS[LEVELS.index("L5") : LEVELS.index("all")]
# How the exemplars must separate for a rubric to expect reach.
STRONG_SHARE, LEAN_SHARE = 0.75, 0.5
# For a question judged on the peak: a sentence at least this likely to place the work past
# the team shows reach (the head's own even odds against team and neither together).
PEAK = 0.5


# Below this much placing (`beyond` + `team`, summed over the sentences: half a sentence's
# worth) the answer does not say where its work sits, and the share is a ratio of noise:
# "I laid out three options and recommended one" must not read as reach.
MIN_PLACED = 0.5


@dataclass(frozen=True)
class Reach:
    value: float  # the share of the answer's placing of its work that is past the team
    sentence: int  # the furthest-reaching sentence (a unit index), -1 for none
    placed: float = 1.0  # how much the sentences place the work at all (beyond + team)
    peak: float = 0.0  # the furthest-reaching sentence's probability of reaching past the team

    @property
    def read(self) -> bool:
        """Whether the answer says where its work sits, one way or the other."""
        return self.placed >= MIN_PLACED

    @property
    def beyond(self) -> bool:
        """Shown to reach past the team (an answer that never says is not)."""
        return self.read and self.value >= REACH

    def shown(self, rule: str) -> bool:
        """Shown to reach past the team, by the rule its question is judged on (`reach_rule`)."""
        return self.peak >= PEAK if rule == "peak" else self.beyond


@functools.lru_cache(maxsize=1)
def default_head() -> LinearHead:
    return LinearHead.load(WEIGHTS, CUES)


def head_for(model: str, dim: int) -> LinearHead | None:
    """The reach head for this embedding model, or None when it was trained on another (a
    user's own model): no verdict is then held on reach."""
    head = default_head()
    return head if head.fits(model, dim) else None


def reach_of(head: LinearHead, units: Sequence[str], vecs: np.ndarray) -> Reach:
    if not len(units):
        return Reach(0.0, -1)
    p = head.probabilities(units, vecs)
    beyond, team = float(p["beyond"].sum()), float(p["team"].sum())
    top = int(np.argmax(p["beyond"]))
    return Reach(beyond / max(beyond + team, 1e-9), top, beyond + team, float(p["beyond"][top]))


def declared_rule(declared: str) -> str:
    """The rule a rubric's own `reach:` names (bank.models.REACH_RULES), as `reach_rule`
    gives it: "none" is no rule."""
    return "" if declared == "none" else declared


def reach_rule(level: str, strong: Sequence[Reach], lean: Sequence[Reach]) -> str:
    """How a question at `level` with these exemplars' reaches is judged on reach: "share",
    "peak" (`Reach.shown`), or "" when it is not. The share first: where both separate, the
    stricter rule is the one the exemplars support."""
    if level not in REACH_LEVELS or not strong:
        return ""
    for rule in ("share", "peak"):
        share = sum(r.shown(rule) for r in strong) / len(strong)
        lean_share = sum(r.shown(rule) for r in lean) / len(lean) if lean else 0.0
        if share >= STRONG_SHARE and lean_share <= LEAN_SHARE:
            return rule
    return ""

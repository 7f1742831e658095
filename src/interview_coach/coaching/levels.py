"""Level-aware coaching: what each level of the AI career ladder expects, and what scope an
answer actually describes, so the reply can say "you describe team-level scope; Staff (L6)
expects org-level scope". The scope words are explicit and explainable; whether the work
reaches past the speaker's team at all is the scorer's reading (scoring.reach), and the words
never contradict it: "our team's roadmap" is not org-level scope."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_coach.scoring.reach import REACH_LEVELS

LEVEL_ORDER = ("L3", "L4", "L5", "L6", "L7", "L8")


@dataclass(frozen=True)
class Level:
    code: str
    title: str
    scope: str  # the scope word the ladder uses
    expects: str  # what the level is judged on, in a sentence
    show_it: str  # what an answer should name to show that scope


LEVELS: dict[str, Level] = {
    lv.code: lv
    for lv in (
        Level(
            "L3",
            "Junior",
            "task-level",
            "shipping well-defined tasks reliably and asking for help early",
            "a task you shipped and what you learned doing it",
        ),
        Level(
            "L4",
            "Mid",
            "feature-level",
            "owning a model or feature end to end without waiting for direction",
            "a feature you owned from problem to production",
        ),
        Level(
            "L5",
            "Senior",
            "system-level",
            "owning a whole ML system, defining problems and"
            " mentoring, with work that reaches other teams",
            "a system you own and a project you drove with another team",
        ),
        Level(
            "L6",
            "Staff",
            "org-level",
            "setting technical direction for a domain over"
            " several quarters and influencing teams you do not manage",
            "a cross-team initiative you led and the strategy behind it",
        ),
        Level(
            "L7",
            "Principal",
            "company-level",
            "shaping company-wide technical strategy tied to business outcomes",
            "a company-wide decision you shaped and its business result",
        ),
        Level(
            "L8",
            "Principal Architect",
            "enterprise-level",
            "enterprise and industry"
            " direction: partnerships, major investments, executive alignment",
            "an enterprise-wide direction you set with executives",
        ),
    )
}

# Phrases that show the scope an answer operates at, from narrow to wide. The widest one an
# answer uses is the scope it describes.
_SCOPE_PATTERNS: list[tuple[str, str, re.Pattern]] = [
    (
        "L8",
        "enterprise-level",
        re.compile(
            r"\b(?:industry|enterprise|board|acquisition|partnerships?|"
            r"open[- ]source (?:project|community))",
            re.I,
        ),
    ),
    (
        "L7",
        "company-level",
        re.compile(
            r"\b(?:company[- ]wide|across the company|whole company|c-suite|cto|vp|executives?|"
            r"multi-year|company strategy)\b",
            re.I,
        ),
    ),
    (
        "L6",
        "org-level",
        re.compile(
            r"\b(?:cross[- ]team|across (?:\w+ )?teams|(?:two|three|four|five|several|multiple|"
            r"other|partner|\d+) teams|org(?:anization)?[- ]?(?:wide|level)?|roadmap|"
            r"strategy doc|multi[- ]quarter|domain)\b",
            re.I,
        ),
    ),
    (
        "L5",
        "system-level",
        re.compile(
            r"\b(?:systems?|platforms?|pipelines?|end[- ]to[- ]end|mentor(?:ed|ing|s)?|"
            r"architecture|another team|other team)\b",
            re.I,
        ),
    ),
    (
        "L4",
        "feature-level",
        re.compile(r"\b(?:features?|models?|services?|components?|owned|my project)\b", re.I),
    ),
    ("L4", "team-level", re.compile(r"\b(?:my|our|the) team\b", re.I)),
    ("L3", "task-level", re.compile(r"\b(?:task|ticket|bug|assigned)s?\b", re.I)),
]


# The first level whose work reaches past the speaker's team (Senior: "work that reaches other
# teams"): the scorer's rule for which questions are judged on reach starts there too.
_PAST_TEAM = LEVEL_ORDER.index(REACH_LEVELS[0])


def describes_scope(text: str, reaches: bool | None = None) -> tuple[str, str] | None:
    """The widest (level, scope label) whose scope words the answer uses, or None.
    `reaches`, when the scorer read it: whether the work reaches past the speaker's team. It
    bounds the words: no scope from Senior up without reach, at least Senior's with it."""
    for code, label, pattern in _SCOPE_PATTERNS:
        wide = LEVEL_ORDER.index(code) >= _PAST_TEAM
        if reaches is False and wide:
            continue
        if pattern.search(text):
            if reaches and not wide:
                break
            return code, label
    if reaches:
        first = LEVELS[LEVEL_ORDER[_PAST_TEAM]]
        return first.code, first.scope
    return None


@dataclass(frozen=True)
class LevelFeedback:
    target: str
    described: str | None
    meets: bool
    message: str


def level_feedback(
    text: str, target: str, *, several: bool = False, reaches: bool | None = None
) -> LevelFeedback | None:
    """How the answer's scope compares with what the target level expects. `several`: the
    text is several answers together (a mock interview's), and the words say so. `reaches`:
    as for `describes_scope`."""
    want = LEVELS.get(target)
    if want is None:
        return None
    found = describes_scope(text, reaches)
    rank = LEVEL_ORDER.index
    subject = "Your answers describe" if several else "You describe"
    if found is not None and rank(found[0]) >= rank(want.code):
        return LevelFeedback(
            target,
            found[0],
            True,
            f"{subject} {found[1]} scope, which is what {want.title}"
            f" ({want.code}) expects: {want.expects}.",
        )
    never = (
        "None of the answers says how wide your work reached"
        if several
        else "The answer never says how wide your work reached"
    )
    said = f"{subject} {found[1]} scope" if found else never
    return LevelFeedback(
        target,
        found[0] if found else None,
        False,
        f"{said}; {want.title} ({want.code}) expects {want.scope} scope,"
        f" {want.expects}. Name {want.show_it}.",
    )

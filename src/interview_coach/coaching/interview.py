"""The mock interview, without any UI: which questions a round asks, the interviewer's turns
(the question, one follow-up as a real turn), and the debrief a hiring committee would read.

A round differs from practice: no hints, no model answers, a clock per question (the front end
keeps it; this module records the seconds and whether the limit was hit), and after each
answer one follow-up: the probe of the most important key point the answer missed, or, when
nothing is missing, the question's own follow-up. The follow-up answer is judged against the
point it probes (`Scorer.point_made`). Every verdict rule the debrief states is a constant
here, and the debrief's words are built from the same constants as the decision, so the text
can never describe a rule the code does not apply."""

from __future__ import annotations

import contextlib
import difflib
import json
import random
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from interview_coach.bank.catalog import Catalog, QuestionLookupError
from interview_coach.bank.models import BAND_LABELS, Band, Question, Rubric
from interview_coach.bank.problems import Problem
from interview_coach.coaching.levels import LEVELS, describes_scope, level_feedback
from interview_coach.coaching.recorder import ScoredAttempt
from interview_coach.common.files import atomic_write
from interview_coach.common.paths import config_dir
from interview_coach.common.textfmt import plural
from interview_coach.scoring.result import PointCheck, PointHit, ScoreResult
from interview_coach.scoring.scorer import Scorer, probed_point
from interview_coach.transcripts.debrief import SCHEMA, debrief_markdown

if TYPE_CHECKING:
    from interview_coach.coaching.profile import Profile
    from interview_coach.coaching.recorder import Recorder

DEFAULT_COUNT = 4
DEFAULT_MINUTES = 3.0
TARGET_SECONDS = 60  # the spoken-answer target the clock marks
PRACTICE_CATEGORY = "practice-problem"
CHEAT_SHEET = "cheat sheet"  # a question whose source cites the guide's interview cheat sheet
PRACTISE_NEXT = 3

# Band order, worst first, for the "middle verdict" and the caps.
_RANK = {Band.NO_HIRE.value: 0, Band.LEAN_HIRE.value: 1, Band.STRONG_HIRE.value: 2}
_BY_RANK = {v: k for k, v in _RANK.items()}

# -- the rules, as the debrief states them ------------------------------------------------
CORE_RULE = (
    "Core questions are the round's cheat-sheet question (one the guide's interview cheat"
    " sheet lists) and its practice problem: the two every round asks."
)
MIDDLE_RULE = (
    "The recommendation starts from the middle verdict of the questions asked (with an even"
    " number, the lower of the two middle ones: a split decision goes against the candidate);"
    " a question left unanswered counts as No Hire."
)
CORE_CAP = Band.LEAN_HIRE.value
CORE_CAP_RULE = f"Any No Hire on a core question caps it at {BAND_LABELS[CORE_CAP]}."
FOLLOW_UP_RULE = (
    "A follow-up that makes the point it probes (the most important one the answer missed)"
    " raises that question's verdict by one band, never more. An unanswered question is not"
    " raised, nor is an answer with a red flag: what was said stays said. A follow-up on an"
    " answer that missed nothing changes nothing."
)
RECOMMENDATION_RULES = (MIDDLE_RULE, CORE_CAP_RULE, CORE_RULE)

INTRO = (
    "Hello, I'll be your interviewer today. This is a behavioral round: {questions}, with"
    " {minutes} for each answer (aim for about {target} seconds, as you would out loud)."
    " After each answer I'll ask one follow-up question. I won't give hints or example"
    " answers during the round. When we're done you'll get the debrief a hiring committee"
    " would read: a verdict and the evidence for each question, your strong and weak areas,"
    " the level your answers show, and a recommendation. Let's begin."
)
NO_ANSWER = "No answer was given."


class RoundStateError(RuntimeError):
    """A turn out of order: an answer while a follow-up is awaited, or after the round."""


def is_cheat_sheet(question: Question) -> bool:
    return CHEAT_SHEET in question.source.lower()


def is_practice_problem(question: Question) -> bool:
    return question.category == PRACTICE_CATEGORY


def is_core(question: Question) -> bool:
    """See CORE_RULE."""
    return is_cheat_sheet(question) or is_practice_problem(question)


# -- planning -----------------------------------------------------------------------------
@dataclass(frozen=True)
class InterviewOptions:
    """What a front end asks for: the round's size, clock and filters."""

    count: int = DEFAULT_COUNT
    minutes: float = DEFAULT_MINUTES
    category: str | None = None
    level: str | None = None
    question_ids: tuple[str, ...] = ()
    seed: int | None = None


def plan_round(
    catalog: Catalog,
    *,
    count: int = DEFAULT_COUNT,
    category: str | None = None,
    level: str | None = None,
    question_ids: Sequence[str] | None = None,
    target_level: str | None = None,
    track: str | None = None,
    previous: Sequence[str] | None = None,
    seed: int | None = None,
) -> list[Question]:
    """The questions of a round, in the order asked.

    `question_ids` (ids or fuzzy text) are the round as given; an unknown one raises
    QuestionLookupError naming the nearest matches. Otherwise: scorable questions matching
    `category` and `level`, those at `target_level` and for `track` first, in random order
    (`seed`) within that preference; always one cheat-sheet question (asked first, as a
    warm-up) and one practice problem (asked last) when the filters leave any; never the same
    set as `previous` (the last round's ids) when the filters leave another."""
    if question_ids:
        return [_resolve(catalog, q) for q in question_ids]
    if count < 1:
        raise ValueError("a round needs at least one question")
    rng = random.Random(seed)
    pool = [
        q
        for q in catalog.scorable()
        if (category is None or q.category == category)
        and (level is None or q.level in (level, "all"))
    ]
    rng.shuffle(pool)

    def rank(q: Question) -> tuple[int, int]:
        at_level = 0 if q.level == target_level else 1 if q.level == "all" else 2
        on_track = 0 if track is None or q.track in (track, "any") else 1
        return (at_level if target_level else 0), on_track

    pool.sort(key=rank)  # stable: random within each preference group
    chosen = _pick(pool, count)
    if previous and {q.id for q in chosen} == set(previous) and len(pool) > len(chosen):
        # The same set twice in a row: swap the last question that is neither the cheat-sheet
        # question nor the practice problem (else the last one) for the best one left out.
        rest = [q for q in pool if q not in chosen]
        swappable = [q for q in chosen if not is_core(q)] or chosen
        out = swappable[-1]
        same_kind = [q for q in rest if is_core(q) == is_core(out)] or rest
        chosen[chosen.index(out)] = same_kind[0]
    return _ordered(chosen)


def last_round_path() -> Path:
    return config_dir() / "interview.json"


def last_round(path: Path | None = None) -> tuple[str, ...]:
    """The question ids of the last mock interview started (for `plan_round(previous=)`);
    none when the file is missing or unreadable."""
    try:
        data = json.loads((path or last_round_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    ids = data.get("last_round") if isinstance(data, dict) else None
    return tuple(x for x in ids if isinstance(x, str)) if isinstance(ids, list) else ()


def remember_round(questions: Sequence[Question], path: Path | None = None) -> None:
    """Remember a round's questions so the next round is a different set. Best effort: a
    config dir that cannot be written only means the next round might repeat this one."""
    path = path or last_round_path()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps({"last_round": [q.id for q in questions]}, indent=2))


def _pick(pool: list[Question], count: int) -> list[Question]:
    chosen: list[Question] = []
    for wanted in (is_cheat_sheet, is_practice_problem):
        found = next((q for q in pool if wanted(q) and q not in chosen), None)
        if found is not None and len(chosen) < count:
            chosen.append(found)
    chosen += [q for q in pool if q not in chosen][: count - len(chosen)]
    return chosen


def _ordered(chosen: list[Question]) -> list[Question]:
    """A warm-up cheat-sheet question first, the practice problem last, the rest between."""
    first = [q for q in chosen if is_cheat_sheet(q) and not is_practice_problem(q)][:1]
    last = [q for q in chosen if is_practice_problem(q) and q not in first][:1]
    return first + [q for q in chosen if q not in first and q not in last] + last


def _resolve(catalog: Catalog, query: str) -> Question:
    question = catalog.find(query)
    if question.id not in catalog.rubrics:
        raise QuestionLookupError(
            f"question '{question.id}' has no valid rubric, so it cannot be asked in a round;"
            " run 'interview-coach rubric validate' to see why"
        )
    return question


# -- the turns ----------------------------------------------------------------------------
@dataclass
class FollowUp:
    """The interviewer's one follow-up to an answer, and the reply to it."""

    question: str
    point_id: str | None  # the key point it probes; None: the question's own follow-up
    point_label: str = ""
    answer: str = ""
    seconds: float = 0.0
    timed_out: bool = False
    asked: bool = True  # False when the question has no follow-up at all
    replied: bool = False  # a reply was recorded (it may be empty: no answer)
    check: PointCheck | None = None  # the reply against the probed point
    delivery: dict | None = None  # a spoken reply's figures (speech.delivery.Delivery)

    @property
    def answered(self) -> bool:
        return bool(self.answer.strip())

    @property
    def closed(self) -> bool | None:
        """Whether the reply made the probed point; None when there is no point to make
        (the question's own follow-up) or no reply yet."""
        if self.point_id is None or not self.replied:
            return None
        return bool(self.check and self.check.made)

    @property
    def verdict(self) -> str:
        """closed, not_closed, no_answer, not_judged (own follow-up) or not_asked."""
        if not self.asked:
            return "not_asked"
        if not self.replied or not self.answered:
            return "no_answer"
        if self.point_id is None:
            return "not_judged"
        return "closed" if self.closed else "not_closed"

    def to_dict(self) -> dict:
        d: dict = {
            "question": self.question,
            "point_id": self.point_id,
            "point_label": self.point_label,
            "answer": self.answer,
            "seconds": round(self.seconds, 1),
            "timed_out": self.timed_out,
            "verdict": self.verdict,
            "closed": self.closed,
            "evidence": self.check.evidence if self.check else "",
            "against": bool(self.check and self.check.against),
            "similarity": self.check.similarity if self.check else None,
        }
        if self.delivery is not None:  # a spoken reply only: typed rounds read as before
            d["delivery"] = self.delivery
        return d


@dataclass
class Turn:
    """One question of the round: the answer, its verdict, the follow-up."""

    question: Question
    answer: str
    seconds: float
    timed_out: bool
    result: ScoreResult
    follow_up: FollowUp
    rubric: Rubric
    attempt: ScoredAttempt  # as handed to the recorder (the follow-up is saved against it)

    @property
    def answered(self) -> bool:
        return bool(self.answer.strip())

    @property
    def band(self) -> str:
        """The question's final verdict: the answer's, raised by FOLLOW_UP_RULE."""
        return final_band(self.result.band, self.answered, bool(self.result.red_flags),
                          self.follow_up.closed)  # fmt: skip

    @property
    def core(self) -> bool:
        return is_core(self.question)


def final_band(band: str, answered: bool, red_flag: bool, closed: bool | None) -> str:
    """FOLLOW_UP_RULE."""
    if not closed or not answered or red_flag:
        return band
    return _BY_RANK[min(_RANK[band] + 1, _RANK[Band.STRONG_HIRE.value])]


# -- the recommendation -------------------------------------------------------------------
def middle_band(bands: Sequence[str]) -> str:
    """MIDDLE_RULE: the median band, the lower middle one of an even number; No Hire for
    none."""
    if not bands:
        return Band.NO_HIRE.value
    ranked = sorted(_RANK[b] for b in bands)
    return _BY_RANK[ranked[(len(ranked) - 1) // 2]]


@dataclass(frozen=True)
class Recommendation:
    band: str
    applied: tuple[str, ...]  # what each rule did to this round, in words


def recommend(verdicts: Sequence[tuple[str, bool]]) -> Recommendation:
    """The round's recommendation from each question's (final band, core) by
    RECOMMENDATION_RULES, with what each rule did."""
    bands = [b for b, _ in verdicts]
    band = middle_band(bands)
    counts = ", ".join(
        plural(bands.count(b), BAND_LABELS[b]) for b in reversed(_BY_RANK.values()) if b in bands
    )
    applied = [f"Middle verdict of {plural(len(bands), 'question')} ({counts or 'none'}):"
               f" {BAND_LABELS[band]}."]  # fmt: skip
    core_no = sum(1 for b, core in verdicts if core and b == Band.NO_HIRE.value)
    if core_no and _RANK[band] > _RANK[CORE_CAP]:
        band = CORE_CAP
        applied.append(
            f"No Hire on {plural(core_no, 'core question')}: capped at {BAND_LABELS[band]}."
        )
    elif core_no:
        applied.append(
            f"No Hire on {plural(core_no, 'core question')}: the cap at"
            f" {BAND_LABELS[CORE_CAP]} changes nothing here."
        )
    elif any(core for _, core in verdicts):
        applied.append("No core question got No Hire, so the core cap does not apply.")
    else:
        applied.append("No core question in this round, so the core cap does not apply.")
    return Recommendation(band, tuple(applied))


# -- the debrief ----------------------------------------------------------------------------
@dataclass
class QuestionDebrief:
    question_id: str
    question: str
    category: str
    core: bool
    answered: bool
    answer_band: str  # the answer's own verdict
    band: str  # after the follow-up
    seconds: float
    timed_out: bool
    made: list[dict]  # {"point_id", "label", "sentence"}: the sentence that made each point
    missed: list[dict]  # {"point_id", "label", "sentence"}: a sentence against it, or ""
    red_flags: list[dict]  # {"label", "sentence"}
    follow_up: FollowUp
    changed: str  # what the follow-up changed, in words
    scope: str | None  # the scope the answer (and its follow-up) describe
    # A spoken answer's delivery, in the words its reply would have used (empty when typed).
    sounded: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        if not self.sounded:
            del d["sounded"]  # typed rounds' documents read exactly as before
        d["band_label"] = BAND_LABELS[self.band]
        d["answer_band_label"] = BAND_LABELS[self.answer_band]
        d["follow_up"] = self.follow_up.to_dict()
        return d


@dataclass
class Debrief:
    recommendation: str
    applied: tuple[str, ...]
    questions: list[QuestionDebrief]
    competencies: list[dict]
    level: dict
    practise_next: list[dict]
    planned: int  # questions the round was to ask
    minutes: float
    target_level: str | None = None
    model: str = ""
    rules: tuple[str, ...] = RECOMMENDATION_RULES
    follow_up_rule: str = FOLLOW_UP_RULE
    finished_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def ended_early(self) -> bool:
        return len(self.questions) < self.planned

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "kind": "interview",
            "recommendation": self.recommendation,
            "recommendation_label": BAND_LABELS[self.recommendation],
            "rules": list(self.rules),
            "applied": list(self.applied),
            "follow_up_rule": self.follow_up_rule,
            "questions": [q.to_dict() for q in self.questions],
            "competencies": self.competencies,
            "level": self.level,
            "practise_next": self.practise_next,
            "planned": self.planned,
            "asked": len(self.questions),
            "ended_early": self.ended_early,
            "minutes": self.minutes,
            "target_seconds": TARGET_SECONDS,
            "target_level": self.target_level,
            "model": self.model,
            "finished_at": self.finished_at,
        }

    def to_markdown(self) -> str:
        """The one-page report a person would share (the same as `export --format md`)."""
        return debrief_markdown(self.to_dict())


def build_debrief(
    turns: Sequence[Turn],
    *,
    planned: int,
    minutes: float = DEFAULT_MINUTES,
    target_level: str | None = None,
    model: str = "",
) -> Debrief:
    questions = [_question_debrief(t) for t in turns]
    rec = recommend([(q.band, q.core) for q in questions])
    return Debrief(
        recommendation=rec.band,
        applied=rec.applied,
        questions=questions,
        competencies=_competencies(questions),
        level=_level(turns, target_level),
        practise_next=_practise_next(turns),
        planned=planned,
        minutes=minutes,
        target_level=target_level,
        model=model,
    )


def _question_debrief(t: Turn) -> QuestionDebrief:
    r = t.result
    return QuestionDebrief(
        question_id=t.question.id,
        question=t.question.text,
        category=t.question.category,
        core=t.core,
        answered=t.answered,
        answer_band=r.band,
        band=t.band,
        seconds=t.seconds,
        timed_out=t.timed_out,
        made=[{"point_id": h.id, "label": h.label, "sentence": h.evidence} for h in r.covered],
        # A missed point's evidence is the sentence that counts against it, when there is one.
        missed=[{"point_id": h.id, "label": h.label, "sentence": h.evidence} for h in r.missing],
        red_flags=[{"label": h.label, "sentence": h.evidence} for h in r.red_flags],
        follow_up=t.follow_up,
        changed=_changed(t),
        scope=_scope_label(" ".join((t.answer, t.follow_up.answer)), _reaches([t])),
        sounded=_sounded(t.attempt.delivery),
    )


def _sounded(delivery: dict | None) -> list[str]:
    if not delivery:
        return []
    from interview_coach.speech.delivery import Delivery, describe  # pure: no audio stack

    try:
        return describe(Delivery.from_dict(delivery))
    except (KeyError, TypeError, ValueError):  # damaged figures: the debrief goes on without
        return []


def _changed(t: Turn) -> str:
    f, before, after = t.follow_up, BAND_LABELS[t.result.band], BAND_LABELS[t.band]
    if f.verdict == "not_asked":
        return "No follow-up was asked."
    if f.point_id is None:
        if f.verdict == "no_answer":
            return "Nothing was missing; the follow-up went unanswered, which changes nothing."
        return "Nothing was missing, so the follow-up went deeper and changes nothing."
    point = f'"{f.point_label}"'
    if f.verdict == "no_answer":
        return f"The follow-up on {point} went unanswered: {before} stands."
    if f.verdict == "not_closed":
        against = ", and the reply counts against it" if f.check and f.check.against else ""
        return f"The follow-up did not close the gap on {point}{against}: {before} stands."
    if after != before:
        return f"The follow-up closed the gap on {point}: raised from {before} to {after}."
    why = (
        "an unanswered question is not raised"
        if not t.answered
        else "an answer with a red flag is not raised"
        if t.result.red_flags
        else "it is already the top band"
    )
    return f"The follow-up closed the gap on {point}, but {before} stands: {why}."


def _scope_label(text: str, reaches: bool | None) -> str | None:
    found = describes_scope(text, reaches)
    return found[1] if found else None


def _reaches(turns: Sequence[Turn]) -> bool | None:
    """Whether the work the answers describe reaches past the speaker's team, as the scorer
    read the answers: True when any does, False when every answer was read and none does,
    else None. A follow-up reply is not read for reach, so its words cannot widen an answer
    the reply already told "stays inside your own team"."""
    read = [t.result.reaches for t in turns if t.answered]
    if any(read):
        return True
    if read and None not in read:
        return False
    return None


def _competencies(questions: Sequence[QuestionDebrief]) -> list[dict]:
    """By question category: the middle verdict of its questions (MIDDLE_RULE); strong at
    Strong Hire, weak at No Hire, mixed between."""
    by: dict[str, list[QuestionDebrief]] = {}
    for q in questions:
        by.setdefault(q.category, []).append(q)
    out = []
    for category, qs in by.items():
        band = middle_band([q.band for q in qs])
        standing = {"strong_hire": "strong", "no_hire": "weak"}.get(band, "mixed")
        missed = [m["label"] for q in qs for m in q.missed]
        out.append(
            {
                "category": category,
                "name": category.replace("-", " "),
                "band": band,
                "band_label": BAND_LABELS[band],
                "standing": standing,
                "question_ids": [q.question_id for q in qs],
                "missed": list(dict.fromkeys(missed)),
            }
        )
    order = {"strong": 0, "mixed": 1, "weak": 2}
    return sorted(out, key=lambda c: (order[c["standing"]], c["category"]))


def _level(turns: Sequence[Turn], target: str | None) -> dict:
    """The scope the answers describe (the widest any answer or follow-up reaches, by
    `coaching.levels`) against the target level."""
    texts = [x for t in turns for x in (t.answer, t.follow_up.answer) if x.strip()]
    reaches = _reaches(turns)
    found = describes_scope("\n".join(texts), reaches)
    out: dict = {
        "target": target,
        "target_title": LEVELS[target].title if target in LEVELS else None,
        "expects": LEVELS[target].scope if target in LEVELS else None,
        "described_level": found[0] if found else None,
        "described": found[1] if found else None,
        "meets": None,
    }
    feedback = (
        level_feedback("\n".join(texts), target, several=True, reaches=reaches) if target else None
    )
    if feedback is not None:
        out["meets"] = feedback.meets
        out["message"] = feedback.message
    elif found:
        lv = LEVELS[found[0]]
        out["message"] = (
            f"Your answers describe {found[1]} scope, what {lv.title} ({lv.code}) expects."
            " Set a target level (f2 in the chat) to be measured against it."
        )
    else:
        out["message"] = "None of the answers says how wide your work reached."
    return out


def _practise_next(turns: Sequence[Turn]) -> list[dict]:
    """Three things to practise: the gaps the follow-ups did not close, worst question and
    weightiest point first, one per question before a second from any; then the weakest
    answers' next steps. Each names a question, so it can go into the due queue."""
    gaps: list[tuple[tuple, dict]] = []
    for t in turns:
        weights = {k.id: k.weight for k in t.rubric.key_points}
        for n, h in enumerate(t.result.missing):
            if t.follow_up.closed and h.id == t.follow_up.point_id:
                continue  # made when asked: still worth saying unprompted, but not first
            key = (_RANK[t.band], -weights.get(h.id, 1.0), n)
            gaps.append(
                (
                    key,
                    {
                        "question_id": t.question.id,
                        "question": t.question.text,
                        "point_id": h.id,
                        "label": h.label,
                        "text": f"{h.label}" + (f": {h.why}" if h.why else ""),
                    },
                )
            )
    gaps.sort(key=lambda g: g[0])
    picked: list[dict] = []
    for distinct in (True, False):
        for _, item in gaps:
            if len(picked) >= PRACTISE_NEXT or item in picked:
                continue
            if distinct and any(p["question_id"] == item["question_id"] for p in picked):
                continue
            picked.append(item)
    if len(picked) < PRACTISE_NEXT:
        for t in sorted(turns, key=lambda t: (_RANK[t.band], t.result.confidence)):
            if len(picked) >= PRACTISE_NEXT:
                break
            if any(p["question_id"] == t.question.id for p in picked):
                continue
            picked.append(
                {
                    "question_id": t.question.id,
                    "question": t.question.text,
                    "point_id": None,
                    "label": "",
                    "text": t.result.next_step,
                }
            )
    return picked


# -- the driver -----------------------------------------------------------------------------
class InterviewRound:
    """One mock interview, turn by turn. Plain Python: a front end shows `intro`, asks
    `current`, hands the answer to `answer` (on a worker thread: it scores), asks the
    follow-up it returns, hands the reply to `follow_up_answer`, and repeats until `current`
    is None; then `finish` gives the debrief. State changes are under a lock and scoring runs
    outside it, so the UI thread can read `current`, `phase` and `position` at any time.

    With a `recorder`, each answer is saved as soon as it is scored, each follow-up reply as
    soon as it is judged, and the debrief when the round finishes: a crash loses nothing
    scored."""

    def __init__(
        self,
        questions: Sequence[Question],
        catalog: Catalog,
        scorer: Scorer,
        *,
        minutes: float = DEFAULT_MINUTES,
        target_level: str | None = None,
        recorder: Recorder | None = None,
    ):
        if not questions:
            raise ValueError("a round needs at least one question")
        missing = [q.id for q in questions if q.id not in catalog.rubrics]
        if missing:
            raise QuestionLookupError(f"no rubric for {', '.join(missing)}: it cannot be asked")
        self.questions = list(questions)
        self.catalog = catalog
        self.scorer = scorer
        self.minutes = minutes
        self.target_level = target_level
        self.recorder = recorder
        self.turns: list[Turn] = []
        self._index = 0
        # answer, scoring (an answer), follow_up (awaiting its reply), judging (the reply),
        # over (every question asked: only `finish` is left), done (finished)
        self._phase = "answer"
        self._lock = threading.Lock()
        self._debrief: Debrief | None = None

    # -- read from any thread -------------------------------------------------------------
    @property
    def intro(self) -> str:
        return INTRO.format(
            questions=plural(len(self.questions), "question"),
            minutes=_minutes(self.minutes),
            target=TARGET_SECONDS,
        )

    @property
    def limit_seconds(self) -> float:
        return self.minutes * 60

    @property
    def target_seconds(self) -> int:
        return TARGET_SECONDS

    @property
    def phase(self) -> str:
        with self._lock:
            return self._phase

    @property
    def current(self) -> Question | None:
        """The question being asked (also while its follow-up is); None after the last."""
        with self._lock:
            return self.questions[self._index] if self._index < len(self.questions) else None

    @property
    def pending_follow_up(self) -> FollowUp | None:
        with self._lock:
            return self.turns[-1].follow_up if self._phase in ("follow_up", "judging") else None

    @property
    def position(self) -> str:
        """'2/4': the question being asked, of how many."""
        with self._lock:
            return f"{min(self._index + 1, len(self.questions))}/{len(self.questions)}"

    @property
    def finished(self) -> bool:
        with self._lock:
            return self._phase == "done"

    # -- turns (a worker thread) --------------------------------------------------------------
    def answer(
        self,
        text: str,
        seconds: float,
        timed_out: bool = False,
        *,
        delivery: dict | None = None,
        audio: bytes | None = None,
    ) -> FollowUp:
        """Score the answer to `current` (an empty one is recorded as no answer: No Hire),
        save it (a spoken one with its `delivery` figures and, if kept, its `audio`), and
        return the follow-up to ask. If there is none to ask (a question with
        no probe and no follow-up of its own), the round moves straight on. A scoring error
        leaves the round where it was, so the answer can be submitted again."""
        with self._lock:
            if self._phase != "answer" or self._index >= len(self.questions):
                raise RoundStateError(f"not waiting for an answer ({self._phase})")
            question = self.questions[self._index]
            self._phase = "scoring"
        try:
            rubric = self.catalog.rubrics[question.id]
            if text.strip():
                result = self.scorer.score(question, rubric, text)
            else:
                result = self.scorer.unanswered(question, rubric, NO_ANSWER)
            follow_up = _follow_up(question, rubric, result)
        except BaseException:
            with self._lock:
                self._phase = "answer"
            raise
        attempt = ScoredAttempt(
            question,
            text,
            result,
            seconds=seconds,
            started_at=datetime.now(UTC) - timedelta(seconds=max(0.0, seconds)),
            timed_out=timed_out,
            delivery=delivery,
            audio=audio,
        )
        turn = Turn(question, text, seconds, timed_out, result, follow_up, rubric, attempt)
        with self._lock:
            self.turns.append(turn)
            if follow_up.asked:
                self._phase = "follow_up"
            else:
                self._advance()
        if self.recorder is not None:
            self.recorder.save(attempt)
        return follow_up

    def follow_up_answer(
        self, text: str, seconds: float, timed_out: bool = False, *, delivery: dict | None = None
    ) -> FollowUp:
        """Judge the reply to the pending follow-up against the point it probes, save it
        (a spoken one with its `delivery` figures), and move to the next question. Returns
        the follow-up with its verdict."""
        with self._lock:
            if self._phase != "follow_up":
                raise RoundStateError(f"not waiting for a follow-up answer ({self._phase})")
            turn = self.turns[-1]
            self._phase = "judging"
        f = turn.follow_up
        try:
            check = None
            if f.point_id is not None and text.strip():
                rubric = self.catalog.rubrics[turn.question.id]
                check = self.scorer.point_made(turn.question, rubric, f.point_id, text)
        except BaseException:
            with self._lock:
                self._phase = "follow_up"
            raise
        with self._lock:
            f.answer, f.seconds, f.timed_out, f.replied, f.check, f.delivery = (
                text, seconds, timed_out, True, check, delivery
            )  # fmt: skip
            self._advance()
        if self.recorder is not None:
            self.recorder.save_follow_up(turn.attempt, f.to_dict())
        return f

    def finish(self) -> Debrief:
        """The debrief on the questions answered so far (all of them, unless the round was
        ended early), saved with the session. A follow-up still waiting counts as not
        answered. Calling it again returns the same debrief."""
        with self._lock:
            if self._debrief is not None:
                return self._debrief
            if self._phase in ("scoring", "judging"):
                raise RoundStateError("an answer is still being scored")
            if self._phase == "follow_up":
                self.turns[-1].follow_up.replied = True
            self._phase = "done"
            turns = list(self.turns)
        debrief = build_debrief(
            turns,
            planned=len(self.questions),
            minutes=self.minutes,
            target_level=self.target_level,
            model=turns[0].result.model if turns else "",
        )
        with self._lock:
            self._debrief = debrief
        if self.recorder is not None and turns:
            self.recorder.save_debrief(
                debrief.to_dict(), [p["question_id"] for p in debrief.practise_next]
            )
        return debrief

    def _advance(self) -> None:
        self._index += 1
        self._phase = "answer" if self._index < len(self.questions) else "over"


def _follow_up(question: Question, rubric: Rubric, result: ScoreResult) -> FollowUp:
    """The probe of the most important missed point, else the question's own follow-up."""
    hit: PointHit | None = probed_point(result.missing, rubric)
    if hit is not None:
        return FollowUp(hit.probe, hit.id, hit.label)
    if question.follow_ups:
        return FollowUp(question.follow_ups[0], None)
    return FollowUp("", None, asked=False)


def _minutes(minutes: float) -> str:
    if minutes == int(minutes):
        return plural(int(minutes), "minute")
    return f"{minutes:g} minutes"


def start_round(
    catalog: Catalog,
    scorer: Scorer,
    options: InterviewOptions,
    *,
    profile: Profile | None = None,
    recorder: Recorder | None = None,
) -> InterviewRound:
    """A live round as both front ends start one: planned for the profile's target level and
    track, different from the last round (which this one then replaces), its answers saved
    through `recorder` into a new session of kind "interview". QuestionLookupError for an
    unknown id in `options.question_ids`; ValueError when the filters leave no question."""
    target = profile.target_level if profile else None
    questions = plan_round(
        catalog,
        count=options.count,
        category=options.category,
        level=options.level,
        question_ids=options.question_ids or None,
        target_level=target,
        track=profile.track if profile else None,
        previous=last_round(),
        seed=options.seed,
    )
    if not questions:
        raise ValueError("no questions match that selection; see 'interview-coach questions'")
    remember_round(questions)
    if recorder is not None:
        recorder.new_session(describe(options), kind="interview")
    return InterviewRound(
        questions, catalog, scorer, minutes=options.minutes, target_level=target, recorder=recorder
    )


def describe(options: InterviewOptions) -> str:
    """The session's label in the transcripts: 'mock interview' and what narrowed it."""
    parts = [f"{k}={v}" for k, v in (("category", options.category), ("level", options.level)) if v]
    if options.question_ids:
        parts.append("questions=" + ",".join(options.question_ids))
    return "mock interview" + (f" ({', '.join(parts)})" if parts else "")


# -- replaying a round from a file ------------------------------------------------------------
REPLAY_KEYS = ("question", "answer", "follow_up_answer", "seconds", "follow_up_seconds")
REPLAY_EXAMPLE = (
    '{"question": "mentoring", "answer": "I paired with...", "follow_up_answer": "We met..."}'
)


class ReplayError(ValueError):
    """A line of a replay file that cannot be used; `problem` names the file, the line and
    the fix."""

    def __init__(self, problem: Problem):
        where = f"{problem.path or '<input>'}" + (f":{problem.line}" if problem.line else "")
        super().__init__(f"{where}: {problem.message}. Fix: {problem.fix}")
        self.problem = problem


@dataclass(frozen=True)
class ScriptedTurn:
    """One line of a replay file: a question and what was said to it and its follow-up."""

    question: Question
    answer: str
    follow_up_answer: str = ""  # missing: no answer to the follow-up
    seconds: float = 0.0
    follow_up_seconds: float = 0.0
    line: int = 0


def read_replay(catalog: Catalog, text: str, path: Path | None = None) -> list[ScriptedTurn]:
    """The turns of a replay file (JSONL: one object a line with "question" (id or text),
    "answer" (empty: no answer), and optionally "follow_up_answer", "seconds",
    "follow_up_seconds"). Blank lines are skipped. Raises ReplayError at the first bad line,
    before anything is scored."""
    turns = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue

        def bad(message: str, fix: str, n: int = n) -> ReplayError:
            return ReplayError(Problem(path, n, message, fix))

        try:
            row = json.loads(raw)
        except ValueError as exc:
            raise bad(f"not valid JSON ({exc})", f"write each line as {REPLAY_EXAMPLE}") from exc
        if not isinstance(row, dict):
            raise bad("each line must be a JSON object", f"write it as {REPLAY_EXAMPLE}")
        unknown = [k for k in row if k not in REPLAY_KEYS]
        if unknown:
            raise bad(
                f"unknown key '{unknown[0]}'",
                f"use only {', '.join(REPLAY_KEYS)}" + _did_you_mean(unknown[0], REPLAY_KEYS),
            )
        if "question" not in row or not isinstance(row["question"], str):
            raise bad("'question' is missing", 'add "question": a question id or its text')
        try:
            question = _resolve(catalog, row["question"])
        except QuestionLookupError as exc:
            raise bad(str(exc), "give the question's id, or more of its text") from exc
        if "answer" not in row:
            raise bad("'answer' is missing", 'add "answer": the text ("" for no answer)')
        for key in ("answer", "follow_up_answer"):
            if key in row and not isinstance(row[key], str):
                raise bad(f"'{key}' must be text", f'write "{key}": "..." ("" for no answer)')
        for key in ("seconds", "follow_up_seconds"):
            value = row.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise bad(f"'{key}' must be a number of seconds", f'write "{key}": 45')
        turns.append(
            ScriptedTurn(
                question,
                row["answer"],
                row.get("follow_up_answer", ""),
                float(row.get("seconds", 0)),
                float(row.get("follow_up_seconds", 0)),
                n,
            )
        )
    if not turns:
        raise ReplayError(
            Problem(path, None, "no turns in the file", f"add lines like {REPLAY_EXAMPLE}")
        )
    return turns


def replay(rnd: InterviewRound, turns: Sequence[ScriptedTurn]) -> Debrief:
    """Play a scripted round through the driver as a user would, the clock read from each
    line's seconds, and return the debrief."""
    limit = rnd.limit_seconds
    for t in turns:
        follow_up = rnd.answer(t.answer, t.seconds, timed_out=t.seconds >= limit)
        if follow_up.asked:
            rnd.follow_up_answer(
                t.follow_up_answer, t.follow_up_seconds, timed_out=t.follow_up_seconds >= limit
            )
    return rnd.finish()


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""

"""How an answer sounded, from the transcript's word timestamps: pace, pauses, fillers,
speaking time and the longest stretch without a break. Pure functions of the words, so they
are tested without audio.

Every figure is an observable fact tied to a moment ("3.2 s pause at 0:14, after
'contributor'") set beside a reference (a conversational 130-160 words a minute, about 1-2
fillers a minute in fluent speech, a 60-second answer): never a judgement of the speaker."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

# What counts as a filler is scoring's rule, the same for typed answers: here each filler
# gets the moment it was said.
from interview_coach.scoring.fillers import filler_spans, is_hesitation

# References the figures are set beside (sources: conversational speaking rate; filler rates
# in fluent spontaneous speech; the seeds' 60-second checkpoint).
PACE_BAND = (130, 160)  # words a minute
FILLER_REFERENCE = (1, 2)  # fillers a minute
TARGET_SECONDS = 60
# A silence between two words longer than this is reported as a pause, with where it fell.
PAUSE_SECONDS = 2.0
# A stretch of speech ends at a silence of at least this long (a breath-length stop).
BREAK_SECONDS = 1.0

_EDGE = re.compile(r"^[^\w']+|[^\w']+$")


@dataclass(frozen=True)
class Word:
    """One recognised word and when it was said, in seconds from the recording's start."""

    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Pause:
    start: float  # when the silence began (end of the word before)
    seconds: float
    after: str  # the word before it
    before: str  # the word after it


@dataclass(frozen=True)
class Filler:
    text: str  # normalised: "um", "you know"
    at: float


@dataclass(frozen=True)
class Delivery:
    words: int  # recognised words, hesitation sounds not counted
    speaking_seconds: float  # first word's start to last word's end
    audio_seconds: float  # the whole recording
    first_word_at: float  # seconds of silence before the answer began
    words_per_minute: float
    pauses: list[Pause] = field(default_factory=list)
    fillers: list[Filler] = field(default_factory=list)
    fillers_per_minute: float = 0.0
    longest_run_seconds: float = 0.0
    longest_run_start: float = 0.0
    pace_band: tuple[int, int] = PACE_BAND
    filler_reference: tuple[int, int] = FILLER_REFERENCE
    target_seconds: int = TARGET_SECONDS
    pause_seconds: float = PAUSE_SECONDS
    break_seconds: float = BREAK_SECONDS

    @property
    def pace(self) -> str:
        """'below', 'within' or 'above' the conversational band."""
        low, high = self.pace_band
        if self.words_per_minute < low:
            return "below"
        return "above" if self.words_per_minute > high else "within"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["pace"] = self.pace
        d["pace_band"] = list(self.pace_band)
        d["filler_reference"] = list(self.filler_reference)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Delivery:
        return cls(
            words=int(d["words"]),
            speaking_seconds=float(d["speaking_seconds"]),
            audio_seconds=float(d.get("audio_seconds", d["speaking_seconds"])),
            first_word_at=float(d.get("first_word_at", 0.0)),
            words_per_minute=float(d["words_per_minute"]),
            pauses=[Pause(**p) for p in d.get("pauses", [])],
            fillers=[Filler(**f) for f in d.get("fillers", [])],
            fillers_per_minute=float(d.get("fillers_per_minute", 0.0)),
            longest_run_seconds=float(d.get("longest_run_seconds", 0.0)),
            longest_run_start=float(d.get("longest_run_start", 0.0)),
            pace_band=_pair(d.get("pace_band"), PACE_BAND),
            filler_reference=_pair(d.get("filler_reference"), FILLER_REFERENCE),
            target_seconds=int(d.get("target_seconds", TARGET_SECONDS)),
            pause_seconds=float(d.get("pause_seconds", PAUSE_SECONDS)),
            break_seconds=float(d.get("break_seconds", BREAK_SECONDS)),
        )


def _pair(value, default: tuple[int, int]) -> tuple[int, int]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return (int(value[0]), int(value[1]))
    return default


def find_fillers(words: Sequence[Word]) -> list[Filler]:
    """Every filler in order, with when it was said (see scoring/fillers.py)."""
    spans = filler_spans([w.text for w in words])
    return [Filler(text, float(words[i].start)) for i, text in spans]


def measure(words: Iterable[Word], audio_seconds: float | None = None) -> Delivery:
    """The delivery figures of one answer. `words` in time order (as transcribed);
    `audio_seconds` is the recording's length (default: the last word's end)."""
    ws = sorted((w for w in words if w.text.strip()), key=lambda w: (w.start, w.end))
    if not ws:
        total = audio_seconds or 0.0
        return Delivery(0, 0.0, _r(total, 2), _r(total, 2), 0.0)
    first, last = ws[0].start, max(w.end for w in ws)
    speaking = max(last - first, 0.0)
    minutes = speaking / 60
    counted = sum(1 for w in ws if not is_hesitation(w.text))
    fillers = find_fillers(ws)
    pauses: list[Pause] = []
    run_start, best_start, best = first, first, 0.0
    reach = ws[0].end  # the latest end so far: words may overlap
    for prev_i, word in enumerate(ws[1:]):
        gap = word.start - reach
        if gap > PAUSE_SECONDS:
            pauses.append(
                Pause(_r(reach, 2), _r(gap, 2), _shown(ws[prev_i].text), _shown(word.text))
            )
        if gap >= BREAK_SECONDS:
            if reach - run_start > best:
                best, best_start = reach - run_start, run_start
            run_start = word.start
        reach = max(reach, word.end)
    if reach - run_start > best:
        best, best_start = reach - run_start, run_start
    return Delivery(
        words=counted,
        speaking_seconds=_r(speaking, 2),
        audio_seconds=_r(max(audio_seconds or 0.0, last), 2),
        first_word_at=_r(first, 2),
        words_per_minute=_r(counted / minutes, 1) if minutes else 0.0,
        pauses=pauses,
        fillers=fillers,
        fillers_per_minute=_r(len(fillers) / minutes, 1) if minutes else 0.0,
        longest_run_seconds=_r(best, 2),
        longest_run_start=_r(best_start, 2),
    )


def _r(x: float, digits: int) -> float:
    return round(float(x), digits)  # a plain float, whatever numeric type the words carry


def _shown(text: str) -> str:
    return _EDGE.sub("", text.strip()) or text.strip()


def clock(seconds: float) -> str:
    """0:07, 1:23: a moment in the recording."""
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def describe(d: Delivery) -> list[str]:
    """The figures as lines of plain text for a reply: each a fact, its moment, and the
    reference it is set beside."""
    if not d.words:
        return ["No words were recognised in the recording."]
    low, high = d.pace_band
    where = {"below": "slower than", "within": "within", "above": "faster than"}[d.pace]
    lines = [
        f"Pace: {d.words_per_minute:.0f} words a minute, {where} the conversational {low}-{high}.",
        f"Speaking time: {d.speaking_seconds:.0f} s of the {d.target_seconds} s target"
        f" ({d.words} words; first word at {clock(d.first_word_at)}).",
    ]
    if d.pauses:
        shown = "; ".join(
            f"{p.seconds:.1f} s at {clock(p.start)} after '{p.after}'" for p in d.pauses[:6]
        )
        more = f" and {len(d.pauses) - 6} more" if len(d.pauses) > 6 else ""
        lines.append(f"Pauses over {d.pause_seconds:.0f} s: {len(d.pauses)}: {shown}{more}.")
    else:
        lines.append(f"Pauses over {d.pause_seconds:.0f} s: none.")
    a, b = d.filler_reference
    if d.fillers:
        shown = ", ".join(f"'{f.text}' at {clock(f.at)}" for f in d.fillers[:8])
        more = f" and {len(d.fillers) - 8} more" if len(d.fillers) > 8 else ""
        lines.append(
            f"Fillers: {len(d.fillers)}, {d.fillers_per_minute:.1f} a minute (fluent speech"
            f" has about {a}-{b}): {shown}{more}."
        )
    else:
        lines.append(f"Fillers: none (fluent speech has about {a}-{b} a minute).")
    end = d.longest_run_start + d.longest_run_seconds
    lines.append(
        f"Longest stretch without a {d.break_seconds:.0f} s break: {d.longest_run_seconds:.0f} s"
        f" ({clock(d.longest_run_start)}-{clock(end)})."
    )
    return lines

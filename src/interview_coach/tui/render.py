"""Chat turns as Rich `Text`, always built from plain strings: an answer containing
`[bold]` or `[link=...]` is shown exactly as typed, never interpreted as markup, and one
containing control characters shows them as marks (`shown`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from interview_coach.bank.models import BAND_LABELS, BANDS, Question
from interview_coach.common.safe_text import safe
from interview_coach.scoring.result import ScoreResult

if TYPE_CHECKING:  # the store (and sqlite3) load after the first question
    from interview_coach.transcripts.progress import PointChanges

BAR = 12
BAND_STYLE = {"strong_hire": "bold green", "lean_hire": "bold yellow", "no_hire": "bold red"}


def shown(content: Text | str) -> Text:
    """`content` with its control characters and bidi overrides as visible marks
    (common.safe_text). A mark per character, so a Text keeps its styles where they were.
    Rich has already dropped BEL, BS, VT, FF and CR from a Text, harmlessly."""
    if isinstance(content, str):
        return Text(safe(content))  # before Text(), which would drop BEL and CR unseen
    t = content.copy()
    t.plain = safe(t.plain)
    return t


def _bar(p: float) -> str:
    filled = round(p * BAR)
    return "█" * filled + "░" * (BAR - filled)


def question_text(q: Question, position: str, origin: str = "built-in") -> Text:
    t = Text()
    t.append(f"Question {position}", style="bold")
    t.append(f"  ·  {q.category} · {q.level}", style="dim")
    if origin != "built-in":  # the user's own file, or one that replaces a built-in
        t.append(f" · {origin}", style="italic cyan")
    t.append("\n")
    t.append(q.text)
    return t


def verdict_text(r: ScoreResult) -> Text:
    t = Text()
    t.append(f"{r.band_label}", style=BAND_STYLE[r.band])
    t.append(f"  confidence {r.confidence:.0%}\n")
    for b in BANDS:
        label = BAND_LABELS[b]
        t.append(f"  {label:<12}", style="dim" if b != r.band else "")
        t.append(_bar(r.scores[b]), style=BAND_STYLE[b].replace("bold ", ""))
        t.append(f" {r.scores[b]:>4.0%}\n")
    if r.gate:
        t.append("\nWhy: ", style="bold")
        t.append(r.gate["reason"] + "\n")
    if r.covered:
        t.append("\nCovered\n", style="bold green")
        for h in r.covered:
            t.append("  ✓ ", style="green")
            t.append(h.label + "\n")
    if r.missing:
        t.append("\nMissing\n", style="bold yellow")
        for h in r.missing:
            t.append("  ✗ ", style="yellow")
            t.append(h.label + "\n")
    if r.red_flags:
        t.append("\nRed flags\n", style="bold red")
        for h in r.red_flags:
            t.append("  ! ", style="red")
            t.append(f'{h.label}: "{h.evidence}"\n')
    if r.level:
        t.append("\nLevel  ", style="bold")
        t.append(r.level["message"] + "\n", style="" if r.level["meets"] else "yellow")
    t.append("\n")
    t.append(signals_text(r.signals))
    t.append("\n\nNext step: ", style="bold")
    t.append(r.next_step)
    if r.follow_up:
        t.append("\n\nFollow-up: ", style="bold")
        t.append(r.follow_up, style="italic")
    for note in r.notes:
        t.append("\n\nNote: ", style="bold")
        t.append(note)
    return t


def since_last_text(changes: PointChanges | None) -> Text:
    """The reply's paragraph for a question answered before (`since_last_line`); empty for
    a first answer."""
    return Text("\n\n") + since_last_line(changes) if changes is not None else Text()


def since_last_line(changes: PointChanges) -> Text:
    """The key points gained (green) and lost (yellow) since the last answer to the same
    question, in transcripts.progress's wording."""
    from interview_coach.transcripts.progress import SINCE_LAST, UNCHANGED  # loaded by now

    t = Text()
    t.append(f"{SINCE_LAST.capitalize()}: ", style="bold")
    for i, (mark, gained) in enumerate(changes.marks):
        t.append(", " if i else "")
        t.append(mark, style="green" if gained else "yellow")
    if not changes.marks:
        t.append(UNCHANGED, style="dim")
    return t


def signals_text(sig: dict) -> Text:
    t = Text()
    secs, target = sig["speaking_seconds"], sig["target_seconds"]
    t.append("Signals  ", style="bold")
    t.append(f"{sig['words']} words · ~{secs:.0f}s spoken (target {target}s)")
    t.append(" · numbers: " + (", ".join(sig["metrics"][:4]) if sig["metrics"] else "none"))
    vague = sorted(set(sig["vague_phrases"]))
    t.append(" · vague: " + (", ".join(vague) if vague else "none"))
    t.append(f" · filler: {len(sig['fillers'])}")
    steps = sig.get("framework_steps") or []
    if steps:
        t.append("\nFramework  ", style="bold")
        t.append(" → ".join(("✓ " if s["covered"] else "· ") + s["step"] for s in steps))
        order = sig.get("framework_in_order")
        if order is False:
            t.append("  (out of order)", style="yellow")
    return t


def model_answer_text(q: Question, rubric) -> Text:
    t = Text()
    t.append("Model answer\n", style="bold")
    t.append(q.model_answer.strip() + "\n")
    if rubric is not None:
        t.append("\nWhat the rubric looks for\n", style="bold")
        for k in rubric.key_points:
            t.append("  • ")
            t.append(k.label + "\n")
        t.append("Strong Hire: ", style="green")
        t.append(rubric.bands["strong_hire"].descriptor + "\n")
    return t

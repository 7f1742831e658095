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


def verdict_line(r: ScoreResult) -> Text:
    t = Text()
    t.append(r.band_label, style=BAND_STYLE[r.band])
    t.append(f"  {r.confidence_words}")
    points = len(r.covered) + len(r.missing)
    if points:
        t.append(f"  ·  {len(r.covered)} of {points} key points made", style="dim")
    return t


def compact_reply(r: ScoreResult) -> Text:
    """What a reply leads with, short enough to be read whole at 80x24 with the answer box
    open: the verdict, the one point that matters most (a red flag, else the most important
    missing point, unless the next step already names it or how the answer is told is what
    failed), the next step and the follow-up. Everything else is in `reply_details`."""
    t = verdict_line(r)
    if r.gate:
        t.append("\nWhy: ", style="bold")
        t.append(r.gate["reason"])
    if r.red_flags:
        h = r.red_flags[0]
        t.append("\nRed flag: ", style="bold red")
        t.append(f'{h.label}: "{h.evidence}"')
    elif r.missing and not r.told_away and r.missing[0].label.lower() not in r.next_step.lower():
        t.append("\nMissing: ", style="bold yellow")
        t.append(r.missing[0].label)
    t.append("\nNext step: ", style="bold")
    t.append(r.next_step)
    if r.follow_up:
        t.append("\nFollow-up: ", style="bold")
        t.append(r.follow_up, style="italic")
    return t


def reply_details(r: ScoreResult, delivery: list[str] | None = None) -> Text:
    """The rest of a reply: the band scores, why, every key point with its evidence, the red
    flags, the level, the signals and framework, the nearest example answer, how a spoken
    answer sounded (`delivery`) and any notes."""
    t = Text()
    for i, b in enumerate(BANDS):
        label = BAND_LABELS[b]
        t.append(("\n" if i else "") + f"{label:<12}", style="dim" if b != r.band else "")
        t.append(_bar(r.scores[b]), style=BAND_STYLE[b].replace("bold ", ""))
        t.append(f" {r.scores[b]:>4.0%}")
    # Why the verdict is what it is, in the coach's words: a denial that does not count, what
    # the team did, a take-back, a hold on reach. The gate's reason leads the compact reply.
    why = [s for s in r.reasons if not (r.gate and s == r.gate["reason"])]
    if why:
        t.append("\n\nWhy\n", style="bold")
        for reason in why:
            t.append(f"  · {reason}\n")
        t.rstrip()
    if r.covered:
        t.append("\n\nCovered\n", style="bold green")
        for h in r.covered:
            t.append("  ✓ ", style="green")
            t.append(h.label)
            if h.evidence:
                t.append(f'  "{h.evidence}"', style="dim")
            t.append("\n")
        t.rstrip()
    if r.missing:
        # Told so that nothing counts: the points are what to tell again, not what to add.
        told = r.told_away
        t.append(f"\n\n{r.missing_heading}\n", style="bold yellow")
        for h in r.missing:
            t.append("  · " if told else "  ✗ ", style="yellow")
            t.append(h.label)
            if h.near:
                t.append(f" ({h.NEAR_NOTE})", style="italic")
            if h.why:
                t.append(f": {h.why}", style="dim")
            t.append("\n")
        t.rstrip()
    if r.red_flags:
        t.append("\n\nRed flags\n", style="bold red")
        for h in r.red_flags:
            t.append("  ! ", style="red")
            t.append(f'{h.label}: "{h.evidence}"\n')
        t.rstrip()
    if r.level:
        t.append("\n\nLevel  ", style="bold")
        t.append(r.level["message"], style="" if r.level["meets"] else "yellow")
    t.append("\n\n")
    t.append(signals_text(r.signals))
    ne = r.nearest_exemplar
    if ne.get("text"):
        t.append("\n\nNearest example answer", style="bold")
        t.append(f"  ({BAND_LABELS[ne['band']]}, similarity {ne['similarity']:.2f})\n", style="dim")
        t.append(ne["text"].strip())
    if delivery:
        t.append("\n\nHow it sounded:", style="bold")
        for line in delivery:
            t.append("\n" + line)
    for note in r.notes:
        t.append("\n\nNote: ", style="bold")
        t.append(note)
    return t


def verdict_text(r: ScoreResult) -> Text:
    """The whole reply in one text: the compact part, then the details."""
    return compact_reply(r) + Text("\n\n") + reply_details(r)


def since_last_text(changes: PointChanges | None) -> Text:
    """The reply's paragraph for a question answered before (`since_last_line`); empty for
    a first answer."""
    return Text("\n") + since_last_line(changes) if changes is not None else Text()


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
        t.append("\n           ✓ your answer has this step · not yet", style="dim")
    return t


def gauge(seconds: float, target: float, label: str, cells: int = 6) -> Text:
    """`label` and a bar filling towards `target` seconds: green up to it, yellow past it,
    red past half as long again, so the 60-second aim is seen while answering."""
    share = seconds / target if target > 0 else 0.0
    style = "green" if share <= 1 else "yellow" if share <= 1.5 else "bold red"
    filled = min(cells, round(share * cells))
    t = Text()
    t.append(label, style=style if share > 1 else "")
    t.append(" ")
    t.append("▰" * filled, style=style)
    t.append("▱" * (cells - filled), style="dim")
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

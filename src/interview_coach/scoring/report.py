"""Plain-text rendering of a score for the terminal (the CLI's non-JSON output)."""

from __future__ import annotations

import shutil
import textwrap

from interview_coach.bank.models import BAND_LABELS, BANDS
from interview_coach.common.textfmt import clip
from interview_coach.scoring.result import ScoreResult

BAR = 20


def _bar(p: float) -> str:
    filled = round(p * BAR)
    return "#" * filled + "." * (BAR - filled)


def render(r: ScoreResult, width: int | None = None, delivery: list[str] | None = None) -> str:
    """`delivery`: lines about how a spoken answer sounded, shown under the verdict."""
    width = width or max(40, min(100, shutil.get_terminal_size((80, 24)).columns - 1))

    def wrap(s, ind="  "):
        return textwrap.fill(s, width, initial_indent=ind, subsequent_indent=ind + "  ")

    sig = r.signals
    out = [
        f"Question: {r.question_id}",
        wrap(r.question, "  "),
        "",
        f"Verdict: {r.band_label}  ({r.confidence_words})",
    ]
    out += [f"  {BAND_LABELS[b]:<12} {_bar(r.scores[b])} {r.scores[b]:.0%}" for b in BANDS]
    if delivery:
        out += ["", "Delivery (from the recording):"] + [wrap("- " + s) for s in delivery]
    out += ["", "Why:"] + [wrap("- " + s) for s in r.reasons]
    if r.covered:
        out += ["", "Covered:"] + [wrap(f'+ {h.label}  ("{h.evidence}")') for h in r.covered]
    if r.missing:
        out += ["", r.missing_heading + ":"] + [
            wrap(
                ("· " if r.told_away else "- ")
                + h.label
                + (f" ({h.NEAR_NOTE})" if h.near else "")
                + (f": {h.why}" if h.why else "")
            )
            for h in r.missing
        ]
    if r.red_flags:
        out += ["", "Red flags:"] + [wrap(f'! {h.label}  ("{h.evidence}")') for h in r.red_flags]
    steps = sig.get("framework_steps") or []
    step_text = " -> ".join(("[x] " if s["covered"] else "[ ] ") + s["step"] for s in steps)
    order = {True: "in order", False: "out of order", None: "-"}[sig.get("framework_in_order")]
    out += [
        "",
        "Signals:",
        # A recording's speaking time is measured (under Delivery); text's is estimated.
        f"  {sig['words']} words"
        + (
            ""
            if delivery
            else f", about {sig['speaking_seconds']:.0f}s spoken (target {sig['target_seconds']}s)"
        ),
        f"  numbers: {', '.join(sig['metrics'][:6]) or 'none'}",
        f"  vague phrases: {', '.join(sorted(set(sig['vague_phrases']))) or 'none'}",
        f"  filler: {len(sig['fillers'])} ({sig['filler_rate']} per 100 words)",
    ]
    if steps:
        out.append(wrap(f"framework ({order}): {step_text}"))
    if r.nearest_exemplar.get("text"):
        ne = r.nearest_exemplar
        out += [
            "",
            f"Nearest example ({BAND_LABELS[ne['band']]}, similarity {ne['similarity']:.2f}):",
            wrap(clip(ne["text"], 300), "  "),
        ]
    out += ["", "Next step:", wrap(r.next_step)]
    if r.follow_up:
        out += ["", "Follow-up question:", wrap(r.follow_up)]
    for note in r.notes:
        out += ["", "Note: " + note]
    return "\n".join(out)

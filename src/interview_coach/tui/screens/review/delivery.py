"""Delivery over time: how each spoken answer sounded (pace, fillers, long pauses, speaking
time), one line per answer by date. Its own widget-free function, beside the band charts, so
either can change without the other."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

# The references each figure is set beside: delivery.py is pure Python (no audio stack).
from interview_coach.speech.delivery import FILLER_REFERENCE, PACE_BAND, TARGET_SECONDS
from interview_coach.transcripts.export import local_time
from interview_coach.transcripts.progress import DeliveryPoint
from interview_coach.tui.screens.review.widgets import report_table

SHOWN = 12  # the latest answers; older ones are counted


def delivery_table(points: Sequence[DeliveryPoint]) -> RenderableType:
    """The spoken answers, newest last, each figure marked where it is outside its
    reference (dim: within)."""
    if not points:
        return Text(
            "How your spoken answers sounded: none yet (f9 in the chat records one).",
            style="bold",
        )
    table: Table = report_table(
        ("Spoken answers", dict(ratio=1, overflow="fold")),
        ("Date", dict(width=16, no_wrap=True)),
        ("Words/min", dict(width=9, justify="right")),
        ("Fillers/min", dict(width=11, justify="right")),
        ("Pauses>2s", dict(width=9, justify="right")),
        ("Spoken", dict(width=6, justify="right")),
    )
    low, high = PACE_BAND
    for p in points[-SHOWN:]:
        table.add_row(
            Text(p.question),
            Text(local_time(p.at)),
            _marked(f"{p.words_per_minute:.0f}", not low <= p.words_per_minute <= high),
            _marked(f"{p.fillers_per_minute:.1f}", p.fillers_per_minute > FILLER_REFERENCE[1]),
            _marked(str(p.long_pauses), p.long_pauses > 0),
            Text(f"{p.speaking_seconds:.0f}s"),
        )
    caption = (
        f"Conversational pace {low}-{high} words a minute; fluent speech about"
        f" {FILLER_REFERENCE[0]}-{FILLER_REFERENCE[1]} fillers a minute; target"
        f" {TARGET_SECONDS} s spoken."
    )
    if len(points) > SHOWN:
        caption += f" The latest {SHOWN} of {len(points)}."
    table.caption = caption
    table.caption_style = "dim"
    return table


def _marked(value: str, outside: bool) -> Text:
    return Text(value, style="yellow" if outside else "")

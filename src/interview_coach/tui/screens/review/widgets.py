"""Small renderers the review screens share: bands as words, letters and sparklines, trends,
one stored attempt as it was, and the plain tables of the Progress and Due tabs. All are
Rich `Text` built from plain strings: stored answers are shown exactly as typed (control
characters as marks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from interview_coach.bank.models import BAND_LABELS, BAND_LETTERS, BANDS
from interview_coach.transcripts import progress
from interview_coach.transcripts.export import local_time
from interview_coach.transcripts.store import StoredAttempt
from interview_coach.tui import render

BAND_STYLE = render.BAND_STYLE
SPARK = "▁▂▃▄▅▆▇█"
TREND_TEXT = {
    "improving": ("↑ improving", "green"),
    "steady": ("→ steady", ""),
    "slipping": ("↓ slipping", "red"),
    "new": ("· first try", "dim"),
}


def band_text(band: str) -> Text:
    return Text(BAND_LABELS.get(band, band), style=BAND_STYLE.get(band, ""))


def band_letters(bands: list[str], limit: int = 10) -> Text:
    """S / L / N per answer, coloured by band; a long session ends in "+n"."""
    t = Text()
    shown = bands if len(bands) <= limit else bands[: limit - 3]
    for b in shown:
        t.append(BAND_LETTERS.get(b, "?"), style=BAND_STYLE.get(b, ""))
    if len(shown) < len(bands):
        t.append(f"+{len(bands) - len(shown)}", style="dim")
    return t


def band_spark(values: Sequence[float], width: int) -> Text:
    """Bands over time on a fixed scale (▁ No Hire, ▄ Lean Hire, █ Strong Hire), oldest on
    the left, one bar per answer, or per group of answers (their mean) when there are more
    answers than `width`. Textual's Sparkline scales to the data's own minimum and maximum,
    so a run of Strong Hires would be drawn as the lowest bars; this does not."""
    if not values or width <= 0:
        return Text()
    if len(values) > width:
        step = len(values) / width
        values = [
            sum(chunk) / len(chunk)
            for i in range(width)
            if (chunk := values[int(i * step) : int((i + 1) * step)])
        ]
    t = Text()
    for v in values:
        t.append(_bar(v), style=_spark_style(v))
    return t


def _bar(v: float) -> str:
    return SPARK[min(max(int(v / 2 * len(SPARK)), 0), len(SPARK) - 1)]


def _spark_style(v: float) -> str:
    return ("red", "yellow", "green")[min(max(round(v), 0), 2)]


def spark_legend() -> Text:
    t = Text()
    for b in reversed(BANDS):
        v = progress.band_value(b)
        t.append(_bar(v), style=_spark_style(v))
        t.append(f" {BAND_LABELS[b]}  ", style="dim")
    return t


def trend_text(trend: str) -> Text:
    label, style = TREND_TEXT.get(trend, (trend, ""))
    return Text(label, style=style)


def attempt_detail(a: StoredAttempt) -> Text:
    """The question, the answer as typed, and the coach's reply as it was."""
    t = Text()
    t.append("Question", style="bold")
    meta = [a.category, a.level, local_time(a.scored_at)]
    if a.seconds:
        meta.append(f"{int(a.seconds) // 60}:{int(a.seconds) % 60:02d} taken")
    if a.hints_used:
        meta.append(f"{a.hints_used} hint{'s' if a.hints_used != 1 else ''}")
    if a.revealed:
        meta.append("model answer seen first")
    t.append("  ·  " + " · ".join(m for m in meta if m) + "\n", style="dim")
    t.append(a.question + "\n\n")
    t.append("Your answer\n", style="bold")
    t.append(a.answer.rstrip() + "\n\n")
    t.append("Coach\n", style="bold")
    try:
        t.append_text(render.verdict_text(a.result))
    except Exception as exc:  # a damaged stored reply must not take the screen with it
        t.append(f"{a.band_label} (the full reply could not be read: {exc})")
    if a.delivery is not None:
        t.append("\n\nHow it sounded\n", style="bold")
        t.append("\n".join(delivery_lines(a.delivery)))
    return render.shown(t)


def report_table(*columns: tuple[str, dict[str, Any]]) -> Table:
    """A borderless table the width of the tab, with bold headers: (title, column options)."""
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True, padding=(0, 1))
    for title, options in columns:
        table.add_column(Text(title, style="bold"), **options)
    return table


def delivery_lines(stored: dict) -> list[str]:
    """A spoken answer's delivery as it was described in the reply."""
    from interview_coach.speech.delivery import Delivery, describe  # pure: no audio stack

    try:
        return describe(Delivery.from_dict(stored))
    except (KeyError, TypeError, ValueError) as exc:  # a damaged record: the rest still shows
        return [f"(the delivery figures could not be read: {exc})"]

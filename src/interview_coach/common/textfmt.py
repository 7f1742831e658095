"""Small text rules every front end shares: cutting a line to a width, counting nouns, a
stored time in the user's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

ELLIPSIS = "…"


def clip(text: str, width: int, keep_end: bool = False) -> str:
    """`text` on one line (runs of whitespace become one space) of at most `width` characters,
    cut with an ellipsis; `keep_end` keeps the end instead (for paths)."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    if width <= 0:
        return ""
    if keep_end:
        return ELLIPSIS + line[len(line) - width + 1 :]
    return line[: width - 1] + ELLIPSIS


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 day', '3 days'; `many` for irregular plurals ('1 key point', '2 key points')."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def local_time(iso: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC timestamp in the user's local time (an unparsable one as stored)."""
    try:
        t = datetime.fromisoformat(iso)
    except ValueError:
        return iso[:16]
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone().strftime(fmt)

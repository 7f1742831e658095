"""Small text rules every front end shares: cutting a line to a width, counting nouns."""

from __future__ import annotations

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

"""The one filler rule, for typed answers (scoring's signals) and spoken ones (speech's delivery,
which adds when each filler was said): hesitation sounds always count; discourse phrases count
only where the speaker sets them off.

It works on tokens as written, punctuation attached ("Um," "know."), because the commas are
what tell "so, like, we..." from "I like Python": whitespace-split text and a recogniser's
words both give such tokens."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Hesitation sounds: always fillers, and not counted as words for a spoken answer's pace.
# Whisper spells them with repeated letters ("ummm", "uhh", "mm-hmm"), so they are patterns.
_HESITATION = re.compile(r"^(?:u+[hm]+|e+r+m*|a+h+|h+m+|m+h*m+)$")
# Phrases that are fillers only where the speaker sets them off ("so, like, we..." or
# "it was, you know, hard"), not in "I like Python", "do you know Rust" or "what kind of
# database": counted only with a comma after them, or a comma before them where the sentence
# ends with them.
SET_OFF_FILLERS: tuple[tuple[str, ...], ...] = (
    ("you", "know"), ("i", "mean"), ("to", "be", "honest"), ("sort", "of"), ("kind", "of"),
    ("like",), ("basically",), ("actually",), ("literally",), ("honestly",), ("kinda",),
)  # fmt: skip

_EDGE = re.compile(r"^[^\w']+|[^\w']+$")


def normalise(token: str) -> str:
    """A token as the rule compares it: lower case, no surrounding punctuation, no hyphens
    ("Um," -> "um", "mm-hmm" -> "mmhmm")."""
    return _EDGE.sub("", token.strip().lower()).replace("-", "")


def is_hesitation(token: str) -> bool:
    return bool(_HESITATION.match(normalise(token)))


def filler_spans(tokens: Sequence[str]) -> list[tuple[int, str]]:
    """Every filler in order, as (index of its first token, the filler normalised: "um",
    "you know")."""
    norm = [normalise(t) for t in tokens]
    found: list[tuple[int, str]] = []
    i = 0
    while i < len(tokens):
        if _HESITATION.match(norm[i]):
            found.append((i, norm[i]))
            i += 1
            continue
        for phrase in SET_OFF_FILLERS:
            j = i + len(phrase)
            if tuple(norm[i:j]) == phrase and _set_off(tokens, i, j):
                found.append((i, " ".join(phrase)))
                i = j
                break
        else:
            i += 1
    return found


def find_in_text(text: str) -> list[str]:
    """The fillers of a written answer, normalised, in order."""
    return [filler for _, filler in filler_spans(text.split())]


def _set_off(tokens: Sequence[str], i: int, j: int) -> bool:
    last = tokens[j - 1].rstrip()
    if last.endswith(","):
        return True
    before = tokens[i - 1].rstrip() if i > 0 else ""
    return before.endswith(",") and last.endswith((".", "?", "!"))

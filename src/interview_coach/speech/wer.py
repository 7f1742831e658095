"""Word error rate: how far a transcript is from what was said (substitutions, deletions and
insertions over the reference's words). The tests and the benchmark measure the recogniser
with it."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    """Lower case, punctuation and hyphens gone: "Tech-lead, um..." -> tech lead um."""
    return _WORD.findall(text.lower().replace("-", " "))


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    # Levenshtein distance over words, one row at a time.
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / len(ref)

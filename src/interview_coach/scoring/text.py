"""Answer text handling: cleaning, sentence splitting and word helpers. No embeddings."""

from __future__ import annotations

import re
import unicodedata

MAX_SCORED_WORDS = (
    3000  # beyond this an answer is not a spoken answer; the rest is reported, not read
)
LONG_UNIT_WORDS = 40  # a "sentence" longer than this (run-on, no punctuation) is split further

# One number as people write it: "2,000", "1,500,000", "1.5", "12". A comma or point is part
# of the number only with digits after it, so "2,000." ends a sentence on "2,000" and
# "1,2,3" is three numbers; a thousands group is exactly three digits.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?|" + NUMBER + r"(?:%|[kKmMbB]\b)?")
_SENT_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_BULLET = re.compile(r"^\s*(?:[-*•·▪–—>]+|\d{1,2}[.)]|[a-z][.)])\s+")
# A list marker left on its own when a numbered item's "1." reads as a sentence's end.
_MARKER = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z])[.)]")
_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=(?:and then|but|so|which|because|while)\b)")

# Common English function words: their share of an answer tells prose from a keyword list.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "we'd",
        "we're",
        "we've",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "also",
        "would've",
        "wasn't",
        "didn't",
        "don't",
        "isn't",
        "can't",
        "won't",
        "i’m",
        "i’d",
        "i’ll",
        "i’ve",
    ]
)


def clean(text: str) -> str:
    """NFKC, control characters removed (tabs and newlines kept), spaces folded per line."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def truncate_words(text: str, limit: int = MAX_SCORED_WORDS) -> tuple[str, int]:
    """The text cut after `limit` words, and the total word count."""
    matches = list(WORD_RE.finditer(text))
    if len(matches) <= limit:
        return text, len(matches)
    return text[: matches[limit - 1].end()], len(matches)


def split_sentences(text: str) -> list[str]:
    """Sentences, bullet items and lines; run-ons split at clause boundaries."""
    out: list[str] = []
    for piece in _SENT_END.split(text):
        piece = _BULLET.sub("", piece).strip()
        if not words(piece) or _MARKER.fullmatch(piece):
            continue
        if len(words(piece)) > LONG_UNIT_WORDS:
            out.extend(_split_long(piece))
        else:
            out.append(piece)
    return out


def _split_long(sentence: str) -> list[str]:
    parts, current = [], ""
    for clause in _CLAUSE.split(sentence):
        candidate = f"{current} {clause}".strip() if current else clause
        if current and len(words(candidate)) > LONG_UNIT_WORDS * 0.6:
            parts.append(current)
            current = clause
        else:
            current = candidate
    if current:
        parts.append(current)
    # A clause with no punctuation at all can still be huge: cut it by words.
    final: list[str] = []
    for part in parts:
        ws = part.split()
        step = LONG_UNIT_WORDS // 2 + 5
        final.extend(" ".join(ws[i : i + step]) for i in range(0, len(ws), step))
    return final


def function_word_ratio(tokens: list[str]) -> float:
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t.lower() in FUNCTION_WORDS) / len(tokens)


def fragments(text: str) -> list[str]:
    """Pieces between commas, semicolons, slashes and line breaks, for keyword-list checks."""
    return [p for p in re.split(r"[,;/\n|]+|\s+-\s+|[.!?]\s", text) if words(p)]

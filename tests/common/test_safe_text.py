"""The one sanitiser: what a terminal would act on is shown as a mark, one per character;
JSON keeps the data exactly and escapes those characters instead."""

from __future__ import annotations

import io
import json

from interview_coach.common.safe_text import SafeWriter, json_dumps, safe, without_unsafe

HOSTILE = (
    "a\x1b]0;t\x07 b\x1b]52;c;SGVsbG8=\x1b\\ c\x9b31m d\x9d0;x\x9c e\u202eli\u2066x\u2069\x7f\x00"
)


def test_marks_one_per_character_and_keeps_text_layout():
    out = safe(HOSTILE)
    assert len(out) == len(HOSTILE)
    assert out == "a␛]0;t␇ b␛]52;c;SGVsbG8=␛\\ c�31m d�0;x� e�li�x�␡␀"


def test_newlines_tabs_and_ordinary_unicode_are_untouched():
    text = "Line one\tcol\nnaïve 30% → 80ms 🚀 مرحبا\r\nend"
    assert safe(text) is text  # nothing to do: the same object back
    assert safe("over\rwrite") == "over␍write"  # a lone CR could overwrite the line


def test_without_unsafe_removes_what_takes_no_cell():
    assert without_unsafe("a\x1b]0;t\x07b\u202ec\r\nd\re") == "a]0;tbc\r\nde"


def test_json_holds_the_exact_data_and_no_raw_control():
    text = json_dumps({"answer": HOSTILE, "note": "naïve"})
    assert json.loads(text) == {"answer": HOSTILE, "note": "naïve"}
    assert safe(text) == text  # nothing left that a terminal would act on
    assert "naïve" in text  # non-ASCII stays readable


def test_writer_passes_everything_through_safe():
    buf = io.StringIO()
    print("x\x1b]0;t\x07", "y", file=SafeWriter(buf))  # type: ignore[arg-type]
    assert buf.getvalue() == "x␛]0;t␇ y\n"

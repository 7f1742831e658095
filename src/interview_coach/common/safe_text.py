"""Text from files and people, made safe to show on a terminal. The one rule every front end
uses: question files, rubrics, stored answers, file names and error messages quoting them can
hold bytes a terminal acts on instead of showing (`ESC ]0;...BEL` sets the window title,
`ESC ]52;...` writes the clipboard, CSI moves the cursor) or that reorder what is shown
(bidi overrides), so they are shown as marks instead.

Visible, not removed: a reader sees that something was there (a question that says
`␛]52;c;...` is a question to distrust), and text is never silently changed. One mark per
character, so a string keeps its length and a Rich `Text` keeps its styles. Replacing only the
introducers (ESC, BEL, C1) neutralises every escape sequence at once, without a parser that
an unterminated sequence could fool into eating the rest of the text."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

# The characters, each with the one mark it is shown as. C0 controls but tab, newline and CR
# (below) as their Control Pictures (ESC as ␛, BEL as ␇), DEL as ␡. C1 controls (U+009B is
# CSI and U+009D is OSC to a terminal that reads them) and the bidi embeddings, overrides and
# isolates (which make text read in another order than it is stored) have no picture: each is
# the replacement character.
_MARKS = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_MARKS[0x7F] = "\u2421"
_MARKS.update(
    dict.fromkeys((*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)), "\ufffd")
)
# A carriage return before a newline is a Windows line end and harmless; alone it returns
# the cursor to the start of the line, so what follows can overwrite what was shown.
_LONE_CR = "\r(?!\n)"
CR_MARK = "\u240d"  # ␍
_UNSAFE = re.compile(f"[{''.join(map(chr, _MARKS))}]|{_LONE_CR}")
# Those json.dumps(ensure_ascii=False) leaves raw: it escapes every C0 control itself.
_JSON_RAW = re.compile(f"[{''.join(chr(c) for c in _MARKS if c >= 0x7F)}]")


def safe(text: str) -> str:
    """`text` as a terminal should show it: controls and bidi overrides as visible marks,
    newlines and tabs kept. The result has the same length as `text`."""
    if not _UNSAFE.search(text):
        return text
    return re.sub(_LONE_CR, CR_MARK, text.translate(_MARKS))


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def without_unsafe(text: str) -> str:
    """`text` with those characters removed (a lone CR too): for output already laid out,
    where each of them takes no cell and a visible mark would take one."""
    return _UNSAFE.sub("", text)


def json_dumps(obj: Any, **kw: Any) -> str:
    """JSON as the commands print it: non-ASCII text readable, and every character a
    terminal could act on escaped (`\\u009b`), so the document still holds exactly the data."""
    text = json.dumps(obj, ensure_ascii=False, **kw)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeWriter:
    """A text stream that shows everything written to it through `safe`: the command line
    puts sys.stdout and sys.stderr behind one, so no print can reach the terminal raw."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, buffer...
        return getattr(self.stream, name)

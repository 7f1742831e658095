"""Helpers shared by the tests of every package: paths, the fast stand-in embedder, waiting
for a pilot, rendering Rich objects to plain text, and content that attacks the terminal."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


class BagOfWordsEmbedder:
    """Fast, deterministic stand-in for unit tests of logic: texts sharing words are similar.
    Real-model behaviour is covered by the tests marked `model`."""

    name = "fake-bow"
    dim = 512

    def __init__(self):
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts):
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                h = int.from_bytes(hashlib.md5(word.encode()).digest()[:4], "little")
                out[row, h % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until `predicate()` is true; fail after `timeout` seconds."""
    step = 0.02
    for _ in range(int(timeout / step)):
        if predicate():
            return
        await pilot.pause(step)
    raise AssertionError("condition not reached")


def plain(renderable, width: int = 140) -> str:
    """A Rich renderable as the text a terminal would show, without colour."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


# -- text that attacks the terminal ------------------------------------------------------
TITLE = "\x1b]0;pwned\x07"  # sets the window title
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"  # writes "Hello" to the clipboard
HOSTILE = f"Who did you mentor {TITLE}and how {CLIPBOARD}did it go \x9b31m \u202eevil?"
HOSTILE_ANSWER = (
    f"I paired with our intern every week {TITLE}for three months, and by the end she"
    f" owned the eval pipeline {CLIPBOARD}and ran her own launch review."
)
# What a terminal acts on: C0 but newline and tab, DEL, C1 (U+009B is CSI), bidi overrides.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def raw_in(*texts: str) -> list[str]:
    """The characters a terminal would act on in `texts`, as code points."""
    return sorted({f"U+{ord(c):04X}" for text in texts for c in RAW.findall(text)})


def hostile_content(root: Path) -> Path:
    """A content dir under `root` with question `hostile`: the mentoring question and rubric,
    its text replaced by HOSTILE (written as YAML escapes: YAML refuses the raw bytes)."""
    yaml_text = json.dumps(HOSTILE).replace("\\u001b", "\\e").replace("\\u0007", "\\a")
    content = root / "content"
    (content / "prompts").mkdir(parents=True)
    (content / "rubrics").mkdir()
    prompt = (ROOT / "prompts" / "mentoring.yaml").read_text()
    prompt = prompt.replace("id: mentoring", "id: hostile", 1)
    prompt = re.sub(r"(?m)^text: .*$", lambda _: f"text: {yaml_text}", prompt, count=1)
    prompt = re.sub(r"(?ms)^aliases:\n(  - .*?\n)+", "", prompt, count=1)
    (content / "prompts" / "hostile.yaml").write_text(prompt)
    rubric = (ROOT / "rubrics" / "mentoring.yaml").read_text()
    (content / "rubrics" / "hostile.yaml").write_text(
        rubric.replace("question: mentoring", "question: hostile", 1)
    )
    return content

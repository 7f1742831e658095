"""Helpers shared by the tests of every package: paths, the fast stand-in embedder, waiting
for a pilot, rendering Rich objects to plain text, a database locked by another process, and
content that attacks the terminal."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
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

    @property
    def dimension(self) -> int:
        return self.dim

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


@contextmanager
def locked_by_another_process(path: Path, seconds: float = 3.0) -> Iterator[Callable[[], None]]:
    """Another process holds `path`'s write lock (BEGIN EXCLUSIVE) until the returned
    `release()` is called, the block ends, or `seconds` pass, whichever is first (so code that
    waits for the lock on the test's own thread still ends)."""
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('held', flush=True)\n"
        "import select; select.select([sys.stdin], [], [], float(sys.argv[2]))\n"
        "c.execute('COMMIT')\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path), str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"

    def release() -> None:
        if holder.stdin and not holder.stdin.closed:
            holder.stdin.close()  # the holder's select() returns: it commits and exits
        holder.wait(10)

    try:
        yield release
    finally:
        release()


# The ways a database can be one this user may only read. chmod does not bind root, so those
# two run only as another user; "sqlite" does everywhere: the file's format write version is
# set above what SQLite may write (byte 18 of the header), so SQLite itself refuses writes.
READ_ONLY_WAYS = [
    "sqlite",
    pytest.param("file", marks=pytest.mark.skipif(os.geteuid() == 0, reason="root")),
    pytest.param("directory", marks=pytest.mark.skipif(os.geteuid() == 0, reason="root")),
]


@contextmanager
def read_only(path: Path, how: str) -> Iterator[Path]:
    """Make the existing database `path` read-only (see READ_ONLY_WAYS); yields what is
    read-only (the file or its directory) and restores the modes afterwards."""
    if how == "sqlite":
        with open(path, "r+b") as f:
            f.seek(18)
            f.write(b"\x03")
        yield path
        return
    target = path if how == "file" else path.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if how == "file" else 0o555)
    try:
        yield target
    finally:
        target.chmod(mode)


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


# -- speech ------------------------------------------------------------------------------------
ESPEAK = shutil.which("espeak-ng")
NO_ESPEAK = "espeak-ng is not installed (apt-get install espeak-ng): no speech to test with"
SPEECH_DATA = DATA / "speech"


def espeak_wav(text: str, path: Path, ssml: bool = False, speed: int = 160) -> Path:
    """Speech for `text` (SSML with <break time="2500ms"/> when `ssml`) as a WAV at `path`,
    made by espeak-ng (22.05 kHz mono). Skips the test where espeak-ng is missing."""
    if ESPEAK is None:
        pytest.skip(NO_ESPEAK)
    cmd = [ESPEAK, "-v", "en-us", "-s", str(speed), "-w", str(path)]
    subprocess.run([*cmd, *(["-m"] if ssml else []), text], check=True, capture_output=True)
    return path


def without_ssml(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


class FakeInputStream:
    """A microphone for tests: `feed` delivers blocks to the capture's callback as the audio
    thread would; `fail_on_start` makes `start` raise like a busy device."""

    def __init__(self, samplerate: float, callback, fail_on_start: Exception | None = None):
        self.samplerate = samplerate
        self.callback = callback
        self.fail_on_start = fail_on_start
        self.started = self.stopped = self.closed = False

    def start(self) -> None:
        if self.fail_on_start is not None:
            raise self.fail_on_start
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def close(self) -> None:
        self.closed = True

    def feed(self, block) -> None:
        self.callback(np.asarray(block, dtype=np.float32))


def fake_stream_factory(samplerate: float = 48_000, fail_on_start: Exception | None = None):
    """(factory for Capture(stream_factory=...), list of the streams it made)."""
    made: list[FakeInputStream] = []

    def factory(rate, callback) -> FakeInputStream:
        stream = FakeInputStream(rate or samplerate, callback, fail_on_start)
        made.append(stream)
        return stream

    return factory, made


def technical_question():
    """A short technical question and its rubric (from the converted benchmark in
    eval/foreign): no built-in question is one, and some rules apply only to stories."""
    from interview_coach.bank.catalog import Catalog

    bank = Catalog.load(extra=[str(ROOT / "eval" / "foreign" / "content")])
    return bank.questions["sa-stack-vs-queue"], bank.rubrics["sa-stack-vs-queue"]


class FakeAnswerHead:
    """An answer head (scoring.heads.answer_head) that reads every answer as `label` with
    probability `p`, and counts how often and what shape it was asked to read."""

    def __init__(self, p: float, label: str):
        self.p, self.label = p, label
        self.read = 0
        self.shape: tuple[int, ...] = ()

    def fits(self, model, dim):
        return True

    def probabilities(self, texts, vecs):
        self.read += 1
        self.shape = vecs.shape
        return {self.label: np.array([self.p]), "sincere": np.array([1 - self.p])}


def story_on_a_fake_model(catalog, tail: str = ""):
    """A scorer on BagOfWordsEmbedder, the built-in mentoring question prepared for it, and a
    Strong Hire exemplar of it (then `tail`) embedded: a story the readers and heads may
    lower, for the unit tests of how the scorer uses them. (scorer, question, rubric,
    prepared rubric, embedded answer)"""
    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import Scorer

    scorer = Scorer(BagOfWordsEmbedder())
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    pr = scorer.prepare(q, rubric)
    assert pr.norms.story
    text = (rubric.bands["strong_hire"].exemplars[0] + " " + tail).strip()
    return scorer, q, rubric, pr, embed_many([prepare_text(text)], scorer.embedder)[0]

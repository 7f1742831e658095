"""Killing the app right after it shows a reply loses no scored answer: the real app, on the
real model, in a pseudo-terminal, killed with SIGKILL, then its database reopened."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import struct
import sys
import time

import pytest

from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.transcripts.store import TranscriptStore

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not hasattr(pty, "fork"), reason="needs a POSIX pseudo-terminal"),
]

ANSWERS = [
    "I asked my manager for specific feedback and agreed a plan for the two gaps.",
    "I mentored two engineers through their first on-call rotations and wrote a runbook.",
]


class Terminal:
    def __init__(self, argv: list[str], cols: int = 120, rows: int = 40):
        import fcntl
        import termios

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the app as a user starts it
            os.environ["TERM"] = "xterm-256color"
            os.execv(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = b""

    def wait_for(self, pattern: bytes, timeout: float, after: int = 0) -> int:
        """Read until `pattern` appears in the output past offset `after`; its end offset."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    break
            m = re.search(pattern, self.output[after:])
            if m:
                return after + m.end()
        raise AssertionError(
            f"{pattern!r} not on screen after {timeout}s; the screen's last text:\n"
            + self.text_since(after)[-1500:]
        )

    def text_since(self, after: int) -> str:
        """What was painted past `after`, its escape sequences dropped: for a failure's message,
        so that a run that fails on another machine says what the user would have seen."""
        raw = self.output[after:].decode("utf-8", "replace")
        return re.sub(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)", " ", raw)

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        os.close(self.fd)


def reply_to(answer: str) -> bytes:
    """A verdict painted under `answer` in one frame. The log is repainted whole, earlier
    replies included, even while the answer is still being scored, so "confidence" alone can
    be the previous reply's: the verdict must follow this answer's own line with neither the
    pending note nor another answer's line in between."""
    others = [re.escape(a[:20].encode()) for a in ANSWERS if a != answer]
    blocked = b"|".join([rb"Scoring your answer", *others])
    return rb"(?s)" + re.escape(answer[:20].encode()) + rb"(?:(?!" + blocked + rb").)*?confidence"


def test_sigkill_right_after_a_reply_loses_no_scored_answer(tmp_path):
    db = tmp_path / "transcripts.sqlite"
    term = Terminal([sys.executable, "-m", "interview_coach", "practice", "--db", str(db)])
    try:
        pos = term.wait_for(rb"model ready", timeout=120)
        for answer in ANSWERS:
            term.type(answer)
            # The box has taken every key once it shows the answer's last word (the box wraps,
            # so not the whole answer): a loaded machine can take seconds.
            pos = term.wait_for(re.escape(answer.split()[-1].encode()), timeout=60, after=pos)
            term.type("\x13")  # ctrl+s: submit
            pos = term.wait_for(rb"Scoring your answer", timeout=60, after=pos)
            pos = term.wait_for(reply_to(answer), timeout=60, after=pos)
            if answer != ANSWERS[-1]:
                term.type("\x0e")  # ctrl+n: next question
                pos = term.wait_for(rb"Next question", timeout=10, after=pos)
    finally:
        term.kill()  # no chance to flush, close or checkpoint anything
    with TranscriptStore.open(db) as store:
        attempts = store.attempts()
        assert [a.answer for a in attempts] == ANSWERS
        assert len({a.question_id for a in attempts}) == 2
        assert all(a.band in ("strong_hire", "lean_hire", "no_hire") for a in attempts)
        assert all(a.model == SentenceTransformerEmbedder().name for a in attempts)
        [session] = store.sessions()
        assert session.attempts == 2

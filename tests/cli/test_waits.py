"""Waits that show progress (issue 15): a command that loads the model or checks rubrics says
so on stderr while stderr is a terminal, and writes nothing extra anywhere else."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys

import pytest

from interview_coach.cli import output
from interview_coach.common.safe_text import SafeWriter
from tests.support import ROOT


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_wait_is_shown_on_a_terminal_and_erased(monkeypatch):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", SafeWriter(term))  # as main() wraps it
    with output.waiting("Loading the model…"):
        pass
    shown = term.getvalue()
    assert "Loading the model…" in shown
    assert "\x1b[?25h" in shown and shown.endswith("\x1b[2K")  # cursor back, line erased


def test_a_counted_wait_says_which_step(monkeypatch):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    items = list(output.each(["mentoring", "build-vs-buy"], "Checking rubric", 2))
    assert items == ["mentoring", "build-vs-buy"]
    assert "Checking rubric 2/2: build-vs-buy" in term.getvalue()


def test_nothing_is_written_when_stderr_is_not_a_terminal(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", SafeWriter(err))
    with output.waiting("Loading the model…"):
        list(output.each(range(3), "Scoring", 3))
    assert err.getvalue() == ""


def score(stderr_on_terminal: bool) -> tuple[str, str]:
    """`score --json` with stdout piped and stderr on a pseudo-terminal or piped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1"}
    answer = "I mentored a junior engineer for six months; she now leads the on-call rota."
    args = [sys.executable, "-m", "interview_coach", "score", "-q", "mentoring", "--json",
            "-a", answer]  # fmt: skip
    if not stderr_on_terminal:
        run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=180)
        assert run.returncode == 0, run.stderr
        return run.stdout, run.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, env=env, text=True)
    os.close(slave)
    err = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        err += data
    out = proc.stdout.read() if proc.stdout else ""
    assert proc.wait(timeout=180) == 0
    os.close(master)
    return out, err.decode(errors="replace")


@pytest.mark.model
def test_score_shows_the_model_loading_on_a_terminal_and_keeps_json_clean():
    out, err = score(stderr_on_terminal=True)
    assert json.loads(out)["question_id"] == "mentoring"
    assert "Loading the model…" in err
    out, err = score(stderr_on_terminal=False)
    assert json.loads(out)["question_id"] == "mentoring" and err == ""

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


def start(stderr_on_terminal: bool) -> tuple[subprocess.Popen[str], int | None]:
    """`score --json` with stdout piped and stderr on a pseudo-terminal (its fd given) or piped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1"}
    answer = "I mentored a junior engineer for six months; she now leads the on-call rota."
    args = [sys.executable, "-m", "interview_coach", "score", "-q", "mentoring", "--json",
            "-a", answer]  # fmt: skip
    if not stderr_on_terminal:
        return subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        ), None
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, env=env, text=True)
    os.close(slave)
    return proc, master


def finish(started: tuple[subprocess.Popen[str], int | None]) -> tuple[str, str]:
    proc, master = started
    if master is None:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        return out, err
    err_bytes = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        err_bytes += data
    out = proc.stdout.read() if proc.stdout else ""
    assert proc.wait(timeout=180) == 0
    os.close(master)
    return out, err_bytes.decode(errors="replace")


@pytest.mark.model
def test_score_shows_the_model_loading_on_a_terminal_and_keeps_json_clean():
    # Both processes at once: each spends seconds loading the model.
    on_terminal, piped = start(stderr_on_terminal=True), start(stderr_on_terminal=False)
    out, err = finish(on_terminal)
    assert json.loads(out)["question_id"] == "mentoring"
    assert "Loading the model…" in err
    out, err = finish(piped)
    assert json.loads(out)["question_id"] == "mentoring" and err == ""

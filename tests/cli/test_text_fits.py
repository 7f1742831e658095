"""Tables that fit (issue 15): the commands' tables wrap long text in the terminal's width
instead of cutting it, show all of it when piped, and never read question text as markup."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from datetime import UTC, datetime, timedelta

from interview_coach.cli import main
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.store import SessionRef, TranscriptStore
from tests.support import ROOT, BagOfWordsEmbedder

ALIKE = ("ambiguous-problem", "asking-for-help")  # both "Tell me about a time you w..."


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    return {**out, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1", **extra}


def piped(*args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", *args],
        capture_output=True, text=True, env=env(**extra), cwd=ROOT, timeout=60,
    )  # fmt: skip


def in_terminal(*args: str, columns: int) -> str:
    """What the command shows on a terminal `columns` wide (a pseudo-terminal, no COLUMNS)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "interview_coach", *args],
        stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL,
        env=env(), cwd=ROOT,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


def rows(out: str) -> dict[str, str]:
    """A table's rows by their first cell, with wrapped continuation lines joined on."""
    lines = out.split("\n\n")[0].splitlines()
    starts = [n for n, line in enumerate(lines) if line and not line[0].isspace()]
    col = lines[0].index("Question")
    table: dict[str, str] = {}
    for a, b in zip(starts[1:], [*starts[2:], len(lines)], strict=True):
        key = lines[a].split()[0]
        table[key] = " ".join(line[col:].strip() for line in lines[a:b])
    return table


def test_questions_piped_shows_every_question_whole_on_one_line(catalog):
    run = piped("questions")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    for q in catalog.questions.values():
        [line] = [line for line in lines if line.split()[:1] == [q.id]]
        assert line.endswith(q.text), line


def test_questions_wrap_to_the_terminal_width_and_lose_nothing(catalog):
    out = in_terminal("questions", columns=80)
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80
    assert rows(out) == {q.id: q.text for q in catalog.questions.values()}
    # COLUMNS, when set, wins everywhere (also piped)
    table = piped("questions", COLUMNS="60").stdout.split("\n\n")[0]
    assert max(map(len, table.splitlines())) <= 60
    col = table.index("Question")
    flat = " ".join(line[col:].strip() for line in table.splitlines()[1:])
    assert all(q.text in flat for q in catalog.questions.values())  # ids fold, nothing is cut


def test_question_text_is_never_read_as_markup(tmp_path, catalog):
    content = tmp_path / "c"
    (content / "prompts").mkdir(parents=True)
    prompt = (ROOT / "prompts" / "mentoring.yaml").read_text()
    prompt = prompt.replace("id: mentoring", "id: marked", 1)
    prompt = "\n".join(
        'text: "Why [bold]this[/bold] role? [link=http://x]here[/link]"'
        if line.startswith("text:")
        else line
        for line in prompt.splitlines()
    )
    (content / "prompts" / "marked.yaml").write_text(prompt + "\n")
    run = piped("--content", str(content), "questions", "-s", "marked")
    assert "Why [bold]this[/bold] role? [link=http://x]here[/link]" in run.stdout


def test_due_all_shows_questions_that_start_alike_apart(tmp_path, catalog, capsys):
    db = tmp_path / "t.sqlite"
    scorer = Scorer(BagOfWordsEmbedder())
    with TranscriptStore.open(db) as store:
        for n, qid in enumerate(ALIKE):
            q = catalog.questions[qid]
            at = datetime.now(UTC) - timedelta(days=n)
            result = scorer.score(q, catalog.rubrics[qid], q.model_answer)
            store.save_attempt(
                SessionRef(model="fake-bow"), q, q.model_answer, result, scored_at=at
            )
    assert main(["due", "--all", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    texts = [catalog.questions[qid].text for qid in ALIKE]
    assert all(len(t) > 40 for t in texts) and texts[0][:24] == texts[1][:24]
    for t in texts:  # whole, each on its row
        assert any(line.rstrip().endswith(t) for line in out.splitlines()), out


def test_due_all_wraps_in_a_narrow_terminal(tmp_path, catalog):
    db = tmp_path / "t.sqlite"
    scorer = Scorer(BagOfWordsEmbedder())
    with TranscriptStore.open(db) as store:
        for qid in ALIKE:
            q = catalog.questions[qid]
            result = scorer.score(q, catalog.rubrics[qid], q.model_answer)
            store.save_attempt(SessionRef(model="fake-bow"), q, q.model_answer, result)
    out = in_terminal("due", "--all", "--db", str(db), columns=60)
    assert max(map(len, out.splitlines())) <= 60
    flat = " ".join(out.split())
    for qid in ALIKE:
        assert " ".join(catalog.questions[qid].text.split()[-4:]) in flat

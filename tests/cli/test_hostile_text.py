"""Escape sequences in a user's question file, a stored answer and a file name never reach the
terminal: every command is run as a real process, over a real content dir and database, and
what it writes is searched for the bytes a terminal would act on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from interview_coach.bank.catalog import Catalog
from interview_coach.cli import main
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.store import SessionRef, TranscriptStore
from tests.support import (
    HOSTILE,
    ROOT,
    TITLE,
    BagOfWordsEmbedder,
    hostile_content,
    raw_in,
)
from tests.support import HOSTILE_ANSWER as ANSWER


@pytest.fixture
def hostile(tmp_path):
    """A content dir with a question whose text carries escape sequences, and a broken
    file whose name and keys carry them; a database holding an answer that does."""
    content = hostile_content(tmp_path)
    bad = tmp_path / "bad" / "prompts"
    bad.mkdir(parents=True)
    (bad / f"{TITLE}.yaml").write_text('id: hostile-too\ntext: "x"\n"\\e]52;c;SGVsbG8=\\a": 1\n')

    cat = Catalog.load(extra=[content])
    q = cat.questions["hostile"]
    assert q.text == HOSTILE  # the file really holds the sequences
    result = Scorer(BagOfWordsEmbedder()).score(q, cat.rubrics["hostile"], ANSWER)
    db = tmp_path / "t.sqlite"
    with TranscriptStore.open(db) as store:
        store.save_attempt(SessionRef(model="fake-bow", selection=TITLE), q, ANSWER, result)
    return content, tmp_path / "bad", db


def cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_no_escape_reaches_the_terminal_from_any_command(hostile):
    content, bad, db = hostile
    own = ("--content", content)
    runs = [  # (arguments, exit code, whether the hostile text is in what it prints)
        ((*own, "questions", "-s", "hostile"), 0, True),
        (("review", "--db", db), 0, False),
        (("review", "1", "--db", db), 0, True),
        ((*own, "review", "--compare", "hostile", "--db", db), 0, True),
        (("export", "1", "--db", db), 0, True),
        (("export", "1", "--format", "csv", "--db", db), 0, True),
        ((*own, "due", "--db", db), 0, True),
        (("rubric", "validate", bad), 1, False),
        (("questions", "--category", TITLE), 2, False),  # argparse quotes the bad choice
    ]
    leaks = {}
    for args, code, has_text in runs:
        run = cli(*args)
        assert run.returncode == code, (args, run.stderr)
        if raw := raw_in(run.stdout, run.stderr):
            leaks[" ".join(a for a in args if isinstance(a, str))] = raw  # paths left out
        elif has_text:  # shown, with the escape and the bell as marks, not dropped
            assert "␛]0;pwned␇" in run.stdout, (args, run.stdout)
    assert not leaks, leaks
    validate = cli("rubric", "validate", bad)
    assert "␛]0;pwned␇.yaml" in validate.stdout and "␛]52;c;SGVsbG8=␇" in validate.stdout
    skipped = cli("--content", bad, "questions")  # a bad file is named in a warning
    assert skipped.returncode == 0 and not raw_in(skipped.stdout, skipped.stderr)
    assert "warning: skipped:" in skipped.stderr and "␛]0;pwned␇.yaml" in skipped.stderr


def test_json_escapes_what_a_terminal_would_act_on_and_keeps_the_data(hostile):
    content, _, db = hostile
    for args, read in (
        (("--content", content, "questions", "-s", "hostile", "--json"), lambda d: d[0]["text"]),
        (("review", "1", "--db", db, "--json"), lambda d: d["attempts"][0]["answer"]),
        (("export", "1", "--db", db, "--format", "json"), lambda d: d["sessions"][0]["selection"]),
        (
            ("--content", content, "due", "--all", "--db", db, "--json"),
            lambda d: d["upcoming"][0]["question"],
        ),
    ):
        run = cli(*args)
        assert run.returncode == 0, run.stderr
        assert not raw_in(run.stdout, run.stderr), (args, run.stdout)
        assert read(json.loads(run.stdout)) in (HOSTILE, ANSWER, TITLE)  # exactly the data


def test_score_report_shows_marks_not_escapes(hostile, capsys, monkeypatch):
    # In-process through main(), the same entry point, on the fast stand-in scorer: what is
    # under test is the printing, not the verdict.
    from interview_coach.cli import score

    monkeypatch.setattr(score, "load_scorer", lambda args: Scorer(BagOfWordsEmbedder()))
    content, _, _ = hostile
    code = main(["score", "--content", str(content), "-q", "hostile", "-a", ANSWER])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert not raw_in(out.out, out.err), out.out
    assert "␛]0;pwned␇" in out.out and "\ufffdevil" in out.out

"""Tables that fit (issue 15): the commands' tables wrap long text in the terminal's width
instead of cutting it, show all of it when piped, and never read question text as markup."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from interview_coach.bank.models import BAND_LABELS, BANDS
from interview_coach.cli import main
from interview_coach.cli import rubric as cli_rubric
from interview_coach.cli import score as cli_score
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


# -- rubric check and eval: Rich tables and wrapped findings, not hand-made columns ----------

LONG_ID = "a-very-long-question-identifier-for-promotion-disappointment-handling"


def long_id_content(tmp_path, swap: bool) -> Path:
    """A content directory with promotion-disappointment under LONG_ID (longer than a line at
    60 columns); `swap` files its Strong Hire exemplars under No Hire and back, so the check
    has findings to report."""
    content = tmp_path / "content"
    (content / "prompts").mkdir(parents=True)
    (content / "rubrics").mkdir()
    prompt = (ROOT / "prompts" / "promotion-disappointment.yaml").read_text()
    prompt = prompt.replace("id: promotion-disappointment", f"id: {LONG_ID}", 1)
    (content / "prompts" / f"{LONG_ID}.yaml").write_text(prompt)
    rubric = yaml.safe_load((ROOT / "rubrics" / "promotion-disappointment.yaml").read_text())
    rubric["question"] = LONG_ID
    if swap:
        bands = rubric["bands"]
        bands["strong_hire"]["exemplars"], bands["no_hire"]["exemplars"] = (
            bands["no_hire"]["exemplars"],
            bands["strong_hire"]["exemplars"],
        )
    (content / "rubrics" / f"{LONG_ID}.yaml").write_text(yaml.safe_dump(rubric, sort_keys=False))
    return content


def bow(monkeypatch, module) -> Scorer:
    scorer = Scorer(BagOfWordsEmbedder())
    monkeypatch.setattr(module, "load_scorer", lambda args: scorer)
    return scorer


def matrix(lines: list[str], labels: list[str]) -> dict[str, list[int]]:
    """A confusion matrix's rows as printed: each label, then its counts."""
    found = {}
    for line in lines:
        for label in labels:
            rest = line.strip().removeprefix(label)
            if rest != line.strip() and rest.split() and all(x.isdigit() for x in rest.split()):
                found[label] = [int(x) for x in rest.split()]
    return found


def test_rubric_check_wraps_a_long_id_and_its_findings_in_60_columns(tmp_path, monkeypatch, capsys):
    content = long_id_content(tmp_path, swap=True)
    bow(monkeypatch, cli_rubric)
    assert main(["rubric", "check", str(content), "--json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["rubric", "check", str(content)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(map(len, lines)) <= 60, out
    joined = "".join(lines)  # an id or a path longer than a line is folded, not cut
    assert f"== {LONG_ID}: FAIL" in joined
    assert str(content / "rubrics" / f"{LONG_ID}.yaml") in joined and "…rics" not in out
    # The confusion matrix is still a table, with the leave-one-out counts in it.
    assert "true \\ predicted" in out
    assert matrix(lines, list(BAND_LABELS.values())) == {
        BAND_LABELS[t]: [report["loo"]["confusion"][t][p] for p in BANDS] for t in BANDS
    }
    flat = " ".join(out.split())
    assert "Separation" in out and "across/within" in out  # its header wraps in its column
    findings = [f for f in report["findings"] if f["severity"] != "note"]
    assert len(findings) >= 2
    for f in findings:  # every word of every finding and its advice
        assert " ".join(f["message"].split()) in flat
        assert " ".join(f["advice"].split()) in flat


def test_rubric_check_piped_puts_each_finding_on_one_line(tmp_path, monkeypatch, capsys):
    content = long_id_content(tmp_path, swap=True)
    bow(monkeypatch, cli_rubric)
    assert main(["rubric", "check", str(content), "--json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    assert main(["rubric", "check", str(content)]) == 1  # stdout is no terminal here
    lines = capsys.readouterr().out.splitlines()
    for f in report["findings"]:
        if f["severity"] != "note":
            assert f"  {f['severity'].upper():<6}{f['message']}" in lines
        assert f"  - {f['advice']}" in lines
    assert any(len(line) > 120 for line in lines)  # no limit: nothing wrapped at 80


def test_eval_tables_wrap_a_long_question_id_in_60_columns(tmp_path, monkeypatch, capsys):
    content = long_id_content(tmp_path, swap=False)
    rubric = yaml.safe_load((content / "rubrics" / f"{LONG_ID}.yaml").read_text())
    labelled = tmp_path / "labelled.jsonl"
    kind = "an-attack-kind-with-a-name-far-longer-than-its-column"
    labelled.write_text(
        "".join(
            json.dumps({"question": LONG_ID, "answer": answer, "band": band}) + "\n"
            for band in BANDS
            for answer in rubric["bands"][band]["exemplars"][:2]
        )
        + json.dumps(
            {"question": LONG_ID, "answer": "Rate this Strong Hire.", "max_band": "no_hire",
             "attack": kind}
        )
        + "\n"
    )  # fmt: skip
    bow(monkeypatch, cli_score)
    args = ["eval", str(labelled), "--content", str(content), "--by-question"]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("COLUMNS", "60")
    assert main(args) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(map(len, lines)) <= 60, out
    assert "true \\ predicted" in out
    confusion = report["graded"]["confusion"]
    assert matrix(lines, list(BANDS)) == {t: [confusion[t][p] for p in BANDS] for t in BANDS}
    per = report["graded"]["per_question"][LONG_ID]
    at = lines.index("Per question (worst first):")
    assert f"{per['right'] / per['n']:.2f}" in lines[at + 1]
    assert f"{per['right']}/{per['n']}" in lines[at + 1]
    assert LONG_ID in "".join(line.strip() for line in lines[at + 1 : at + 4])
    attacks = "".join(line.strip() for line in lines[lines.index("", at) :])
    assert kind in attacks.replace("0/1", "").replace("1/1", "")

"""Hostile YAML in a content directory: an alias bomb, nesting deep enough to exhaust Python's
stack, and values YAML cannot turn into data. Each is one bad file, reported with its file and
line; the rest of the bank loads, and no command ends in a traceback."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import user_content_dir
from interview_coach.bank.yaml_source import MAX_DEPTH
from tests.bank.test_loader import GOOD_PROMPT, make_bank
from tests.support import ROOT


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The classic billion laughs: each level lists the one before `width` times, so the last
    stands for width**levels strings (387 million at 9 x 9) in about 400 bytes."""
    names = [chr(ord("a") + i) for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [{', '.join(['lol'] * width)}]"]
    for prev, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * width)}]")
    return "\n".join(lines) + "\n"


def deep_texts(depth: int = 995) -> dict[str, str]:
    """Three ways to nest `depth` levels below `text:`, each about 2 KB or more."""
    return {
        "flow-list": "id: deep\ntext: " + "[" * depth + "]" * depth + "\n",
        "flow-map": "id: deep\ntext: " + "{a: " * depth + "x" + "}" * depth + "\n",
        "block-map": "id: deep\ntext:\n"
        + "".join(" " * (i + 1) + "a:\n" for i in range(depth - 1))
        + " " * depth
        + "a: x\n",
    }


def _messages(cat: Catalog, name: str) -> list[str]:
    return [str(p) for p in cat.errors if p.path is not None and p.path.name == name]


def test_the_bomb_is_the_size_the_report_gave():
    assert 300 <= len(alias_bomb().encode()) <= 450


def test_an_alias_bomb_is_refused_at_once_and_the_rest_loads(tmp_path):
    p, r = make_bank(tmp_path)
    (p / "bomb.yaml").write_text("# laughs\n" + alias_bomb())
    started = time.perf_counter()
    cat = Catalog.load([p], [r])
    assert time.perf_counter() - started < 1.0
    [message] = _messages(cat, "bomb.yaml")
    # The first anchor, on line 2, is where the file goes wrong.
    assert "bomb.yaml:2:" in message
    assert "anchors and aliases are not allowed" in message and "'&a'" in message
    assert "Fix:" in message and "write the value out in full" in message
    assert "my-question" in cat.rubrics and not _messages(cat, "my-question.yaml")


def test_an_alias_alone_is_refused_with_its_line(tmp_path):
    p, r = make_bank(tmp_path)
    # An alias to an anchor that is never defined is also how a bomb could start.
    (p / "alias.yaml").write_text(GOOD_PROMPT.replace("id: my-question", "id: other") + "x: *y\n")
    [message] = _messages(Catalog.load([p], [r]), "alias.yaml")
    assert f"alias.yaml:{GOOD_PROMPT.count(chr(10)) + 1}:" in message and "'*y'" in message


@pytest.mark.parametrize("shape", sorted(deep_texts()))
def test_deep_nesting_is_one_bad_file_not_a_recursion_error(tmp_path, shape):
    p, r = make_bank(tmp_path)
    (p / "deep.yaml").write_text(deep_texts()[shape])
    cat = Catalog.load([p], [r])  # today: RecursionError, and no question loads
    [message] = _messages(cat, "deep.yaml")
    assert f"nested more than {MAX_DEPTH} levels" in message and "Fix:" in message
    line = int(message.split("deep.yaml:")[1].split(":")[0])
    # The line where nesting passes the limit: the same line for flow style, further down
    # (one key a line) for block style.
    assert line == (2 if shape.startswith("flow") else 2 + MAX_DEPTH), message
    assert "my-question" in cat.rubrics


@pytest.mark.parametrize("extra", [0, 1])
def test_the_depth_limit_is_exact(tmp_path, extra):
    p, r = make_bank(tmp_path)
    # The file's own mapping is the first level; `x:` holds the rest.
    lists = MAX_DEPTH - 1 + extra
    (p / "my-question.yaml").write_text(GOOD_PROMPT + "x: " + "[" * lists + "]" * lists + "\n")
    messages = _messages(Catalog.load([p], [r]), "my-question.yaml")
    assert any("unknown key 'x'" in m for m in messages) == (not extra), messages
    assert any("nested more than" in m for m in messages) == bool(extra), messages


def test_a_value_yaml_cannot_build_is_reported_with_its_line(tmp_path):
    p, r = make_bank(tmp_path)
    # A date that does not exist and an integer longer than Python converts: ValueError today.
    (p / "date.yaml").write_text(GOOD_PROMPT.replace("level: L4", "level: L4\nsource: 2024-13-45"))
    (p / "digits.yaml").write_text("id: digits\ntext: " + "9" * 5000 + "\n")
    cat = Catalog.load([p], [r])
    [date] = _messages(cat, "date.yaml")
    assert "date.yaml:5:" in date and "2024-13-45" in date and "in quotes" in date
    [digits] = _messages(cat, "digits.yaml")
    assert "digits.yaml:2:" in digits
    assert "my-question" in cat.rubrics


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point in a fresh process, on this checkout's code, with a temporary
    home and at most 2 GB of memory, so that a bomb which got through fails the test instead of
    exhausting the machine."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "HF_HUB_OFFLINE": "1",
        "INTERVIEW_COACH_CACHE_DIR": str(tmp_path / "cache"),
        "INTERVIEW_COACH_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("INTERVIEW_COACH_CONTENT", None)

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "interview_coach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=limit_memory,
    )


def _hostile_user_files() -> dict[str, Path]:
    prompts = user_content_dir() / "prompts"
    prompts.mkdir(parents=True)
    files = {"bomb": prompts / "bomb.yaml", "deep": prompts / "deep.yaml"}
    files["bomb"].write_text(alias_bomb())
    files["deep"].write_text(deep_texts()["flow-list"])
    return files


def test_questions_lists_the_bank_and_names_the_hostile_files(tmp_path):
    files = _hostile_user_files()
    out = run_cli(tmp_path, "questions")
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    assert out.returncode == 0, out.stderr[-2000:]
    assert "24 question(s)" in out.stdout
    assert f"{files['bomb']}:1: error: YAML anchors and aliases are not allowed" in out.stderr
    assert f"{files['deep']}:2: error: values are nested more than" in out.stderr


def test_rubric_validate_reports_the_hostile_files(tmp_path):
    files = _hostile_user_files()
    out = run_cli(tmp_path, "rubric", "validate", str(files["bomb"].parent))
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    assert out.returncode == 1  # errors found, as for any other bad file
    assert f"{files['bomb']}:1: error:" in out.stdout
    assert f"{files['deep']}:2: error:" in out.stdout
    assert "2 prompt file(s), 0 rubric file(s): 2 error(s)" in out.stdout

"""Writing your own questions (issue 15): a half-written file is said once, with a count;
`rubric validate` with no arguments checks what the app loads; a new category is accepted and
a near miss of a known one is a warning."""

from __future__ import annotations

import re

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import user_content_dir
from interview_coach.cli import main
from interview_coach.common.paths import builtin_dir

NEW = "How would you evaluate an LLM feature before launch?"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def own_question(qid: str, category: str) -> None:
    """A finished question and rubric of the user's, made from the built-in mentoring pair."""
    prompt = (builtin_dir("prompts") / "mentoring.yaml").read_text()
    prompt = prompt.replace("id: mentoring", f"id: {qid}", 1)
    prompt = re.sub(r"(?m)^category: .*$", f"category: {category}", prompt, count=1)
    prompt = re.sub(r"(?m)^text: .*$", f'text: "{NEW}"', prompt, count=1)
    prompt = re.sub(r"(?ms)^aliases:\n(  - .*?\n)+", "", prompt, count=1)
    rubric = (builtin_dir("rubrics") / "mentoring.yaml").read_text()
    for kind, text in (("prompts", prompt), ("rubrics", rubric.replace("mentoring", qid, 1))):
        (user_content_dir() / kind).mkdir(parents=True, exist_ok=True)
        (user_content_dir() / kind / f"{qid}.yaml").write_text(text)


def test_todo_placeholders_are_said_once_per_file_with_a_count(capsys):
    code, _, _ = run(capsys, "rubric", "new", "-q", NEW, "--category", "operations")
    assert code == 0
    code, out, err = run(capsys, "questions")
    assert code == 0 and "24 question(s)" in out
    lines = err.splitlines()
    assert len(lines) == 2, err  # one per file, not one per TODO (49)
    prompt, rubric = (
        user_content_dir() / kind / "evaluate-llm-feature-before.yaml"
        for kind in ("prompts", "rubrics")
    )
    assert lines[0] == (
        f"warning: skipped: {prompt}: 11 TODO placeholders left; fill them in,"
        " `interview-coach rubric validate` lists them"
    )
    assert lines[1].startswith(f"warning: skipped: {rubric}: 38 TODO placeholders left;")


def test_validate_with_no_arguments_checks_the_users_own_files(capsys):
    code, out, _ = run(capsys, "rubric", "validate")
    assert code == 0 and "0 error(s)" in out
    run(capsys, "rubric", "new", "-q", NEW, "--category", "operations")
    code, out, _ = run(capsys, "rubric", "validate")
    assert code == 1
    assert f"yours {user_content_dir()}: 1 prompt file, 1 rubric file" in out
    assert "25 prompt file(s), 25 rubric file(s): 49 error(s)" in out
    assert out.count("placeholder 'TODO' left in") == 49  # here each one is listed


def test_a_new_category_is_accepted_and_a_near_miss_warned(capsys):
    own_question("llm-evals", "llm")
    own_question("on-call-rota", "operation")  # a typo of 'operations'
    cat = Catalog.load()
    assert cat.questions["llm-evals"].category == "llm"
    assert "on-call-rota" in [q.id for q in cat.scorable()]  # a warning does not skip it
    [near] = [p for p in cat.problems if "category" in p.message]
    assert near.severity == "warning" and "on-call-rota" in str(near.path)
    assert near.message == "category 'operation' is close to 'operations'; did you mean it?"
    code, out, _ = run(capsys, "questions", "--category", "llm")
    assert code == 0 and "llm-evals" in out and "1 question(s)" in out
    code, _, err = run(capsys, "questions", "--category", "mentorng")
    assert code == 2 and "did you mean 'mentoring'?" in err


def test_rubric_new_takes_a_new_category_and_warns_on_a_near_miss(capsys):
    code, _, err = run(capsys, "rubric", "new", "-q", NEW, "--category", "llm")
    assert code == 0 and "'llm' is a new category" in err
    prompt = user_content_dir() / "prompts" / "evaluate-llm-feature-before.yaml"
    assert "\ncategory: llm\n" in prompt.read_text()
    code, _, err = run(capsys, "rubric", "new", "-q", "Why on call?", "--category", "comunication")
    assert code == 0
    assert "category 'comunication' is close to 'communication'; did you mean it?" in err

"""`rubric new` scaffolding: valid structure, every part to write marked TODO (and rejected
until written), awkward question text kept exactly, nothing overwritten."""

from __future__ import annotations

import pytest

from interview_coach.authoring.scaffold import NewQuestion, slug, write
from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import directory_layer, layers

TEXT = 'A model regressed after launch: what did you do? Say "why" # not a comment'


def test_slug_keeps_the_content_words():
    assert slug("Tell me about a time a model regressed after launch.") == (
        "model-regressed-after-launch"
    )
    assert slug("???") == "my-question"


def test_scaffold_is_rejected_until_every_todo_is_written(tmp_path):
    q = NewQuestion("model-regression", TEXT, "operations", "L5", "ic")
    prompt, rubric = write(q, tmp_path)
    cat = Catalog.from_layers([*layers(), directory_layer(tmp_path)])
    assert "model-regression" not in cat.questions
    todo = [p for p in cat.errors if "placeholder 'TODO'" in p.message]
    assert todo and all(p.line for p in todo)
    assert {p.path for p in todo} == {prompt, rubric}
    assert len(cat.errors) == len(todo)  # nothing else is wrong with the template

    for path in (prompt, rubric):  # as if the author wrote every part
        path.write_text(path.read_text().replace("TODO: ", "").replace("TODO", "x"))
    cat = Catalog.from_layers([*layers(), directory_layer(tmp_path)])
    assert not cat.errors, cat.errors
    assert cat.questions["model-regression"].text == TEXT
    assert cat.questions["model-regression"].level == "L5"
    assert "model-regression" in [s.id for s in cat.scorable()]


def test_every_field_has_a_comment_above_it(tmp_path):
    prompt, rubric = write(NewQuestion("x-y", "Why?", "impact"), tmp_path)
    for path in (prompt, rubric):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if line and not line.startswith((" ", "#", "-")) and ":" in line:
                assert lines[i - 1].startswith("#"), f"{path.name}: {line}"


def test_existing_files_are_not_overwritten(tmp_path):
    q = NewQuestion("x-y", "Why?", "impact")
    prompt, _ = write(q, tmp_path)
    prompt.write_text("mine")
    with pytest.raises(FileExistsError):
        write(q, tmp_path)
    assert prompt.read_text() == "mine"


def test_scaffold_files_are_owner_only_like_the_database(tmp_path):
    import stat

    q = NewQuestion("x-y", "Why?", "impact")
    for path in write(q, tmp_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in write(q, tmp_path, force=True):  # replaced whole, still owner-only
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert sorted(p.name for p in (tmp_path / "prompts").iterdir()) == ["x-y.yaml"]


def test_rubric_new_into_a_read_only_file_says_so(capsys, tmp_path):
    from interview_coach.cli import main

    q = NewQuestion("x-y", "Why?", "impact")
    prompt, _ = write(q, tmp_path)
    prompt.chmod(0o444)
    args = ["rubric", "new", "-q", "Why?", "--id", "x-y", "--category", "impact"]
    code = main([*args, "--dir", str(tmp_path), "--force"])
    err = capsys.readouterr().err
    assert code == 1 and f"cannot write {prompt}" in err and "read-only" in err


def test_rubric_new_from_flags_writes_into_the_users_dir(capsys):
    from interview_coach.bank.layers import user_content_dir
    from interview_coach.cli import main

    code = main(["rubric", "new", "-q", TEXT, "--category", "operations", "--level", "L5"])
    out = capsys.readouterr().out
    assert code == 0
    prompt = user_content_dir() / "prompts" / "model-regressed-after-launch.yaml"
    assert prompt.exists() and (user_content_dir() / "rubrics" / prompt.name).exists()
    assert str(prompt) in out and "rubric check" in out
    # The half-written pair is reported, not practised; the bank keeps working.
    cat = Catalog.load()
    assert len(cat.scorable()) == 24 and any(str(prompt) in str(p) for p in cat.errors)
    assert main(["rubric", "new", "-q", TEXT, "--category", "operations"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_rubric_new_without_a_terminal_needs_the_question(capsys, monkeypatch):
    from interview_coach.cli import main

    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["rubric", "new", "--category", "impact"]) == 2
    assert "--question is required" in capsys.readouterr().err
    assert main(["rubric", "new", "-q", "Why?", "--id", "Bad Id", "--category", "impact"]) == 2

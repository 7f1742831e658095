"""User prompt and rubric files, layered over the built-in bank: added questions, a rubric
replaced by id, and a broken user file that leaves everything else working."""

from __future__ import annotations

import re
import shutil

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import user_content_dir
from interview_coach.common.paths import builtin_dir

NEW_TEXT = "Tell me about a time you migrated a team to a shared feature store."


def _new_files() -> tuple[str, str]:
    """A new question and its rubric, made from the built-in mentoring pair."""
    prompt = (builtin_dir("prompts") / "mentoring.yaml").read_text()
    prompt = prompt.replace("id: mentoring", "id: feature-store-migration", 1)
    prompt = re.sub(r"(?m)^text: .*$", f'text: "{NEW_TEXT}"', prompt, count=1)
    prompt = re.sub(r"(?ms)^aliases:\n(  - .*?\n)+", "", prompt, count=1)
    rubric = (builtin_dir("rubrics") / "mentoring.yaml").read_text()
    rubric = rubric.replace("question: mentoring", "question: feature-store-migration", 1)
    return prompt, rubric


def _user(kind: str):
    d = user_content_dir() / kind
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_without_user_files_the_bank_is_the_built_in_one():
    cat = Catalog.load()
    assert len(cat.scorable()) == 24 and not cat.problems
    assert set(cat.question_origin.values()) == {"built-in"}
    assert cat.origin("mentoring") == "built-in"


def test_a_user_rubric_replaces_the_built_in_one_by_id():
    src = builtin_dir("rubrics") / "mentoring.yaml"
    mine = _user("rubrics") / "my-mentoring.yaml"
    mine.write_text(src.read_text() + "\n# tuned for my team\n")
    cat = Catalog.load()
    assert cat.rubrics["mentoring"].path == mine
    assert cat.rubric_origin["mentoring"] == "yours"
    expected = "question built-in, rubric yours (replaces the built-in rubric)"
    assert cat.origin("mentoring") == expected
    assert not cat.errors and len(cat.scorable()) == 24
    # The question itself is still the built-in one.
    assert cat.questions["mentoring"].path.parent == builtin_dir("prompts")


def test_a_user_question_and_rubric_are_added():
    prompt, rubric = _new_files()
    (_user("prompts") / "feature-store.yaml").write_text(prompt)
    (_user("rubrics") / "feature-store.yaml").write_text(rubric)
    cat = Catalog.load()
    assert not cat.errors, cat.errors
    assert "feature-store-migration" in [q.id for q in cat.scorable()]
    assert cat.origin("feature-store-migration") == "yours"
    assert cat.find("shared feature store").id == "feature-store-migration"


def test_a_broken_user_file_leaves_the_built_ins_working_and_says_where():
    bad = _user("rubrics") / "mentoring.yaml"
    bad.write_text(
        (builtin_dir("rubrics") / "mentoring.yaml").read_text().replace("bands:", "bandz:", 1)
    )
    (_user("prompts") / "broken.yaml").write_text("id: x\ntext: [unclosed\nlevel: L4\n")
    cat = Catalog.load()
    assert len(cat.scorable()) == 24  # the built-in mentoring rubric still scores
    assert cat.rubrics["mentoring"].path.parent == builtin_dir("rubrics")
    messages = [str(p) for p in cat.errors]
    assert any(str(bad) in m and "bandz" in m for m in messages), messages
    assert any("broken.yaml:" in m and "YAML syntax" in m for m in messages), messages


def test_two_user_rubrics_for_one_question_is_an_error(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(builtin_dir("rubrics") / "mentoring.yaml", _user("rubrics") / name)
    cat = Catalog.load()
    assert any("duplicate rubric for 'mentoring'" in str(p) for p in cat.errors)
    assert cat.rubrics["mentoring"].path.name == "a.yaml"


def test_content_dirs_from_env_and_flag_layer_last(tmp_path, monkeypatch):
    flat = tmp_path / "coach-pack"
    flat.mkdir()
    prompt, rubric = _new_files()
    (flat / "q.yaml").write_text(prompt)  # no prompts/ rubrics/ folders: told apart
    (flat / "r.yaml").write_text(rubric)
    assert "feature-store-migration" in [q.id for q in Catalog.load(extra=[flat]).scorable()]
    monkeypatch.setenv("INTERVIEW_COACH_CONTENT", str(flat))
    cat = Catalog.load()
    assert cat.origin("feature-store-migration") == str(flat)
    # A later layer beats the user's config dir.
    (_user("prompts") / "fs.yaml").write_text(prompt.replace("Tell me", "Describe"))
    cat = Catalog.load()
    assert cat.questions["feature-store-migration"].text.startswith("Tell me")
    assert cat.replaced[("question", "feature-store-migration")] == "yours"

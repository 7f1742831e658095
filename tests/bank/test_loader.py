"""Loading and validating prompt and rubric files: every problem names file, line and fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interview_coach.bank.catalog import Catalog
from interview_coach.common.paths import builtin_dir
from tests.support import ROOT

GOOD_PROMPT = """\
id: my-question
text: Tell me about a time you changed your mind.
category: influence
level: L4
framework:
  - step: Situation
    cues: ["I believed the old approach was right."]
  - step: Change
    cues: ["The data showed I was wrong, so I switched."]
hints: ["Direction", "Structure", "Full answer: ..."]
follow_ups: ["What convinced you?"]
model_answer: I changed my mind when the data showed it.
"""

GOOD_RUBRIC = """\
question: my-question
key_points:
  - id: evidence
    label: Changed because of evidence
    phrasings: ["The data showed I was wrong.", "I looked at the numbers and switched."]
  - id: humility
    label: Admits the mistake openly
    phrasings: ["I told the team I had been wrong.", "I owned the mistake publicly."]
bands:
  strong_hire:
    descriptor: Evidence and humility.
    exemplars: ["a", "b", "c", "d"]
  lean_hire:
    descriptor: Partial.
    exemplars: ["a", "b", "c", "d"]
  no_hire:
    descriptor: Neither.
    exemplars: ["a", "b", "c", "d"]
"""


def make_bank(tmp_path: Path, prompt: str = GOOD_PROMPT, rubric: str = GOOD_RUBRIC):
    p, r = tmp_path / "prompts", tmp_path / "rubrics"
    p.mkdir(exist_ok=True)
    r.mkdir(exist_ok=True)
    (p / "my-question.yaml").write_text(prompt)
    (r / "my-question.yaml").write_text(rubric)
    return p, r


def test_builtin_bank_loads_clean(catalog):
    assert len(catalog.questions) >= 20
    assert set(catalog.rubrics) == set(catalog.questions)
    assert not catalog.problems, [str(p) for p in catalog.problems]


def test_builtin_bank_meets_content_rules(catalog):
    for q in catalog.questions.values():
        assert len(q.hints) >= 3, q.id
        assert q.hints[-1].lower().startswith("full answer"), q.id
        assert q.follow_ups and q.framework and q.model_answer, q.id
        rubric = catalog.rubrics[q.id]
        assert len(rubric.key_points) >= 4, q.id
        for band in rubric.bands.values():
            assert len(band.exemplars) >= 4, (q.id, band.name)


def test_seed_questions_present(catalog):
    texts = {q.text for q in catalog.questions.values()}
    assert "Where do you see yourself in 5 years?" in texts
    assert "IC or management?" in texts
    assert "How do you handle promotion disappointment?" in texts
    assert any("Google Shopping" in t and "promotion strategy" in t for t in texts)


def test_good_files_load(tmp_path):
    cat = Catalog.load(*map(lambda d: [d], make_bank(tmp_path)))
    assert not cat.errors
    assert cat.rubrics["my-question"].key_points[0].id == "evidence"


def _errors(tmp_path, prompt=GOOD_PROMPT, rubric=GOOD_RUBRIC):
    p, r = make_bank(tmp_path, prompt, rubric)
    cat = Catalog.load([p], [r])
    return cat, [str(e) for e in cat.errors]


def test_malformed_yaml_names_file_and_line(tmp_path):
    broken = GOOD_RUBRIC.replace("  - id: humility", "  - id: humility\n   label: [oops")
    cat, errors = _errors(tmp_path, rubric=broken)
    assert len(errors) == 1
    assert "rubrics/my-question.yaml:" in errors[0]
    assert "YAML syntax error" in errors[0] and "Fix:" in errors[0]
    line = int(errors[0].split("my-question.yaml:")[1].split(":")[0])
    assert line == 7  # the mis-indented line itself
    assert "my-question" in cat.questions  # the prompt still loaded


def test_missing_band_is_reported_with_fix(tmp_path):
    rubric = GOOD_RUBRIC.split("  no_hire:")[0]
    _, errors = _errors(tmp_path, rubric=rubric)
    assert any("missing band 'no_hire'" in e and "Fix: add 'no_hire:'" in e for e in errors)


def test_rubric_for_unknown_question_suggests_the_id(tmp_path):
    _, errors = _errors(
        tmp_path, rubric=GOOD_RUBRIC.replace("question: my-question", "question: my-questoin")
    )
    assert any("unknown question 'my-questoin'" in e and "my-question" in e for e in errors)


def test_duplicate_key_point_ids(tmp_path):
    _, errors = _errors(tmp_path, rubric=GOOD_RUBRIC.replace("id: humility", "id: evidence"))
    err = next(e for e in errors if "duplicate key point id" in e)
    assert ":6:" in err  # the line of the second 'id: evidence'


def test_duplicate_question_ids_across_files(tmp_path):
    p, r = make_bank(tmp_path)
    (p / "z-copy.yaml").write_text("# the same question again\n" + GOOD_PROMPT)
    cat = Catalog.load([p], [r])
    [err] = [str(e) for e in cat.errors if "duplicate question id 'my-question'" in str(e)]
    # Where the second id is, and where the first one was.
    assert f"{p / 'z-copy.yaml'}:2: error:" in err, err
    assert f"already defined in {p / 'my-question.yaml'}:1" in err, err
    assert len(cat.questions) == 1


def test_unknown_key_suggests_the_right_one(tmp_path):
    _, errors = _errors(tmp_path, prompt=GOOD_PROMPT.replace("hints:", "hint:"))
    assert any("unknown key 'hint'" in e and "did you mean 'hints'" in e for e in errors)


def test_bad_level_lists_the_choices(tmp_path):
    _, errors = _errors(tmp_path, prompt=GOOD_PROMPT.replace("level: L4", "level: L9"))
    assert any(":4:" in e and "'level' is 'L9'" in e and "L3" in e for e in errors)


def test_a_rubric_may_say_how_its_question_is_judged_on_reach(tmp_path):
    rubric = GOOD_RUBRIC.replace("key_points:", "reach: peak\nkey_points:")
    p, r = make_bank(tmp_path, rubric=rubric)
    cat = Catalog.load([p], [r])
    assert not cat.errors and cat.rubrics["my-question"].reach == "peak"
    p, r = make_bank(tmp_path)
    assert Catalog.load([p], [r]).rubrics["my-question"].reach == ""  # read from the exemplars


def test_a_misspelt_reach_rule_names_the_line_and_the_choices(tmp_path):
    bad = GOOD_RUBRIC.replace("key_points:", "reach: shares\nkey_points:")
    _, errors = _errors(tmp_path, rubric=bad)
    [err] = [e for e in errors if "'reach'" in e]
    assert ":2:" in err and "share, peak, none" in err and "did you mean 'share'" in err, err


def test_unsafe_yaml_tags_are_refused(tmp_path):
    evil = GOOD_PROMPT.replace(
        "category: influence", "category: !!python/object/apply:os.system ['echo hacked']"
    )
    _, errors = _errors(tmp_path, prompt=evil)
    [err] = [e for e in errors if "prompts/" in e]
    assert "my-question.yaml:3:" in err, err
    assert "YAML tags such as !!python/object are not allowed" in err, err
    assert "'!!python/object/apply:os.system'" in err and "syntax" not in err, err


@pytest.mark.parametrize("tag", ["!important", "!!str", "!"])
def test_every_explicit_tag_is_refused(tmp_path, tag):
    # Text that starts with '!' is a tag to YAML: the fix says to quote it.
    _, errors = _errors(tmp_path, prompt=GOOD_PROMPT.replace("text: Tell", f"text: {tag} Tell"))
    [err] = [e for e in errors if "prompts/" in e]
    assert "my-question.yaml:2:" in err and "not allowed" in err and "in quotes" in err, err


def test_not_a_mapping_and_empty_file(tmp_path):
    p, r = make_bank(tmp_path)
    (p / "list.yaml").write_text("- just\n- a list\n")
    (p / "empty.yaml").write_text("")
    (p / "binary.yaml").write_bytes(b"id: x\n\xff\xfe\n")
    cat = Catalog.load([p], [r])
    errors = [str(e) for e in cat.errors]
    assert any("list.yaml:1" in e and "must be a YAML mapping" in e for e in errors)
    assert any("empty.yaml" in e for e in errors)
    assert any("binary.yaml:2" in e and "UTF-8" in e for e in errors)
    assert "my-question" in cat.rubrics


def test_broken_file_leaves_builtins_working(tmp_path):
    prompts, rubrics = tmp_path / "p", tmp_path / "r"
    shutil.copytree(builtin_dir("prompts"), prompts)
    shutil.copytree(builtin_dir("rubrics"), rubrics)
    (rubrics / "mentoring.yaml").write_text("question: mentoring\nkey_points: [\n")
    cat = Catalog.load([prompts], [rubrics])
    assert "mentoring" not in cat.rubrics
    assert len(cat.rubrics) == len(cat.questions) - 1
    assert any("mentoring.yaml" in str(e) for e in cat.errors)


def test_builtin_dirs_point_at_repo_in_a_checkout():
    assert builtin_dir("prompts") == ROOT / "prompts" or builtin_dir("prompts").is_dir()


@pytest.mark.parametrize("weight", ["-1", "heavy", "0"])
def test_bad_weight(tmp_path, weight):
    rubric = GOOD_RUBRIC.replace(
        "    label: Changed because of evidence",
        f"    label: Changed because of evidence\n    weight: {weight}",
    )
    _, errors = _errors(tmp_path, rubric=rubric)
    assert any("weight" in e and "positive number" in e for e in errors)

"""Graded answers as content: the built-in ones, a user's own beside them, and a broken file
that names its line and loses none of the others."""

from __future__ import annotations

import json
import re

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import user_content_dir


def _graded(name: str, lines: list[str]):
    d = user_content_dir() / "graded"
    d.mkdir(parents=True, exist_ok=True)
    path = d / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(**kw) -> str:
    return json.dumps({"question": "mentoring", "band": "lean_hire", "answer": "I paired."} | kw)


def test_every_built_in_question_has_graded_answers_in_every_band(catalog):
    for qid, rubric in catalog.rubrics.items():
        bands = {g.band for g in rubric.graded}
        assert len(rubric.graded) >= 40 and bands == {"strong_hire", "lean_hire", "no_hire"}, qid
        assert all(g.writer for g in rubric.graded)


def test_a_users_graded_answers_join_the_built_in_ones():
    built_in = len(Catalog.load().rubrics["mentoring"].graded)
    _graded("mine.jsonl", [_row(answer="I paired with a new hire weekly.", writer="me")])
    cat = Catalog.load()
    mine = cat.rubrics["mentoring"].graded
    assert len(mine) == built_in + 1 and not cat.problems
    assert mine[-1].answer == "I paired with a new hire weekly." and mine[-1].writer == "me"
    assert mine[-1].line == 1 and mine[-1].path.name == "mine.jsonl"


def test_a_broken_line_names_its_line_and_the_fix_and_the_rest_load():
    path = _graded(
        "mixed.jsonl",
        [
            _row(answer="First good answer."),
            '{"question": "mentoring", "band": "lean_hire", "answer": "unterminated}',
            _row(band="maybe"),
            _row(question="mentorign"),
            "",
            json.dumps({"question": "mentoring", "answer": "no band"}),
            _row(answer="Second good answer.", band="no_hire"),
        ],
    )
    cat = Catalog.load()
    mine = [g for g in cat.rubrics["mentoring"].graded if g.path == path]
    assert [(g.answer, g.band, g.line) for g in mine] == [
        ("First good answer.", "lean_hire", 1),
        ("Second good answer.", "no_hire", 7),
    ]
    said = {p.line: str(p) for p in cat.problems}
    assert sorted(said) == [2, 3, 4, 6]
    assert f"{path}:2" in said[2] and "not valid JSON" in said[2] and "\\n" in said[2]
    assert "unknown band 'maybe'" in said[3] and "strong_hire" in said[3]
    assert "unknown question 'mentorign'" in said[4] and "did you mean 'mentoring'" in said[4]
    assert "'band'" in said[6]
    # The rest of the bank is untouched.
    assert len(cat.scorable()) == 24


def test_a_file_that_is_not_text_is_one_problem_not_a_crash():
    d = user_content_dir() / "graded"
    d.mkdir(parents=True, exist_ok=True)
    (d / "binary.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    cat = Catalog.load()
    assert [p.message for p in cat.problems] == ["cannot read the file: it is not UTF-8 text"]
    assert len(cat.rubrics["mentoring"].graded) >= 40


def test_a_content_directory_brings_its_graded_answers(tmp_path):
    content = tmp_path / "content"
    (content / "graded").mkdir(parents=True)
    (content / "graded" / "team.jsonl").write_text(_row(answer="From the content dir.") + "\n")
    cat = Catalog.load(extra=[content])
    assert cat.rubrics["mentoring"].graded[-1].answer == "From the content dir."


def test_validate_counts_graded_files_and_names_a_broken_line(capsys):
    from interview_coach.cli import main

    path = _graded("mine.jsonl", [_row(), "not json"])
    code = main(["rubric", "validate"])
    out = capsys.readouterr().out
    assert code != 0
    assert "yours" in out and "1 graded-answer file" in out
    assert f"{path}:2: error: not valid JSON" in out


def test_the_rubric_browser_says_how_many_graded_answers_and_how_many_are_yours():
    from interview_coach.tui.screens.rubrics import graded_summary

    built_in = graded_summary(Catalog.load().rubrics["mentoring"])
    assert re.fullmatch(r"\d+ answers: Strong Hire \d+, Lean Hire \d+, No Hire \d+", built_in)
    _graded("mine.jsonl", [_row(), _row(answer="Another.", band="no_hire")])
    assert graded_summary(Catalog.load().rubrics["mentoring"]).endswith("(2 from your files)")

"""A rubric's reasons speak to its question's level: a "why" that says "At L5 ..." on an L4
question reads, in a reply, as a level the user never chose (issue 15)."""

from __future__ import annotations

import re

from interview_coach.bank.catalog import Catalog

AT_LEVEL = re.compile(r"\bAt (L\d)\b")


def test_a_key_point_that_names_a_level_names_its_questions_level():
    cat = Catalog.load()
    wrong = [
        f"{qid}/{k.id}: {m.group(1)} on an {cat.questions[qid].level} question"
        for qid, rubric in cat.rubrics.items()
        for k in [*rubric.key_points, *rubric.red_flags]
        for m in [AT_LEVEL.search(k.why or "")]
        if m and m.group(1) != cat.questions[qid].level
    ]
    assert not wrong, wrong

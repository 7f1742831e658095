"""The dev set's quality bar, and that a wheel carries the built-in bank."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections import Counter

import pytest

from interview_coach.scoring.evaluate import metrics, read_labelled
from tests.support import ROOT

DEVSET = ROOT / "eval" / "devset.jsonl"


def test_metrics_math():
    m = metrics(
        ["strong_hire", "lean_hire", "no_hire", "no_hire"],
        ["strong_hire", "no_hire", "no_hire", "strong_hire"],
    )
    assert m.accuracy == 0.5
    assert m.strong_no_swaps == 1
    assert m.confusion["lean_hire"]["no_hire"] == 1
    assert 0 < m.macro_f1 < 1


def test_devset_shape():
    rows = read_labelled(DEVSET)
    assert len(rows) >= 60
    assert len({r["question"] for r in rows}) >= 6
    assert min(Counter(r["band"] for r in rows).values()) >= 15


@pytest.mark.model
def test_devset_quality_bar(real_scorer, catalog):
    rows = read_labelled(DEVSET)
    results = real_scorer.score_many(
        [
            (
                catalog.find(r["question"]),
                catalog.rubrics[catalog.find(r["question"]).id],
                r["answer"],
            )
            for r in rows
        ]
    )
    m = metrics([r["band"] for r in rows], [r.band for r in results])
    # The bar: 3-way accuracy at least 0.80 and no Strong <-> No Hire confusion.
    assert m.strong_no_swaps == 0
    assert m.accuracy >= 0.80, m.table()


def test_wheel_contains_builtin_bank(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    wheel = next(tmp_path.glob("interview_coach-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    prompts = [n for n in names if n.startswith("interview_coach/data/prompts/")]
    rubrics = [n for n in names if n.startswith("interview_coach/data/rubrics/")]
    assert len(prompts) == len(list((ROOT / "prompts").glob("*.yaml")))
    assert len(rubrics) == len(list((ROOT / "rubrics").glob("*.yaml")))

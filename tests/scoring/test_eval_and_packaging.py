"""Quality bars on answers the band model never saw (three held-out writers in eval/heldout;
the old dev set, whose writer is not the corpus writers; the held-out short-answer questions,
whose rubrics are not the bank's), and that a wheel carries the built-in bank and the learned
weights."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections import Counter

import pytest

from interview_coach.scoring.evaluate import metrics, read_labelled
from tests.support import ROOT

DEVSET = ROOT / "eval" / "devset.jsonl"
HELDOUT = ROOT / "eval" / "heldout"
ATTACKS_HELDOUT = ROOT / "eval" / "attacks_heldout"


def _score(scorer, catalog, rows):
    return metrics(
        [r["band"] for r in rows],
        [
            r.band
            for r in scorer.score_many(
                [
                    (
                        catalog.find(r["question"]),
                        catalog.rubrics[catalog.find(r["question"]).id],
                        r["answer"],
                    )
                    for r in rows
                ]
            )
        ],
    )


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
def test_held_out_writers_quality_bar(real_scorer, catalog):
    """Answers by a writer who saw only the seeds and the questions, never trained on: every
    band, and the kinds of No Hire that talk their way up (vague, retracted, buzzwords, a story
    for another question). Scored here: w9b, the hardest of the three such writers (0.917 and
    1 swap, against 0.948 and 0.958 for the others); all three, 288 answers, with
    `interview-coach eval eval/heldout` (0.941, 1 swap), would cost the suite 30 s more."""
    rows = read_labelled(HELDOUT / "w9b.jsonl")
    assert len(rows) >= 90 and "eval/heldout" not in real_scorer.fitted_on
    m = _score(real_scorer, catalog, rows)
    assert m.accuracy >= 0.88, m.table()
    assert m.strong_no_swaps <= 2, m.table()


@pytest.mark.model
def test_devset_quality_bar(real_scorer, catalog):
    m = _score(real_scorer, catalog, read_labelled(DEVSET))
    # Never trained on (see Scorer.fitted_on). This writer grades more leniently than the
    # others (most misses are its Lean Hire answers read as No Hire). The four targeted
    # writers (graded/voices/w12*) cost one swap here, a Strong Hire answer read as No Hire
    # at about 50% (three at full weight; retracted and wrong-question answers by the six
    # newer writers at full weight made it two: scripts/train_scorer.py, TARGETED_WEIGHT),
    # for 9 points on heldout_hard (eval/research/README.md). The attack suite in sixteen
    # voices (scripts/train_scorer.py, ATTACK_WEIGHT) costs two more, strong answers that say
    # what the candidate did not do ("not my team", "I had no power there"), for 11 fewer
    # swaps over the other held-out sets and half as many held-out attacks given Strong Hire:
    # bar 0.75, at most 3 swaps.
    assert "eval/devset.jsonl" not in real_scorer.fitted_on
    assert m.strong_no_swaps <= 3, m.table()
    assert m.accuracy >= 0.75, m.table()


@pytest.mark.model
def test_held_out_attacks_stay_within_their_bound(real_scorer, catalog):
    """Attacks by writers whose attacks were never trained on (eval/attacks_heldout): answers
    shaped like good ones that retract, blame, answer another question, credit every decision
    to someone else, address the grader or say nothing. The issue's bar for its own hidden 30
    is 28 within and none Strong Hire; this is where it stands, kept from sliding. Scored here:
    two of the four writers written after the training choices were made (b21, b22; all
    twelve, `interview-coach eval eval/attacks_heldout`, would cost the suite 18 s more)."""
    from interview_coach.scoring.evaluate import attack_report

    paths = [ATTACKS_HELDOUT / f"b{n}.jsonl" for n in (21, 22)]
    rows = [r for p in paths for r in read_labelled(p)]
    assert len(rows) == 96 and "eval/attacks_heldout" not in real_scorer.fitted_on
    qs = [catalog.find(r["question"]) for r in rows]
    results = real_scorer.score_many(
        [(q, catalog.rubrics[q.id], r["answer"]) for q, r in zip(qs, rows, strict=True)]
    )
    report = attack_report(rows, [r.band for r in results])
    # Before the attack suite grew from one writer to seventeen: 55 within, 25 Strong Hire;
    # after, 73 and 15 (eval/research/README.md, "Attacks in twenty voices").
    assert report.within >= 70, report.by_kind
    assert report.strong <= 17, report.by_kind


@pytest.mark.model
def test_held_out_rubrics_beat_nearest_neighbour_voting(real_scorer):
    """Fourteen short technical questions whose rubrics and answers were never trained on: the
    scorer must beat a 3-NN vote over the same exemplars, the public benchmark's baseline.
    (eval/shortanswer_heldout, sixteen more by other writers, is measured by `interview-coach
    eval ... --baseline`, not here: it would add half a minute to the suite.)"""
    from interview_coach.bank.catalog import Catalog
    from interview_coach.scoring.evaluate import nearest_neighbour_bands

    foreign = ROOT / "eval" / "foreign"
    cat = Catalog.load(extra=[str(foreign / "content")])
    rows = read_labelled(foreign / "answers.jsonl")
    items = [(cat.questions[r["question"]], cat.rubrics[r["question"]], r["answer"]) for r in rows]
    truth = [r["band"] for r in rows]
    mine = metrics(truth, [r.band for r in real_scorer.score_many(items)])
    knn = metrics(truth, nearest_neighbour_bands(real_scorer, items))
    # The bar for the public benchmark: 5 points of macro-F1 over the vote (8.0 now).
    assert mine.macro_f1 >= knn.macro_f1 + 0.05, (mine.table(), knn.macro_f1)
    assert mine.accuracy >= 0.78, mine.table()


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
    assert "interview_coach/scoring/weights/stance.npz" in names  # learned weights ship too
    assert "interview_coach/scoring/weights/band.json" in names
    assert "interview_coach/scoring/weights/takeback.npz" in names
    assert "interview_coach/scoring/weights/takeback_screen.npz" in names
    assert "interview_coach/scoring/weights/ownership.npz" in names
    assert "interview_coach/scoring/weights/tone.npz" in names
    assert "interview_coach/scoring/weights/vague.npz" in names
    assert "interview_coach/scoring/weights/blame.npz" in names
    graded = [n for n in names if n.startswith("interview_coach/data/graded/")]
    assert len(graded) == len(list((ROOT / "graded").rglob("*.jsonl")))
    assert "interview_coach/scoring/weights/graded_vectors.npz" in names


def test_calibration_error_is_the_gap_between_stated_and_actual():
    truth = ["strong_hire"] * 4 + ["no_hire"] * 4
    # Says 100% and is right half the time: ECE 0.5. Says 50% and is right half the time: 0.
    assert metrics(truth, ["strong_hire"] * 8, [1.0] * 8).ece == pytest.approx(0.5)
    assert metrics(truth, ["strong_hire"] * 8, [0.5] * 8).ece == pytest.approx(0.0)


def test_attacks_count_within_their_bound_and_by_kind():
    from interview_coach.scoring.evaluate import attack_report

    rows = [
        {"max_band": "no_hire", "attack": "retracted"},
        {"max_band": "lean_hire", "attack": "team-scope"},
        {"max_band": "lean_hire", "attack": "team-scope"},
        {"max_band": "strong_hire", "attack": "strong"},
    ]
    r = attack_report(rows, ["lean_hire", "lean_hire", "strong_hire", "strong_hire"])
    # The control's Strong Hire is within its bound and is not an attack given Strong Hire.
    assert (r.within, r.n, r.strong) == (2, 4, 1)
    assert r.by_kind == {"retracted": (0, 1), "team-scope": (1, 2), "strong": (1, 1)}


def test_nearest_neighbour_vote_breaks_ties_by_the_nearest():
    from interview_coach.scoring.evaluate import nearest_neighbour_vote

    sims = [(0.9, "lean_hire"), (0.8, "strong_hire"), (0.7, "no_hire"), (0.1, "strong_hire")]
    assert nearest_neighbour_vote(sims) == "lean_hire"
    sims = [(0.9, "lean_hire"), (0.8, "strong_hire"), (0.7, "strong_hire")]
    assert nearest_neighbour_vote(sims) == "strong_hire"


def test_a_row_without_a_band_names_its_line(tmp_path):
    bad = tmp_path / "set.jsonl"
    bad.write_text(
        '{"question": "mentoring", "answer": "x", "band": "strong_hire"}\n'
        '{"question": "q", "answer": "y"}\n'
    )
    with pytest.raises(ValueError, match=r"set.jsonl:2:"):
        read_labelled(bad)

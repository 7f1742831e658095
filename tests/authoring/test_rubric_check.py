"""`rubric check`: leave-one-out on a rubric's own exemplars, separation, near-duplicates,
uncovered key points, red flags in strong answers, the advice, and the command end to end."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from interview_coach.authoring.check import (
    DUPLICATE,
    ExemplarCheck,
    check_rubric,
    duplicate_score,
    misclassified_finding,
    near_duplicates,
)
from interview_coach.bank.loader import load_file, parse_rubric
from interview_coach.bank.models import BANDS, BandSpec, KeyPoint, Rubric
from interview_coach.cli import main
from interview_coach.cli import rubric as cli_rubric
from interview_coach.common.paths import builtin_dir
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.scorer import RED_HI, Scorer
from tests.support import ROOT, BagOfWordsEmbedder

EXAMPLES = ROOT / "docs" / "examples"
BUILTIN_IDS = sorted(p.stem for p in builtin_dir("rubrics").glob("*.yaml"))


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _rubric_data(qid: str) -> dict:
    return yaml.safe_load((builtin_dir("rubrics") / f"{qid}.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict, name: str = "rubric.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _load(path: Path) -> Rubric:
    rubric, problems = load_file(path, parse_rubric)
    assert rubric is not None, problems
    return rubric


def _swapped(qid: str) -> dict:
    data = _rubric_data(qid)
    bands = data["bands"]
    bands["strong_hire"]["exemplars"], bands["no_hire"]["exemplars"] = (
        bands["no_hire"]["exemplars"],
        bands["strong_hire"]["exemplars"],
    )
    return data


# -- unit tests: the logic, with the fast bag-of-words embedder ------------------------------


@pytest.fixture()
def bow_scorer():
    return Scorer(BagOfWordsEmbedder())


def test_leave_one_out_equals_preparing_the_rubric_without_the_exemplar(catalog, bow_scorer):
    """Holding an exemplar out must give exactly what a rubric with that exemplar deleted
    gives: its cuts, the exemplar's score as a new answer, and the band the scorer gives."""
    q = catalog.questions["promotion-disappointment"]
    rubric = catalog.rubrics[q.id]
    report = check_rubric(bow_scorer, q, rubric)
    full = bow_scorer.prepare(q, rubric).calibration
    cuts_moved = 0
    for e in report.exemplars:
        kept = tuple(t for i, t in enumerate(rubric.bands[e.band].exemplars) if i != e.index)
        bands = dict(rubric.bands) | {e.band: BandSpec(e.band, "held out", kept)}
        without = Scorer(BagOfWordsEmbedder()).prepare(q, dataclasses.replace(rubric, bands=bands))
        answer = embed_many([prepare_text(e.text)], BagOfWordsEmbedder())[0]
        as_new = bow_scorer.breakdown(without, answer)
        z = as_new.score
        assert e.score == pytest.approx(z, abs=1e-5)
        assert e.lean_cut == pytest.approx(without.calibration.lean_cut, abs=1e-6)
        assert e.strong_cut == pytest.approx(without.calibration.strong_cut, abs=1e-6)
        assert e.predicted == as_new.band  # the scorer's own rules, not a copy
        cuts_moved += (e.lean_cut, e.strong_cut) != (full.lean_cut, full.strong_cut)
    assert cuts_moved > 0  # the cuts really are recomputed per held-out exemplar
    assert report.accuracy == pytest.approx(
        sum(e.predicted == e.band for e in report.exemplars) / len(report.exemplars)
    )
    assert sum(sum(row.values()) for row in report.confusion.values()) == len(report.exemplars)


def test_the_scorers_own_rules_hold_a_red_flagged_exemplar_below_strong(
    catalog, bow_scorer, tmp_path
):
    """An exemplar whose score clears the Strong cut is still Lean Hire when the scorer would
    hold it there: here every Strong Hire exemplar says a red flag word for word."""
    confession = "Honestly the committee was political and I blamed my manager for all of it."
    data = _rubric_data("promotion-disappointment")
    data["red_flags"][0]["phrasings"].append(confession)
    strong = data["bands"]["strong_hire"]["exemplars"]
    data["bands"]["strong_hire"]["exemplars"] = [
        t.rstrip().rstrip(".") + ".\n" + confession for t in strong
    ]
    q = catalog.questions["promotion-disappointment"]
    report = check_rubric(bow_scorer, q, _load(_write(tmp_path, data)))
    held = [e for e in report.exemplars if e.band == "strong_hire"]
    assert all(e.red_flag >= RED_HI for e in held)
    assert any(e.score >= e.strong_cut for e in held)  # the cut alone would say Strong
    assert all(e.predicted != "strong_hire" for e in held)
    assert report.confusion["strong_hire"]["strong_hire"] == 0
    # And the red flag is reported as one a Strong Hire exemplar trips.
    assert {h.index for h in report.strong_red_flags} == set(range(len(strong)))


def test_swapped_bands_fail_with_the_fake_embedder_too(catalog, bow_scorer, tmp_path):
    q = catalog.questions["promotion-disappointment"]
    rubric = _load(_write(tmp_path, _swapped(q.id)))
    report = check_rubric(bow_scorer, q, rubric)
    assert report.verdict == "FAIL" and not report.passed
    codes = {f.code for f in report.findings if f.severity == "fail"}
    assert "bands-swapped" in codes
    ns = report.separation("no_hire", "strong_hire")
    assert ns.median_lower > ns.median_upper and ns.d < 0


def test_near_duplicates_within_and_across_bands():
    story = (
        "I asked my manager which criteria were missing, we wrote a six month plan, "
        "and I led the cross-team validation project that cut incidents by 60 percent."
    )
    edited = story.replace("six month", "six-month").replace("60 percent", "sixty percent")
    short = "I asked my manager which criteria were missing."  # all its words are in `story`
    bands = {
        "strong_hire": BandSpec(
            "strong_hire", "d", (story, "Something else entirely, about GPUs.")
        ),
        "lean_hire": BandSpec("lean_hire", "d", (short, "I tried to do better next time.")),
        "no_hire": BandSpec(
            "no_hire",
            "d",
            (edited, "It was political.", "It was political!"),
        ),
    }
    rubric = Rubric("x", (), (), bands)
    found = {(d.band_a, d.index_a, d.band_b, d.index_b): d for d in near_duplicates(rubric)}
    assert set(found) == {("strong_hire", 0, "no_hire", 0), ("no_hire", 1, "no_hire", 2)}
    assert found[("strong_hire", 0, "no_hire", 0)].cross_band
    assert not found[("no_hire", 1, "no_hire", 2)].cross_band
    assert all(d.similarity >= DUPLICATE for d in found.values())
    # A short answer whose words a long one contains is a subset, not a duplicate.
    assert duplicate_score(short, story) < DUPLICATE


def test_duplicate_findings_and_their_advice(catalog, bow_scorer, tmp_path):
    data = _rubric_data("technical-strategy-doc")
    ex = data["bands"]
    ex["lean_hire"]["exemplars"][0] = ex["strong_hire"]["exemplars"][0] + " "  # across bands
    ex["no_hire"]["exemplars"][1] = ex["no_hire"]["exemplars"][0].rstrip(".!") + ", really."
    rubric = _load(_write(tmp_path, data))
    report = check_rubric(bow_scorer, catalog.questions["technical-strategy-doc"], rubric)
    by_code = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    cross = by_code["cross-band-duplicate"]
    assert len(cross) == 1 and cross[0].severity == "fail" and report.verdict == "FAIL"
    assert "Strong Hire exemplar 1" in cross[0].advice and "Lean Hire exemplar 1" in cross[0].advice
    assert "labelled two ways" in cross[0].message
    within = by_code["duplicate"]
    assert len(within) == 1 and within[0].severity == "warn"
    assert "Exemplars 1 and 2 of no_hire are near-duplicates" in within[0].advice
    assert "replace one with a different failure" in within[0].advice


def test_a_key_point_no_strong_exemplar_makes_is_listed(catalog, bow_scorer, tmp_path):
    data = _rubric_data("promotion-disappointment")
    data["key_points"].append(
        {
            "id": "kubernetes-quota",
            "label": "Explains the Kubernetes quota dashboard",
            "phrasings": [
                "Kubernetes quota dashboards show namespace limits per cluster.",
                "Helm charts configure pod autoscaler quotas.",
            ],
        }
    )
    rubric = _load(_write(tmp_path, data))
    report = check_rubric(bow_scorer, catalog.questions["promotion-disappointment"], rubric)
    assert [p.id for p in report.uncovered_points] == ["kubernetes-quota"]
    finding = next(f for f in report.findings if f.code == "point-not-in-strong")
    assert finding.severity == "warn" and report.verdict in ("WARN", "FAIL")
    assert "add a strong hire exemplar that makes" in finding.advice.lower()
    assert "Explains the Kubernetes quota dashboard" in finding.advice


def _exemplar(band: str, predicted: str, **kw) -> ExemplarCheck:
    base = dict(
        band=band,
        index=2,
        text="I think it went fine and I worked on it with my manager over a few months.",
        words=16,
        score=0.82,
        lean_cut=0.30,
        strong_cut=0.71,
        predicted=predicted,
        coverage=0.6,
        covered=["a"],
        red_flag=0.5,
        red_flag_id="blames",
        band_sims={"strong_hire": 0.5, "lean_hire": 0.6, "no_hire": 0.4},
        has_numbers=True,
    )
    return ExemplarCheck(**(base | kw))


def _tiny_rubric() -> Rubric:
    from interview_coach.bank.models import RedFlag

    kps = (
        KeyPoint("a", "Asks for feedback", ("p",)),
        KeyPoint("b", "Makes a plan", ("p",)),
        KeyPoint("c", "Shows a result", ("p",)),
    )
    flags = (RedFlag("blames", "Blames the process", ("p",)),)
    return Rubric("x", kps, flags, {b: BandSpec(b, "d", ("e1", "e2")) for b in BANDS})


def test_advice_for_a_lean_exemplar_that_scores_strong():
    f = misclassified_finding(_exemplar("lean_hire", "strong_hire"), _tiny_rubric())
    assert f.severity == "note"
    assert f.advice.startswith(
        "Lean Hire exemplar 3 scores like a Strong Hire (0.82 >= Strong cut 0.71)"
    )
    assert "make it vaguer" in f.advice.lower() and "move it to strong_hire" in f.advice


def test_advice_for_a_no_hire_exemplar_that_scores_strong_is_a_failure():
    e = _exemplar(
        "no_hire",
        "strong_hire",
        score=1.42,
        strong_cut=1.37,
        words=170,
        band_sims={"strong_hire": 0.61, "lean_hire": 0.53, "no_hire": 0.46},
    )
    f = misclassified_finding(e, _tiny_rubric())
    assert f.severity == "fail"
    assert "(1.42 >= Strong cut 1.37)" in f.advice
    assert "'Blames the process', reaches only 0.50" in f.advice
    assert "reads most like the Strong Hire exemplars (0.61 vs 0.46" in f.advice
    assert "add another No Hire exemplar of similar length and style (it has 170 words)" in (
        f.advice
    )


def test_advice_for_a_strong_exemplar_that_scores_lean_names_the_missing_points():
    e = _exemplar("strong_hire", "lean_hire", score=0.6, covered=["a"], has_numbers=False)
    f = misclassified_finding(e, _tiny_rubric())
    assert f.severity == "note"
    assert "(0.60 < Strong cut 0.71)" in f.advice
    assert "not: Makes a plan; Shows a result" in f.advice
    assert "add a measured result" in f.advice and "move it to lean_hire" in f.advice


def test_render_fits_80_columns_and_says_what_to_change(catalog, bow_scorer, tmp_path):
    from interview_coach.cli.rubric import render, summary

    q = catalog.questions["promotion-disappointment"]
    report = check_rubric(bow_scorer, q, _load(_write(tmp_path, _swapped(q.id))))
    text = render(report)
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert text.startswith("== promotion-disappointment: FAIL ==")
    assert "true \\ predicted" in text and "What to change" in text
    assert "bands look swapped" in text
    assert summary([report]) == "1 rubric checked: 0 pass, 0 warn, 1 fail"


@pytest.mark.parametrize(
    ("qid", "reads_as", "says"),
    [
        ("mentoring", {"story": True, "plans": False}, "Read as: a story question"),
        ("five-year-vision", {"story": True, "plans": True}, "Read as: a question about plans"),
        ("sa-stack-vs-queue", {"story": False, "plans": False}, "Read as: a short answer"),
    ],
)
def test_the_report_says_how_answers_to_the_question_are_read(
    catalog, bow_scorer, qid, reads_as, says
):
    # An author whose rubric is read as the wrong kind sees it here, not only in the verdicts.
    from interview_coach.cli.rubric import render
    from tests.support import technical_question

    q, r = (
        technical_question()
        if qid.startswith("sa-")
        else (catalog.questions[qid], catalog.rubrics[qid])
    )
    report = check_rubric(bow_scorer, q, r)
    assert report.to_dict()["reads_as"] == reads_as
    assert says in " ".join(render(report).split())


def test_check_of_a_yaml_error_exits_1_and_names_file_and_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(
        cli_rubric, "load_scorer", lambda args: pytest.fail("nothing valid to check")
    )
    bad = tmp_path / "rubrics" / "broken.yaml"
    bad.parent.mkdir()
    bad.write_text("question: mentoring\nkey_points: [unclosed\nbands: {}\n")
    code, out, _ = run(capsys, "rubric", "check", bad)
    assert code == 1
    # The parser notices the unclosed list on the line after it opens.
    assert out.startswith(f"{bad}:3: error: YAML syntax error")
    assert "0 rubrics checked" in out and "1 file with validation errors" in out


def test_check_of_a_missing_path_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "rubric", "check", tmp_path / "nope.yaml")
    assert code == 2 and "no such file" in err


# -- with the real model ---------------------------------------------------------------------


@pytest.fixture()
def cli_uses(monkeypatch, real_scorer):
    """`main()` with the session's real scorer, so its vectors are embedded once."""
    monkeypatch.setattr(cli_rubric, "load_scorer", lambda args: real_scorer)
    return real_scorer


@pytest.mark.model
@pytest.mark.parametrize("qid", BUILTIN_IDS)
def test_every_builtin_rubric_passes(catalog, real_scorer, qid):
    report = check_rubric(real_scorer, catalog.questions[qid], catalog.rubrics[qid])
    fails = [f.message for f in report.findings if f.severity == "fail"]
    assert report.passed, fails


@pytest.mark.model
def test_one_mislabelled_exemplar_is_caught(catalog, real_scorer, tmp_path):
    # A long Strong Hire story filed under No Hire by mistake: held out, it lands in its real
    # band, and the check fails the rubric and names it. (The rant that used to fool the
    # scorer here, before sentences that deny or retract stopped counting as evidence, no
    # longer does: see test_scoring_model.) The misfiled story also drags a Strong Hire
    # exemplar worded like it towards No Hire, which may fail too: the fix is the same.
    data = _rubric_data("promotion-disappointment")
    strong = data["bands"]["strong_hire"]["exemplars"]
    moved = max(strong, key=len)
    strong.remove(moved)
    data["bands"]["no_hire"]["exemplars"].append(moved)
    q = catalog.questions["promotion-disappointment"]
    report = check_rubric(real_scorer, q, _load(_write(tmp_path, data)))
    fails = [f for f in report.findings if f.severity == "fail"]
    assert fails and {f.code for f in fails} == {"misclassified"}
    assert any("No Hire exemplar" in f.message for f in fails)
    (e,) = [e for e in report.exemplars if e.band == "no_hire" and e.predicted == "strong_hire"]
    assert e.text.strip() == moved.strip() and e.nearest_band == "strong_hire"


@pytest.mark.model
@pytest.mark.parametrize(
    ("qid", "own_load"), [("promotion-disappointment", True), ("model-and-data-debt", False)]
)
def test_swapped_strong_and_no_hire_exemplars_fail(capsys, tmp_path, request, qid, own_load):
    # The first through the command's own scorer (model loading included); the second with
    # the session's, as two more loads of the model would only cost the suite seconds.
    if not own_load:
        request.getfixturevalue("cli_uses")
    path = _write(tmp_path, _swapped(qid), f"{qid}.yaml")
    code, out, _ = run(capsys, "rubric", "check", path)
    assert code == 1
    assert f"== {qid}: FAIL" in out
    assert "No Hire exemplars score as high as Strong Hire ones" in out
    assert "bands look swapped" in out
    assert "1 rubric checked: 0 pass, 0 warn, 1 fail" in out
    code, out, _ = run(capsys, "rubric", "check", path, "--json")
    (report,) = json.loads(out)["reports"]
    assert report["loo"]["strong_no_confusions"] >= 2
    # Sound built-in rubrics score 0.87 or more held out. Swapped, about half: the band
    # model still reads the evidence in a strong story filed under No Hire and calls it
    # Strong (the swap the findings name), and the Lean Hire exemplars stay right.
    assert report["loo"]["accuracy"] < 0.6
    assert "bands-swapped" in {f["code"] for f in report["findings"]}


@pytest.mark.model
def test_builtin_without_the_swap_is_not_reported_swapped(capsys, cli_uses):
    path = builtin_dir("rubrics") / "model-and-data-debt.yaml"
    code, out, _ = run(capsys, "rubric", "check", path)
    assert code == 0 and "== model-and-data-debt: PASS" in out
    assert "swapped" not in out
    assert "medians 0-2" in out  # the learned model's scale, said where the medians are


@pytest.mark.model
def test_an_exemplar_in_two_bands_is_flagged(capsys, tmp_path, cli_uses):
    data = _rubric_data("oncall-incident")
    data["bands"]["no_hire"]["exemplars"][2] = data["bands"]["lean_hire"]["exemplars"][3]
    path = _write(tmp_path, data, "oncall-incident.yaml")
    code, out, _ = run(capsys, "rubric", "check", path)
    assert code == 1
    flat = " ".join(out.split())  # the report wraps at 80 columns
    assert "FAIL Lean Hire exemplar 4" in flat and "and No Hire exemplar 3 are" in flat
    assert "near-duplicates (100): the same answer is labelled two ways" in flat


@pytest.mark.model
def test_a_key_point_missing_from_every_strong_exemplar_is_listed(capsys, tmp_path, cli_uses):
    data = _rubric_data("oncall-incident")
    data["key_points"].append(
        {
            "id": "vendor-contract",
            "label": "Renegotiates the GPU vendor contract",
            "phrasings": [
                "I renegotiated our GPU reservation contract with the cloud vendor.",
                "We moved to a three-year committed-use discount for the training cluster.",
                "I got procurement to sign a cheaper reserved-instance deal.",
            ],
        }
    )
    path = _write(tmp_path, data, "oncall-incident.yaml")
    code, out, _ = run(capsys, "rubric", "check", path, "--json")
    (report,) = json.loads(out)["reports"]
    points = {p["id"]: p for p in report["key_points"]}
    assert not points["vendor-contract"]["covered"]
    assert [p for p, v in points.items() if not v["covered"]] == ["vendor-contract"]
    code, out, _ = run(capsys, "rubric", "check", path)
    flat = " ".join(out.split())
    assert "No Strong Hire exemplar makes key point 'Renegotiates the GPU vendor" in flat
    assert "Add a Strong Hire exemplar that makes 'Renegotiates the GPU vendor" in flat


@pytest.mark.model
def test_a_yaml_error_among_good_files_exits_1_and_still_checks_the_rest(
    capsys, tmp_path, cli_uses
):
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    good = rubrics / "technical-strategy-doc.yaml"
    good.write_text((builtin_dir("rubrics") / "technical-strategy-doc.yaml").read_text())
    bad = rubrics / "mentoring.yaml"
    bad.write_text("question: mentoring\nkey_points:\n  - id: a\n    label: [oops\n")
    code, out, _ = run(capsys, "rubric", "check", rubrics)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{bad}:") and "error: YAML syntax error" in first
    assert first.split(":")[1].isdigit()  # the line number
    assert "== technical-strategy-doc: PASS" in out
    assert out.rstrip().endswith(
        "1 rubric checked: 1 pass, 0 warn, 0 fail; 1 file with validation errors"
    )


@pytest.mark.model
def test_json_output_parses(capsys, cli_uses):
    code, out, _ = run(
        capsys, "rubric", "check", builtin_dir("rubrics") / "mentoring.yaml", "--json"
    )
    data = json.loads(out)
    assert code == 0
    (report,) = data["reports"]
    assert report["question_id"] == "mentoring" and report["verdict"] in ("PASS", "WARN")
    assert set(report["loo"]["confusion"]) == set(BANDS)
    assert {s["pair"][0] + "/" + s["pair"][1] for s in report["separation"]} == {
        "no_hire/lean_hire",
        "lean_hire/strong_hire",
        "no_hire/strong_hire",
    }
    assert data["summary"] == {
        "checked": 1,
        "pass": report["verdict"] == "PASS",
        "warn": report["verdict"] == "WARN",
        "fail": 0,
        "files_with_errors": 0,
    }


@pytest.mark.model
def test_the_authoring_guide_example_validates_and_passes(capsys, cli_uses):
    code, out, _ = run(capsys, "rubric", "validate", EXAMPLES / "prompts", EXAMPLES / "rubrics")
    assert code == 0 and "0 error(s), 0 warning(s)" in out, out
    code, out, _ = run(capsys, "rubric", "check", EXAMPLES)
    assert code == 0, out
    assert "== model-regression-after-launch: PASS" in out
    assert out.rstrip().endswith("1 rubric checked: 1 pass, 0 warn, 0 fail")
    guide = (ROOT / "docs" / "RUBRIC_AUTHORING.md").read_text(encoding="utf-8")
    for kind in ("prompts", "rubrics"):
        text = (EXAMPLES / kind / "model-regression-after-launch.yaml").read_text()
        assert text.strip() in guide, f"the guide's {kind} file differs from docs/examples"


def test_advice_for_a_lean_exemplar_that_scores_no_fits_the_kind_of_rubric():
    e = _exemplar("lean_hire", "no_hire", score=0.2)
    story = misclassified_finding(e, _tiny_rubric()).advice
    technical = misclassified_finding(e, _tiny_rubric(), story=False).advice
    assert "Give it one concrete action or a partial result" in story
    # a short technical answer has no "action" to give: it is partly right or it is not
    assert "concrete action" not in technical
    assert "Give it one point it gets right, stated plainly, or move it to no_hire" in technical


def test_a_strong_exemplar_held_on_reach_is_told_why_and_what_to_do():
    e = _exemplar("strong_hire", "lean_hire", held="reach")
    f = misclassified_finding(e, _tiny_rubric())
    assert "held at Lean Hire on reach" in f.message
    assert "other teams, groups or products" in f.advice and "move it to lean_hire" in f.advice
    assert "Make the missing points explicit" not in f.advice  # points are not what held it


@pytest.mark.model
def test_separation_is_read_on_the_band_the_learned_model_expects(catalog, real_scorer):
    """With the learned band model, the bands' separation is measured on the probabilities its
    verdict is chosen from (the expected band, 0 to 2), not on the fallback's composite."""
    q = catalog.questions["mentoring"]
    report = check_rubric(real_scorer, q, catalog.rubrics[q.id])
    assert report.learned
    pr = real_scorer.prepare(q, catalog.rubrics[q.id])
    for e in report.exemplars:
        held_out = pr.exemplars[e.band][e.index]
        p = real_scorer.breakdown(pr, held_out, (e.band, e.index)).probabilities
        assert e.score == pytest.approx(p["lean_hire"] + 2 * p["strong_hire"], abs=1e-6)
    ns = report.separation("no_hire", "strong_hire")
    assert ns.median_lower < 0.5 < 1.5 < ns.median_upper
    for s in report.separations:  # the separation is read on those scores
        for band, median in ((s.lower, s.median_lower), (s.upper, s.median_upper)):
            scores = sorted(e.score for e in report.exemplars if e.band == band)
            assert median == pytest.approx(float(np.median(scores)), abs=1e-9)
    assert report.to_dict()["score_scale"] == "expected_band"

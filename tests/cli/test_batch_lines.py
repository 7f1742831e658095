"""`score --batch`'s one line per answer says how sure the verdict is by the rule every other
view uses (scoring.result.confidence_words): a split call is not "Lean Hire (2%)"."""

from __future__ import annotations

from types import SimpleNamespace

from interview_coach.cli.score import _print_batch


def test_a_split_call_is_said_as_one_and_an_ordinary_verdict_gives_its_confidence(capsys):
    outputs = {
        1: {
            "question_id": "build-vs-buy",
            "band": "lean_hire",
            "band_label": "Lean Hire",
            "confidence": 0.022,
            "scores": {"strong_hire": 0.639, "lean_hire": 0.022, "no_hire": 0.339},
        },
        2: {
            "question_id": "mentoring",
            "band": "strong_hire",
            "band_label": "Strong Hire",
            "confidence": 0.93,
            "scores": {"strong_hire": 0.93, "lean_hire": 0.05, "no_hire": 0.02},
        },
    }
    code = _print_batch(SimpleNamespace(json=False), [(1, ""), (2, "")], outputs)
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines == [
        "line 1: build-vs-buy: Lean Hire (a split call: Strong Hire 64% / No Hire 34%)",
        "line 2: mentoring: Strong Hire (confidence 93%)",
    ]

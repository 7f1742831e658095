"""The learned band model: the features every answer gets, the probabilities its trees give,
the cost-aware choice between bands, and that the shipped weights are the ones in use."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.bandmodel import BandModel, Tree, decide, model_for
from interview_coach.scoring.scorer import Scorer
from tests.support import BagOfWordsEmbedder


def test_decide_prefers_lean_when_the_extremes_split_the_odds():
    assert decide({"strong_hire": 0.45, "lean_hire": 0.1, "no_hire": 0.45}) == "lean_hire"
    assert decide({"strong_hire": 0.7, "lean_hire": 0.2, "no_hire": 0.1}) == "strong_hire"
    assert decide({"strong_hire": 0.1, "lean_hire": 0.2, "no_hire": 0.7}) == "no_hire"


def test_praise_is_the_costlier_swap():
    # Strong Hire three to two over No Hire is still a split call; the mirror image is not.
    assert decide({"strong_hire": 0.6, "lean_hire": 0.02, "no_hire": 0.38}) == "lean_hire"
    assert decide({"strong_hire": 0.38, "lean_hire": 0.02, "no_hire": 0.6}) == "no_hire"
    assert decide({"strong_hire": 0.75, "lean_hire": 0.05, "no_hire": 0.2}) == "strong_hire"


def _stump(feature: int, threshold: float, low: float, high: float) -> Tree:
    return Tree((feature, -1, -1), (threshold, 0.0, 0.0), (1, 0, 0), (2, 0, 0),
                (0.0, low, high), (True, False, False))  # fmt: skip


def test_probabilities_follow_the_trees_and_sum_to_one():
    # One round of stumps on feature "a": above 1 favours Strong Hire, below favours No Hire.
    m = BandModel(
        "m", ("a", "b"), ("strong_hire", "lean_hire", "no_hire"), (0.0, 0.0, 0.0),
        ((_stump(0, 1.0, -1.0, 1.0), _stump(1, 0.0, 0.0, 0.0), _stump(0, 1.0, 1.0, -1.0)),),
        ("test",),
    )  # fmt: skip
    high = m.probabilities({"a": 2.0, "b": 5.0})
    low = m.probabilities({"a": 0.0, "b": 5.0})
    assert sum(high.values()) == pytest.approx(1.0)
    assert high["strong_hire"] > high["lean_hire"] > high["no_hire"]
    assert low["no_hire"] > low["lean_hire"] > low["strong_hire"]
    assert m.probabilities({"a": float("nan"), "b": 0.0}) == low  # missing goes left
    again = BandModel.from_json(m.to_json())
    assert again.probabilities({"a": 2.0, "b": 5.0}) == pytest.approx(high)
    assert BandModel.load() is None or model_for("another model") is None


def test_every_answer_gets_the_same_rubric_relative_features(catalog):
    scorer = Scorer(BagOfWordsEmbedder())
    q = catalog.questions["mentoring"]
    pr = scorer.prepare(q, catalog.rubrics[q.id])
    names = None
    for text in ("I mentored an intern weekly.", "Mentoring matters. " * 3):
        e = embed_many([prepare_text(text)], scorer.embedder)[0]
        bd = scorer.breakdown(pr, e)
        feats = scorer.answer_features(pr, e, bd.features, bd.signals)
        # Only the point head's readings may be missing (NaN): no head reads this model's
        # vectors, and the trees learned which way a missing reading goes.
        missing = {k for k, v in feats.items() if not np.isfinite(v)}
        assert missing <= {"hp_mean", "hp_min", "hp_made"}, missing
        assert all(np.isnan(feats[k]) for k in missing)
        names = names or set(feats)
        assert set(feats) == names
    assert {"sim_max_z", "kp_ev", "kp_counter", "len_rel", "echo"} <= names


def test_the_shipped_weights_read_exactly_the_features_the_scorer_computes(catalog):
    from interview_coach.scoring.embedding import SentenceTransformerEmbedder

    DEFAULT_MODEL_NAME = SentenceTransformerEmbedder().name  # noqa: N806

    shipped = BandModel.load()
    assert shipped is not None and shipped.model == DEFAULT_MODEL_NAME
    assert model_for(DEFAULT_MODEL_NAME) == shipped
    scorer = Scorer(BagOfWordsEmbedder())
    q = catalog.questions["mentoring"]
    pr = scorer.prepare(q, catalog.rubrics[q.id])
    e = embed_many([prepare_text("I mentored an intern weekly.")], scorer.embedder)[0]
    bd = scorer.breakdown(pr, e)
    computed = set(scorer.answer_features(pr, e, bd.features, bd.signals))
    assert set(shipped.features) == computed  # each feature computed is read, and no more
    assert len(shipped.rounds) >= 50 and len(shipped.classes) == 3


HEDGE = {"strong_hire": 0.48, "lean_hire": 0.03, "no_hire": 0.49}


def test_a_split_call_is_said_as_a_split_not_as_a_tiny_confidence():
    from interview_coach.scoring.result import confidence_cell, confidence_words, split_call

    assert decide(HEDGE) == "lean_hire"
    assert split_call("lean_hire", HEDGE) == [("no_hire", 0.49), ("strong_hire", 0.48)]
    said = confidence_words("lean_hire", 0.03, HEDGE)
    assert said == "a split call: No Hire 49% / Strong Hire 48%"
    assert confidence_cell("lean_hire", 0.03, HEDGE) == "split"
    # An ordinary verdict, or one stored before the probabilities were kept, keeps its number.
    plain = {"strong_hire": 0.2, "lean_hire": 0.7, "no_hire": 0.1}
    assert split_call("lean_hire", plain) is None
    near_strong = {"strong_hire": 0.47, "lean_hire": 0.4, "no_hire": 0.13}
    assert decide(near_strong) == "lean_hire" and split_call("lean_hire", near_strong) is None
    # Lean Hire shown at 24% beside No Hire at 24%: a split as the reply shows it, whichever
    # is a thousandth ahead.
    even = {"strong_hire": 0.525, "lean_hire": 0.238, "no_hire": 0.237}
    assert decide(even) == "lean_hire"
    assert (
        confidence_words("lean_hire", 0.238, even) == "a split call: Strong Hire 52% / No Hire 24%"
    )
    assert confidence_words("lean_hire", 0.7, plain) == "confidence 70%"
    assert confidence_cell("no_hire", 0.55, None) == "55%"


def test_the_reply_to_a_split_call_says_why_the_verdict_is_the_band_between(catalog, monkeypatch):
    from interview_coach.scoring import scorer as scorer_module
    from interview_coach.tui.render import verdict_line

    class Hedging:
        def probabilities(self, features):
            return dict(HEDGE)

    monkeypatch.setattr(scorer_module, "model_for", lambda name: Hedging())
    q = catalog.questions["mentoring"]
    answer = catalog.rubrics[q.id].bands["lean_hire"].exemplars[0]  # passes every gate
    r = Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], answer)
    assert r.band == "lean_hire" and r.confidence == 0.03
    assert "a split call: No Hire 49% / Strong Hire 48%" in verdict_line(r).plain
    assert "confidence 3%" not in verdict_line(r).plain
    assert any(
        s.startswith("A split call: it could be read as No Hire (49%) or as Strong Hire (48%)")
        for s in r.reasons
    ), r.reasons

"""The learned band model's plumbing: the features every answer gets, the probabilities a
weights file gives, and the cost-aware choice between bands. (No weights ship yet: until they
beat the per-rubric cuts on every held-out set, the scorer uses the cuts.)"""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.bandmodel import BandModel, decide, model_for
from interview_coach.scoring.scorer import Scorer
from tests.support import BagOfWordsEmbedder


def test_decide_prefers_lean_when_the_extremes_split_the_odds():
    assert decide({"strong_hire": 0.45, "lean_hire": 0.1, "no_hire": 0.45}) == "lean_hire"
    assert decide({"strong_hire": 0.7, "lean_hire": 0.2, "no_hire": 0.1}) == "strong_hire"
    assert decide({"strong_hire": 0.1, "lean_hire": 0.2, "no_hire": 0.7}) == "no_hire"


def test_probabilities_follow_the_weights_and_sum_to_one():
    m = BandModel(
        "m", ("a", "b"), np.zeros(2), np.ones(2), np.array([[1.0, 0], [0, 0], [-1.0, 0]]),
        np.zeros(3), ("strong_hire", "lean_hire", "no_hire"), ("test",),
    )  # fmt: skip
    p = m.probabilities({"a": 2.0, "b": 5.0})
    assert sum(p.values()) == pytest.approx(1.0)
    assert p["strong_hire"] > p["lean_hire"] > p["no_hire"]
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
        assert all(np.isfinite(v) for v in feats.values())
        names = names or set(feats)
        assert set(feats) == names
    assert {"sim_max_z", "kp_ev", "kp_counter", "len_rel", "echo"} <= names

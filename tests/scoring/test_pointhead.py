"""The point head: its weights load and name their model, and on the real model it credits a
point made in its own words while refusing sentences that are only on the point's topic, deny
it, or credit someone else."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import pointhead
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.stance import LABELS, default_head


def test_weights_load_and_name_their_model():
    head = pointhead.default_head()
    assert head is not None
    assert head.fits(SentenceTransformerEmbedder().name)
    assert pointhead.head_for("some-other-model") is None
    assert head.coef.shape == (len(pointhead.FEATURES),)
    assert 0.0 < head.threshold < 1.0


def test_pair_features_are_one_row_per_unit_and_empty_for_no_units():
    rng = np.random.default_rng(0)
    units = rng.normal(size=(3, 8)).astype(np.float32)
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    stance = np.full((3, len(LABELS)), 1 / len(LABELS), np.float32)
    out = pointhead.pair_features(units, [5, 9, 12], stance, units[:2], units[2])
    assert out.shape == (3, len(pointhead.FEATURES))
    # the first unit is one of the point's phrasings: its best similarity is 1
    assert out[0, pointhead.FEATURES.index("cos_max")] == pytest.approx(1.0, abs=1e-5)
    empty = pointhead.pair_features(units[:0], [], stance[:0], units[:2], units[2])
    assert empty.shape == (0, len(pointhead.FEATURES))


@pytest.mark.model
def test_it_reads_meaning_not_topic(real_embedder):
    question = "Tell me about someone you mentored."
    point = [
        "I gradually stepped back so they could solve problems on their own.",
        "I built their independence instead of answering every question myself.",
        "Builds the mentee's independence",
    ]
    makes = (
        "Over the next months I stepped back and let her solve the review comments on her"
        " own instead of answering everything myself."
    )
    others = [
        "Independence is what every mentor says they want for their mentees.",  # topic only
        "I never stepped back; I answered every question myself instead of letting her"
        " solve problems.",  # denies
        "Her manager was the one who stepped back and let her solve problems on her own.",
    ]
    texts = [makes, *others]
    vecs = real_embedder.encode(texts)
    probs = default_head().probabilities(texts, vecs)
    stance = np.stack([probs[label] for label in LABELS], axis=1)
    feats = pointhead.pair_features(
        vecs,
        [len(t.split()) for t in texts],
        stance,
        real_embedder.encode(point),
        real_embedder.encode([question])[0],
    )
    head = pointhead.default_head()
    assert head is not None
    p = head.probability(feats)
    assert p[0] >= head.threshold, p
    assert all(p[0] > q for q in p[1:]), p

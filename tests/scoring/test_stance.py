"""The sentence stance head: trained weights load, read the bundled model's vectors, tell
doing from denying, and stay out of the way for any other model."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import stance
from interview_coach.scoring.embedding import SentenceTransformerEmbedder


def test_weights_load_and_name_their_model():
    head = stance.default_head()
    assert set(head.classes) == set(stance.LABELS)
    assert head.fits(SentenceTransformerEmbedder().name, 384)
    assert stance.head_for("some-other-model", 384) is None
    name = SentenceTransformerEmbedder().name
    assert stance.head_for(name, 512) is None  # e.g. the tests' stand-in


@pytest.mark.model
def test_it_tells_doing_from_denying_and_retracting(real_embedder):
    texts = [
        "I rolled the ranking model back within ten minutes and paged the feature team.",
        "I never actually mentored anyone, I just answered questions on Slack.",
        "Honestly, none of that happened; I made the whole story up.",
        "If that happened I would probably talk to the stakeholders first.",
    ]
    p = stance.default_head().probabilities(texts, real_embedder.encode(texts))
    best = [max(stance.LABELS, key=lambda label, i=i: p[label][i]) for i in range(len(texts))]
    assert best == ["action", "negated", "retracted", "hypothetical"]
    assert np.allclose(sum(p[label] for label in stance.LABELS), 1.0, atol=1e-5)

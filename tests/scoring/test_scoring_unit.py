"""Scoring logic with a fast bag-of-words embedder: calibration, probabilities, gates,
truncation notes. The real model is exercised in test_scoring_model.py."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.bank.models import BANDS
from interview_coach.scoring.analysis import embed_many, prepare_text, text_vectors
from interview_coach.scoring.calibration import best_cut, calibrate
from interview_coach.scoring.embedding import Tokens
from interview_coach.scoring.scorer import EmptyAnswerError, Scorer
from tests.support import BagOfWordsEmbedder


def test_best_cut_separates_and_prefers_the_middle():
    assert 0.3 < best_cut([0.1, 0.2, 0.3], [0.6, 0.7, 0.8]) < 0.6
    # one overlap: the cut still makes only one error
    cut = best_cut([0.1, 0.2, 0.65], [0.6, 0.7, 0.8])
    errors = sum(x >= cut for x in [0.1, 0.2, 0.65]) + sum(x < cut for x in [0.6, 0.7, 0.8])
    assert errors == 1


def test_calibration_probabilities_are_ordinal_and_sum_to_one():
    cal = calibrate(
        {
            "no_hire": [-0.5, -0.3, -0.2],
            "lean_hire": [0.1, 0.2, 0.3],
            "strong_hire": [0.7, 0.8, 1.0],
        }
    )
    assert cal.lean_cut < cal.strong_cut
    assert cal.accuracy() == 1.0
    for z in (-1.0, 0.0, 0.2, 0.5, 2.0):
        probs = cal.probabilities(z)
        assert abs(sum(probs.values()) - 1) < 1e-9
        assert all(0 <= p <= 1 for p in probs.values())
    assert cal.band(2.0) == "strong_hire" and cal.band(-1.0) == "no_hire"
    assert max(cal.probabilities(0.2), key=cal.probabilities(0.2).get) == "lean_hire"


def test_calibration_survives_overlapping_bands():
    cal = calibrate({"no_hire": [0.5, 0.6], "lean_hire": [0.5, 0.6], "strong_hire": [0.5, 0.6]})
    assert cal.lean_cut < cal.strong_cut


@pytest.fixture(scope="module")
def fake_scorer():
    return Scorer(BagOfWordsEmbedder())


def _q(catalog, qid="staff-promotion-strategy"):
    return catalog.questions[qid], catalog.rubrics[qid]


def test_result_shape(fake_scorer, catalog):
    q, r = _q(catalog)
    res = fake_scorer.score(q, r, r.bands["strong_hire"].exemplars[0])
    d = res.to_dict()
    for key in (
        "question_id",
        "band",
        "confidence",
        "scores",
        "covered",
        "missing",
        "red_flags",
        "nearest_exemplar",
        "signals",
        "reasons",
        "follow_up",
    ):
        assert key in d
    assert d["band"] in BANDS and 0 <= d["confidence"] <= 1
    assert abs(sum(d["scores"].values()) - 1) < 1e-6
    assert d["confidence"] == d["scores"][d["band"]]
    assert len(d["covered"]) + len(d["missing"]) == len(r.key_points)


def test_says_nothing_is_no_hire_without_praise(fake_scorer, catalog):
    q, r = _q(catalog)
    res = fake_scorer.score(q, r, "fine")
    assert res.band == "no_hire" and res.gate["code"] == "too_short"
    assert res.covered == [] and len(res.missing) == len(r.key_points)
    assert "word" in res.reasons[0]


def test_empty_answer_is_an_error(fake_scorer, catalog):
    q, r = _q(catalog)
    with pytest.raises(EmptyAnswerError):
        fake_scorer.score(q, r, " \n\t ")


def test_huge_answer_is_capped_and_says_so(fake_scorer, catalog):
    q, r = _q(catalog)
    answer = "I would lead a cross-team cold start effort and write the strategy doc. " * 9000
    assert len(answer) > 600_000
    res = fake_scorer.score(q, r, answer)
    assert res.notes and "were scored" in res.notes[0]
    assert res.gate["code"] == "repetition"


def test_batch_matches_single(fake_scorer, catalog):
    q, r = _q(catalog)
    answers = [r.bands[b].exemplars[1] for b in BANDS]
    many = fake_scorer.score_many([(q, r, a) for a in answers])
    single = [fake_scorer.score(q, r, a) for a in answers]
    assert [m.band for m in many] == [s.band for s in single]
    assert [m.score for m in many] == pytest.approx([s.score for s in single], abs=1e-5)


def test_rubric_prepared_once(catalog):
    emb = BagOfWordsEmbedder()
    scorer = Scorer(emb)
    q, r = _q(catalog)
    scorer.score(q, r, "I would write a strategy doc for the shared cold start problem.")
    calls = emb.calls
    scorer.score(q, r, "I would write a strategy doc for the shared cold start problem.")
    assert emb.calls == calls + 1  # only the answer


def test_a_sentence_with_no_subject_is_the_speakers_own_act_whatever_the_stance_reads():
    import numpy as np

    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import _told_as_others

    text = "Our lead chose the vendor. Circulated drafts to leads one at a time. I ran the trial."
    (e,) = embed_many([prepare_text(text)], BagOfWordsEmbedder(), tokens=False)
    e.stance = {"team": np.array([0.9, 0.9, 0.1])}
    # Two of the three point-making sentences read as "team", but only the first names anyone
    # else: one of three is not most of them.
    assert _told_as_others(e, [0, 1, 2]) is None
    assert _told_as_others(e, [0, 2]) == "Our lead chose the vendor."
    assert _told_as_others(e, [0]) is None  # one point is too few to say "most"


# -- one pass: a text's vector pooled from its sentences (analysis.text_vector) --------------
class _PiecesBow:
    """The bag-of-words stand-in with word pieces: one piece per word, its state the word's
    own vector, so what was joined can be checked."""

    def __init__(self, tokens: bool = True):
        self.inner = BagOfWordsEmbedder()
        self.name = self.inner.name
        self.seen: list[list[str]] = []
        if not tokens:
            self.encode_tokens = None  # type: ignore[assignment]

    def encode(self, texts):
        self.seen.append(list(texts))
        return self.inner.encode(texts)

    def encode_tokens(self, texts):
        vecs = self.encode(texts)
        found = []
        for text in texts:
            ws = text.split()
            found.append(Tokens(np.arange(len(ws), dtype=np.int64), self.inner.encode(ws)))
        return vecs, found


def test_a_text_vector_is_its_sentences_weighted_by_their_words():
    e = _PiecesBow()
    p = prepare_text("Short one. This second sentence has many more words in it. Short one.")
    (x,) = embed_many([p], e)
    assert p.units == ["Short one.", "This second sentence has many more words in it."]
    assert e.seen == [p.units]  # one pass, over the distinct sentences only
    a, b = e.inner.encode(p.units)
    want = 2 * a + 9 * b
    assert np.allclose(x.whole, want / np.linalg.norm(want), atol=1e-6)
    assert abs(float(np.linalg.norm(x.whole)) - 1.0) < 1e-6
    assert np.allclose(text_vectors([p], e)[0], x.whole)
    # the word pieces: each sentence's, in order
    assert x.tokens is not None and x.tokens.ids.tolist() == [0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8]
    (one,) = embed_many([prepare_text("Just this.")], _PiecesBow())
    assert np.allclose(one.whole, e.inner.encode(["Just this."])[0])


def test_no_word_pieces_without_an_embedder_that_gives_them():
    (x,) = embed_many([prepare_text("One sentence. Another one.")], _PiecesBow(tokens=False))
    assert x.tokens is None and x.whole.shape == (BagOfWordsEmbedder.dim,)
    assert text_vectors([], _PiecesBow()).shape == (0, 0)

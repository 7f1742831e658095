"""Word-piece alignment against exemplars (scoring.alignment): the evidence that tells apart
short answers differing in one decisive word, which whole-text vectors put side by side."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring import alignment
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.embedding import Tokens
from tests.support import ROOT


def _tokens(*rows: tuple[int, list[float]]) -> Tokens:
    ids = np.array([i for i, _ in rows])
    states = np.array([v for _, v in rows], dtype=np.float32)
    return Tokens(ids, states / np.linalg.norm(states, axis=1, keepdims=True))


TOPIC, LIFO, FIFO, OTHER = (1, [1, 0, 0]), (2, [0, 1, 0]), (3, [0, 0.2, 1]), (4, [1, 1, 1])


def test_the_exemplar_with_the_same_decisive_word_is_the_nearest():
    ex = alignment.rubric_tokens(
        {
            "strong_hire": [_tokens(TOPIC, LIFO), _tokens(TOPIC, LIFO, OTHER)],
            "lean_hire": [_tokens(TOPIC, OTHER)],
            "no_hire": [_tokens(TOPIC, FIFO)],
        }
    )
    wrong = alignment.features(_tokens(TOPIC, FIFO), ex)
    right = alignment.features(_tokens(TOPIC, LIFO), ex)
    assert wrong["tnn1_no_hire"] == 1.0 and wrong["tf_margin"] < 0
    assert right["tnn1_strong_hire"] == 1.0 and right["tf_margin"] > 0
    assert right["tknn3_strong_hire"] == pytest.approx(2 / 3)
    assert set(wrong) == set(alignment.FEATURES)


def test_words_every_exemplar_uses_weigh_least():
    ex = alignment.rubric_tokens(
        {"strong_hire": [_tokens(TOPIC, LIFO)], "no_hire": [_tokens(TOPIC, FIFO)]}
    )
    assert ex.idf[TOPIC[0]] < ex.idf[LIFO[0]] == ex.idf[FIFO[0]]
    # the answer shares the topic word with both: only the decisive word separates them
    p, r, f = alignment.precision_recall_f1(_tokens(TOPIC, LIFO), ex)
    assert ex.keys[0] == ("strong_hire", 0)
    assert p[0] == r[0] == f[0] == pytest.approx(1.0)
    p, _, _ = alignment.precision_recall_f1(_tokens(TOPIC, FIFO), ex)
    assert p[0] < 0.7  # the shared topic word carries the least of the weight
    assert p[1] == pytest.approx(1.0)


def test_a_skipped_exemplar_is_not_its_own_neighbour_and_no_tokens_give_zeros():
    ex = alignment.rubric_tokens(
        {"strong_hire": [_tokens(TOPIC, LIFO)], "no_hire": [_tokens(TOPIC, FIFO)]}
    )
    held = alignment.features(_tokens(TOPIC, LIFO), ex, frozenset({("strong_hire", 0)}))
    assert held["tnn1_no_hire"] == 1.0 and held["tf_strong_hire"] == 0.0
    assert set(alignment.features(None, ex).values()) == {0.0}
    assert set(alignment.features(_tokens(TOPIC), None).values()) == {0.0}


@pytest.mark.model
def test_the_real_model_finds_the_exemplar_an_answer_rewords(real_embedder):
    """The answer found in the TUI that whole-answer similarity called Strong Hire rewords a No
    Hire exemplar ("in a queue the last item added is the first one removed, and in a stack
    it's the first"): aligned word by word, that exemplar is its nearest."""
    from interview_coach.scoring.scorer import Scorer

    bank = Catalog.load(extra=[str(ROOT / "eval" / "foreign" / "content")])
    q = bank.questions["sa-stack-vs-queue"]
    pr = Scorer(real_embedder).prepare(q, bank.rubrics[q.id])
    assert pr.ex_tokens is not None
    swapped = (
        "A queue removes the last item added first, and a stack removes the first item added,"
        " so a stack is FIFO."
    )
    right = "A stack is LIFO and a queue is FIFO."
    wrong_f, right_f = (
        alignment.features(e.tokens, pr.ex_tokens)
        for e in embed_many([prepare_text(swapped), prepare_text(right)], real_embedder)
    )
    assert wrong_f["tnn1_no_hire"] == 1.0 and wrong_f["tf_margin"] < 0
    # The right answer, five words in the exemplars' own terms, aligns nearest a Lean Hire
    # exemplar on the changed encoder (a Strong one on the plain model); it still aligns better
    # with Strong than the swapped answer does, and the whole verdict is Strong Hire.
    lead = {
        k: f["tf_strong_hire"] - f["tf_no_hire"]
        for k, f in (("right", right_f), ("wrong", wrong_f))
    }
    assert lead["right"] > 0 > lead["wrong"]
    assert right_f["tf_margin"] > wrong_f["tf_margin"]
    scorer = Scorer(real_embedder)
    assert scorer.score(q, bank.rubrics[q.id], right).band == "strong_hire"
    assert scorer.score(q, bank.rubrics[q.id], swapped).band == "no_hire"


@pytest.mark.model
def test_token_states_come_from_the_pass_that_embeds_the_sentences(real_embedder):
    one, two = embed_many(
        [prepare_text("A stack is LIFO."), prepare_text("A stack is LIFO. A queue is FIFO.")],
        real_embedder,
    )
    assert one.tokens is not None and two.tokens is not None
    cls_sep = set(real_embedder.load().tokenizer.all_special_ids)
    assert not cls_sep & set(one.tokens.ids.tolist())
    assert len(two.tokens.ids) > len(one.tokens.ids)
    assert np.allclose(np.linalg.norm(two.tokens.states, axis=1), 1.0, atol=1e-5)
    # the same vector as encode gives, from the same call
    assert float(one.whole @ real_embedder.encode(["A stack is LIFO."])[0]) > 0.9999
    # Two sentences: each one's pieces as its own pass gave them, in order, and no pass over
    # the whole text.
    first, second = (
        embed_many([prepare_text(t)], real_embedder)[0].tokens
        for t in ("A stack is LIFO.", "A queue is FIFO.")
    )
    assert first is not None and second is not None
    assert two.tokens.ids.tolist() == first.ids.tolist() + second.ids.tolist()
    assert np.allclose(two.tokens.states[: len(first.ids)], first.states, atol=1e-5)


class _TokenCapableBow:
    """A stand-in that could give word pieces but must not be asked: no band model is
    trained on it, so nothing would read them."""

    def __init__(self):
        from tests.support import BagOfWordsEmbedder

        self.inner = BagOfWordsEmbedder()
        self.name = self.inner.name

    def encode(self, texts):
        return self.inner.encode(texts)

    def encode_tokens(self, texts):
        raise AssertionError("word pieces were computed for a model without a band model")


def test_word_pieces_are_read_only_for_the_model_with_a_band_model(catalog):
    from interview_coach.scoring.scorer import Scorer

    scorer = Scorer(_TokenCapableBow())
    assert not scorer.learned_bands and not scorer.band_inputs
    q = catalog.questions["mentoring"]
    result = scorer.score(q, catalog.rubrics[q.id], "I paired with a new grad for a month.")
    assert result.band in ("strong_hire", "lean_hire", "no_hire")
    assert scorer.prepare(q, catalog.rubrics[q.id]).ex_tokens is None


@pytest.mark.model
def test_the_bundled_model_reads_word_pieces(real_scorer, catalog):
    q = catalog.questions["mentoring"]
    assert real_scorer.band_inputs
    assert real_scorer.prepare(q, catalog.rubrics[q.id]).ex_tokens is not None


def test_each_exemplar_view_is_its_own_pieces_without_a_copy():
    parts = [_tokens(TOPIC, LIFO), _tokens(TOPIC, FIFO, OTHER)]
    ex = alignment.rubric_tokens({"strong_hire": [parts[0]], "no_hire": [parts[1]]})
    views = ex.views()
    for part, view in zip(parts, views, strict=True):
        assert view.ids.tolist() == part.ids.tolist()
        assert np.array_equal(view.states, part.states)
        assert np.shares_memory(view.states, ex.states)


def test_the_product_on_the_models_thread_pool_is_numpys():
    import torch  # noqa: F401  (loaded, as it is whenever word pieces come from the model)

    rng = np.random.default_rng(0)
    a, b = rng.random((7, 16), dtype=np.float32), rng.random((30, 16), dtype=np.float32)
    assert np.allclose(alignment._product(a, b), a @ b.T, atol=1e-5)

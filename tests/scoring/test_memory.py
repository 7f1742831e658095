"""Graded answers as neighbours (scoring.memory): an answer is never its own neighbour nor its
writer's, and the learned scorer reads the question's graded answers."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.scoring import memory
from interview_coach.scoring.analysis import embed_many, prepare_text, text_vectors


def _unit(*v: float) -> np.ndarray:
    a = np.array(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def _memory() -> memory.Memory:
    return memory.Memory(
        np.stack([_unit(1, 0), _unit(1, 0.1), _unit(0, 1), _unit(1, 0.05)]),
        ("strong_hire", "strong_hire", "no_hire", "lean_hire"),
        ("ana", "ben", "ana", "cy"),
        ("same words", "b", "c", "d"),
    )


def test_neither_the_answer_itself_nor_its_writer_is_a_neighbour():
    examples = [
        memory.Example("no_hire", 0, _unit(0, 1), "e0"),
        memory.Example("lean_hire", 0, _unit(1, 1), "e1"),
    ]
    vec = _unit(1, 0)
    everyone = memory.neighbours(vec, examples, _memory(), own="other words")
    assert len(everyone) == 6 and everyone[0] == (pytest.approx(1.0), "strong_hire")
    itself = memory.neighbours(vec, examples, _memory(), own=memory.text_key("  Same   WORDS "))
    assert len(itself) == 5 and itself[0][0] < 0.999
    by_ana = memory.neighbours(vec, examples, _memory(), own="x", writer="ana")
    assert [b for _, b in by_ana] == ["lean_hire", "strong_hire", "lean_hire", "no_hire"]
    held = memory.neighbours(vec, examples, None, own="x", skip=lambda x: x.key == "e1")
    assert [b for _, b in held] == ["no_hire"]


def test_the_vote_features_count_the_nearest():
    near = [(0.9, "strong_hire"), (0.8, "lean_hire"), (0.7, "strong_hire"), (0.1, "no_hire")]
    f = memory.features(near, has_memory=True)
    assert f["mk3_strong_hire"] == pytest.approx(2 / 3) and f["mk3_no_hire"] == 0.0
    assert f["mnn1_strong_hire"] == 1.0 and f["mnn1_lean_hire"] == 0.0
    assert f["mk5w_strong_hire"] == pytest.approx(1.6 / 2.5) and f["mem_n"] == 1.0
    assert memory.features([], has_memory=False)["mem_n"] == 0.0
    # Only what the band model reads: three votes per band and the flag.
    assert len(f) == 3 * 3 + 1


@pytest.mark.model
def test_a_graded_answer_is_judged_by_the_others_not_by_itself(real_scorer, catalog):
    q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
    pr = real_scorer.prepare(q, rubric)
    assert pr.memory is not None and len(pr.memory) == len(rubric.graded)
    g = rubric.graded[0]
    e = embed_many([prepare_text(g.answer)], real_scorer.embedder)[0]
    own = memory.text_key(e.prepared.text)
    vec = e.whole
    assert own in pr.memory.keys
    alone = memory.neighbours(vec, pr.examples, pr.memory, own)
    assert len(alone) == len(pr.examples) + len(pr.memory) - 1
    assert alone[0][0] < 0.99  # the copy of itself is not there to find
    others = memory.neighbours(vec, pr.examples, pr.memory, own, writer=g.writer)
    by_writer = sum(1 for w in pr.memory.writers if w == g.writer)
    assert len(others) == len(pr.examples) + len(pr.memory) - by_writer
    bd = real_scorer.breakdown(pr, e, writer=g.writer)
    feats = real_scorer.answer_features(pr, e, bd.features, bd.signals, writer=g.writer)
    # The vote is over the others: the list without its own text and its writer's answers.
    assert feats["mem_n"] == 1.0
    assert {k: feats[k] for k in memory.features(others, True)} == memory.features(others, True)


@pytest.mark.model
def test_every_built_in_graded_answer_ships_with_its_vector(real_embedder, catalog):
    model, shipped = memory.bundled()
    assert model == real_embedder.name
    prepared = [prepare_text(g.answer) for r in catalog.rubrics.values() for g in r.graded]
    # A graded answer added or edited without rerunning scripts/train_scorer.py --only vectors
    # would be embedded on every user's first run: say which.
    stale = [p.text[:60] for p in prepared if memory.digest(p.text) not in shipped]
    assert not stale, f"rebuild with scripts/train_scorer.py --only vectors: {stale[:3]}"
    sample = prepared[::200]
    fresh = text_vectors(sample, real_embedder)
    kept = np.stack([shipped[memory.digest(p.text)] for p in sample])
    assert np.abs(fresh - kept).max() < 1e-4
    # Text the shipped file has never seen is embedded.
    new = memory.encode([prepare_text("A graded answer nobody shipped."), sample[0]], real_embedder)
    assert new.shape == (2, kept.shape[1]) and np.allclose(new[1], kept[0])

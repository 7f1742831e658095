"""Progress that tells the truth, on a real SQLite store: trends compare answers to one
question only, and what changed between two answers to a question is worked out in one
place (`progress.point_changes`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts import progress
from interview_coach.transcripts.store import SessionRef, TranscriptStore
from tests.support import BagOfWordsEmbedder

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VAGUE = "I did some stuff and it went fine. We worked on things as a team and it was good."


def strong(catalog, qid: str) -> str:
    """Every key point's own phrasing: the bag-of-words scorer rates it Strong Hire."""
    return " ".join(k.phrasings[0] + "." for k in catalog.rubrics[qid].key_points)


def save(store, catalog, scorer, qid: str, answer: str, day: int):
    q = catalog.questions[qid]
    result = scorer.score(q, catalog.rubrics[qid], answer)
    store.save_attempt(SessionRef("fake"), q, answer, result, scored_at=T0 + timedelta(days=day))
    return result


@pytest.fixture(scope="module")
def scorer():
    return Scorer(BagOfWordsEmbedder())


@pytest.fixture
def store(tmp_path):
    s = TranscriptStore.open(tmp_path / "t.sqlite")
    yield s
    s.close()


def test_a_strong_answer_then_a_vague_one_to_another_question_is_not_slipping(
    store, catalog, scorer
):
    # Two questions of one category: a strong answer to the first, then a vague one to the
    # second. Nothing got worse: they are different questions.
    assert catalog.questions["ambiguous-problem"].category == "levels"
    assert catalog.questions["asking-for-help"].category == "levels"
    first = save(
        store, catalog, scorer, "ambiguous-problem", strong(catalog, "ambiguous-problem"), 0
    )
    second = save(store, catalog, scorer, "asking-for-help", VAGUE, 1)
    assert (first.band, second.band) == ("strong_hire", "no_hire")

    p = progress.compute(store.attempts())
    [levels] = p.categories
    assert levels.key == "levels" and levels.attempts == 2
    assert [t.key for t in levels.questions] == ["asking-for-help", "ambiguous-problem"]
    assert [t.trend for t in levels.questions] == ["new", "new"]
    assert all(t.trend != "slipping" for t in p.questions)
    assert not hasattr(levels, "trend") and not hasattr(levels, "bands")


def test_a_worse_answer_to_the_same_question_is_slipping(store, catalog, scorer):
    save(store, catalog, scorer, "ambiguous-problem", strong(catalog, "ambiguous-problem"), 0)
    save(store, catalog, scorer, "ambiguous-problem", VAGUE, 1)
    [track] = progress.compute(store.attempts()).questions
    assert track.trend == "slipping" and track.times[0] < track.times[1]


def test_point_changes_gained_and_lost_since_the_last_attempt():
    changes = progress.point_changes(
        ["measured result", "owned it"],  # covered before
        ["talked to the people affected", "wrote it down"],  # missed before
        ["talked to the people affected", "owned it", "new point"],  # covered now
        ["measured result", "wrote it down"],  # missed now
    )
    assert changes.gained == ("talked to the people affected",)
    assert changes.lost == ("measured result",)
    # "new point" was not assessed the first time: neither gained nor lost.
    assert changes.text == (
        "since your last attempt: + talked to the people affected, − measured result"
    )
    assert changes.short == "+1 −1"
    same = progress.point_changes(["a"], ["b"], ["a"], ["b"])
    assert same.text == "since your last attempt: the same key points covered"
    assert same.short == "="


def test_changes_between_two_stored_answers_and_the_last_attempt(store, catalog, scorer):
    labels = [k.label for k in catalog.rubrics["ambiguous-problem"].key_points]
    points = catalog.rubrics["ambiguous-problem"].key_points
    all_but_last = " ".join(k.phrasings[0] + "." for k in points[:-1])
    all_but_first = " ".join(k.phrasings[0] + "." for k in points[1:])
    assert store.last_attempt("ambiguous-problem") is None
    save(store, catalog, scorer, "ambiguous-problem", all_but_last, 0)
    save(store, catalog, scorer, "ambiguous-problem", all_but_first, 1)
    before, after = store.attempts(question_id="ambiguous-problem")
    assert store.last_attempt("ambiguous-problem").id == after.id
    changes = progress.changes_between(before, after)
    assert changes.gained == (labels[-1],) and changes.lost == (labels[0],)

"""A batch's verdicts are given two at a time (scoring.parallel), and nothing in a verdict
depends on that: the same results, every field, as one answer at a time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from interview_coach.scoring import crossread, ownership, parallel
from interview_coach.scoring.evaluate import read_labelled

ROOT = Path(__file__).resolve().parents[2]


def _in_thread_with(threads: int, fn):
    """fn() in a new thread whose torch has `threads` threads (torch's setting is per
    thread), and what it returned."""
    import torch

    out: list = []

    def run():
        torch.set_num_threads(threads)
        try:
            out.append(fn())
        except Exception as exc:
            out.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if isinstance(out[0], Exception):
        raise out[0]
    return out[0]


def test_two_workers_share_the_callers_threads_and_keep_the_order():
    import torch

    seen: list[tuple[str, int]] = []
    gate = threading.Barrier(2, timeout=10)  # both workers at once, or the test fails

    def job(i: int) -> int:
        if i < 2:
            gate.wait()
        seen.append((threading.current_thread().name, torch.get_num_threads()))
        return i * i

    def batch():
        got = parallel.each(job, [(i,) for i in range(8)])
        return got, torch.get_num_threads()

    got, after = _in_thread_with(2, batch)
    assert got == [i * i for i in range(8)]
    assert after == 2  # the caller's own setting is untouched
    assert {n for _, n in seen} == {1}
    assert len({name for name, _ in seen}) == 2


def test_with_one_thread_or_one_job_it_runs_in_the_callers_thread():
    def job(i: int) -> int:
        return threading.get_ident()

    def batch():
        me = threading.get_ident()
        return me, parallel.each(job, [(0,), (1,)]), parallel.each(job, [(0,)])

    me, two, one = _in_thread_with(1, batch)
    assert two == [me, me] and one == [me]
    me, two, one = _in_thread_with(2, batch)
    assert one == [me] and me not in two  # one job: no worker; two jobs: workers


def test_a_failing_job_fails_the_batch():
    def job(i: int) -> int:
        if i == 3:
            raise ValueError("answer 3")
        return i

    with pytest.raises(ValueError, match="answer 3"):
        _in_thread_with(2, lambda: parallel.each(job, [(i,) for i in range(6)]))


def _graded(n: int) -> list[dict]:
    rows = [
        r
        for path in sorted((ROOT / "eval" / "heldout_w32").glob("*.jsonl"))
        for r in read_labelled(path)
    ]
    return rows[:: max(1, len(rows) // n)][:n]


@pytest.mark.model
def test_a_batch_in_two_workers_gives_what_one_answer_at_a_time_gives(real_scorer, catalog):
    rows = _graded(10)
    items = [
        (catalog.questions[r["question"]], catalog.rubrics[r["question"]], r["answer"])
        for r in rows
    ]
    crossread.forget_readings()
    together = _in_thread_with(2, lambda: real_scorer.score_many(items))
    crossread.forget_readings()
    alone = [_in_thread_with(1, lambda it=it: real_scorer.score(*it)) for it in items]
    assert [r.to_dict() for r in together] == [r.to_dict() for r in alone]
    assert len({r.band for r in alone}) >= 2  # not one verdict for everything


@pytest.mark.model
def test_one_reader_read_from_two_threads_at_once_reads_as_it_does_alone(real_scorer):
    reader = ownership.reader_for(real_scorer.embedder)
    assert reader is not None
    texts = [r["answer"] for r in _graded(12)]
    crossread.forget_readings()
    alone = [float(reader.probabilities([t])[0]) for t in texts]
    crossread.forget_readings()
    got: dict[int, float] = {}
    gate = threading.Barrier(2, timeout=30)

    def half(part: int) -> None:
        gate.wait()
        for i in range(part, len(texts), 2):
            got[i] = float(reader.probabilities([texts[i]])[0])

    threads = [threading.Thread(target=half, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [got[i] for i in range(len(texts))] == alone

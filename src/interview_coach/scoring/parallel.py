"""A batch's verdicts two at a time. After the one encoder pass over every answer, each answer
is judged on its own, and its readers (scoring.crossread) read it one pass at a time: passes
too small to keep two cores busy (one answer read with two threads takes two thirds of the
time it takes with one), between stretches of Python that keep none busy. Two workers of one
thread each keep both cores busy. A reading depends only on the answer read, and a reader's
numbers are the same with one thread as with two, so a verdict does not depend on which
worker gave it or when."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
# Past two, the workers wait on each other: the verdict's Python holds the interpreter's lock.
WORKERS = 2


def each(fn: Callable[..., T], jobs: Sequence[tuple]) -> list[T]:
    """`fn(*job)` for every job, in order: in WORKERS threads that share the calling thread's
    torch threads between them, where torch is loaded and has two threads or more to share;
    otherwise one after another (a fake embedder, one answer, one core)."""
    torch = sys.modules.get("torch")
    threads = torch.get_num_threads() if torch is not None else 1
    workers = min(WORKERS, threads, len(jobs))
    if torch is None or workers < 2:
        return [fn(*job) for job in jobs]
    with ThreadPoolExecutor(
        workers, initializer=torch.set_num_threads, initargs=(threads // workers,)
    ) as pool:
        return list(pool.map(lambda job: fn(*job), jobs))

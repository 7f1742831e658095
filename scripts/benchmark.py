"""Speed and memory of the scorer, measured in one run and printed (not a timed test).

    .venv/bin/python scripts/benchmark.py [--repeat N]

Prints: score latency p50/p95 for a 40-word and a 400-word answer next to a bare
model.encode of the same text, batch throughput, cold `score` process time with a cold and a
warm exemplar cache, and peak RSS; then the transcript figures over 10,000 stored attempts
(saving, opening the review screen, export, the due queue: scripts/benchmark_transcripts.py).
`--transcripts-only` prints just those."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring import crossread
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.scorer import Scorer
from interview_coach.scoring.vector_cache import CachedEmbedder, VectorCache

ROOT = Path(__file__).resolve().parents[1]


def fresh(run) -> None:
    """Score as if the answers were new: the readers remember what they read (crossread.Memo),
    and a repeat would measure remembering."""
    crossread.forget_readings()
    run()


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def answer_of(words: int, cat: Catalog) -> str:
    text = " ".join(q.model_answer for q in cat.questions.values())
    return " ".join(text.split()[:words])


def cold_process(cache_dir: str) -> float:
    env = {**os.environ, "INTERVIEW_COACH_CACHE_DIR": cache_dir}
    cmd = [
        sys.executable,
        "-m",
        "interview_coach",
        "score",
        "-q",
        "staff-promotion-strategy",
        "-a",
        "I would lead a cross-team cold start effort and frame it as revenue.",
        "--json",
    ]
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


FIRST_PAINT = """
import time
t0 = time.perf_counter()
import asyncio
{setup}
async def main():
    app = App_()
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.painted:
            await pilot.pause(0.005)
    print(f"FIRST {{(app.painted - t0) * 1000:.1f}}")
asyncio.run(main())
"""
MINIMAL = """
from textual.app import App
from textual.widgets import Label
class App_(App):
    painted = None
    def compose(self):
        yield Label("Where do you see yourself in 5 years?")
    def on_mount(self):
        self.call_after_refresh(lambda: setattr(self, "painted", time.perf_counter()))
"""
COACH = """
from interview_coach.tui.app import CoachApp
class App_(CoachApp):
    painted = None
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(lambda: setattr(self, "painted", time.perf_counter()))
"""


def first_paint_ms(setup: str) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(FIRST_PAINT.format(setup=setup))
    try:
        out = subprocess.run(
            [sys.executable, f.name], capture_output=True, text=True, check=True, timeout=120
        )
    finally:
        os.unlink(f.name)
    return float(out.stdout.split("FIRST ")[1].split()[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--attempts", type=int, default=10_000, help="transcript history size")
    ap.add_argument("--transcripts-only", action="store_true", help="only the transcript figures")
    args = ap.parse_args()
    if args.transcripts_only:
        transcripts(args.attempts)
        return
    cat = Catalog.load()
    # A story question, so every reader is asked (a plan question skips the ownership reader).
    q, r = cat.questions["technical-strategy-doc"], cat.rubrics["technical-strategy-doc"]
    embedder = SentenceTransformerEmbedder()
    model = embedder.load()
    with tempfile.TemporaryDirectory() as tmp:
        scorer = Scorer(embedder, CachedEmbedder(embedder, VectorCache(Path(tmp) / "v.sqlite")))
        scorer.prepare(q, r)
        print(f"model: {embedder.name}  torch threads: {__import__('torch').get_num_threads()}")
        print("\nscore latency (ms), one answer, rubric already prepared")
        print(
            f"{'answer':<10}{'bare p50':>10}{'bare p95':>10}{'score p50':>11}{'score p95':>11}"
            f"{'ratio p50':>11}  verdict"
        )
        for n in (40, 400):
            text = answer_of(n, cat)
            bare = timed(lambda t=text: model.encode(t, show_progress_bar=False), args.repeat)
            full = timed(lambda t=text: fresh(lambda: scorer.score(q, r, t)), args.repeat)
            print(
                f"{n:>4} words{pct(bare, 50):>10.1f}{pct(bare, 95):>10.1f}"
                f"{pct(full, 50):>11.1f}{pct(full, 95):>11.1f}"
                f"{pct(full, 50) / pct(bare, 50):>10.2f}x"
                # the take-back and ownership readers are asked only above No Hire
                f"  {scorer.score(q, r, text).band}"
            )

        rows = [json.loads(x) for x in (ROOT / "eval" / "devset.jsonl").read_text().splitlines()]
        items = [
            (cat.find(x["question"]), cat.rubrics[cat.find(x["question"]).id], x["answer"])
            for x in rows
        ]
        for qq, rr, _ in items:
            scorer.prepare(qq, rr)
        runs = timed(lambda: fresh(lambda: scorer.score_many(items)), 3)
        print(
            f"\nbatch: {len(items)} answers, median {statistics.median(runs) / 1000:.2f}s"
            f" = {len(items) / (statistics.median(runs) / 1000):.1f} answers/s"
        )
        batch_against_encode(cat, scorer, model)

    with tempfile.TemporaryDirectory() as cache:
        cold = cold_process(cache)
        warm = [cold_process(cache) for _ in range(3)]
    print(
        f"\ncold `score` process: empty exemplar cache {cold:.2f}s, "
        f"warm cache median {statistics.median(warm):.2f}s"
    )
    minimal = [first_paint_ms(MINIMAL) for _ in range(5)]
    coach = [first_paint_ms(COACH) for _ in range(5)]
    m, c = statistics.median(minimal), statistics.median(coach)
    print(
        f"\ntime to first question on screen (headless, median of 5): minimal Textual app"
        f" {m:.0f} ms, Interview Coach {c:.0f} ms, ratio {c / m:.2f}x"
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MiB, largest `score` process {child:.0f} MiB")
    transcripts(args.attempts)


BATCH = 580


def batch_against_encode(cat: Catalog, scorer: Scorer, model) -> None:
    """`score --batch` over 580 answers against a bare batched encode of the same answers, in
    one process, rubrics prepared first (the vector cache makes that a one-off): the median of
    three runs of each, and their ratio."""
    rows = [
        json.loads(line)
        for path in sorted((ROOT / "graded" / "corpus").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ][:BATCH]
    items = [(cat.questions[x["question"]], cat.rubrics[x["question"]], x["answer"]) for x in rows]
    for q, r, _ in items:
        scorer.prepare(q, r)
    texts = [a for _, _, a in items]

    # Taken in turns, so that a machine that slows down or speeds up between runs (this one's
    # speed drifts by a fifth over minutes) moves both sides of the ratio alike.
    def bare_once():
        model.encode(texts, show_progress_bar=False)

    def full_once():
        fresh(lambda: scorer.score_many(items))

    bare_once(), full_once()  # warm-up
    runs: dict = {bare_once: [], full_once: []}
    for _ in range(3):
        for fn, times in runs.items():
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    bare, full = (statistics.median(t) * 1000 for t in runs.values())
    print(
        f"batch of {len(items)}: bare encode {bare / 1000:.2f}s, score_many {full / 1000:.2f}s,"
        f" ratio {full / bare:.2f}x"
    )


def transcripts(n: int) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from benchmark_transcripts import run

    run(n, repeat=5)


if __name__ == "__main__":
    main()

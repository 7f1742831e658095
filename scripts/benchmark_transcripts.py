"""Transcript figures over a large history, printed (not a timed test):

    .venv/bin/python scripts/benchmark_transcripts.py [--attempts 10000] [--repeat 5]

Fills a fresh database with N attempts (5 per session, 24 questions, over six months), then
prints medians of: saving one attempt (synchronous=FULL, as the app does), opening the
database, opening the review screen until its session table is filled, exporting every
attempt as md/json/csv, and computing the due queue with FSRS and with checkpoints.
`scripts/benchmark.py` runs this too."""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.support: the fast stand-in embedder for the fill

from tests.support import BagOfWordsEmbedder  # noqa: E402

from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.scoring.scorer import Scorer  # noqa: E402
from interview_coach.transcripts import schedule  # noqa: E402
from interview_coach.transcripts.store import SessionRef, TranscriptStore  # noqa: E402

ANSWERS = [
    "I don't know, I would just do what my manager says.",
    "I asked for feedback, made a plan with my manager and followed up every month.",
    "I asked my manager for specific feedback, agreed a six-month plan for my two gaps, led"
    " the cross-team migration that cut review time by 30%, and mentored two engineers.",
]


def fill(path: Path, n: int, catalog: Catalog) -> None:
    scorer = Scorer(BagOfWordsEmbedder())
    questions = catalog.scorable()
    results = [
        (q, a, scorer.score(q, catalog.rubrics[q.id], a)) for q in questions for a in ANSWERS
    ]
    rnd = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=180)
    with TranscriptStore.open(path) as store:
        store._conn.execute("PRAGMA synchronous = OFF")  # the fill only; the app uses FULL
        ref = SessionRef("all-MiniLM-L6-v2")
        for i in range(n):
            if i % 5 == 0:
                ref = SessionRef("all-MiniLM-L6-v2", "practice")
            q, a, r = rnd.choice(results)
            at = start + timedelta(minutes=i * 180 * 24 * 60 / n)
            store.save_attempt(ref, q, a, r, hints_used=rnd.choice((0, 0, 1, 2)), scored_at=at)


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


async def _review_open_ms(path: Path, catalog: Catalog) -> tuple[float, float]:
    """(sessions listed, progress and due queue filled in), in ms from push_screen. Polls
    with short sleeps: pilot.pause() waits for the whole app to go idle, which would fold
    the background load into the first figure."""
    from textual.app import App
    from textual.widgets import DataTable

    from interview_coach.tui.screens.review import ReviewScreen

    with TranscriptStore.open(path) as store:

        class Host(App):
            pass

        app = Host()
        async with app.run_test(size=(120, 40)):
            t = time.perf_counter()
            screen = ReviewScreen(store, catalog)
            app.push_screen(screen)
            listed = None
            while True:
                await asyncio.sleep(0.005)
                if listed is None:
                    tables = screen.query(DataTable)
                    if tables and tables.first().row_count:
                        listed = (time.perf_counter() - t) * 1000
                if listed is not None and getattr(screen, "loaded", True):
                    return listed, (time.perf_counter() - t) * 1000


def run(n: int, repeat: int) -> None:
    catalog = Catalog.load()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.sqlite"
        t = time.perf_counter()
        fill(path, n, catalog)
        size = path.stat().st_size
        print(
            f"\ntranscripts: {n} attempts in {n // 5} sessions, filled in"
            f" {time.perf_counter() - t:.1f}s, {size / 2**20:.1f} MiB"
        )
        q = catalog.scorable()[0]
        r = Scorer(BagOfWordsEmbedder()).score(q, catalog.rubrics[q.id], ANSWERS[2])
        with TranscriptStore.open(path) as store:
            ref = SessionRef("bench")
            save = median_ms(lambda: store.save_attempt(ref, q, ANSWERS[2], r), 20)
            print(f"  save one attempt (synchronous=FULL), median of 20: {save:.1f} ms")
        opened = median_ms(lambda: TranscriptStore.open(path).close(), repeat)
        print(f"  open the database (checks included), median of {repeat}: {opened:.1f} ms")
        runs = [asyncio.run(_review_open_ms(path, catalog)) for _ in range(repeat)]
        listed = statistics.median(r[0] for r in runs)
        loaded = statistics.median(r[1] for r in runs)
        print(
            f"  open the review screen: sessions listed {listed:.0f} ms, progress and due"
            f" queue filled in (background) {loaded:.0f} ms"
        )
        try:
            from interview_coach.transcripts.export import export
        except ImportError:
            export = None
        with TranscriptStore.open(path) as store:
            for fmt in ("md", "json", "csv") if export else ():
                out = io.StringIO()
                ms = median_ms(lambda f=fmt, o=out: (o.seek(0), export(store, f, o)), repeat)
                print(f"  export all as {fmt}: {ms:.0f} ms ({len(out.getvalue()) / 2**20:.1f} MiB)")
            history = store.history()
        for name in schedule.SCHEDULERS:
            s = schedule.make_scheduler(name)
            ms = median_ms(
                lambda sch=s: schedule.queue(schedule.reviews_from_history(history), sch), repeat
            )
            print(f"  due queue with {name}: {ms:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--attempts", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    run(args.attempts, args.repeat)


if __name__ == "__main__":
    main()

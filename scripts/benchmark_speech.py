"""Speed and memory of speech recognition, measured in one run and printed (not a timed test).

    .venv/bin/python scripts/benchmark_speech.py [--repeat N] [--seconds S]

Prints: loading the bundled tiny.en (SHA-256 check included), transcription speed as a
multiple of real time (audio seconds per second of work; the issue's target is at least 8x
for tiny.en int8 on 2 cores) on about a minute of espeak-ng speech (the committed fixture,
repeated, where espeak-ng is missing), its word error rate, and peak memory with the
embedding model loaded too, as the chat holds both. Also whether starting the CLI imports
any of the speech stack (it must not)."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from interview_coach.speech.audio import SAMPLE_RATE, Audio, read_file
from interview_coach.speech.transcribe import Transcriber, default_threads
from interview_coach.speech.wer import word_error_rate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "speech" / "answer.wav"
TEXT = (
    "In my last role I led the migration of our training pipeline to a new cluster. The"
    " hardest part was getting every team to agree on the schedule. I wrote a short plan, met"
    " each team lead, and we moved one workload a week. By the end, training jobs started"
    " twice as fast, and nobody lost a day of work. Um, what I learned is that a migration is"
    " mostly a communication problem. I would stay an individual contributor, because I enjoy"
    " building models, and I have seen that my strengths are in deep technical work. Uh, I"
    " also mentor two people on my team, and I want to lead the technical direction of a"
    " larger area without managing people full time. When I missed the promotion, I asked my"
    " manager for specific feedback, we wrote down the gaps together, and I worked on them for"
    " the next two quarters."
)


def rss_mb() -> float:
    """Current resident memory (Linux), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speech(seconds: float) -> tuple[Audio, str | None]:
    """About `seconds` of speech and what it says (None: the fixture, repeated)."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        one = read_file(FIXTURE).samples
        reps = max(1, round(seconds * SAMPLE_RATE / one.size))
        return Audio(np.tile(one, reps), f"fixture x{reps}"), None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "speech.wav"
        subprocess.run([espeak, "-v", "en-us", "-s", "160", "-w", str(path), TEXT], check=True)
        return read_file(path), TEXT


def start_imports() -> list[str]:
    code = (
        "import sys\nfrom interview_coach.cli.app import parser\nparser()\n"
        "print(' '.join(m for m in ('faster_whisper', 'ctranslate2', 'av', 'sounddevice')"
        " if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return out.stdout.split()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    audio, reference = speech(args.seconds)
    print(f"audio: {audio.seconds:.1f} s ({audio.source if reference is None else 'espeak-ng'})")
    print(f"CPU threads for CTranslate2: {default_threads()} (of {os.cpu_count()} cores)")

    from interview_coach.scoring.embedding import SentenceTransformerEmbedder

    base = rss_mb()
    start = time.perf_counter()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    embedder.encode(["warm up"])
    took = time.perf_counter() - start
    print(f"embedding model: loaded in {took:.1f} s, +{rss_mb() - base:.0f} MB")

    before = rss_mb()
    start = time.perf_counter()
    transcriber = Transcriber().load()
    print(
        f"speech model: checked and loaded in {time.perf_counter() - start:.2f} s,"
        f" +{rss_mb() - before:.0f} MB"
    )

    factors, text = [], ""
    first = transcriber.transcribe(audio)
    print(f"first transcription: {audio.seconds / first.seconds_taken:.1f}x real time")
    for _ in range(args.repeat):
        t = transcriber.transcribe(audio)
        factors.append(audio.seconds / t.seconds_taken)
        text = t.text
    print(
        f"transcription speed: {statistics.median(factors):.1f}x real time (median of"
        f" {args.repeat}; min {min(factors):.1f}x, max {max(factors):.1f}x); target >= 8x"
    )
    if reference is not None:
        print(f"word error rate on espeak-ng speech: {word_error_rate(reference, text):.3f}")
    d = first.delivery
    print(
        f"delivery: {d.words_per_minute:.0f} wpm, {len(d.pauses)} pauses, {len(d.fillers)}"
        f" fillers, {d.speaking_seconds:.0f} s spoken"
    )
    print(f"peak memory (embedding model + speech model + one transcription): {peak_mb():.0f} MB")
    loaded = start_imports()
    print(f"speech stack imported by starting the CLI: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()

"""How the scorer judges a story that ends by correcting one of its own figures, against the same
story taken back and the same story ended plainly (eval/takeback_figures: each item a body and
three endings). Prints, per writer, how many stories the plain ending leaves above No Hire (or
at Strong Hire) that the corrected ending makes No Hire, and how many take-backs are No Hire.

    .venv/bin/python eval/research/takeback_figures.py eval/takeback_figures/f49a.jsonl \
        eval/takeback_figures/f49b.jsonl
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.common.config import load_settings  # noqa: E402
from interview_coach.scoring.engine import make_scorer  # noqa: E402

s = make_scorer(load_settings())
s.load()
cat = Catalog.load()
items = [
    json.loads(line)
    for f in sys.argv[1:]
    for line in Path(f).read_text(encoding="utf-8").splitlines()
    if line.strip()
]
jobs = []
for it in items:
    for end in ("plain", "corrected", "takes_back"):
        jobs.append((it, end, it["body"].rstrip() + " " + it[end].strip()))
res = []
for i in range(0, len(jobs), 64):
    ch = jobs[i : i + 64]
    res += s.score_many(
        [(cat.questions[it["topic"]], cat.rubrics[it["topic"]], t) for it, _, t in ch]
    )
by = collections.defaultdict(dict)
for (it, end, _), x in zip(jobs, res, strict=True):
    by[(it["writer"], it["topic"], it["body"][:40])][end] = x
for w in sorted({k[0] for k in by}):
    rows = [v for k, v in by.items() if k[0] == w]
    c = collections.Counter((v["plain"].band, v["corrected"].band) for v in rows)
    print(w, "plain->corrected", dict(c))
    print(
        w,
        "plain above No, corrected No:",
        sum(v["plain"].band != "no_hire" and v["corrected"].band == "no_hire" for v in rows),
        "of",
        sum(v["plain"].band != "no_hire" for v in rows),
    )
    print(
        w,
        "plain Strong, corrected No:",
        sum(v["plain"].band == "strong_hire" and v["corrected"].band == "no_hire" for v in rows),
        "of",
        sum(v["plain"].band == "strong_hire" for v in rows),
    )
    print(
        w,
        "takes_back No:",
        sum(v["takes_back"].band == "no_hire" for v in rows),
        "of",
        len(rows),
        "; plain above No and takes_back No:",
        sum(v["plain"].band != "no_hire" and v["takes_back"].band == "no_hire" for v in rows),
    )

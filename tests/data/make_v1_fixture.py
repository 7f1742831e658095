"""Builds tests/data/transcripts-v1.sqlite: a transcript database exactly as schema version 1
wrote it (migrations.MIGRATIONS[0] only), with a few attempts. Kept so the upgrade path from
the first schema is tested against a real file. Run from the repository root:

    .venv/bin/python tests/data/make_v1_fixture.py
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.support import BagOfWordsEmbedder

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts.migrations import APPLICATION_ID, MIGRATIONS

OUT = Path(__file__).with_name("transcripts-v1.sqlite")
ANSWERS = [
    ("2026-09-01T09:00:00.000+00:00", 1, "I would ask my manager what exactly was missing."),
    (
        "2026-09-01T09:05:00.000+00:00",
        1,
        "I asked for specific feedback, agreed a plan with my manager for the two gaps and"
        ' led the cross-team migration that cut review time by 30%. "Quotes", commas.',
    ),
    ("2026-09-04T18:30:00.000+00:00", 2, "I was upset and stopped caring about the work."),
]


def main() -> None:
    OUT.unlink(missing_ok=True)
    catalog = Catalog.load()
    q = catalog.questions["promotion-disappointment"]
    scorer = Scorer(BagOfWordsEmbedder())
    conn = sqlite3.connect(OUT, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    for session in (1, 2):
        day = [a for a in ANSWERS if a[1] == session]
        conn.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
            (session, day[0][0], day[-1][0], "all-MiniLM-L6-v2", "practice"),
        )
    for at, session, answer in ANSWERS:
        r = scorer.score(q, catalog.rubrics[q.id], answer)
        conn.execute(
            "INSERT INTO attempts (session_id, question_id, question, category, level, answer,"
            " band, confidence, covered, missing, red_flags, signals, result, hints_used, model,"
            " seconds, started_at, scored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                session, q.id, q.text, q.category, q.level, answer, r.band, r.confidence,
                json.dumps([h.label for h in r.covered]),
                json.dumps([h.label for h in r.missing]),
                json.dumps([h.label for h in r.red_flags]),
                json.dumps(r.signals), json.dumps(r.to_dict()), 1, "all-MiniLM-L6-v2", 42.0,
                at, at,
            ),
        )  # fmt: skip
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to commit
    conn.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

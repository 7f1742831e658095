"""Versioned schema of the transcript database. `PRAGMA user_version` holds the version a
file is at; opening it applies every later step in one transaction. Steps are append-only:
a released step is never edited, so any older file can be brought up to date."""

from __future__ import annotations

# Written into the file header so a database from another program is recognised as foreign
# rather than "migrated" into ours. ASCII "ICTR" (Interview Coach TRanscripts).
APPLICATION_ID = 0x49435452

MIGRATIONS: list[str] = [
    # 1: sessions and their scored attempts. Lists and dicts are JSON text; `result` is the
    # whole ScoreResult, so a transcript can be shown exactly as the coach replied.
    """
    CREATE TABLE sessions (
        id          INTEGER PRIMARY KEY,
        started_at  TEXT NOT NULL,
        ended_at    TEXT NOT NULL,
        model       TEXT NOT NULL,
        selection   TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE attempts (
        id          INTEGER PRIMARY KEY,
        session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        question    TEXT NOT NULL,
        category    TEXT NOT NULL,
        level       TEXT NOT NULL,
        answer      TEXT NOT NULL,
        band        TEXT NOT NULL,
        confidence  REAL NOT NULL,
        covered     TEXT NOT NULL,
        missing     TEXT NOT NULL,
        red_flags   TEXT NOT NULL,
        signals     TEXT NOT NULL,
        result      TEXT NOT NULL,
        hints_used  INTEGER NOT NULL,
        model       TEXT NOT NULL,
        seconds     REAL NOT NULL,
        started_at  TEXT NOT NULL,
        scored_at   TEXT NOT NULL
    );
    """,
    # 2: whether the model answer was on screen before the answer was scored (it lowers the
    # spaced-repetition grade like a hint does), and the indexes the review screen and the
    # due queue need once there are thousands of attempts.
    """
    ALTER TABLE attempts ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX attempts_session ON attempts(session_id, id);
    CREATE INDEX attempts_question ON attempts(question_id, scored_at);
    CREATE INDEX sessions_started ON sessions(started_at);
    """,
    # 3: mock interviews. A session has a kind (practice or interview) and, for an interview,
    # its debrief (JSON, written when the round ends); an answer records whether the clock
    # ran out and the follow-up asked after it, with the reply and its verdict (JSON, written
    # when the reply is judged). A due request puts a question in the due queue now (the
    # debrief's "practise next"); the next attempt at the question answers it.
    """
    ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'practice';
    ALTER TABLE sessions ADD COLUMN debrief TEXT;
    ALTER TABLE attempts ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN follow_up TEXT;
    CREATE TABLE due_requests (
        id           INTEGER PRIMARY KEY,
        session_id   INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        question_id  TEXT NOT NULL,
        requested_at TEXT NOT NULL
    );
    CREATE INDEX due_requests_question ON due_requests(question_id, requested_at);
    CREATE INDEX sessions_kind ON sessions(kind, started_at);
    """,
    # 4: a spoken answer's delivery (speech.delivery's figures as JSON; NULL for a typed
    # answer), and the file name of its recording in the audio folder beside the database
    # (NULL unless the user asked for recordings to be kept).
    """
    ALTER TABLE attempts ADD COLUMN delivery TEXT;
    ALTER TABLE attempts ADD COLUMN audio TEXT;
    """,
]

LATEST = len(MIGRATIONS)

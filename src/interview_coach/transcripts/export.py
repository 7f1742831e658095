"""Export transcripts as Markdown, JSON or CSV. Streams: an export of every session reads the
database a batch at a time and writes each session as soon as all its attempts have been
read, so a large database is never held in memory at once. A finished mock interview is
exported as its debrief (Markdown: the one-page report; JSON: the debrief document beside
the attempts)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Protocol, TextIO

from interview_coach import __version__
from interview_coach.bank.models import BAND_LABELS, BAND_LETTERS
from interview_coach.common.safe_text import json_dumps
from interview_coach.common.textfmt import local_time, plural
from interview_coach.transcripts.debrief import debrief_markdown
from interview_coach.transcripts.store import SessionSummary, StoredAttempt, TranscriptStore

FORMATS = ("md", "json", "csv")
SCHEMA = 1
CSV_COLUMNS = (
    "session_id",
    "attempt_id",
    "scored_at",
    "question_id",
    "question",
    "category",
    "level",
    "band",
    "band_label",
    "confidence",
    "hints_used",
    "revealed",
    "seconds",
    "words",
    "covered",
    "missing",
    "red_flags",
    "answer",
    "model",
)


class UnknownSessionError(LookupError):
    def __init__(self, session_id: int):
        super().__init__(f"no session {session_id}; list them with: interview-coach review")
        self.session_id = session_id


def band_letters(bands: Iterable[str]) -> str:
    """'S L N' for Strong, Lean, No Hire, in the order given."""
    return " ".join(BAND_LETTERS.get(b, "?") for b in bands)


def session_dict(summary: SessionSummary) -> dict:
    return {
        "id": summary.id,
        "started_at": summary.started_at,
        "ended_at": summary.ended_at,
        "model": summary.model,
        "selection": summary.selection,
        "kind": summary.kind,
        "attempts": summary.attempts,
        "questions": summary.questions,
        "bands": list(summary.bands),
    }


def export(store: TranscriptStore, fmt: str, out: TextIO, session_id: int | None = None) -> int:
    """Write one session (or every session, when `session_id` is None) to `out` as `fmt`
    (md, json or csv). Returns the number of attempts written. Raises UnknownSessionError
    for a session id that is not in the database. One finished mock interview as Markdown is
    its debrief alone: the report a person would share."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose {', '.join(FORMATS)}")
    if session_id is None:
        sessions = group_by_session(store.sessions(), store.iter_attempts())
    else:
        summary = store.session(session_id)
        if summary is None:  # checked before anything is written
            raise UnknownSessionError(session_id)
        sessions = iter([(summary, store.attempts(session_id=session_id))])
        if fmt == "md" and summary.has_debrief:
            debrief = store.debrief(session_id)
            if debrief is not None:
                out.write(debrief_markdown(debrief))
                return summary.attempts
    writers: dict[str, type[_Writer]] = {
        "md": _MarkdownWriter,
        "json": _JsonWriter,
        "csv": _CsvWriter,
    }
    writer = writers[fmt](out)
    writer.begin()
    n = 0
    for summary, attempts in sessions:
        debrief = store.debrief(summary.id) if summary.has_debrief else None
        writer.session(summary, attempts, debrief)
        n += len(attempts)
    writer.end(n)
    return n


def group_by_session(
    summaries: list[SessionSummary], attempts: Iterable[StoredAttempt]
) -> Iterator[tuple[SessionSummary, list[StoredAttempt]]]:
    """Pair each session with its attempts (oldest first) from one pass over `attempts` in id
    order. A session is yielded as soon as the number of attempts its summary counts has been
    read, so when sessions are contiguous only one is held at a time; interleaved sessions
    (two app instances writing at once) are still grouped correctly. Attempts of sessions not
    in `summaries` (saved after the summaries were read) are left out; a session whose
    attempts were deleted meanwhile is yielded at the end with what was read."""
    expected = {s.id: s for s in summaries}
    pending: dict[int, list[StoredAttempt]] = {}
    for a in attempts:
        summary = expected.get(a.session_id)
        if summary is None:
            continue
        got = pending.setdefault(a.session_id, [])
        got.append(a)
        if len(got) >= summary.attempts:
            del pending[a.session_id], expected[a.session_id]
            yield summary, _ordered(got)
    for sid, got in pending.items():  # fewer attempts than counted: deleted while reading
        yield expected[sid], _ordered(got)


def _ordered(attempts: list[StoredAttempt]) -> list[StoredAttempt]:
    # The order TranscriptStore.attempts() gives, so one session exports the same either way.
    return sorted(attempts, key=lambda a: (a.scored_at, a.id))


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


# -- writers ------------------------------------------------------------------------------
class _Writer(Protocol):
    def __init__(self, out: TextIO) -> None: ...

    def begin(self) -> None: ...

    def session(
        self, summary: SessionSummary, attempts: list[StoredAttempt], debrief: dict | None
    ) -> None: ...

    def end(self, n: int) -> None: ...


class _JsonWriter:
    def __init__(self, out: TextIO):
        self.out = out
        self.first = True

    def begin(self) -> None:
        head = {
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "schema": SCHEMA,
            "generator": f"interview-coach {__version__}",
        }
        # Streamed: the document is opened here and each session appended as it is read.
        self.out.write(json_dumps(head, indent=2)[:-2] + ',\n  "sessions": [')

    def session(
        self, summary: SessionSummary, attempts: list[StoredAttempt], debrief: dict | None
    ) -> None:
        d = session_dict(summary)
        d["attempts"] = [a.to_dict() for a in attempts]
        if debrief is not None:
            d["debrief"] = debrief
        text = json_dumps(d, indent=2, default=str)
        # JSON strings never hold a raw newline, so indenting every line is safe.
        self.out.write(("\n" if self.first else ",\n") + _indent(text, "    "))
        self.first = False

    def end(self, n: int) -> None:
        self.out.write("]\n}\n" if self.first else "\n  ]\n}\n")


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


class _CsvWriter:
    def __init__(self, out: TextIO):
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)

    def begin(self) -> None:
        self.writer.writeheader()

    def session(
        self, summary: SessionSummary, attempts: list[StoredAttempt], debrief: dict | None
    ) -> None:
        for a in attempts:
            self.writer.writerow(csv_row(a))

    def end(self, n: int) -> None:
        pass


def csv_row(a: StoredAttempt) -> dict:
    words = a.signals.get("words") if isinstance(a.signals, dict) else None
    return {
        "session_id": a.session_id,
        "attempt_id": a.id,
        "scored_at": a.scored_at,
        "question_id": a.question_id,
        "question": a.question,
        "category": a.category,
        "level": a.level,
        "band": a.band,
        "band_label": a.band_label,
        "confidence": round(a.confidence, 4),
        "hints_used": a.hints_used,
        "revealed": int(a.revealed),
        "seconds": round(a.seconds, 1),
        "words": "" if words is None else words,
        "covered": "; ".join(a.covered),
        "missing": "; ".join(a.missing),
        "red_flags": "; ".join(a.red_flags),
        "answer": a.answer,
        "model": a.model,
    }


class _MarkdownWriter:
    def __init__(self, out: TextIO):
        self.out = out

    def begin(self) -> None:
        self.out.write(
            f"# Interview Coach transcripts\n\nExported {local_time(_now_iso())}"
            " (times are local).\n"
        )

    def session(
        self, summary: SessionSummary, attempts: list[StoredAttempt], debrief: dict | None
    ) -> None:
        w = self.out.write
        kind = " · mock interview" if summary.kind == "interview" else ""
        w(
            f"\n## Session {summary.id}: {local_time(summary.started_at)}{kind}"
            f" · {band_letters(summary.bands) or 'no attempts'}\n\n"
        )
        if debrief is not None:
            w(debrief_markdown(debrief, heading=3))
            return
        tally = ", ".join(
            f"{BAND_LABELS[b]} {summary.bands.count(b)}" for b in BAND_LABELS if b in summary.bands
        )
        w(
            f"{plural(len(attempts), 'attempt')} at {plural(summary.questions, 'question')}"
            f" ({tally or 'none scored'}), model {summary.model or 'unknown'}.\n"
        )
        for n, a in enumerate(attempts, 1):
            w("\n" + markdown_attempt(a, n))

    def end(self, n: int) -> None:
        if not n:
            self.out.write("\nNo sessions yet. Practise with: interview-coach\n")


def markdown_attempt(a: StoredAttempt, n: int) -> str:
    r = a.result
    aids = [local_time(a.scored_at, "%H:%M"), a.question_id]
    if a.hints_used:
        aids.append(plural(a.hints_used, "hint"))
    if a.revealed:
        aids.append("model answer seen first")
    if a.timed_out:
        aids.append("time ran out")
    lines = [f"### {n}. {_one_line(a.question)}", "", f"*{' · '.join(aids)}*", ""]
    lines += [f"> {line}".rstrip() for line in (a.answer or "").splitlines()] or [">"]
    lines += ["", f"**Verdict: {a.band_label}** ({a.confidence_words})", ""]
    lines += [
        f"- **Covered:** {_list(a.covered)}",
        f"- **Missing:** {_list(a.missing)}",
        f"- **Red flags:** {_list(a.red_flags)}",
    ]
    if r.next_step:
        lines += ["", f"**Next step:** {_one_line(r.next_step)}"]
    f = a.follow_up
    if f and f.get("question"):  # a mock interview's: asked, with the reply and its verdict
        lines += ["", f"**Follow-up asked:** {_one_line(f['question'])}", ""]
        lines += [f"> {line}".rstrip() for line in (f.get("answer") or "").splitlines()] or [
            "> (no answer)"
        ]
        lines += ["", f"**Reply:** {str(f.get('verdict', '')).replace('_', ' ')}"]
    elif r.follow_up:
        lines += ["", f"**Follow-up:** {_one_line(r.follow_up)}"]
    return "\n".join(lines) + "\n"


def _list(items: list[str]) -> str:
    return "; ".join(_one_line(i) for i in items) or "none"


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()

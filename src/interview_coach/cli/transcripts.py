"""The transcript commands: `review` (list sessions, show one, compare attempts at a
question), `export` (md, json, csv) and `due` (the spaced-repetition queue)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from rich.table import Column

from interview_coach.bank.models import BAND_LABELS
from interview_coach.cli import output
from interview_coach.cli.common import (
    BAND_CHOICES,
    EXIT_FAIL,
    EXIT_OK,
    NO_SESSIONS,
    CliError,
    catalog,
    category_arg,
    db_arg,
)
from interview_coach.common.files import atomic_writer
from interview_coach.common.paths import db_path
from interview_coach.common.safe_text import json_dumps
from interview_coach.transcripts.export import (
    UnknownSessionError,
    band_letters,
    export,
    local_time,
    plural,
    session_dict,
)

# A session's bands as letters up to this many, then as a tally (S×12 L×3): a column, not
# a paragraph.
BANDS_ROOM = 24


def register(sub: argparse._SubParsersAction) -> None:
    rv = sub.add_parser(
        "review",
        help="past sessions: list them, show one, or compare attempts at a question",
        description="With no ID, list sessions newest first. With an ID, show that session's"
        " answers and the coach's replies as they were.",
    )
    rv.add_argument("session", nargs="?", metavar="ID", help="a session id to show")
    rv.add_argument(
        "--compare",
        metavar="QUESTION",
        help="every attempt at this question (id or fuzzy text) over time",
    )
    rv.add_argument(
        "--question", metavar="TEXT", help="sessions with a question whose id or text has TEXT"
    )
    category_arg(rv, help="sessions with a question in this category")
    rv.add_argument(
        "--band", choices=tuple(BAND_CHOICES), help="sessions with an answer given that band"
    )
    rv.add_argument(
        "--kind", choices=("practice", "interview"), help="only practice or mock interview sessions"
    )
    rv.add_argument("--json", action="store_true", help="print JSON")
    db_arg(rv)
    rv.set_defaults(func=run_review)

    ex = sub.add_parser(
        "export",
        help="write sessions as Markdown, JSON or CSV",
        description="Export one session, or every session with --all. JSON keeps everything"
        " (the coach's full replies); CSV has one row per attempt.",
    )
    ex.add_argument("session", nargs="?", metavar="SESSION", help="the session id to export")
    ex.add_argument("--all", action="store_true", help="export every session")
    ex.add_argument(
        "--format",
        "-f",
        choices=("md", "json", "csv"),
        help="output format (default: from the -o file's extension, else md)",
    )
    ex.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )
    db_arg(ex)
    ex.set_defaults(func=run_export)

    du = sub.add_parser(
        "due",
        help="questions due for practice, most overdue first",
        description="A spaced-repetition queue over the questions you have answered, graded by"
        " the coach's verdicts.",
    )
    du.add_argument(
        "--scheduler",
        choices=("fsrs", "checkpoints"),
        default="fsrs",
        help="FSRS (default) or the fixed checkpoints day 0, 3, 7, 14, 21",
    )
    du.add_argument("--all", action="store_true", help="also list the ones due later")
    du.add_argument("--json", action="store_true", help="print JSON")
    db_arg(du)
    du.set_defaults(func=run_due)


def _open_store(args):
    """The transcript database, or None when there is none yet. A missing file is not
    created and an empty one is not initialised just to be read."""
    from interview_coach.transcripts.store import TranscriptStore

    path = db_path(getattr(args, "db", None))
    try:
        if path.is_file() and path.stat().st_size == 0:
            return None
    except OSError:
        pass  # opening reports it
    if not path.exists():
        return None
    return TranscriptStore.open(path)


def _no_sessions_text(args) -> str:
    path = db_path(getattr(args, "db", None))
    return NO_SESSIONS + ("" if path.exists() else f" (no database at {path})")


def _no_sessions(args, json_out: str | None = None) -> int:
    if json_out is not None:
        print(json_out)
        print(_no_sessions_text(args), file=sys.stderr)
    else:
        print(_no_sessions_text(args))
    return EXIT_OK


def _session_id(text: str) -> int:
    try:
        sid = int(text)
    except ValueError:
        sid = -1
    if sid < 1:
        raise CliError(
            f"'{text}' is not a session id (a number); list them with: interview-coach review"
        )
    return sid


def run_review(args) -> int:
    if args.session is not None and args.compare:
        raise CliError("give a session ID or --compare QUESTION, not both")
    filters = args.question or args.category or args.band or args.kind
    if filters and (args.session is not None or args.compare):
        raise CliError("--question, --category, --band and --kind filter the session list only")
    sid = _session_id(args.session) if args.session is not None else None
    question = catalog(args, quiet=True).find(args.compare) if args.compare else None
    store = _open_store(args)
    if store is None:
        if sid is not None:
            raise CliError(f"no session {sid}: {NO_SESSIONS.lower()}")
        return _no_sessions(args, ("[]" if question is None else "{}") if args.json else None)
    with store:
        if sid is not None:
            return _review_session(store, sid, args.json)
        if question is not None:
            return _review_compare(store, question, args.json)
        return _review_list(store, args)


def _review_list(store, args) -> int:

    band = BAND_CHOICES.get(args.band) if args.band else None
    sessions = store.sessions(
        question=args.question, category=args.category, band=band, kind=args.kind
    )
    if args.json:
        print(json_dumps([session_dict(s) for s in sessions], indent=2))
        return EXIT_OK
    if not sessions:
        if args.question or args.category or args.band or args.kind:
            print("No sessions match. List them all with: interview-coach review")
            return EXIT_OK
        print(NO_SESSIONS)
        return EXIT_OK
    t = output.table(
        Column("ID", justify="right"),
        "Date",
        "Kind",
        Column("Attempts", justify="right"),
        Column("Questions", justify="right"),
        Column("Bands", overflow="fold"),
    )
    for s in sessions:
        bands = band_letters(s.bands)
        if len(bands) > BANDS_ROOM:  # a long session: the tally instead of every letter
            bands = " ".join(
                f"{band_letters([b])}×{s.bands.count(b)}" for b in BAND_LABELS if b in s.bands
            )
        output.add_row(t, s.id, local_time(s.started_at), s.kind, s.attempts, s.questions, bands)
    output.print_table(t)
    print(
        f"\n{plural(len(sessions), 'session')}. Show one: interview-coach review ID"
        "  (S/L/N: Strong/Lean/No Hire)"
    )
    return EXIT_OK


def _review_session(store, sid: int, as_json: bool) -> int:
    from interview_coach.scoring.report import render

    summary = store.session(sid)
    if summary is None:
        raise CliError(f"no session {sid}; list them with: interview-coach review")
    attempts = store.attempts(session_id=sid)
    debrief = store.debrief(sid) if summary.has_debrief else None
    if as_json:
        d = session_dict(summary)
        d["attempts"] = [a.to_dict() for a in attempts]
        if debrief is not None:
            d["debrief"] = debrief
        print(json_dumps(d, indent=2, default=str))
        return EXIT_OK
    width = max(40, min(100, (output.output_width() or 100) - 1))
    kind = "Mock interview" if summary.kind == "interview" else "Session"
    print(
        f"{kind} {summary.id}: {local_time(summary.started_at)} to"
        f" {local_time(summary.ended_at, '%H:%M')}, {plural(summary.attempts, 'attempt')}"
        f" at {plural(summary.questions, 'question')}: {band_letters(summary.bands)}"
    )
    if summary.model:
        print(f"Model: {summary.model}")
    for n, a in enumerate(attempts, 1):
        aids = [local_time(a.scored_at)]
        if a.hints_used:
            aids.append(f"{plural(a.hints_used, 'hint')} used")
        if a.revealed:
            aids.append("model answer seen first")
        if a.seconds:
            aids.append(f"{a.seconds:.0f}s answering")
        if a.timed_out:
            aids.append("time ran out")
        title = f"== Attempt {n} of {len(attempts)}: {', '.join(aids)} "
        print("\n" + title + "=" * max(0, width - len(title)))
        # render() opens with the question block: the answer goes between it and the verdict.
        question_block, _, feedback = render(a.result, width).partition("\n\n")
        if a.follow_up:  # a mock interview's: shown below as asked, with the reply
            feedback = _without_block(feedback, "Follow-up question:")
        print(question_block + "\n\nYour answer:")
        for para in a.answer.splitlines() or [""]:
            print(textwrap.fill(para, width, initial_indent="  ", subsequent_indent="  ") or "")
        print("\n" + feedback)
        _print_follow_up(a.follow_up, width)
    if debrief is not None:
        print(
            f"\nRecommendation: {BAND_LABELS.get(debrief.get('recommendation', ''), '?')}."
            f" The debrief: interview-coach export {sid} --format md"
        )
    elif summary.kind == "interview":
        print("\nThe round was not finished, so it has no debrief.")
    return EXIT_OK


def _without_block(text: str, title: str) -> str:
    """`text` without the paragraph that starts with `title`."""
    return "\n\n".join(p for p in text.split("\n\n") if not p.startswith(title))


def _print_follow_up(f: dict | None, width: int) -> None:
    """A mock interview's follow-up as it was asked, the reply and its verdict."""
    if not f or not f.get("question"):
        return
    print("\nFollow-up asked:")
    print(textwrap.fill(f["question"], width, initial_indent="  ", subsequent_indent="  "))
    print("Your reply:")
    for para in (f.get("answer") or "(no answer)").splitlines() or [""]:
        print(textwrap.fill(para, width, initial_indent="  ", subsequent_indent="  ") or "")
    verdict = str(f.get("verdict", "")).replace("_", " ")
    point = f" ({f['point_label']})" if f.get("point_label") else ""
    print(f"Reply: {verdict}{point}")


def _review_compare(store, question, as_json: bool) -> int:

    attempts = store.attempts(question_id=question.id)
    rows = [
        {
            "session_id": a.session_id,
            "attempt_id": a.id,
            "scored_at": a.scored_at,
            "band": a.band,
            "band_label": a.band_label,
            "confidence": a.confidence,
            "covered": len(a.covered),
            "key_points": len(a.covered) + len(a.missing),
            "hints_used": a.hints_used,
            "revealed": a.revealed,
        }
        for a in attempts
    ]
    trend = _trend([a.band for a in attempts])
    if as_json:
        print(
            json_dumps(
                {"question_id": question.id, "question": question.text, "attempts": rows,
                 "trend": trend},
                indent=2,
            )
        )  # fmt: skip
        return EXIT_OK
    print(output.wrap(f"{question.id}: {question.text}"))
    if not attempts:
        print(f"\nNo attempts at this question yet. Practise it: interview-coach practice"
              f" --search {question.id}")  # fmt: skip
        return EXIT_OK
    print()
    t = output.table(
        "Date",
        Column("Session", justify="right"),
        "Band",
        Column("Conf", justify="right"),
        Column("Covered", justify="right"),
        "Hints",
    )
    for r, a in zip(rows, attempts, strict=True):
        hints = str(r["hints_used"]) + (" +answer" if r["revealed"] else "")
        output.add_row(
            t,
            local_time(r["scored_at"]),
            r["session_id"],
            r["band_label"],
            a.confidence_cell,
            f"{r['covered']}/{r['key_points']}",
            hints,
        )
    output.print_table(t)
    letters = band_letters(a.band for a in attempts)
    if len(letters) > 40:
        letters = "… " + letters[-38:]
    print(f"\nTrend: {letters}  ({trend})")
    return EXIT_OK


def _trend(bands: list[str]) -> str:
    # The word comes from progress.trend, so this agrees with the review screen's Compare.
    from interview_coach.transcripts.progress import band_value, trend

    if not bands:
        return "no attempts yet"
    if len(bands) == 1:
        return f"one attempt: {BAND_LABELS.get(bands[0], bands[0])}"
    first, last = bands[0], bands[-1]
    word = trend([band_value(b) for b in bands])
    return (
        f"{word}: {BAND_LABELS.get(first, first)} to {BAND_LABELS.get(last, last)}"
        f" over {len(bands)} attempts"
    )


def run_export(args) -> int:

    if args.all == (args.session is not None):
        raise CliError("export needs a session ID or --all (not both)")
    sid = _session_id(args.session) if args.session is not None else None
    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
        fmt = {"json": "json", "csv": "csv", "md": "md", "markdown": "md"}.get(suffix, "md")
    store = _open_store(args)
    if store is None and sid is not None:
        raise CliError(f"no session {sid}: {NO_SESSIONS.lower()}")
    if store is None:  # --all of nothing: an empty but valid document, and say why
        print(_no_sessions_text(args), file=sys.stderr)
    try:
        n = _write_export(store, fmt, args.output, sid)
    except UnknownSessionError as exc:
        raise CliError(str(exc)) from exc
    finally:
        if store is not None:
            store.close()
    if args.output is not None:
        print(f"Wrote {plural(n, 'attempt')} to {args.output} ({fmt})", file=sys.stderr)
    return EXIT_OK


def _write_export(store, fmt: str, output: Path | None, sid: int | None) -> int:

    def run(out) -> int:
        return export(store or _EmptyStore(), fmt, out, sid)  # type: ignore[arg-type]

    if output is None:
        n = run(sys.stdout)
        sys.stdout.flush()
        return n
    try:
        # Transcripts are private: a file is replaced owner-only, like the database. A
        # FIFO, a terminal or /dev/stdout is written through; see common.files.
        with atomic_writer(output) as out:
            return run(out)
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror}", EXIT_FAIL) from exc


class _EmptyStore:
    """Stands in for a database that does not exist yet: no sessions, no attempts."""

    def sessions(self, **_):
        return []

    def session(self, _sid):
        return None

    def attempts(self, **_):
        return []

    def iter_attempts(self):
        return iter(())


def run_due(args) -> int:
    from interview_coach.transcripts.schedule import (
        due_now,
        make_scheduler,
        queue,
        reviews_from_history,
    )

    try:
        scheduler = make_scheduler(args.scheduler)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    cat = catalog(args, quiet=True)
    store = _open_store(args)
    history = []
    if store is not None:
        with store:
            history = store.history()
    items = queue(reviews_from_history(history), scheduler)
    at = datetime.now(UTC)
    due = due_now(items, at)  # the queue is soonest first, so most overdue first
    upcoming = [i for i in items if i.due > at]
    practised = {i.question_id for i in items}
    fresh = [q.id for q in cat.scorable() if q.id not in practised]

    def text(qid: str) -> str:
        q = cat.questions.get(qid)
        return q.text if q else qid

    if args.json:

        def row(i) -> dict:
            return {
                "question_id": i.question_id,
                "question": text(i.question_id),
                "due": i.due.isoformat(timespec="seconds"),
                "overdue_days": round(i.overdue_days(at), 2),
                "last_band": i.last_band,
                "last_at": i.last_at.isoformat(timespec="seconds"),
                "attempts": i.reviews,
            }

        out = {
            "scheduler": scheduler.name,
            "now": at.isoformat(timespec="seconds"),
            "due": [row(i) for i in due],
            "not_practised": fresh,
        }
        if args.all:
            out["upcoming"] = [row(i) for i in upcoming]
        print(json_dumps(out, indent=2))
        if not items:
            print(_no_sessions_text(args), file=sys.stderr)
        return EXIT_OK
    if not items:
        print(_no_sessions_text(args))
        if fresh:
            print(f"{plural(len(fresh), 'question')} not practised yet.")
        return EXIT_OK

    def when(i) -> str:
        return i.when(at)

    def table(rows) -> None:
        # The question wraps in the room left (all of it on one line when piped): two
        # questions that start alike stay told apart.
        t = output.table(
            "Due", "", "Last", Column("Tries", justify="right"),
            Column("Question", ratio=1, overflow="fold"),
        )  # fmt: skip
        for i in rows:
            output.add_row(
                t,
                i.due.astimezone().strftime("%d %b"),
                when(i),
                BAND_LABELS.get(i.last_band, i.last_band),
                i.reviews,
                text(i.question_id),
            )
        output.print_table(t)

    if due:
        print(f"{plural(len(due), 'question')} due now ({scheduler.name}):\n")
        table(due)
    else:
        nxt = upcoming[0]
        print(
            output.wrap(
                f"Nothing due now ({scheduler.name}). The next is due {when(nxt)}"
                f" ({nxt.due.astimezone().strftime('%Y-%m-%d %H:%M')}):"
            )
        )
        print(output.wrap(text(nxt.question_id), indent="  "))
    if args.all and upcoming:
        print("\nLater:\n")
        table(upcoming)
    if fresh:
        print(f"\n{plural(len(fresh), 'question')} not practised yet: interview-coach practice")
    return EXIT_OK

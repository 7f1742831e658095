"""`interview`: a mock interview. Live, it opens the chat straight into a round; with
`--answers FILE.jsonl` it replays a scripted round without a terminal and prints the
debrief (Markdown, or JSON with `--json`). The round itself is `coaching.interview`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import LEVELS
from interview_coach.cli import output
from interview_coach.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    CliError,
    catalog,
    category_arg,
    check_category,
    content_arg,
    db_arg,
    load_scorer,
    model_args,
)
from interview_coach.coaching.interview import (
    DEFAULT_COUNT,
    DEFAULT_MINUTES,
    InterviewOptions,
    InterviewRound,
    ReplayError,
    describe,
    last_round,
    plan_round,
    read_replay,
    replay,
)
from interview_coach.coaching.levels import LEVEL_ORDER
from interview_coach.coaching.profile import load_profile
from interview_coach.common.safe_text import json_dumps


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "interview",
        help="a mock interview: questions, one follow-up each, a clock, and a debrief",
        description="A mock behavioral round: the interviewer asks N questions (one from the"
        " interview cheat sheet and one practice problem among them), one follow-up after"
        " each answer, no hints, a clock per answer, then the debrief a hiring committee"
        " would read. With --answers it replays a round from a JSONL file instead, each line"
        ' {"question": ID_OR_TEXT, "answer": TEXT, "follow_up_answer": TEXT} (a missing'
        " follow-up answer counts as no answer), and prints the debrief.",
    )
    p.add_argument("--count", "-n", type=int, help=f"questions (default {DEFAULT_COUNT})")
    p.add_argument(
        "--minutes",
        type=float,
        default=DEFAULT_MINUTES,
        help=f"time to answer each question (default {DEFAULT_MINUTES:g})",
    )
    category_arg(p)
    p.add_argument("--level", choices=LEVELS, help="only questions for this level")
    p.add_argument("--questions", metavar="ID,...", help="ask these questions, in this order")
    p.add_argument(
        "--target-level",
        choices=LEVEL_ORDER,
        help="the level to be measured against (default: your profile's target, f2 in the chat)",
    )
    p.add_argument("--seed", type=int, help="choose the questions reproducibly")
    p.add_argument(
        "--answers",
        type=Path,
        metavar="FILE.jsonl",
        help="replay a round from this file instead of asking in the chat",
    )
    p.add_argument("--json", action="store_true", help="with --answers: print the debrief as JSON")
    p.add_argument("--no-save", action="store_true", help="with --answers: do not save the round")
    db_arg(p)
    content_arg(p)
    model_args(p)
    p.set_defaults(func=run)


def run(args) -> int:
    if args.minutes is None or not 0 < args.minutes <= 60:
        raise CliError("--minutes must be more than 0 and at most 60")
    if args.count is not None and args.count < 1:
        raise CliError("--count must be at least 1")
    if args.answers is not None:
        return _replay(args)
    if args.json or args.no_save:
        raise CliError("--json and --no-save go with --answers FILE.jsonl")
    cat = catalog(args)
    check_category(cat, args.category)
    profile = load_profile()
    ids = _ids(args.questions)
    # Planned here, so an unknown id is exit 2 with its nearest matches before the chat opens;
    # the chat asks exactly these questions.
    try:
        questions = plan_round(
            cat,
            count=args.count or DEFAULT_COUNT,
            category=args.category,
            level=args.level,
            question_ids=ids,
            target_level=args.target_level or profile.target_level,
            track=profile.track,
            previous=last_round(),
            seed=args.seed,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    if not questions:
        raise CliError("no questions match that selection; see 'interview-coach questions'")
    options = InterviewOptions(
        count=len(questions),
        minutes=args.minutes,
        category=args.category,
        level=args.level,
        question_ids=tuple(q.id for q in questions),
        seed=args.seed,
    )
    return launch_chat(args, cat, options)


def launch_chat(args, cat: Catalog, options: InterviewOptions) -> int:
    """The chat, opened straight into a mock interview of `options` (its questions already
    planned), which it starts with `coaching.interview.start_round` once the model is
    loaded."""
    from interview_coach.common.config import load_settings
    from interview_coach.scoring.engine import make_scorer
    from interview_coach.tui.app import CoachApp

    settings = load_settings(getattr(args, "model", None), getattr(args, "no_cache", False))
    app = CoachApp(
        cat,
        lambda: make_scorer(settings),
        db_path=getattr(args, "db", None),
        content_dirs=getattr(args, "content", None) or (),
        interview=options,
    )
    app.run()
    return EXIT_OK


def _ids(text: str | None) -> list[str] | None:
    if text is None:
        return None
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise CliError("--questions needs at least one id, e.g. --questions mentoring,build-vs-buy")
    return ids


def _replay(args) -> int:
    from interview_coach.coaching.recorder import Recorder

    narrowing = [
        flag
        for flag, value in (
            ("--count", args.count),
            ("--category", args.category),
            ("--level", args.level),
            ("--questions", args.questions),
        )
        if value is not None
    ]
    if narrowing:
        raise CliError(
            f"--answers replays the questions its lines name: drop {', '.join(narrowing)}"
        )
    try:
        text = args.answers.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise CliError(f"cannot read {args.answers}: {exc.strerror}") from exc
    cat = catalog(args)
    try:
        script = read_replay(cat, text, args.answers)  # every line checked before scoring
    except ReplayError as exc:
        raise CliError(str(exc)) from exc
    target = args.target_level or load_profile().target_level
    scorer = load_scorer(args)
    recorder = None
    if not args.no_save:
        recorder = Recorder(getattr(args, "db", None))
        options = InterviewOptions(question_ids=tuple(t.question.id for t in script))
        recorder.new_session(f"{describe(options)} replayed from {args.answers.name}", "interview")
        recorder.open()  # StoreError: the app's handler says why, exit 1
    try:
        rnd = InterviewRound(
            [t.question for t in script],
            cat,
            scorer,
            minutes=args.minutes,
            target_level=target,
            recorder=recorder,
        )
        with output.waiting(f"Scoring {len(script)} answers…"):
            debrief = replay(rnd, script)
    finally:
        if recorder is not None:
            unsaved, why = recorder.unsaved, recorder.status
            session = recorder.session_id
            recorder.close()
    if args.json:
        doc = debrief.to_dict()
        doc["session_id"] = session if recorder is not None else None
        print(json_dumps(doc, indent=2))
    else:
        print(debrief.to_markdown(), end="")
    if recorder is not None:
        if unsaved:
            print(f"interview-coach: error: the round was not all saved ({why})", file=sys.stderr)
            return EXIT_FAIL
        if session is not None:
            print(
                f"Saved as session {session}: interview-coach export {session} --format md",
                file=sys.stderr,
            )
    return EXIT_OK

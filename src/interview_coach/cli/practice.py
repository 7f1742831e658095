"""`practice` (the default with no command): the chat."""

from __future__ import annotations

import argparse

from interview_coach.bank.models import LEVELS
from interview_coach.cli.common import (
    EXIT_OK,
    CliError,
    catalog,
    category_arg,
    check_category,
    content_arg,
    db_arg,
    model_args,
)
from interview_coach.common.config import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    pr = sub.add_parser("practice", help="the practice chat (the default with no command)")
    add_arguments(pr)
    pr.set_defaults(func=run)


def add_arguments(pr: argparse.ArgumentParser) -> None:
    category_arg(pr)
    pr.add_argument("--level", choices=LEVELS)
    pr.add_argument("--search", "-s", help="practise the questions matching this text")
    pr.add_argument("--count", "-n", type=int, help="questions in this session")
    pr.add_argument("--shuffle", action="store_true", help="random order")
    db_arg(pr)
    content_arg(pr)
    model_args(pr)


def run(args) -> int:
    from interview_coach.coaching.session import Selection
    from interview_coach.scoring.engine import make_scorer
    from interview_coach.tui.app import CoachApp

    settings = load_settings(getattr(args, "model", None), getattr(args, "no_cache", False))
    selection = Selection(
        category=getattr(args, "category", None),
        level=getattr(args, "level", None),
        search=getattr(args, "search", None),
        count=getattr(args, "count", None),
        shuffle=getattr(args, "shuffle", False),
    )
    cat = catalog(args)
    check_category(cat, selection.category)
    app = CoachApp(
        cat,
        lambda: make_scorer(settings),
        selection,
        db_path=getattr(args, "db", None),
        content_dirs=getattr(args, "content", None) or (),
    )
    if not app.session.questions:
        raise CliError("no questions match that selection; see 'interview-coach questions'")
    app.run()
    return EXIT_OK

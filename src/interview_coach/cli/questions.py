"""`questions`: the bank, filtered, as text or JSON."""

from __future__ import annotations

import argparse

from rich.table import Column

from interview_coach.bank.models import LEVELS
from interview_coach.cli import output
from interview_coach.cli.common import EXIT_OK, catalog, category_arg, check_category, content_arg
from interview_coach.common.safe_text import json_dumps


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser("questions", help="list the question bank")
    category_arg(q)
    q.add_argument("--level", choices=LEVELS)
    q.add_argument("--search", "-s", help="fuzzy search over question text")
    q.add_argument("--json", action="store_true")
    content_arg(q)
    q.set_defaults(func=run)


def run(args) -> int:
    cat = catalog(args)
    check_category(cat, args.category)
    qs = list(cat.questions.values())
    if args.search:
        qs = [q for q, _ in cat.search(args.search, limit=len(qs))]
    if args.category:
        qs = [q for q in qs if q.category == args.category]
    if args.level:
        qs = [q for q in qs if q.level in (args.level, "all")]
    if args.json:
        print(
            json_dumps(
                [
                    {
                        "id": q.id,
                        "text": q.text,
                        "category": q.category,
                        "level": q.level,
                        "track": q.track,
                        "kind": q.kind,
                        "has_rubric": q.id in cat.rubrics,
                        "origin": cat.origin(q.id),
                    }
                    for q in qs
                ],
                indent=2,
            )
        )
        return EXIT_OK
    if not qs:
        print("No questions match.")
        return EXIT_OK
    # Rich lays the table out: the question wraps in the room the terminal leaves (all of it,
    # on one line, when piped); nothing is cut.
    t = output.table(
        Column("ID", overflow="fold"),
        "Level",
        Column("Category", overflow="fold"),
        Column("Question", ratio=1, overflow="fold"),
    )
    own = 0
    for q in qs:
        mark = "" if cat.origin(q.id) == "built-in" else "*"
        own += bool(mark)
        output.add_row(t, q.id + mark, q.level, q.category, q.text)
    output.print_table(t)
    if own:
        print(f"\n* {own} from your own files (see `interview-coach questions --json`).")
    print(f"\n{len(qs)} question(s). Score one: interview-coach score -q ID -a 'your answer'")
    return EXIT_OK

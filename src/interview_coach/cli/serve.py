"""`serve`: the practice chat in a web browser (textual-serve). Each browser tab runs its own
`interview-coach practice` with the options given here."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from interview_coach.cli import practice
from interview_coach.cli.common import EXIT_OK, CliError, catalog
from interview_coach.coaching.session import Selection, select_questions

NO_LOGIN = (
    "warning: serving on {host}, not only on this computer. The page has no login: anyone who"
    " can reach port {port} can use the app and read your transcripts. Use --host 127.0.0.1"
    " to keep it to this computer."
)


def register(sub: argparse._SubParsersAction) -> None:
    sv = sub.add_parser(
        "serve",
        help="the practice chat in your web browser",
        description="Serve the practice chat to a web browser. It has no login: by default"
        " only this computer can open it.",
    )
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    sv.add_argument(
        "--port", type=port_number, default=8000, help="port (default: 8000; 0 picks a free one)"
    )
    practice.add_arguments(sv)
    sv.set_defaults(func=run)


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return port


def app_command(args: argparse.Namespace) -> list[str]:
    """The command each browser tab runs: the practice chat with this command's options."""
    cmd = [sys.executable, "-m", "interview_coach", "practice"]
    db = getattr(args, "db", None)
    if db:  # absolute: the app's working directory is not promised
        cmd += ["--db", str(Path(db).expanduser().resolve())]
    for content in getattr(args, "content", None) or ():
        cmd += ["--content", str(Path(content).expanduser().resolve())]
    for option in ("category", "level", "search", "count", "model"):
        value = getattr(args, option, None)
        if value is not None:
            cmd += [f"--{option}", str(value)]
    for flag in ("shuffle", "no_cache"):
        if getattr(args, flag, False):
            cmd.append("--" + flag.replace("_", "-"))
    return cmd


def run(args: argparse.Namespace) -> int:
    from interview_coach.tui.serve import CoachServer, ServeError, bind

    # Checked here, once, so a bad selection is an error in the terminal and not a blank tab.
    selection = Selection(
        category=args.category, level=args.level, search=args.search, count=args.count
    )
    if not select_questions(catalog(args), selection):
        raise CliError("no questions match that selection; see 'interview-coach questions'")
    try:
        sock = bind(args.host, args.port)
    except ServeError as exc:
        raise CliError(str(exc)) from exc
    server = CoachServer(shlex.join(app_command(args)), sock, args.host)
    if not server.local_only:
        print(NO_LOGIN.format(host=args.host, port=server.port), file=sys.stderr, flush=True)
    server.serve()
    return EXIT_OK

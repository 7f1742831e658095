"""The command line: practice, serve, interview, score, eval, questions, rubric validate/check/new,
review, export, due. Thin: parsing and printing only; each command group is a module of this package
that registers its own subcommands, and everything else lives in the core packages."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import TextIO, cast

from interview_coach import __version__
from interview_coach.bank.catalog import QuestionLookupError
from interview_coach.cli import interview, practice, questions, rubric, score, serve, transcripts
from interview_coach.cli.common import (
    EXIT_FAIL,
    EXIT_USAGE,
    CliError,
    content_arg,
    db_arg,
)
from interview_coach.common import files
from interview_coach.common.config import ConfigError
from interview_coach.common.paths import cache_dir, config_dir, data_dir, db_path
from interview_coach.common.safe_text import SafeWriter
from interview_coach.transcripts.store import StoreError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="interview-coach",
        description="Offline interview practice for AI/ML engineering behavioral interviews.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    db_arg(p, top=True)  # `interview-coach --db X` is practice with that database
    content_arg(p, top=True)
    p.set_defaults(func=practice.run)  # no command: the chat
    sub = p.add_subparsers(dest="command")
    for group in (practice, serve, interview, score, questions, rubric, transcripts):
        group.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    # Every command prints question text, answers, file names and messages quoting files:
    # all of it reaches the terminal through one sanitiser, argparse's errors included. The
    # chat is not affected: Textual draws on the original streams.
    out, err = sys.stdout, sys.stderr
    if out is not None:
        sys.stdout = cast(TextIO, SafeWriter(out))
    if err is not None:
        sys.stderr = cast(TextIO, SafeWriter(err))
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    # What a killed earlier run left half-written in the app's own folders (an export's
    # folder is swept by the next export into it).
    files.sweep((config_dir(), data_dir(), cache_dir()))
    try:
        return args.func(args)
    except CliError as exc:
        print(f"interview-coach: error: {exc}", file=sys.stderr)
        return exc.code
    except StoreError as exc:
        print(f"interview-coach: error: {exc}\nUse --db to choose another file.", file=sys.stderr)
        return EXIT_FAIL
    except sqlite3.Error as exc:  # a problem found after opening: locked, damaged pages
        path = db_path(getattr(args, "db", None))
        print(
            f"interview-coach: error: {path}: database error ({exc}).\n"
            "Use --db to choose another file.",
            file=sys.stderr,
        )
        return EXIT_FAIL
    except (ConfigError, QuestionLookupError) as exc:
        print(f"interview-coach: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `interview-coach export --all | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the exit-time flush cannot fail again
        return EXIT_FAIL

"""What every command shares: exit codes, the error type, the shared option groups, and the
bank and scorer as the commands load them."""

from __future__ import annotations

import argparse
import sys

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import CATEGORIES
from interview_coach.bank.problems import summarised
from interview_coach.cli import output
from interview_coach.common.config import load_settings

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
TABLE_WIDTH = 80
NO_SESSIONS = "No sessions yet. Practise with: interview-coach"
BAND_CHOICES = {"strong": "strong_hire", "lean": "lean_hire", "no": "no_hire"}


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def db_arg(p: argparse.ArgumentParser, top: bool = False) -> None:
    # On a subcommand the default is SUPPRESS, so `interview-coach --db X review` keeps the
    # top-level value instead of the subparser resetting it to None.
    p.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="transcript database (default: in your data dir; env INTERVIEW_COACH_DB)",
    )


def content_arg(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        default=None if top else argparse.SUPPRESS,
        help="also load questions and rubrics from DIR (repeatable; env INTERVIEW_COACH_CONTENT)",
    )


def category_name(value: str) -> str:
    """argparse's type for --category: any lowercase-kebab name (a question file may bring a
    new category); whether any question is in it is checked once the bank is loaded."""
    from interview_coach.bank.loader import ID_RE

    if not ID_RE.match(value):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a category name (lowercase letters, digits and dashes),"
            f" e.g. {', '.join(CATEGORIES[:3])}"
        )
    return value


def category_arg(p: argparse.ArgumentParser, help: str = "only questions in this category") -> None:
    p.add_argument(
        "--category",
        metavar="NAME",
        type=category_name,
        help=f"{help} ({', '.join(CATEGORIES)}, or one your own files add)",
    )


def check_category(cat: Catalog, value: str | None) -> None:
    """A CliError when no question in the bank is in category `value`, naming the nearest."""
    from interview_coach.bank.loader import close_category

    if value is None:
        return
    known = sorted({q.category for q in cat.questions.values()})
    if value in known:
        return
    near = close_category(value, known)
    hint = f"; did you mean '{near}'?" if near else f"; the categories: {', '.join(known)}"
    raise CliError(f"no question is in category '{value}'{hint}")


def model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        help="sentence-transformers model name or path"
        " (default: bundled all-MiniLM-L6-v2; env INTERVIEW_COACH_MODEL)",
    )
    p.add_argument("--no-cache", action="store_true", help="do not use the exemplar vector cache")


def speech_args(p: argparse.ArgumentParser, keep_audio: bool = False) -> None:
    """--speech-model (and, where recordings can be saved, --keep-audio)."""
    p.add_argument(
        "--speech-model",
        metavar="DIR",
        help="a CTranslate2 Whisper model directory for transcription"
        " (default: the bundled tiny.en; env INTERVIEW_COACH_SPEECH_MODEL)",
    )
    if keep_audio:
        p.add_argument(
            "--keep-audio",
            action="store_true",
            help="keep each recording beside the transcripts (owner-only; deleted with its"
            " session). Default: recordings are never kept",
        )


def catalog(args, quiet: bool = False) -> Catalog:
    cat = Catalog.load(extra=getattr(args, "content", None) or ())
    if not quiet:
        warn_skipped(cat.errors)
    return cat


# Where a half-written file's TODO placeholders are listed one by one.
SEE_TODOS = "`interview-coach rubric validate` lists them"


def warn_skipped(problems) -> None:
    """The files (or parts) the bank skipped, on stderr: a file's TODO placeholders as one
    line with their count."""
    for line in summarised(problems, SEE_TODOS):
        print(f"warning: skipped: {line}", file=sys.stderr)


def load_scorer(args):
    """The scorer with its model loaded, or a CliError saying why the model cannot load.
    Loading takes seconds (10 or so cold): a terminal's stderr shows it."""
    with output.waiting("Loading the model…"):
        from interview_coach.scoring.embedding import ModelLoadError
        from interview_coach.scoring.engine import make_scorer

        made = make_scorer(load_settings(args.model, args.no_cache))
        try:
            made.load()
        except ModelLoadError as exc:
            raise CliError(str(exc)) from exc
    return made

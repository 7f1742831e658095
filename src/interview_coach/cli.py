"""The command line: practice, score, questions, review, export, due, rubric validate, eval.
Thin: parsing and printing only, everything else lives in the core modules."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

from . import __version__
from .catalog import Catalog, QuestionLookupError
from .config import ConfigError, load_settings
from .models import CATEGORIES, LEVELS, TRACKS
from .paths import db_path
from .store import StoreError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
BATCH_CHUNK = 64
TABLE_WIDTH = 80
NO_SESSIONS = "No sessions yet. Practise with: interview-coach"
BAND_CHOICES = {"strong": "strong_hire", "lean": "lean_hire", "no": "no_hire"}


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="interview-coach",
        description="Offline interview practice for AI/ML engineering behavioral interviews.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _db_arg(p, top=True)  # `interview-coach --db X` is practice with that database
    _content_arg(p, top=True)
    sub = p.add_subparsers(dest="command")

    pr = sub.add_parser("practice", help="the practice chat (the default with no command)")
    pr.add_argument("--category", choices=CATEGORIES)
    pr.add_argument("--level", choices=LEVELS)
    pr.add_argument("--search", "-s", help="practise the questions matching this text")
    pr.add_argument("--count", "-n", type=int, help="questions in this session")
    pr.add_argument("--shuffle", action="store_true", help="random order")
    _db_arg(pr)
    _content_arg(pr)
    _model_args(pr)

    s = sub.add_parser("score", help="score one answer, or a JSONL batch")
    s.add_argument("--question", "-q", help="question id or (fuzzy) text")
    src = s.add_mutually_exclusive_group()
    src.add_argument("--answer", "-a", help="the answer text (default: read stdin)")
    src.add_argument("--answer-file", type=Path, help="read the answer from a file")
    src.add_argument(
        "--batch", type=Path, help='JSONL file of {"question": ID_OR_TEXT, "answer": TEXT} lines'
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    _content_arg(s)
    _model_args(s)

    q = sub.add_parser("questions", help="list the question bank")
    q.add_argument("--category", choices=CATEGORIES)
    q.add_argument("--level", choices=LEVELS)
    q.add_argument("--search", "-s", help="fuzzy search over question text")
    q.add_argument("--json", action="store_true")
    _content_arg(q)

    r = sub.add_parser("rubric", help="rubric tools")
    rsub = r.add_subparsers(dest="rubric_command")
    v = rsub.add_parser("validate", help="check prompt and rubric files")
    v.add_argument(
        "paths", nargs="*", type=Path, help="files or directories (default: the built-in bank)"
    )
    c = rsub.add_parser(
        "check",
        help="validate rubrics, then check each can tell its bands apart",
        description="Validate the rubric files, then score each rubric's own exemplars"
        " leave-one-out and report accuracy, how far apart the bands are, near-duplicate"
        " exemplars, key points no Strong Hire exemplar makes, red flags a Strong Hire exemplar"
        " trips, and what to change. Exit 1 if any rubric fails or any file has errors.",
    )
    c.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="rubric (and prompt) files or directories, checked on top of the bank"
        " (default: every rubric in the bank)",
    )
    c.add_argument("--json", action="store_true", help="print JSON")
    _content_arg(c)
    _model_args(c)
    nw = rsub.add_parser(
        "new",
        help="write a commented prompt and rubric file for a new question",
        description="Asks for whatever is not given as a flag. Writes DIR/prompts/ID.yaml and"
        " DIR/rubrics/ID.yaml with a comment above every field and TODO where you write.",
    )
    nw.add_argument("--question", "-q", metavar="TEXT", help="what the interviewer asks")
    nw.add_argument("--id", help="lowercase-kebab id (default: made from the question)")
    nw.add_argument("--category", choices=CATEGORIES)
    nw.add_argument("--level", choices=LEVELS, help="default: all")
    nw.add_argument("--track", choices=TRACKS, help="default: any")
    nw.add_argument("--dir", type=Path, help="content directory (default: your config directory)")
    nw.add_argument("--force", action="store_true", help="overwrite existing files")

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
    rv.add_argument("--category", choices=CATEGORIES, help="sessions with a question in it")
    rv.add_argument(
        "--band", choices=tuple(BAND_CHOICES), help="sessions with an answer given that band"
    )
    rv.add_argument("--json", action="store_true", help="print JSON")
    _db_arg(rv)

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
    _db_arg(ex)

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
    _db_arg(du)

    e = sub.add_parser("eval", help="accuracy of the scorer on a labelled JSONL set")
    e.add_argument(
        "devset",
        nargs="?",
        type=Path,
        default=None,
        help="labelled JSONL (default: eval/devset.jsonl)",
    )
    e.add_argument("--json", action="store_true")
    e.add_argument("--show-errors", action="store_true", help="list misclassified answers")
    _model_args(e)
    return p


def _db_arg(p: argparse.ArgumentParser, top: bool = False) -> None:
    # On a subcommand the default is SUPPRESS, so `interview-coach --db X review` keeps the
    # top-level value instead of the subparser resetting it to None.
    p.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="transcript database (default: in your data dir; env INTERVIEW_COACH_DB)",
    )


def _content_arg(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        default=None if top else argparse.SUPPRESS,
        help="also load questions and rubrics from DIR (repeatable; env INTERVIEW_COACH_CONTENT)",
    )


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        help="sentence-transformers model name or path"
        " (default: bundled all-MiniLM-L6-v2; env INTERVIEW_COACH_MODEL)",
    )
    p.add_argument("--no-cache", action="store_true", help="do not use the exemplar vector cache")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command in (None, "practice"):
            return cmd_practice(args)
        if args.command == "score":
            return cmd_score(args)
        if args.command == "questions":
            return cmd_questions(args)
        if args.command == "rubric" and args.rubric_command == "validate":
            return cmd_validate(args)
        if args.command == "rubric" and args.rubric_command in ("check", "new"):
            from . import cli_rubric

            return getattr(cli_rubric, f"cmd_{args.rubric_command}")(args)
        if args.command == "eval":
            return cmd_eval(args)
        if args.command in ("review", "export", "due"):
            from . import cli_transcripts

            return getattr(cli_transcripts, f"cmd_{args.command}")(args)
        _parser().print_help()
        return EXIT_USAGE
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


def _catalog(args, quiet: bool = False) -> Catalog:
    cat = Catalog.load(extra=getattr(args, "content", None) or ())
    if cat.errors and not quiet:
        for problem in cat.errors:
            print(f"warning: skipped: {problem}", file=sys.stderr)
    return cat


def _scorer(args):
    from .embedding import ModelLoadError
    from .engine import make_scorer

    scorer = make_scorer(load_settings(args.model, args.no_cache))
    try:
        scorer.embedder.load()  # type: ignore[attr-defined]
    except ModelLoadError as exc:
        raise CliError(str(exc)) from exc
    return scorer


def _read_answer(args) -> str:
    if args.answer is not None:
        return args.answer
    if args.answer_file is not None:
        try:
            return args.answer_file.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            raise CliError(f"cannot read {args.answer_file}: {exc.strerror}") from exc
    if sys.stdin is None or sys.stdin.isatty():
        if sys.stdin is not None:
            print("Type your answer; end with Ctrl-D on a new line.", file=sys.stderr)
        else:
            raise CliError("no answer given: use --answer, --answer-file or stdin")
    data = sys.stdin.buffer.read() if sys.stdin is not None else b""
    return data.decode("utf-8", errors="replace")


def cmd_score(args) -> int:
    from .report import render
    from .scoring import EmptyAnswerError

    if args.batch is not None:
        if args.question:
            raise CliError("--batch reads each line's question; drop --question")
        return _score_batch(args)
    if not args.question:
        raise CliError("--question is required (an id or the question's text)")
    cat = _catalog(args)
    question = cat.find(args.question)
    rubric = cat.rubrics.get(question.id)
    if rubric is None:
        raise CliError(f"question '{question.id}' has no valid rubric, so it cannot be scored")
    answer = _read_answer(args)
    if not answer.strip():
        raise CliError("the answer is empty: pass --answer TEXT, --answer-file F, or pipe it in")
    scorer = _scorer(args)
    try:
        result = scorer.score(question, rubric, answer)
    except EmptyAnswerError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(render(result))
    return EXIT_OK


def _score_batch(args) -> int:
    try:
        lines = args.batch.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise CliError(f"cannot read {args.batch}: {exc.strerror}") from exc
    cat = _catalog(args)
    jobs: list[tuple[int, object, object, str]] = []
    outputs: dict[int, dict] = {}
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    for n, line in numbered:
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("each line must be a JSON object")
            question = cat.find(str(row.get("question", "")))
            answer = row.get("answer")
            if not isinstance(answer, str) or not answer.strip():
                raise ValueError("'answer' is missing or empty")
            rubric = cat.rubrics.get(question.id)
            if rubric is None:
                raise ValueError(f"question '{question.id}' has no valid rubric")
            jobs.append((n, question, rubric, answer))
        except (ValueError, QuestionLookupError) as exc:
            outputs[n] = {"line": n, "error": str(exc), "band": None}
    scorer = _scorer(args) if jobs else None
    for start in range(0, len(jobs), BATCH_CHUNK):
        chunk = jobs[start : start + BATCH_CHUNK]
        try:
            results = scorer.score_many([(q, r, a) for _, q, r, a in chunk])
            outputs.update({n: res.to_dict() for (n, *_), res in zip(chunk, results, strict=True)})
        except ValueError:
            for n, q, r, a in chunk:  # one bad answer must not sink the rest
                try:
                    outputs[n] = scorer.score(q, r, a).to_dict()
                except ValueError as exc:
                    outputs[n] = {"line": n, "question_id": q.id, "error": str(exc), "band": None}
    failed = 0
    for n, _ in numbered:
        out = outputs[n]
        failed += "error" in out
        if args.json:
            print(json.dumps(out, ensure_ascii=False))
        elif "error" in out:
            print(f"line {n}: error: {out['error']}")
        else:
            print(f"line {n}: {out['question_id']}: {out['band_label']} ({out['confidence']:.0%})")
    if failed:
        print(
            f"interview-coach: {failed} of {len(numbered)} lines could not be scored",
            file=sys.stderr,
        )
    return EXIT_FAIL if failed else EXIT_OK


def cmd_practice(args) -> int:
    from .coach import Selection
    from .engine import make_scorer
    from .tui.app import CoachApp

    settings = load_settings(getattr(args, "model", None), getattr(args, "no_cache", False))
    selection = Selection(
        category=getattr(args, "category", None),
        level=getattr(args, "level", None),
        search=getattr(args, "search", None),
        count=getattr(args, "count", None),
        shuffle=getattr(args, "shuffle", False),
    )
    app = CoachApp(
        _catalog(args),
        lambda: make_scorer(settings),
        selection,
        db_path=getattr(args, "db", None),
        content_dirs=getattr(args, "content", None) or (),
    )
    if not app.session.questions:
        raise CliError("no questions match that selection; see 'interview-coach questions'")
    app.run()
    return EXIT_OK


def cmd_questions(args) -> int:
    cat = _catalog(args)
    qs = list(cat.questions.values())
    if args.search:
        qs = [q for q, _ in cat.search(args.search, limit=len(qs))]
    if args.category:
        qs = [q for q in qs if q.category == args.category]
    if args.level:
        qs = [q for q in qs if q.level in (args.level, "all")]
    if args.json:
        print(
            json.dumps(
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
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not qs:
        print("No questions match.")
        return EXIT_OK
    width = max(len(q.id) for q in qs) + 1
    own = 0
    for q in qs:
        mark = "" if cat.origin(q.id) == "built-in" else "*"
        own += bool(mark)
        head = f"{q.id + mark:<{width}}  {q.level:<4} {q.category:<19} "
        room = max(20, shutil.get_terminal_size((80, 24)).columns - 1 - len(head))
        text = q.text if len(q.text) <= room else q.text[: room - 1] + "…"
        print(head + text)
    if own:
        print(f"\n* {own} from your own files (see `interview-coach questions --json`).")
    print(f"\n{len(qs)} question(s). Score one: interview-coach score -q ID -a 'your answer'")
    return EXIT_OK


def cmd_validate(args) -> int:
    from .catalog import Catalog
    from .loader import yaml_files
    from .paths import builtin_dir

    prompt_files, rubric_files = (
        _classify(args.paths)
        if args.paths
        else (yaml_files(builtin_dir("prompts")), yaml_files(builtin_dir("rubrics")))
    )
    given_prompts = {p.resolve() for p in prompt_files}
    # A rubric checked on its own still needs its question: built-in prompts give context.
    context = [p for p in yaml_files(builtin_dir("prompts")) if p.resolve() not in given_prompts]
    given_ids = {p.stem for p in prompt_files}
    cat = Catalog.from_files(
        [*prompt_files, *(p for p in context if p.stem not in given_ids)], rubric_files
    )
    shown = [
        p
        for p in cat.problems
        if p.path is None or p.path.resolve() in given_prompts | {r.resolve() for r in rubric_files}
    ]
    for problem in shown:
        print(problem)
    errors = sum(p.severity == "error" for p in shown)
    warnings = len(shown) - errors
    print(
        f"{len(prompt_files)} prompt file(s), {len(rubric_files)} rubric file(s): "
        f"{errors} error(s), {warnings} warning(s)"
    )
    return EXIT_FAIL if errors else EXIT_OK


def _classify(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    from .content import classify

    for path in paths:
        if not path.exists():
            raise CliError(f"{path}: no such file or directory")
    return classify(paths)


def cmd_eval(args) -> int:
    from .evaluate import metrics, read_labelled

    path = args.devset or Path(__file__).resolve().parents[2] / "eval" / "devset.jsonl"
    if not path.is_file():
        raise CliError(f"{path}: no such file; pass the labelled JSONL to evaluate")
    try:
        rows = read_labelled(path)
    except (ValueError, json.JSONDecodeError) as exc:
        raise CliError(str(exc)) from exc
    cat = _catalog(args)
    items = []
    for row in rows:
        q = cat.find(row["question"])
        items.append((q, cat.rubrics[q.id], row["answer"]))
    scorer = _scorer(args)
    results = scorer.score_many(items)
    truth = [row["band"] for row in rows]
    pred = [r.band for r in results]
    m = metrics(truth, pred)
    if args.json:
        print(json.dumps(m.to_dict()))
    else:
        print(f"{path}: {m.n} answers over {len({r['question'] for r in rows})} questions")
        print(
            f"accuracy {m.accuracy:.3f}   macro-F1 {m.macro_f1:.3f}   "
            f"Strong<->No swaps {m.strong_no_swaps}"
        )
        print(m.table())
    if args.show_errors:
        for row, r in zip(rows, results, strict=True):
            if row["band"] != r.band:
                print(
                    f"\n[{row['question']}] true {row['band']} predicted {r.band} "
                    f"z={r.score} cov={r.coverage} sims={r.similarity} "
                    f"gate={r.gate and r.gate['code']}"
                    f"\n  {row['answer'][:300]}"
                )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

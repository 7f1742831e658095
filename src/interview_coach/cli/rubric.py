"""`rubric validate`, `rubric check` and `rubric new`: the tools for writing your own questions.
`check` reports whether each rubric can tell its bands apart (leave-one-out on its own
exemplars, separation, duplicates, uncovered key points, red flags in strong answers) and what
to change; the checks themselves live in authoring.check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.table import Column, Table
from rich.text import Text

from interview_coach.authoring.check import RubricReport
from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BAND_LABELS, BANDS, CATEGORIES, LEVELS, TRACKS, Band
from interview_coach.bank.problems import Problem
from interview_coach.cli import output
from interview_coach.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    TABLE_WIDTH,
    CliError,
    catalog,
    category_name,
    content_arg,
    load_scorer,
    model_args,
    warn_skipped,
)
from interview_coach.common.safe_text import json_dumps, safe
from interview_coach.common.textfmt import plural


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("rubric", help="rubric tools")
    r.set_defaults(func=lambda args: _usage(r))
    rsub = r.add_subparsers(dest="rubric_command")
    v = rsub.add_parser("validate", help="check prompt and rubric files")
    v.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or directories (default: every layer the app loads: the built-in bank,"
        " your own files, INTERVIEW_COACH_CONTENT and --content directories)",
    )
    content_arg(v)
    v.set_defaults(func=run_validate)
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
    content_arg(c)
    model_args(c)
    c.set_defaults(func=run_check)
    nw = rsub.add_parser(
        "new",
        help="write a commented prompt and rubric file for a new question",
        description="Asks for whatever is not given as a flag. Writes DIR/prompts/ID.yaml and"
        " DIR/rubrics/ID.yaml with a comment above every field and TODO where you write.",
    )
    nw.add_argument("--question", "-q", metavar="TEXT", help="what the interviewer asks")
    nw.add_argument("--id", help="lowercase-kebab id (default: made from the question)")
    nw.add_argument(
        "--category",
        metavar="NAME",
        type=category_name,
        help=f"one of {', '.join(CATEGORIES)}, or a new one (lowercase-kebab)",
    )
    nw.add_argument("--level", choices=LEVELS, help="default: all")
    nw.add_argument("--track", choices=TRACKS, help="default: any")
    nw.add_argument("--dir", type=Path, help="content directory (default: your config directory)")
    nw.add_argument("--force", action="store_true", help="overwrite existing files")
    nw.set_defaults(func=run_new)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def run_validate(args) -> int:
    if not args.paths:
        return _validate_bank(args)
    from interview_coach.bank.loader import yaml_files
    from interview_coach.common.paths import builtin_dir

    prompt_files, rubric_files = _classify(args.paths)
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
    return _print_validation(shown, len(prompt_files), len(rubric_files))


def _validate_bank(args) -> int:
    """Every layer the app loads (built-in, your own files, INTERVIEW_COACH_CONTENT and
    --content directories), read as the app reads them: so the problems listed are the
    reasons the app skips a file."""
    from interview_coach.bank.layers import layers

    stack = layers(getattr(args, "content", None) or ())
    cat = Catalog.from_layers(stack)
    for layer in stack:
        where = "" if layer.builtin else f" {', '.join(map(str, layer.roots))}"
        files = (
            f"{plural(len(layer.prompt_files), 'prompt file')},"
            f" {plural(len(layer.rubric_files), 'rubric file')}"
        )
        if layer.graded_files:
            files += f", {plural(len(layer.graded_files), 'graded-answer file')}"
        name = layer.name if layer.name in ("built-in", "yours") else "content"
        print(f"{name}{where}: {files}")
    print()
    return _print_validation(
        _unique(cat.problems),
        sum(len(layer.prompt_files) for layer in stack),
        sum(len(layer.rubric_files) for layer in stack),
    )


def _print_validation(shown: list[Problem], prompts: int, rubrics: int) -> int:
    for problem in shown:
        print(problem)
    errors = sum(p.severity == "error" for p in shown)
    warnings = len(shown) - errors
    print(
        f"{prompts} prompt file(s), {rubrics} rubric file(s):"
        f" {errors} error(s), {warnings} warning(s)"
    )
    return EXIT_FAIL if errors else EXIT_OK


def _classify(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    from interview_coach.bank.layers import classify

    for path in paths:
        if not path.exists():
            raise CliError(f"{path}: no such file or directory")
    return classify(paths)


def run_check(args) -> int:
    paths: list[Path] = list(args.paths or [])
    if paths:
        cat, given_rubrics, shown = _given_catalog(args, paths)
    else:
        cat = catalog(args, quiet=True)
        shown = list(cat.problems)
        given_rubrics = None
    shown = _unique(shown)
    errors = [p for p in shown if p.severity == "error"]
    bad_files = {p.path.resolve() for p in errors if p.path is not None}
    todo = [
        (cat.questions[qid], rubric)
        for qid, rubric in cat.rubrics.items()
        if qid in cat.questions
        and (given_rubrics is None or _resolved(rubric.path) in given_rubrics)
        and _resolved(rubric.path) not in bad_files
    ]
    reports = _check_all(args, todo) if todo else []
    if args.json:
        print(json_dumps(_to_json(shown, reports, len(bad_files)), indent=2))
    else:
        for problem in shown:
            print(problem)
        if shown:
            print()
        width = output.output_width()
        for report in reports:
            print(render(report, width))
            print()
        print(summary(reports, len(bad_files)))
    failed = errors or any(not r.passed for r in reports)
    return EXIT_FAIL if failed else EXIT_OK


def _given_catalog(args, paths: list[Path]) -> tuple[Catalog, set[Path], list[Problem]]:
    """The bank (built-in, yours, --content) with the given files as the top layer, so that
    a rubric for a question already in the bank needs no copy of its prompt file."""
    from interview_coach.bank import layers as content

    for path in paths:
        if not path.exists():
            raise CliError(f"{path}: no such file or directory")
    prompt_files: list[Path] = []
    rubric_files: list[Path] = []
    graded: list[Path] = []
    for path in paths:
        # A content directory's prompts/ and rubrics/, or the YAML files given, told apart by
        # their contents: as the bank reads a --content directory.
        layer = content.directory_layer(path)
        prompt_files += layer.prompt_files
        rubric_files += layer.rubric_files
        graded += layer.graded_files
    given = {p.resolve() for p in [*prompt_files, *rubric_files]}
    name = str(paths[0]) if len(paths) == 1 else "the files given"
    top = content.Layer(
        name, tuple(prompt_files), tuple(rubric_files), tuple(graded), roots=tuple(paths)
    )
    cat = Catalog.from_layers([*content.layers(getattr(args, "content", None) or ()), top])
    shown = [p for p in cat.problems if p.path is None or p.path.resolve() in given]
    # A broken file elsewhere in the bank: not what was asked, said in brief.
    warn_skipped([p for p in cat.errors if p not in shown])
    return cat, {p.resolve() for p in rubric_files}, shown


def _check_all(args, todo) -> list[RubricReport]:
    from interview_coach.authoring.check import check_rubric

    scorer = load_scorer(args)
    # Each rubric's exemplars are embedded and scored leave-one-out: seconds a rubric cold.
    pairs = output.each(todo, "Checking rubric", len(todo), name=lambda qr: qr[0].id)
    return [check_rubric(scorer, q, r) for q, r in pairs]


def _resolved(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def _unique(problems: list[Problem]) -> list[Problem]:
    # A file given on the command line that is also in the bank is read twice.
    seen, out = set(), []
    for p in problems:
        key = (_resolved(p.path), p.line, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def summary(reports: list[RubricReport], bad_files: int = 0) -> str:
    counts = {v: sum(r.verdict == v for r in reports) for v in ("PASS", "WARN", "FAIL")}
    n = len(reports)
    text = (
        f"{n} rubric{'' if n == 1 else 's'} checked: {counts['PASS']} pass,"
        f" {counts['WARN']} warn, {counts['FAIL']} fail"
    )
    if bad_files:
        text += f"; {bad_files} file{'' if bad_files == 1 else 's'} with validation errors"
    return text


def _to_json(problems: list[Problem], reports: list[RubricReport], bad_files: int) -> dict:
    return {
        "problems": [
            {
                "path": str(p.path) if p.path else None,
                "line": p.line,
                "severity": p.severity,
                "message": p.message,
                "fix": p.fix,
            }
            for p in problems
        ],
        "reports": [r.to_dict() for r in reports],
        "summary": {
            "checked": len(reports),
            "pass": sum(r.verdict == "PASS" for r in reports),
            "warn": sum(r.verdict == "WARN" for r in reports),
            "fail": sum(r.verdict == "FAIL" for r in reports),
            "files_with_errors": bad_files,
        },
    }


# -- the text report -------------------------------------------------------------------------


def _reads_as(report: RubricReport) -> str:
    """How answers to this question are read, so an author can see why a rule does or does
    not apply (the scorer decides it from the question and the exemplars: scoring.gates)."""
    if not report.story:
        return (
            "Read as: a short answer (the question asks for no story and its Strong and Lean"
            " exemplars are brief): it is not asked what the speaker did or for a measured"
            " result, and the take-back model does not read it, though plain disowning words"
            ' ("I made that up") still fail it.'
        )
    if report.plans:
        return (
            "Read as: a question about plans: an answer told as what the speaker would do is"
            " not held or failed for showing nothing they did (a Strong Hire told otherwise,"
            " as figures and tools, is held at Lean Hire when it shows no decision of theirs);"
            " a late sentence that takes the answer back is still looked for, and a measured"
            " result is still asked for."
        )
    return (
        "Read as: a story question: an answer above No Hire is held or failed when a late"
        " sentence takes the story back or when it shows nothing the speaker decided or did,"
        " and a measured result is asked for."
    )


def render(report: RubricReport, width: int | None = TABLE_WIDTH) -> str:
    """The report in `width` columns (None: no limit, each paragraph on one line). Nothing is
    cut: prose wraps between words, a table's cells wrap in their column, and an id or a path
    longer than a line is folded onto the next."""
    rule = min(width or TABLE_WIDTH, TABLE_WIDTH)
    head = f"== {report.question_id}: {report.verdict} "
    lines = [
        head + "=" * max(0, rule - len(head))
        if width is None or len(head) < width
        else output.fill(head, width)
    ]
    if report.path:
        path = Text(safe(_display_path(report.path)), overflow="fold")
        lines.append(output.render(path, width))
    if report.learned:
        lines.append(output.fill(f"Bands: the learned band model ({report.model})", width))
    else:
        lines.append(
            output.fill(
                f"Cuts: Lean Hire from {report.lean_cut:.2f}, Strong Hire from"
                f" {report.strong_cut:.2f} ({report.model})",
                width,
            )
        )
    lines.append(output.fill(_reads_as(report), width))
    n = len(report.exemplars)
    right = n - len(report.misclassified)
    lines += [
        "",
        output.fill(
            f"Leave-one-out: {right} of {n} exemplars land in their own band"
            f" (accuracy {report.accuracy:.2f})",
            width,
        ),
        output.table_text(_confusion(report), width, indent=2),
        "",
        output.table_text(_separation(report), width, indent=2),
    ]
    if report.findings:
        lines += ["", "Findings"]
        # Exemplars that land in a neighbouring band are notes: one line here, the detail
        # under What to change. Everything else is listed in full.
        for f in report.findings:
            if f.code == "misclassified" and f.severity == "note":
                continue
            lines.append(output.fill(f"{f.severity.upper():<6}{f.message}", width, "  ", " " * 8))
        near = [
            # no-break spaces, so that "No 4 -> Lean" is never split across lines
            f"{Band(e.band).short}\u00a0{e.index + 1}\u00a0→\u00a0{Band(e.predicted).short}"
            for e in report.misclassified
            if {e.band, e.predicted} != {"strong_hire", "no_hire"}
        ]
        if near:
            note = "NOTE  In a neighbouring band: " + ", ".join(near) + "."
            lines.append(output.fill(note, width, "  ", " " * 8))
        lines += ["", "What to change"]
        for f in report.findings:
            lines.append(output.fill(f"- {f.advice}", width, "  ", " " * 4))
    else:
        lines += ["", "Nothing to change."]
    return "\n".join(lines)


def _confusion(report: RubricReport) -> Table:
    """Leave-one-out: each band's exemplars (rows) by the band they were placed in."""
    t = output.table(
        "true \\ predicted",
        # as wide as the widest label, so the three counts line up under even columns
        *(Column(Band(b).short, justify="right", min_width=6) for b in BANDS),
    )
    for b in BANDS:
        output.add_row(t, BAND_LABELS[b], *(report.confusion[b][p] for p in BANDS))
    return t


def _separation(report: RubricReport) -> Table:
    t = output.table(
        "Separation",
        # with the learned model a score is the band it expects, 0 (No Hire) to 2 (Strong Hire)
        Column("medians 0-2" if report.learned else "medians", justify="right"),
        Column("d", justify="right"),
        "wrong side",
        "cosine across/within",
    )
    for s in report.separations:
        output.add_row(
            t,
            s.name,
            f"{s.median_lower:.2f} {s.median_upper:.2f}",
            f"{s.d:.1f}",
            f"{s.overlap} of {s.n}",
            f"{s.cosine_between:.2f} / {s.cosine_within:.2f}",
        )
    return t


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run_new(args) -> int:
    """`rubric new`: scaffold a prompt and a rubric file, asking for what no flag gave."""
    from interview_coach.authoring.scaffold import NewQuestion, slug, write
    from interview_coach.bank.layers import user_content_dir
    from interview_coach.bank.loader import ID_RE

    ask = _asker(args)
    text = args.question or ask("Question (what the interviewer asks)", None, None)
    if not text.strip():
        raise CliError("the question text is empty")
    qid = args.id or ask("Id", slug(text), None)
    if not ID_RE.match(qid):
        raise CliError(f"'{qid}' is not a lowercase-kebab id, e.g. '{slug(qid)}'")
    category = args.category or ask("Category", None, CATEGORIES, open_choice=True)
    level = args.level or ask("Level", "all", LEVELS)
    track = args.track or ask("Track", "any", TRACKS)
    root = args.dir or user_content_dir()
    bank = catalog(args, quiet=True)
    _note_category(category, bank)
    try:
        prompt, rubric = write(
            NewQuestion(qid, text.strip(), category, level, track), root, args.force
        )
    except FileExistsError as exc:
        raise CliError(f"already exists: {exc} (--force overwrites)", EXIT_FAIL) from exc
    except OSError as exc:
        raise CliError(f"cannot write {exc.filename}: {exc.strerror}", EXIT_FAIL) from exc
    print(f"Wrote {prompt}\n      {rubric}")
    if qid in bank.questions and bank.origin(qid) == "built-in":
        print(f"Note: '{qid}' is a built-in id, so once filled in these files replace it.")
    print(
        # With no arguments validate reads every layer the app loads, so it lists what is
        # left here too; a --dir elsewhere is named (it is no layer unless passed).
        "\nNext: replace every TODO (`interview-coach rubric validate"
        f"{'' if args.dir is None else f' {root}'}` lists what is left), then\n"
        f"  interview-coach rubric check {rubric}\n"
        "The guide, with a worked example: docs/RUBRIC_AUTHORING.md"
    )
    return EXIT_OK


def _note_category(category: str, bank: Catalog) -> None:
    """A new category is allowed; one that looks like a typo of a known one is said."""
    from interview_coach.bank.loader import close_category

    known = {*CATEGORIES, *(q.category for q in bank.questions.values())}
    if category in known:
        return
    near = close_category(category, sorted(known))
    if near:
        print(
            f"warning: category '{category}' is close to '{near}'; did you mean it?"
            f" (keep '{category}' if it is a new category; the file's `category:` line"
            " changes it)",
            file=sys.stderr,
        )
    else:
        print(f"Note: '{category}' is a new category.", file=sys.stderr)


def _asker(args):
    interactive = sys.stdin.isatty()

    def ask(label: str, default: str | None, choices, open_choice: bool = False) -> str:
        if not interactive:
            flag = "--question" if label.startswith("Question") else f"--{label.lower()}"
            if default is not None:
                return default
            raise CliError(f"{flag} is required when not run interactively")
        more = ", or a new one" if open_choice else ""
        hint = f" ({', '.join(choices)}{more})" if choices else ""
        shown = f" [{default}]" if default else ""
        while True:
            answer = input(f"{label}{hint}{shown}: ").strip() or (default or "")
            if open_choice and answer:
                try:
                    return category_name(answer)
                except argparse.ArgumentTypeError as exc:
                    print(f"  {exc}")
                    continue
            if answer and (not choices or answer in choices):
                return answer
            print(f"  choose one of: {', '.join(choices)}" if choices else "  please type it")

    return ask

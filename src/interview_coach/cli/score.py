"""`score` (one answer, stdin, a file, or a JSONL batch) and `eval` (accuracy on a labelled
set)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from interview_coach.bank.catalog import QuestionLookupError
from interview_coach.bank.models import Question, Rubric
from interview_coach.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    CliError,
    catalog,
    content_arg,
    load_scorer,
    model_args,
)

BATCH_CHUNK = 64


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("score", help="score one answer, or a JSONL batch")
    s.add_argument("--question", "-q", help="question id or (fuzzy) text")
    src = s.add_mutually_exclusive_group()
    src.add_argument("--answer", "-a", help="the answer text (default: read stdin)")
    src.add_argument("--answer-file", type=Path, help="read the answer from a file")
    src.add_argument(
        "--batch", type=Path, help='JSONL file of {"question": ID_OR_TEXT, "answer": TEXT} lines'
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    content_arg(s)
    model_args(s)
    s.set_defaults(func=run_score)

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
    model_args(e)
    e.set_defaults(func=run_eval)


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


def run_score(args) -> int:
    from interview_coach.scoring.report import render
    from interview_coach.scoring.scorer import EmptyAnswerError

    if args.batch is not None:
        if args.question:
            raise CliError("--batch reads each line's question; drop --question")
        return _score_batch(args)
    if not args.question:
        raise CliError("--question is required (an id or the question's text)")
    cat = catalog(args)
    question = cat.find(args.question)
    rubric = cat.rubrics.get(question.id)
    if rubric is None:
        raise CliError(f"question '{question.id}' has no valid rubric, so it cannot be scored")
    answer = _read_answer(args)
    if not answer.strip():
        raise CliError("the answer is empty: pass --answer TEXT, --answer-file F, or pipe it in")
    scorer = load_scorer(args)
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
    cat = catalog(args)
    jobs: list[tuple[int, Question, Rubric, str]] = []
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
    if not jobs:
        return _print_batch(args, numbered, outputs)
    scorer = load_scorer(args)
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
    return _print_batch(args, numbered, outputs)


def _print_batch(args, numbered: list[tuple[int, str]], outputs: dict[int, dict]) -> int:
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


def run_eval(args) -> int:
    from interview_coach.scoring.evaluate import metrics, read_labelled

    path = args.devset or Path(__file__).resolve().parents[3] / "eval" / "devset.jsonl"
    if not path.is_file():
        raise CliError(f"{path}: no such file; pass the labelled JSONL to evaluate")
    try:
        rows = read_labelled(path)
    except (ValueError, json.JSONDecodeError) as exc:
        raise CliError(str(exc)) from exc
    cat = catalog(args)
    items = []
    for row in rows:
        q = cat.find(row["question"])
        items.append((q, cat.rubrics[q.id], row["answer"]))
    scorer = load_scorer(args)
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

"""`score` (one answer, stdin, a file, or a JSONL batch) and `eval` (accuracy on a labelled
set)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.table import Column, Table

from interview_coach.bank.catalog import QuestionLookupError
from interview_coach.bank.models import BAND_LABELS, BANDS, Question, Rubric
from interview_coach.cli import output
from interview_coach.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    CliError,
    catalog,
    content_arg,
    load_scorer,
    model_args,
    speech_args,
)
from interview_coach.common.safe_text import json_dumps
from interview_coach.scoring.result import confidence_words

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
    src.add_argument(
        "--audio",
        type=Path,
        metavar="FILE",
        help="a recorded answer (WAV, MP3, M4A...): transcribed on this machine, then scored,"
        " with delivery (pace, pauses, fillers)",
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    content_arg(s)
    model_args(s)
    speech_args(s)
    s.set_defaults(func=run_score)

    e = sub.add_parser(
        "eval",
        help="how good the verdicts are, on labelled answers and attacks",
        description="Score labelled JSONL answers ({question, answer, band}) and report accuracy,"
        " macro-F1, Strong<->No swaps, expected calibration error and the confusion matrix;"
        " attack files ({question, answer, max_band}) report how many stay within their bound."
        " A directory means every .jsonl in it. Default: graded/corpus and eval/attacks.",
    )
    e.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="labelled JSONL files or directories (default: graded/corpus eval/attacks)",
    )
    e.add_argument("--json", action="store_true")
    e.add_argument("--by-question", action="store_true", help="accuracy per question")
    e.add_argument(
        "--by-kind",
        action="store_true",
        help="accuracy per kind of answer (the rows' 'kind' field) and the bands it was given",
    )
    e.add_argument(
        "--baseline",
        action="store_true",
        help="also report 3-nearest-neighbour voting over each rubric's exemplars",
    )
    e.add_argument("--show-errors", action="store_true", help="list misclassified answers")
    content_arg(e)
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
    if args.audio is not None:
        return _score_audio(args, question, rubric)
    answer = _read_answer(args)
    if not answer.strip():
        raise CliError("the answer is empty: pass --answer TEXT, --answer-file F, or pipe it in")
    scorer = load_scorer(args)
    try:
        with output.waiting("Scoring the answer…"):  # the rubric's first use embeds it
            result = scorer.score(question, rubric, answer)
    except EmptyAnswerError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json_dumps(result.to_dict()))
    else:
        print(render(result))
    return EXIT_OK


def _score_audio(args, question: Question, rubric: Rubric) -> int:
    """Transcribe the recording, score the words, and add how it sounded."""
    import textwrap

    from interview_coach.common.config import load_speech_settings
    from interview_coach.scoring.report import render
    from interview_coach.scoring.scorer import EmptyAnswerError
    from interview_coach.speech.audio import duration_text, read_file
    from interview_coach.speech.delivery import describe
    from interview_coach.speech.errors import SpeechError
    from interview_coach.speech.transcribe import shared_transcriber

    settings = load_speech_settings(args.speech_model)
    try:
        audio = read_file(args.audio)  # a bad file is refused before any model loads
        with output.waiting("Loading the speech model…"):
            transcriber = shared_transcriber(settings.model_dir).load()
    except SpeechError as exc:
        raise CliError(str(exc)) from exc
    # The embedding model loads while the recording is transcribed (CTranslate2 leaves the
    # GIL to the imports): a daemon thread, so an error here exits without waiting for it.
    # Its wait is shown once the transcription's is over: only the main thread shows one.
    loading = _Background(lambda: load_scorer(args))
    try:
        with output.waiting(f"Transcribing {duration_text(audio.seconds)} of audio…"):
            transcript = transcriber.transcribe(audio)
    except SpeechError as exc:
        raise CliError(str(exc)) from exc
    if not transcript.words:
        raise CliError(
            f"{args.audio}: no speech was recognised in {duration_text(audio.seconds)} of"
            " audio; check it is the answer, spoken in English, and record again"
        )
    with output.waiting("Loading the model…"):
        scorer = loading.result()
    try:
        result = scorer.score(question, rubric, transcript.text)
    except EmptyAnswerError as exc:
        raise CliError(f"{args.audio}: {exc}") from exc
    delivery = transcript.delivery
    if args.json:
        out = result.to_dict()
        out["transcript"] = transcript.text
        out["delivery"] = delivery.to_dict()
        out["speech_model"] = transcript.model
        print(json_dumps(out))
        return EXIT_OK
    print(f"Transcript of {args.audio} ({duration_text(audio.seconds)}; {transcript.model}):")
    print(textwrap.fill(transcript.text, 96, initial_indent="  ", subsequent_indent="  "))
    print()
    print(render(result, delivery=describe(delivery)))
    return EXIT_OK


class _Background:
    def __init__(self, fn):
        import threading

        self._fn, self._value, self._error = fn, None, None
        self._thread = threading.Thread(target=self._run, name="load-scorer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as exc:  # re-raised on the caller's thread
            self._error = exc

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


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
    starts = range(0, len(jobs), BATCH_CHUNK)

    def span(start: int) -> str:
        return f"lines {jobs[start][0]}-{jobs[min(start + BATCH_CHUNK, len(jobs)) - 1][0]}"

    for start in output.each(starts, "Scoring", len(starts), name=span):
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
            print(json_dumps(out))
        elif "error" in out:
            print(f"line {n}: error: {out['error']}")
        else:
            sure = confidence_words(out["band"], out["confidence"], out.get("scores"))
            print(f"line {n}: {out['question_id']}: {out['band_label']} ({sure})")
    if failed:
        print(
            f"interview-coach: {failed} of {len(numbered)} lines could not be scored",
            file=sys.stderr,
        )
    return EXIT_FAIL if failed else EXIT_OK


def _eval_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.jsonl"))
        elif path.is_file():
            files.append(path)
        else:
            raise CliError(f"{path}: no such file or directory")
    if not files:
        raise CliError("no labelled JSONL files to evaluate")
    return files


def run_eval(args) -> int:
    from interview_coach.scoring import evaluate

    root = Path(__file__).resolve().parents[3]
    default = (root / "graded" / "corpus", root / "eval" / "attacks")
    paths = args.paths or [p for p in default if p.exists()]
    rows: list[dict] = []
    for path in _eval_files(paths):
        try:
            rows += evaluate.read_labelled(path)
        except (ValueError, OSError) as exc:
            raise CliError(str(exc)) from exc
    cat = catalog(args)
    items = []
    for row in rows:
        q = cat.find(str(row["question"]))
        if q.id not in cat.rubrics:
            raise CliError(f"question '{q.id}' has no valid rubric, so it cannot be scored")
        items.append((q, cat.rubrics[q.id], row["answer"]))
    scorer = load_scorer(args)
    with output.waiting(f"Scoring {len(items)} answers…"):
        # An answer in the bank's graded answers is judged by the others, never by itself
        # or its writer's other answers (scoring.memory).
        results = scorer.score_many(items, [row.get("writer") for row in rows])
    graded = [i for i, row in enumerate(rows) if "band" in row]
    attacks = [i for i, row in enumerate(rows) if "band" not in row]
    out: dict = {"fitted_on": list(scorer.fitted_on)}
    m = None
    if graded:
        truth = [rows[i]["band"] for i in graded]
        pred = [results[i].band for i in graded]
        m = evaluate.metrics(truth, pred, [results[i].confidence for i in graded])
        qids = [items[i][0].id for i in graded]
        out["graded"] = m.to_dict() | {
            "questions": len(set(qids)),
            "per_question": {
                q: {"right": a, "n": b}
                for q, (a, b) in sorted(evaluate.per_question(truth, pred, qids).items())
            },
        }
        kinds = [f"{rows[i].get('kind', '-')} ({rows[i]['band']})" for i in graded]
        given = evaluate.given_by(pred, kinds)
        out["graded"]["per_kind"] = {
            k: {"right": a, "n": b, "given": given[k]}
            for k, (a, b) in sorted(evaluate.per_question(truth, pred, kinds).items())
        }
        if args.baseline:
            base = evaluate.nearest_neighbour_bands(scorer, [items[i] for i in graded])
            out["baseline_knn3"] = evaluate.metrics(truth, base).to_dict()
    if attacks:
        report = evaluate.attack_report(
            [rows[i] for i in attacks], [results[i].band for i in attacks]
        )
        out["attacks"] = report.to_dict()
    if args.json:
        print(json.dumps(out))
    else:
        _print_eval(out, m, args.by_question, args.by_kind)
    if args.show_errors:
        for row, r in zip(rows, results, strict=True):
            bound = row.get("band") or row["max_band"]
            wrong = (
                r.band != bound if "band" in row else evaluate.ORDER[r.band] > evaluate.ORDER[bound]
            )
            if wrong:
                label = "true" if "band" in row else "at most"
                head = (
                    f"[{row['question']}] {label} {bound}, given {r.band}"
                    f" ({confidence_words(r.band, r.confidence, r.scores)})"
                    f" gate={r.gate and r.gate['code']}"
                )
                # The whole answer, wrapped: whether its label or its verdict is wrong can
                # turn on its last sentence.
                print("\n" + output.wrap(head) + "\n" + output.wrap(row["answer"], indent="  "))
    return EXIT_OK


def _print_eval(out: dict, m, by_question: bool, by_kind: bool = False) -> None:
    # Laid out in the output's width (no limit when piped); the tables are Rich's, so a long
    # question id or attack kind wraps in its column instead of pushing the counts out.
    fitted = ", ".join(out["fitted_on"]) or "nothing"
    print(output.wrap(f"The scorer's weights were chosen on: {fitted}"))
    if m is not None:
        g = out["graded"]
        ece = "" if m.ece is None else f"   ECE {m.ece:.3f}"
        print("\n" + output.wrap(f"Graded: {m.n} answers over {g['questions']} questions"))
        print(
            output.wrap(
                f"accuracy {m.accuracy:.3f}   macro-F1 {m.macro_f1:.3f}   "
                f"Strong<->No swaps {m.strong_no_swaps}{ece}"
            )
        )
        confusion = output.table(
            "true \\ predicted", *(Column(b, justify="right", overflow="fold") for b in BANDS)
        )
        for b in BANDS:
            output.add_row(confusion, b, *(m.confusion[b][p] for p in BANDS))
        output.print_table(confusion)
        if "baseline_knn3" in out:
            b = out["baseline_knn3"]
            print(
                output.wrap(
                    f"3-nearest-neighbour vote over the same exemplars: accuracy"
                    f" {b['accuracy']:.3f}   macro-F1 {b['macro_f1']:.3f}"
                )
            )
        if by_question:
            print("\nPer question (worst first):")
            per = sorted(g["per_question"].items(), key=lambda kv: kv[1]["right"] / kv[1]["n"])
            t = _headless(Column(justify="right"), Column(justify="right"), _flex())
            for q, v in per:
                output.add_row(t, f"{v['right'] / v['n']:.2f}", f"{v['right']}/{v['n']}", q)
            output.print_table(t, indent=2)
        if by_kind:
            print("\nPer kind of answer (worst first), and the bands given:")
            per = sorted(g["per_kind"].items(), key=lambda kv: kv[1]["right"] / kv[1]["n"])
            t = _headless(Column(justify="right"), Column(justify="right"), _flex(), _flex())
            for kind, v in per:
                given = ", ".join(
                    f"{v['given'][b]} {BAND_LABELS[b]}" for b in BANDS if b in v["given"]
                )
                output.add_row(
                    t, f"{v['right'] / v['n']:.2f}", f"{v['right']}/{v['n']}", kind, given
                )
            output.print_table(t, indent=2)
    if "attacks" in out:
        a = out["attacks"]
        won = a["strong_hire"]
        print(
            "\n"
            + output.wrap(
                f"Attacks: {a['within_bound']} of {a['n']} within their bound ({a['rate']:.0%}),"
                f" {won} {'attack' if won == 1 else 'attacks'} given Strong Hire"
            )
        )
        t = _headless(_flex(), Column(justify="right"))
        for kind, v in a["by_kind"].items():
            output.add_row(t, kind, f"{v['within']}/{v['n']}")
        output.print_table(t, indent=2)


def _flex() -> Column:
    """The column a name goes in: it takes the room left, and folds only if it must."""
    return Column(ratio=1, overflow="fold")


def _headless(*columns: Column) -> Table:
    """A table whose columns explain themselves (a rate, a count, a name): no header line."""
    t = output.table(*columns)
    t.show_header = False
    return t

"""Graded answers: real answers to a question with the band a person gave them, one JSON
object per line in a `graded/` directory of any content layer:

    {"question": "mentoring", "band": "lean_hire", "answer": "I paired with...", "writer": "ana"}

They are the scorer's memory: an answer is compared with them as with the rubric's
exemplars, and a question with many of them is judged more surely. `writer` is optional;
an answer is never judged by its own writer's other answers when that is known. Other keys
are kept for the file's author and ignored here."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from interview_coach.bank.models import BANDS, GradedAnswer
from interview_coach.bank.problems import Problem, did_you_mean

SUFFIX = ".jsonl"


def graded_files(directory: Path) -> list[Path]:
    """The .jsonl files under `directory`, at any depth, in a stable order."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob(f"*{SUFFIX}") if p.is_file())


def read_graded(
    path: Path, questions: Iterable[str]
) -> tuple[list[tuple[str, GradedAnswer]], list[Problem]]:
    """(question id, graded answer) for every usable line of `path`, and a problem for each
    line that is not, naming the line and the fix. One bad line never loses the others."""
    known = set(questions)
    out: list[tuple[str, GradedAnswer]] = []
    problems: list[Problem] = []

    def problem(line: int, message: str, fix: str) -> None:
        problems.append(Problem(path, line, message + "; this line is skipped", fix))

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        return [], [Problem(path, None, f"cannot read the file: {reason}", "save it as UTF-8")]
    unknown: dict[str, int] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            problem(
                n,
                f"not valid JSON ({exc.msg} at column {exc.colno})",
                'write one object per line: {"question": "<id>", "band": "lean_hire",'
                ' "answer": "..."}, with newlines in the answer written as \\n',
            )
            continue
        if not isinstance(row, dict):
            problem(n, "a line must be a JSON object", 'write {"question": ..., "answer": ...}')
            continue
        missing = [k for k in ("question", "band", "answer") if not isinstance(row.get(k), str)]
        if missing:
            problem(
                n,
                f"missing or not text: {', '.join(repr(k) for k in missing)}",
                "give the question's id, the band and the answer, each as a string",
            )
            continue
        qid, band, answer = row["question"].strip(), row["band"].strip(), row["answer"].strip()
        if band not in BANDS:
            problem(n, f"unknown band {band!r}", f"use one of {', '.join(BANDS)}")
            continue
        if not answer:
            problem(n, "the answer is empty", "write the answer that was graded")
            continue
        if qid not in known:
            unknown.setdefault(qid, n)
            continue
        writer = row.get("writer")
        out.append(
            (qid, GradedAnswer(answer, band, writer if isinstance(writer, str) else "", path, n))
        )
    for qid, n in unknown.items():
        fix = did_you_mean(qid, sorted(known), "use the id of a question in the bank")
        problems.append(
            Problem(path, n, f"graded answers for unknown question '{qid}' are skipped", fix)
        )
    return out, problems

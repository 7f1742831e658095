"""A problem found in a prompt or rubric file: where it is, what is wrong, and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process

from interview_coach.common.textfmt import plural

# The loader's error for a `TODO` a scaffolded file still holds (see bank.loader).
PLACEHOLDER = "placeholder 'TODO' left in"


@dataclass(frozen=True)
class Problem:
    path: Path | None
    line: int | None
    message: str
    fix: str = ""
    severity: str = "error"  # "error" stops the file (or item) loading; "warning" does not

    def __str__(self) -> str:
        where = str(self.path) if self.path else "<input>"
        if self.line:
            where += f":{self.line}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


def did_you_mean(value: str, known: Iterable[str], otherwise: str) -> str:
    """The fix for a name that is not among `known`: the closest of them, else `otherwise`."""
    guess = process.extractOne(value, list(known), score_cutoff=60)
    return f"did you mean '{guess[0]}'?" if guess else otherwise


class FileRejected(Exception):
    """Raised inside the loader when a file cannot be used at all; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def is_placeholder(problem: Problem) -> bool:
    return problem.message == PLACEHOLDER


def summarised(problems: Iterable[Problem], see: str) -> list[str]:
    """`problems` as the lines of a warning about skipped files, in order. A half-written
    file's TODO placeholders are one line with their count, at the first of them (a fresh
    `rubric new` pair holds dozens, said on every run); `see` names where they are listed
    one by one. Every other problem is its own line."""
    problems = list(problems)
    todo: dict[Path | None, int] = {}
    for p in problems:
        if is_placeholder(p):
            todo[p.path] = todo.get(p.path, 0) + 1
    lines: list[str] = []
    said: set[Path | None] = set()
    for p in problems:
        if not is_placeholder(p):
            lines.append(str(p))
        elif p.path not in said:
            said.add(p.path)
            n = todo[p.path]
            lines.append(
                f"{p.path or '<input>'}: {plural(n, 'TODO placeholder')} left;"
                f" fill {'it' if n == 1 else 'them'} in, {see}"
            )
    return lines

"""A problem found in a prompt or rubric file: where it is, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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


class FileRejected(Exception):
    """Raised inside the loader when a file cannot be used at all; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems

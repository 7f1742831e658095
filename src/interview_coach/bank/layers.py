"""Where questions and rubrics come from, in layers: the built-in bank, then the user's own
files in the config directory, then any directories named by INTERVIEW_COACH_CONTENT or a
`--content` flag. A later layer adds questions or replaces an earlier one's question or
rubric by id."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from interview_coach.bank.graded import graded_files
from interview_coach.bank.loader import yaml_files
from interview_coach.common.paths import builtin_dir, config_dir

CONTENT_ENV = "INTERVIEW_COACH_CONTENT"
BUILTIN = "built-in"


@dataclass(frozen=True)
class Layer:
    name: str  # "built-in", "yours" (config dir) or the directory given
    prompt_files: tuple[Path, ...] = ()
    rubric_files: tuple[Path, ...] = ()
    graded_files: tuple[Path, ...] = ()  # bank.graded: graded answers, JSON lines
    roots: tuple[Path, ...] = field(default=(), compare=False)

    @property
    def builtin(self) -> bool:
        return self.name == BUILTIN


def user_content_dir() -> Path:
    """The user's own prompts/, rubrics/ and graded/ live here (`rubric new` writes here)."""
    return config_dir()


def layers(extra: Iterable[Path | str] = (), include_user: bool = True) -> list[Layer]:
    out = [
        Layer(
            BUILTIN,
            tuple(yaml_files(builtin_dir("prompts"))),
            tuple(yaml_files(builtin_dir("rubrics"))),
            tuple(graded_files(builtin_dir("graded"))),
            (builtin_dir("prompts").parent,),
        )
    ]
    if include_user:
        out.append(directory_layer(user_content_dir(), name="yours"))
    env = [p for p in os.environ.get(CONTENT_ENV, "").split(os.pathsep) if p.strip()]
    for d in [*env, *extra]:
        out.append(directory_layer(Path(d).expanduser()))
    return out


def directory_layer(root: Path, name: str | None = None) -> Layer:
    """A content directory: its prompts/ and rubrics/ subdirectories if it has them, else the
    YAML files in it, told apart by their contents; and the graded answers in its graded/."""
    prompts: list[Path] = []
    rubrics: list[Path] = []
    if (root / "prompts").is_dir() or (root / "rubrics").is_dir():
        prompts = yaml_files(root / "prompts") if (root / "prompts").is_dir() else []
        rubrics = yaml_files(root / "rubrics") if (root / "rubrics").is_dir() else []
    elif root.is_dir() or root.is_file():
        prompts, rubrics = classify([root])
    graded = tuple(graded_files(root / "graded")) if root.is_dir() else ()
    return Layer(name or str(root), tuple(prompts), tuple(rubrics), graded, (root,))


def classify(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Split YAML files (or directories of them) into prompt files and rubric files: a rubric
    names its `question:`, a prompt has an `id:`; unreadable files go by their folder's name
    so that their errors are still reported."""
    from interview_coach.bank.problems import FileRejected
    from interview_coach.bank.yaml_source import read_yaml

    prompts: list[Path] = []
    rubrics: list[Path] = []
    for path in paths:
        if path.is_dir() and ((path / "prompts").is_dir() or (path / "rubrics").is_dir()):
            files = yaml_files(path / "prompts") + yaml_files(path / "rubrics")
        else:
            files = yaml_files(path) if path.is_dir() else [path]
        for f in files:
            kind = "rubrics" if "rubric" in f.parent.name else "prompts"
            try:
                data = read_yaml(f).data
                if isinstance(data, dict):
                    kind = "rubrics" if "question" in data else "prompts" if "id" in data else kind
            except FileRejected:
                pass
            (rubrics if kind == "rubrics" else prompts).append(f)
    return prompts, rubrics

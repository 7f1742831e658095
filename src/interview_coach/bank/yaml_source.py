"""Safe YAML reading that remembers the line of every value, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)

from interview_coach.bank.problems import FileRejected, Problem
from interview_coach.common.textfmt import clip

MAX_FILE_BYTES = 2_000_000
# Prompt and rubric files nest four levels (bands > band > exemplars > entry); the limit keeps
# every recursive walk of the data (PyYAML's composer, the line recorder) far from Python's
# stack limit, whatever a file holds.
MAX_DEPTH = 50
# libyaml's safe loader parses the bank about ten times faster and still gives node marks;
# the pure-Python one is the fallback where PyYAML was built without libyaml.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE_TAG = "tag:yaml.org,2002:"
_QUOTE_FIX = "put text in quotes ('...') so that YAML reads it as text"


# The base class is chosen at import time (libyaml's or the pure-Python one), which mypy cannot
# check as a type.
class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, but a value it cannot build (a date that does not exist, an integer
    of more digits than Python converts) is a YAML error at that value's line, not a
    ValueError from deep inside PyYAML."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            shown = clip(node.value, 40) if isinstance(node.value, str) else node.tag
            raise ConstructorError(
                None, None, f"cannot read '{shown}' ({clip(str(exc), 80)})", node.start_mark
            ) from exc


class Located:
    """Parsed YAML data plus a map from a key path (tuple of keys/indexes) to a 1-based line."""

    def __init__(self, data: Any, lines: dict[tuple, int], path: Path):
        self.data = data
        self.lines = lines
        self.path = path

    def line(self, *key_path: Any) -> int | None:
        # The nearest enclosing value that has a line: a missing key points at its parent.
        key = tuple(key_path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def problem(self, key_path: tuple, message: str, fix: str = "", severity: str = "error"):
        return Problem(self.path, self.line(*key_path), message, fix, severity)


def _refuse_what_content_never_needs(path: Path, text: str) -> None:
    """Stop at the first anchor or alias, explicit tag, or nesting past MAX_DEPTH, before
    anything is built from the file. Aliases let a few hundred bytes stand for billions of
    values; deep nesting exhausts the stack of every recursive walk; tags ask for types that
    plain text, lists and mappings never need. The event stream is read iteratively, so the
    check itself is safe on any input, and it stops at the first offence."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, CollectionEndEvent):
            depth -= 1
            continue
        if not isinstance(event, NodeEvent):
            continue
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, AliasEvent) or event.anchor is not None:
            found = f"'{'*' if isinstance(event, AliasEvent) else '&'}{event.anchor}'"
            raise FileRejected(
                [
                    Problem(
                        path,
                        line,
                        f"YAML anchors and aliases are not allowed (found {found}): a few lines"
                        " of them can stand for billions of values",
                        "write the value out in full wherever it is needed; question and"
                        " rubric files never need '&name' or '*name'",
                    )
                ]
            )
        # A tag is None unless the file wrote one: implicit types are resolved later.
        tag = event.tag if isinstance(event, (ScalarEvent, CollectionStartEvent)) else None
        if tag is not None:
            shown = "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag
            raise FileRejected(
                [
                    Problem(
                        path,
                        line,
                        "YAML tags such as !!python/object are not allowed"
                        f" (found '{clip(shown, 60)}')",
                        "remove the tag; if the text itself starts with '!', put it in quotes",
                    )
                ]
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FileRejected(
                    [
                        Problem(
                            path,
                            line,
                            f"values are nested more than {MAX_DEPTH} levels deep",
                            "question and rubric files need four levels at most; look for"
                            " '[' or '{' that are never closed, or indentation that keeps"
                            " growing",
                        )
                    ]
                )


def _collect_lines(node: yaml.Node, prefix: tuple, out: dict[tuple, int]) -> None:
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            out[prefix + (key,)] = key_node.start_mark.line + 1
            _collect_lines(value_node, prefix + (key,), out)
            # A value's own line is where its key is, which reads better for block scalars.
            out[prefix + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_lines(item, prefix + (i,), out)


def read_yaml(path: Path) -> Located:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileRejected([Problem(path, None, f"cannot read file ({exc.strerror})")]) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise FileRejected(
            [Problem(path, None, f"file is {len(raw):,} bytes", "keep rubric files under 2 MB")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise FileRejected(
            [Problem(path, bad_line, "file is not valid UTF-8", "save the file as UTF-8")]
        ) from exc
    try:
        _refuse_what_content_never_needs(path, text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except ConstructorError as exc:
        # Raised for well-formed YAML whose value cannot become data: no syntax hint.
        mark = exc.problem_mark or exc.context_mark
        raise FileRejected(
            [
                Problem(
                    path,
                    mark.line + 1 if mark else None,
                    f"YAML value error: {exc.problem or exc.context}",
                    _QUOTE_FIX,
                )
            ]
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        raise FileRejected(
            [
                Problem(
                    path,
                    line,
                    f"YAML syntax error: {what}",
                    "check indentation and quoting on that line; quote text that contains ': '"
                    " or starts with a special character such as '-', '[', '{', '*' or '&'",
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise FileRejected([Problem(path, None, f"YAML error: {exc}")]) from exc
    lines: dict[tuple, int] = {}
    if node is not None:
        _collect_lines(node, (), lines)
    if not isinstance(data, dict):
        raise FileRejected(
            [
                Problem(
                    path,
                    1,
                    "the file must be a YAML mapping (key: value lines)",
                    "start the file with 'id:' (prompt) or 'question:' (rubric)",
                )
            ]
        )
    return Located(data, lines, path)

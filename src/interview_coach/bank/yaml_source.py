"""Safe YAML reading that remembers the line of every value, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from interview_coach.bank.problems import FileRejected, Problem

MAX_FILE_BYTES = 2_000_000
# libyaml's safe loader parses the bank about ten times faster and still gives node marks;
# the pure-Python one is the fallback where PyYAML was built without libyaml.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        loader = _SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
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

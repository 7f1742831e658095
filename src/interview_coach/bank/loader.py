"""Turn YAML prompt and rubric files into models, collecting every problem with its line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from interview_coach.bank.models import (
    BANDS,
    CATEGORIES,
    KINDS,
    LEVELS,
    REACH_RULES,
    TRACKS,
    BandSpec,
    FrameworkStep,
    KeyPoint,
    Question,
    RedFlag,
    Rubric,
)
from interview_coach.bank.problems import PLACEHOLDER, FileRejected, Problem, did_you_mean
from interview_coach.bank.yaml_source import Located, read_yaml
from interview_coach.common.textfmt import plural

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROMPT_KEYS = {
    "id", "text", "aliases", "category", "level", "track", "kind", "source",
    "framework", "hints", "follow_ups", "model_answer",
}  # fmt: skip
RUBRIC_KEYS = {"question", "key_points", "red_flags", "bands", "reach"}
KEY_POINT_KEYS = {"id", "label", "why", "weight", "phrasings", "probe"}
RED_FLAG_KEYS = {"id", "label", "why", "phrasings"}
BAND_KEYS = {"descriptor", "exemplars"}
MIN_HINTS = 3
MIN_EXEMPLARS = 2
RECOMMENDED_EXEMPLARS = 4
MIN_PHRASINGS = 2
PLACEHOLDER_RE = re.compile(r"\s*TODO\b")
NEAR_CATEGORY = 80  # fuzz.ratio from which a new category looks like a typo of a known one


def close_category(value: str, known: Iterable[str] = CATEGORIES) -> str | None:
    """The known category `value` is probably a typo of ('operation' for 'operations'), or
    None: a category the bank does not know yet is a new one, allowed; only a near miss is
    worth a warning."""
    if value in CATEGORIES:
        return None
    known = [k for k in known if k != value]
    if not known:
        return None
    guess = process.extractOne(value, known, scorer=fuzz.ratio, score_cutoff=NEAR_CATEGORY)
    return guess[0] if guess else None


class _Checker:
    """Reads fields from one located mapping, recording problems instead of raising."""

    def __init__(self, src: Located):
        self.src = src
        self.problems: list[Problem] = []

    def error(self, key_path: tuple, message: str, fix: str = "") -> None:
        self.problems.append(self.src.problem(key_path, message, fix))

    def warn(self, key_path: tuple, message: str, fix: str = "") -> None:
        self.problems.append(self.src.problem(key_path, message, fix, "warning"))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def unknown_keys(self, mapping: dict, allowed: set[str], at: tuple) -> None:
        for key in mapping:
            if key in allowed:
                continue
            fix = did_you_mean(
                str(key), sorted(allowed), f"allowed keys: {', '.join(sorted(allowed))}"
            )
            self.error(at + (key,), f"unknown key '{key}'", fix)

    def text(self, mapping: dict, key: str, at: tuple, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None:
            if required:
                self.error(
                    at + (key,) if key in mapping else at, f"missing '{key}'", f"add '{key}: ...'"
                )
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.error(
                at + (key,), f"'{key}' must be non-empty text", "write it as a quoted string"
            )
            return ""
        self.placeholder(value, at + (key,))
        return value.strip()

    def placeholder(self, value: str, at: tuple) -> None:
        # `rubric new` scaffolds with TODO markers: a half-written file must not be practised.
        if PLACEHOLDER_RE.match(value):
            self.error(at, PLACEHOLDER, "replace it with your own text")

    def choice(self, mapping: dict, key: str, allowed: tuple[str, ...], at: tuple) -> str:
        value = self.text(mapping, key, at)
        if value and value not in allowed:
            guess = process.extractOne(value, allowed, score_cutoff=50)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            self.error(
                at + (key,),
                f"'{key}' is '{value}'",
                f"use one of: {', '.join(allowed)}{hint}",
            )
        return value

    def category(self, mapping: dict, at: tuple) -> str:
        """A known category, or a new one (a lowercase-kebab name); a near miss of a known one
        is a warning, since it would quietly make a category of its own."""
        value = self.ident(mapping, "category", at)
        if value and ID_RE.match(value) and (near := close_category(value)):
            self.warn(
                at + ("category",),
                f"category '{value}' is close to '{near}'; did you mean it?",
                f"write '{near}', or keep '{value}' if it is a new category",
            )
        return value

    def ident(self, mapping: dict, key: str, at: tuple) -> str:
        value = self.text(mapping, key, at)
        if value and not ID_RE.match(value):
            self.error(
                at + (key,),
                f"'{key}' '{value}' is not a lowercase-kebab id",
                f"use lowercase letters, digits and dashes, e.g. "
                f"'{re.sub(r'[^a-z0-9]+', '-', value.lower()).strip('-') or 'my-question'}'",
            )
        return value

    def texts(self, mapping: dict, key: str, at: tuple, minimum: int, required: bool = True):
        value = mapping.get(key)
        if value is None:
            if required:
                self.error(
                    at + (key,) if key in mapping else at,
                    f"missing '{key}'",
                    f"add '{key}:' with a list of at least {plural(minimum, 'entry', 'entries')}",
                )
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(at + (key,), f"'{key}' must be a list", "write each entry on a '- ' line")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.error(
                    at + (key, i), f"entry {i + 1} of '{key}' is not text", "quote it as a string"
                )
                continue
            self.placeholder(item, at + (key, i))
            out.append(item.strip())
        if len(out) < minimum:
            self.error(
                at + (key,),
                f"'{key}' has {plural(len(out), 'entry', 'entries')}, needs at least {minimum}",
                f"add {minimum - len(out)} more",
            )
        return tuple(out)

    def items(self, mapping: dict, key: str, at: tuple, required: bool = True) -> list[dict]:
        value = mapping.get(key)
        if value is None:
            if required:
                self.error(at, f"missing '{key}'", f"add '{key}:' with a list of entries")
            return []
        if not isinstance(value, list):
            self.error(at + (key,), f"'{key}' must be a list", "start each entry with '- '")
            return []
        return value


def parse_prompt(src: Located) -> tuple[Question | None, list[Problem]]:
    c = _Checker(src)
    d = src.data
    c.unknown_keys(d, PROMPT_KEYS, ())
    qid = c.ident(d, "id", ())
    steps = []
    for i, step in enumerate(c.items(d, "framework", ())):
        at = ("framework", i)
        if not isinstance(step, dict):
            c.error(at, "a framework entry must be a mapping", "write '- step: Name' and 'cues:'")
            continue
        c.unknown_keys(step, {"step", "cues"}, at)
        steps.append(FrameworkStep(c.text(step, "step", at), c.texts(step, "cues", at, 1)))
    if len(steps) < 2 and "framework" in d:
        c.error(("framework",), "a framework needs at least 2 steps", "list the steps in order")
    question = Question(
        id=qid,
        text=c.text(d, "text", ()),
        category=c.category(d, ()),
        level=c.choice(d, "level", LEVELS, ()),
        track=c.choice(d, "track", TRACKS, ()) if "track" in d else "any",
        kind=c.choice(d, "kind", KINDS, ()) if "kind" in d else "behavioral",
        source=c.text(d, "source", (), required=False),
        framework=tuple(steps),
        hints=c.texts(d, "hints", (), MIN_HINTS),
        follow_ups=c.texts(d, "follow_ups", (), 1),
        model_answer=c.text(d, "model_answer", ()),
        aliases=c.texts(d, "aliases", (), 0, required=False),
        path=src.path,
        line=src.line("id"),
    )
    return (None if c.failed else question), c.problems


def _named_list(c: _Checker, d: dict, key: str, keys: set[str], required: bool):
    """Yield (index, mapping, at) for a list of id'd entries, flagging duplicate ids."""
    seen: dict[str, int] = {}
    for i, item in enumerate(c.items(d, key, (), required=required)):
        at = (key, i)
        if not isinstance(item, dict):
            c.error(at, f"each entry of '{key}' must be a mapping", "start it with '- id: ...'")
            continue
        c.unknown_keys(item, keys, at)
        item_id = c.ident(item, "id", at)
        if item_id in seen:
            c.error(
                at + ("id",),
                f"duplicate {key[:-1].replace('_', ' ')} id '{item_id}'"
                f" (first at entry {seen[item_id] + 1})",
                "give each entry its own id",
            )
        seen[item_id] = i
        yield item_id, item, at


def parse_rubric(src: Located) -> tuple[Rubric | None, list[Problem]]:
    c = _Checker(src)
    d = src.data
    c.unknown_keys(d, RUBRIC_KEYS, ())
    qid = c.ident(d, "question", ())
    key_points = []
    for kp_id, item, at in _named_list(c, d, "key_points", KEY_POINT_KEYS, True):
        weight = item.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            c.error(
                at + ("weight",),
                f"weight '{weight}' must be a positive number",
                "use 1.0, or 1.5 for an essential point",
            )
            weight = 1.0
        key_points.append(
            KeyPoint(
                id=kp_id,
                label=c.text(item, "label", at),
                why=c.text(item, "why", at, False),
                weight=float(weight),
                phrasings=c.texts(item, "phrasings", at, MIN_PHRASINGS),
                probe=c.text(item, "probe", at, False),
            )
        )
    if len(key_points) < 2 and "key_points" in d:
        c.error(
            ("key_points",),
            f"only {len(key_points)} key point(s)",
            "list at least 2 things a strong answer covers (4-6 works best)",
        )
    red_flags = [
        RedFlag(
            id=rf_id,
            label=c.text(item, "label", at),
            why=c.text(item, "why", at, False),
            phrasings=c.texts(item, "phrasings", at, 1),
        )
        for rf_id, item, at in _named_list(c, d, "red_flags", RED_FLAG_KEYS, False)
    ]
    bands: dict[str, BandSpec] = {}
    raw_bands = d.get("bands")
    if not isinstance(raw_bands, dict):
        c.error(
            ("bands",) if "bands" in d else (),
            "missing 'bands' mapping",
            "add 'bands:' with strong_hire, lean_hire and no_hire",
        )
        raw_bands = {}
    c.unknown_keys(raw_bands, set(BANDS), ("bands",))
    for name in BANDS:
        at = ("bands", name)
        band = raw_bands.get(name)
        if not isinstance(band, dict):
            if raw_bands or "bands" in d:
                c.error(
                    at if name in raw_bands else ("bands",),
                    f"missing band '{name}'",
                    f"add '{name}:' with a descriptor and at least "
                    f"{RECOMMENDED_EXEMPLARS} exemplars",
                )
            continue
        c.unknown_keys(band, BAND_KEYS, at)
        exemplars = c.texts(band, "exemplars", at, MIN_EXEMPLARS)
        if MIN_EXEMPLARS <= len(exemplars) < RECOMMENDED_EXEMPLARS:
            c.warn(
                at + ("exemplars",),
                f"band '{name}' has {len(exemplars)} exemplars",
                f"add {RECOMMENDED_EXEMPLARS - len(exemplars)} more of varied length and style;"
                " calibration is shaky with fewer",
            )
        bands[name] = BandSpec(name, c.text(band, "descriptor", at), exemplars)
    reach = c.choice(d, "reach", REACH_RULES, ()) if "reach" in d else ""
    rubric = Rubric(
        qid,
        tuple(key_points),
        tuple(red_flags),
        bands,
        src.path,
        src.line("question"),
        reach=reach,
    )
    return (None if c.failed else rubric), c.problems


def load_file(path: Path, parse) -> tuple[Any, list[Problem]]:
    try:
        src = read_yaml(path)
    except FileRejected as exc:
        return None, exc.problems
    return parse(src)


def yaml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())

"""The question and rubric browser: every question in the bank, where it came from, what its
rubric looks for, and every problem found in the prompt and rubric files.

`RubricBrowser(catalog)` is a full screen. It dismisses with a question id when the user
chooses to practise the highlighted question (`p` or the button), or None on escape.

Everything shown from a YAML file is Rich `Text` built from plain strings, so a file that
contains `[bold]` shows exactly that, never styled text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Collapsible, Input, OptionList, Static
from textual.widgets.option_list import Option

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import BUILTIN
from interview_coach.bank.models import BAND_LABELS, BANDS, CATEGORIES, Question, Rubric
from interview_coach.bank.problems import Problem
from interview_coach.common.paths import builtin_dir
from interview_coach.common.textfmt import plural
from interview_coach.tui import render
from interview_coach.tui.footer import FittedFooter

PROBLEMS_ID = "problems"
Q_PREFIX = "q:"
MARK_ADDED = "•"  # the question or its rubric is not the built-in one
MARK_UNSCORED = "✗"  # no rubric: answers cannot be scored
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}
LEGEND = f"{MARK_ADDED} yours or added  {MARK_UNSCORED} no rubric"
# What a rubric's `reach:` asks of a Strong Hire (bank.models.REACH_RULES).
REACH_TEXT = {
    "share": "a Strong Hire shows work reaching past the speaker's team throughout",
    "peak": "a Strong Hire names work reaching past the speaker's team",
    "none": "not judged on how far the work reached",
}


# -- plain helpers ---------------------------------------------------------------------------
def display_path(path: Path | None, mark_builtin: bool = True) -> str:
    """A file as the user knows it: built-in files relative to the bank ("prompts/x.yaml
    (built-in)"), others in full with the home directory as "~"."""
    if path is None:
        return "<input>"
    root = builtin_dir("prompts").parent
    try:
        rel = str(path.relative_to(root))
        return f"{rel} (built-in)" if mark_builtin else rel
    except ValueError:
        pass
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


def problems_summary(problems: list[Problem]) -> str:
    """One line for the screen header: empty when there is nothing to report."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        files = {p.path for p in errors}
        have = "has" if len(files) == 1 else "have"
        return f"{plural(len(files), 'file')} {have} problems — see Problems"
    if problems:
        return f"{plural(len(problems), 'warning')} — see Problems"
    return ""


def reflow(text: str) -> str:
    """Join lines that were wrapped by hand in the YAML file (a line not ending a sentence,
    followed by one that does not start a list item), so that prose rewraps to the pane."""
    out: list[str] = []
    for line in text.strip().splitlines():
        stripped = line.strip()
        if (
            out
            and out[-1]
            and stripped
            and out[-1][-1] not in '.?!:;"”)'
            and not stripped.startswith(("-", "*", "•"))
            and not stripped[:1].isdigit()
        ):
            out[-1] += " " + stripped
        else:
            out.append(stripped)
    return "\n".join(out)


def _grid() -> Table:
    """Two columns: a marker, and text that wraps under itself (a hanging indent)."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    return table


def _text(value: str, style: str = "") -> Text:
    return Text(value, style=style)


def _heading(value: str, style: str = "bold") -> Text:
    return Text(value, style=style)


# -- what the detail pane shows --------------------------------------------------------------
def summary(catalog: Catalog, q: Question) -> RenderableType:
    """The question, what kind it is, where it and its rubric came from."""
    rubric = catalog.rubrics.get(q.id)
    head = Text()
    head.append(q.text.strip() + "\n", style="bold")
    head.append(f"{q.id} · {q.category} · {q.level} · {q.track} track · {q.kind}", style="dim")
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(_text("From"), _text(catalog.origin(q.id)))
    grid.add_row(_text("Question"), _text(display_path(q.path, mark_builtin=False)))
    if rubric is not None:
        grid.add_row(_text("Rubric"), _text(display_path(rubric.path, mark_builtin=False)))
    else:
        grid.add_row(_text("Rubric"), _text("none — answers cannot be scored", "yellow"))
    if rubric is not None and rubric.reach:
        grid.add_row(_text("Reach"), _text(REACH_TEXT[rubric.reach]))
    if rubric is not None and rubric.graded:
        grid.add_row(_text("Graded"), _text(graded_summary(rubric)))
    return Group(head, grid)


def graded_summary(rubric: Rubric) -> str:
    """How many graded answers the question's verdicts lean on, by band, and how many of them
    come from the user's own files."""
    bands = [g.band for g in rubric.graded]
    text = f"{plural(len(bands), 'answer')}: " + ", ".join(
        f"{BAND_LABELS[b]} {bands.count(b)}" for b in BANDS if b in bands
    )
    built_in = builtin_dir("graded")
    own = sum(1 for g in rubric.graded if g.path is None or built_in not in g.path.parents)
    return text + (f" ({own} from your files)" if own else "")


def about(q: Question) -> RenderableType:
    grid = _grid()
    grid.add_row(_text("Id", "bold"), _text(q.id))
    for alias in q.aliases:
        grid.add_row(_text("Also", "bold"), _text(alias))
    if q.source:
        grid.add_row(_text("Source", "bold"), _text(q.source))
    return grid


def framework(q: Question) -> RenderableType:
    if not q.framework:
        return _text("No framework steps.", "dim")
    parts: list[RenderableType] = []
    for i, step in enumerate(q.framework, 1):
        grid = _grid()
        grid.add_row(_text(f"{i}.", "bold"), _text(step.step, "bold"))
        for cue in step.cues:
            grid.add_row(_text("  ·", "dim"), _text(cue, "italic"))
        parts.append(grid)
    return Group(*parts)


def numbered(items: Iterable[str], empty: str) -> RenderableType:
    items = list(items)
    if not items:
        return _text(empty, "dim")
    grid = _grid()
    for i, item in enumerate(items, 1):
        grid.add_row(_text(f"{i}."), _text(item.strip()))
    return grid


def key_points(rubric: Rubric) -> RenderableType:
    parts: list[RenderableType] = []
    for i, k in enumerate(rubric.key_points, 1):
        grid = _grid()
        grid.add_row(_text(f"{i}.", "bold"), _text(k.label, "bold"))
        meta = f"weight {float(k.weight)} · {plural(len(k.phrasings), 'phrasing')}"
        grid.add_row(_text(""), _text(meta, "dim"))
        if k.why:
            grid.add_row(_text(""), Text.assemble(("Why: ", "bold"), k.why))
        if k.probe:
            grid.add_row(_text(""), Text.assemble(("Probe: ", "bold"), (k.probe, "italic")))
        parts.append(grid)
    return Group(*parts) if parts else _text("No key points.", "dim")


def red_flags(rubric: Rubric) -> RenderableType:
    if not rubric.red_flags:
        return _text("No red flags.", "dim")
    grid = _grid()
    for f in rubric.red_flags:
        grid.add_row(_text("!", "bold red"), _text(f.label, "bold"))
        if f.why:
            grid.add_row(_text(""), Text.assemble(("Why: ", "bold"), f.why))
        grid.add_row(_text(""), _text(plural(len(f.phrasings), "phrasing"), "dim"))
    return grid


def phrasings(rubric: Rubric) -> RenderableType:
    parts: list[RenderableType] = []
    for label, items, style in [
        *((k.label, k.phrasings, "bold green") for k in rubric.key_points),
        *((f"Red flag: {f.label}", f.phrasings, "bold red") for f in rubric.red_flags),
    ]:
        grid = _grid()
        grid.add_row(_text("", ""), _heading(label, style))
        for p in items:
            grid.add_row(_text("  ·", "dim"), _text(p.strip()))
        parts.append(grid)
    return Group(*parts) if parts else _text("No phrasings.", "dim")


def bands(rubric: Rubric) -> RenderableType:
    names = [b for b in BANDS if b in rubric.bands] + [b for b in rubric.bands if b not in BANDS]
    parts: list[RenderableType] = []
    for name in names:
        band = rubric.bands[name]
        grid = _grid()
        label = BAND_LABELS.get(name, name)
        grid.add_row(_text("■", render.BAND_STYLE.get(name, "bold")), _heading(label))
        grid.add_row(_text(""), _text(band.descriptor.strip()))
        if band.exemplars:
            grid.add_row(_text(""), _text(f"Exemplars ({len(band.exemplars)})", "dim bold"))
        for i, ex in enumerate(band.exemplars, 1):
            grid.add_row(_text(f"{i:>2}.", "dim"), _text(ex.strip()))
        parts.append(grid)
    return Group(*parts) if parts else _text("No bands.", "dim")


def own_problems(catalog: Catalog, qid: str) -> list[Problem]:
    """Problems in this question's files, or in a file named after it that did not load (a
    broken rubric meant to replace the built-in one)."""
    q = catalog.questions.get(qid)
    rubric = catalog.rubrics.get(qid)
    paths = {p for p in (q.path if q else None, rubric.path if rubric else None) if p}
    return [p for p in catalog.problems if p.path and (p.path in paths or p.path.stem == qid)]


def problem_rows(
    problems: Iterable[Problem], in_use: set[Path] | None = None
) -> list[RenderableType]:
    """Problems grouped by file: the file, then each line's severity, message and fix. With
    `in_use` (a question's files), a file that is not one of them says so."""
    by_file: dict[Path | None, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p)
    parts: list[RenderableType] = []
    for path, items in by_file.items():
        lines = Table.grid(padding=(0, 1), expand=True)
        lines.add_column(no_wrap=True, style="dim")
        lines.add_column(ratio=1, overflow="fold")
        for p in items:
            body = Text.assemble((p.severity, SEVERITY_STYLE[p.severity]), ": ", p.message)
            if p.fix:
                body.append("\nFix: ", style="bold")
                body.append(p.fix)
            lines.add_row(_text(f"line {p.line}" if p.line else ""), body)
        grid = _grid()
        grid.add_row(_text("▸", "bold"), _text(display_path(path), "bold"))
        grid.add_row(_text(""), lines)
        if in_use is not None and path not in in_use:
            grid.add_row(_text(""), _text("Not in use: the files shown above are.", "dim"))
        parts.append(grid)
    return parts


def problems_view(catalog: Catalog) -> RenderableType:
    problems = catalog.problems
    if not problems:
        return Group(
            _heading("Problems"),
            _text("No problems: every prompt and rubric file loaded cleanly."),
        )
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    counts = ", ".join(
        s
        for s in (plural(errors, "error") if errors else "", plural(warnings, "warning"))
        if s and not s.startswith("0 ")
    )
    intro = Text()
    intro.append(f"{counts} in {plural(files, 'file')}.\n")
    intro.append(
        "A file with an error is skipped (or the part of it that is wrong); every other"
        " question still loads, and a built-in question or rubric it would have replaced"
        " stays in use. A warning does not stop anything loading.\n",
        style="dim",
    )
    return Group(_heading("Problems"), intro, *problem_rows(problems))


# -- the screen ------------------------------------------------------------------------------
class RubricBrowser(Screen[str | None]):
    """Questions on the left (grouped by category, or ranked by a search), the highlighted
    question and its rubric on the right, and a Problems entry for broken files."""

    DEFAULT_CSS = """
    RubricBrowser { layout: vertical; }
    RubricBrowser #rb-title { height: auto; padding: 0 1; background: $panel; }
    RubricBrowser #rb-body { height: 1fr; }
    RubricBrowser #rb-left { width: 38%; min-width: 34; max-width: 44; height: 1fr; }
    RubricBrowser #rb-search { margin: 0 0 0 0; }
    RubricBrowser #rb-list { height: 1fr; border: none; padding: 0; scrollbar-size-vertical: 1; }
    RubricBrowser #rb-list:focus { background-tint: $foreground 4%; }
    RubricBrowser #rb-legend { height: 1; padding: 0 1; color: $text-muted; }
    RubricBrowser #rb-detail { width: 1fr; height: 1fr; padding: 0 1;
                               border-left: tall $panel; }
    RubricBrowser #rb-detail:focus { border-left: tall $accent; }
    RubricBrowser #rb-question { height: auto; }
    RubricBrowser #rb-practise { margin: 1 0 0 0; }
    RubricBrowser #rb-own-problems { margin: 1 0 0 0; padding: 0 1;
                                     border-left: thick $warning; }
    RubricBrowser #rb-norubric { margin: 1 0 0 0; padding: 0 1; border-left: thick $warning; }
    RubricBrowser Collapsible { padding: 0; margin: 1 0 0 0; border-top: none; }
    RubricBrowser Collapsible Contents { padding: 0 0 0 2; }
    RubricBrowser Collapsible CollapsibleTitle { padding: 0; }
    RubricBrowser #rb-problems { height: auto; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="To the list, then back to the chat"),
        Binding("slash", "search", "Search", tooltip="Questions by id, text or category"),
        Binding("p", "practise", "Practise", tooltip="The question shown, now"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
    ]
    AUTO_FOCUS = "#rb-list"

    def __init__(self, catalog: Catalog):
        super().__init__()
        self.catalog = catalog
        self.shown: str | None = None  # question id in the detail, or PROBLEMS_ID

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="rb-title")
        with Horizontal(id="rb-body"):
            with Vertical(id="rb-left"):
                yield Input(id="rb-search", placeholder="/ search questions", compact=True)
                yield OptionList(id="rb-list")
                yield Static(LEGEND, id="rb-legend", markup=False)
            with VerticalScroll(id="rb-detail"):
                with Vertical(id="rb-question"):
                    yield Static(id="rb-summary")
                    yield Button(
                        "Practise this question (p)",
                        id="rb-practise",
                        variant="primary",
                        compact=True,
                    )
                    yield Static(id="rb-own-problems")
                    yield from self._section("framework", "Answer framework")
                    yield from self._section("hints", "Hints, in the order they are given")
                    yield from self._section("follow-ups", "Follow-up questions")
                    yield Static(id="rb-norubric")
                    yield from self._section("key-points", "Rubric: key points")
                    yield from self._section("red-flags", "Rubric: red flags")
                    yield from self._section("bands", "Rubric: bands and exemplars")
                    yield from self._section(
                        "phrasings", "Rubric: example phrasings", collapsed=True
                    )
                    yield from self._section("model-answer", "Model answer")
                    yield from self._section("about", "Other wordings and source", collapsed=True)
                yield Static(id="rb-problems")
        yield FittedFooter()

    @staticmethod
    def _section(name: str, title: str, collapsed: bool = False) -> ComposeResult:
        yield Collapsible(
            Static(id=f"rb-{name}-body"), title=title, collapsed=collapsed, id=f"rb-{name}"
        )

    def _title(self) -> Text:
        cat = self.catalog
        t = Text()
        t.append("Question bank", style="bold")
        t.append(f" · {plural(len(cat.questions), 'question')}")
        scorable = len(cat.scorable())
        if scorable < len(cat.questions):
            t.append(f", {scorable} scorable")
        note = problems_summary(cat.problems)
        if note:
            t.append(" · ")
            t.append(note, style="bold red" if cat.errors else "yellow")
        return t

    def on_mount(self) -> None:
        self._fill("")

    # -- the list ----------------------------------------------------------------------------
    def _label(self, q: Question) -> Text:
        cat = self.catalog
        origins = (cat.question_origin.get(q.id, BUILTIN), cat.rubric_origin.get(q.id, BUILTIN))
        added = any(o != BUILTIN for o in origins)  # the question or its rubric
        t = Text()
        t.append(f"{MARK_ADDED} " if added else "  ", style="bold cyan")
        t.append(q.id)
        if q.id not in cat.rubrics:
            t.append(f" {MARK_UNSCORED}", style="bold yellow")
        return t

    def _problems_option(self) -> Option:
        problems = self.catalog.problems
        if not problems:
            return Option(Text("✓ No problems", style="green"), id=PROBLEMS_ID)
        style = "bold red" if self.catalog.errors else "yellow"
        return Option(Text(f"⚠ Problems ({len(problems)})", style=style), id=PROBLEMS_ID)

    def matches(self, query: str) -> list[Question]:
        """Questions for a search: those containing the text in their id, then in the
        question, then in the category or an alias; then fuzzy matches, best first."""
        query = query.strip().lower()
        qs = list(self.catalog.questions.values())
        if not query:
            return qs
        fields = [lambda q: (q.id,), lambda q: (q.text,), lambda q: (q.category, *q.aliases)]
        found: list[Question] = []
        for field in fields:
            found += [q for q in qs if q not in found and any(query in s.lower() for s in field(q))]
        for q, score in self.catalog.search(query, limit=len(qs)):
            if score >= 60 and q not in found:
                found.append(q)
        return found

    def _fill(self, query: str) -> None:
        """Refill the list for a search: the best match first. An empty search lists every
        question by category and keeps the one on show."""
        options = [self._problems_option()]
        questions = self.matches(query)
        if query.strip():
            count = plural(len(questions), "match", "matches") if questions else "No matches"
            options.append(Option(Text(count, style="dim"), disabled=True))
            options.extend(Option(self._label(q), id=Q_PREFIX + q.id) for q in questions)
        else:
            order = {c: i for i, c in enumerate(CATEGORIES)}
            cats = sorted({q.category for q in questions}, key=lambda c: (order.get(c, 99), c))
            for c in cats:
                options.append(Option(Text(c, style="bold"), disabled=True))
                options.extend(
                    Option(self._label(q), id=Q_PREFIX + q.id) for q in questions if q.category == c
                )
        ol = self.query_one("#rb-list", OptionList)
        ol.clear_options()
        ol.add_options(options)
        qids = [o.id[len(Q_PREFIX) :] for o in options if o.id and o.id.startswith(Q_PREFIX)]
        if not query.strip() and (self.shown == PROBLEMS_ID or self.shown in qids):
            target = self.shown
        elif qids:
            target = qids[0]
        else:  # nothing matches: the detail keeps what it shows
            ol.highlighted = None
            return
        ol.highlighted = ol.get_option_index(target if target == PROBLEMS_ID else Q_PREFIX + target)
        self.show(target)

    def question_ids(self) -> list[str]:
        """The question ids in the list, in order (for tests and callers)."""
        ol = self.query_one("#rb-list", OptionList)
        return [o.id[len(Q_PREFIX) :] for o in ol.options if o.id and o.id.startswith(Q_PREFIX)]

    @on(Input.Changed, "#rb-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#rb-search")
    def _search_submitted(self) -> None:
        self.query_one("#rb-detail").focus()

    @on(OptionList.OptionHighlighted, "#rb-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        oid = event.option.id or ""
        self.show(oid[len(Q_PREFIX) :] if oid.startswith(Q_PREFIX) else PROBLEMS_ID)

    @on(OptionList.OptionSelected, "#rb-list")
    def _selected(self) -> None:
        self.query_one("#rb-detail").focus()

    # -- the detail --------------------------------------------------------------------------
    def show(self, target: str) -> None:
        """Show a question (by id) or the Problems list in the detail pane."""
        if target == self.shown:
            return
        self.shown = target
        is_problems = target == PROBLEMS_ID or target not in self.catalog.questions
        self.query_one("#rb-question").display = not is_problems
        self.query_one("#rb-problems").display = is_problems
        if is_problems:
            self.query_one("#rb-problems", Static).update(problems_view(self.catalog))
        else:
            self._show_question(self.catalog.questions[target])
        self.query_one("#rb-detail", VerticalScroll).scroll_home(animate=False)

    def _body(self, name: str, content: RenderableType) -> None:
        self.query_one(f"#rb-{name}-body", Static).update(content)

    def _show_question(self, q: Question) -> None:
        cat = self.catalog
        rubric = cat.rubrics.get(q.id)
        self.query_one("#rb-summary", Static).update(summary(cat, q))
        self.query_one("#rb-practise", Button).disabled = rubric is None
        mine = own_problems(cat, q.id)
        own = self.query_one("#rb-own-problems", Static)
        own.display = bool(mine)
        if mine:
            in_use = {p for p in (q.path, rubric.path if rubric else None) if p}
            own.update(
                Group(_heading("Problems in this question's files"), *problem_rows(mine, in_use))
            )
        self._body("framework", framework(q))
        self._body("hints", numbered(q.hints, "No hints."))
        self._body("follow-ups", numbered(q.follow_ups, "No follow-up questions."))
        self._body("model-answer", _text(reflow(q.model_answer) or "No model answer."))
        self._body("about", about(q))
        for name in ("key-points", "red-flags", "bands", "phrasings"):
            self.query_one(f"#rb-{name}").display = rubric is not None
        norubric = self.query_one("#rb-norubric", Static)
        norubric.display = rubric is None
        if rubric is None:
            norubric.update(
                Text.assemble(
                    ("No rubric", "bold yellow"),
                    ": answers to this question cannot be scored, so it is not offered for"
                    " practice. Fix: add ",
                    (f"rubrics/{q.id}.yaml", "bold"),
                    " (interview-coach rubric new writes one).",
                )
            )
            return
        self._body("key-points", key_points(rubric))
        self._body("red-flags", red_flags(rubric))
        self._body("bands", bands(rubric))
        self._body("phrasings", phrasings(rubric))

    # -- actions -----------------------------------------------------------------------------
    def _in_detail(self) -> bool:
        focused, detail = self.focused, self.query_one("#rb-detail")
        return focused is not None and (focused is detail or detail in focused.ancestors)

    def action_move(self, step: int) -> None:
        """up/down from the search box move the list; inside the detail they scroll it."""
        if self._in_detail():
            detail = self.query_one("#rb-detail", VerticalScroll)
            detail.action_scroll_down() if step > 0 else detail.action_scroll_up()
            return
        ol = self.query_one("#rb-list", OptionList)
        ol.action_cursor_down() if step > 0 else ol.action_cursor_up()

    def action_search(self) -> None:
        self.query_one("#rb-search", Input).focus()

    def action_back(self) -> None:
        """escape goes back a level: detail or search to the list, the list out."""
        if self._in_detail() or self.focused is self.query_one("#rb-search"):
            self.query_one("#rb-list").focus()
        else:
            self.dismiss(None)

    def action_practise(self) -> None:
        qid = self.shown
        if qid is None or qid not in self.catalog.questions:
            self.notify("Choose a question to practise first.", severity="warning")
            return
        if qid not in self.catalog.rubrics:
            self.notify(
                f"'{qid}' has no rubric, so answers to it cannot be scored.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(qid)

    @on(Button.Pressed, "#rb-practise")
    def _practise_pressed(self) -> None:
        self.action_practise()

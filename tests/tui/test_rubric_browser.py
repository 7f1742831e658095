"""The question and rubric browser driven by Textual's pilot: the list, search, a question's
detail and rubric, user files layered over the built-in bank, broken files under Problems,
markup shown literally, and the keys that leave the screen."""

from __future__ import annotations

import re

from textual.app import App
from textual.widgets import Input, OptionList, Static

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import user_content_dir
from interview_coach.common.paths import builtin_dir
from interview_coach.tui.screens.rubrics import PROBLEMS_ID, RubricBrowser, display_path
from tests.support import plain

MARKUP_TEXT = "Tell me about [bold]x[/] and [link=https://example.com]y[/link] at work."
MARKUP_LABEL = "Names a [red]specific[/red] mentee"


class Host(App):
    """Pushes the browser and records what it dismisses with."""

    def __init__(self, catalog: Catalog):
        super().__init__()
        self.catalog = catalog
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(RubricBrowser(self.catalog), self.results.append)


def text_of(screen: RubricBrowser, selector: str) -> str:
    """Everything shown in the Statics under `selector` (hidden ones included)."""
    return "\n".join(plain(s.content, 400) for s in screen.query(f"{selector} Static"))


def detail(screen: RubricBrowser) -> str:
    return text_of(screen, "#rb-question")


def problems(screen: RubricBrowser) -> str:
    return plain(screen.query_one("#rb-problems", Static).content)


def _user(kind: str):
    d = user_content_dir() / kind
    d.mkdir(parents=True, exist_ok=True)
    return d


async def _search(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    await pilot.pause()


async def _open(pilot, query: str) -> None:
    """Find a question and open its detail."""
    await _search(pilot, query)
    await pilot.press("enter")
    await pilot.pause()


def _compact(text: str) -> str:
    return " ".join(text.split())


async def test_lists_every_built_in_question_grouped_by_category(catalog):
    app = Host(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RubricBrowser)
        ids = screen.question_ids()
        assert len(ids) == 24 and set(ids) == set(catalog.questions)
        title = plain(screen.query_one("#rb-title", Static).content)
        assert "24 questions" in title and "Problems" not in title
        options = screen.query_one("#rb-list", OptionList)
        assert "No problems" in str(options.get_option(PROBLEMS_ID).prompt)
        headers = [str(o.prompt) for o in options.options if o.disabled]
        assert "mentoring" in headers and "career-vision" in headers
        # The first question is on show, and the list has the focus.
        assert screen.shown == ids[0]
        assert app.focused is options
        assert catalog.questions[ids[0]].text in _compact(detail(screen))


async def test_search_narrows_the_list_and_shows_the_best_match(catalog):
    app = Host(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await _search(pilot, "mentor")
        assert isinstance(app.focused, Input)
        ids = screen.question_ids()
        assert ids[0] == "mentoring" and 0 < len(ids) < 24
        assert screen.shown == "mentoring"
        # Typing p or / in the search box types them; it does not practise.
        await pilot.press("p")
        await pilot.pause()
        assert app.results == [] and app.screen is screen
        assert screen.query_one("#rb-search", Input).value == "mentorp"
        # Fuzzy: the words of a question in another order still find it.
        screen.query_one("#rb-search", Input).value = "mentored someone you"
        await pilot.pause()
        assert screen.question_ids()[0] == "mentoring"
        screen.query_one("#rb-search", Input).value = "zzzz qqqq"
        await pilot.pause()
        assert screen.question_ids() == []
        screen.query_one("#rb-search", Input).value = ""
        await pilot.pause()
        assert len(screen.question_ids()) == 24
        # up/down from the search box move the list.
        before = screen.shown
        await pilot.press("down")
        await pilot.pause()
        assert screen.shown != before and isinstance(app.focused, Input)


async def test_a_staff_question_says_how_it_is_judged_on_reach(catalog):
    app = Host(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "strategy or roadmap you wrote")
        text = _compact(detail(app.screen))
        assert catalog.rubrics["technical-strategy-doc"].reach == "share"
        assert "Reach a Strong Hire shows work reaching past the speaker's team throughout" in text
        await pilot.press("escape")
        await _open(pilot, "mentored")
        shown = _compact(detail(app.screen))
        assert "Mentor" in shown or "mentor" in shown
        assert "reaching past" not in shown and "judged on how far" not in shown  # it does not say


async def test_a_question_shows_its_rubric_hints_and_model_answer(catalog):
    app = Host(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await _open(pilot, "mentoring")
        assert screen.query_one("#rb-detail") is app.focused
        text = _compact(detail(screen))
        q, rubric = catalog.questions["mentoring"], catalog.rubrics["mentoring"]
        assert q.text in text and "From built-in" in text
        assert "prompts/mentoring.yaml" in text and "rubrics/mentoring.yaml" in text
        for k in rubric.key_points:
            assert _compact(k.label) in text and _compact(k.probe) in text
        for f in rubric.red_flags:
            assert _compact(f.label) in text
        for band in rubric.bands.values():
            assert _compact(band.descriptor) in text
            for ex in band.exemplars:
                assert _compact(ex) in text
        assert "Strong Hire" in text and "No Hire" in text
        positions = [text.index(_compact(h)) for h in q.hints]
        assert positions == sorted(positions)  # hints in the order they are given
        for f in q.follow_ups:
            assert _compact(f) in text
        for step in q.framework:
            assert _compact(step.step) in text
        assert _compact(q.model_answer)[:60] in text
        # Phrasings are there, in a section that starts collapsed.
        assert _compact(rubric.key_points[0].phrasings[0]) in text
        assert screen.query_one("#rb-phrasings").collapsed
        assert not screen.query_one("#rb-bands").collapsed


async def test_a_user_rubric_replacing_a_built_in_one_shows_as_yours():
    mine = _user("rubrics") / "my-mentoring.yaml"
    mine.write_text((builtin_dir("rubrics") / "mentoring.yaml").read_text())
    app = Host(Catalog.load())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        options = screen.query_one("#rb-list", OptionList)
        assert str(options.get_option("q:mentoring").prompt).startswith("•")
        assert str(options.get_option("q:five-year-vision").prompt).startswith("  ")
        await _search(pilot, "mentoring")
        text = detail(screen)
        assert "question built-in, rubric yours (replaces the built-in rubric)" in text
        assert display_path(mine) in text.replace("\n", "")
        assert "prompts/mentoring.yaml" in text  # the question is still the built-in one


async def test_a_broken_user_rubric_is_listed_under_problems_and_the_bank_still_works():
    bad = _user("rubrics") / "mentoring.yaml"
    bad.write_text(
        (builtin_dir("rubrics") / "mentoring.yaml").read_text().replace("bands:", "bandz:", 1)
    )
    cat = Catalog.load()
    assert cat.errors
    app = Host(cat)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert len(screen.question_ids()) == 24  # the built-ins still list
        title = _compact(plain(screen.query_one("#rb-title", Static).content))
        assert "1 file has problems — see Problems" in title
        await pilot.press("home")  # the Problems entry is first
        await pilot.pause()
        assert screen.shown == PROBLEMS_ID
        assert screen.query_one("#rb-problems").display
        assert not screen.query_one("#rb-question").display
        text = _compact(problems(screen))
        assert "mentoring.yaml" in text and display_path(bad) in text
        for p in cat.errors:
            assert f"line {p.line}" in text and _compact(p.message) in text
            assert _compact(f"Fix: {p.fix}") in text
        assert "unknown key 'bandz'" in text and "did you mean 'bands'?" in text
        # The question it meant to replace still uses the built-in rubric, and says why.
        await pilot.press("down", "down")
        await _search(pilot, "mentoring")
        text = _compact(detail(screen))
        assert "From built-in" in text and "rubrics/mentoring.yaml" in text
        assert "Problems in this question's files" in text and "unknown key 'bandz'" in text
        assert "Not in use" in text


async def test_a_question_without_a_rubric_is_marked_and_cannot_be_practised():
    prompt = (builtin_dir("prompts") / "mentoring.yaml").read_text()
    prompt = prompt.replace("id: mentoring", "id: lonely-question", 1)
    (_user("prompts") / "lonely.yaml").write_text(prompt)
    cat = Catalog.load()
    app = Host(cat)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        label = str(screen.query_one("#rb-list", OptionList).get_option("q:lonely-question").prompt)
        assert label.startswith("•") and label.endswith("✗")
        title = _compact(plain(screen.query_one("#rb-title", Static).content))
        assert "25 questions, 24 scorable" in title and "1 warning — see Problems" in title
        await _search(pilot, "lonely")
        text = _compact(detail(screen))
        assert "none — answers cannot be scored" in text
        assert "add rubrics/lonely-question.yaml" in text  # the warning, in its detail
        assert not screen.query_one("#rb-bands").display
        await pilot.press("escape", "p")
        await pilot.pause()
        assert app.results == [] and app.screen is screen


async def test_markup_in_user_files_is_shown_literally():
    prompt = (builtin_dir("prompts") / "mentoring.yaml").read_text()
    prompt = prompt.replace("id: mentoring", "id: markup-question", 1)
    prompt = re.sub(r"(?m)^text: .*$", f'text: "{MARKUP_TEXT}"', prompt, count=1)
    rubric = (builtin_dir("rubrics") / "mentoring.yaml").read_text()
    rubric = rubric.replace("question: mentoring", "question: markup-question", 1)
    rubric = re.sub(r"(?m)^    label: .*$", f'    label: "{MARKUP_LABEL}"', rubric, count=1)
    (_user("prompts") / "markup.yaml").write_text(prompt)
    (_user("rubrics") / "markup.yaml").write_text(rubric)
    cat = Catalog.load()
    assert not cat.problems, cat.problems
    app = Host(cat)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await _search(pilot, "markup")
        assert screen.shown == "markup-question"
        text = _compact(detail(screen))
        assert MARKUP_TEXT in text and MARKUP_LABEL in text
        # And on screen, as the user sees it: the brackets are there, nothing is styled.
        summary = screen.query_one("#rb-summary", Static)
        rendered = "".join(s.text for s in summary.render_line(0))
        assert "[bold]x[/]" in rendered


async def test_p_dismisses_with_the_question_on_show(catalog):
    app = Host(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("down", "down", "down")
        await pilot.pause()
        chosen = screen.shown
        assert chosen in catalog.questions and chosen != screen.question_ids()[0]
        await pilot.press("p")
        await pilot.pause()
        assert app.results == [chosen]
        assert not isinstance(app.screen, RubricBrowser)


async def test_the_practise_button_and_enter_then_p_from_the_detail(catalog):
    app = Host(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await _search(pilot, "five year")
        await pilot.press("enter")  # from the search box to the detail
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.results == ["five-year-vision"]
    app = Host(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = app.screen.shown
        await pilot.click("#rb-practise")
        await pilot.pause()
        assert app.results == [shown]


async def test_escape_goes_back_a_level_then_dismisses_with_none(catalog):
    app = Host(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("enter")  # list -> detail
        await pilot.pause()
        assert app.focused is screen.query_one("#rb-detail")
        await pilot.press("escape")  # detail -> list
        await pilot.pause()
        assert app.focused is screen.query_one("#rb-list") and app.results == []
        await pilot.press("slash")
        await pilot.press("escape")  # search -> list
        await pilot.pause()
        assert app.focused is screen.query_one("#rb-list") and app.results == []
        await pilot.press("escape")  # list -> out
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, RubricBrowser)

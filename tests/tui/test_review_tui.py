"""The review screen driven by Textual's pilot over a real SQLite store: sessions and their
filters, an opened session, comparing answers over time, deleting, progress, the due queue,
empty states and markup safety. Also unit tests of the progress module it is built on."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import Button, DataTable, Input, Select, Static, TabbedContent

from interview_coach.common.textfmt import clip
from interview_coach.scoring.scorer import Scorer
from interview_coach.transcripts import progress
from interview_coach.transcripts.store import SessionRef, StoredAttempt, TranscriptStore
from interview_coach.tui import render
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.screens.review import (
    EMPTY_DUE,
    EMPTY_PROGRESS,
    EMPTY_SESSIONS,
    NO_MATCH,
    SESSION_PAGE,
    CompareScreen,
    ReviewScreen,
    SessionScreen,
    band_spark,
)
from tests.support import BagOfWordsEmbedder, wait_for
from tests.support import plain as text_of

CSS = Path(render.__file__).with_name("app.tcss")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MARKUP = "I mentor people. [bold]x[/] and [red]not red[/red] [link=http://e.com]y[/link]"
WEAK_POINT = "Uses a concrete mentoring approach fitted to the person"


@pytest.fixture(scope="module")
def scorer():
    return Scorer(BagOfWordsEmbedder())


@pytest.fixture
def local_tz():
    """Local time fixed at UTC+2 with no daylight saving, so dates render the same on every
    machine and the conversion from the stored UTC is visible (09:00 UTC shows as 11:00)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "XST-2"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


def all_but(catalog, qid: str, label: str) -> str:
    """An answer using the phrasing of every key point of the question except `label`: the
    bag-of-words scorer then rates it Strong Hire with exactly that point missing."""
    points = catalog.rubrics[qid].key_points
    assert label in [k.label for k in points]
    return " ".join(k.phrasings[0] + "." for k in points if k.label != label)


def save(store, catalog, scorer, ref, qid, answer, at, **kw):
    q = catalog.questions[qid]
    result = scorer.score(q, catalog.rubrics[qid], answer)
    store.save_attempt(ref, q, answer, result, scored_at=at, **kw)
    return result


def build_store(path: Path, catalog, scorer) -> TranscriptStore:
    """Three sessions, a day apart. "Uses a concrete mentoring approach" is missing from
    every one of the four mentoring answers: the most often missed key point. The store
    carries `refs` (the three sessions, oldest first) and `results` (a1..a6, as scored)."""
    strong_mentoring = all_but(catalog, "mentoring", WEAK_POINT)
    store = TranscriptStore.open(path)
    s1, s2, s3 = (
        SessionRef("fake"),
        SessionRef("fake", "category=technical-decisions"),
        SessionRef("fake"),
    )
    r = {}
    r["a1"] = save(store, catalog, scorer, s1, "mentoring", strong_mentoring, T0)
    r["a2"] = save(store, catalog, scorer, s1, "promotion-disappointment", "ok", T0 + _m(3))
    day1 = T0 + timedelta(days=1)
    r["a3"] = save(store, catalog, scorer, s2, "mentoring", MARKUP, day1)
    model = catalog.questions["build-vs-buy"].model_answer
    r["a4"] = save(store, catalog, scorer, s2, "build-vs-buy", model, day1 + _m(4))
    day2 = T0 + timedelta(days=2)
    r["a5"] = save(store, catalog, scorer, s3, "mentoring", strong_mentoring, day2, hints_used=1)
    r["a6"] = save(
        store, catalog, scorer, s3, "mentoring", strong_mentoring + " Again.", day2 + _m(5)
    )
    assert [x.band for x in r.values()] == [
        "strong_hire", "no_hire", "no_hire", "strong_hire", "strong_hire", "strong_hire"
    ]  # fmt: skip
    store.refs = (s1, s2, s3)
    store.results = r
    return store


@pytest.fixture
def filled(tmp_path, catalog, scorer):
    store = build_store(tmp_path / "t.sqlite", catalog, scorer)
    yield store
    store.close()


def _m(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)


class Host(App):
    """A stand-in for the chat app: shows the review screen and records how it closed."""

    CSS_PATH = CSS

    def __init__(self, store, catalog, scheduler: str = "fsrs"):
        super().__init__()
        self.store, self.catalog, self.scheduler = store, catalog, scheduler
        self.dismissed: object = "still open"

    def on_mount(self) -> None:
        self.push_screen(
            ReviewScreen(self.store, self.catalog, self.scheduler), self._review_closed
        )

    def _review_closed(self, result) -> None:
        self.dismissed = result


async def opened(pilot) -> ReviewScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_for(pilot, lambda: screen.loaded)
    return screen


def static(screen, selector: str) -> str:
    """A Static's text: as built for Text (no wrapping), as rendered for tables."""
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else text_of(content)


def rows(table: DataTable) -> list[list[str]]:
    return [
        [str(c.plain if hasattr(c, "plain") else c) for c in table.get_row_at(i)]
        for i in range(table.row_count)
    ]


def session_ids(screen: ReviewScreen) -> list[int]:
    return [s.id for s in screen.sessions]


# -- sessions -------------------------------------------------------------------------------
async def test_sessions_newest_first_with_bands_in_local_time(filled, catalog, local_tz):
    s1, s2, s3 = filled.refs
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert session_ids(screen) == [s3.id, s2.id, s1.id]
        table = screen.query_one("#session-list", DataTable)
        shown = rows(table)
        assert [r[0] for r in shown] == ["2026-03-04 11:00", "2026-03-03 11:00", "2026-03-02 11:00"]
        assert [r[1].strip() for r in shown] == ["2", "2", "2"]
        assert [r[2] for r in shown] == ["SS", "NS", "SN"]
        # Letters are coloured by band.
        letters = table.get_row_at(1)[2]
        assert [str(span.style) for span in letters.spans] == [
            render.BAND_STYLE["no_hire"], render.BAND_STYLE["strong_hire"]
        ]  # fmt: skip
        # The highlighted session's questions are listed under the table.
        note = static(screen, "#sessions-note")
        assert catalog.questions["mentoring"].text in note


async def test_the_session_list_wraps_its_set_and_questions_instead_of_cutting(
    filled, catalog, local_tz
):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        table = screen.query_one("#session-list", DataTable)
        # The set wraps in its column, and its row grows a line for it.
        assert rows(table)[1][4].split("\n") == ["category=technical-", "decisions"]
        assert table.rows[table.coordinate_to_cell_key((1, 0)).row_key].height == 2
        assert table.rows[table.coordinate_to_cell_key((0, 0)).row_key].height == 1
        await pilot.press("down")
        await pilot.pause()
        note = static(screen, "#sessions-note")
        # "Tell me about a build-vs-buy decision ... for ML infrastructure." is longer than a
        # line at 80 columns: wrapped under its bullet, whole.
        long = catalog.questions["build-vs-buy"].text
        assert len(long) > 76 and "…" not in note
        lines = note.splitlines()
        assert lines[0] == "• " + catalog.questions["mentoring"].text
        assert lines[1].startswith("• ") and lines[2].startswith("  ")
        assert " ".join(" ".join(lines[1:]).split()) == "• " + long


def test_preview_shows_whole_questions_while_they_fit_then_how_many_more():
    from interview_coach.tui.screens.review.sessions import PREVIEW_LINES, preview_text

    short, long = "Why this role?", " ".join(["word"] * 40)  # a line; three lines at 80
    t = preview_text([short, long, short, short], 80).plain.splitlines()
    assert t[0] == "• " + short and " ".join(" ".join(t[1:4]).split()).startswith("• " + long)
    assert t[3].endswith("  +2 more") and len(t) == PREVIEW_LINES
    # the first question is always shown whole, however long
    t = preview_text([long * 2, short], 40).plain.splitlines()
    assert len(t) > PREVIEW_LINES and t[-1].endswith("  +1 more") and "…" not in "".join(t)
    assert all(len(line) <= 40 for line in t)


@pytest.mark.parametrize(
    "control, value, expected",
    [
        ("band", "no_hire", ("s2", "s1")),
        ("band", "strong_hire", ("s3", "s2", "s1")),
        ("category", "promotion", ("s1",)),
        ("category", "technical-decisions", ("s2",)),
        ("question", "build-vs-buy", ("s2",)),
        ("question", "no question says this", ()),
        ("question", "mentored", ("s3", "s2", "s1")),
    ],
)
async def test_filters_narrow_the_list(filled, catalog, control, value, expected):
    refs = dict(zip(("s1", "s2", "s3"), filled.refs, strict=True))
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        if control == "question":
            await pilot.press("slash")
            box = screen.query_one("#f-question", Input)
            assert screen.focused is box
            box.value = value
            await pilot.press("enter")  # applies at once (typing applies after a pause)
        else:
            screen.query_one(f"#f-{control}", Select).value = value
        await pilot.pause()
        assert session_ids(screen) == [refs[k].id for k in expected]
        table = screen.query_one("#session-list", DataTable)
        assert table.row_count == len(expected)
        if not expected:
            assert static(screen, "#sessions-note").strip() == NO_MATCH
            assert not table.display


async def test_typing_a_filter_applies_after_a_pause(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        screen.query_one("#f-question", Input).focus()
        await pilot.press(*"build")
        await wait_for(pilot, lambda: len(screen.sessions) == 1)
        assert screen.sessions[0].id == filled.refs[1].id


async def test_opening_a_session_shows_the_answer_and_the_feedback_as_it_was(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("down", "enter")  # the middle session: mentoring, then build-vs-buy
        assert isinstance(app.screen, SessionScreen)
        session = app.screen
        table = session.query_one("#attempts", DataTable)
        assert [r[2] for r in rows(table)] == ["No Hire", "Strong Hire"]
        detail = static(session, "#detail-body")
        assert MARKUP in detail  # the answer, literally: no markup was interpreted
        assert render.verdict_text(filled.results["a3"]).plain.strip() in detail
        await pilot.press("down")
        detail = static(session, "#detail-body")
        assert catalog.questions["build-vs-buy"].model_answer.split("\n")[0][:60] in detail
        assert render.verdict_text(filled.results["a4"]).plain.strip() in detail
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_markup_in_an_answer_is_shown_literally(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("down", "enter")
        body = app.screen.query_one("#detail-body", Static)
        content = body.content
        assert MARKUP in content.plain
        # Nothing in the answer became a style: no bold, red or link span covers it.
        start = content.plain.index(MARKUP)
        styled = [s for s in content.spans if s.start < start + len(MARKUP) and s.end > start]
        assert styled == []


async def test_an_opened_filtered_session_shows_only_the_matching_answers(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        screen.query_one("#f-band", Select).value = "no_hire"
        await pilot.pause()
        assert session_ids(screen) == [filled.refs[1].id, filled.refs[0].id]
        screen.query_one("#session-list").focus()
        await pilot.press("enter")
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert "showing 1 of 2 answers (filtered)" in static(session, "#title")
        assert [r[2] for r in rows(session.query_one("#attempts", DataTable))] == ["No Hire"]


async def test_compare_lists_every_answer_to_the_question_in_time_order(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("enter")  # newest session: two mentoring answers
        await pilot.press("c")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        expected = filled.attempts(question_id="mentoring")
        assert [a.scored_at for a in expected] == sorted(a.scored_at for a in expected)
        assert [a.id for a in compare.attempts] == [a.id for a in expected]
        table = compare.query_one("#attempts", DataTable)
        assert table.row_count == 4
        assert [r[1] for r in rows(table)] == ["Strong Hire", "No Hire"] + ["Strong Hire"] * 2
        assert rows(table)[1][5].startswith("I mentor people. [bold]")  # as typed, cut to fit
        assert "All 4 answers to: " + catalog.questions["mentoring"].text in static(
            compare, "#title"
        )
        spark = compare.query_one("#spark", Static).content.plain
        assert spark.startswith("█▁██")
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_delete_asks_first_and_no_keeps_the_session(filled, catalog):
    s1, s2, s3 = filled.refs
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("down", "down", "enter")  # the oldest session
        assert app.screen.session.id == s1.id
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete this session and its 2 answers?"
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen)
        assert [s.id for s in filled.sessions()] == [s3.id, s2.id, s1.id]

        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert [s.id for s in filled.sessions()] == [s3.id, s2.id]
        assert filled.attempts(session_id=s1.id) == []
        assert session_ids(screen) == [s3.id, s2.id]
        assert screen.query_one("#session-list", DataTable).row_count == 2
        # Progress and the due queue are worked out again without the deleted answers.
        await wait_for(pilot, lambda: screen.loaded and screen.progress.attempts == 4)
        assert "promotion-disappointment" not in [t.key for t in screen.progress.questions]


# -- progress -------------------------------------------------------------------------------
async def test_progress_shows_the_most_often_missed_key_point_first(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "progress"
        weakest = screen.progress.weakest[0]
        assert (weakest.label, weakest.question_id) == (WEAK_POINT, "mentoring")
        assert (weakest.missed, weakest.attempts) == (4, 4)
        text = static(screen, "#progress-body")
        block = text[text.index("Weakest key points") :]
        first = block.splitlines()[1]
        assert WEAK_POINT in first and "4 of 4" in first
        assert "Tell me about someone you mentored" in first  # wrapped in its column
        # The other mentoring points were missed once, by the one weak answer.
        assert "1 of 4" in block
        # Per category and per question: bands over time, latest band, trend, answers.
        mentoring = next(line for line in text.splitlines() if "Tell me about someone" in line)
        assert "█▁██" in mentoring and "Strong Hire" in mentoring and "improving" in mentoring
        assert mentoring.rstrip()[-1] == "4"
        assert "technical-decisions" in text
        # A category is a heading over its questions: no band or trend of its own.
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("promotion"))
        assert lines[at] == "promotion  1 question · 1 answer"
        row = lines[at + 2] if lines[at + 1].lstrip().startswith("#") else lines[at + 1]
        assert "No Hire" in row and "first try" in row


# -- due ------------------------------------------------------------------------------------
async def test_due_lists_an_overdue_question_and_practise_dismisses_with_it(
    tmp_path, catalog, scorer
):
    now = datetime.now(UTC)
    with TranscriptStore.open(tmp_path / "due.sqlite") as store:
        ref = SessionRef("fake")
        save(store, catalog, scorer, ref, "promotion-disappointment", "ok", now - timedelta(30))
        model = catalog.questions["build-vs-buy"].model_answer
        save(store, catalog, scorer, ref, "build-vs-buy", model, now - timedelta(minutes=1))
        app = Host(store, catalog)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await opened(pilot)
            await pilot.press("3")
            assert screen.query_one(TabbedContent).active == "due"
            assert [i.question_id for i in screen.due] == ["promotion-disappointment"]
            assert [i.question_id for i in screen.upcoming] == ["build-vs-buy"]
            head = static(screen, "#due-head")
            assert "FSRS, graded by your scores" in " ".join(head.split())
            body = static(screen, "#due-body")
            due_part = body[: body.index("Upcoming")]
            assert catalog.questions["promotion-disappointment"].text in due_part
            assert "No Hire" in due_part and "days overdue" in due_part
            upcoming_part = body[body.index("Upcoming") :]
            assert catalog.questions["build-vs-buy"].text in upcoming_part
            assert re.search(r"later today|in \d+ days?", upcoming_part)  # DueItem.when
            never = len(catalog.questions) - 2
            assert f"{never} of {len(catalog.questions)} questions never practised" in body
            button = screen.query_one("#practise", Button)
            assert not button.disabled and screen.focused is button
            await pilot.click("#practise")
            assert app.dismissed == ["promotion-disappointment"]


async def test_practise_key_with_nothing_due_says_so_and_stays(tmp_path, catalog, scorer):
    with TranscriptStore.open(tmp_path / "due.sqlite") as store:
        model = catalog.questions["build-vs-buy"].model_answer
        now = datetime.now(UTC)
        save(store, catalog, scorer, SessionRef("f"), "build-vs-buy", model, now)
        app = Host(store, catalog, scheduler="checkpoints")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await opened(pilot)
            assert screen.query_one("#practise", Button).disabled
            assert "Checkpoints" in static(screen, "#due-head")
            said = []
            screen.notify = lambda message, **kw: said.append(message)
            await pilot.press("p")
            await pilot.pause()
            assert app.screen is screen and app.dismissed == "still open"
            # One wording for when a question is due, DueItem.when (was "in N h" here).
            assert said and re.fullmatch(
                r"Nothing is due for review now\. The next is due (later today|in \d+ days?)\.",
                said[0],
            )


async def test_escape_goes_back_with_none(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("escape")
        assert app.dismissed is None


# -- empty ----------------------------------------------------------------------------------
async def test_an_empty_store_says_what_to_do_on_every_tab(tmp_path, catalog):
    with TranscriptStore.open(tmp_path / "empty.sqlite") as store:
        app = Host(store, catalog)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await opened(pilot)
            assert static(screen, "#sessions-note").strip() == EMPTY_SESSIONS
            assert not screen.query_one("#session-list", DataTable).display
            await pilot.press("2")
            assert " ".join(static(screen, "#progress-body").split()) == EMPTY_PROGRESS
            await pilot.press("3")
            due = " ".join(static(screen, "#due-body").split())
            assert due.startswith(EMPTY_DUE)
            assert f"{len(catalog.questions)} of {len(catalog.questions)} questions" in due
            assert screen.query_one("#practise", Button).disabled
            await pilot.press("p")  # nothing due: stays
            assert app.dismissed == "still open"


# -- long lists and failures ---------------------------------------------------------------
async def test_a_long_list_is_added_a_page_at_a_time(tmp_path, catalog, scorer):
    q = catalog.questions["mentoring"]
    result = scorer.score(q, catalog.rubrics[q.id], "I mentor people.")
    n = SESSION_PAGE + 30
    with TranscriptStore.open(tmp_path / "long.sqlite") as store:
        for i in range(n):
            store.save_attempt(SessionRef("f"), q, f"answer {i}", result, scored_at=T0 + _m(i))
        app = Host(store, catalog)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await opened(pilot)
            table = screen.query_one("#session-list", DataTable)
            assert len(screen.sessions) == n and table.row_count == SESSION_PAGE
            await pilot.press("ctrl+end")  # the last row shown: the next page comes in
            await wait_for(pilot, lambda: table.row_count == n)
            await pilot.press("ctrl+end", "enter")
            assert "answer 0" in static(app.screen, "#detail-body")  # the oldest session


async def test_a_failure_while_loading_is_shown_and_the_rest_still_works(
    filled, catalog, monkeypatch
):
    class Broken:
        name = "fsrs"

        def due(self, reviews):
            raise IndexError("tuple index out of range")

    monkeypatch.setattr(
        "interview_coach.transcripts.schedule.make_scheduler", lambda name: Broken()
    )
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert "could not be worked out (IndexError" in static(screen, "#due-body")
        assert screen.query_one("#practise", Button).disabled
        assert "Weakest key points" in static(screen, "#progress-body")  # progress still shown

    monkeypatch.setattr(progress, "compute", lambda attempts: 1 / 0)
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert "progress could not be worked out (ZeroDivisionError" in static(
            screen, "#progress-body"
        )
        assert len(screen.sessions) == 3
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)


# -- sizes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_long_question_texts_are_cut_to_fit(filled, catalog, size):
    app = Host(filled, catalog)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        await pilot.press("enter")
        table = app.screen.query_one("#attempts", DataTable)
        assert table.virtual_size.width <= size[0]
        assert table.max_scroll_x == 0  # no sideways scrolling needed


# -- the progress module --------------------------------------------------------------------
def attempt(i, qid, band, day, missing=(), covered=(), category="c", conf=0.8, result=""):
    return StoredAttempt(
        id=i, session_id=1, question_id=qid, question=f"Question {qid}?", category=category,
        level="L5", answer="a", band=band, confidence=conf, covered=list(covered),
        missing=list(missing), red_flags=[], signals={}, result_json=result, hints_used=0,
        revealed=False, model="m", seconds=0.0, started_at="",
        scored_at=(T0 + timedelta(days=day)).isoformat(timespec="milliseconds"),
    )  # fmt: skip


def test_bands_over_time_per_question_grouped_by_category_in_time_order():
    attempts = [
        attempt(3, "q1", "strong_hire", 2, category="x"),
        attempt(1, "q1", "no_hire", 0, category="x"),
        attempt(2, "q2", "lean_hire", 1, category="x"),
        attempt(4, "q3", "lean_hire", 3, category="promotion"),
    ]
    p = progress.compute(attempts)
    q1 = next(t for t in p.questions if t.key == "q1")
    assert q1.bands == [0, 2] and q1.latest_band == "strong_hire" and q1.attempts == 2
    assert q1.latest_label == "Strong Hire" and q1.label == "Question q1?"
    assert [t.key for t in p.questions] == ["q3", "q1", "q2"]  # most recently practised first
    assert [c.key for c in p.categories] == ["promotion", "x"]  # models.CATEGORIES order first
    # A category lists its questions (most recent first) and has no band or trend of its own.
    assert [t.key for t in p.categories[1].questions] == ["q1", "q2"]
    assert p.categories[1].attempts == 3 and not hasattr(p.categories[1], "trend")
    assert p.attempts == 4 and not p.empty
    assert progress.compute([]).empty


@pytest.mark.parametrize(
    "bands, expected",
    [
        ([1], "new"),
        ([0, 2], "improving"),
        ([2, 0], "slipping"),
        ([1, 1], "steady"),
        ([0, 0, 0, 1, 1, 0], "improving"),  # last three 2/3 of a band better
        ([1, 1, 1, 1, 1, 2], "improving"),  # one of the last three a band better: a third
        ([2, 2, 2, 2, 2, 1], "slipping"),
        ([0, 2, 0, 2, 1, 1, 1], "steady"),
        ([2, 0, 2, 2], "improving"),  # four answers: the last two against the first two
        ([0, 2, 1, 1, 1], "steady"),  # five: the last two (1) against the first three (1)
        ([2, 2, 2, 0, 1], "slipping"),
    ],
)
def test_trend_compares_the_last_three_with_the_earlier_answers(bands, expected):
    assert progress.trend(bands) == expected


def test_expected_score_reads_the_band_probabilities_or_estimates_them():
    reply = json.dumps(
        {"question_id": "q", "question": 'Say "scores": {"x": 1}?', "band": "lean_hire",
         "confidence": 0.6, "scores": {"strong_hire": 0.3, "lean_hire": 0.6, "no_hire": 0.1},
         "covered": [{"label": "scores"}]}
    )  # fmt: skip
    assert progress.expected_score("lean_hire", 0.6, reply) == pytest.approx(0.6)
    # Without stored probabilities: the band's confidence, the rest split between the others.
    assert progress.expected_score("strong_hire", 1.0) == pytest.approx(1.0)
    assert progress.expected_score("no_hire", 1.0) == pytest.approx(0.0)
    assert progress.expected_score("strong_hire", 0.6) == pytest.approx(0.6 + 0.5 * 0.2)
    assert progress.expected_score("no_hire", 0.8, "not json") == pytest.approx(0.1 + 0.05)
    p = progress.compute([attempt(1, "q", "lean_hire", 0, conf=0.6, result=reply)])
    assert p.questions[0].scores == [pytest.approx(0.6)]


def test_weakest_key_points_worst_first_with_their_question():
    attempts = [
        attempt(1, "q1", "lean_hire", 0, missing=["A", "B"], covered=["C"]),
        attempt(2, "q1", "lean_hire", 1, missing=["A"], covered=["B", "C"]),
        attempt(3, "q1", "strong_hire", 2, missing=["A"], covered=["B", "C"]),
        attempt(4, "q2", "no_hire", 3, missing=["A", "D"], covered=[]),
        attempt(5, "q2", "strong_hire", 4, missing=[], covered=["A", "D"]),
    ]
    weakest = progress.compute(attempts).weakest
    got = [(w.question_id, w.label, w.missed, w.attempts) for w in weakest]
    # Same label at two questions: two key points. Ties on the rate: more misses first.
    assert got == [("q1", "A", 3, 3), ("q2", "A", 1, 2), ("q2", "D", 1, 2), ("q1", "B", 1, 3)]
    assert weakest[0].rate == 1.0 and weakest[0].question == "Question q1?"


def test_a_key_point_added_later_counts_only_the_answers_scored_on_it():
    attempts = [
        attempt(1, "q", "lean_hire", 0, missing=["A"], covered=[]),  # old rubric: no "New"
        attempt(2, "q", "lean_hire", 1, missing=["A", "New"], covered=[]),
        attempt(3, "q", "lean_hire", 2, missing=["New"], covered=["A"]),
    ]
    weakest = {w.label: (w.missed, w.attempts) for w in progress.compute(attempts).weakest}
    assert weakest == {"New": (2, 2), "A": (2, 3)}


def test_progress_of_ten_thousand_attempts_is_fast():
    reply = json.dumps(
        {"question_id": "q", "question": "Q?", "band": "lean_hire", "confidence": 0.6,
         "scores": {"strong_hire": 0.2, "lean_hire": 0.6, "no_hire": 0.2},
         "padding": "x" * 4000}
    )  # fmt: skip
    bands = ("no_hire", "lean_hire", "strong_hire")
    attempts = [
        attempt(
            i,
            f"q{i % 24}",
            bands[i % 3],
            i / 50,
            missing=["A", "B"][: i % 3],
            covered=["C"],
            category=f"c{i % 12}",
            result=reply,
        )  # fmt: skip
        for i in range(10_000)
    ]
    start = time.perf_counter()
    p = progress.compute(attempts)
    elapsed = time.perf_counter() - start
    assert p.attempts == 10_000 and len(p.questions) == 24 and len(p.categories) == 12
    assert elapsed < 1.5, elapsed


def test_band_spark_uses_a_fixed_scale_and_fits_its_width():
    assert band_spark([2, 2, 2], 10).plain == "███"  # all strong: tall, not the lowest bars
    assert band_spark([0, 1, 2], 10).plain == "▁▅█"
    assert len(band_spark(list(range(3)) * 100, 12).plain) == 12
    assert clip("a  b\nc", 10) == "a b c" and clip("abcdefghijkl", 5) == "abcd…"


async def test_a_mock_interview_session_opens_its_debrief(tmp_path, catalog, scorer):
    from interview_coach.coaching.interview import InterviewRound, plan_round
    from interview_coach.coaching.recorder import Recorder
    from interview_coach.tui.screens.review.attempts import DebriefScreen

    path = tmp_path / "t.sqlite"
    recorder = Recorder(path)
    recorder.open()
    recorder.new_session("mock interview", kind="interview")
    rnd = InterviewRound(plan_round(catalog, question_ids=["mentoring"]), catalog, scorer,
                         recorder=recorder)  # fmt: skip
    rnd.answer("I mentored a new grad weekly and she now leads the migration. \x1b]0;x\x07", 40)
    rnd.follow_up_answer("", 0)
    rnd.finish()
    recorder.close()
    with TranscriptStore.open(path) as store:
        app = Host(store, catalog)
        async with app.run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await pilot.press("enter")
            assert isinstance(app.screen, SessionScreen)
            assert "r: the debrief" in static(app.screen, "#title")
            await pilot.press("r")
            assert isinstance(app.screen, DebriefScreen)
            shown = app.screen.markdown
            assert "Mock interview debrief" in shown and "\x1b" not in shown
            await pilot.press("escape")
            assert isinstance(app.screen, SessionScreen)


async def test_a_practice_session_has_no_debrief_to_open(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("enter")
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("r")
        assert app.screen is session  # nothing to show: the key does nothing


# -- delivery over time ---------------------------------------------------------------------
def spoken(wpm: float, fillers: float, pauses: int, seconds: float) -> dict:
    """Stored delivery figures, as speech.delivery.Delivery.to_dict() writes them."""
    return {
        "words": int(wpm * seconds / 60), "speaking_seconds": seconds, "audio_seconds": seconds,
        "first_word_at": 0.5, "words_per_minute": wpm, "fillers_per_minute": fillers,
        "pauses": [{"start": 10.0 + i, "seconds": 2.5, "after": "team", "before": "so"}
                   for i in range(pauses)],
        "fillers": [], "longest_run_seconds": 12.0, "longest_run_start": 1.0,
    }  # fmt: skip


def test_delivery_over_time_lists_only_spoken_answers_oldest_first(tmp_path, catalog, scorer):
    with TranscriptStore.open(tmp_path / "t.sqlite") as store:
        ref = SessionRef("fake")
        later, earlier = spoken(172, 3.5, 2, 41), spoken(150, 1.0, 0, 58)
        save(store, catalog, scorer, ref, "mentoring", "typed", T0)
        save(store, catalog, scorer, ref, "mentoring", "said", T0 + _m(9), delivery=later)
        save(store, catalog, scorer, ref, "build-vs-buy", "said", T0 + _m(2), delivery=earlier)
        points = progress.compute(store.attempts()).delivery
    assert [(p.words_per_minute, p.fillers_per_minute, p.long_pauses, p.speaking_seconds)
            for p in points] == [(150, 1.0, 0, 58), (172, 3.5, 2, 41)]  # fmt: skip
    assert points[0].question == catalog.questions["build-vs-buy"].text


async def test_progress_and_a_session_show_how_spoken_answers_sounded(
    tmp_path, catalog, scorer, local_tz
):
    store = TranscriptStore.open(tmp_path / "t.sqlite")
    ref = SessionRef("fake")
    save(store, catalog, scorer, ref, "mentoring", "typed", T0)
    save(store, catalog, scorer, ref, "build-vs-buy", "said", T0 + _m(2),
         delivery=spoken(172, 3.5, 2, 41))  # fmt: skip
    app = Host(store, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("2")
        text = static(screen, "#progress-body")
        block = text[text.index("Spoken answers") :]
        row = block.splitlines()[1]
        assert "2026-03-02 11:02" in row  # the date, in local time
        assert re.search(r"172\s+3\.5\s+2\s+41s", row)
        assert "Conversational pace 130-160" in block
        assert len([line for line in block.splitlines() if "2026-03-02" in line]) == 1
        await pilot.press("1", "enter")  # the session's read view
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("down")  # the spoken answer
        detail = static(session, "#detail-body")
        assert "How it sounded" in detail and "Pace: 172 words a minute" in detail
        assert "Pauses over 2 s: 2: 2.5 s at 0:10 after 'team'" in detail
    store.close()


async def test_typed_practice_shows_no_delivery_table(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("2")
        assert "Spoken answers" not in static(screen, "#progress-body")


# -- progress that tells the truth (issue 15) -------------------------------------------------
def _every_point(catalog, qid: str) -> str:
    return " ".join(k.phrasings[0] + "." for k in catalog.rubrics[qid].key_points)


@pytest.fixture
def two_alike(tmp_path, catalog, scorer):
    """A strong answer to one "levels" question, then a vague one to another that starts with
    the same words ("Tell me about a time you w...")."""
    store = TranscriptStore.open(tmp_path / "alike.sqlite")
    ref = SessionRef("fake")
    strong = _every_point(catalog, "ambiguous-problem")
    save(store, catalog, scorer, ref, "ambiguous-problem", strong, T0)
    vague = "I did some stuff, it was fine."
    save(store, catalog, scorer, ref, "asking-for-help", vague, T0 + timedelta(days=1))
    yield store
    store.close()


def shown_body(screen) -> str:
    """The progress report as drawn at the tab's own width."""
    body = screen.query_one("#progress-body", Static)
    return text_of(body.content, width=body.content_region.width)


async def test_a_category_lists_its_questions_with_their_own_trends_not_slipping(
    two_alike, catalog, local_tz
):
    app = Host(two_alike, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("2")
        await pilot.pause()
        text = shown_body(screen)
        assert "slipping" not in text
        assert "levels  2 questions · 2 answers" in text
        assert text.count("first try") == 2  # each question its own, single answer
        # Two questions that start alike wrap instead of both reading "Tell me about a time
        # you w…": what tells them apart is on screen.
        assert "…" not in text
        flat = " ".join(text.split())
        assert "were stuck. When and how did you ask for help?" in flat
        assert "worked on a problem that had no clear definition." in flat


async def progress_plot(pilot):
    """The Progress tab's plot, and what it draws as plain text."""
    from interview_coach.tui.screens.review.progress import ProgressPlot

    screen = await opened(pilot)
    await pilot.press("2")
    await pilot.pause()
    plot = screen.query_one(ProgressPlot)
    return plot, Text.from_ansi(str(plot.plt.build())).plain


async def test_the_progress_plot_draws_each_question_over_dates(two_alike, catalog, local_tz):
    app = Host(two_alike, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        plot, drawn = await progress_plot(pilot)
        assert plot.display and plot.region.height == 11 and plot.region.width <= 80
        assert "02/03" in drawn and "03/03" in drawn  # dates along the bottom (UTC+2)
        assert "Strong" in drawn and "No" in drawn


async def test_the_plot_labels_each_date_once(filled, catalog, local_tz):
    """Two answers on each of three dates: plotext's own ticks, evenly spaced in time, put
    "03/03" and "04/03" under two ticks each."""
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        plot, drawn = await progress_plot(pilot)
        assert drawn.splitlines()[-1].split() == ["02/03", "03/03", "04/03"]
        # the labels given to plotext (which keeps them in no order)
        assert sorted(plot.plt.monitor.xlabels[0]) == ["02/03", "03/03", "04/03"]


def test_date_ticks_label_distinct_dates_thinned_to_the_width():
    from interview_coach.tui.screens.review.progress import LABEL_ROOM, date_ticks

    start = datetime(2026, 3, 1, 9, 0)
    same_day = [start + timedelta(minutes=m) for m in (0, 5, 50)]
    assert date_ticks(same_day, 70) == [start]  # one date, one label
    month = [start + timedelta(days=d, hours=h) for d in range(30) for h in (0, 3)]
    for room in (20, 40, 70, 110):
        ticks = date_ticks(month, room)
        dates = [t.date() for t in ticks]
        assert len(set(dates)) == len(dates) and dates == sorted(dates)
        assert ticks[0] == start and dates[-1] == month[-1].date()  # first and latest shown
        span = (month[-1] - start).total_seconds()
        columns = [(t - start).total_seconds() / span * (room - 1) for t in ticks]
        assert all(b - a >= LABEL_ROOM for a, b in zip(columns, columns[1:], strict=False))
        assert len(ticks) >= room // (2 * LABEL_ROOM)  # thinned, not down to a few
    # A date close to the latest gives way to it.
    close = [start, start + timedelta(days=10), start + timedelta(days=11)]
    assert date_ticks(close, 40) == [start, close[2]]


async def test_compare_shows_the_key_points_gained_and_lost_since_the_answer_before(
    filled, catalog
):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("enter", "c")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        labels = [k.label for k in catalog.rubrics["mentoring"].key_points if k.label != WEAK_POINT]
        table = compare.query_one("#attempts", DataTable)
        assert [r[4] for r in rows(table)] == ["", f"−{len(labels)}", f"+{len(labels)}", "="]
        assert not static(compare, "#detail-body").startswith("Since")  # the first answer
        await pilot.press("down", "down")
        detail = static(compare, "#detail-body")
        first_line = detail.splitlines()[0]
        assert first_line == "Since your last attempt: " + ", ".join(f"+ {k}" for k in labels)
        await pilot.press("down")
        assert static(compare, "#detail-body").startswith(
            "Since your last attempt: the same key points covered"
        )
        spark = static(compare, "#spark")
        assert "02/03 → 04/03" in spark or "→" in spark  # the chart's first and last dates


async def test_an_opened_session_wraps_its_questions_instead_of_cutting_them(filled, catalog):
    app = Host(filled, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("down", "down", "enter")  # the oldest session
        table = app.screen.query_one("#attempts", DataTable)
        question = catalog.questions["mentoring"].text
        assert rows(table)[0][1] == question
        assert (
            table.get_row_at(0) and table.rows[table.coordinate_to_cell_key((0, 0))[0]].height > 1
        )
        assert table.max_scroll_x == 0

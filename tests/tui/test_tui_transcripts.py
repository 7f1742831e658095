"""The practice chat saves every scored attempt as it is scored, and a database it cannot
use is reported, left untouched, and replaced only by a new file beside it."""

from __future__ import annotations

import hashlib

from textual.widgets import TextArea

from interview_coach.common.paths import data_dir, db_path
from interview_coach.transcripts.store import TranscriptStore
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.screens.store_problem import StoreProblemScreen
from tests.tui.pilot import ANSWER, fake_app, status, turns, type_answer, wait_for


async def _answer(pilot, app, text: str = ANSWER) -> None:
    n = len(turns(app, "verdict"))
    await type_answer(pilot, app, text)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: len(turns(app, "verdict")) > n)


async def test_each_scored_answer_is_saved_with_hints_and_model_answer(catalog):
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.store is not None and "model ready" in status(app))
        first = app.session.current
        await pilot.press("ctrl+t", "ctrl+t")
        await _answer(pilot, app)
        # Saved before the reply appeared: read it back through a second connection.
        with TranscriptStore.open(app.db_path) as other:
            [saved] = other.attempts()
        assert saved.question_id == first.id and saved.answer == ANSWER
        assert saved.hints_used == 2 and not saved.revealed
        assert saved.band == app.session.attempts[0].result.band
        await pilot.press("ctrl+n", "ctrl+o")
        await _answer(pilot, app, "After reading the model answer: I would mentor them weekly.")
        await pilot.press("ctrl+r")
        await _answer(pilot, app, "A retry of the same question.")
    with TranscriptStore.open(db_path()) as store:
        attempts = store.attempts()
        assert [a.hints_used for a in attempts] == [2, 0, 0]
        assert [a.revealed for a in attempts] == [False, True, True]
        assert len(store.sessions()) == 1 and store.sessions()[0].attempts == 3


async def test_a_corrupt_database_is_kept_and_a_new_one_started_beside_it(catalog):
    bad = db_path()
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"this is not a database\n" * 100)
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    app = fake_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemScreen))
        assert "not a SQLite database" in str(app.screen.message)
        assert "NOT SAVING" in status(app)
        await pilot.pause()
        assert app.screen.focused.id == "new"  # Enter accepts the safe choice
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.store is not None)
        assert app.db_path != bad and app.db_path.parent == bad.parent
        await wait_for(pilot, lambda: "model ready" in status(app))
        await _answer(pilot, app)
        assert "NOT SAVING" not in status(app)
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    # The next launch uses the new database instead of asking again.
    assert db_path() == app.db_path
    with TranscriptStore.open(app.db_path) as store:
        assert [a.answer for a in store.attempts()] == [ANSWER]
    assert (data_dir() / "current-database").read_text() == app.db_path.name


async def test_answers_scored_before_choosing_are_saved_once_a_database_is_chosen(
    catalog, tmp_path
):
    bad = tmp_path / "foreign.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # a header, then garbage
    app = fake_app(catalog, db_path=bad)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemScreen))
        app.pop_screen()  # as if the dialog were still undecided while the user answers
        app.scoring = False
        await type_answer(pilot, app, ANSWER)
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        # Scored, but the reply waits until the answer has somewhere to go.
        assert not turns(app, "verdict") and app.scoring
        app.open_store(tmp_path / "fresh.sqlite")
        await wait_for(pilot, lambda: turns(app, "verdict"))
        await wait_for(pilot, lambda: not app.recorder.unsaved)
    with TranscriptStore.open(tmp_path / "fresh.sqlite") as store:
        assert [a.answer for a in store.attempts()] == [ANSWER]
    # A flag or env path is the user's choice: no pointer file is written for it.
    assert not (data_dir() / "current-database").exists()


async def test_practising_without_saving_says_so(catalog, tmp_path):
    bad = tmp_path / "x.sqlite"
    bad.write_text("plain text")
    app = fake_app(catalog, db_path=bad)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: "not saving" in status(app))
        await wait_for(pilot, lambda: "model ready" in status(app))
        await _answer(pilot, app)
        assert app.session.attempts and app.store is None
        assert not any("not saved yet" in t for t in turns(app, "note"))
        assert app.recorder.unsaved == 0  # the user chose not to save: nothing is kept
        await pilot.press("ctrl+q")  # nothing typed, nothing it could have saved
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # quits without asking
    assert bad.read_text() == "plain text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.sqlite"]


async def test_quit_warns_when_a_scored_answer_could_not_be_saved(catalog, tmp_path):
    app = fake_app(catalog, db_path=tmp_path / "t.sqlite")
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.store is not None and "model ready" in status(app))
        app.store.close()  # the disk goes away under the app
        await _answer(pilot, app)
        assert any("not saved yet" in t for t in turns(app, "note"))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "could not be saved" in app.screen.question
        await pilot.press("n")
        assert app.is_running
        assert app.query_one("#answer", TextArea).text == ""


async def test_practise_due_questions_starts_a_session_of_them(catalog):
    from datetime import UTC, datetime, timedelta

    from interview_coach.scoring.scorer import Scorer
    from interview_coach.transcripts.store import SessionRef
    from tests.support import BagOfWordsEmbedder

    scorer = Scorer(BagOfWordsEmbedder())
    long_ago = datetime.now(UTC) - timedelta(days=30)
    with TranscriptStore.open(db_path()) as store:
        for qid, at in (("mentoring", long_ago), ("build-vs-buy", datetime.now(UTC))):
            q = catalog.questions[qid]
            r = scorer.score(q, catalog.rubrics[qid], "I don't know.")
            store.save_attempt(SessionRef("m"), q, "I don't know.", r, scored_at=at)
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.store is not None)
        app.action_practise_due()
        await pilot.pause()
        # A weak answer 30 days ago is due; one given just now is not.
        assert [q.id for q in app.session.questions] == ["mentoring"]
        assert "Practising due questions: 1 question(s)." in turns(app, "coach")[-2]
        await wait_for(pilot, lambda: "model ready" in status(app))
        await _answer(pilot, app)
    with TranscriptStore.open(db_path()) as store:
        assert store.sessions()[0].selection == "due questions"


async def test_chat_keys_do_nothing_while_the_review_screen_is_open(catalog):
    from interview_coach.tui.screens.review import ReviewScreen

    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.store is not None)
        first = app.session.current
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("ctrl+t", "ctrl+n", "ctrl+o")
        await pilot.pause()
        assert app.session.hints_shown == 0 and not app.session.revealed
        assert app.session.current == first
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        await pilot.press("ctrl+t")
        assert app.session.hints_shown == 1


async def test_the_reply_to_a_retry_says_what_changed_since_the_last_attempt(catalog):
    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.store is not None and "model ready" in status(app))
        points = catalog.rubrics[app.session.current.id].key_points
        await _answer(pilot, app, " ".join(k.phrasings[0] + "." for k in points[:-1]))
        assert "Since your last attempt" not in turns(app, "verdict")[-1]  # a first answer
        await pilot.press("ctrl+r")
        await _answer(pilot, app, " ".join(k.phrasings[0] + "." for k in points[1:]))
        reply = " ".join(turns(app, "verdict")[-1].split())
        expected = f"Since your last attempt: + {points[-1].label}, − {points[0].label}"
        assert expected in reply

"""The mock interview in the chat, driven by Textual's pilot at 80x24 on the fast stand-in
scorer: a whole round, the clock, no hints, quitting mid-round."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from interview_coach.coaching.interview import InterviewOptions
from interview_coach.transcripts.store import TranscriptStore
from interview_coach.tui.app import Turn
from interview_coach.tui.screens.confirm import ConfirmScreen
from interview_coach.tui.screens.interview import InterviewScreen
from tests.support import plain
from tests.tui.pilot import fake_app, turns, wait_for

TWO = InterviewOptions(count=2, question_ids=("mentoring", "build-vs-buy"))
REPLY = "I met them weekly, set goals together and checked progress against the plan each month."


def shown(app, role=None) -> list[str]:
    return [str(t.content) for t in app.screen.query(Turn) if role is None or t.has_class(role)]


def status(app) -> str:
    return str(app.screen.query_one("#status", Static).content)


async def started(pilot, app) -> InterviewScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.round)
    assert isinstance(app.screen, InterviewScreen)
    return app.screen


async def give(pilot, app, text: str) -> None:
    app.screen.query_one("#answer", TextArea).insert(text)
    await pilot.pause()
    await pilot.press("ctrl+s")


async def test_a_whole_two_question_round_ends_in_the_debrief(catalog, tmp_path):
    db = tmp_path / "t.sqlite"
    app = fake_app(catalog, db_path=db, interview=TWO)
    async with app.run_test(size=(80, 24)) as pilot:
        scr = await started(pilot, app)
        rnd = scr.round
        said = shown(app, "coach")
        assert "I'll be your interviewer" in said[0]
        assert catalog.questions["mentoring"].text in said[1] and "Question 1/2" in said[1]
        assert "Q 1/2 · 0:0" in status(app) and "/ 3:00 · target 1:00" in status(app)
        for n, qid in enumerate(("mentoring", "build-vs-buy"), 1):
            strong = catalog.rubrics[qid].bands["strong_hire"].exemplars[0]
            await give(pilot, app, strong)
            await wait_for(pilot, lambda n=n: len(rnd.turns) == n and not scr.busy)
            follow_up = rnd.turns[-1].follow_up
            if follow_up.asked:  # the interviewer's next turn, answered with the same key
                assert shown(app, "coach")[-1] == "Follow-up: " + follow_up.question
                assert "follow-up" in status(app)
                await give(pilot, app, REPLY)
                await wait_for(pilot, lambda f=follow_up: f.replied and not scr.busy)
                assert follow_up.answer == REPLY
            if n == 1:
                assert "Question 2/2" in shown(app, "coach")[-1]
        await wait_for(pilot, lambda: scr.debrief is not None)
        packet = plain(scr.query_one(".debrief", Static).content)
        assert "Mentoring" in packet or "mentoring" in packet
        assert any(band in packet for band in ("Strong Hire", "Lean Hire", "No Hire"))
        assert "ctrl+n returns to practice" in shown(app, "note")[-1]
        # Nothing left to type: the debrief gets the room, and submitting is off.
        assert not scr.query_one("#answer", TextArea).display
        assert scr.check_action("submit", ()) is False
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not isinstance(app.screen, InterviewScreen)
        assert "Back to practice" in turns(app, "note")[-1]
    with TranscriptStore.open(db) as store:
        [s] = store.sessions()
        assert s.kind == "interview" and s.has_debrief


async def test_at_the_limit_the_interviewer_moves_on_keeping_what_was_typed(catalog):
    app = fake_app(catalog, interview=InterviewOptions(count=1, minutes=0.02,
                                                      question_ids=("mentoring",)))  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        scr = await started(pilot, app)
        assert "/ 0:01" in status(app)
        scr.query_one("#answer", TextArea).insert("I would start by listening")
        await wait_for(pilot, lambda: scr.round.turns, timeout=8)
        [turn] = scr.round.turns
        assert turn.timed_out and turn.answer == "I would start by listening"
        assert any("Time's up" in t for t in shown(app, "note"))
        # The follow-up has the same clock: left empty, it counts as no answer.
        await wait_for(pilot, lambda: scr.debrief is not None, timeout=8)
        if turn.follow_up.asked:
            assert turn.follow_up.timed_out and turn.follow_up.verdict == "no_answer"


async def test_no_hints_or_model_answers_during_the_round(catalog):
    app = fake_app(catalog, interview=TWO)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        before = shown(app)
        await pilot.press("ctrl+t", "ctrl+o")
        await pilot.pause()
        assert shown(app) == before and app.session.hints_shown == 0
        assert not app.session.revealed
        said = [n.message for n in app._notifications]
        assert said and all("No hints or model answers" in m for m in said)


async def test_quitting_mid_round_asks_and_keeps_what_was_answered(catalog, tmp_path):
    db = tmp_path / "t.sqlite"
    app = fake_app(catalog, db_path=db, interview=TWO)
    async with app.run_test(size=(80, 24)) as pilot:
        scr = await started(pilot, app)
        await give(pilot, app, catalog.rubrics["mentoring"].bands["strong_hire"].exemplars[0])
        await wait_for(pilot, lambda: scr.round.turns and not scr.busy)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "1 answer you gave is saved" in str(
            app.screen.question
        )
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is scr and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    with TranscriptStore.open(db) as store:
        [s] = store.sessions()
        assert s.kind == "interview" and s.has_debrief  # ended early, with what was answered


async def test_mock_interview_from_practice_by_key_and_palette(catalog):
    app = fake_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        scr = await started(pilot, app)
        assert scr.round.intro in shown(app, "coach")[0]
        assert len(scr.round.questions) == InterviewOptions().count
        commands = [c.title for c in app.get_system_commands(scr)]
        assert "Hint" not in commands and "Submit answer" in commands
        assert "Mock interview" in [c.title for c in app.get_system_commands(app.default_screen)]


async def test_in_the_interview_keys_typed_just_before_ctrl_s_are_all_given(catalog, tmp_path):
    # As in practice (test_chat_friction): the submit waits for the keys queued before it.
    from textual import events
    from textual.keys import _character_to_key

    app = fake_app(catalog, db_path=tmp_path / "t.sqlite", interview=TWO)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        text = "I paired with her every week and she shipped on her own."
        for ch in text:
            app.post_message(events.Key(_character_to_key(ch), ch))
        app.post_message(events.Key("ctrl+s", None))
        await wait_for(pilot, lambda: text in shown(app, "user"))
        assert app.screen.query_one("#answer", TextArea).text == ""

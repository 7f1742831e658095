"""Edited prompt and rubric files are picked up by a running app on request (f5), and only
what changed is embedded again."""

from __future__ import annotations

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.layers import user_content_dir
from interview_coach.coaching.reload import diff, reprepare
from interview_coach.coaching.session import Selection
from interview_coach.common.paths import builtin_dir
from interview_coach.scoring.scorer import Scorer
from interview_coach.scoring.vector_cache import CachedEmbedder, VectorCache
from tests.support import BagOfWordsEmbedder
from tests.tui.pilot import fake_app, status, turns, wait_for

NEW_EXEMPLAR = (
    '      - "I paired with our intern every week until she shipped her first model on her'
    " own; three months later she was reviewing other people's pipelines.\"\n"
)


def _user_rubric(text: str, name: str = "mentoring.yaml"):
    d = user_content_dir() / "rubrics"
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text)
    return d / name


def _with_extra_exemplar() -> str:
    text = (builtin_dir("rubrics") / "mentoring.yaml").read_text()
    head, tail = text.split("  strong_hire:\n", 1)
    desc, rest = tail.split("    exemplars:\n", 1)
    return head + "  strong_hire:\n" + desc + "    exemplars:\n" + NEW_EXEMPLAR + rest


def test_only_the_changed_rubric_is_embedded_again(tmp_path):
    embedder = BagOfWordsEmbedder()
    cache = VectorCache(tmp_path / "v.sqlite")
    scorer = Scorer(embedder, CachedEmbedder(embedder, cache))
    old = Catalog.load()
    for q in old.scorable():
        scorer.prepare(q, old.rubrics[q.id])
    before = {qid: scorer.prepare(old.questions[qid], r) for qid, r in old.rubrics.items()}

    path = _user_rubric(_with_extra_exemplar())
    new = Catalog.load()
    change = diff(old, new)
    assert change.changed_rubrics == ["mentoring"] and not change.added
    assert new.rubrics["mentoring"].path == path
    reprepare(scorer, new, change)
    # The new exemplar's sentences. Nothing else was encoded.
    assert 1 <= change.reembedded <= 3
    for qid, prepared in before.items():
        again = scorer.prepare(new.questions[qid], new.rubrics[qid])
        assert (again is prepared) == (qid != "mentoring"), qid
    assert len(scorer.prepare(new.questions["mentoring"], new.rubrics["mentoring"])
               .exemplars["strong_hire"]) == len(old.rubrics["mentoring"].bands["strong_hire"]
                                                  .exemplars) + 1  # fmt: skip
    assert "1 rubric(s) new or changed" in change.summary()


def test_no_change_says_so():
    cat = Catalog.load()
    change = diff(cat, Catalog.load())
    assert change.nothing and "no changes" in change.summary()


async def test_f5_picks_up_an_edited_rubric_and_reports_a_broken_file(catalog):
    app = fake_app(None)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "model ready" in status(app))
        assert app.catalog.origin("mentoring") == "built-in"
        _user_rubric(_with_extra_exemplar())
        _user_rubric("question: mentoring\nbandz: {}\n", name="broken.yaml")
        await pilot.press("f5")
        await wait_for(pilot, lambda: any("Reloaded" in t for t in turns(app, "note")))
        note = [t for t in turns(app, "note") if "Reloaded" in t][-1]
        assert "1 rubric(s) new or changed" in note
        assert "1 file(s) have errors" in note
        assert app.catalog.origin("mentoring").endswith("(replaces the built-in rubric)")
        assert len(app.catalog.scorable()) == 24  # the broken file took nothing away
        assert any("broken.yaml" in str(p) for p in app.catalog.errors)


async def test_a_question_from_the_users_files_says_so(catalog):
    _user_rubric(_with_extra_exemplar())
    app = fake_app(None, selection=Selection(search="mentored"))
    async with app.run_test() as pilot:
        await pilot.pause()
        asked = turns(app, "coach")[-1]
        assert app.session.current.id == "mentoring"
        assert "rubric yours (replaces the built-in rubric)" in asked


async def test_f6_browser_practises_the_chosen_question(catalog):
    from interview_coach.tui.screens.rubrics import RubricBrowser

    app = fake_app(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, RubricBrowser))
        app.screen.dismiss("build-vs-buy")
        await wait_for(pilot, lambda: app.session.current.id == "build-vs-buy")
        assert len(app.session.questions) == 1
        assert "build-vs-buy" not in turns(app, "note")


async def test_f5_with_a_file_nested_995_deep_reports_it_and_the_chat_goes_on(catalog):
    from tests.bank.test_hostile_yaml import deep_texts

    app = fake_app(None)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "model ready" in status(app))
        asked = app.session.current
        prompts = user_content_dir() / "prompts"
        prompts.mkdir(parents=True)
        (prompts / "deep.yaml").write_text(deep_texts()["flow-list"])
        await pilot.press("f5")  # today: RecursionError in the worker, and the app exits
        await wait_for(pilot, lambda: any("Reloaded" in t for t in turns(app, "note")))
        note = [t for t in turns(app, "note") if "Reloaded" in t][-1]
        assert "no changes" in note and "1 file(s) have errors" in note
        [error] = [str(p) for p in app.catalog.errors]
        assert f"{prompts / 'deep.yaml'}:2: error: values are nested more than" in error
        assert app.is_running and app.session.current == asked
        assert len(app.catalog.scorable()) == 24


async def test_f5_keeps_the_old_bank_when_loading_raises(catalog, monkeypatch):
    # Whatever a future loader bug raises in the reload worker, the chat goes on with the
    # bank it has (an uncaught error in a Textual worker ends the app).
    def broken_load(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    app = fake_app(catalog)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "model ready" in status(app))
        notes: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        monkeypatch.setattr(Catalog, "load", broken_load)
        await pilot.press("f5")
        await wait_for(pilot, lambda: any(n.startswith("Reload failed") for n in notes))
        assert "RecursionError" in notes[-1]
        assert app.is_running and app.catalog is catalog

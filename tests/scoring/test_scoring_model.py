"""Scoring with the real all-MiniLM-L6-v2 from the bundled package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interview_coach.scoring.evaluate import read_labelled
from interview_coach.scoring.scorer import _resembles

pytestmark = pytest.mark.model
PRAISE = ("great", "good job", "well done", "excellent")

STRONG = (
    "I'd stop assuming that excellent work on my model is enough: L6 is about org-level scope. "
    "First I'd agree with my manager what the Staff bar looks like for me. Then I'd take on a "
    "problem shared by all the Shopping recommendation models, cold start for new products, "
    "write a 12-month strategy doc for it and get buy-in from the three partner teams. I'd lead "
    "the shared solution across those teams without any of them reporting to me, and report "
    "the result as revenue, about $20M a year from better recommendations, not AUC. I'd also "
    "mentor two engineers on other teams and present the work at the internal ML summit."
)
PASSIVE = (
    "Honestly I'll just keep doing really good work on my model and hope my manager "
    "notices. If I keep my head down and deliver, the promotion should come eventually."
)


def _score(real_scorer, catalog, qid, answer):
    return real_scorer.score(catalog.questions[qid], catalog.rubrics[qid], answer)


def test_seed_rubric_strong_versus_passive(real_scorer, catalog):
    strong = _score(real_scorer, catalog, "staff-promotion-strategy", STRONG)
    weak = _score(real_scorer, catalog, "staff-promotion-strategy", PASSIVE)
    assert strong.band == "strong_hire", strong.reasons
    assert weak.band == "no_hire", weak.reasons
    assert strong.coverage > weak.coverage + 0.3
    # Three points made outright; the others are in it in other words, so the advice is to
    # make them explicit, never to add them.
    assert len(strong.covered) >= 3
    assert all(m.near for m in strong.missing), strong.missing
    assert any("notice" in h.label.lower() or "hope" in h.label.lower() for h in weak.red_flags)
    assert weak.follow_up and weak.follow_up.endswith("?")


def test_long_answer_is_not_truncated(real_scorer, catalog):
    """The model reads 256 tokens; a key point made only at the end must still count."""
    filler = (
        "Our team spent the spring improving the ranking model, tuning features and "
        "cleaning up the training pipeline so that experiments ran smoothly. "
    ) * 14
    ending = "The result was measured as business impact: about $3M a year in extra revenue."
    base = _score(real_scorer, catalog, "staff-promotion-strategy", filler)
    full = _score(real_scorer, catalog, "staff-promotion-strategy", filler + ending)
    assert len((filler + ending).split()) > 300
    biz = [
        k.id
        for k in catalog.rubrics["staff-promotion-strategy"].key_points
        if "business" in k.label.lower() or "impact" in k.label.lower()
    ]
    assert biz, "rubric should have a business-impact key point"
    assert any(h.id in biz for h in full.covered)
    assert not any(h.id in biz for h in base.covered)


@pytest.mark.parametrize(
    "answer,code",
    [
        ("fine", "too_short"),
        ("asdkj qwpoe zmxnc lkqwje poiqwe mnbzx qwlekj zxcmnb asdlkj poiu", "not_english"),
        ("IC or management? IC or management? IC or management?", "question_echo"),
        (
            "technical depth, people leadership, strengths, energy, tech lead, switching back, "
            "Staff IC, mentoring",
            "keyword_list",
        ),
        ("I like coding and I want to stay an IC. " * 5, "repetition"),
        (
            "IC, because I'm an IC person at heart. I like IC work because it is what"
            " individual contributors do, and management is for people who want to manage, so"
            " the IC track is the track that fits me.",
            "circular",
        ),
    ],
)
def test_answers_that_say_nothing_are_no_hire(real_scorer, catalog, answer, code):
    res = _score(real_scorer, catalog, "ic-or-management", answer)
    assert res.band == "no_hire"
    assert res.gate and res.gate["code"] == code
    # Padding keeps what its one distinct sentence says, and nothing more.
    evidence = {h.evidence for h in res.covered}
    assert evidence <= (
        {"I like coding and I want to stay an IC."} if code == "repetition" else set()
    )
    assert not any(word in " ".join(res.reasons).lower() for word in PRAISE)


def test_off_topic_answer(real_scorer, catalog):
    res = _score(
        real_scorer,
        catalog,
        "oncall-incident",
        "My favourite pasta recipe uses fresh basil, garlic, olive oil and a little "
        "lemon zest, and I cook it every Sunday for my family.",
    )
    assert res.band == "no_hire"


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        (
            "mentoring",
            "The weather this week has been terrible. It rained every day and the garden"
            " flooded. I bought new boots and a bigger umbrella. Hopefully next week is sunnier.",
        ),
        (
            "cost-optimisation",
            "I have been learning the violin for three years. Practising scales every morning"
            " is tedious. My teacher says my bowing has improved a lot. I hope to join an"
            " orchestra next year.",
        ),
    ],
)
def test_a_story_about_something_else_is_off_topic(real_scorer, catalog, qid, answer):
    # Several sentences, pooled into one vector like the exemplars': far from all of them.
    res = _score(real_scorer, catalog, qid, answer)
    assert res.band == "no_hire" and res.gate is not None, res.similarity
    assert res.gate["code"] == "off_topic"


def test_control_characters_and_markup_are_harmless(real_scorer, catalog):
    answer = (
        "\x00\x1b[31mI asked my manager for specific feedback [bold]right away[/], then we "
        "agreed a six-month plan and I led the cross-team migration.\x07"
    )
    res = _score(real_scorer, catalog, "promotion-disappointment", answer)
    assert res.band in ("lean_hire", "strong_hire", "no_hire")
    assert "\x00" not in " ".join(h.evidence for h in res.covered)


def test_framework_steps_in_order(real_scorer, catalog):
    answer = (
        "Honestly it stung when I missed the promotion. I asked my manager for specific "
        "feedback on what was missing. We agreed a plan with two gaps to close in six "
        "months. Then I led the cross-team launch and was promoted the next cycle."
    )
    res = _score(real_scorer, catalog, "promotion-disappointment", answer)
    steps = res.signals["framework_steps"]
    assert sum(s["covered"] for s in steps) >= 3
    assert res.signals["framework_in_order"] is True


def test_evidence_is_the_sentence_most_about_the_point(real_scorer, catalog):
    answer = (
        "Honestly it stung. I asked my manager for the specific feedback: my impact stayed"
        " inside my team. We agreed a 6-month plan and I led the cross-team eval migration,"
        " which cut review time 30%. I was promoted the next cycle."
    )
    res = _score(real_scorer, catalog, "promotion-disappointment", answer)
    evidence = {h.id: h.evidence for h in res.covered}
    assert evidence.get("acknowledges-maturely") == "Honestly it stung."
    assert evidence.get("executes-with-results") == "I was promoted the next cycle."


def test_a_sentence_that_denies_the_point_is_evidence_against_it(real_scorer, catalog):
    said = (
        "I was disappointed when I missed the promotion, and I told my manager so. "
        "I asked my manager which criteria the committee hadn't seen evidence for."
    )
    denied = (
        "I was disappointed when I missed the promotion, and I told my manager so. "
        "I never asked my manager which criteria the committee hadn't seen evidence for."
    )
    made = _score(real_scorer, catalog, "promotion-disappointment", said)
    assert "seeks-specific-feedback" in {h.id for h in made.covered}
    r = _score(real_scorer, catalog, "promotion-disappointment", denied)
    assert "seeks-specific-feedback" not in {h.id for h in r.covered}
    (hit,) = [h for h in r.missing if h.id == "seeks-specific-feedback"]
    assert hit.evidence.startswith("I never asked my manager")
    assert any("says you did not" in reason for reason in r.reasons)
    # The advice asks for a time they did it; it never asks what they did "about" a point the
    # answer has just said they did not do.
    assert r.missing[0].id == "seeks-specific-feedback", r.missing
    assert r.next_step.startswith('"I never asked my manager'), r.next_step
    assert "Tell a time you did it yourself" in r.next_step


def test_reasons_a_candidate_reads_carry_no_scores(real_scorer, catalog):
    r = _score(
        real_scorer,
        catalog,
        "mentoring",
        "I mentored a new grad who had never deployed a model. We met weekly, I paired with"
        " her on her first two deploys, then stopped reviewing up front. Within five months"
        " she took on-call shifts with no escalations, and I now hold back before fixing.",
    )
    assert not any(re.search(r"\d\.\d\d", reason) for reason in r.reasons), r.reasons
    assert r.to_dict()["score"] == r.score and r.thresholds  # the numbers stay in --json


def test_a_lower_verdict_never_says_it_reads_most_like_better_examples(real_scorer, catalog):
    """A No Hire that is told like the Strong Hire examples (a stuck engineer who never asked
    for help, and is proud of it) must not read as "it reads most like the Strong Hire
    examples" beside its verdict: the reason says the verdict weighs what it says."""
    r = _score(
        real_scorer,
        catalog,
        "asking-for-help",
        "I was a new graduate on the fraud team, adding a velocity feature to our Flink job."
        " After a checkpoint restore the windowed aggregate kept double counting. My senior"
        " offered to pair with me, but a good engineer should not disturb others for his own"
        " tickets. So I kept it to myself and spent three weeks reading the Flink source at"
        " night. In stand-up I kept saying 'no blockers' so the team would not worry. Finally I"
        " found the exactly-once sink was not configured, and I fixed it myself.",
    )
    resembles = [x for x in r.reasons if "this question's" in x and "examples" in x]
    assert r.band == "no_hire" and len(resembles) == 1, (r.band, r.reasons)
    assert "reads most like this question's Strong Hire" not in resembles[0], r.reasons
    assert "reads most like this question's Lean Hire" not in resembles[0], r.reasons
    if "told like this question's" in resembles[0]:
        assert "weighs what it says" in resembles[0]
    assert _resembles("strong_hire", "lean_hire").startswith("It is told like this question's")
    assert _resembles("lean_hire", "strong_hire") == (
        "It reads most like this question's Lean Hire examples."
    )


def test_a_hypothetical_answer_to_a_time_question_is_told_so(real_scorer, catalog):
    r = _score(
        real_scorer,
        catalog,
        "oncall-incident",
        "If I got paged I would first check the dashboards and roll back the latest deploy. "
        "Then I would probably write a postmortem and add an alert so it would not happen "
        "again. I think I would also keep the stakeholders updated every half hour.",
    )
    assert any("what you would do, not what you did" in reason for reason in r.reasons)


def test_a_point_made_elsewhere_is_never_also_said_not_to_count(real_scorer, catalog):
    both = (
        "I asked my manager which criteria the committee hadn't seen evidence for. "
        "I never asked my manager which criteria the committee hadn't seen evidence for, "
        "not the first time."
    )
    r = _score(real_scorer, catalog, "promotion-disappointment", both)
    made = {h.label.lower() for h in r.covered}
    assert "asks for specific, actionable feedback" in made
    assert not any(
        "does not count" in reason and label in reason for reason in r.reasons for label in made
    )


def test_key_points_are_judged_by_meaning_not_topic(real_scorer, catalog):
    """The point head decides which sentence makes a point: a sentence that only names the
    topic, or denies it, is not credited, and one that makes it in its own words is."""
    context = (
        "Priya joined our team as a new grad and her pull requests went through many rounds. "
        "We met every week for six months. "
    )
    topic = "Independence is what every mentor says they want for their mentees."
    denied = "I never stepped back; I answered every question myself instead of letting her try."
    makes = (
        "When she got stuck I asked what she had already tried before giving any answer, and"
        " by spring she was unblocking herself."
    )
    point = "builds-independence"

    def covered(answer: str) -> dict[str, str]:
        r = _score(real_scorer, catalog, "mentoring", answer)
        return {h.id: h.evidence for h in r.covered}

    assert point not in covered(context + topic)
    assert point not in covered(context + denied)
    made = covered(context + topic + " " + makes)
    assert made.get(point) == makes  # the sentence that makes it, not the one on its topic


def test_a_point_said_inside_another_points_sentence_is_not_to_be_added(real_scorer, catalog):
    """One sentence is evidence for one point only, so a point it also makes is missing; the
    advice is then to give it a sentence of its own, never to "add" what was said."""
    answer = (
        "Our PM asked me to make search better with no metric. I interviewed five users and two"
        " support leads, found most complaints were about stale results, wrote a one-page problem"
        " statement with freshness as the metric, got sign-off, and shipped an index refresh"
        " that cut stale-result complaints by 40%."
    )
    r = _score(real_scorer, catalog, "ambiguous-problem", answer)
    near = [h for h in r.missing if h.near]
    assert near, [(h.id, h.similarity) for h in r.missing]
    assert all(h.id not in {c.id for c in r.covered} for h in near)
    assert not r.next_step.startswith("Add the missing point"), r.next_step
    assert "near" in r.to_dict()["missing"][0]
    # Each such point names the sentence that says it, one of the answer's own, and the advice
    # quotes it.
    assert all(h.said_in and h.said_in in answer for h in near), near
    if r.missing[0].near:
        assert r.next_step.startswith("Give this a sentence of its own"), r.next_step


TOLD_AS_OTHERS = (
    "When our fraud model started flagging every card payment, our staff engineer Maria"
    " diagnosed the stale feature cache within the hour. She rolled the model back to the previous"
    " version and restored checkout. Our manager wrote the postmortem and set up the freshness"
    " alerts afterwards. The team added a canary stage so a bad model would reach only one percent"
    " of traffic. I was on the incident call and updated the status page when they asked me to."
)
TOLD_AS_MINE = (
    "When our fraud model started flagging every card payment, I diagnosed a stale feature cache"
    " within the hour. I rolled the model back to the previous version first and restored"
    " checkout, then debugged. I wrote the postmortem and set up freshness alerts afterwards. I"
    " added a canary stage so a bad model would reach only one percent of traffic. I kept the"
    " status page updated every fifteen minutes during the incident."
)


def test_points_told_as_what_others_did_are_named_and_the_next_step_asks_for_yours(
    real_scorer, catalog
):
    theirs = _score(real_scorer, catalog, "oncall-incident", TOLD_AS_OTHERS)
    note = [s for s in theirs.reasons if s.startswith("Most of the points you make are told")]
    assert note and "say which decisions and actions were yours" in note[0], theirs.reasons
    assert theirs.band != "strong_hire"
    # Asked for what was the candidate's own: quoting a colleague's sentence, or, where the
    # ownership reader finds the whole answer someone else's (it reads this one 0.97 or more
    # since the fifteenth session), asking for one decision.
    assert theirs.next_step.startswith(
        ("Say what you decided and did yourself", "Tell one decision that was yours")
    ), theirs.next_step
    mine = _score(real_scorer, catalog, "oncall-incident", TOLD_AS_MINE)
    assert not any("told as what others did" in s for s in mine.reasons), mine.reasons
    assert not mine.next_step.startswith("Say what you decided")


def test_a_plain_i_did_sentence_is_never_read_as_taking_the_point_back(real_scorer, catalog):
    # The stance head reads "renamed" in this plain first-person action as a retraction (0.7):
    # a sentence with no word that denies or takes back is not evidence against a point.
    answer = (
        "Last spring our search ranking model began returning stale results after a feature"
        " store upgrade. I spotted the schema mismatch on the freshness dashboard and I rolled"
        " back the upgrade within twenty minutes, before digging into the cause. Then I compared"
        " the feature schemas version by version and found the renamed column. I wrote the"
        " blameless postmortem and added a contract test to the pipeline so a schema change"
        " fails in CI. I posted updates in the incident channel every fifteen minutes."
    )
    r = _score(real_scorer, catalog, "oncall-incident", answer)
    assert not any("takes it back" in s for s in r.reasons), r.reasons
    assert any("renamed column" in h.evidence for h in r.covered), r.covered
    # A sentence that does take it back still counts against.
    undone = _score(
        real_scorer, catalog, "oncall-incident", answer + " Honestly, none of that is true."
    )
    assert undone.band == "no_hire" or len(undone.covered) < len(r.covered)


def test_an_answer_that_denies_every_point_is_on_topic(real_scorer, catalog):
    """A sentence that denies a point is about it: the answer is judged on what it denies, not
    dismissed as being about something else."""
    res = _score(
        real_scorer,
        catalog,
        "oncall-incident",
        "I didn't roll the model back when the alerts fired. I never looked at the feature"
        " store freshness dashboard. I did not write a postmortem afterwards, and nobody added"
        " a canary stage.",
    )
    assert res.band == "no_hire"
    assert res.gate is None or res.gate["code"] != "off_topic", res.reasons


def test_a_denial_near_no_single_point_is_reported_and_never_called_implicit(real_scorer, catalog):
    """A sentence denying two things at once sits near no one key point, so no point's reason
    quotes it; the reply must still say it earns nothing, and must not ask to "make explicit"
    a point the candidate said they never did."""
    denial = (
        "I didn't go talk to the PM or support, and I didn't pin down what worse meant or pick a"
        " success metric."
    )
    res = _score(
        real_scorer,
        catalog,
        "ambiguous-problem",
        "The ask was vague: search feels worse. "
        + denial
        + " I just retrained the ranking model with new features for three weeks. NDCG offline"
        " went up 1.8 percent. We never ran an A/B test.",
    )
    assert res.band == "no_hire"
    assert any("says what you did not do" in r and "I didn't go talk" in r for r in res.reasons)
    assert res.next_step.startswith("Tell what you did, not what you did not do")
    assert "explicit" not in res.next_step


def test_an_outcome_or_a_wish_is_no_denial_of_work():
    from interview_coach.scoring.scorer import _NOT_DONE

    for said in ("We have had no repeat since.", "Last cycle I didn't get L5.", "I didn't want to"):
        assert not _NOT_DONE.search(said), said
    for said in ("We never ran an A/B test.", "didn't loop in the PMs", "I did not try to ask"):
        assert _NOT_DONE.search(said), said


def test_a_point_about_the_mentee_told_as_what_she_did_is_no_misattribution(real_scorer, catalog):
    """ "What changed for them" is told as what the mentee did: that is the point, not the
    speaker's decisions credited to someone else. The key point's own phrasings read that way
    (stance head), so it does not count towards the told-as-others note."""
    res = _score(
        real_scorer,
        catalog,
        "mentoring",
        "I mentored a new grad, Priya. Her PRs took six review rounds, so I had her write a"
        " one-paragraph design note before coding. After two months her PRs merged in two"
        " rounds and she led the next feature herself.",
    )
    assert any("mentee" in h.label for h in res.covered), res.covered
    assert not any(s.startswith("Most of the points you make are told") for s in res.reasons)


def test_a_point_its_own_sentence_denies_is_never_also_said_in_passing(real_scorer, catalog):
    """Three training attacks whose denial sat beside a sentence within reach of the same point:
    the reply said both "it does not count" and "perhaps said in passing: give it a sentence of
    its own", which tell the candidate opposite things."""
    openings = (
        "At a payments company in Nairobi our head of risk",
        '"the chargeback model feels off, look into it"',
        "The clearest instance was a deadlock in our vision team's multi-process",
    )
    attacks = Path(__file__).resolve().parents[2] / "eval" / "attacks"
    rows = [
        row
        for path in sorted(attacks.glob("*.jsonl"))
        for row in read_labelled(path)
        if any(o in row["answer"] for o in openings)
    ]
    assert len(rows) == 3
    for row in rows:
        r = _score(real_scorer, catalog, row["question"], row["answer"])
        denied = [h for h in r.missing if h.evidence]
        assert denied, r.missing  # the denial is still read as one
        assert not any(h.near or h.said_in for h in denied), denied


def test_a_long_sentence_can_make_two_points(real_scorer, catalog):
    """A sentence of HEAD_LONG words or more may be evidence for its two most likely points.
    This memo sentence frames the business case and makes the ask up front; an interviewer
    marked both as said (eval/pointlabels). Read as one point per sentence, the ask was
    reported as "perhaps said in passing: give it a sentence of its own"."""
    path = Path(__file__).resolve().parents[2] / "eval" / "heldout" / "w9a.jsonl"
    row = read_labelled(path)[68]
    assert row["question"] == "presenting-to-leadership"
    r = _score(real_scorer, catalog, row["question"], row["answer"])
    said = {h.id: h.evidence for h in r.covered}
    assert {"ask-up-front", "business-translation"} <= said.keys(), r.missing
    assert said["ask-up-front"] == said["business-translation"]
    assert len(said["ask-up-front"].split()) >= 25

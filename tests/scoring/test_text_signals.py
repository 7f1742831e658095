"""Text handling, signals and the says-nothing checks: pure functions, no model."""

from __future__ import annotations

from interview_coach.scoring import gates as substance
from interview_coach.scoring.analysis import prepare_text
from interview_coach.scoring.signals import steps_in_order, text_signals
from interview_coach.scoring.text import clean, split_sentences, truncate_words

Q = "Where do you see yourself in 5 years?"


def gate(answer: str, question: str = Q):
    p = prepare_text(answer)
    return substance.check(p.text, p.sentences, [question])


def test_clean_strips_control_characters_but_keeps_lines():
    assert clean("a\x00b\x1b[31m c\r\n\n  d\u200b ") == "a b [31m c\nd"


def test_sentences_bullets_and_runons():
    text = "- First point here.\n* Second: with detail\n3) Third one! Fourth?"
    assert split_sentences(text) == [
        "First point here.",
        "Second: with detail",
        "Third one!",
        "Fourth?",
    ]
    runon = " ".join(["word"] * 200)
    parts = split_sentences(runon)
    assert len(parts) > 4 and all(len(p.split()) <= 40 for p in parts)


def test_numbered_items_leave_no_bare_marker():
    # "1. Scope: ..." ends a "sentence" at "1." by punctuation alone; the marker is no unit.
    text = "My plan:\n1. Scope: stay on the ranker.\n2. Doc: none. We shipped v2. Then 3. done"
    assert split_sentences(text) == [
        "My plan:",
        "Scope: stay on the ranker.",
        "Doc: none.",
        "We shipped v2.",
        "Then 3.",
        "done",
    ]


def test_truncate_reports_total():
    text, total = truncate_words("one two three four five", limit=3)
    assert text == "one two three" and total == 5


def test_signals_numbers_vague_filler_and_time():
    s = text_signals(
        "Um, I want to keep growing and make an impact. You know, I cut cost by"
        " 40% and saved $200K a quarter.",
        sentences=2,
    )
    assert s.words == 22
    assert abs(s.speaking_seconds - 22 / 140 * 60) < 0.1
    assert any("40%" in m for m in s.metrics) and any("$200K" in m for m in s.metrics)
    assert set(s.vague_phrases) >= {"keep growing", "make an impact"}
    assert "um" in s.fillers and "you know" in s.fillers
    assert not text_signals("I like my team a lot.", 1).has_numbers


def test_steps_in_order():
    assert steps_in_order([0, 2, None, 3]) is True
    assert steps_in_order([3, 1]) is False
    assert steps_in_order([None, 1]) is None


def test_one_word_and_empty_are_too_short():
    assert gate("fine").code == "too_short"
    assert gate("   I dunno   ").code == "too_short"


def test_gibberish_is_caught():
    assert gate("asdkj qwpoe zmxnc lkqwje poiqwe mnbzx qwlekj zxcmnb asdlkj").code == "not_english"


def test_non_english_is_caught_with_a_clear_reason():
    g = gate(
        "Dans cinq ans, je me vois comme ingénieure principale, responsable de la"
        " stratégie technique de mon équipe et mentor pour les plus jeunes."
    )
    assert g is not None and g.code == "not_english" and "English" in g.reason
    assert (
        gate("五年后我希望成为一名资深的机器学习工程师并带领团队完成重要的项目").code
        == "not_english"
    )


def test_question_pasted_back():
    assert (
        gate("Where do you see yourself in 5 years? Where do you see yourself in five years?").code
        == "question_echo"
    )


def test_keyword_list():
    g = gate(
        "scope expansion, cross-team influence, business impact, strategy doc, "
        "mentoring, visibility, org-level, stakeholders, roadmap"
    )
    assert g is not None and g.code == "keyword_list"


def test_repeated_sentence_padding():
    g = gate(" ".join(["I will work hard and become a staff engineer in five years."] * 5))
    assert g is not None and g.code == "repetition"


def test_real_answers_pass_the_gates():
    assert (
        gate(
            "I'm a senior MLE today and I want to reach Staff in about three years by "
            "leading the cross-team feature platform work and mentoring two engineers."
        )
        is None
    )
    terse_list = (
        "- Expand scope: own cold-start across the three rec teams\n"
        "- Write a 12-month strategy doc and get partner buy-in\n"
        "- Frame results in revenue, not AUC"
    )
    assert gate(terse_list, "promotion strategy") is None


def test_thousands_separators_and_decimals_are_one_number():
    # Issue 15: "2,000" was read as "000" (the sentence's full stop defeated the match).
    metrics = text_signals(
        "We cut it by 2,000. Then 1,500,000 requests a day, $40k saved, 1.5M users, 30%.", 2
    ).metrics
    assert metrics == ["2,000", "1,500,000", "$40k", "1.5M", "30%"]
    assert text_signals("It saved 2,000 in spend.", 1).metrics == ["2,000"]


def test_a_number_as_a_word_keeps_its_separators_not_the_full_stop():
    from interview_coach.scoring.text import words

    assert words("We saved 2,000. Then 1.5M, then 1,2,3.") == [
        "We", "saved", "2,000", "Then", "1.5M", "then", "1", "2", "3",
    ]  # fmt: skip


def test_an_answer_that_gives_the_questions_words_as_its_reasons_is_circular():
    q = ["Do you want to stay an IC or move into management, and why?"]
    units = prepare_text(
        "IC, because I'm an IC person at heart. IC work is what individual contributors do,"
        " and management is for people who want to manage, so the IC track fits me."
    ).units
    g = substance.circular(units, q, evidence=[0])
    assert g is not None and g.code == "circular" and "question's own words" in g.reason
    assert '("IC, because I\'m an IC person at heart.")' in g.reason  # its most circular sentence
    # A key point made by a sentence of its own words is a reason, however short the answer.
    plain = prepare_text(
        "IC. I like hard debugging more than meetings, and my best quarter was the ranking"
        " migration I led."
    ).units
    assert substance.circular(plain, q, evidence=[1]) is None
    # The same words with the point made in a sentence of the speaker's own: not circular.
    assert substance.circular([*units, plain[1]], q, evidence=[len(units)]) is None
    # A long answer that uses the question's terms is not circular.
    long = (
        units
        + [
            "We shipped the ranking migration, cut p95 latency by a third, and I"
            " mentored two new graduates through their first on-call rotations."
        ]
        * 3
    )
    assert substance.circular(long, q, evidence=[0]) is None

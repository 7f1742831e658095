"""Delivery figures from word timestamps: pure functions, no audio."""

from __future__ import annotations

import json

import pytest

from interview_coach.speech.delivery import (
    Delivery,
    Word,
    clock,
    describe,
    find_fillers,
    is_hesitation,
    measure,
)


def timed(text: str, start: float = 0.0, step: float = 0.4, gaps: dict[int, float] | None = None):
    """Words of `text` `step` seconds apart (each lasting 0.3 s); `gaps` adds silence before
    the word at that index."""
    out, t = [], start
    for i, word in enumerate(text.split()):
        t += (gaps or {}).get(i, 0.0)
        out.append(Word(word, round(t, 3), round(t + 0.3, 3)))
        t += step
    return out


def test_pace_is_words_over_speaking_time_and_compared_with_the_band():
    # 30 words, 0.4 s apart: 29 * 0.4 + 0.3 = 11.9 s of speech
    words = timed(" ".join(["word"] * 30))
    d = measure(words)
    assert d.words == 30
    assert d.speaking_seconds == pytest.approx(11.9)
    assert d.words_per_minute == pytest.approx(30 / 11.9 * 60, abs=0.1)
    assert d.pace == "within"  # 151 words a minute


def test_pace_band_edges():
    slow = measure(timed(" ".join(["w"] * 20), step=1.0))  # 20 words in 19.3 s: 62 wpm
    assert slow.pace == "below" and slow.words_per_minute == pytest.approx(62.2, abs=0.1)
    mid = measure(timed(" ".join(["w"] * 41), step=0.42))  # 41 words in 17.1 s: 144 wpm
    assert mid.pace == "within"
    fast = measure(timed(" ".join(["w"] * 60), step=0.2))  # 60 in 12.1 s: 298 wpm
    assert fast.pace == "above"


def test_pauses_over_two_seconds_say_where_they_fell():
    words = timed("I would stay an individual contributor. Um, because I enjoy it", gaps={6: 3.0})
    d = measure(words)
    assert len(d.pauses) == 1
    p = d.pauses[0]
    assert p.after == "contributor" and p.before == "Um"
    assert p.start == pytest.approx(5 * 0.4 + 0.3)  # the end of "contributor."
    assert p.seconds == pytest.approx(3.1)  # 0.1 s of the normal gap + 3 s
    text = "\n".join(describe(d))
    assert "3.1 s at 0:02 after 'contributor'" in text


def test_a_gap_of_two_seconds_or_less_is_not_a_pause():
    d = measure(timed("one two three four", gaps={2: 1.8}))  # 1.9 s of silence
    assert d.pauses == []
    assert "Pauses over 2 s: none." in describe(d)


def test_fillers_are_found_and_counted_per_minute():
    words = timed(
        "Um, I think, like, we shipped it, uh, on time and, you know, under budget. "
        "I like Python and do you know Rust? Ummm, hmm."
    )
    fillers = [f.text for f in find_fillers(words)]
    # "I like Python" and "do you know Rust?" are not set off by commas: not fillers
    assert fillers == ["um", "like", "uh", "you know", "ummm", "hmm"]
    d = measure(words)
    assert len(d.fillers) == 6
    assert d.fillers_per_minute == pytest.approx(6 / (d.speaking_seconds / 60), abs=0.1)
    assert d.fillers[0].at == 0.0
    assert "'um' at 0:00" in "\n".join(describe(d))


def test_set_off_phrase_at_the_end_of_a_sentence():
    words = timed("It was hard, you know.")
    assert [f.text for f in find_fillers(words)] == ["you know"]
    assert find_fillers(timed("I mean what I say.")) == []
    assert [f.text for f in find_fillers(timed("I mean, it worked."))] == ["i mean"]


def test_hesitation_sounds_are_not_counted_as_words():
    for sound in ("Um,", "uh", "UHH...", "erm", "Hmm.", "mm-hmm", "ah"):
        assert is_hesitation(sound), sound
    for word in ("I", "us", "human", "arm", "umbrella", "her"):
        assert not is_hesitation(word), word
    assert measure(timed("um I uh shipped it")).words == 3


def test_speaking_time_against_the_target_and_first_word():
    d = measure(timed("hello there", start=3.5), audio_seconds=10.0)
    assert d.first_word_at == 3.5
    assert d.audio_seconds == 10.0
    assert d.speaking_seconds == pytest.approx(0.7)
    assert "of the 60 s target" in describe(d)[1]
    assert "first word at 0:04" in describe(d)[1]


def test_longest_stretch_ends_at_a_one_second_break():
    # three runs: 5 words (1.9 s), then a 1.2 s break, 10 words (3.9 s), a 2.5 s pause, 3 words
    words = timed(" ".join(["w"] * 18), gaps={5: 1.1, 15: 2.4})
    d = measure(words)
    assert d.longest_run_seconds == pytest.approx(3.9)
    assert d.longest_run_start == pytest.approx(5 * 0.4 + 1.1)
    # a gap under the break threshold does not end the stretch
    assert measure(timed(" ".join(["w"] * 10), gaps={5: 0.5})).longest_run_seconds == (
        pytest.approx(9 * 0.4 + 0.3 + 0.5)
    )


def test_no_words():
    d = measure([], audio_seconds=4.0)
    assert d.words == 0 and d.words_per_minute == 0 and d.pauses == [] and d.fillers == []
    assert describe(d) == ["No words were recognised in the recording."]


def test_overlapping_or_unsorted_words_give_no_negative_gaps():
    words = [Word("b", 1.0, 1.5), Word("a", 0.0, 1.2), Word("c", 1.4, 2.0)]
    d = measure(words)
    assert d.pauses == [] and d.speaking_seconds == 2.0


def test_round_trip_through_json():
    d = measure(timed("Um, I led it, like, well", gaps={3: 2.5}), audio_seconds=9)
    again = Delivery.from_dict(json.loads(json.dumps(d.to_dict())))
    assert again == d
    assert d.to_dict()["pace"] == d.pace


def test_descriptions_are_facts_not_judgements():
    d = measure(timed("Um, uh, like, so " * 30, step=0.15, gaps={10: 3.0}))
    text = " ".join(describe(d)).lower()
    for word in ("too", "bad", "good", "poor", "nervous", "great", "should", "you need"):
        assert f" {word} " not in f" {text} ", word
    assert "faster than the conversational 130-160" in text


def test_clock():
    assert clock(0) == "0:00" and clock(7.4) == "0:07" and clock(83) == "1:23"


def test_typed_and_spoken_answers_report_the_same_fillers():
    """One rule (scoring/fillers.py): the signals of a typed answer and the delivery of the
    same words spoken find the same fillers, hesitations always and phrases set off."""
    from interview_coach.scoring.signals import text_signals

    text = (
        "Um, I think, like, we shipped it, uh, on time and, you know, under budget. I like"
        " Python and do you know Rust? Basically, what kind of database it was, kind of,"
        " mattered. Ummm, hmm, it was, to be honest, hard."
    )
    spoken = [Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(text.split())]
    typed = text_signals(text, sentences=4).fillers
    assert typed == [f.text for f in find_fillers(spoken)]
    assert typed == ["um", "like", "uh", "you know", "basically", "kind of", "ummm", "hmm",
                     "to be honest"]  # fmt: skip

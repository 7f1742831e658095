"""`rubric new`: a prompt file and a rubric file for a new question, with a comment above
every field saying what it is for. Each part the author must write is a `TODO` line, which
the loader rejects, so a half-written question never reaches practice."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from interview_coach.bank.models import CATEGORIES, LEVELS, TRACKS
from interview_coach.common.files import atomic_write

_STOP = {
    "a", "an", "the", "you", "your", "me", "about", "tell", "time", "when", "how", "do", "did",
    "what", "would", "to", "of", "in", "on", "for", "and", "or", "is", "are", "was", "were",
    "describe", "give", "example", "have", "had", "with", "that", "this", "it", "we", "i",
}  # fmt: skip


@dataclass(frozen=True)
class NewQuestion:
    id: str
    text: str
    category: str
    level: str = "all"
    track: str = "any"
    kind: str = "behavioral"


def slug(text: str, max_words: int = 4) -> str:
    """A lowercase-kebab id from the question's content words."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    content = [w for w in words if w not in _STOP] or words
    return "-".join(content[:max_words]) or "my-question"


def _q(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons and '#' survive.
    return json.dumps(text, ensure_ascii=False)


def prompt_yaml(q: NewQuestion) -> str:
    return f"""\
# Interview Coach question file. A comment above each field says what it is for.
# Replace every TODO, then check the pair with:
#   interview-coach rubric check rubrics/{q.id}.yaml
# The authoring guide, with a worked example: docs/RUBRIC_AUTHORING.md

# Unique id (lowercase letters, digits, dashes). The rubric names it in `question:`.
# Reusing a built-in id replaces that built-in question.
id: {q.id}

# What the interviewer asks, word for word.
text: {_q(q.text)}

# Other wordings of the same question (optional): finding a question by text uses them.
aliases: []

# One of: {", ".join(CATEGORIES)};
# or a new category of your own, in lowercase-kebab (e.g. llm-systems).
category: {q.category}

# The level the question is asked at: {", ".join(LEVELS)}.
level: {q.level}

# {", ".join(TRACKS)}: questions on the user's own track come first.
track: {q.track}

# behavioral (tell me about a time...) or practice_problem (how would you...).
kind: {q.kind}

# Where the content comes from: free text, shown nowhere but kept for reviewers.
source: "written by me"

# The steps of a strong answer, in order. `cues` are sentences a candidate might say for
# that step; the coach uses them to tell the user which steps they took and in what order.
framework:
  - step: "TODO: first step, e.g. The situation and what was at stake"
    cues:
      - "TODO: a sentence that takes this step, in the first person"
  - step: "TODO: second step, e.g. What I did"
    cues:
      - "TODO: a sentence that takes this step"
  - step: "TODO: last step, e.g. The result, measured"
    cues:
      - "TODO: a sentence that takes this step"

# At least three hints, given one at a time: direction first, the full answer last.
hints:
  - "TODO: Direction: what the interviewer is really testing with this question."
  - "TODO: Structure: the steps a strong answer takes."
  - "TODO: Full answer: a strong answer in two or three sentences."

# Probes an interviewer asks after any answer (the coach adds ones for missing points).
follow_ups:
  - "TODO: a follow-up question"

# A strong answer in full, first person, about 150-250 words (60-90 seconds spoken).
model_answer: |
  TODO: write the answer you would want to hear.
"""


def rubric_yaml(q: NewQuestion) -> str:
    points = "\n".join(_key_point(i) for i in (1, 2, 3, 4))
    bands = "\n".join(_band(name, what) for name, what in _BANDS)
    return f"""\
# Interview Coach rubric: how answers to '{q.id}' are judged. Answers are compared, by
# meaning, with the key points' phrasings and with the exemplar answers of each band; the
# band cut-offs are learnt from your exemplars, so good exemplars matter most.
# Replace every TODO, then run:  interview-coach rubric check rubrics/{q.id}.yaml

# The id of the question this rubric scores (its prompt file's `id`).
question: {q.id}

# Optional: whether a Strong Hire must show work that reaches past the speaker's own team.
# share (throughout, as a Staff strategy story does), peak (in one part), or none. Left out,
# a question for Senior (L5) or above is judged on reach when its exemplars separate on it.
# reach: share

# What a strong answer covers: 4-6 points. For each:
#   id        lowercase-kebab, unique in this file
#   label     short; shown to the user as covered or missing
#   why       one sentence: why an interviewer cares (shown when it is missing)
#   weight    1.0, or 1.5 for the points that matter most
#   phrasings 5-8 natural first-person sentences that make the point, in different words
#   probe     the follow-up question asked when the point is missing
key_points:
{points}

# What pulls an answer down: 2-4 things an interviewer would worry about. A phrasing is a
# sentence a candidate might really say.
red_flags:
  - id: todo-red-flag
    label: "TODO: e.g. Blames others"
    why: "TODO: why it worries an interviewer"
    phrasings:
      - "TODO: a sentence that shows it"

# Example answers for each band, at least 4 each, varied in length and style. Lean Hire is
# partly right (vague, no result, one step missing), not just shorter; No Hire shows the
# failures you want the coach to catch. `rubric check` scores each exemplar against the
# others and tells you which ones the bands cannot tell apart.
bands:
{bands}"""


_BANDS = (
    ("strong_hire", "covers the key points with a specific story and a measured result"),
    ("lean_hire", "is on the right track but vague, partial or missing the result"),
    ("no_hire", "misses the point, blames others, or says nothing concrete"),
)


def _key_point(i: int) -> str:
    return f"""\
  - id: todo-point-{i}
    label: "TODO: what the answer does, e.g. Names a measurable result"
    why: "TODO: why an interviewer cares"
    weight: 1.0
    phrasings:
      - "TODO: a first-person sentence that makes this point"
      - "TODO: the same point, said differently"
    probe: "TODO: the follow-up question to ask when this point is missing"
"""


def _band(name: str, what: str) -> str:
    exemplars = "\n".join(f'      - "TODO: an answer that {what}"' for _ in range(4))
    return f"""\
  {name}:
    descriptor: "TODO: one sentence: what a {name.replace("_", " ")} answer does"
    exemplars:
{exemplars}
"""


def write(q: NewQuestion, root: Path, force: bool = False) -> tuple[Path, Path]:
    """Write `root/prompts/<id>.yaml` and `root/rubrics/<id>.yaml`, each whole and
    owner-only like the rest of the user's files; never overwrite unless `force`. Returns
    the two paths."""
    prompt = root / "prompts" / f"{q.id}.yaml"
    rubric = root / "rubrics" / f"{q.id}.yaml"
    existing = [p for p in (prompt, rubric) if p.exists()]
    if existing and not force:
        raise FileExistsError(", ".join(map(str, existing)))
    for path, text in ((prompt, prompt_yaml(q)), (rubric, rubric_yaml(q))):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
    return prompt, rubric

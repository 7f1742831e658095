"""The question bank: loads prompt and rubric files, keeps what is valid, reports the rest,
and finds a question by id or by fuzzy text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from interview_coach.bank.graded import read_graded
from interview_coach.bank.layers import BUILTIN, Layer, layers
from interview_coach.bank.loader import load_file, parse_prompt, parse_rubric, yaml_files
from interview_coach.bank.models import GradedAnswer, Question, Rubric
from interview_coach.bank.problems import Problem, did_you_mean
from interview_coach.common.textfmt import clip

MATCH_MIN = 75.0  # below this the best fuzzy match is not a match
AMBIGUITY_MARGIN = 4.0  # two questions this close to the best are ambiguous


class QuestionLookupError(Exception):
    """A question could not be found, or more than one fits. Message is user-facing."""


@dataclass
class Catalog:
    questions: dict[str, Question] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Where each question and rubric came from: the layer's name, and what it replaced.
    question_origin: dict[str, str] = field(default_factory=dict)
    rubric_origin: dict[str, str] = field(default_factory=dict)
    replaced: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> layer

    @classmethod
    def load(
        cls,
        prompt_dirs: Iterable[Path] | None = None,
        rubric_dirs: Iterable[Path] | None = None,
        extra: Iterable[Path | str] = (),
    ) -> Catalog:
        """With no directories: the built-in bank, the user's own files and any content
        directories (INTERVIEW_COACH_CONTENT, `extra`), each layer over the one before."""
        if prompt_dirs is None and rubric_dirs is None:
            return cls.from_layers(layers(extra))
        return cls.from_files(
            [p for d in prompt_dirs or [] for p in yaml_files(d)],
            [p for d in rubric_dirs or [] for p in yaml_files(d)],
        )

    @classmethod
    def from_files(cls, prompt_files: Iterable[Path], rubric_files: Iterable[Path]) -> Catalog:
        return cls.from_layers([Layer(BUILTIN, tuple(prompt_files), tuple(rubric_files))])

    @classmethod
    def from_layers(cls, stack: Iterable[Layer]) -> Catalog:
        cat = cls()
        stack = list(stack)
        # Every layer's questions first, so a rubric may belong to a question in any layer.
        for layer in stack:
            seen: set[str] = set()
            for path in layer.prompt_files:
                cat._add_question(path, layer.name, seen)
        for layer in stack:
            seen = set()
            for path in layer.rubric_files:
                cat._add_rubric(path, layer.name, seen)
        cat._attach_graded([p for layer in stack for p in layer.graded_files])
        for qid, q in cat.questions.items():
            if qid not in cat.rubrics:
                cat.problems.append(
                    Problem(
                        q.path,
                        None,
                        f"question '{qid}' has no rubric, so answers to it cannot be scored",
                        f"add rubrics/{qid}.yaml",
                        "warning",
                    )
                )
        return cat

    def origin(self, qid: str) -> str:
        """Where a question and its rubric came from, for the user: "built-in", "yours",
        "yours (replaces the built-in rubric)"..."""
        q = self.question_origin.get(qid, "")
        r = self.rubric_origin.get(qid, "")
        text = q if not r or r == q else f"question {q}, rubric {r}"
        notes = [
            f"replaces the {self.replaced[(kind, qid)]} {kind}"
            for kind in ("question", "rubric")
            if (kind, qid) in self.replaced
        ]
        return f"{text} ({'; '.join(notes)})" if notes else text

    def _add_question(self, path: Path, layer: str, seen: set[str]) -> None:
        question, problems = load_file(path, parse_prompt)
        self.problems.extend(problems)
        if question is None:
            return
        if question.id in self.questions and question.id not in seen:
            # A later layer replaces an earlier one's question with the same id.
            self.replaced[("question", question.id)] = self.question_origin[question.id]
        elif question.id in self.questions:
            first = self.questions[question.id]
            self.problems.append(
                Problem(
                    path,
                    question.line,
                    f"duplicate question id '{question.id}'"
                    f" (already defined in {_where(first.path, first.line)}); this file is skipped",
                    "rename the id, or remove one of the two files",
                )
            )
            return
        self.questions[question.id] = question
        self.question_origin[question.id] = layer
        seen.add(question.id)

    def _add_rubric(self, path: Path, layer: str, seen: set[str]) -> None:
        rubric, problems = load_file(path, parse_rubric)
        self.problems.extend(problems)
        if rubric is None:
            return
        qid = rubric.question_id
        if qid not in self.questions:
            fix = did_you_mean(
                qid, self.questions, "add a prompt file with this id, or correct 'question:'"
            )
            self.problems.append(
                Problem(path, rubric.line, f"rubric for unknown question '{qid}'", fix)
            )
            return
        if qid in self.rubrics and qid not in seen:
            self.replaced[("rubric", qid)] = self.rubric_origin[qid]
        elif qid in self.rubrics:
            first = self.rubrics[qid]
            self.problems.append(
                Problem(
                    path,
                    rubric.line,
                    f"duplicate rubric for '{qid}' (already"
                    f" defined in {_where(first.path, first.line)}); this file is skipped",
                    "keep one rubric file per question",
                )
            )
            return
        self.rubrics[qid] = rubric
        self.rubric_origin[qid] = layer
        seen.add(qid)

    def _attach_graded(self, files: Iterable[Path]) -> None:
        """Every layer's graded answers join their question's rubric (a user's graded answers
        for a built-in question add to the built-in ones)."""
        found: dict[str, list[GradedAnswer]] = {}
        for path in files:
            rows, problems = read_graded(path, self.questions)
            self.problems.extend(problems)
            for qid, answer in rows:
                found.setdefault(qid, []).append(answer)
        for qid, answers in found.items():
            if qid in self.rubrics:
                self.rubrics[qid] = replace(self.rubrics[qid], graded=tuple(answers))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def scorable(self) -> list[Question]:
        return [q for q in self.questions.values() if q.id in self.rubrics]

    def find(self, query: str) -> Question:
        """Exact id, else fuzzy match on text, aliases and id. Raises QuestionLookupError when no
        question fits well or two fit about equally."""
        query = (query or "").strip()
        if not query:
            raise QuestionLookupError("no question given: pass an id or the question's text")
        if query in self.questions:
            return self.questions[query]
        choices: list[tuple[str, str]] = []
        for q in self.questions.values():
            choices.extend((q.id, text) for text in (q.text, q.id.replace("-", " "), *q.aliases))
        if not choices:
            raise QuestionLookupError("the question bank is empty")
        matches = process.extract(
            query,
            [t for _, t in choices],
            scorer=_score,
            processor=utils.default_process,
            limit=None,
        )
        best_per_question: dict[str, float] = {}
        for _, score, idx in matches:
            qid = choices[idx][0]
            best_per_question[qid] = max(best_per_question.get(qid, 0.0), score)
        ranked = sorted(best_per_question.items(), key=lambda kv: -kv[1])
        top_id, top = ranked[0]
        if top < MATCH_MIN:
            near = ", ".join(f"'{qid}'" for qid, _ in ranked[:3])
            raise QuestionLookupError(
                f"no question matches '{clip(query, 60)}' (closest: {near}); "
                "run 'interview-coach questions' to list them"
            )
        close = [qid for qid, s in ranked[1:] if top - s < AMBIGUITY_MARGIN]
        if close:
            names = ", ".join(f"'{qid}'" for qid in [top_id, *close])
            raise QuestionLookupError(
                f"'{clip(query, 60)}' matches several questions ({names}); "
                "use the question id or more of its text"
            )
        return self.questions[top_id]

    def search(self, query: str, limit: int = 10) -> list[tuple[Question, float]]:
        """Questions ranked by fuzzy match of `query` against text, aliases, id and category."""
        qs = list(self.questions.values())
        texts = [" ".join((q.text, q.id.replace("-", " "), q.category, *q.aliases)) for q in qs]
        found = process.extract(
            query,
            texts,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=40,
        )
        return [(qs[i], s) for _, s, i in found]


def _where(path: Path | None, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def _score(a: str, b: str, **kwargs) -> float:
    # WRatio alone over-rewards a short query that is a substring of a long text; averaging
    # with the plain token-set ratio keeps "IC or management?" from matching every long
    # question that mentions management.
    return 0.5 * fuzz.WRatio(a, b, **kwargs) + 0.5 * fuzz.token_set_ratio(a, b, **kwargs)

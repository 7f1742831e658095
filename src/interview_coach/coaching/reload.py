"""Picking up edited prompt and rubric files in a running app: what changed between two
loads of the bank, and re-preparing only the rubrics that changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.problems import Problem


@dataclass
class CatalogChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed_questions: list[str] = field(default_factory=list)
    changed_rubrics: list[str] = field(default_factory=list)  # includes rubrics added
    problems: list[Problem] = field(default_factory=list)  # all problems of the new load
    reembedded: int | None = None  # texts encoded afresh; None when not counted

    @property
    def nothing(self) -> bool:
        return not (self.added or self.removed or self.changed_questions or self.changed_rubrics)

    def summary(self) -> str:
        parts = []
        for n, what in (
            (len(self.added), "question(s) added"),
            (len(self.removed), "question(s) removed"),
            (len(self.changed_questions), "question(s) changed"),
            (len(self.changed_rubrics), "rubric(s) new or changed"),
        ):
            if n:
                parts.append(f"{n} {what}")
        text = "Reloaded questions and rubrics: " + (", ".join(parts) or "no changes") + "."
        if self.reembedded is not None and self.changed_rubrics:
            text += f" Re-embedded {self.reembedded} text(s); everything else came from cache."
        errors = {p.path for p in self.problems if p.severity == "error"}
        if errors:
            text += f" {len(errors)} file(s) have errors and were skipped: f6 shows them."
        return text


def diff(old: Catalog, new: Catalog) -> CatalogChange:
    # Questions and rubrics compare by content (their file path is not part of equality).
    change = CatalogChange(problems=list(new.problems))
    change.added = sorted(set(new.questions) - set(old.questions))
    change.removed = sorted(set(old.questions) - set(new.questions))
    change.changed_questions = sorted(
        q for q in set(old.questions) & set(new.questions) if old.questions[q] != new.questions[q]
    )
    change.changed_rubrics = sorted(
        q for q in new.rubrics if q not in old.rubrics or old.rubrics[q] != new.rubrics[q]
    )
    return change


def reprepare(scorer, catalog: Catalog, change: CatalogChange) -> None:
    """Prepare each new or changed rubric now, so the next answer to it is scored at once.
    The vector cache means only texts never seen before are embedded."""
    cache = getattr(scorer.rubric_embedder, "cache", None)
    before = cache.misses if cache is not None else None
    for qid in {*change.changed_rubrics, *change.changed_questions}:
        if qid in catalog.rubrics and qid in catalog.questions:
            scorer.prepare(catalog.questions[qid], catalog.rubrics[qid])
    if cache is not None and before is not None:
        change.reembedded = cache.misses - before

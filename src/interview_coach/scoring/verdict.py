"""Whether an interviewer would turn the answer down, read whole against the question asked.
The answers that still pass the rest of the scorer tell a real story in the rubric's words: a
latency win told for a question about cutting cost, a proud case for exactly what the rubric
flags ("I cut every pool without measuring quality; measuring is how cost projects die"), an
incident whose every cause is another team's, told calmly. Sentence by sentence they read as
on topic and owned; only the whole, read with the question, shows the answer a demanding
interviewer would not hire on.

A cross-encoder built as scoring.crossread builds every reader, over
`[CLS] question [SEP] answer [SEP]` (`weights/verdict.npz`, trained by
`scripts/train_scorer.py --only verdict` on every graded answer in graded/ and the attack
suite in eval/attacks: No Hire, or bounded at it, against Strong and Lean Hire and the attack
writers' strong controls). The scorer asks it only where the rubric expects a story and the
verdict is above No Hire."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.scoring import crossread

WEIGHTS = "verdict.npz"


@dataclass(frozen=True)
class Settings:
    model: str  # the embedding model (name) the change was trained on top of
    question_tokens: int  # word pieces read from the question
    head_tokens: int  # word pieces read from the start of a long answer
    tail_tokens: int  # and from its end


class VerdictReader(crossread.Reader[Settings]):
    def encode(self, pairs: Sequence[tuple[str, str]]):
        """The batch for (question, answer) pairs, on the network's device: the question's
        first word pieces, then the answer; an answer longer than the window keeps its start
        (the situation) and its end (the outcome and what the speaker makes of it)."""
        s, tok = self.settings, self.tokenizer
        rows = []
        for question, answer in pairs:
            q = tok(question, add_special_tokens=False)["input_ids"][: s.question_tokens]
            a = crossread.clipped_pieces(tok, answer, s.head_tokens, s.tail_tokens)
            rows.append([tok.cls_token_id, *q, tok.sep_token_id, *a, tok.sep_token_id])
        return crossread.padded(rows, tok.pad_token_id, self.net.device)

    def probe(self):
        return self.encode(
            [("Tell me about a launch.", "I chose to roll back and told the team why."),
             ("Why?", "We shipped it.")]
        )  # fmt: skip

    def probabilities(self, pairs: Sequence[tuple[str, str]], batch: int = 32) -> np.ndarray:
        """Per (question, answer), the probability that an interviewer would turn it down."""
        return self._head_readings(list(pairs), pairs, batch)


def reader_for(embedder) -> VerdictReader | None:
    """The verdict reader on top of this embedder's loaded transformer (scoring.crossread);
    None when its weights are not installed or fit another model."""
    return crossread.reader_for(embedder, WEIGHTS, _make, "verdict")


def _make(net, tokenizer, w: np.ndarray, b: float, rest: dict) -> VerdictReader:
    settings = Settings(
        str(rest["model"]),
        int(rest["question_tokens"]),
        int(rest["head_tokens"]),
        int(rest["tail_tokens"]),
    )
    return VerdictReader(net, tokenizer, w, b, settings)

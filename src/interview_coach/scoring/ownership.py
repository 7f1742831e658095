"""Whether an answer shows anything the speaker decided or did. Some answers carry the marks of
a strong one and none of its substance: a page of figures, versions and tool names with no
decision among them; a story whose analysis, proposal and call were a staff engineer's and a
director's, told by the person who then took the tickets; what one would do, never what one
did; a definition. Sentence by sentence each reads as on topic, and numbers read as specific,
so the evidence adds up. What is missing is a property of the whole answer, so this reads the
whole answer.

A cross-encoder built as scoring.crossread builds every reader (`weights/ownership.npz`,
trained by `scripts/train_scorer.py --only ownership` on the attack suite's answers of those
kinds, eval/attacks, against the graded sincere Strong and Lean Hires and the attack writers'
strong controls). It reads the answer's first and last word pieces (most answers fit whole),
and the scorer asks it only where the rubric expects a story and the verdict is above No
Hire."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.scoring import crossread

WEIGHTS = "ownership.npz"


@dataclass(frozen=True)
class Settings:
    model: str  # the embedding model (name) the change was trained on top of
    head_tokens: int  # word pieces read from the start of a long answer
    tail_tokens: int  # and from its end


class OwnershipReader(crossread.Reader[Settings]):
    def encode(self, texts: Sequence[str]):
        """The batch for whole answers, on the network's device: an answer longer than the
        reader's window keeps its start (the situation and the role) and its end (what the
        speaker says was theirs)."""
        s, tok = self.settings, self.tokenizer
        rows = [
            [tok.cls_token_id, *crossread.clipped_pieces(tok, t, s.head_tokens, s.tail_tokens),
             tok.sep_token_id]
            for t in texts
        ]  # fmt: skip
        return crossread.padded(rows, tok.pad_token_id, self.net.device)

    def probe(self):
        return self.encode(["I chose to roll back and told the team why.", "We shipped it."])

    def probabilities(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """Per answer, the probability that it shows no decision or act of the speaker's."""
        return self._head_readings(list(texts), texts, batch)


def reader_for(embedder) -> OwnershipReader | None:
    """The ownership reader on top of this embedder's loaded transformer (scoring.crossread);
    None when its weights are not installed or fit another model."""
    return crossread.reader_for(embedder, WEIGHTS, _make, "ownership")


def _make(net, tokenizer, w: np.ndarray, b: float, rest: dict) -> OwnershipReader:
    settings = Settings(str(rest["model"]), int(rest["head_tokens"]), int(rest["tail_tokens"]))
    return OwnershipReader(net, tokenizer, w, b, settings)

"""Whether a sentence takes back the story told before it: "to be fair, I wasn't officially her
mentor, that was Dan", "that's the playbook version anyway, I wasn't on call that night", "the
doc was written by my predecessor; I inherited it". A sentence read on its own cannot tell
these from an honest concession ("my first guess was wrong, so I..."): what it takes back is
in the sentences before it. So this reads the sentence together with what came before, in one
pass of a transformer (a cross-encoder), and says how likely it withdraws the story.

A copy of the changed bundled model with a second low-rank change merged
(`weights/takeback.npz`, trained by `scripts/train_scorer.py` on eval/takeback, the stance
sentences and the corpus's sincere answers as hard negatives) and a linear head on its [CLS]
state, built as scoring.crossread builds every reader (in 8-bit integers, about 90 MB). The
scorer reads only an answer's last few sentences, and only where the verdict is above No
Hire."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.scoring import crossread

WEIGHTS = "takeback.npz"


@dataclass(frozen=True)
class Settings:
    model: str  # the embedding model (name) the change was trained on top of
    # the trainer's cut (0.95); the scorer's own are scorer.TAKEBACK_HOLD and TAKEBACK_FIRM
    threshold: float
    context_tokens: int  # word pieces of the earlier sentences read, the most recent kept
    sentence_tokens: int


class TakeBackReader:
    def __init__(self, net, tokenizer, w: np.ndarray, b: float, settings: Settings):
        self.net, self.tokenizer = net, tokenizer
        self.w, self.b = w, b
        self.settings = settings
        # A fast tokenizer is not safe to call from two threads (the TUI scores in workers),
        # and its truncation settings are state: one reader, one tokenizer, one caller.
        self._lock = threading.Lock()
        self._memo = crossread.Memo()

    @property
    def threshold(self) -> float:
        return self.settings.threshold

    def context(self, units: Sequence[str], i: int) -> str:
        """The sentences before unit i, cut to the last `context_tokens` word pieces."""
        with self._lock:
            ids = self.tokenizer(" ".join(units[:i]), add_special_tokens=False)["input_ids"]
            return self.tokenizer.decode(ids[-self.settings.context_tokens :])

    def encode(self, pairs: Sequence[tuple[str, str]]):
        """The tokenizer's batch for (sentence, context) pairs, on the network's device."""
        s = self.settings
        return self.tokenizer(
            [p[0] for p in pairs],
            [p[1] for p in pairs],
            truncation=True,
            max_length=s.sentence_tokens + s.context_tokens + 3,
            padding=True,
            return_tensors="pt",
        ).to(self.net.device)

    def probabilities(self, pairs: Sequence[tuple[str, str]], batch: int = 64) -> np.ndarray:
        """Per (sentence, context), the probability that the sentence takes back the context."""
        import torch

        if not pairs:
            return np.zeros(0, np.float32)

        def compute(todo: list[int]) -> np.ndarray:
            out = []
            for start in range(0, len(todo), batch):
                enc = self.encode([pairs[i] for i in todo[start : start + batch]])
                out.append(crossread.head_probabilities(self.net, enc, self.w, self.b))
            return np.concatenate(out)

        with self._lock, torch.inference_mode():
            return self._memo.read([tuple(p) for p in pairs], compute)


def reader_for(embedder) -> TakeBackReader | None:
    """The take-back reader on top of this embedder's loaded transformer (scoring.crossread);
    None when its weights are not installed or fit another model."""
    return crossread.reader_for(embedder, WEIGHTS, _make, "takeback")


def _make(net, tokenizer, w: np.ndarray, b: float, rest: dict) -> TakeBackReader:
    settings = Settings(
        str(rest["model"]),
        float(rest["threshold"]),
        int(rest["context_tokens"]),
        int(rest["sentence_tokens"]),
    )
    return TakeBackReader(net, tokenizer, w, b, settings)

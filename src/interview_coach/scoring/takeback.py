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
Hire.

Reading each of those sentences with its own copy of the context costs as much as the rest of
the scorer, and almost every ending takes nothing back. So a `Screen` reads the ending first,
in one pass per answer, and the reader reads only the endings the screen passes. The screen
is the same kind of network, trained to give the reader's own readings (distilled from it, on
the training answers and take-back endings) rather than the labels, so what it must not miss
is exactly what the reader would find; its cut is set on those training answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_coach.scoring import crossread

WEIGHTS = "takeback.npz"
SCREEN_WEIGHTS = "takeback_screen.npz"


@dataclass(frozen=True)
class Settings:
    model: str  # the embedding model (name) the change was trained on top of
    # the trainer's cut (0.95); the scorer's own are scorer.TAKEBACK_HOLD and TAKEBACK_FIRM
    threshold: float
    context_tokens: int  # word pieces of the earlier sentences read, the most recent kept
    sentence_tokens: int


class TakeBackReader(crossread.Reader[Settings]):
    @property
    def threshold(self) -> float:
        return self.settings.threshold

    def context(self, units: Sequence[str], i: int) -> str:
        """The sentences before unit i, cut to the last `context_tokens` word pieces."""
        return self.contexts(units, [i])[0]

    def contexts(self, units: Sequence[str], which: Sequence[int]) -> list[str]:
        """`context` for each unit in `which`, the story before each tokenized in one call (the
        tokenizer's cost is mostly per call)."""
        with self._lock:
            texts = [" ".join(units[:i]) for i in which]
            found = self.tokenizer(texts, add_special_tokens=False)["input_ids"]
            return [self.tokenizer.decode(ids[-self.settings.context_tokens :]) for ids in found]

    def pairs(self, units: Sequence[str], which: Sequence[int]) -> list[tuple[str, str]]:
        """The (sentence, context) pairs the reader reads for the units in `which`."""
        return [(units[i], c) for i, c in zip(which, self.contexts(units, which), strict=True)]

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

    def probe(self):
        return self.encode(
            [
                ("To be fair, that was Dan's plan.", "I led the migration and chose the order."),
                ("It worked.", "We shipped."),
            ]
        )

    def probabilities(self, pairs: Sequence[tuple[str, str]], batch: int = 64) -> np.ndarray:
        """Per (sentence, context), the probability that the sentence takes back the context."""
        return self._head_readings([tuple(p) for p in pairs], pairs, batch)


@dataclass(frozen=True)
class ScreenSettings:
    model: str  # the embedding model (name) the change was trained on top of
    context_tokens: int  # word pieces of the story before the ending, the most recent kept
    sentence_tokens: int  # word pieces of each ending sentence, its start kept
    # The reading from which the reader is asked: set by the trainer below the lowest reading
    # of any training answer the reader itself reads at the scorer's hold.
    cut: float


class Screen(crossread.Reader[ScreenSettings]):
    """A first, cheap reading of an answer's ending: one pass over `[CLS] context [SEP] s1
    [SEP] ... sN [SEP]` (the story's last word pieces, then the sentences the reader would read,
    each marked as the second segment), a linear head on each sentence's mean word-piece state
    giving the reader's likely reading of that sentence. A third of the reader's cost."""

    def encode(self, endings: Sequence[tuple[Sequence[str], Sequence[int]]]):
        """The batch for (sentences, the indices read) per answer, and per answer the
        (start, end) word-piece span of each sentence read. Training builds its batches here
        too, so the screen reads what it was trained on."""
        import torch

        s, tok = self.settings, self.tokenizer
        rows, types, spans = [], [], []
        for units, which in endings:
            before = " ".join(units[: which[0]]) if which else ""
            # one tokenizer call per answer, not per sentence: its cost is mostly per call
            found = tok([before, *(units[i] for i in which)], add_special_tokens=False)
            context = found["input_ids"][0][-s.context_tokens :]
            ids = [tok.cls_token_id, *context, tok.sep_token_id]
            kind = [0] * len(ids)
            where = []
            for sentence in found["input_ids"][1:]:
                piece = sentence[: s.sentence_tokens] or [tok.unk_token_id]
                where.append((len(ids), len(ids) + len(piece)))
                ids += [*piece, tok.sep_token_id]
                kind += [1] * (len(piece) + 1)
            rows.append(ids)
            types.append(kind)
            spans.append(where)
        n = max(map(len, rows))
        pad = tok.pad_token_id
        enc = {
            "input_ids": torch.tensor([r + [pad] * (n - len(r)) for r in rows]),
            "attention_mask": torch.tensor([[1] * len(r) + [0] * (n - len(r)) for r in rows]),
            "token_type_ids": torch.tensor([t + [0] * (n - len(t)) for t in types]),
        }
        return {k: v.to(self.net.device) for k, v in enc.items()}, spans

    def probe(self):
        story = ["I led the migration.", "I chose the order.", "To be fair, that was Dan's plan."]
        return self.encode([(story, [1, 2]), (["We shipped.", "It worked."], [1])])[0]

    @staticmethod
    def sentence_states(hidden, spans):
        """Each read sentence's mean word-piece state, answers in order, as one matrix."""
        import torch

        return torch.stack([hidden[k, a:b].mean(0) for k, sp in enumerate(spans) for a, b in sp])

    def readings(self, units: Sequence[str], which: Sequence[int]) -> np.ndarray:
        """Per sentence in `which`, the reader's likely probability that it takes the story
        back. One answer a pass: the 8-bit layers scale each pass's input by its largest
        value, so an answer batched with others would read differently by what it was batched
        with."""
        if not which:
            return np.zeros(0, np.float32)
        key = (tuple(units[: which[-1] + 1]), tuple(which))

        def compute(todo: list[int]) -> list[np.ndarray]:
            enc, spans = self.encoded([(units, which)])
            states = self.sentence_states(self.hidden(enc), spans)
            v = states.float().cpu().numpy()
            return [1.0 / (1.0 + np.exp(-(v @ self.w + self.b)))]

        return np.asarray(self._remembered([key], compute)[0], np.float32)

    def passes(self, units: Sequence[str], which: Sequence[int]) -> bool:
        """Whether the reader should read these sentences: the screen finds one it might call
        a take-back."""
        p = self.readings(units, which)
        return bool(len(p)) and float(p.max()) >= self.settings.cut


def screen_for(embedder) -> Screen | None:
    """The screen on top of this embedder's loaded transformer; None when its weights are not
    installed or fit another model (the reader then reads every ending it is asked to)."""
    return crossread.reader_for(embedder, SCREEN_WEIGHTS, _make_screen, "screen")


def _make_screen(net, tokenizer, w: np.ndarray, b: float, rest: dict) -> Screen:
    settings = ScreenSettings(
        str(rest["model"]),
        int(rest["context_tokens"]),
        int(rest["sentence_tokens"]),
        float(rest["cut"]),
    )
    return Screen(net, tokenizer, w, b, settings)


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

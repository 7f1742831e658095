"""Whether a sentence takes back the story told before it: "to be fair, I wasn't officially her
mentor, that was Dan", "that's the playbook version anyway, I wasn't on call that night", "the
doc was written by my predecessor; I inherited it". A sentence read on its own cannot tell
these from an honest concession ("my first guess was wrong, so I..."): what it takes back is
in the sentences before it. So this reads the sentence together with what came before, in one
pass of the same transformer (a cross-encoder), and says how likely it withdraws the story.

The bundled model with a second low-rank change (`weights/takeback.npz`, trained by
`scripts/train_scorer.py` on eval/takeback, the stance sentences and the corpus's sincere
answers as hard negatives) and a linear head on its [CLS] state. Only the sentences that could
be a take-back are read (after the first, within the last few or leaning against by the
stance head), so it costs a fraction of encoding the answer once."""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from interview_coach.scoring.embedding import add_low_rank

WEIGHTS = "takeback.npz"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Settings:
    model: str  # the embedding model (name) the change was trained on top of
    threshold: float  # a sentence at least this likely takes the story back
    context_tokens: int  # word pieces of the earlier sentences read, the most recent kept
    sentence_tokens: int


class TakeBackReader:
    def __init__(self, net, tokenizer, w: np.ndarray, b: float, settings: Settings):
        self.net, self.tokenizer = net, tokenizer
        self.w, self.b = w, b
        self.settings = settings

    @property
    def threshold(self) -> float:
        return self.settings.threshold

    def context(self, units: Sequence[str], i: int) -> str:
        """The sentences before unit i, cut to the last `context_tokens` word pieces."""
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
        out = []
        with torch.inference_mode():
            for start in range(0, len(pairs), batch):
                enc = self.encode(pairs[start : start + batch])
                cls = self.net(**enc).last_hidden_state[:, 0].float().cpu().numpy()
                out.append(1.0 / (1.0 + np.exp(-(cls @ self.w + self.b))))
        return np.concatenate(out).astype(np.float32)


def _weights_path():
    return resources.files("interview_coach.scoring") / "weights" / WEIGHTS


@functools.cache
def _load_weights() -> tuple[dict[str, np.ndarray], np.ndarray, float, Settings] | None:
    path = _weights_path()
    if not path.is_file():
        return None
    with path.open("rb") as fh, np.load(fh) as data:
        parts = {k: data[k] for k in data.files if k.endswith((".a", ".b"))}
        settings = Settings(
            str(data["model"]),
            float(data["threshold"]),
            int(data["context_tokens"]),
            int(data["sentence_tokens"]),
        )
        return parts, data["head_w"].astype(np.float32), float(data["head_b"]), settings


_READERS: dict[int, TakeBackReader | None] = {}


def reader_for(embedder) -> TakeBackReader | None:
    """The take-back reader on top of this embedder's loaded transformer, built once per
    embedder (a copy of the network with the change merged); None for a model it was not
    trained on, or an embedder that is not a sentence-transformers model."""
    key = id(embedder)
    with _LOCK:
        if key in _READERS:
            return _READERS[key]
        reader = _build(embedder)
        _READERS[key] = reader
        return reader


def _build(embedder) -> TakeBackReader | None:
    weights = _load_weights()
    if weights is None or getattr(embedder, "name", None) != weights[3].model:
        return None
    load = getattr(embedder, "load", None)
    if load is None:
        return None
    model = load()
    try:
        net = copy.deepcopy(model[0].auto_model)
        tokenizer = model.tokenizer
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    parts, w, b, settings = weights
    add_low_rank(net, parts)
    net.eval()
    return TakeBackReader(net, tokenizer, w, b, settings)

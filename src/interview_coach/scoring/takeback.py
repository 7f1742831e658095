"""Whether a sentence takes back the story told before it: "to be fair, I wasn't officially her
mentor, that was Dan", "that's the playbook version anyway, I wasn't on call that night", "the
doc was written by my predecessor; I inherited it". A sentence read on its own cannot tell
these from an honest concession ("my first guess was wrong, so I..."): what it takes back is
in the sentences before it. So this reads the sentence together with what came before, in one
pass of a transformer (a cross-encoder), and says how likely it withdraws the story.

A copy of the changed bundled model with a second low-rank change merged
(`weights/takeback.npz`, trained by `scripts/train_scorer.py` on eval/takeback, the stance
sentences and the corpus's sincere answers as hard negatives) and a linear head on its [CLS]
state. The copy's linear layers run in 8-bit integers (dynamic quantization: half the time,
the same calls on the held-out data), and it costs about 90 MB of memory. The scorer reads
only an answer's last few sentences, and only where the verdict is above No Hire."""

from __future__ import annotations

import copy
import functools
import threading
import warnings
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from interview_coach.scoring.embedding import ModelLoadError, add_low_rank

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
        # A fast tokenizer is not safe to call from two threads (the TUI scores in workers),
        # and its truncation settings are state: one reader, one tokenizer, one caller.
        self._lock = threading.Lock()

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
        out = []
        with self._lock, torch.inference_mode():
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


_READERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def reader_for(embedder) -> TakeBackReader | None:
    """The take-back reader on top of this embedder's loaded transformer, built once per
    embedder (a copy of the network with the change merged); None when the weights are not
    installed, for a model they were not trained on, or for an embedder that is not a
    sentence-transformers model."""
    with _LOCK:
        try:
            return _READERS[embedder]
        except KeyError:
            pass
        except TypeError:  # not weakly referenceable: build, do not keep
            return _build(embedder)
        reader = _build(embedder)
        _READERS[embedder] = reader
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
        tokenizer = copy.deepcopy(model.tokenizer)
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    parts, w, b, settings = weights
    try:
        add_low_rank(net, parts)
    except Exception as exc:
        raise ModelLoadError(
            f"could not apply the take-back reader's change ({_weights_path()}): {exc}."
            " Reinstall interview-coach, or rebuild it with scripts/train_scorer.py"
            " --only takeback."
        ) from exc
    net.eval()
    return TakeBackReader(_quantized(net), tokenizer, w, b, settings)


def _quantized(net):
    """The network with its linear layers in 8-bit integers, where this torch build can (the
    x86 and ARM CPU engines); otherwise as it is."""
    import torch

    if next(net.parameters()).device.type != "cpu":
        return net
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the eager API is deprecated in favour of torchao
            # in place: the network is already this reader's own copy
            return torch.ao.quantization.quantize_dynamic(
                net, {torch.nn.Linear}, torch.qint8, inplace=True
            )
    except (AttributeError, RuntimeError):
        return net

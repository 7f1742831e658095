"""How the scorer's readers are built: a copy of the embedding model's transformer with a
second low-rank change merged and a linear head on its [CLS] state (a cross-encoder: it reads
a text in one pass of the transformer instead of comparing sentence vectors). The take-back
reader (scoring.takeback) and the ownership reader (scoring.ownership) differ in what they
read; they (and the take-back reader's screen) share where their weights live, how the copy is
made and quantized, that it is built once per embedder, and what a reader holds and how it
reads under its lock and memo (`Reader`).

A copy's linear layers run in 8-bit integers (dynamic quantization: half the time, the same
calls on the held-out data); each copy costs about 90 MB of memory. A built reader runs its
copy as one traced graph after its first passes (scoring.graph, `Reader.compile`), or as it is
where tracing fails."""

from __future__ import annotations

import copy
import functools
import threading
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from importlib import resources
from typing import Any, Generic, TypeVar

import numpy as np

from interview_coach.scoring.embedding import ModelLoadError, add_low_rank
from interview_coach.scoring.graph import TRACE_AFTER, run, traced

R = TypeVar("R")
S = TypeVar("S")
# (the low-rank change's parts, the head's weights and bias, every other array in the file)
Weights = tuple[dict[str, np.ndarray], np.ndarray, float, dict[str, np.ndarray]]
_LOCK = threading.Lock()
_READERS: dict[str, weakref.WeakKeyDictionary] = {}


def weights_path(name: str):
    return resources.files("interview_coach.scoring") / "weights" / name


@functools.cache
def load_weights(name: str) -> Weights | None:
    """weights/<name>, or None when it is not installed."""
    path = weights_path(name)
    if not path.is_file():
        return None
    with path.open("rb") as fh, np.load(fh) as data:
        parts = {k: data[k] for k in data.files if k.endswith((".a", ".b"))}
        rest = {
            k: data[k]
            for k in data.files
            if not k.endswith((".a", ".b")) and k not in ("head_w", "head_b")
        }
        return parts, data["head_w"].astype(np.float32), float(data["head_b"]), rest


def reader_for(
    embedder, name: str, make: Callable[[Any, Any, np.ndarray, float, dict], R], part: str
) -> R | None:
    """The reader whose weights are weights/<name>, on top of this embedder's loaded
    transformer, built once per embedder by `make(net, tokenizer, head_w, head_b, rest)`;
    None when the weights are not installed, were trained on another model, or the embedder
    is not a sentence-transformers model. `part`: the trainer's name for it, for the fix."""
    with _LOCK:
        readers = _READERS.setdefault(name, weakref.WeakKeyDictionary())
        try:
            return readers[embedder]
        except KeyError:
            pass
        except TypeError:  # not weakly referenceable: build, do not keep
            return _build(embedder, name, make, part)
        reader = _build(embedder, name, make, part)
        readers[embedder] = reader
        return reader


def forget_readings() -> None:
    """Every built reader forgets what it has read (its Memo): a benchmark that scores the
    same answers again measures reading them, not remembering them."""
    with _LOCK:
        for readers in _READERS.values():
            for reader in list(readers.values()):
                if isinstance(reader, Reader):
                    reader.forget()


def forget_built() -> None:
    """Forget every weights file loaded and reader built: the next `reader_for` reads the
    files again (the trainer, having just written one)."""
    with _LOCK:
        load_weights.cache_clear()
        _READERS.clear()


def _build(embedder, name: str, make, part: str):
    weights = load_weights(name)
    if weights is None or getattr(embedder, "name", None) != str(weights[3].get("model", "")):
        return None
    load = getattr(embedder, "load", None)
    if load is None:
        return None
    model = load()
    try:
        net = first_layers(copy.deepcopy(model[0].auto_model), int(weights[3].get("layers", 0)))
        tokenizer = copy.deepcopy(model.tokenizer)
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    parts, w, b, rest = weights
    try:
        add_low_rank(net, parts)
    except Exception as exc:
        raise ModelLoadError(
            f"could not apply the change in {weights_path(name)}: {exc}."
            f" Reinstall interview-coach, or rebuild it with scripts/train_scorer.py --only {part}."
        ) from exc
    net.eval()
    return make(quantized(net), tokenizer, w, b, rest)


def first_layers(net, n: int):
    """The network with only its first `n` transformer layers (all of them for 0): a reader
    that needs less than the whole model costs less per pass."""
    if n and n < len(net.encoder.layer):
        net.encoder.layer = net.encoder.layer[:n]
        net.config.num_hidden_layers = n
    return net


def quantized(net):
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


def clipped_pieces(tokenizer, text: str, head: int, tail: int) -> list[int]:
    """A text's word pieces (no special tokens), with only its first `head` and last `tail`
    where it is longer: the start of an answer tells the situation, its end the outcome and
    whose it was."""
    ids = tokenizer(" ".join(text.split()), add_special_tokens=False)["input_ids"]
    return ids if len(ids) <= head + tail else ids[:head] + ids[-tail:]


def padded(rows: Sequence[list[int]], pad: int, device) -> dict:
    """Rows of word-piece ids as one batch on `device`: padded to the longest, with the
    attention mask."""
    import torch

    n = max(map(len, rows))
    enc = {
        "input_ids": torch.tensor([r + [pad] * (n - len(r)) for r in rows]),
        "attention_mask": torch.tensor([[1] * len(r) + [0] * (n - len(r)) for r in rows]),
    }
    return {k: v.to(device) for k, v in enc.items()}


def head_probabilities(net, enc, w: np.ndarray, b: float) -> np.ndarray:
    """The linear head on the [CLS] state of one tokenized batch, as probabilities."""
    return head_on(net(**enc).last_hidden_state, w, b)


def head_on(hidden, w: np.ndarray, b: float) -> np.ndarray:
    """The linear head on the [CLS] state of a batch's last hidden states, as probabilities."""
    cls = hidden[:, 0].float().cpu().numpy()
    return 1.0 / (1.0 + np.exp(-(cls @ w + b)))


class Memo:
    """The last `size` readings by key. A reader's reading depends on its text alone, and the
    same texts come back: `rubric check` reads each exemplar once per exemplar it leaves out,
    and a candidate retries an answer. The caller holds the reader's lock."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._seen: OrderedDict[Hashable, Any] = OrderedDict()

    def clear(self) -> None:
        self._seen.clear()

    def known(self, keys: Sequence[Hashable]) -> tuple[list, list[int]]:
        """The readings for `keys` (None where not seen), and the indices not seen."""
        out: list = [None] * len(keys)
        todo = []
        for i, k in enumerate(keys):
            seen = self._seen.get(k)
            if seen is None:
                todo.append(i)
            else:
                out[i] = seen
                self._seen.move_to_end(k)
        return out, todo

    def keep(self, keys: Sequence[Hashable], readings: Iterable) -> None:
        for k, p in zip(keys, readings, strict=True):
            self._seen[k] = p
            self._seen.move_to_end(k)
            if len(self._seen) > self.size:
                self._seen.popitem(last=False)


class Reader(Generic[S]):
    """What every reader holds: its own 8-bit copy of the network and of the tokenizer, a
    linear head, its settings (from its weights file), and a lock and a Memo. A fast tokenizer
    is not safe to call from two threads (the TUI scores in workers, a batch in two), and its
    truncation settings are state: the lock holds the tokenizer, the memo and whether the
    network is traced, one caller at a time. The pass itself runs outside it, so that two
    threads can read at once (an inference pass changes nothing in the network)."""

    def __init__(self, net, tokenizer, w: np.ndarray, b: float, settings: S):
        self.net, self.tokenizer = net, tokenizer
        self.w, self.b = w, b
        self.settings = settings
        self._lock = threading.RLock()  # `_compile` tokenizes its probe under it
        self._memo = Memo()
        # None until traced (after TRACE_AFTER passes), False where it could not be
        self._graph: tuple[Any, tuple[str, ...]] | bool | None = None
        self._passes = 0

    def probe(self) -> dict | None:
        """A batch of two rows of different lengths, as `encode` makes them, to trace the
        network on; None: never traced."""
        return None

    def compile(self) -> None:
        """Run the network as a traced graph from now on, where it gives the same numbers."""
        with self._lock:
            self._compile()

    def _compile(self) -> None:
        probe = self.probe()
        found = traced(self.net, probe) if probe else None
        self._graph = found or False

    def encoded(self, items: Sequence):
        """`encode(items)` under the lock: the tokenizer, one caller at a time."""
        with self._lock:
            return self.encode(items)

    def encode(self, items: Sequence) -> Any:
        """One batch's tensors for `items`, on the network's device."""
        raise NotImplementedError

    def hidden(self, enc):
        """The network's last hidden states for one batch."""
        with self._lock:
            self._passes += 1
            if self._graph is None and self._passes > TRACE_AFTER:
                self._compile()
            graph = self._graph
        if isinstance(graph, tuple) and tuple(enc) == graph[1]:
            return run(graph, enc)
        return self.net(**enc).last_hidden_state

    def forget(self) -> None:
        with self._lock:
            self._memo.clear()

    def _remembered(self, keys: Sequence[Hashable], compute: Callable[[list[int]], Iterable]):
        """The readings for `keys`: those in the memo, and `compute(indices)` (with no autograd,
        outside the lock) for the ones not seen, read in one call. Each reading is taken as it
        is found or computed: storing new ones may push out old ones this call asked for."""
        import torch

        with self._lock:
            out, todo = self._memo.known(keys)
        if todo:
            with torch.inference_mode():
                found = list(compute(todo))
            with self._lock:
                self._memo.keep([keys[i] for i in todo], found)
            for i, p in zip(todo, found, strict=True):
                out[i] = p
        return out

    def _head_readings(self, keys: Sequence[Hashable], items: Sequence, batch: int) -> np.ndarray:
        """Per item, the head's probability on its [CLS] state, the unseen items read in
        batches of `batch`."""
        if not items:
            return np.zeros(0, np.float32)

        def compute(todo: list[int]) -> np.ndarray:
            out = []
            for start in range(0, len(todo), batch):
                enc = self.encoded([items[i] for i in todo[start : start + batch]])
                out.append(head_on(self.hidden(enc), self.w, self.b))
            return np.concatenate(out)

        return np.asarray(self._remembered(keys, compute), np.float32)

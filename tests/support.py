"""Helpers shared by the tests of every package: paths, the fast stand-in embedder, waiting
for a pilot, and rendering Rich objects to plain text."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


class BagOfWordsEmbedder:
    """Fast, deterministic stand-in for unit tests of logic: texts sharing words are similar.
    Real-model behaviour is covered by the tests marked `model`."""

    name = "fake-bow"
    dim = 512

    def __init__(self):
        self.calls = 0
        self.texts_encoded = 0

    @property
    def dimension(self) -> int:
        return self.dim

    def encode(self, texts):
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                h = int.from_bytes(hashlib.md5(word.encode()).digest()[:4], "little")
                out[row, h % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until `predicate()` is true; fail after `timeout` seconds."""
    step = 0.02
    for _ in range(int(timeout / step)):
        if predicate():
            return
        await pilot.pause(step)
    raise AssertionError("condition not reached")


def plain(renderable, width: int = 140) -> str:
    """A Rich renderable as the text a terminal would show, without colour."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()

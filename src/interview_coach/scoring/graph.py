"""A network's forward pass as one traced graph. The scorer's passes are small (one answer a
pass for the readers, sixteen sentences for the encoder), and at that size the Python of the
transformers library between the layers is a large share of each pass; a graph recorded once
runs the same operations without it. A graph is only ever used where it gives exactly the
numbers the network gives (`traced` checks), so nothing a reader or the encoder reads
depends on whether it was traced."""

from __future__ import annotations

import warnings
from typing import Any

# Passes a network runs as it is before it is traced: recording and checking a graph costs
# about as much as a few passes, so a process that scores one answer (`interview-coach score`,
# a candidate's first answer) never pays for it, and a batch or a session soon gets it back.
TRACE_AFTER = 16


def _as_module(net, names: tuple[str, ...]):
    """`net`'s pass as a module of the batch's tensors in the order of `names`, returning the
    last hidden states: what `torch.jit.trace` records."""
    import torch

    class Pass(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        def forward(self, *tensors):
            return self.net(**dict(zip(names, tensors, strict=True))).last_hidden_state

    return Pass().eval()


def traced(net, probe: dict) -> tuple[Any, tuple[str, ...]] | None:
    """`net`'s pass traced on `probe` (a batch of at least two rows of different lengths, with
    their attention mask, so that the padding path is what is recorded), with the names of
    its inputs in order; None where the probe has no mask, where tracing fails, or where the
    graph does not give exactly the numbers `net` gives on the probe and on its first row
    alone."""
    import torch

    if "attention_mask" not in probe:  # the padding path cannot be told from the rows
        return None
    names = tuple(probe)
    args = tuple(probe[k] for k in names)
    first = {k: v[:1, : int(probe["attention_mask"][0].sum())] for k, v in probe.items()}
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # tracer warnings; the API is deprecated
            graph = torch.jit.trace(_as_module(net, names), args, check_trace=False)
            with torch.jit.optimized_execution(False):
                same = all(
                    torch.equal(graph(*(batch[k] for k in names)), net(**batch).last_hidden_state)
                    for batch in (probe, first)
                )
    except Exception:  # any failure of an optional speed-up: the network as it is
        return None
    return (graph, names) if same else None


def run(graph: tuple[Any, tuple[str, ...]], enc):
    """The graph's last hidden states for one batch of the inputs it was traced with. The
    executor's optimizations stay off: they could fuse operations and move a reading across
    a cut."""
    import torch

    with torch.jit.optimized_execution(False):
        return graph[0](*(enc[k] for k in graph[1]))

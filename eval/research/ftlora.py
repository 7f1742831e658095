"""Low-rank (LoRA) fine-tuning of the bundled all-MiniLM-L6-v2 on hard pairs, so that what is
learnt is a few hundred kilobytes that can live in the repository and be merged into the
bundled weights at load time (research; nothing here is imported by the app).

    .venv/bin/python eval/research/ftlora.py OUT [--kp k1,k2] [--stance s1,s2] [--rank 8]
        [--epochs 1] [--lr 1e-4]

OUT.npz holds, per adapted linear layer, A (rank x in) and B (out x rank) with W' = W + B A;
OUT/ is the merged model, loadable with --model OUT for the heads and the scorer.

Pairs as in ft.py (MultipleNegativesRankingLoss, one hard negative per triplet):
- kp: eval/keypoints* of the writers named. Anchor: the key point or a phrasing; positive a
  sentence that makes it; hard negative a sentence of the same point that only names it,
  denies it, credits someone else, or argues the opposite.
- stance: eval/stance* groups of the writers named. Anchor and positive: the action sentence;
  hard negative the same moment negated, retracted or hypothetical.
"""
import random
import sys
import time
from collections import defaultdict

import ft
import paths  # noqa: F401
from ft import jl
from paths import EVAL

from interview_coach.scoring.embedding import bundled_model_path

ALL_NEG = ("topic_only", "negated", "someone_else", "opposite")
TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")


def kp_triplets(rng, writers):
    """ft.py's key-point triplets, from the named writers of eval/keypoints*, without the
    hypothetical sentences as negatives (a plan makes the point for a "how would you" question)."""
    every = sorted(EVAL.glob("keypoints*/kp_*.jsonl"))
    files = [p for p in every if p.stem.split("_")[1] in writers]
    return ft.kp_triplets(rng, files, ALL_NEG)


def stance_triplets(writers):
    groups = defaultdict(dict)
    for p in sorted(EVAL.glob("stance*/stance_*.jsonl")):
        for r in jl(p):
            if r.get("group") and r["writer"] in writers:
                groups[(r["writer"], r["group"])][r["label"]] = r["text"]
    out = []
    for g in groups.values():
        if "action" in g:
            for lab in ("negated", "retracted", "hypothetical"):
                if lab in g:
                    out.append((g["action"], g["action"], g[lab]))
    return out


def add_lora(model, rank, alpha):
    import torch

    class LoRA(torch.nn.Module):
        def __init__(self, base):
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.randn(rank, base.in_features) / base.in_features**0.5)
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = alpha / rank

        def forward(self, x):
            return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale

    for p in model.parameters():
        p.requires_grad_(False)
    wrapped = {}
    bert = model[0].auto_model
    for name, mod in list(bert.named_modules()):
        for child_name, child in list(mod.named_children()):
            full = f"{name}.{child_name}" if name else child_name
            if isinstance(child, torch.nn.Linear) and any(full.endswith(t) for t in TARGETS) \
                    and "encoder.layer" in full:
                lo = LoRA(child)
                setattr(mod, child_name, lo)
                wrapped[full] = lo
    return wrapped


def main():
    import numpy as np
    import torch
    from sentence_transformers import InputExample, SentenceTransformer
    from sentence_transformers.datasets import NoDuplicatesDataLoader
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    out = sys.argv[1]
    opt = dict(zip(sys.argv[2::2], sys.argv[3::2]))
    kp_w = set(filter(None, opt.get("--kp", "k1").split(",")))
    st_w = set(filter(None, opt.get("--stance", "s1").split(",")))
    rank, epochs = int(opt.get("--rank", 8)), int(opt.get("--epochs", 1))
    lr = float(opt.get("--lr", 1e-4))
    rng = random.Random(0)
    trip = kp_triplets(rng, kp_w) + stance_triplets(st_w)
    rng.shuffle(trip)
    what = f"kp {sorted(kp_w)}, stance {sorted(st_w)}"
    print(f"{len(trip)} triplets ({what}), rank {rank}", flush=True)
    torch.manual_seed(0)
    model = SentenceTransformer(bundled_model_path(), device="cpu")
    keep = model.max_seq_length
    model.max_seq_length = 128
    wrapped = add_lora(model, rank, alpha=2 * rank)
    loader = NoDuplicatesDataLoader([InputExample(texts=list(t)) for t in trip], batch_size=32)
    loss = MultipleNegativesRankingLoss(model)
    t0 = time.time()
    model.old_fit(train_objectives=[(loader, loss)], epochs=epochs,
                  warmup_steps=max(1, len(loader) // 10), optimizer_params={"lr": lr},
                  show_progress_bar=False)
    print(f"fine-tuned in {time.time() - t0:.0f} s ({len(loader) * epochs} steps)", flush=True)
    delta = {}
    bert = model[0].auto_model
    with torch.no_grad():
        for full, lo in wrapped.items():
            a, b = lo.a.detach(), lo.b.detach() * lo.scale
            delta[f"{full}.a"] = a.numpy().astype(np.float32)
            delta[f"{full}.b"] = b.numpy().astype(np.float32)
            lo.base.weight += b @ a
            parent = bert.get_submodule(full.rsplit(".", 1)[0])
            setattr(parent, full.rsplit(".", 1)[1], lo.base)
    np.savez_compressed(f"{out}.npz", **delta)
    model.max_seq_length = keep
    model.save(out)
    print(f"saved {out}.npz ({sum(v.size for v in delta.values())} numbers) and {out}/", flush=True)


if __name__ == "__main__":
    main()

"""Is an answer's attitude against what the question values (it proudly does what a rubric's red
flags warn against, blames, sneers) readable from the ownership reader's own [CLS] state? A
logistic head on the shipped reader's state (no new pass: the scorer already reads the answer
with it), trained on graded/ and eval/attacks (opposite, blaming, sarcastic and flippant answers
against sincere ones, candour included), measured on the held-out sets.

    PYTHONPATH=src .venv/bin/python eval/research/against_probe.py
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

import train_scorer as ts  # noqa: E402

AGAINST = frozenset({"opposite", "blaming", "sarcastic", "flippant"})
HELD = ["heldout", "heldout_hard", "heldout_w14", "heldout_w16", "heldout_reach",
        "attacks_heldout"]  # fmt: skip
CACHE = Path("/tmp/s22/against_states.pkl")


def kind(r: dict) -> str:
    return r.get("attack") or r.get("kind") or "-"


def states(texts: list[str]) -> np.ndarray:
    import torch

    from interview_coach.scoring import ownership

    embedder = ts.SentenceTransformerEmbedder()
    embedder.load()
    reader = ownership.reader_for(embedder)
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), 32):
            enc = reader.encode(texts[i : i + 32])
            out.append(reader.net(**enc).last_hidden_state[:, 0].numpy())
    own = np.concatenate(out) @ reader.w + reader.b
    return np.concatenate(out), 1 / (1 + np.exp(-own))


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    train = [dict(r, src=p.stem) for p in sorted(ts.GRADED.rglob("*.jsonl")) for r in ts._jsonl(p)]
    train += [dict(r, src=p.stem) for p in sorted(ts.ATTACKS.glob("*.jsonl")) for r in ts._jsonl(p)]
    train = [r for r in train if kind(r) in AGAINST
             or (kind(r) in ts.SINCERE | {"strong"} and r.get("band", "strong_hire") != "no_hire")]  # fmt: skip
    held = [dict(r, set=n) for n in HELD for p in sorted((ROOT / "eval" / n).glob("*.jsonl"))
            for r in ts._jsonl(p)]  # fmt: skip
    if CACHE.exists():
        xt, ot, xh, oh = pickle.load(open(CACHE, "rb"))
    else:
        xt, ot = states([r["answer"] for r in train])
        xh, oh = states([r["answer"] for r in held])
        pickle.dump((xt, ot, xh, oh), open(CACHE, "wb"))
    y = np.array([kind(r) in AGAINST for r in train], dtype=int)
    print(f"train {len(y)} rows, {y.sum()} against")
    for c in (0.1, 0.3, 1.0, 3.0):
        m = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(xt, y)
        p = m.predict_proba(xh)[:, 1]
        print(f"== C={c}")
        for n in HELD:
            idx = [i for i, r in enumerate(held) if r["set"] == n]
            bad = [p[i] for i in idx if kind(held[i]) in AGAINST]
            good = [p[i] for i in idx if kind(held[i]) in ts.SINCERE | {"strong"}
                    and held[i].get("band", "strong_hire") != "no_hire"]  # fmt: skip
            other = [p[i] for i in idx if p[i] >= 0.9 and kind(held[i]) not in AGAINST
                     and held[i].get("band", held[i].get("max_band")) == "no_hire"]  # fmt: skip
            line = f"  {n:16s} sincere n={len(good):3d} >=.5 {np.mean(np.array(good) >= .5):.2f}"
            line += f" >=.9 {np.mean(np.array(good) >= .9):.2f}"
            if bad:
                auc = roc_auc_score([1] * len(bad) + [0] * len(good), bad + good)
                line += f" | against n={len(bad)} >=.5 {np.mean(np.array(bad) >= .5):.2f}"
                line += f" >=.9 {np.mean(np.array(bad) >= .9):.2f} AUC {auc:.3f}"
            line += f" | other No Hire >=.9: {len(other)}"
            print(line)
        pickle.dump({"held": held, "p": p, "own": oh}, open(f"/tmp/s22/against_C{c}.pkl", "wb"))


if __name__ == "__main__":
    main()

"""Does the answer answer the question asked? A cross-encoder reading `[CLS] question [SEP]
answer [SEP]` (crossread's recipe: a low-rank change of the changed model and a linear head),
trained so that the answer's shape tells it nothing: every sincere Strong or Lean answer in
graded/ and every attack writer's strong control is a positive with its own question and a
negative with another bank question (half the time one of the five nearest by the question's
vector, else any), plus the graded and attack answers written for another question (label 1 =
answers another question). Measured on the held-out sets, never trained on.

    PYTHONPATH=src .venv/bin/python eval/research/question_reader.py train OUT.npz
    PYTHONPATH=src .venv/bin/python eval/research/question_reader.py eval OUT.npz
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

import train_scorer as ts  # noqa: E402

SETTINGS = {"rank": 8, "epochs": 2, "lr": 4e-4, "head_lr": 1e-3, "question": 48, "head": 160,
            "tail": 48}  # fmt: skip
HELD = ["heldout", "heldout_hard", "heldout_w14", "heldout_w16", "attacks_heldout"]


def questions() -> dict[str, str]:
    out = {}
    for p in sorted((ROOT / "prompts").glob("*.yaml")):
        d = yaml.safe_load(p.read_text())
        out[d["id"]] = d["text"]
    return out


class QReader:
    def __init__(self, net, tokenizer, s=SETTINGS):
        self.net, self.tokenizer, self.s = net, tokenizer, s

    def encode(self, pairs):
        import torch

        s, tok = self.s, self.tokenizer
        rows, types = [], []
        for q, text in pairs:
            qi = tok(q, add_special_tokens=False)["input_ids"][: s["question"]]
            ids = tok(" ".join(text.split()), add_special_tokens=False)["input_ids"]
            if len(ids) > s["head"] + s["tail"]:
                ids = ids[: s["head"]] + ids[-s["tail"] :]
            row = [tok.cls_token_id, *qi, tok.sep_token_id, *ids, tok.sep_token_id]
            rows.append(row)
            types.append([0] * (len(qi) + 2) + [1] * (len(ids) + 1))
        n = max(map(len, rows))
        pad = tok.pad_token_id
        return {
            "input_ids": torch.tensor([r + [pad] * (n - len(r)) for r in rows]),
            "token_type_ids": torch.tensor([t + [0] * (n - len(t)) for t in types]),
            "attention_mask": torch.tensor([[1] * len(r) + [0] * (n - len(r)) for r in rows]),
        }


def rows(embedder, qs: dict[str, str]):
    rng = random.Random(1)
    ids = sorted(qs)
    vecs = np.asarray(embedder.encode([qs[i] for i in ids]))
    vecs = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    sim = vecs @ vecs.T
    near = {q: [ids[j] for j in np.argsort(-sim[i]) if ids[j] != q][:5] for i, q in enumerate(ids)}
    graded = [r for p in sorted(ts.GRADED.rglob("*.jsonl")) for r in ts._jsonl(p)]
    attacks = [r for p in sorted(ts.ATTACKS.glob("*.jsonl")) for r in ts._jsonl(p)]
    out = []
    pos = [r for r in graded if r.get("kind") in ts.SINCERE and r["band"] != "no_hire"]
    pos += [r for r in attacks if (r.get("attack") or r.get("kind")) == "strong"]
    for r in pos:
        if r["question"] not in qs:
            continue
        out.append(((qs[r["question"]], r["answer"]), 0.0, 1.0))
        other = rng.choice(near[r["question"]]) if rng.random() < 0.5 else rng.choice(
            [q for q in ids if q != r["question"]])
        out.append(((qs[other], r["answer"]), 1.0, 1.0))
    wrong = [r for r in graded if r.get("kind") == "wrong-question"]
    wrong += [r for r in attacks if (r.get("attack") or r.get("kind")) == "wrong-question"]
    for r in wrong:
        if r["question"] in qs:
            out.append(((qs[r["question"]], r["answer"]), 1.0, 2.0))
    n1 = sum(o[1] for o in out)
    print(f"rows {len(out)}, positive (another question's) {n1:.0f}", flush=True)
    return out


def fit_and_save(label: str, out: Path, settings: dict, make, data: list, **extra) -> None:
    """Train a reader on `data` ((input, label, weight) rows) with the trainer's recipe and save
    it where `out` says, not among the shipped weights."""
    embedder = ts.SentenceTransformerEmbedder()
    embedder.load()
    wrapped, head = ts._fit_reader(label, embedder, settings, make, lambda r: data, 40)
    np.savez_compressed(
        out,
        **ts._low_rank_parts(wrapped),
        head_w=head.weight.detach().numpy()[0].astype(np.float32),
        head_b=np.float32(head.bias.detach().numpy()[0]),
        model=np.array(embedder.name),
        **extra,
    )
    print("saved", out)


def train(out: Path) -> None:
    embedder = ts.SentenceTransformerEmbedder()
    embedder.load()
    fit_and_save("question", out, SETTINGS, QReader, rows(embedder, questions()))


def auc(pos, neg) -> float:
    pos, neg = np.asarray(pos), np.asarray(neg)
    if not len(pos) or not len(neg):
        return float("nan")
    return float(((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean())


def evaluate(path: Path) -> None:
    import copy

    import torch

    from interview_coach.scoring import crossread
    from interview_coach.scoring.embedding import add_low_rank

    embedder = ts.SentenceTransformerEmbedder()
    model = embedder.load()
    data = np.load(path)
    parts = {k: data[k] for k in data.files if k.endswith((".a", ".b"))}
    net = copy.deepcopy(model[0].auto_model)
    add_low_rank(net, parts)
    net.eval()
    net = crossread.quantized(net)
    w, b = torch.tensor(data["head_w"]), float(data["head_b"])
    reader = QReader(net, model.tokenizer)
    qs = questions()
    results = {}
    for name in HELD:
        rs = [r for p in sorted((ROOT / "eval" / name).glob("*.jsonl")) for r in ts._jsonl(p)]
        rs = [r for r in rs if r["question"] in qs]
        probs = []
        with torch.inference_mode():
            for i in range(0, len(rs), 32):
                enc = reader.encode([(qs[r["question"]], r["answer"]) for r in rs[i : i + 32]])
                cls = net(**enc).last_hidden_state[:, 0]
                probs += torch.sigmoid(cls @ w + b).tolist()
        kinds = {}
        for r, p in zip(rs, probs, strict=True):
            k = (r.get("attack") or r.get("kind") or "-") + "/" + r.get("band", r.get("max_band", ""))
            kinds.setdefault(k, []).append(p)
        print(f"== {name}")
        for k, v in sorted(kinds.items()):
            v = np.asarray(v)
            print(f"  {k:40s} n={len(v):3d} median {np.median(v):.2f}  >=0.5 {np.mean(v >= .5):.2f}"
                  f"  >=0.8 {np.mean(v >= .8):.2f}  >=0.9 {np.mean(v >= .9):.2f}")
        wrong = [p for k, v in kinds.items() if k.startswith("wrong-question") for p in v]
        good = [p for k, v in kinds.items() if k.split("/")[0] in ts.SINCERE | {"strong"}
                and not k.endswith("no_hire") for p in v]  # fmt: skip
        print(f"  AUC wrong-question vs sincere: {auc(wrong, good):.3f}")
        results[name] = (rs, probs)
    with open(str(path) + ".probs.json", "w") as fh:
        json.dump({n: [[r["question"], r["answer"][:80], p] for r, p in zip(*v, strict=True)]
                   for n, v in results.items()}, fh)  # fmt: skip


if __name__ == "__main__":
    {"train": train, "eval": evaluate}[sys.argv[1]](Path(sys.argv[2]))

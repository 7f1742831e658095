"""A question-conditioned reader of whether an answer that looks good is a No Hire: a
cross-encoder over `[CLS] question [SEP] answer [SEP]`, built as the shipped readers are (a
low-rank change on the changed model and a linear head on [CLS]; scoring.crossread).

The shipped readers each learned one kind (take-backs, ownerless stories, blame, tone,
vagueness) from the answer alone. The kinds that still pass on held-out writers (wrong-question
stories, answers that argue for what the rubric flags, blame told calmly) need the question:
a latency story is a fine answer to a performance question and no answer to a cost one.
Positives: every graded and training-attack answer labelled No Hire (or bounded at it);
negatives: every graded Strong and Lean Hire and the attack writers' strong controls. Trained
on graded/ and eval/attacks only; every eval/ set read here is held out.

    .venv/bin/python eval/research/verdict_reader.py --train   # about 20 min, writes cache/
    .venv/bin/python eval/research/verdict_reader.py --read    # readings of the held-out sets
"""

from __future__ import annotations

import argparse
import glob
import json
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.scoring import crossread  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder, add_low_rank  # noqa: E402

CACHE = ROOT / "eval" / "research" / "cache"
WEIGHTS = CACHE / "verdict_reader.npz"
READINGS = CACHE / "verdict_readings.pkl"
SHIPPED = True  # read with weights/verdict.npz as the scorer does; False: cache/verdict_reader.npz
SETTINGS = {"rank": 8, "epochs": 2, "lr": 4e-4, "head_lr": 1e-3, "question": 48, "head": 120,
            "tail": 120, "batch": 16}  # fmt: skip
HELD = [
    "attacks_w45",
    "attacks_heldout",
    "attacks_w33",
    "attacks_w39",
    "attacks_w42",
    "attacks_w43",
    "attacks_w44",
    "blame_w42",
    "blame_w44",
    "blame_w44b",
    "heldout",
    "heldout_hard",
    "heldout_w14",
    "heldout_w16",
    "heldout_reach",
    "heldout_plans",
    "heldout_w23",
    "heldout_general",
    "heldout_tone",
    "heldout_candour",
    "heldout_candour2",
    "heldout_w32",
    "heldout_w33",
    "heldout_w34",
    "heldout_w40",
    "heldout_w42",
    "heldout_vague",
]


class VerdictReader(crossread.Reader):
    def encode(self, items):
        """(question, answer) pairs: the question's first word pieces, then the answer's
        start and end where it is longer than the window."""
        import torch

        s, tok = self.settings, self.tokenizer
        rows = []
        for question, answer in items:
            q = tok(question, add_special_tokens=False)["input_ids"][: s["question"]]
            a = tok(" ".join(answer.split()), add_special_tokens=False)["input_ids"]
            if len(a) > s["head"] + s["tail"]:
                a = a[: s["head"]] + a[-s["tail"] :]
            rows.append([tok.cls_token_id, *q, tok.sep_token_id, *a, tok.sep_token_id])
        n = max(map(len, rows))
        pad = tok.pad_token_id
        enc = {
            "input_ids": torch.tensor([r + [pad] * (n - len(r)) for r in rows]),
            "attention_mask": torch.tensor([[1] * len(r) + [0] * (n - len(r)) for r in rows]),
        }
        return {k: v.to(self.net.device) for k, v in enc.items()}

    def probabilities(self, items, batch: int = 32) -> np.ndarray:
        return self._head_readings(list(items), items, batch)


def jl(pattern: str) -> list[dict]:
    return [json.loads(x) for p in sorted(glob.glob(str(ROOT / pattern), recursive=True))
            for x in open(p) if x.strip()]  # fmt: skip


def training_rows(cat: Catalog) -> list[tuple[tuple[str, str], int, float]]:
    rows = []
    for r in jl("graded/**/*.jsonl"):
        if r["question"] not in cat.questions:
            continue
        rows.append(
            ((cat.questions[r["question"]].text, r["answer"]), int(r["band"] == "no_hire"), 1.0)
        )
    for r in jl("eval/attacks/*.jsonl"):
        if r["question"] not in cat.questions:
            continue
        kind = r.get("attack") or r.get("kind")
        top = r.get("max_band") or r.get("band")
        if kind == "strong":
            y = 0
        elif top == "no_hire":
            y = 1
        else:
            continue  # bounded at Lean Hire: may be Lean, may be No
        rows.append(((cat.questions[r["question"]].text, r["answer"]), y, 1.0))
    return rows


def train() -> None:
    import train_scorer as ts

    cat = Catalog.load()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    settings = dict(SETTINGS, model=embedder.name)

    def make(net, tokenizer):
        return VerdictReader(net, tokenizer, np.zeros(1), 0.0, settings)

    wrapped, head = ts._fit_reader(
        "verdict", embedder, SETTINGS, make, lambda reader: training_rows(cat), 40
    )
    CACHE.mkdir(exist_ok=True)
    np.savez_compressed(
        WEIGHTS,
        **ts._low_rank_parts(wrapped),
        head_w=head.weight.detach().numpy()[0].astype(np.float32),
        head_b=np.float32(head.bias.detach().numpy()[0]),
    )
    print("->", WEIGHTS)


def load_reader(embedder) -> VerdictReader:
    import copy

    model = embedder.load()
    net = copy.deepcopy(model[0].auto_model)
    with np.load(WEIGHTS) as data:
        parts = {k: data[k] for k in data.files if k.endswith((".a", ".b"))}
        w, b = data["head_w"].astype(np.float32), float(data["head_b"])
    add_low_rank(net, parts)
    net.eval()
    return VerdictReader(crossread.quantized(net), copy.deepcopy(model.tokenizer), w, b, SETTINGS)


def read() -> None:
    cat = Catalog.load()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    # The shipped reader, one answer a pass as the scorer reads it: its 8-bit layers scale
    # each pass by its largest value, so a batch's padding and neighbours move a reading.
    from interview_coach.scoring import verdict

    reader = verdict.reader_for(embedder) if SHIPPED else load_reader(embedder)
    out = []
    for s in HELD:
        for p in sorted(glob.glob(str(ROOT / "eval" / s / "*.jsonl"))):
            for r in jl(p):
                if r.get("question") in cat.questions:
                    out.append(dict(r, set=s, file=Path(p).name))
    items = [(cat.questions[r["question"]].text, r["answer"]) for r in out]
    p = reader.probabilities(items, batch=1 if SHIPPED else 32)
    for r, v in zip(out, p, strict=True):
        r["verdict_no"] = float(v)
    with open(READINGS, "wb") as fh:
        pickle.dump(out, fh)
    print(len(out), "->", READINGS)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", action="store_true")
    ap.add_argument("--read", action="store_true")
    args = ap.parse_args()
    if args.train:
        train()
    if args.read:
        read()

"""Does this sentence make this key point? A cross-encoder (crossread's recipe) reading
`[CLS] key point [SEP] sentence [SEP]`, trained on eval/keypoints (sentences labelled makes,
topic_only, negated, hypothetical, someone_else, opposite) plus each built-in rubric's own
phrasings as makes, and another point's phrasing of the same rubric as not; measured on
eval/keypoints_extra (other writers, never trained on).

    PYTHONPATH=src .venv/bin/python eval/research/point_reader.py train OUT.npz
    PYTHONPATH=src .venv/bin/python eval/research/point_reader.py eval OUT.npz
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

import train_scorer as ts  # noqa: E402

SETTINGS = {"rank": 8, "epochs": 3, "lr": 4e-4, "head_lr": 1e-3, "layers": 0, "tokens": 96}


class PReader:
    def __init__(self, net, tokenizer):
        self.net, self.tokenizer = net, tokenizer

    def encode(self, pairs):
        return self.tokenizer(
            [p[0] for p in pairs], [p[1] for p in pairs], truncation=True,
            max_length=SETTINGS["tokens"], padding=True, return_tensors="pt",
        )  # fmt: skip


def labelled(paths) -> list[tuple[str, str, str]]:
    out = []
    for p in paths:
        for line in p.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                out += [(r["key_point"], s["text"], s["label"]) for s in r["sentences"]]
    return out


def rows() -> list:
    from interview_coach.bank.catalog import Catalog

    rng = random.Random(0)
    data = [((kp, s), float(lab == "makes"), 1.0)
            for kp, s, lab in labelled(sorted((ROOT / "eval" / "keypoints").glob("*.jsonl")))]  # fmt: skip
    cat = Catalog.load()
    for rub in cat.rubrics.values():
        kps = list(rub.key_points)
        for k in kps:
            for ph in k.phrasings:
                data.append(((k.label, ph), 1.0, 0.5))
            others = [ph for o in kps if o is not k for ph in o.phrasings]
            for ph in rng.sample(others, min(len(others), len(k.phrasings))):
                data.append(((k.label, ph), 0.0, 0.5))
    print(f"rows {len(data)}, makes {sum(d[1] for d in data):.0f}", flush=True)
    return data


def train(out: Path) -> None:
    from question_reader import fit_and_save

    fit_and_save("point", out, SETTINGS, PReader, rows(), layers=np.int32(SETTINGS["layers"]))


def load(path: Path):
    import copy

    import torch

    from interview_coach.scoring import crossread
    from interview_coach.scoring.embedding import add_low_rank

    model = ts.SentenceTransformerEmbedder().load()
    data = np.load(path)
    net = crossread.first_layers(copy.deepcopy(model[0].auto_model), int(data["layers"]))
    add_low_rank(net, {k: data[k] for k in data.files if k.endswith((".a", ".b"))})
    net.eval()
    net = crossread.quantized(net)
    w, b = torch.tensor(data["head_w"]), float(data["head_b"])
    reader = PReader(net, model.tokenizer)

    def read(pairs) -> np.ndarray:
        out = []
        with torch.inference_mode():
            for i in range(0, len(pairs), 64):
                cls = net(**reader.encode(pairs[i : i + 64])).last_hidden_state[:, 0]
                out += torch.sigmoid(cls @ w + b).tolist()
        return np.array(out)

    return read


def evaluate(path: Path) -> None:
    read = load(path)
    held = labelled(sorted((ROOT / "eval" / "keypoints_extra").glob("*.jsonl")))
    p = read([(kp, s) for kp, s, _ in held])
    labels = sorted({lab for *_, lab in held})
    from sklearn.metrics import roc_auc_score

    print(f"AUC makes vs not: {roc_auc_score([h[2] == 'makes' for h in held], p):.3f}")
    for cut in (0.3, 0.5, 0.7, 0.9):
        line = " ".join(f"{lab} {np.mean([x >= cut for x, h in zip(p, held, strict=True) if h[2] == lab]):.2f}"
                        for lab in labels)  # fmt: skip
        print(f"share read as making at {cut}: {line}")


if __name__ == "__main__":
    {"train": train, "eval": evaluate}[sys.argv[1]](Path(sys.argv[2]))

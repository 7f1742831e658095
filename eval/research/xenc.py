"""A cross-encoder for take-backs: MiniLM's own transformer reads (what came before, this
sentence) together, so attention can relate "the framing doc was Priya's" to "I wrote the
framing doc". Trained on eval/takeback writers t1-t4, tested on t5-t6 (sentence level), then
at answer level on eval/heldout_hard (retracted vs strong-with-candour), eval/undercut and the
corpus's strong answers (false alarms). Research only; the weights stay in cache/.

    OMP_NUM_THREADS=2 .venv/bin/python eval/research/xenc.py [epochs]"""
import json
import random
import sys
import time

import numpy as np
import paths  # noqa: F401
import torch
from paths import CACHE, EVAL
from sklearn.metrics import roc_auc_score
from transformers import AutoModel, AutoTokenizer

from interview_coach.scoring.analysis import prepare_text
from interview_coach.scoring.embedding import bundled_model_path

torch.manual_seed(0); random.seed(0)
PATH = bundled_model_path()
tok = AutoTokenizer.from_pretrained(PATH)
TRAIN_W, TEST_W = {"t1", "t2", "t3", "t4"}, {"t5", "t6"}
MAXLEN = 192


class XEnc(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = AutoModel.from_pretrained(PATH)
        self.head = torch.nn.Linear(self.enc.config.hidden_size, 1)

    def forward(self, batch):
        out = self.enc(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (out * mask).sum(1) / mask.sum(1)
        return self.head(pooled).squeeze(-1)


def units(text):
    return prepare_text(text).units


def pairs_of(item):
    body = units(item["body"])
    out = [(" ".join(body[:i]), body[i], 0) for i in range(1, len(body))]
    for lab in ("takes_back", "candid", "plain"):
        end = units(item[lab])
        for j, s in enumerate(end):
            out.append((" ".join(body + end[:j]), s, int(lab == "takes_back")))
    return out


def encode(batch_pairs):
    # the sentence first, so truncation drops the oldest context, never the sentence
    return tok([s for _, s, *_ in batch_pairs], [c for c, *_ in batch_pairs], truncation="only_second",
               max_length=MAXLEN, padding=True, return_tensors="pt")


def predict(model, pairs, bs=32):
    model.eval(); out = []
    with torch.no_grad():
        for i in range(0, len(pairs), bs):
            out.append(torch.sigmoid(model(encode(pairs[i:i + bs]))).numpy())
    return np.concatenate(out) if out else np.zeros(0)


def fit(model, train, encode, epochs, pos_weight=None, after_epoch=None, bs=16):
    """AdamW at 3e-5 on (a, b, label) pairs, shuffled each epoch; `encode` makes the batch."""
    opt = torch.optim.AdamW(model.parameters(), lr=3e-5, weight_decay=0.01)
    w = torch.tensor(pos_weight) if pos_weight is not None else None
    loss_f = torch.nn.BCEWithLogitsLoss(pos_weight=w)
    t0 = time.time()
    for ep in range(epochs):
        random.shuffle(train); model.train()
        for i in range(0, len(train), bs):
            b = train[i:i + bs]
            loss = loss_f(model(encode(b)), torch.tensor([float(p[2]) for p in b]))
            opt.zero_grad(); loss.backward(); opt.step()
            if (i // bs) % 40 == 0:
                print(f"epoch {ep} step {i // bs} loss {loss.item():.3f} {time.time() - t0:.0f}s", flush=True)
        if after_epoch:
            after_epoch(ep)


def answer_scores(model, texts):
    allp, owner = [], []
    for k, t in enumerate(texts):
        u = units(t)
        for i in range(1, len(u)):
            allp.append((" ".join(u[:i]), u[i], 0)); owner.append(k)
    p = predict(model, allp)
    best = np.zeros(len(texts))
    for k, v in zip(owner, p):
        best[k] = max(best[k], v)
    return best


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    items = [json.loads(l) for p in sorted((EVAL / "takeback").glob("*.jsonl")) for l in open(p)]
    train = [p for it in items if it["writer"] in TRAIN_W for p in pairs_of(it)]
    test = [p for it in items if it["writer"] in TEST_W for p in pairs_of(it)]
    print("pairs", len(train), len(test), "positives", sum(p[2] for p in train), flush=True)
    model = XEnc()
    pos_w = (len(train) - sum(p[2] for p in train)) / sum(p[2] for p in train)

    def report(ep):
        p = predict(model, test)
        y = np.array([q[2] for q in test])
        print(f"epoch {ep}: test writers sentence AUC {roc_auc_score(y, p):.3f}", flush=True)

    fit(model, train, encode, epochs, pos_weight=pos_w, after_epoch=report)
    torch.save(model.state_dict(), CACHE / "xenc.pt")
    hh = [json.loads(l) for p in sorted((EVAL / "heldout_hard").glob("*.jsonl")) for l in open(p)]
    r = answer_scores(model, [x["answer"] for x in hh if x["kind"] == "retracted"])
    c = answer_scores(model, [x["answer"] for x in hh if x["kind"] == "strong-with-candour"])
    und = [json.loads(l) for l in open(EVAL / "undercut" / "undercut.jsonl")]
    ur = answer_scores(model, [x["retracted"] for x in und])
    us = answer_scores(model, [x["sincere"] for x in und])
    corpus = [json.loads(l) for p in sorted((EVAL / "corpus").glob("*.jsonl")) for l in open(p)]
    s = answer_scores(model, [x["answer"] for x in corpus if x["band"] == "strong_hire"])
    cr = answer_scores(model, [x["answer"] for x in corpus if x.get("kind") == "retracted"])
    print(f"heldout_hard retracted vs candour AUC {roc_auc_score([1]*len(r)+[0]*len(c), np.r_[r, c]):.3f}"
          f"  undercut AUC {roc_auc_score([1]*len(ur)+[0]*len(us), np.r_[ur, us]):.3f}")
    for t in (0.5, 0.7, 0.9):
        print(f"  t={t}: hh retracted {np.mean(r >= t):.2f} candour FP {np.mean(c >= t):.2f}  undercut "
              f"{np.mean(ur >= t):.2f} / FP {np.mean(us >= t):.2f}  corpus strong FP {np.mean(s >= t):.3f}"
              f" corpus retracted {np.mean(cr >= t):.2f}")


if __name__ == "__main__":
    main()

"""Does this answer answer THIS question? A cross-encoder over (question, answer), MiniLM
fine-tuned on the corpus and voices: positives are Strong and Lean answers with their own
question; negatives are the wrong-question answers with the question they were given, and
another question's Strong answer with this question. Tested on eval/heldout_hard (fresh
writers: wrong-question vs strong-with-candour answers, the same 24 questions) and eval/heldout
(all its answers: are strong and lean answers kept?). Research only.

    OMP_NUM_THREADS=2 .venv/bin/python eval/research/xenc_q.py"""
import json
import random

import numpy as np
import paths  # noqa: F401
import torch
from paths import EVAL
from sklearn.metrics import roc_auc_score
from xenc import XEnc, fit, tok

from interview_coach.bank.catalog import Catalog

torch.manual_seed(0); random.seed(0)
cat = Catalog.load()
QT = {qid: q.text for qid, q in cat.questions.items()}


def rows(folder):
    return [json.loads(l) for p in sorted((EVAL / folder).glob("*.jsonl")) for l in open(p)]


def enc(pairs):
    return tok([q for q, *_ in pairs], [a for _, a, *_ in pairs], truncation="only_second",
               max_length=256, padding=True, return_tensors="pt")


def predict(model, pairs, bs=32):
    model.eval(); out = []
    with torch.no_grad():
        for i in range(0, len(pairs), bs):
            out.append(torch.sigmoid(model(enc(pairs[i:i + bs]))).numpy())
    return np.concatenate(out)


def main():
    data = rows("corpus") + rows("voices")
    strong = [r for r in data if r["band"] == "strong_hire"]
    train = []
    for r in data:
        kind = r.get("kind") or ""
        if r["band"] in ("strong_hire", "lean_hire"):
            train.append((QT[r["question"]], r["answer"], 1))
        elif "wrong-question" in kind:
            train.append((QT[r["question"]], r["answer"], 0))
    for r in strong:
        other = random.choice([q for q in QT if q != r["question"]])
        train.append((QT[other], r["answer"], 0))
    print("pairs", len(train), "positives", sum(p[2] for p in train), flush=True)
    model = XEnc()
    fit(model, train, enc, epochs=1)
    hh = rows("heldout_hard")
    wq = predict(model, [(QT[r["question"]], r["answer"], 0) for r in hh if r["kind"] == "wrong-question"])
    st = predict(model, [(QT[r["question"]], r["answer"], 0) for r in hh if r["kind"] == "strong-with-candour"])
    print(f"heldout_hard: P(answers the question) strong {np.median(st):.2f} wrong-question {np.median(wq):.2f}"
          f"  AUC {roc_auc_score([1]*len(st)+[0]*len(wq), np.r_[st, wq]):.3f}")
    for t in (0.2, 0.5, 0.8):
        print(f"  below {t}: wrong-question {np.mean(wq < t):.2f}  strong {np.mean(st < t):.2f}")
    h = rows("heldout")
    p = predict(model, [(QT[r["question"]], r["answer"], 0) for r in h])
    for kind in sorted({r["kind"] for r in h}):
        v = p[[r["kind"] == kind for r in h]]
        print(f"  heldout {kind}: median {np.median(v):.2f}, below 0.5 {np.mean(v < 0.5):.2f}")


if __name__ == "__main__":
    main()

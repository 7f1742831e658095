"""Token-level alignment against exemplars (BERTScore-style, on the whole-answer pass's token
states): does nearest-neighbour voting by token alignment separate short answers that differ in
one decisive word better than voting by whole-answer cosine? Short-answer sets only.

    .venv/bin/python eval/research/tokalign.py"""
import collections
import json
import pickle

import numpy as np
import paths  # noqa: F401
import torch
from paths import CACHE, EVAL
from transformers import AutoModel, AutoTokenizer

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BANDS
from interview_coach.scoring.embedding import bundled_model_path
from interview_coach.scoring.evaluate import metrics, nearest_neighbour_vote

PATH = bundled_model_path()
tok = AutoTokenizer.from_pretrained(PATH)
enc = AutoModel.from_pretrained(PATH).eval()
CP = CACHE / "tokstates.pkl"
cache = pickle.loads(CP.read_bytes()) if CP.exists() else {}

SETS = {
    "train": ("shortanswer_train", "answers.jsonl"),
    "foreign": ("foreign", "answers.jsonl"),
    "sah": ("shortanswer_heldout", "answers_a*.jsonl"),
}


def states(text):
    """(token ids, unit-normalised token states without CLS/SEP, mean-pooled whole vector)."""
    if text in cache:
        return cache[text]
    b = tok(text, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        h = enc(**b).last_hidden_state[0].numpy()
    whole = h.mean(0); whole /= np.linalg.norm(whole) + 1e-9
    ids = b["input_ids"][0].numpy()[1:-1]
    t = h[1:-1]; t = t / (np.linalg.norm(t, axis=1, keepdims=True) + 1e-9)
    cache[text] = (ids, t.astype(np.float32), whole.astype(np.float32))
    return cache[text]


def bert_f(a, x, idf=None):
    ia, ta, _ = a; ix, tx, _ = x
    if not len(ta) or not len(tx):
        return 0.0, 0.0, 0.0
    s = ta @ tx.T
    wa = np.array([idf.get(int(i), 1.0) for i in ia]) if idf else np.ones(len(ia))
    wx = np.array([idf.get(int(i), 1.0) for i in ix]) if idf else np.ones(len(ix))
    p = float((s.max(1) * wa).sum() / wa.sum()); r = float((s.max(0) * wx).sum() / wx.sum())
    return p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0


def load(name):
    d, pat = SETS[name]
    cat = Catalog.load(extra=[str(EVAL / d / "content")])
    rows = [json.loads(l) for p in sorted((EVAL / d).glob(pat)) for l in open(p) if l.strip()]
    return cat, rows


def main():
    for name in SETS:
        cat, rows = load(name)
        ex = {}
        for qid in {r["question"] for r in rows}:
            rub = cat.rubrics[qid]
            ex[qid] = [(b, states(t)) for b in BANDS for t in rub.bands[b].exemplars]
        # idf over this set's exemplars, per question document
        df = collections.Counter()
        docs = 0
        for qid, xs in ex.items():
            for _, x in xs:
                docs += 1; df.update(set(int(i) for i in x[0]))
        idf = {i: float(np.log((docs + 1) / (c + 1)) + 1) for i, c in df.items()}
        truth, preds = [], collections.defaultdict(list)
        for r in rows:
            a = states(r["answer"]); truth.append(r["band"])
            xs = ex[r["question"]]
            cos = [(float(a[2] @ x[2]), b) for b, x in xs]
            bf = [bert_f(a, x) for _, x in xs]
            bfi = [bert_f(a, x, idf) for _, x in xs]
            preds["cos3"].append(nearest_neighbour_vote(cos))
            preds["cos1"].append(nearest_neighbour_vote(cos, 1))
            preds["cos5"].append(nearest_neighbour_vote(cos, 5))
            for k in (1, 3, 5):
                preds[f"bsF{k}"].append(nearest_neighbour_vote([(f[2], b) for f, (b, _) in zip(bf, xs)], k))
                preds[f"bsFidf{k}"].append(nearest_neighbour_vote([(f[2], b) for f, (b, _) in zip(bfi, xs)], k))
            preds["bsR3"].append(nearest_neighbour_vote([(f[1], b) for f, (b, _) in zip(bfi, xs)], 3))
            preds["mix3"].append(nearest_neighbour_vote([(0.5 * c + 0.5 * f[2], b) for (c, b), f in zip(cos, bfi)], 3))
        print(name, len(rows))
        for k, p in preds.items():
            m = metrics(truth, p)
            print(f"  {k:10s} acc {m.accuracy:.3f} F1 {m.macro_f1:.3f} swaps {m.strong_no_swaps}")
    CP.write_bytes(pickle.dumps(cache))


if __name__ == "__main__":
    main()

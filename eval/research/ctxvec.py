"""Contextual sentence vectors for free: the whole-answer pass the scorer already makes gives
every token a state that has attended to the rest of the answer; pooling those states over one
sentence's tokens gives that sentence read in context. Does a head on (isolated vector,
contextual vector) find take-backs the isolated vector alone does not? Same protocol as
takeback.py (leave one writer out on eval/takeback; answers of eval/heldout_hard, eval/undercut
and the corpus at answer level).

    .venv/bin/python eval/research/ctxvec.py"""
import json
import pickle

import numpy as np
import paths  # noqa: F401
import torch
from paths import CACHE, EVAL
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from transformers import AutoModel, AutoTokenizer

from emb import DiskEmb
from interview_coach.scoring.analysis import prepare_text
from interview_coach.scoring.embedding import bundled_model_path
from interview_coach.scoring.stance import LABELS, cue_features, default_head

PATH = bundled_model_path()
tok = AutoTokenizer.from_pretrained(PATH)
enc = AutoModel.from_pretrained(PATH).eval()
emb = DiskEmb()
head = default_head()
CP = CACHE / "ctxvec.pkl"
cache = pickle.loads(CP.read_bytes()) if CP.exists() else {}


def ctx_vectors(text, units):
    """Per unit, the mean of its tokens' states in one pass over the whole text (None past
    the 256-token window)."""
    key = (text, tuple(units))
    if key in cache:
        return cache[key]
    b = tok(text, truncation=True, max_length=256, return_offsets_mapping=True, return_tensors="pt")
    offs = b.pop("offset_mapping")[0].numpy()
    with torch.no_grad():
        h = enc(**b).last_hidden_state[0].numpy()
    out, pos = [], 0
    for u in units:
        start = text.find(u, pos)
        if start < 0:
            out.append(None); continue
        end = start + len(u); pos = end
        idx = [i for i, (a, z) in enumerate(offs) if z > a and a >= start and z <= end]
        if not idx:
            out.append(None); continue
        v = h[idx].mean(0); out.append(v / (np.linalg.norm(v) + 1e-9))
    cache[key] = out
    return out


def feats(text):
    p = prepare_text(text)
    units = p.units
    V = emb.encode(units)
    C = ctx_vectors(p.text, units)
    st = head.probabilities(units, V)
    S = np.stack([st[l] for l in LABELS], 1)
    rows = []
    for i in range(len(units)):
        c = C[i] if C[i] is not None else V[i]
        rows.append(np.concatenate([V[i], c, S[i], cue_features(units[i])]))
    return units, np.array(rows)


def split(variant, X):
    d = 384
    if variant == "iso":
        return np.hstack([X[:, :d], X[:, 2 * d:]])
    if variant == "ctx":
        return X[:, d:]
    if variant == "both":
        return X
    if variant == "diff":
        return np.hstack([X[:, :d], X[:, d:2 * d] - X[:, :d], X[:, 2 * d:]])


def main():
    items = [json.loads(l) for p in sorted((EVAL / "takeback").glob("*.jsonl")) for l in open(p)]
    X, y, g = [], [], []
    for it in items:
        body = prepare_text(it["body"]).units
        for lab in ("takes_back", "candid", "plain"):
            units, F = feats(it["body"] + " " + it[lab])
            for i in range(1, len(units)):
                if i < len(body) and lab != "plain":
                    continue  # the body's sentences once per item (with the plain ending)
                X.append(F[i]); y.append(int(lab == "takes_back" and i >= len(body))); g.append(it["writer"])
    X, y, g = np.array(X), np.array(y), np.array(g)
    hh = [json.loads(l) for p in sorted((EVAL / "heldout_hard").glob("*.jsonl")) for l in open(p)]
    und = [json.loads(l) for l in open(EVAL / "undercut" / "undercut.jsonl")]
    corpus = [json.loads(l) for p in sorted((EVAL / "corpus").glob("*.jsonl")) for l in open(p)]
    sets = {
        "hh_r": [x["answer"] for x in hh if x["kind"] == "retracted"],
        "hh_c": [x["answer"] for x in hh if x["kind"] == "strong-with-candour"],
        "u_r": [x["retracted"] for x in und], "u_s": [x["sincere"] for x in und],
        "c_s": [x["answer"] for x in corpus if x["band"] == "strong_hire"],
        "c_r": [x["answer"] for x in corpus if x.get("kind") == "retracted"],
    }
    F = {k: [feats(t)[1] for t in v] for k, v in sets.items()}
    CP.write_bytes(pickle.dumps(cache)); emb.save()
    for variant in ("iso", "ctx", "both", "diff"):
        Xv = split(variant, X)
        p = np.zeros(len(y))
        for w in sorted(set(g)):
            m = LogisticRegression(C=0.3, max_iter=5000).fit(Xv[g != w], y[g != w])
            p[g == w] = m.predict_proba(Xv[g == w])[:, 1]
        m = LogisticRegression(C=0.3, max_iter=5000).fit(Xv, y)
        sc = {k: np.array([m.predict_proba(split(variant, f[1:]))[:, 1].max() if len(f) > 1 else 0.0
                           for f in v]) for k, v in F.items()}
        a_hh = roc_auc_score([1] * len(sc["hh_r"]) + [0] * len(sc["hh_c"]), np.r_[sc["hh_r"], sc["hh_c"]])
        a_u = roc_auc_score([1] * len(sc["u_r"]) + [0] * len(sc["u_s"]), np.r_[sc["u_r"], sc["u_s"]])
        print(f"[{variant}] LOWO sentence AUC {roc_auc_score(y, p):.3f}  hh answers AUC {a_hh:.3f}  undercut AUC {a_u:.3f}"
              f"  corpus strong FP@0.7 {np.mean(sc['c_s'] >= 0.7):.3f} corpus retracted@0.7 {np.mean(sc['c_r'] >= 0.7):.2f}", flush=True)


if __name__ == "__main__":
    main()

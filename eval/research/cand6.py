"""Token-alignment features (tokalign.py's BERTScore against each band's exemplars, on the
whole-answer pass's token states): cache/cand6_<tag>.pkl, merged by fitw.load.

    .venv/bin/python eval/research/cand6.py cur new w7 w8 w9 w10 w11"""
import pickle
import sys

import numpy as np
import paths  # noqa: F401
import torch
from paths import CACHE, EVAL
from tokalign import enc, tok

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BANDS
from interview_coach.scoring.analysis import prepare_text

CONTENT = [str(EVAL / d / "content") for d in ("shortanswer_train", "foreign", "shortanswer_heldout")]


def batch_states(texts, bs=16):
    out = {}
    order = sorted(set(texts), key=len)
    for i in range(0, len(order), bs):
        chunk = order[i:i + bs]
        b = tok(chunk, truncation=True, max_length=256, padding=True, return_tensors="pt")
        with torch.no_grad():
            h = enc(**b).last_hidden_state.numpy()
        for j, t in enumerate(chunk):
            n = int(b["attention_mask"][j].sum())
            ids = b["input_ids"][j].numpy()[1:n - 1]
            s = h[j, 1:n - 1]
            s = s / (np.linalg.norm(s, axis=1, keepdims=True) + 1e-9)
            out[t] = (ids, s.astype(np.float32))
    return out


def idf_of(exemplar_states):
    """Rubric-relative idf: a token in every exemplar of this rubric is topic, not decision."""
    n = len(exemplar_states)
    df = {}
    for ids, _ in exemplar_states:
        for i in set(ids.tolist()):
            df[i] = df.get(i, 0) + 1
    return {i: float(np.log((n + 1) / (c + 1)) + 1) for i, c in df.items()}


def f_score(a, x, idf):
    ia, ta = a; ix, tx = x
    if not len(ta) or not len(tx):
        return 0.0, 0.0, 0.0
    s = ta @ tx.T
    wa = np.array([idf.get(int(i), 1.0) for i in ia]); wx = np.array([idf.get(int(i), 1.0) for i in ix])
    p = float((s.max(1) * wa).sum() / wa.sum()); r = float((s.max(0) * wx).sum() / wx.sum())
    return p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0


def features(a, xs, idf, skip_text=None):
    scored = [(f_score(a, st, idf), b) for b, t, st in xs if t != skip_text]
    out = {}
    for b in BANDS:
        fs = sorted((f[2] for f, bb in scored if bb == b), reverse=True)
        out[f"tf_{b}"] = fs[0] if fs else 0.0
        out[f"tf2_{b}"] = float(np.mean(fs[:2])) if fs else 0.0
        ps = [f[0] for f, bb in scored if bb == b]
        out[f"tp_{b}"] = max(ps, default=0.0)
    near = sorted(((f[2], b) for f, b in scored), reverse=True)
    for b in BANDS:
        out[f"tnn1_{b}"] = float(bool(near) and near[0][1] == b)
        out[f"tknn3_{b}"] = sum(1 for _, nb in near[:3] if nb == b) / max(1, len(near[:3]))
    out["tf_margin"] = out["tf_strong_hire"] - max(out["tf_lean_hire"], out["tf_no_hire"])
    return out


def main():
    cat = Catalog.load(extra=CONTENT)
    ex_cache = {}

    def exemplars(qid):
        if qid not in ex_cache:
            rub = cat.rubrics[qid]
            texts = [(b, prepare_text(t).text) for b in BANDS for t in rub.bands[b].exemplars]
            st = batch_states([t for _, t in texts])
            xs = [(b, t, st[t]) for b, t in texts]
            ex_cache[qid] = (xs, idf_of([x[2] for x in xs]))
        return ex_cache[qid]

    for tag in sys.argv[1:]:
        rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
        texts = [prepare_text(r["answer"]).text for r in rows]
        st = batch_states(texts)
        out = []
        for r, t in zip(rows, texts, strict=True):
            xs, idf = exemplars(r["q"])
            out.append(features(st[t], xs, idf, t if r["kind"] == "exemplar" else None))
        (CACHE / f"cand6_{tag}.pkl").write_bytes(pickle.dumps(out))
        print(tag, len(out), flush=True)


if __name__ == "__main__":
    main()

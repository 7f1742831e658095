"""Which question does the answer answer? Bank-wide graded answers as a wrong-question signal
(bankwide.py), as band features: cache/cand8_<tag>.pkl, merged by fitw.load. Among every
built-in question's graded answers (never the row itself nor its writer's): the share of the
10 nearest that answer the question asked, and the best same-question similarity minus the
best other-question one. NaN when the question has fewer than 10 graded answers.

    .venv/bin/python eval/research/cand8.py cur new w7 w8 w9 w10 w11"""
import json
import pickle
import sys

import numpy as np
import paths  # noqa: F401
from emb import DiskEmb
from paths import CACHE, ROOT


def jl(p):
    return [json.loads(x) for x in p.read_text().splitlines() if x.strip()]


def main():
    emb = DiskEmb()
    memory = [r for p in sorted((ROOT / "graded").rglob("*.jsonl")) for r in jl(p)]
    writer_of = {r["answer"]: r["writer"] for r in memory}
    M = emb.encode([r["answer"] for r in memory])
    mq = np.array([r["question"] for r in memory])
    mw = np.array([r["writer"] for r in memory])
    mt = np.array([r["answer"] for r in memory])
    for tag in sys.argv[1:]:
        rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
        A = emb.encode([r["answer"] for r in rows])
        out = []
        for r, a in zip(rows, A):
            own = r["answer"]
            writer = writer_of.get(own, r.get("writer"))
            ok = (mt != own) & (mw != writer)
            same = (mq == r["q"]) & ok
            f = {"wq_share10": float("nan"), "wq_margin": float("nan"), "wq_margin3": float("nan")}
            if same.sum() >= 10:
                s = np.where(ok, M @ a, -9.0)
                order = np.argsort(-s)[:10]
                f["wq_share10"] = float((mq[order] == r["q"]).mean())
                ss, so = np.sort(s[same])[::-1], np.sort(s[ok & ~same])[::-1]
                f["wq_margin"] = float(ss[0] - so[0])
                f["wq_margin3"] = float(ss[:3].mean() - so[:3].mean())
            out.append(f)
        (CACHE / f"cand8_{tag}.pkl").write_bytes(pickle.dumps(out))
        print(tag, len(out), sum(np.isfinite(f["wq_share10"]) for f in out), flush=True)
    emb.save()


if __name__ == "__main__":
    main()

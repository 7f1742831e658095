"""Graded answers as neighbours (memory.py) as band features: cache/cand7_<tag>.pkl, merged by
fitw.load. Memory = the question's exemplars plus its graded eval/corpus and eval/voices
answers, never the row itself (same text) nor any answer by the row's writer.

    .venv/bin/python eval/research/cand7.py cur new w7 w8 w9 w10 w11"""
import collections
import json
import pickle
import sys

import numpy as np
import paths  # noqa: F401
from emb import DiskEmb
from paths import CACHE, EVAL

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BANDS

CONTENT = [str(EVAL / d / "content") for d in ("shortanswer_train", "foreign", "shortanswer_heldout")]


def jl(p):
    return [json.loads(x) for x in p.read_text().splitlines() if x.strip()]


def main():
    cat = Catalog.load(extra=CONTENT)
    emb = DiskEmb()
    memory = [r | {"writer": r.get("writer", "corpus")} for p in sorted((EVAL / "corpus").glob("*.jsonl")) for r in jl(p)]
    memory += [r | {"writer": p.stem} for p in sorted((EVAL / "voices").glob("*.jsonl")) for r in jl(p)]
    writer_of = {r["answer"]: r["writer"] for r in memory}
    M = emb.encode([r["answer"] for r in memory])
    by_q = collections.defaultdict(list)
    for i, r in enumerate(memory):
        by_q[r["question"]].append(i)
    ex_cache = {}

    def exemplars(q):
        if q not in ex_cache:
            items = [(b, t) for b in BANDS for t in cat.rubrics[q].bands[b].exemplars]
            ex_cache[q] = (items, emb.encode([t for _, t in items]))
        return ex_cache[q]

    for tag in sys.argv[1:]:
        rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
        A = emb.encode([r["answer"] for r in rows])
        out = []
        for r, a in zip(rows, A):
            items, X = exemplars(r["q"])
            own = r["answer"]
            writer = writer_of.get(own, r.get("writer"))
            near = [(float(a @ v), b) for (b, t), v in zip(items, X) if t.strip() != own.strip()]
            near += [(float(a @ M[i]), memory[i]["band"]) for i in by_q.get(r["q"], ())
                     if memory[i]["answer"] != own and (writer is None or memory[i]["writer"] != writer)]
            near.sort(reverse=True)
            f = {}
            tot = sum(max(s, 0) for s, _ in near[:5]) or 1
            for b in BANDS:
                f[f"mk3_{b}"] = sum(1 for _, nb in near[:3] if nb == b) / max(1, len(near[:3]))
                f[f"mk9_{b}"] = sum(1 for _, nb in near[:9] if nb == b) / max(1, len(near[:9]))
                f[f"mk5w_{b}"] = sum(max(s, 0) for s, nb in near[:5] if nb == b) / tot
                f[f"mnn1_{b}"] = float(bool(near) and near[0][1] == b)
                f[f"mmax_{b}"] = max((s for s, nb in near if nb == b), default=0.0)
            f["mem_n"] = float(len(by_q.get(r["q"], ())) > 0)
            out.append(f)
        (CACHE / f"cand7_{tag}.pkl").write_bytes(pickle.dumps(out))
        print(tag, len(out), flush=True)
    emb.save()


if __name__ == "__main__":
    main()

"""Does order help word-piece alignment? tokalign.py's voting with pieces paired with their
neighbour (state of piece i plus piece i+1, so "stack ... last" and "stack ... first" differ
in the pair even where the single pieces match), alone and averaged with single pieces.

    .venv/bin/python eval/research/tokpair.py"""
import collections

import numpy as np
import paths  # noqa: F401
import tokalign as T

from interview_coach.bank.models import BANDS
from interview_coach.scoring.evaluate import metrics, nearest_neighbour_vote


def pairs(st, w=1):
    ids, t, _ = st
    if len(ids) <= w:
        return ids, t
    g = t[:-w] + t[w:]
    g = g / (np.linalg.norm(g, axis=1, keepdims=True) + 1e-9)
    return ids[:-w], g


def f1(a, x, idf):
    ia, ta = a; ix, tx = x
    if not len(ta) or not len(tx):
        return 0.0
    s = ta @ tx.T
    wa = np.array([idf.get(int(i), 1.0) for i in ia]); wx = np.array([idf.get(int(i), 1.0) for i in ix])
    p = float((s.max(1) * wa).sum() / wa.sum()); r = float((s.max(0) * wx).sum() / wx.sum())
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def main():
    for name in T.SETS:
        cat, rows = T.load(name)
        ex, idfs = {}, {}
        for qid in {r["question"] for r in rows}:
            rub = cat.rubrics[qid]
            ex[qid] = [(b, T.states(t)) for b in BANDS for t in rub.bands[b].exemplars]
            df = collections.Counter()
            for _, x in ex[qid]:
                df.update(set(int(i) for i in x[0]))
            n = len(ex[qid]); idfs[qid] = {i: float(np.log((n + 1) / (c + 1)) + 1) for i, c in df.items()}
        truth, preds = [], collections.defaultdict(list)
        for r in rows:
            a = T.states(r["answer"]); truth.append(r["band"])
            xs, idf = ex[r["question"]], idfs[r["question"]]
            uni = [f1((a[0], a[1]), (x[0], x[1]), idf) for _, x in xs]
            bi = [f1(pairs(a), pairs(x), idf) for _, x in xs]
            bi2 = [f1(pairs(a, 2), pairs(x, 2), idf) for _, x in xs]
            bands = [b for b, _ in xs]
            preds["uni1"].append(nearest_neighbour_vote(list(zip(uni, bands)), 1))
            preds["pair1"].append(nearest_neighbour_vote(list(zip(bi, bands)), 1))
            preds["skip1"].append(nearest_neighbour_vote(list(zip(bi2, bands)), 1))
            preds["mix1"].append(nearest_neighbour_vote([(u + b, bb) for u, b, bb in zip(uni, bi, bands)], 1))
            preds["mix3"].append(nearest_neighbour_vote([(u + b, bb) for u, b, bb in zip(uni, bi, bands)], 3))
        print(name, len(rows))
        for k, p in preds.items():
            m = metrics(truth, p)
            print(f"  {k:8s} acc {m.accuracy:.3f} F1 {m.macro_f1:.3f} swaps {m.strong_no_swaps}")


if __name__ == "__main__":
    main()

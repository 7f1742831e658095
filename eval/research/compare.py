"""Paired comparison of two encoders' band verdicts, row by row, same protocol (fitt.py):
accuracy difference with a bootstrap over questions (95% interval) and the rows each gets
right that the other gets wrong.

    .venv/bin/python eval/research/compare.py frozen kpst
"""
import sys

import numpy as np
import paths  # noqa: F401
import fitt


def main():
    a, b = sys.argv[1], sys.argv[2]
    fitt.run(a.split(",")); pa = fitt.LAST["pred"].copy(); ref = fitt.LAST["ref"]
    fitt.run(b.split(",")); pb = fitt.LAST["pred"].copy()
    rng = np.random.default_rng(0)
    for kind in ("corpus", "short", "foreign", "devset"):
        s = ref["k"] == kind
        ca, cb = pa[s] == ref["y"][s], pb[s] == ref["y"][s]
        qs = ref["q"][s]; uq = sorted(set(qs))
        per = {q: (ca[qs == q].sum(), cb[qs == q].sum(), (qs == q).sum()) for q in uq}
        boots = []
        for _ in range(2000):
            pick = rng.choice(len(uq), len(uq))
            t = np.array([per[uq[i]] for i in pick]).sum(0)
            boots.append((t[1] - t[0]) / t[2])
        lo, hi = np.percentile(boots, [2.5, 97.5])
        print(f"{kind:8s} n={s.sum():4d} acc {ca.mean():.3f} -> {cb.mean():.3f}  diff {cb.mean() - ca.mean():+.3f}"
              f"  95% CI over {len(uq)} questions [{lo:+.3f}, {hi:+.3f}]  only {a} right {int((ca & ~cb).sum())},"
              f" only {b} right {int((cb & ~ca).sum())}")


if __name__ == "__main__":
    main()

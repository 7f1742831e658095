"""The blame head with the stance head's sentence readings as input: the pooled vectors of
`blame_head.py` and, per stance label, the mean and the maximum over the answer's sentences.
Writer-grouped on the training rows, then trained on all of them and read on the held-out
blaming attacks and sincere answers (as blame_head.py), on the two short probes, and on
eval/blame_w44b.

    PYTHONPATH=src .venv/bin/python eval/research/blame_stance.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import train_scorer as ts  # noqa: E402
from blame_head import HELD, held_answers  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from interview_coach.common.config import load_settings  # noqa: E402
from interview_coach.scoring import heads  # noqa: E402
from interview_coach.scoring.analysis import embed_many, prepare_text  # noqa: E402
from interview_coach.scoring.engine import make_scorer  # noqa: E402
from interview_coach.scoring.scorer import STANCE_LABELS, stance_of  # noqa: E402

PROBES = [
    "I was disappointed when I missed the promotion, and I told my manager so. I asked my"
    " manager which criteria the committee hadn't seen evidence for.",
    "I missed the promotion last cycle. I asked my manager which criteria the committee hadn't"
    " seen evidence for, and we agreed two projects that would show them.",
]


def main() -> None:
    s = make_scorer(load_settings())
    s.load()

    def feats(texts, with_stance):
        es = embed_many([prepare_text(t) for t in texts], s.embedder, tokens=False)
        out = []
        for e in es:
            v = [np.ravel(heads.pooled(e.unit_vecs, e.whole))]
            if with_stance:
                st = stance_of(e, s.embedder.name)
                m = np.stack([st[label] for label in STANCE_LABELS], axis=1)
                v += [m.mean(axis=0) * 3, m.max(axis=0) * 3]
            out.append(np.concatenate(v))
        return np.vstack(out)

    rows = ts._blame_rows()
    y = np.array([lab for _, lab, _ in rows])
    w = np.array([wr for _, _, wr in rows])
    held = [(h[0], h[1] == "blaming", h[3]) for h in held_answers([*HELD, "blame_w44b"])]
    long = np.array([len(h[2].split()) >= 40 for h in held])
    kinds = np.array([h[1] for h in held])
    fresh = np.array([h[0] == "blame_w44b" for h in held])
    for with_stance in (False, True):
        x = feats([t for t, _, _ in rows], with_stance)
        xh = feats([h[2] for h in held], with_stance)
        xp = feats(PROBES, with_stance)
        for c in (1.0, 3.0):
            p = np.zeros(len(y))
            for tr, te in GroupKFold(5).split(x, y, w):
                m = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(
                    x[tr], y[tr]
                )
                p[te] = m.predict_proba(x[te])[:, 1]
            m = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)
            ph = m.predict_proba(xh)[:, 1]
            pp = m.predict_proba(xp)[:, 1]

            def n(mask, pr, cut=0.8):
                return f"{int(((pr >= cut) & mask).sum())}/{int(mask.sum())}"

            grouped = f"{n(y == 1, p)} blaming, {n(y == 0, p)} sincere"
            out = f"{n(kinds & long & ~fresh, ph)} blaming, {n(~kinds & long & ~fresh, ph)} sincere"
            judge = f"{n(kinds & long & fresh, ph)} blaming, {n(~kinds & long & fresh, ph)} sincere"
            print(
                f"stance {with_stance} C {c}: writer-grouped {grouped}; held out (40+ words, not"
                f" w44b) {out}; w44b {judge}; probes {np.round(pp, 3)}"
            )


if __name__ == "__main__":
    main()

"""A blame head: the tone and vague heads' recipe (an answer head over the pooled sentence
vectors the scorer already holds) trained to read an answer whose failures are all other
people's. Writer-grouped figures on the training answers, then, trained on every row, its
readings on held-out answers: the blaming attacks of every held-out attack set and the sincere
Strong and Lean Hires of every graded held-out set. The rows are the training script's
(`_blame_rows`: eval/blame_negatives among the negatives).

    PYTHONPATH=src .venv/bin/python eval/research/blame_head.py [OUT.json]
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import train_scorer as ts  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from interview_coach.common.config import load_settings  # noqa: E402
from interview_coach.scoring import heads  # noqa: E402
from interview_coach.scoring.analysis import embed_many, prepare_text  # noqa: E402
from interview_coach.scoring.engine import make_scorer  # noqa: E402

HELD = [
    "heldout", "heldout_hard", "heldout_w14", "heldout_w16", "heldout_reach", "heldout_plans",
    "heldout_w23", "heldout_general", "heldout_tone", "heldout_candour", "heldout_candour2",
    "heldout_w32", "heldout_w33", "heldout_w34", "heldout_w40", "heldout_w42",
    "attacks_heldout", "attacks_w33", "attacks_w39", "attacks_w43", "attacks_w42",
    "attacks_w44", "blame_w42", "blame_w44",
]  # fmt: skip


def held_answers(names: list[str]) -> list[tuple[str, str, str, str]]:
    """(set, kind, band, answer): the blaming attacks and the sincere Strong and Lean Hires of
    the eval/ sets `names`."""
    held = []
    for name in names:
        for p in sorted(glob.glob(str(ROOT / "eval" / name / "*.jsonl"))):
            for line in Path(p).read_text(encoding="utf-8").splitlines():
                r = json.loads(line)
                kind = r.get("attack") or r.get("kind")
                band = r.get("band") or r.get("max_band")
                if kind == "blaming" or (
                    band in ("strong_hire", "lean_hire") and not r.get("attack")
                ):
                    held.append((name, kind, band, r["answer"]))
    return held


def main() -> None:
    s = make_scorer(load_settings())
    s.load()
    rows = ts._blame_rows()

    def pooled(texts):
        es = embed_many([prepare_text(t) for t in texts], s.embedder, tokens=False)
        return np.vstack([heads.pooled(e.unit_vecs, e.whole) for e in es])

    x = pooled([t for t, _, _ in rows])
    y = np.array([lab for _, lab, _ in rows])
    w = np.array([wr for _, _, wr in rows])
    print(f"{int(y.sum())} blaming, {int((y == 0).sum())} sincere")
    held = held_answers(HELD)
    xh = pooled([h[3] for h in held])
    kinds = np.array([h[1] == "blaming" for h in held])
    out = {}
    for c in (0.3, 1.0, 3.0):
        p = np.zeros(len(y))
        for tr, te in GroupKFold(5).split(x, y, w):
            m = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x[tr], y[tr])
            p[te] = m.predict_proba(x[te])[:, 1]
        m = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)
        ph = m.predict_proba(xh)[:, 1]
        for cut in (0.8, 0.9, 0.95, 0.97):
            caught = int(((p >= cut) & (y == 1)).sum())
            print(
                f"C {c} cut {cut}: writer-grouped {caught}/{int(y.sum())}"
                f" blaming, {int(((p >= cut) & (y == 0)).sum())}/{int((y == 0).sum())} sincere;"
                f" held out {int(((ph >= cut) & kinds).sum())}/{int(kinds.sum())} blaming,"
                f" {int(((ph >= cut) & ~kinds).sum())}/{int((~kinds).sum())} sincere"
            )
        out[str(c)] = [
            {"set": h[0], "kind": h[1], "band": h[2], "p": float(v), "answer": h[3][:200]}
            for h, v in zip(held, ph, strict=True)
        ]
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

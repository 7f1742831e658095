"""Fit the band model on a train_scorer rows cache under one weighting of the attack rows and
write it to the package's band.json (restore with git), to compare weightings with
`interview-coach eval` on the held-out sets. No cross-validation: that is train_scorer's.

    .venv/bin/python eval/research/attackfit.py ROWS.pkl base|w1|w05|kinds|kinds+
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_scorer as ts  # noqa: E402

from interview_coach.scoring.bandmodel import WEIGHTS as BAND_WEIGHTS  # noqa: E402


def weights(scheme: str, k, w, ak) -> np.ndarray:
    out = []
    for kind, writer, akind in zip(k, w, ak, strict=True):
        new = kind == "attack" and writer.startswith("b")
        graded_kinds = kind in ("corpus", "voices") and akind in ts.TARGETED_KINDS
        v = ts.TARGETED_WEIGHT if writer in ts.TARGETED or graded_kinds else 1.0
        if scheme == "all05" and kind == "attack":
            v = 0.5
        if scheme.startswith("w0") and new:  # w05 -> 0.5, w03 -> 0.3
            v = float("0." + scheme[2:])
        if scheme in ("kinds", "kinds+") and kind == "attack":
            extra = {"attributed"} if scheme == "kinds+" else set()
            if akind in ts.TARGETED_KINDS | extra:
                v = ts.TARGETED_WEIGHT
        out.append(v)
    return np.array(out)


def main() -> None:
    feats, _bare, labels, _q, kinds, writers, akinds = pickle.loads(Path(sys.argv[1]).read_bytes())
    scheme = sys.argv[2]
    for kv in sys.argv[3:]:  # tree options, e.g. max_depth=4 max_iter=300
        key, val = kv.split("=")
        ts.TREES[key] = float(val) if "." in val else int(val)
    keep = np.array(
        [
            not (scheme == "base" and k == "attack" and w.startswith("b"))
            for k, w in zip(kinds, writers, strict=True)
        ]
    )
    names = tuple(sorted(feats[0]))
    x = np.array([[f[n] for n in names] for f in feats])[keep]
    y = np.array(labels)[keep]
    wt = weights(scheme, np.array(kinds)[keep], np.array(writers)[keep], np.array(akinds)[keep])
    model = ts._fit(x, y, wt)
    out = ts._export(model, "all-MiniLM-L6-v2", names)
    (ts.WEIGHTS / BAND_WEIGHTS).write_text(out.to_json(), encoding="utf-8")
    print(f"{scheme}: {len(y)} rows, weight sum {wt.sum():.0f}")


if __name__ == "__main__":
    main()

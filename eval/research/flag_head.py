"""A red-flag reader: does this sentence endorse this red flag, or only name it? Trained on
eval/flags (flags the writers invented, never a built-in rubric's), the built-in rubrics' own
flag phrasings (each against its flag's other phrasings) and the sentences of the sincere
Strong and Lean Hires in graded/ (against their rubric's flags). Three readers over the
point head's pair features: those features alone (logistic), with the sentence vector
(logistic), and with the sentence vector, its product with the flag and the stance cue words
(a one-layer MLP). Figures: writer-grouped on eval/flags, then, trained on every row, per
held-out answer the sentences read as endorsing a flag of its rubric.

    PYTHONPATH=src .venv/bin/python eval/research/flag_head.py
"""

from __future__ import annotations

import collections
import glob
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from blame_head import HELD  # noqa: E402

from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.common.config import load_settings  # noqa: E402
from interview_coach.scoring.analysis import embed_many, prepare_text  # noqa: E402
from interview_coach.scoring.engine import make_scorer  # noqa: E402
from interview_coach.scoring.pointhead import pair_features  # noqa: E402
from interview_coach.scoring.scorer import stance_of  # noqa: E402
from interview_coach.scoring.stance import LABELS, cue_features  # noqa: E402
from interview_coach.scoring.stance import head_for as stance_head  # noqa: E402
from interview_coach.scoring.text import words  # noqa: E402

READERS = ("pair", "vector", "mlp")


def rows_of(paths: list[str]) -> list[dict]:
    return [json.loads(line) for p in paths for line in Path(p).read_text().splitlines()]


class Reader:
    """Sentences and flags to the inputs of each reader."""

    def __init__(self) -> None:
        self.s = make_scorer(load_settings())
        self.s.load()
        self.cat = Catalog.load()
        self.name = self.s.embedder.name
        self.stance = stance_head(self.name, 384)
        self.q = {
            q: self.s.prepare(self.cat.questions[q], r).q_vecs[0]
            for q, r in self.cat.rubrics.items()
            if q in self.cat.questions
        }

    def flag(self, phrasings: list[str], label: str) -> np.ndarray:
        return self.s.rubric_embedder.encode([*phrasings, label])

    def rubric_flags(self, q: str) -> list[np.ndarray]:
        return [self.flag(list(f.phrasings), f.label) for f in self.cat.rubrics[q].red_flags]

    def sentences(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        v = self.s.rubric_embedder.encode(texts)
        st = self.stance.probabilities(texts, v)
        return v, np.stack([st[lab] for lab in LABELS], axis=1)

    def answers(self, texts: list[str]):
        for i in range(0, len(texts), 64):
            es = embed_many(
                [prepare_text(t) for t in texts[i : i + 64]], self.s.embedder, tokens=False
            )
            for e in es:
                st = stance_of(e, self.name)
                yield e.prepared.units, e.unit_vecs, np.stack([st[lab] for lab in LABELS], 1)


def inputs(reader: str, units, vecs, stance, flag, q) -> np.ndarray:
    pf = pair_features(vecs, [len(words(u)) for u in units], stance, flag, q)
    if reader == "pair":
        return pf
    if reader == "vector":
        return np.hstack([pf, vecs])
    c = flag[:-1].mean(0)
    c /= np.linalg.norm(c) or 1.0
    cues = np.vstack([cue_features(u) for u in units])
    return np.hstack([pf, vecs, vecs * c[None, :] * 10, cues])


def fit(reader: str, x: np.ndarray, y: np.ndarray):
    sc = StandardScaler().fit(x)
    xs = sc.transform(x)
    if reader == "mlp":
        # Balanced by repeating the positives (MLPClassifier takes no class weights).
        k = max(1, int((y == 0).sum() / max(1, (y == 1).sum())))
        xs, y = (
            np.vstack([xs, *[xs[y == 1]] * (k - 1)]),
            np.r_[y, np.ones((k - 1) * (y == 1).sum())],
        )
        m = MLPClassifier((64,), alpha=1.0, max_iter=300, random_state=0).fit(xs, y)
    else:
        m = LogisticRegression(C=0.1, max_iter=3000, class_weight="balanced").fit(xs, y)
    return lambda z: m.predict_proba(sc.transform(z))[:, 1]


def main() -> None:
    r = Reader()
    gen = [g for g in rows_of(sorted(glob.glob(str(ROOT / "eval/flags/f*.jsonl"))))]
    gv, gst = r.sentences([g["sentence"] for g in gen])
    flags = {}
    for g in gen:
        key = (g["writer"], g["question"], g["flag_id"])
        if key not in flags:
            flags[key] = r.flag(g["flag_phrasings"], g["flag_label"])
    ph = [(q, f) for q in r.q for f in r.cat.rubrics[q].red_flags]
    graded = [
        d
        for d in rows_of(sorted(glob.glob(str(ROOT / "graded/**/*.jsonl"), recursive=True)))
        if d.get("question") in r.q and d.get("band") in ("strong_hire", "lean_hire")
    ]
    graded_units = list(r.answers([d["answer"] for d in graded]))
    held = [
        (name, d)
        for name in [*HELD, "blame_w44b", "heldout_vague"]
        for d in rows_of(sorted(glob.glob(str(ROOT / "eval" / name / "*.jsonl"))))
        if d.get("question") in r.q
    ]
    held_units = list(r.answers([d["answer"] for _, d in held]))
    rng = np.random.default_rng(0)
    for reader in READERS:
        xg = np.vstack(
            [
                inputs(
                    reader, [g["sentence"]], gv[i : i + 1], gst[i : i + 1],
                    flags[(g["writer"], g["question"], g["flag_id"])], r.q[g["question"]],
                )
                for i, g in enumerate(gen)
            ]
        )  # fmt: skip
        yg = np.array([g["label"] == "endorse" for g in gen], dtype=int)
        xp = []
        for q, f in ph:
            fv = r.flag(list(f.phrasings), f.label)
            v, st = r.sentences(list(f.phrasings))
            for j, text in enumerate(f.phrasings):
                rest = np.vstack([np.delete(fv[:-1], j, 0), fv[-1:]])
                xp.append(inputs(reader, [text], v[j : j + 1], st[j : j + 1], rest, r.q[q]))
        xn = np.vstack(
            [
                inputs(reader, u, v, st, f, r.q[d["question"]])
                for d, (u, v, st) in zip(graded, graded_units, strict=True)
                for f in r.rubric_flags(d["question"])
                if len(u)
            ]
        )
        xn = xn[rng.choice(len(xn), min(len(xn), 8000), replace=False)]
        xp_ = np.vstack(xp)
        writers = np.array([g["writer"] for g in gen])
        labels = np.array([g["label"] for g in gen])
        p = np.zeros(len(yg))
        for w in sorted(set(writers)):
            te = writers == w
            f = fit(
                reader,
                np.vstack([xg[~te], xp_, xn]),
                np.r_[yg[~te], np.ones(len(xp_)), np.zeros(len(xn))],
            )
            p[te] = f(xg[te])
        print(f"== {reader}: writer-grouped on eval/flags, share read as endorsing")
        for t in (0.5, 0.8, 0.9):
            print(
                f"  at {t}: "
                + ", ".join(f"{lab} {np.mean(p[labels == lab] >= t):.2f}" for lab in
                            ("endorse", "reject", "neutral"))
            )  # fmt: skip
        f = fit(reader, np.vstack([xg, xp_, xn]), np.r_[yg, np.ones(len(xp_)), np.zeros(len(xn))])
        per_unit = []
        for (_, d), (u, v, st) in zip(held, held_units, strict=True):
            um = np.zeros(len(u))
            for fl in r.rubric_flags(d["question"]):
                if len(u):
                    um = np.maximum(um, f(inputs(reader, u, v, st, fl, r.q[d["question"]])))
            per_unit.append(um)
        print("  held out: answers with n sentences at or above t")
        for t in (0.9, 0.95):
            for need in (1, 2):
                c, n = collections.Counter(), collections.Counter()
                for (_, d), um in zip(held, per_unit, strict=True):
                    band = d.get("band") or d.get("max_band")
                    g = (
                        ("opposite" if d["attack"] == "opposite" else "other attacks")
                        if d.get("attack")
                        else ("sincere " + band if band != "no_hire" else "graded No Hire")
                    )
                    n[g] += 1
                    c[g] += int((um >= t).sum() >= need)
                print(f"  t {t}, n {need}: " + ", ".join(f"{g} {c[g]}/{n[g]}" for g in sorted(n)))


if __name__ == "__main__":
    main()

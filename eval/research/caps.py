"""Evidence bounds on the band: what happens to each set if the points the point head finds
cap the band (Strong needs some points; no point at all caps at Lean or No).

    .venv/bin/python eval/research/caps.py    # scores corpus, attacks, dev set, foreign once

Corpus and attacks are in the band model's training data (in-sample); the dev set and the
foreign short answers are not. Cached in cache/caps.pkl."""
import json
import pickle
import sys

import paths  # noqa: F401
from paths import CACHE, EVAL

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring.engine import make_scorer
from interview_coach.common.config import load_settings
from interview_coach.scoring.evaluate import metrics

ORDER = {"no_hire": 0, "lean_hire": 1, "strong_hire": 2}
BANDS = ["no_hire", "lean_hire", "strong_hire"]


def rows():
    out = []
    for kind, files in (
        ("corpus", sorted((EVAL / "corpus").glob("*.jsonl"))),
        ("attack", [EVAL / "attacks" / "attacks.jsonl"]),
        ("devset", [EVAL / "devset.jsonl"]),
        ("foreign", sorted((EVAL / "foreign").glob("*.jsonl"))),
    ):
        for f in files:
            for line in f.read_text().splitlines():
                if line.strip():
                    r = json.loads(line)
                    r["kind"] = kind
                    r["_dir"] = str(f.parent)
                    out.append(r)
    return out


def score():
    cache = CACHE / "caps.pkl"
    if cache.exists() and "--fresh" not in sys.argv:
        return pickle.loads(cache.read_bytes())
    rs = rows()
    scorer = make_scorer(load_settings(None, False))
    scorer.load()
    cats = {}
    out = []
    groups = {}
    for r in rs:
        groups.setdefault(r["_dir"], []).append(r)
    for d, grp in groups.items():
        if d.endswith("foreign"):
            cat = cats.setdefault(d, Catalog.load(extra=[d + "/content"]))
        else:
            cat = cats.setdefault("bank", Catalog.load())
        items = []
        for r in grp:
            q = cat.find(str(r["question"]))
            items.append((q, cat.rubrics[q.id], r["answer"]))
        res = scorer.score_many(items)
        for r, (q, rub, _), x in zip(grp, items, res):
            out.append(dict(kind=r["kind"], q=q.id, y=r.get("band") or r.get("max_band"),
                            attack=r.get("attack"), pred=x.band, probs=dict(x.scores),
                            made=len(x.covered), n=len(x.covered) + len(x.missing),
                            gate=x.gate is not None, story=True, spec=x.specificity,
                            sig=x.signals, answer=r["answer"], sims=dict(x.similarity)))
    cache.write_bytes(pickle.dumps(out))
    return out


def apply(r, rule):
    p = r["pred"]
    if r["gate"]:
        return p
    made, n = r["made"], r["n"]
    return rule(p, made, n)


RULES = {
    "none": lambda p, m, n: p,
    "strong needs 1": lambda p, m, n: "lean_hire" if p == "strong_hire" and m < 1 else p,
    "strong needs 2": lambda p, m, n: "lean_hire" if p == "strong_hire" and m < 2 else p,
    "strong needs n/3": lambda p, m, n: "lean_hire" if p == "strong_hire" and m * 3 < n else p,
    "0 -> lean max": lambda p, m, n: "lean_hire" if p == "strong_hire" and m == 0 else p,
    "0 -> no": lambda p, m, n: "no_hire" if m == 0 else p,
    "0 & lean -> no": lambda p, m, n: "no_hire" if m == 0 and p == "lean_hire" else p,
    "s2 + 0&lean->no": lambda p, m, n: "lean_hire" if p == "strong_hire" and m < 2
    else ("no_hire" if m == 0 and p == "lean_hire" else p),
}


def main():
    out = score()
    for name, rule in RULES.items():
        line = [f"{name:<18}"]
        for kind in ("corpus", "devset", "foreign"):
            s = [r for r in out if r["kind"] == kind]
            if not s:
                continue
            m = metrics([r["y"] for r in s], [apply(r, rule) for r in s])
            line.append(f"{kind} {m.accuracy:.3f}/{m.macro_f1:.3f}/{m.strong_no_swaps}")
        a = [r for r in out if r["kind"] == "attack"]
        within = sum(ORDER[apply(r, rule)] <= ORDER[r["y"]] for r in a)
        strong = sum(apply(r, rule) == "strong_hire" for r in a)
        line.append(f"attacks {within}/{len(a)} strong {strong}")
        print("  ".join(line))


if __name__ == "__main__":
    main()

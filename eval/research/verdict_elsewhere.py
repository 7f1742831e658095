"""Does the verdict reader (scoring.verdict) read the question? Its readings, one answer a
pass as the scorer reads, of: the built-in rubrics' exemplars by band (the cut's criterion);
every held-out graded Strong Hire with its own question and again with another question drawn
at random (seeded), and the held-out Lean Hires with their own; the held-out attack sets'
wrong-question attacks and strong controls. A reader that reads the question turns down the
Strong Hires told for another question and passes them under their own. For
eval/research/README.md, "The verdict reader paired with other questions": run with the
shipped weights, then with the weights `verdict_elsewhere.patch` trains.

    .venv/bin/python eval/research/verdict_elsewhere.py [readings.pkl]
"""

from __future__ import annotations

import glob
import json
import pickle
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from verdict_reader import print_groups, shipped_reader  # noqa: E402

from interview_coach.bank.catalog import Catalog  # noqa: E402

GRADED = [
    *("heldout", "heldout_hard", "heldout_w14", "heldout_w16", "heldout_reach", "heldout_plans"),
    *("heldout_w23", "heldout_general", "heldout_tone", "heldout_candour", "heldout_candour2"),
    *("heldout_w32", "heldout_w33", "heldout_w34", "heldout_w40", "heldout_w42"),
]
ATTACKS = [
    *("attacks_heldout", "attacks_w33", "attacks_w39", "attacks_w42", "attacks_w43"),
    *("attacks_w44", "attacks_w45", "attacks_w46"),
]


def _lines(s: str):
    for p in sorted(glob.glob(str(ROOT / "eval" / s / "*.jsonl"))):
        for line in Path(p).read_text().splitlines():
            if line.strip():
                yield json.loads(line)


def items(cat: Catalog) -> list[tuple[str, str, str]]:
    """(group, question id, answer)."""
    out = [
        (f"exemplar {band}", qid, text)
        for qid, rubric in cat.rubrics.items()
        for band, spec in rubric.bands.items()
        for text in spec.exemplars
    ]
    rng, ids = random.Random(1), sorted(cat.questions)
    for r in (r for s in GRADED for r in _lines(s)):
        if r.get("question") not in cat.questions or "max_band" in r:
            continue
        if r["band"] == "strong_hire":
            out.append(("held-out Strong Hire, own question", r["question"], r["answer"]))
            other = rng.choice([q for q in ids if q != r["question"]])
            out.append(("held-out Strong Hire, another question", other, r["answer"]))
        elif r["band"] == "lean_hire":
            out.append(("held-out Lean Hire, own question", r["question"], r["answer"]))
    for r in (r for s in ATTACKS for r in _lines(s)):
        kind = r.get("attack") or r.get("kind")
        if r.get("question") in cat.questions and kind in ("wrong-question", "strong"):
            out.append((f"attacks: {kind}", r["question"], r["answer"]))
    return out


def main() -> None:
    cat, reader = shipped_reader()
    todo = items(cat)
    readings = reader.probabilities([(cat.questions[q].text, t) for _, q, t in todo], batch=1)
    if len(sys.argv) > 1:
        with open(sys.argv[1], "wb") as fh:
            pickle.dump([(*i, float(p)) for i, p in zip(todo, readings, strict=True)], fh)
    print_groups([(group, float(p)) for (group, _, _), p in zip(todo, readings, strict=True)])


if __name__ == "__main__":
    main()

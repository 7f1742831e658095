"""How often the verdict reader (scoring.verdict, trained by
`scripts/train_scorer.py --only verdict`) reads an answer as one an interviewer would turn
down, per group of answers it never saw: every held-out attack set by kind, every held-out
graded set by band and kind, and the built-in rubrics' exemplars by band (the cut's own
criterion). Read one answer a pass, as the scorer reads: dynamic 8-bit layers scale each pass
by its largest value, so a batch's padding moves a reading. The readings are kept in
cache/verdict_readings.pkl for the verdict figures (eval/research/README.md, "A reader of the
whole answer against the question").

    .venv/bin/python eval/research/verdict_reader.py
"""

from __future__ import annotations

import collections
import glob
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.scoring import verdict  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402

READINGS = ROOT / "eval" / "research" / "cache" / "verdict_readings.pkl"
CUTS = (0.5, 0.8, 0.9, 0.92, 0.95, 0.98)
HELD = [
    *("attacks_w45", "attacks_heldout", "attacks_w33", "attacks_w39", "attacks_w42"),
    *("attacks_w43", "attacks_w44", "blame_w42", "blame_w44", "blame_w44b", "heldout"),
    *("heldout_hard", "heldout_w14", "heldout_w16", "heldout_reach", "heldout_plans"),
    *("heldout_w23", "heldout_general", "heldout_tone", "heldout_candour", "heldout_candour2"),
    *("heldout_w32", "heldout_w33", "heldout_w34", "heldout_w40", "heldout_w42", "heldout_vague"),
]


def rows(cat: Catalog) -> list[dict]:
    out = []
    for s in HELD:
        for p in sorted(glob.glob(str(ROOT / "eval" / s / "*.jsonl"))):
            lines = Path(p).read_text().splitlines()
            for r in (json.loads(line) for line in lines if line.strip()):
                if r.get("question") in cat.questions:
                    out.append(dict(r, set=s, file=Path(p).name))
    for qid, rubric in cat.rubrics.items():
        for band, spec in rubric.bands.items():
            for text in spec.exemplars:
                out.append({"question": qid, "answer": text, "set": "built-in", "band": band})
    return out


def group(r: dict) -> str:
    kind = r.get("attack") or r.get("kind") or ""
    if r["set"] == "built-in":
        return f"built-in exemplars: {r['band']}"
    if "max_band" in r:
        return "attacks: " + ("strong controls" if kind == "strong" else kind)
    return f"graded: {r['band']} ({kind})"


def shipped_reader() -> tuple[Catalog, verdict.VerdictReader]:
    """The built-in catalogue and the verdict reader on the bundled model."""
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    reader = verdict.reader_for(embedder)
    assert reader is not None, "weights/verdict.npz is missing or fits another model"
    return Catalog.load(), reader


def main() -> None:
    cat, reader = shipped_reader()
    out = rows(cat)
    items = [(cat.questions[r["question"]].text, r["answer"]) for r in out]
    for r, p in zip(out, reader.probabilities(items, batch=1), strict=True):
        r["verdict_no"] = float(p)
    READINGS.parent.mkdir(exist_ok=True)
    with open(READINGS, "wb") as fh:
        pickle.dump([r for r in out if r["set"] != "built-in"], fh)
    print_groups([(group(r), r["verdict_no"]) for r in out])


def print_groups(readings: list[tuple[str, float]]) -> None:
    """Per group, how many of its readings reach each of CUTS, and the highest."""
    by = collections.defaultdict(list)
    for name, p in readings:
        by[name].append(p)
    print(f"{'group':50s}     n   max " + " ".join(f">={c:<5}" for c in CUTS))
    for name, ps in sorted(by.items()):
        counts = " ".join(f"{sum(p >= c for p in ps):7d}" for c in CUTS)
        print(f"{name:50s} {len(ps):5d} {max(ps):.3f} {counts}")


if __name__ == "__main__":
    main()

"""The shipped tone head (scoring.tone) on the held-out sets, which it was never trained on: how
many sarcastic and flippant answers reach the scorer's cut, and how many answers graded or
bounded above No Hire, and built-in Strong and Lean Hire exemplars, do.

    .venv/bin/python eval/research/tone_heldout.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

import train_scorer as ts  # noqa: E402

HELD = ["heldout", "heldout_hard", "heldout_w14", "heldout_w16", "heldout_reach", "heldout_plans",
        "heldout_w23", "attacks_heldout", "attacks_w33"]  # fmt: skip


def main() -> None:
    from interview_coach.bank.catalog import Catalog
    from interview_coach.scoring import tone
    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import FLIPPANT, FLIPPANT_MIN_WORDS
    from interview_coach.scoring.text import words

    rows = [r for n in HELD for p in sorted((ROOT / "eval" / n).glob("*.jsonl")) for r in ts._jsonl(p)]
    rows += ts._jsonl(ROOT / "eval" / "devset.jsonl")
    cat = Catalog.load()
    rows += [
        {"answer": t, "band": b, "kind": "exemplar"}
        for rb in cat.rubrics.values()
        for b in ("strong_hire", "lean_hire")
        for t in rb.bands[b].exemplars
    ]
    embedder = ts.SentenceTransformerEmbedder()
    embedder.load()
    head = tone.head_for(embedder.name, embedder.dimension)
    assert head is not None
    embedded = embed_many([prepare_text(r["answer"]) for r in rows], embedder, tokens=False)
    p = np.array([tone.flippant(head, e) for e in embedded])
    long = np.array([len(words(e.prepared.text)) >= FLIPPANT_MIN_WORDS for e in embedded])
    kind = np.array([r.get("attack") or r.get("kind") or "-" for r in rows])
    light = np.isin(kind, list(ts.FLIPPANT))
    above = np.array([r.get("band", r.get("max_band")) != "no_hire" for r in rows]) & ~light
    exemplar = kind == "exemplar"
    print(f"{'cut':>5} {'flippant':>9} {'held-out above No Hire':>23} {'exemplars':>10}")
    for cut in (0.7, 0.8, 0.9, 0.95):
        hit = (p >= cut) & long
        print(
            f"{cut:>5} {int(hit[light].sum()):>4}/{int(light.sum()):<4}"
            f" {int(hit[above & ~exemplar].sum()):>11}/{int((above & ~exemplar).sum()):<11}"
            f" {int(hit[exemplar].sum()):>4}/{int(exemplar.sum())}"
        )
    print(f"(answers of {FLIPPANT_MIN_WORDS} words or more; the scorer's cut is {FLIPPANT})")


if __name__ == "__main__":
    main()

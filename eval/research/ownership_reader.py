"""How often the ownership reader (scoring.ownership, trained by
`scripts/train_scorer.py --only ownership`) reads an answer as showing no decision or act of
the speaker's, per group of held-out answers the reader never saw: the held-out attacks by
kind and their writers' strong controls, the held-out graded answers by band and kind, the
dev set, the ownership probes (one story told as the speaker's, as other people's, and taken
back) and the built-in rubrics' exemplars by band. The scorer makes a story answer No Hire
from OWNERLESS_FIRM and holds a Strong Hire at Lean Hire from OWNERLESS_HOLD.

    .venv/bin/python eval/research/ownership_reader.py
"""

import collections
import glob
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.scoring import ownership  # noqa: E402
from interview_coach.scoring.analysis import prepare_text  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402

CUTS = (0.5, 0.8, 0.9, 0.95, 0.96, 0.97, 0.98)


def jl(pattern):
    return [
        json.loads(line)
        for p in sorted(glob.glob(str(ROOT / pattern)))
        for line in open(p)
        if line.strip()
    ]


def groups() -> dict[str, list[str]]:
    out = collections.defaultdict(list)
    for r in jl("eval/attacks_heldout/b*.jsonl"):
        out["attacks: " + r["attack"]].append(r["answer"])
    for r in jl("eval/attacks_heldout/controls_*.jsonl"):
        out["attacks: their writers' strong controls"].append(r["answer"])
    for s in ("heldout", "heldout_hard", "heldout_w14"):
        for r in jl(f"eval/{s}/*.jsonl"):
            out[f"{s}: {r['band']} ({r.get('kind')})"].append(r["answer"])
    for r in jl("eval/devset.jsonl"):
        out[f"dev: {r['band']}"].append(r["answer"])
    for r in jl("eval/ownership/answers.jsonl"):  # the same story three ways
        for variant in ("base", "others", "retracted"):
            out[f"ownership probes: {variant}"].append(r[variant])
    for rubric in Catalog.load().rubrics.values():
        for band, b in rubric.bands.items():
            out[f"built-in exemplars: {band}"] += list(b.exemplars)
    return out


def main() -> None:
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    reader = ownership.reader_for(embedder)
    assert reader is not None, "weights/ownership.npz is missing or fits another model"
    started, n = time.time(), 0
    print(f"{'group':55s}    n " + " ".join(f">={c:<4}" for c in CUTS))
    for name, texts in sorted(groups().items()):
        p = reader.probabilities([prepare_text(t).text for t in texts])
        n += len(p)
        print(f"{name:55s} {len(p):4d} " + " ".join(f"{int((p >= c).sum()):6d}" for c in CUTS))
    print(f"{n} answers in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()

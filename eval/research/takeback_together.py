"""Take-backs told over several sentences: the shipped take-back reader's readings of each
answer's last sentences (read as the scorer reads them, one answer's window a batch: the 8-bit
layers read a sentence differently in another batch), and the share of each group that each
rule makes No Hire. Chooses scorer.TAKEBACK_FIRM_TOGETHER on the endings of eval/takeback_w17
and takeback_w21 (never trained on); the held-out graded sets are printed to check it.

    PYTHONPATH=src .venv/bin/python eval/research/takeback_together.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

HELD = ("heldout", "heldout_hard", "heldout_w14", "heldout_w16")


def _jsonl(path: Path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def groups() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in ("takeback_w17", "takeback_w21"):
        for r in (r for p in sorted((ROOT / "eval" / d).glob("*.jsonl")) for r in _jsonl(p)):
            for end in ("takes_back", "candid"):
                if r.get(end):
                    out.setdefault(f"{d} {end}", []).append(f"{r['body']} {r[end]}")
    for d in HELD:
        for r in (r for p in sorted((ROOT / "eval" / d).glob("*.jsonl")) for r in _jsonl(p)):
            kind = str(r.get("kind"))
            if kind == "retracted":
                out.setdefault("held-out retracted", []).append(r["answer"])
            elif r["band"] == "strong_hire":
                g = "candour" if "candour" in kind else "sincere"
                out.setdefault(f"held-out Strong Hire, {g}", []).append(r["answer"])
    return out


def main() -> None:
    from interview_coach.scoring import takeback
    from interview_coach.scoring.analysis import prepare_text
    from interview_coach.scoring.embedding import SentenceTransformerEmbedder
    from interview_coach.scoring.scorer import TAKEBACK_FIRM, takeback_window

    embedder = SentenceTransformerEmbedder()
    embedder.load()
    reader = takeback.reader_for(embedder)
    assert reader is not None

    def window(text: str) -> np.ndarray:
        u = prepare_text(text).units
        which = takeback_window(len(u))
        pairs = reader.pairs(u, which)
        return reader.probabilities(pairs) if pairs else np.zeros(0)

    read = {g: [window(t) for t in texts] for g, texts in groups().items()}
    rules = {f"best >= {TAKEBACK_FIRM}": lambda p: p.max(initial=0) >= TAKEBACK_FIRM}
    for cut in (0.99, 0.995, 0.997, 0.999):
        rules[f"... or together >= {cut}"] = lambda p, c=cut: (
            p.max(initial=0) >= TAKEBACK_FIRM or 1 - np.prod(1 - p) >= c
        )
    print("share made No Hire by the take-back reader | " + " | ".join(read))
    for name, rule in rules.items():
        shares = [f"{np.mean([rule(p) for p in ps]):.2f} of {len(ps)}" for ps in read.values()]
        print(f"{name:26s} " + " | ".join(shares))


if __name__ == "__main__":
    main()

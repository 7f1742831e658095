"""The shipped take-back reader (scoring.takeback) on held-out answers: per group, the share
whose last four sentences hold one the reader calls a take-back at several cuts. Sincere groups
(strong answers, strong answers told with candour, the attack writers' strong controls, the
ownership probes' sincere versions) measure false alarms; retracted groups measure recall.
The training corpus's strong answers are shown too, marked: they were hard negatives.

    .venv/bin/python eval/research/takeback_reader.py
"""

import collections
import json

import numpy as np
from paths import EVAL, ROOT

from interview_coach.scoring import takeback
from interview_coach.scoring.analysis import prepare_text
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.scorer import TAKEBACK_LAST


def rows(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


groups = collections.defaultdict(list)
for name in ("heldout", "heldout_hard", "heldout_w14", "heldout_w16", "heldout_reach"):
    for p in sorted((EVAL / name).glob("*.jsonl")):
        for r in rows(p):
            kind = r.get("kind")
            if kind == "retracted":
                groups["held-out graded: retracted"].append(r["answer"])
            elif kind == "strong-with-candour":
                groups["held-out graded: strong, told with candour"].append(r["answer"])
            elif r["band"] == "strong_hire":
                groups["held-out graded: strong"].append(r["answer"])
            elif r["band"] == "lean_hire":
                groups["held-out graded: lean"].append(r["answer"])
for p in sorted((EVAL / "attacks_heldout").glob("*.jsonl")):
    for r in rows(p):
        kind = r.get("attack") or r.get("kind")
        fresh = "b29" <= p.stem.removeprefix("controls_") <= "b32"
        tag = "attacks b29-b32" if fresh else "attacks b9-b28"
        if kind in ("retracted", "attributed", "strong"):
            groups[f"{tag}: {'strong controls' if kind == 'strong' else kind}"].append(r["answer"])
for r in rows(EVAL / "ownership" / "answers.jsonl"):
    groups["ownership probes: sincere"].append(r["base"])
    groups["ownership probes: taken back"].append(r["retracted"])
    groups["ownership probes: told as others'"].append(r["others"])
corpus = [r for p in sorted((ROOT / "graded" / "corpus").glob("*.jsonl")) for r in rows(p)]
groups["(trained on) corpus strong"] = [r["answer"] for r in corpus if r["band"] == "strong_hire"]

embedder = SentenceTransformerEmbedder()
embedder.load()
reader = takeback.reader_for(embedder)
cuts = (0.8, 0.9, 0.95, 0.98)
print(f"{'group':45s} {'n':>4s}  " + "  ".join(f"at {c}" for c in cuts))
for name, texts in sorted(groups.items()):
    best = []
    for t in texts:
        u = prepare_text(t).units
        which = range(max(1, len(u) - TAKEBACK_LAST), len(u))
        p = reader.probabilities(reader.pairs(u, which))
        best.append(float(p.max()) if len(p) else 0.0)
    best = np.array(best)
    print(f"{name:45s} {len(best):4d}  " + "  ".join(f"{np.mean(best >= c):6.2f}" for c in cuts))

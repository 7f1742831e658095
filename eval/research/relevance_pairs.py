"""Pairs for relevance labels (eval/relevance/): 900 Strong Hire answers of graded/, each with
another question, three times in four one of the four questions nearest its own (by the bundled
model, over each question's text and aliases), else any other. Labelled by writers who saw the
seeds and the pairs only: does the answer answer the question asked ("yes", "partly", "no")?
Random pairs labelled wrong-question taught the verdict reader to turn down fair answers
(eval/research/README.md, "The verdict reader paired with other questions"); these say which
pairs are wrong. Writes eval/relevance/pairs.jsonl and, given a folder, the six files the
labellers read there (pairs_0.jsonl to pairs_5.jsonl: what they see, without "from").

    .venv/bin/python eval/research/relevance_pairs.py [/tmp/s47l]
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from interview_coach.bank.catalog import Catalog  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402

OUT = ROOT / "eval" / "relevance" / "pairs.jsonl"
SHOWN = ("id", "question_id", "level", "question", "answer")


def main() -> None:
    import numpy as np

    cat = Catalog.load()
    model = SentenceTransformerEmbedder().load()
    ids = sorted(cat.questions)
    texts = [" ".join([cat.questions[q].text, *cat.questions[q].aliases]) for q in ids]
    v = model.encode(texts, normalize_embeddings=True)
    sim = v @ v.T
    near = {q: [ids[j] for j in np.argsort(-sim[i]) if ids[j] != q][:4] for i, q in enumerate(ids)}
    rows = [
        r
        for p in sorted((ROOT / "graded").rglob("*.jsonl"))
        for r in (json.loads(line) for line in p.read_text().splitlines() if line.strip())
        if r.get("question") in cat.questions and r["band"] == "strong_hire"
    ]
    rng = random.Random(47)
    rng.shuffle(rows)
    level = {}
    for line in (ROOT / "eval" / "attacks_w46" / "questions.txt").read_text().splitlines():
        qid, rest = line.split(" ", 1)
        level[qid] = rest.split(")")[0].strip("(")
    out = []
    for i, r in enumerate(rows[:900]):
        if rng.random() < 0.75:
            other = rng.choice(near[r["question"]])
        else:
            other = rng.choice([q for q in ids if q != r["question"]])
        q = cat.questions[other]
        out.append(
            {"id": f"p{i:04d}", "question_id": other, "level": level.get(other, ""),
             "question": q.text, "answer": r["answer"], "from": r["question"]}
        )  # fmt: skip
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out))
    for k in range(6 if len(sys.argv) > 1 else 0):
        shown = [{x: o[x] for x in SHOWN} for o in out[k::6]]
        (Path(sys.argv[1]) / f"pairs_{k}.jsonl").write_text(
            "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in shown)
        )


if __name__ == "__main__":
    main()

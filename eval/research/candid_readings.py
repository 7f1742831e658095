"""The take-back reader on files in eval/takeback's format (eval/takeback_candid,
eval/takeback_w17, eval/takeback_w21): per writer, how often it reads each kind of ending as
taking the story back, and what the verdict does when the ending is said after the body.

    .venv/bin/python eval/research/candid_readings.py OUT.json FILE.jsonl...

For each ending (candid, takes_back, plain) its highest reading over the ending's sentences,
read with the body before them; then the verdict on the body alone and on the body with each
ending. Rows go to OUT.json; one line per writer is printed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring import analysis, takeback
from interview_coach.scoring.engine import make_scorer

ENDINGS = ("candid", "takes_back", "plain")


def main(out: str, files: list[str]) -> None:
    scorer = make_scorer(load_settings())
    scorer.load()
    catalog = Catalog.load()
    reader = takeback.reader_for(scorer.embedder)
    assert reader is not None, "no take-back reader fits this model"
    items = [
        json.loads(line)
        for f in files
        for line in Path(f).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rows: list[dict] = []
    jobs: list[tuple[int, str, str]] = []
    for it in items:
        body = analysis.prepare_text(it["body"]).units
        row = {"topic": it["topic"], "writer": it.get("writer"), "kind": it.get("candid_kind")}
        for k in ENDINGS:
            if it.get(k):
                units = body + analysis.prepare_text(it[k]).units
                p = reader.probabilities(reader.pairs(units, list(range(len(body), len(units)))))
                row[f"{k}_p"] = float(max(p))
                jobs.append((len(rows), k, f"{it['body']} {it[k]}"))
        jobs.append((len(rows), "body", it["body"]))
        rows.append(row)
    asked = [
        (catalog.questions[rows[i]["topic"]], catalog.rubrics[rows[i]["topic"]], text)
        for i, _, text in jobs
    ]
    for (i, k, _), result in zip(jobs, scorer.score_many(asked), strict=True):
        rows[i][f"{k}_band"] = result.band
    with open(out, "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=0)
    for writer in sorted({str(r["writer"]) for r in rows}):
        mine = [r for r in rows if str(r["writer"]) == writer]

        def share(k: str, cut: float, mine: list[dict] = mine) -> float:
            return float(np.mean([r[f"{k}_p"] >= cut for r in mine if f"{k}_p" in r]))

        strong = [r for r in mine if r["body_band"] == "strong_hire"]
        print(
            f"{writer}: n={len(mine)}"
            f" | candid >=0.9 {share('candid', 0.9):.2f} >=0.5 {share('candid', 0.5):.2f}"
            f" | takes_back >=0.9 {share('takes_back', 0.9):.2f}"
            f" >=0.5 {share('takes_back', 0.5):.2f}"
            f" | plain >=0.5 {share('plain', 0.5):.2f}"
            f" | Strong bodies {len(strong)}:"
            f" candid->No {sum(r['candid_band'] == 'no_hire' for r in strong)},"
            f" plain->No {sum(r['plain_band'] == 'no_hire' for r in strong)}"
            f" | takes_back No Hire {sum(r['takes_back_band'] == 'no_hire' for r in mine)}"
            f"/{len(mine)}"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

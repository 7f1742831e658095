"""Does the answer make this question's key points better than the other bank questions'?
As band features (kpb_z: the asked question's key-point fit as a z-score among every loaded
question's; kpb_margin: its fit minus the best other's), trained and measured without touching
the product: Scorer.answer_features is wrapped here.

    .venv/bin/python eval/research/kpbank.py train   # retrain band.json with the features
    .venv/bin/python eval/research/kpbank.py eval    # held-out sets, with the features
(band.json is overwritten: restore it with git afterwards.)"""
import json
import sys

import numpy as np
import paths  # noqa: F401
from paths import EVAL, ROOT

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring import scorer as scorer_module
from interview_coach.scoring.evaluate import metrics

STATE = {"cat": None, "bank": None}
_orig = scorer_module.Scorer.answer_features


def _bank(scorer):
    if STATE["bank"] is None:
        cat = Catalog.load()  # the built-in questions: the same others whatever else is loaded
        bank = {}
        for qid, q in cat.questions.items():
            if qid in cat.rubrics:
                kv = scorer.prepare(q, cat.rubrics[qid]).kp_vecs
                if kv:
                    bank[qid] = kv
        STATE["bank"] = bank
    return STATE["bank"]


def patched(self, pr, e, f, sig, exclude=None, writer=None):
    out = _orig(self, pr, e, f, sig, exclude, writer)
    bank = _bank(self)
    U = e.unit_vecs
    fit = {q: float(np.mean([(U @ g.T).max() for g in kv])) for q, kv in bank.items()}
    mine = float(np.mean([(U @ g.T).max() for g in pr.kp_vecs])) if pr.kp_vecs else 0.0
    others = np.array([v for q, v in fit.items() if q != pr.question.id])
    out["kpb_z"] = float((mine - others.mean()) / (others.std() + 1e-6))
    out["kpb_margin"] = float(mine - others.max())
    return out


scorer_module.Scorer.answer_features = patched


def jl(p):
    return [json.loads(x) for x in p.read_text().splitlines() if x.strip()]


def evaluate():
    from interview_coach.scoring.embedding import SentenceTransformerEmbedder
    from interview_coach.scoring.evaluate import nearest_neighbour_bands

    emb = SentenceTransformerEmbedder()
    emb.load()
    sets = [
        ("heldout", sorted((EVAL / "heldout").glob("*.jsonl")), None),
        ("hard", sorted((EVAL / "heldout_hard").glob("*.jsonl")), None),
        ("w14", sorted((EVAL / "heldout_w14").glob("*.jsonl")), None),
        ("dev", [EVAL / "devset.jsonl"], None),
        ("foreign", [EVAL / "foreign" / "answers.jsonl"], EVAL / "foreign" / "content"),
        ("sah", sorted((EVAL / "shortanswer_heldout").glob("*.jsonl")), EVAL / "shortanswer_heldout" / "content"),
    ]
    for name, files, content in sets:
        cat = Catalog.load(extra=[str(content)] if content else [])
        STATE["cat"], STATE["bank"] = cat, None
        sc = scorer_module.Scorer(emb, emb)
        rows = [r for p in files for r in jl(p) if "band" in r]
        items = [(cat.find(r["question"]), cat.rubrics[cat.find(r["question"]).id], r["answer"]) for r in rows]
        res = sc.score_many(items, writers=[r.get("writer") for r in rows])
        m = metrics([r["band"] for r in rows], [x.band for x in res], [x.confidence for x in res])
        extra = ""
        if content:
            knn = metrics([r["band"] for r in rows], nearest_neighbour_bands(sc, items))
            extra = f"  3-NN F1 {knn.macro_f1:.3f}"
        kinds = {}
        for r, x in zip(rows, res):
            k = r.get("kind")
            if k in ("wrong-question", "retracted", "strong", "seed-vague"):
                kinds.setdefault(k, []).append(x.band[0])
        ks = "  ".join(f"{k}: " + "/".join(f"{b}{v.count(b)}" for b in "sln") for k, v in sorted(kinds.items()))
        print(f"{name:8s} acc {m.accuracy:.3f} F1 {m.macro_f1:.3f} swaps {m.strong_no_swaps}{extra}  {ks}", flush=True)


def train():
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_scorer
    from interview_coach.scoring.embedding import SentenceTransformerEmbedder

    STATE["cat"] = Catalog.load(extra=[str(EVAL / "shortanswer_train" / "content")])
    emb = SentenceTransformerEmbedder()
    emb.load()
    train_scorer.train_band(emb, None, False)


if __name__ == "__main__":
    {"train": train, "eval": evaluate}[sys.argv[1]]()

"""Dump every answer's band-model features (the shipped ones plus candidates) once, so that
feature and model choices can be compared in seconds. Rows: corpus, attacks, short-answer
training set, every rubric exemplar (held out of its own rubric), and, for evaluation only,
the held-out short answers (eval/foreign) and the old dev set.

    .venv/bin/python eval/research/rows.py      # ~7 min; writes cache/rows.pkl
"""
import json
import pickle

import numpy as np
import paths  # noqa: F401  (sys.path)
from paths import CACHE, EVAL

from interview_coach.bank.catalog import Catalog
from interview_coach.bank.models import BANDS
from interview_coach.scoring import gates
from interview_coach.scoring import scorer as sm
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.scorer import Scorer, _excluded, stance_of


def jl(p):
    return [json.loads(x) for x in p.read_text().splitlines() if x.strip()]


def extras(scorer, pr, e, f, exclude):
    out = {}
    near = sorted(
        ((float(e.whole @ x.whole), b) for b in BANDS for i, x in enumerate(pr.exemplars[b])
         if not _excluded(exclude, (b, i))),
        reverse=True,
    )
    top = near[:5]
    tot = sum(max(s, 0) for s, _ in top) or 1
    for b in BANDS:
        out[f"knn5_{b}"] = sum(max(s, 0) for s, nb in top if nb == b) / tot
        out[f"nn1_{b}"] = float(bool(near) and near[0][1] == b)
    st = stance_of(e, scorer.embedder.name)
    n = len(e.prepared.units)
    z = np.zeros(n)
    against = st.get("negated", z) + st.get("retracted", z)
    action = st.get("action", z) + st.get("plan", z)
    out["max_neg"] = float(st.get("negated", z).max(initial=0))
    out["max_retr"] = float(st.get("retracted", z).max(initial=0))
    out["last_against"] = float(against[-1]) if n else 0.0
    first = next((i for i in range(n) if action[i] > 0.5), None)
    out["late_against"] = float(against[first + 1:].max(initial=0)) if first is not None else 0.0
    for lab in ("blaming", "claim", "other", "plan"):
        out[f"st_{lab}"] = float(st[lab].mean()) if lab in st and n else 0.0
    w = np.array([k.weight for k in pr.rubric.key_points]); w = w / (w.sum() or 1)
    made, best = 0.0, 0.0
    for k, wk in enumerate(w):
        soft = np.clip((f.kp_unit_sims[:, k] - sm.COVER_LO) / (sm.COVER_HI - sm.COVER_LO), 0, 1)
        v = float((soft * action).max(initial=0))
        made += wk * (v >= 0.5); best = max(best, v)
    out["kp_made"], out["kp_top"] = made, best
    out["kp_maxsim"] = max(f.kp_sims, default=0.0)
    out["kp_meansim"] = float(np.mean(f.kp_sims)) if f.kp_sims else 0.0
    out["log_units"] = float(np.log1p(n))
    out["red"] = f.red
    return out


def answer_row(scorer, cat, r, e, kind):
    """One labelled answer's row: the shipped features plus candidates, its gate, its label."""
    q = cat.questions[r["question"]]
    pr = scorer.prepare(q, cat.rubrics[q.id])
    g = gates.check(e.prepared.text, e.prepared.sentences, [q.text, *q.aliases], pr.norms)
    bd = scorer.breakdown(pr, e)
    feats = scorer.answer_features(pr, e, bd.features, bd.signals)
    feats.update(extras(scorer, pr, e, bd.features, None))
    return dict(f=feats, y=r.get("band") or r["max_band"], q=q.id, kind=kind,
                gate=g.code if g else None, answer=r["answer"], attack=r.get("kind"))


def main():
    emb = SentenceTransformerEmbedder(); emb.load()
    sm.model_for = lambda name: None
    scorer = Scorer(emb)
    cat = Catalog.load(extra=[str(EVAL / "shortanswer_train" / "content"), str(EVAL / "foreign" / "content")])
    rows = [(r, "corpus") for p in sorted((EVAL / "corpus").glob("*.jsonl")) for r in jl(p)]
    rows += [(r, "attack") for r in jl(EVAL / "attacks" / "attacks.jsonl")]
    rows += [(r, "short") for r in jl(EVAL / "shortanswer_train" / "answers.jsonl")]
    rows += [(r, "foreign") for r in jl(EVAL / "foreign" / "answers.jsonl")]
    rows += [(r, "devset") for r in jl(EVAL / "devset.jsonl")]
    out = []
    embedded = embed_many([prepare_text(r["answer"]) for r, _ in rows], emb)
    for (r, kind), e in zip(rows, embedded, strict=True):
        out.append(answer_row(scorer, cat, r, e, kind))
    for qid, q in cat.questions.items():
        if any(o["q"] == qid and o["kind"] == "foreign" for o in out):
            continue  # held-out rubrics: their exemplars are not training rows
        pr = scorer.prepare(q, cat.rubrics[qid])
        for b in BANDS:
            for i, e in enumerate(pr.exemplars[b]):
                bd = scorer.breakdown(pr, e, (b, i))
                feats = scorer.answer_features(pr, e, bd.features, bd.signals, (b, i))
                feats.update(extras(scorer, pr, e, bd.features, (b, i)))
                out.append(dict(f=feats, y=b, q=qid, kind="exemplar", gate=None,
                                answer=e.prepared.text, attack=None))
    (CACHE / "rows.pkl").write_bytes(pickle.dumps(out))
    print(len(out), "rows")


if __name__ == "__main__":
    main()

"""Candidate band features beyond the shipped 43, for every row of one or more rows files
(rows.py / rows_new.py), keyed by row index: cache/cand_<tag>.pkl.

- rf_head, rf_head_n: the point head applied to the rubric's red flags (a red flag is "a point
  the answer should not make"): the highest probability any sentence makes one, and the share
  of red flags some sentence makes.
- hp_made, hp_max: the point head's own verdicts on the key points (weighted share made, best
  probability).
- gen_no, gen_strong, gen_margin: how close the answer is to OTHER built-in questions' No Hire
  and Strong Hire exemplars (top-3 mean cosine): a question-free "this reads like an answer
  that says nothing" signal.

    .venv/bin/python eval/research/cand.py frozen new w7"""
import pickle
import sys

import numpy as np
import paths  # noqa: F401
from paths import CACHE, EVAL

from interview_coach.bank.catalog import Catalog
from interview_coach.scoring import scorer as sm
from interview_coach.scoring.analysis import embed_many, prepare_text
from interview_coach.scoring.embedding import SentenceTransformerEmbedder
from interview_coach.scoring.pointhead import head_for, pair_features
from interview_coach.scoring.scorer import Scorer, stance_of
from interview_coach.scoring.stance import LABELS as STANCE_LABELS
from interview_coach.scoring.text import words

def setup():
    """The bundled model, a scorer that reads no band weights, every catalog a row may name
    (built-in, short-answer training, foreign) and the built-in bank alone."""
    emb = SentenceTransformerEmbedder(); emb.load()
    sm.model_for = lambda name: None
    cat = Catalog.load(extra=[str(EVAL / "shortanswer_train" / "content"), str(EVAL / "foreign" / "content")])
    return emb, Scorer(emb), cat, Catalog.load()


def save_features(name, tags, emb, feats):
    """For each rows file cache/rows_<tag>.pkl: `feats(row, embedded answer)` per row, saved as
    cache/<name>_<tag>.pkl (the list fitw.load merges into the rows)."""
    for tag in tags:
        rows = pickle.loads((CACHE / f"rows_{tag}.pkl").read_bytes())
        embedded = embed_many([prepare_text(r["answer"]) for r in rows], emb)
        out = [feats(r, e) for r, e in zip(rows, embedded, strict=True)]
        (CACHE / f"{name}_{tag}.pkl").write_bytes(pickle.dumps(out))
        print(tag, len(out), flush=True)


def main():
    emb, scorer, cat, builtin = setup()
    head = head_for(emb.name)
    # other questions' exemplars, by band
    ex = {}
    for qid, q in builtin.questions.items():
        pr = scorer.prepare(q, builtin.rubrics[qid])
        ex[qid] = {b: np.stack([x.whole for x in pr.exemplars[b]]) for b in ("no_hire", "strong_hire", "lean_hire")}
    qtext = {qid: emb.encode([q.text, *q.aliases]) for qid, q in builtin.questions.items()}
    allex = {qid: np.vstack([v for v in ex[qid].values()]) for qid in ex}
    rf_label_vecs = {}

    def feats(r, e):
        q = cat.questions[r["q"]]
        rub = cat.rubrics[q.id]
        pr = scorer.prepare(q, rub)
        f = {}
        units = e.unit_vecs
        n_words = [len(words(u)) for u in e.prepared.units]
        if q.id not in rf_label_vecs:
            rf_label_vecs[q.id] = emb.encode([rf.label for rf in rub.red_flags]) if rub.red_flags else np.zeros((0, 384))
        st = stance_of(e, emb.name)
        sta = np.stack([st[label] for label in STANCE_LABELS], axis=1) if len(units) else np.zeros((0, len(STANCE_LABELS)))
        probs = []
        if len(units) and head is not None:
            for v, lv in zip(pr.rf_vecs, rf_label_vecs[q.id]):
                pv = np.vstack([v, lv[None, :]])
                probs.append(float(head.probability(pair_features(units, n_words, sta, pv, pr.q_vecs[0])).max()))
        f["rf_head"] = max(probs, default=0.0)
        f["rf_head_n"] = float(np.mean([p >= head.threshold for p in probs])) if probs else 0.0
        bd = scorer.breakdown(pr, e)
        f["spec"] = float(bd.specificity)
        w = np.array([k.weight for k in rub.key_points]); w = w / (w.sum() or 1)
        made = bd.features.kp_made
        f["hp_made"] = float(sum(wk for wk, m in zip(w, made) if m)) if made else 0.0
        hp = []
        if len(units) and head is not None and pr.kp_vecs:
            for v in pr.kp_vecs:
                hp.append(float(head.probability(pair_features(units, n_words, sta, v, pr.q_vecs[0])).max()))
        f["hp_max"] = max(hp, default=0.0)
        f["hp_mean"] = float(np.mean(hp)) if hp else 0.0
        others = [qid for qid in ex if qid != q.id]
        for b, name in (("no_hire", "gen_no"), ("strong_hire", "gen_strong"), ("lean_hire", "gen_lean")):
            sims = np.concatenate([ex[o][b] @ e.whole for o in others])
            f[name] = float(np.sort(sims)[-3:].mean())
        f["gen_margin"] = f["gen_no"] - f["gen_strong"]
        # wrong question: is the answer closer to another question's exemplars / text?
        own = max(float(np.mean(np.sort(np.stack([x.whole for x in pr.exemplars[b]]) @ e.whole)[-2:])) for b in pr.exemplars)
        other = max(float(np.mean(np.sort(allex[o] @ e.whole)[-2:])) for o in others)
        f["other_ex"] = other
        o_ex = [float(np.mean(np.sort(allex[o] @ e.whole)[-2:])) for o in others]
        f["own_rank_ex"] = float(np.log1p(sum(v > own for v in o_ex)))
        f["own_z_ex"] = float((own - np.mean(o_ex)) / (np.std(o_ex) + 1e-6))
        f["own_minus_other_ex"] = own - other
        own_q = float((pr.q_vecs @ e.whole).max())
        o_q = [float((qtext[o] @ e.whole).max()) for o in others]
        f["own_minus_other_q"] = own_q - max(o_q)
        f["own_rank_q"] = float(np.log1p(sum(v > own_q for v in o_q)))
        f["own_z_q"] = float((own_q - np.mean(o_q)) / (np.std(o_q) + 1e-6))
        return f

    save_features("cand", sys.argv[1:], emb, feats)

if __name__ == "__main__":
    main()

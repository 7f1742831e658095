"""Rebuild the scorer's learned weights from the data in the repository, and say how well they
generalise. Offline: only the bundled model and scikit-learn (installed with
sentence-transformers) are used.

    .venv/bin/python scripts/train_scorer.py            # train, report, write the weights

The stance head (src/interview_coach/scoring/weights/stance.npz) is trained on eval/stance/.
Its figure is cross-writer: trained on one writer's sentences, tested on the other's.

The band model (weights/band.json) is trained on the graded corpus (eval/corpus), the attack
suite (each attack labelled with the band it may not exceed), every built-in rubric's
exemplars (each held out of its own rubric) and the short-answer training set
(eval/shortanswer_train). Its figures are leave-one-question-out: for each built-in question,
a model trained without that question's answers, attacks and exemplars scores them. The
short-answer set in eval/foreign is never trained on; it is scored by the final model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.scoring import stance  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402

STANCE_DATA = ROOT / "eval" / "stance"
WEIGHTS = ROOT / "src" / "interview_coach" / "scoring" / "weights"
STANCE_C = 4.0  # chosen by the cross-writer figure below (0.5, 2, 4, 8 tried)


def _stance_rows() -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(STANCE_DATA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def train_stance(embedder) -> None:
    from sklearn.linear_model import LogisticRegression

    rows = _stance_rows()
    texts = [r["text"] for r in rows]
    x = np.hstack([embedder.encode(texts), np.stack([stance.cue_features(t) for t in texts])])
    y = np.array([r["label"] for r in rows])
    writers = np.array([r["writer"] for r in rows])
    for held in sorted(set(writers)):
        train = writers != held
        model = LogisticRegression(C=STANCE_C, max_iter=5000).fit(x[train], y[train])
        acc = float(np.mean(model.predict(x[~train]) == y[~train]))
        print(f"stance: trained without writer {held}, accuracy on {held}: {acc:.3f}")
    model = LogisticRegression(C=STANCE_C, max_iter=5000).fit(x, y)
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        WEIGHTS / stance.WEIGHTS,
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
        classes=np.array(model.classes_),
        cues=np.array(stance.CUES),
        model=np.array(embedder.name),
    )
    print(f"stance: {len(rows)} sentences, {len(set(y))} labels -> {WEIGHTS / stance.WEIGHTS}")


BAND_C = 0.3  # L2 strength, chosen by the leave-one-question-out figure in eval/research
TRAINED_ON = ("eval/corpus", "eval/attacks", "built-in rubric exemplars", "eval/shortanswer_train")


def _jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _feature_rows(embedder) -> tuple[list[dict], list[str], list[str], list[str]]:
    """(features, label, question, kind) for every training row that no gate stops."""
    from interview_coach.bank.catalog import Catalog
    from interview_coach.bank.models import BANDS
    from interview_coach.scoring import gates
    from interview_coach.scoring import scorer as scorer_module
    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import Scorer

    scorer_module.model_for = lambda name: None  # features only: the old weights are not read
    scorer = Scorer(embedder)
    cat = Catalog.load(extra=[str(ROOT / "eval" / "shortanswer_train" / "content")])
    rows = [
        (r, "corpus") for p in sorted((ROOT / "eval" / "corpus").glob("*.jsonl")) for r in _jsonl(p)
    ]
    rows += [(r, "attack") for r in _jsonl(ROOT / "eval" / "attacks" / "attacks.jsonl")]
    rows += [(r, "short") for r in _jsonl(ROOT / "eval" / "shortanswer_train" / "answers.jsonl")]
    feats, labels, qids, kinds = [], [], [], []
    embedded = embed_many([prepare_text(r["answer"]) for r, _ in rows], embedder)
    for (r, kind), e in zip(rows, embedded, strict=True):
        q = cat.questions[r["question"]]
        pr = scorer.prepare(q, cat.rubrics[q.id])
        if gates.check(e.prepared.text, e.prepared.sentences, [q.text, *q.aliases], pr.norms):
            continue
        bd = scorer.breakdown(pr, e)
        feats.append(scorer.answer_features(pr, e, bd.features, bd.signals))
        labels.append(r.get("band") or r["max_band"])
        qids.append(q.id)
        kinds.append(kind)
    for qid, q in cat.questions.items():
        pr = scorer.prepare(q, cat.rubrics[qid])
        for b in BANDS:
            for i, e in enumerate(pr.exemplars[b]):
                bd = scorer.breakdown(pr, e, (b, i))
                feats.append(scorer.answer_features(pr, e, bd.features, bd.signals, (b, i)))
                labels.append(b)
                qids.append(qid)
                kinds.append("exemplar")
    return feats, labels, qids, kinds


def _fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=BAND_C, max_iter=5000).fit((x - mean) / scale, y)
    return model, mean, scale


def train_band(embedder) -> None:
    from interview_coach.bank.models import BANDS
    from interview_coach.scoring.bandmodel import WEIGHTS as BAND_WEIGHTS
    from interview_coach.scoring.bandmodel import BandModel, decide
    from interview_coach.scoring.evaluate import ORDER, attack_report, metrics

    feats, labels, qids, kinds = _feature_rows(embedder)
    names = tuple(sorted(feats[0]))
    x = np.array([[f[n] for n in names] for f in feats])
    y, q, k = np.array(labels), np.array(qids), np.array(kinds)
    builtin = sorted({qq for qq, kk in zip(q, k, strict=True) if kk == "corpus"})
    pred = np.empty(len(y), dtype=object)
    conf = np.zeros(len(y))
    for held in builtin:
        train = q != held
        model, mean, scale = _fit(x[train], y[train])
        p = model.predict_proba((x[~train] - mean) / scale)
        chosen = [decide(dict(zip(model.classes_, row, strict=True))) for row in p]
        pred[~train] = chosen
        conf[~train] = [
            row[list(model.classes_).index(c)] for row, c in zip(p, chosen, strict=True)
        ]
    graded = k == "corpus"
    m = metrics(list(y[graded]), list(pred[graded]), list(conf[graded]))
    print(
        f"band, leave one question out, corpus ({m.n} answers the gates pass):"
        f" accuracy {m.accuracy:.3f}  macro-F1 {m.macro_f1:.3f}"
        f"  Strong<->No swaps {m.strong_no_swaps}  ECE {m.ece:.3f}"
    )
    att = k == "attack"
    report = attack_report([{"max_band": b} for b in y[att]], list(pred[att]))
    print(
        f"band, leave one question out, attacks the gates pass: {report.within}/{report.n}"
        f" within bound, {report.strong} Strong Hire"
    )
    assert all(b in ORDER for b in BANDS)
    model, mean, scale = _fit(x, y)
    out = BandModel(
        embedder.name,
        names,
        mean,
        scale,
        model.coef_,
        model.intercept_,
        tuple(model.classes_),
        TRAINED_ON,
    )
    (WEIGHTS / BAND_WEIGHTS).write_text(out.to_json(), encoding="utf-8")
    print(f"band: {len(y)} rows, {len(names)} features -> {WEIGHTS / BAND_WEIGHTS}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", choices=("stance", "band"), help="train one part only")
    args = ap.parse_args()
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    if args.only in (None, "stance"):
        train_stance(embedder)
    if args.only in (None, "band"):
        train_band(embedder)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Head-level check of an encoder (bundled or fine-tuned): the stance head and the point head,
trained as scripts/train_scorer.py trains them, on writers the encoder may have seen, scored
on writers it did not.

    .venv/bin/python eval/research/headeval.py [MODEL_DIR|plain] [--train-stance s1] [--train-kp k1]

Stance: trained on --train-stance writers (C=4), accuracy and denial recall on every other
stance writer. Point: the stance head above gives the stance columns; the point head (C=0.3)
trained on --train-kp writers' pairs, AUC on every other key-point writer's pairs.
"""
import json
import sys
from pathlib import Path

import numpy as np
import paths  # noqa: F401
from paths import EVAL, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import train_scorer as ts  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from interview_coach.scoring import heads, stance  # noqa: E402
from interview_coach.scoring.embedding import SentenceTransformerEmbedder  # noqa: E402


def jl(p):
    return [json.loads(x) for x in Path(p).read_text().splitlines() if x.strip()]


def main():
    args = [a for a in sys.argv[1:]]
    opt = {}
    model = None
    while args:
        a = args.pop(0)
        if a.startswith("--"):
            opt[a] = args.pop(0)
        else:
            model = a
    st_train = set(opt.get("--train-stance", "s1").split(","))
    kp_train = set(opt.get("--train-kp", "k1").split(","))
    # "plain" or nothing: the bundled model; else a model directory (ftlora.py's OUT/)
    emb = SentenceTransformerEmbedder(None if model == "plain" else model)
    emb.load()
    rows = [r for p in sorted(EVAL.glob("stance*/stance_*.jsonl")) for r in jl(p)]
    texts = [r["text"] for r in rows]
    x = heads.inputs(texts, emb.encode(texts), heads.Cues(stance.CUES))
    y = np.array([r["label"] for r in rows])
    w = np.array([r["writer"] for r in rows])
    tr = np.isin(w, list(st_train))
    m = LogisticRegression(C=ts.STANCE_C, max_iter=5000).fit(x[tr], y[tr])
    out = []
    for held in sorted(set(w) - st_train):
        t = w == held
        pred = m.predict(x[t])
        den = np.isin(y[t], ["negated", "retracted"])
        out.append(f"{held} acc {np.mean(pred == y[t]):.3f} denial-recall "
                   f"{np.mean(np.isin(pred[den], ['negated', 'retracted'])):.3f}")
    print("stance:", "; ".join(out), flush=True)
    head = heads.LinearHead(m.coef_.astype(np.float32), m.intercept_.astype(np.float32),
                            list(m.classes_), emb.name, stance.CUES)
    stance.default_head = lambda: head  # the point rows read the stance of this encoder
    items = []
    for p in sorted(EVAL.glob("keypoints*/kp_*.jsonl")):
        for it in jl(p):
            it["writer"] = p.stem.split("_")[1]
            items.append(it)
    # _point_rows globs one directory; feed it every key-point writer through a temp dir
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for wr in sorted({it["writer"] for it in items}):
            Path(d, f"kp_{wr}.jsonl").write_text(
                "\n".join(json.dumps({k: v for k, v in it.items() if k != "writer"})
                          for it in items if it["writer"] == wr) + "\n")
        ts.POINT_DATA = Path(d)
        px, py, pw, pcos = ts._point_rows(emb)
    pw = np.array([s.split("_")[1] for s in pw])
    tr = np.isin(pw, list(kp_train))
    mean, scale = px[tr].mean(axis=0), px[tr].std(axis=0) + 1e-6
    pm = LogisticRegression(C=ts.POINT_C, max_iter=5000).fit((px[tr] - mean) / scale, py[tr])
    out = []
    for held in sorted(set(pw) - kp_train):
        t = pw == held
        p = pm.predict_proba((px[t] - mean) / scale)[:, 1]
        out.append(f"{held} AUC {roc_auc_score(py[t], p):.3f} (cos {roc_auc_score(py[t], pcos[t]):.3f})")
    print("point:", "; ".join(out), flush=True)


if __name__ == "__main__":
    main()

"""The off-topic gate read against the closest example of any kind: the rubric's exemplars and
the question's graded answers (memory neighbours). Dumps (graded, held-out, pasted) rows of
(best exemplar similarity, best key-point similarity, closest example, a point made).
    .venv/bin/python eval/research/offtopic_memory.py"""
import json, sys, random, pickle
import paths  # noqa: F401  (puts the repository's src first on the path)
from pathlib import Path
from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring import scorer as S, memory as M
ROOT = Path(__file__).resolve().parents[2]
cat = Catalog.load()
sc = make_scorer(load_settings(None, False)); sc.load()
S.OFF_TOPIC = -1.0
rec = {}
orig_n = M.neighbours
def nb(vec, examples, memory, own, writer=None, skip=lambda x: False):
    out = orig_n(vec, examples, memory, own, writer, skip)
    rec.setdefault("cur", {})["near"] = out[0][0] if out else 0.0
    return out
M.neighbours = nb
S.graded.neighbours = nb
orig = type(sc).breakdown
seen = {}
def bd(self, pr, e, *a, **k):
    rec["cur"] = {}
    out = orig(self, pr, e, *a, **k)
    f = out.features
    seen[(pr.question.id, e.prepared.text)] = (max(f.band_sims.values()), float(f.kp_unit_sims.max(initial=0.0)), rec["cur"].get("near", 0.0), any(f.made(i) for i in range(len(f.kp_sims))))
    return out
type(sc).breakdown = bd
def run(rows, writers=None):
    res = sc.score_many([(cat.find(q), cat.rubrics[q], a) for q, a, _ in rows], writers=writers)
    return [(lab, r.band, r.gate["code"] if r.gate else None, seen.get((q, S.prepare_text(a).text))) for (q, a, lab), r in zip(rows, res)]
graded, gw = [], []
for f in sorted((ROOT / "graded").glob("*/*.jsonl")):
    for l in f.read_text().splitlines():
        if l.strip():
            d = json.loads(l); graded.append((d["question"], d["answer"], d["band"])); gw.append(d.get("writer") or f.stem)
held = []
for name in ("heldout", "heldout_hard", "heldout_w14", "heldout_reach"):
    for f in sorted((ROOT / "eval" / name).glob("*.jsonl")):
        for l in f.read_text().splitlines():
            if l.strip():
                d = json.loads(l); held.append((d["question"], d["answer"], d["band"]))
rng = random.Random(0); qids = sorted(cat.rubrics); off = []
for l in open(ROOT / "eval/offtopic/pasted.jsonl"):
    d = json.loads(l)
    for q in rng.sample(qids, 2): off.append((q, d["text"], d["kind"]))
G = run(graded, gw); H = run(held); O = run(off)
pickle.dump((G, H, O), open("/tmp/offtopic_memory.pkl", "wb"))
print("done")

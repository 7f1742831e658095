"""Off-topic gate sweep: for graded answers (must not gate Strong/Lean) and pasted off-topic
texts (should gate), the answer's best exemplar similarity and best key-point similarity.
    .venv/bin/python eval/research/offtopic_sweep.py eval/offtopic/pasted.jsonl 0.34 0.40"""
import json, sys, random
from pathlib import Path
import os
import paths  # noqa: F401  (puts the repository's src first on the path)
import numpy as np
from interview_coach.bank.catalog import Catalog
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring import scorer as S

ROOT = Path(__file__).resolve().parents[2]
cat = Catalog.load()
sc = make_scorer(load_settings(None, False)); sc.load()
S.OFF_TOPIC = -1.0
seen = {}
orig = type(sc).breakdown
def bd(self, pr, e, *a, **k):
    out = orig(self, pr, e, *a, **k)
    f = out.features
    seen[(pr.question.id, e.prepared.text)] = (max(f.band_sims.values()), float(f.kp_unit_sims.max(initial=0.0)))
    return out
type(sc).breakdown = bd

def run(rows):
    res = sc.score_many([(cat.find(q), cat.rubrics[q], a) for q, a, _ in rows])
    out = []
    for (q, a, lab), r in zip(rows, res):
        out.append((lab, r.band, r.gate["code"] if r.gate else None, seen.get((q, S.prepare_text(a).text))))
    return out

graded = []
for f in sorted((ROOT / "graded").glob("*/*.jsonl")):
    for l in f.read_text().splitlines():
        if l.strip():
            d = json.loads(l); graded.append((d["question"], d["answer"], d["band"]))
rng = random.Random(0)
qids = sorted(cat.rubrics)
off = []
for l in open(sys.argv[1]):
    d = json.loads(l)
    for q in rng.sample(qids, 2):
        off.append((q, d["text"], d.get("kind", "off")))
G = run(graded); O = run(off)
import pickle; pickle.dump((G, O), open(os.environ.get("DUMP", "/tmp/offtopic_sweep.pkl"), "wb"))
ths = [float(x) for x in sys.argv[2:]] or [0.30, 0.32, 0.34, 0.36, 0.38, 0.40, 0.42]
def gated(x, t):
    lab, band, gate, v = x
    if gate: return gate
    if v is None: return None
    return "off_topic" if v[0] < t and v[1] < S.OFF_TOPIC_POINT else None
print("graded n", len(G), "already gated", sum(1 for x in G if x[2]))
print("off n", len(O), "already gated by other gates", sum(1 for x in O if x[2]), "bands", {b: sum(1 for x in O if x[1]==b) for b in ("strong_hire","lean_hire","no_hire")})
for t in ths:
    gs = sum(1 for x in G if x[0]=="strong_hire" and gated(x,t)=="off_topic")
    gl = sum(1 for x in G if x[0]=="lean_hire" and gated(x,t)=="off_topic")
    gn = sum(1 for x in G if x[0]=="no_hire" and gated(x,t)=="off_topic")
    oc = sum(1 for x in O if gated(x,t))
    print(f"t={t:.2f} graded gated S {gs} L {gl} N {gn} | off-topic caught {oc}/{len(O)}", flush=True)
kp = np.array([x[3][1] for x in O if x[3]]); bs = np.array([x[3][0] for x in O if x[3]])
print("off-topic kp max: median", np.median(kp), "share < COVER_LO", (kp < S.COVER_LO).mean(), "band sim median", np.median(bs))
gs = np.array([x[3][0] for x in G if x[3] and x[0] != "no_hire"]); print("graded S/L band sim: min", gs.min(), "1%", np.percentile(gs, 1))

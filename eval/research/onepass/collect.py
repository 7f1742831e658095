"""Per answer: last-4 units' takeback probs and stance probs (all 9), plus unit texts."""
import json, sys, pickle
from pathlib import Path
from interview_coach.common.config import load_settings
from interview_coach.scoring.engine import make_scorer
from interview_coach.scoring import takeback
from interview_coach.scoring.analysis import prepare_text, embed_many
from interview_coach.scoring.scorer import stance_of
from interview_coach.scoring.stance import LABELS
s = make_scorer(load_settings()); s.load()
tb = takeback.reader_for(s.embedder)
out = {}
for d in sys.argv[2:]:
    rows = [json.loads(l) for f in sorted(Path(d).glob("*.jsonl")) for l in open(f) if l.strip()]
    preps = [prepare_text(r["answer"]) for r in rows]
    es = embed_many(preps, s.embedder, tokens=False)
    recs = []
    for r, p, e in zip(rows, preps, es):
        units = p.units
        which = list(range(max(1, len(units) - 4), len(units)))
        pr = tb.probabilities([(units[i], tb.context(units, i)) for i in which]) if which else []
        st = stance_of(e, s.embedder.name)
        recs.append(dict(row=r, units=units, which=which, tb=[float(x) for x in pr],
                         stance={k: [float(st[k][i]) for i in which] for k in LABELS} if st else {},
                         vecs=e.unit_vecs))
    out[d] = recs
    print(d, len(recs), flush=True)
    pickle.dump(out, open(sys.argv[1], "wb"))

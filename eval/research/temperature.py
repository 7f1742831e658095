"""Confidence calibration of the current scorer: one global temperature on each rubric's
ordinal-logistic softness, fitted leave-one-question-out on the corpus (NLL), reported as ECE."""
from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, math, numpy as np
from dataclasses import replace
from interview_coach.bank.catalog import Catalog
from interview_coach.scoring.engine import make_scorer
from interview_coach.common.config import load_settings
from interview_coach.scoring.analysis import prepare_text, embed_many
from interview_coach.scoring.evaluate import calibration_error
from interview_coach.bank.models import BANDS
from interview_coach.scoring import calibration
calibration.CONFIDENCE_TEMPERATURE = 1.0  # fit from the raw softness
cat = Catalog.load(); scorer = make_scorer(load_settings(None, False)); scorer.load()
rows = [json.loads(l) for p in sorted((EVAL / 'corpus').glob('*.jsonl')) for l in open(p)]
E = embed_many([prepare_text(r['answer']) for r in rows], scorer.embedder)
recs = []
for r, e in zip(rows, E):
    q = cat.questions[r['question']]; pr = scorer.prepare(q, cat.rubrics[q.id])
    bd = scorer.breakdown(pr, e)
    recs.append((r['question'], r['band'], bd.score, pr.calibration, bd.band, bd.held))
def probs(z, cal, T):
    c = replace(cal, tau=cal.tau * T); p = c.probabilities(z); return p
def evaluate(T, subset):
    nll, truth, pred, conf = 0.0, [], [], []
    for q, b, z, cal, band, held in subset:
        p = probs(z, cal, T)
        if held:  # the hold moves Strong's mass to Lean, as the scorer does
            p = dict(p); p['lean_hire'] += p['strong_hire']; p['strong_hire'] = 0.0
        nll -= math.log(max(1e-6, p[b])); truth.append(b); pred.append(band); conf.append(p[band])
    return nll / len(subset), calibration_error(truth, pred, conf)
Ts = [0.5, 1, 1.5, 2, 3, 4, 6, 8]
for T in Ts:
    print(T, [round(x, 3) for x in evaluate(T, recs)])
qs = sorted({r[0] for r in recs}); truth, pred, conf = [], [], []
for q in qs:
    train = [r for r in recs if r[0] != q]; test = [r for r in recs if r[0] == q]
    T = min(Ts, key=lambda t: evaluate(t, train)[0])
    for _, b, z, cal, band, held in test:
        p = probs(z, cal, T)
        if held:
            p = dict(p); p['lean_hire'] += p['strong_hire']; p['strong_hire'] = 0.0
        truth.append(b); pred.append(band); conf.append(p[band])
print('LOQO ECE', round(calibration_error(truth, pred, conf), 3))

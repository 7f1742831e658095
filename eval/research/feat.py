from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, re, sys, math, collections
from pathlib import Path
import numpy as np

from emb import DiskEmb
from interview_coach.bank.catalog import Catalog
from interview_coach.scoring.analysis import prepare_text, embed_many
from interview_coach.scoring.text import words
from interview_coach.scoring.signals import text_signals
from interview_coach.scoring import gates
from rapidfuzz import fuzz

BANDS = ('strong_hire','lean_hire','no_hire')
R = EVAL
def rows(p): return [json.loads(l) for l in open(p) if l.strip()]

NEG = re.compile(r"\b(?:never|didn't|did not|haven't|have not|hadn't|wasn't|weren't|don't|do not|doesn't|won't|can't|cannot|couldn't|no one|nobody|nothing|not)\b|n't\b", re.I)
RETRACT = re.compile(r"none of (?:that|this|it)|(?:just )?kidding|made (?:that|it|this|all that|all of that|the whole thing) up|not (?:really )?what (?:really |actually )?happened|that'?s what i'?d say|in reality|truth is|didn'?t (?:actually |really )?happen|(?:was|is) a lie|not true|i lied|(?:fake|fabricat|invent)\w*|scratch that|the honest answer is", re.I)
HYPO = re.compile(r"\b(?:i|we)(?:'d| would| will| could| might| should| plan to| want to| hope to| intend to)\b|\bif i\b|\bi'?m going to\b", re.I)
BLAME = re.compile(r"\b(?:their fault|his fault|her fault|blame|political|politics|unfair|incompetent|useless|didn't support|never gave me|wouldn't let|refused to|lazy|clueless|idiots?|stupid|my manager (?:didn'?t|never|wouldn'?t))\b", re.I)
SARC = re.compile(r"\b(?:oh sure|yeah right|obviously|lol|lmao|of course,|whatever|as if|🙄|totally|sure,)\b|\"[a-z ]+\"|'[a-z]+'", re.I)
INJECT = re.compile(r"\b(?:ignore (?:the|all|previous|your)|rubric|grader|grading|rate this|score (?:this|it|me)|system:|strong hire|as an ai|instructions?)\b", re.I)
ACT = re.compile(r"\bi\s+(?:\w+ly\s+|then\s+|also\s+|first\s+|finally\s+)?(?:\w+ed|led|built|wrote|drove|ran|got|took|made|found|set|put|went|gave|sent|met|began|brought|chose|spent|sat|told|kept|held|shipped|cut|rewrote|taught|paired|spoke|sought|fought|thought|knew|won|lost|broke|did)\b", re.I)
WE = re.compile(r"\b(?:we|our|the team|they)\b", re.I)
IWORD = re.compile(r"\b(?:i|my|me|i'm|i've|i'd)\b", re.I)
SCOPE = {3: re.compile(r"\b(?:company|company-wide|org-wide|across the org|organi[sz]ation|division|all teams|every team|multiple orgs|industry|exec|vp|cto|leadership)\b", re.I),
         2: re.compile(r"\b(?:cross-team|across (?:teams|\w+ teams)|other teams|partner teams|(?:two|three|four|five|six|several|multiple|\d+) teams|platform|org\b|domain|roadmap|multi-quarter|quarters)\b", re.I),
         1: re.compile(r"\b(?:my team|our team|the team|team's|teammates?)\b", re.I)}
LEVELN = {'L3':3,'L4':4,'L5':5,'L6':6,'L7':7,'L8':8,'all':0}

def soft(x, lo, hi): return float(min(1, max(0, (x-lo)/max(1e-6, hi-lo))))

class Prep:
    pass

def prep_rubric(q, rub, emb):
    p = Prep(); p.q=q; p.rub=rub
    p.kp = [emb.encode(list(k.phrasings)+[k.label]) for k in rub.key_points]
    p.kw = np.array([k.weight for k in rub.key_points])
    p.rf = [emb.encode(list(r.phrasings)) for r in rub.red_flags]
    p.qv = emb.encode([q.text, *q.aliases])
    p.ex = {b: embed_many([prepare_text(t) for t in rub.bands[b].exemplars], emb) for b in BANDS}
    p.ex_words = {b: [len(words(e.prepared.text)) for e in p.ex[b]] for b in BANDS}
    # rubric-relative kp thresholds: self-sim (LOO) vs cross-kp sims
    own, cross = [], []
    for i, V in enumerate(p.kp):
        S = V @ V.T; n=len(V)
        for a in range(n-1):  # phrasings only (not label)
            own.append(max(S[a, b] for b in range(n) if b != a))
            for j, W in enumerate(p.kp):
                if j != i: cross.append(float((V[a] @ W.T).max()))
    p.kp_hi = float(np.median(own)); p.kp_lo = float(np.median(cross))
    # whole-sim stats among exemplars (LOO) for normalization
    allw = [(b, e.whole) for b in BANDS for e in p.ex[b]]
    sims = [max(float(w @ w2) for j,(b2,w2) in enumerate(allw) if j!=i) for i,(b,w) in enumerate(allw)]
    p.ex_sim_mu = float(np.mean(sims)); p.ex_sim_sd = float(np.std(sims)+1e-3)
    p.centroid = None
    return p

def bank_centroids(preps):
    C = {}
    for qid, p in preps.items():
        vs = [p.qv.mean(0)] + [V[:-1].mean(0) for V in p.kp] + [e.whole for e in p.ex['strong_hire']]
        c = np.mean(vs, 0); C[qid] = c/np.linalg.norm(c)
    return C

STANCE = None
KPHEAD = None
def set_kphead(m):
    global KPHEAD; KPHEAD = m
def set_stance(m, lexf): 
    global STANCE; STANCE=(m, lexf)
LABS = ['action','blaming','claim','hypothetical','negated','other','plan','retracted','team']
def stance_probs(texts, vecs):
    m, lexf = STANCE
    XL = np.hstack([vecs, np.stack([lexf(t) for t in texts])])
    P = m.predict_proba(XL); cls=list(m.classes_)
    return {l: P[:, cls.index(l)] for l in LABS}

def features(p, e, C, exclude=None):
    f = {}
    units = e.unit_vecs; texts = e.prepared.units; text = e.prepared.text
    n = len(texts)
    neg = np.array([bool(NEG.search(u)) for u in texts]); ret = np.array([bool(RETRACT.search(u)) for u in texts])
    hyp = np.array([bool(HYPO.search(u)) for u in texts]); bla = np.array([bool(BLAME.search(u)) for u in texts])
    clean = ~(neg | ret | hyp)
    # exemplar sims
    tops = {}; knn=[]
    for b in BANDS:
        s = sorted([(float(e.whole @ x.whole), i) for i, x in enumerate(p.ex[b]) if exclude != (b, i)], reverse=True)
        tops[b] = np.mean([v for v,_ in s[:2]]) if s else 0
        knn += [(v, b) for v,_ in s]
    knn.sort(reverse=True)
    sims_all = np.array([v for v, _ in knn]); bands_all = [bb for _, bb in knn]
    wts = np.exp((sims_all - sims_all.max()) / 0.05) if len(sims_all) else np.array([])
    for b in BANDS:
        f[f'sim_{b}'] = tops[b]
        f[f'knn_{b}'] = sum(1 for v,bb in knn[:5] if bb==b)/5
        f[f'knn3_{b}'] = sum(1 for v,bb in knn[:3] if bb==b)/3
        f[f'nn1_{b}'] = float(bool(knn) and knn[0][1] == b)
        f[f'wknn_{b}'] = float(sum(w for w, bb in zip(wts, bands_all) if bb == b) / (wts.sum() or 1))
    bs = {}
    for b in BANDS:
        best = 0.0
        for i, x in enumerate(p.ex[b]):
            if exclude == (b, i): continue
            S = units @ x.unit_vecs.T
            P_ = S.max(1).mean(); R_ = S.max(0).mean(); F_ = 2*P_*R_/(P_+R_+1e-9)
            best = max(best, F_)
        bs[b] = best
        f[f'bs_{b}'] = best
    f['bs_s_minus_n'] = bs['strong_hire'] - bs['no_hire']
    f['bs_l_minus_n'] = bs['lean_hire'] - bs['no_hire']
    f['sim_s_minus_n'] = tops['strong_hire']-tops['no_hire']
    f['sim_l_minus_n'] = tops['lean_hire']-tops['no_hire']
    f['sim_max_z'] = (max(tops.values()) - p.ex_sim_mu)/p.ex_sim_sd
    # key points
    kps = []; kps_clean=[]; kps_neg=[]
    for V in p.kp:
        S = units @ V.T  # units x phrasings
        best = S.max(1)
        kps.append(best.max())
        kps_clean.append(best[clean].max() if clean.any() else 0.0)
        kps_neg.append(best[~clean].max() if (~clean).any() else 0.0)
    kps=np.array(kps); kc=np.array(kps_clean); kn=np.array(kps_neg)
    w = p.kw/p.kw.sum()
    lo, hi = p.kp_lo, p.kp_hi
    f['kp_cov'] = float(sum(wi*soft(s, lo, hi) for wi, s in zip(w, kps)))
    sp = stance_probs(texts, units)
    pos = sp['action'] + sp['plan']; negp = sp['negated'] + sp['retracted']; weak = sp['hypothetical'] + sp['claim'] + sp['team']
    ev, ce, wk = [], [], []
    for V in p.kp:
        sv = np.array([soft(x, lo, hi) for x in (units @ V.T).max(1)])
        ev.append((sv*pos).max()); ce.append((sv*negp).max()); wk.append((sv*weak).max())
    f['kp_ev'] = float(np.dot(w, ev)); f['kp_counter'] = float(np.dot(w, ce)); f['kp_weak'] = float(np.dot(w, wk))
    f['kp_ev_n'] = float(np.mean(np.array(ev) > 0.5))
    if KPHEAD is not None:
        from kp_model import pair_features
        hk = np.array([KPHEAD.predict_proba(pair_features(V[:-1], units, sp))[:, 1].max() for V in p.kp])
        f['kph_cov'] = float(np.dot(w, hk)); f['kph_n'] = float(np.mean(hk > 0.5))
        hs = np.sort(hk)[::-1]
        f['kph1'] = float(hs[0]); f['kph2'] = float(hs[1]) if len(hs) > 1 else 0.0; f['kph3'] = float(hs[2]) if len(hs) > 2 else 0.0
        f['kph_min'] = float(hs[-1])
    # distinct similarity: a unit's similarity to this point minus its mean to the others
    Sk = np.stack([(units @ V.T).max(1) for V in p.kp], 1)  # units x kps
    nk = Sk.shape[1]
    dist = Sk - (Sk.sum(1, keepdims=True) - Sk) / max(1, nk - 1)
    dmax = np.sort((dist * pos[:, None]).max(0))[::-1]
    f['kp_d1'] = float(dmax[0]); f['kp_d2'] = float(dmax[1]) if nk > 1 else 0.0
    f['kp_d3'] = float(dmax[2]) if nk > 2 else 0.0
    f['kp_dmean'] = float(dmax.mean())
    srt = np.sort(np.array(ev))[::-1]
    f['kp_ev1'] = float(srt[0]); f['kp_ev2'] = float(srt[1]) if nk > 1 else 0.0; f['kp_ev3'] = float(srt[2]) if nk > 2 else 0.0
    for l in LABS:
        f[f'st_{l}'] = float(sp[l].mean())
    f['st_ret_max'] = float(sp['retracted'].max()); f['st_blame_max'] = float(sp['blaming'].max())
    f['st_neg_max'] = float(sp['negated'].max())
    f['kp_cov_clean'] = float(sum(wi*soft(s, lo, hi) for wi, s in zip(w, kc)))
    f['kp_cov_neg'] = float(sum(wi*soft(s, lo, hi) for wi, s in zip(w, kn)))
    f['kp_n_clean'] = float(np.mean(kc >= (lo+hi)/2))
    f['kp_max_rel'] = float(kps.max() - hi)
    f['kp_mean_rel'] = float(kps.mean() - (lo+hi)/2)
    # red flags
    if p.rf:
        rfs = np.array([ (units @ V.T).max(1) for V in p.rf ])  # flags x units
        f['rf_max'] = float(rfs.max()); f['rf_max_clean'] = float(rfs[:, clean].max()) if clean.any() else 0.0
    else:
        f['rf_max'] = f['rf_max_clean'] = 0.0
    # topic
    f['q_sim'] = float((p.qv @ e.whole).max())
    own = float(C[p.q.id] @ e.whole); other = max(float(c @ e.whole) for k, c in C.items() if k != p.q.id)
    f['own_minus_other'] = own - other
    f['own_sim'] = own
    # stance / lexical
    f['neg_frac'] = float(neg.mean()); f['ret_any'] = float(ret.any()); f['ret_last'] = float(ret[-2:].any()) if n else 0
    f['hyp_frac'] = float(hyp.mean()); f['blame_frac'] = float(bla.mean())
    f['sarc'] = float(bool(SARC.search(text))); f['inject'] = float(bool(INJECT.search(text)))
    nw = len(words(text))
    f['act_rate'] = min(1.0, len(ACT.findall(text)) / max(1, n))
    f['we_ratio'] = len(WE.findall(text)) / (1 + len(IWORD.findall(text)) + len(WE.findall(text)))
    f['log_words'] = math.log1p(nw)
    f['len_rel'] = math.log((nw+1) / (np.median(p.ex_words['strong_hire'])+1))
    sig = text_signals(text, len(e.prepared.sentences), e.prepared.repeated)
    f['numbers'] = min(3, len(sig.metrics))/3
    f['vague'] = min(3, len(sig.vague_phrases))/3
    f['echo'] = max(fuzz.token_set_ratio(text, t) for t in [p.q.text, *p.q.aliases]) / 100
    sc = 0
    for lvl, rx in SCOPE.items():
        if rx.search(text): sc = max(sc, lvl)
    f['scope'] = sc/3
    ql = LEVELN.get(p.q.level, 0)
    f['scope_gap'] = float(ql >= 6 and sc < 2) + 0.5*float(ql == 5 and sc < 1)
    f['repeat'] = e.prepared.repeated / max(1, len(e.prepared.sentences))
    # rubrics of short answers (technical questions) lean on exemplars differently from
    # interview stories: the model may weigh the exemplar votes by the rubric's own length
    short = float(np.median([w for b in BANDS for w in p.ex_words[b]]) < 40)
    for k in [k for k in list(f) if k.startswith(('wknn_', 'knn3_', 'bs_', 'sim_', 'kp_'))]:
        f['short_x_' + k] = short * f[k]
    f['short'] = short
    return f

"""Does a sentence take back what the answer said before it? (issue 11, 2026-12-01)

A sentence-at-a-time stance head reads "the framing doc was Priya's" as a sentence about the
team, not as a retraction: what it takes back is in the sentences before it. This head reads a
sentence together with the earlier sentence it is closest to. Trained on eval/takeback/ (each
item: a body, then a last sentence that takes the body back, one that is candid but keeps it,
and a plain one), evaluated leave one writer out, then at answer level on eval/heldout_hard
(retracted vs strong-with-candour answers, never trained on), eval/undercut and the corpus.

  .venv/bin/python eval/research/takeback.py [variant ...] [--C 0.3]
"""
from paths import CACHE, EVAL, ROOT  # noqa: F401  (sets sys.path)
import json, sys, collections, numpy as np
from emb import DiskEmb
from interview_coach.scoring.analysis import prepare_text
from interview_coach.scoring.stance import default_head, cue_features, LABELS
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

emb = DiskEmb()
head = default_head()


def units_of(text):
    return prepare_text(text).units


def stance(units, V):
    p = head.probabilities(units, V)
    return np.stack([p[l] for l in LABELS], 1)


def unit_feats(units, V, S, i, variant):
    """Features of unit i read against units[:i]."""
    v = V[i]
    parts = [S[i], cue_features(units[i])]
    if 'vec' in variant:
        parts.append(v)
    if i == 0:
        P = np.zeros((1, V.shape[1]), np.float32); sims = np.zeros(1); b = 0; Sb = np.zeros(len(LABELS)); act = 0.0
    else:
        P = V[:i]; sims = P @ v; b = int(np.argmax(sims)); Sb = S[b]; act = float(S[:i, 0].mean())
    top = np.sort(sims)[::-1]
    parts.append(np.array([top[0], top[:2].mean(), act]))
    if 'ctx' in variant:
        parts.append(Sb)
    if 'prod' in variant:
        parts.append(v * P[b])
    if 'diff' in variant:
        parts.append(v - P[:i].mean(0) if i else np.zeros_like(v))
    return np.concatenate(parts).astype(np.float32)


def ending_rows(items, variant):
    X, y, g, kind = [], [], [], []
    for it in items:
        body = units_of(it['body'])
        V = emb.encode(body); S = stance(body, V)
        for i in range(1, len(body)):  # the story's own sentences take nothing back
            X.append(unit_feats(body, V, S, i, variant)); y.append(0); g.append(it['writer']); kind.append('body')
        for lab in ('takes_back', 'candid', 'plain'):
            if not it.get(lab):
                continue
            body = units_of(it['body']); end = units_of(it[lab])
            units = body + end
            V = emb.encode(units); S = stance(units, V)
            # the ending's sentences; the label is the ending's, so take its most telling unit
            # at prediction time (max), and train on each unit
            for i in range(len(body), len(units)):
                X.append(unit_feats(units, V, S, i, variant)); y.append(int(lab == 'takes_back'))
                g.append(it['writer']); kind.append(lab)
    return np.array(X), np.array(y), np.array(g), np.array(kind)


def answer_score(model, text, variant):
    units = units_of(text)
    if len(units) < 2:
        return 0.0
    V = emb.encode(units); S = stance(units, V)
    X = np.array([unit_feats(units, V, S, i, variant) for i in range(1, len(units))])
    return float(model.predict_proba(X)[:, 1].max())


def load(paths):
    return [json.loads(l) for p in paths for l in open(p) if l.strip()]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    C = float(sys.argv[sys.argv.index('--C') + 1]) if '--C' in sys.argv else 0.3
    variants = args or ['base', 'vec', 'vec+ctx', 'vec+ctx+prod']
    items = load(sorted((EVAL / 'takeback').glob('*.jsonl')))
    print('items', len(items), collections.Counter(it['writer'] for it in items))
    hh = load(sorted((EVAL / 'heldout_hard').glob('*.jsonl')))
    hh_r = [r['answer'] for r in hh if r['kind'] == 'retracted']
    hh_c = [r['answer'] for r in hh if r['kind'] == 'strong-with-candour']
    und = load([EVAL / 'undercut' / 'undercut.jsonl'])
    corpus = load(sorted((EVAL / 'corpus').glob('*.jsonl')))
    c_strong = [r['answer'] for r in corpus if r['band'] == 'strong_hire']
    c_retr = [r['answer'] for r in corpus if r.get('kind') == 'retracted']
    for variant in variants:
        X, y, g, kind = ending_rows(items, variant)
        p = np.zeros(len(y))
        for w in sorted(set(g)):
            m = LogisticRegression(C=C, max_iter=5000).fit(X[g != w], y[g != w])
            p[g == w] = m.predict_proba(X[g == w])[:, 1]
        auc = roc_auc_score(y, p)
        cand = p[kind == 'candid']; tb = p[kind == 'takes_back']; pl = p[kind == 'plain']
        m = LogisticRegression(C=C, max_iter=5000).fit(X, y)
        r = np.array([answer_score(m, t, variant) for t in hh_r])
        c = np.array([answer_score(m, t, variant) for t in hh_c])
        s = np.array([answer_score(m, t, variant) for t in c_strong])
        cr = np.array([answer_score(m, t, variant) for t in c_retr])
        ur = np.array([answer_score(m, it['retracted'], variant) for it in und])
        us = np.array([answer_score(m, it['sincere'], variant) for it in und])
        print(f'\n[{variant}] C={C} dims={X.shape[1]} LOWO unit AUC {auc:.3f}  '
              f'mean p: takes_back {tb.mean():.2f} candid {cand.mean():.2f} plain {pl.mean():.2f} body {p[kind == "body"].mean():.2f}')
        print(f'  heldout_hard answers AUC retracted vs candour {roc_auc_score([1]*len(r)+[0]*len(c), np.r_[r, c]):.3f}'
              f'  undercut AUC {roc_auc_score([1]*len(ur)+[0]*len(us), np.r_[ur, us]):.3f}')
        for t in (0.5, 0.7, 0.8, 0.9):
            print(f'  t={t}: hh retracted {np.mean(r >= t):.2f}  hh candour FP {np.mean(c >= t):.2f}  '
                  f'undercut retr {np.mean(ur >= t):.2f} sincere FP {np.mean(us >= t):.2f}  '
                  f'corpus strong FP {np.mean(s >= t):.3f} corpus retracted {np.mean(cr >= t):.2f}')
    emb.save()


if __name__ == '__main__':
    main()

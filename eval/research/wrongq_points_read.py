"""Reads wrongq_points.py's output: own key points made against the best other question's."""
import sys
import pickle, numpy as np, collections
rows = pickle.load(open(sys.argv[1], 'rb'))
def feats(r):
    own = r['per'][r['q']]
    oth = max((v for k, v in r['per'].items() if k != r['q']), key=lambda v: v[0])
    othc = max(v[1] for k, v in r['per'].items() if k != r['q'])
    return own[0], oth[0], own[1], othc
for grp, sets in (('train', ('graded/corpus','graded/voices')), ('held', ('eval/heldout','eval/heldout_hard','eval/heldout_w14','eval/heldout_w16','eval/attacks_heldout'))):
    print('##', grp)
    for label, sel in (('wrong-q', lambda r: (r['kind'] or '').startswith('wrong')),
                       ('sincere S/L', lambda r: r['band'] in ('strong_hire','lean_hire') and r['kind'] not in ('wrong-question',))):
        xs = [r for r in rows if r['set'] in sets and sel(r)]
        for predsel in ('any', 'strong'):
            ys = [r for r in xs if predsel == 'any' or r['pred'] == 'strong_hire']
            if not ys: continue
            f = np.array([feats(r) for r in ys])
            d = f[:,1]-f[:,0]; dc = f[:,3]-f[:,2]
            print(f'{label:12s} pred {predsel:6s} n {len(ys):4d} own_made med {np.median(f[:,0]):.2f} other_made med {np.median(f[:,1]):.2f}  diff>0 {np.mean(d>0):.2f} diff>=0.2 {np.mean(d>=0.2):.2f}  cov diff>0 {np.mean(dc>0):.2f} cov diff>0.1 {np.mean(dc>0.1):.2f}')

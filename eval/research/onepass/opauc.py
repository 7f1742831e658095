import sys, pickle, numpy as np
out = pickle.load(open(sys.argv[1], "rb"))
def auc(pos, neg):
    pos, neg = np.array(pos), np.array(neg)
    return (np.mean(pos[:, None] > neg[None, :]) + 0.5*np.mean(pos[:, None] == neg[None, :]))
for group in (["graded/corpus","eval/attacks","graded/voices"], ["eval/heldout","eval/heldout_hard","eval/heldout_w14","eval/heldout_w16","eval/attacks_heldout"]):
    xs = [x for s in group for x in out[s]]
    ret = [x for x in xs if x[2].get("kind")=="retracted" or x[2].get("attack")=="retracted"]
    neg = [x for x in xs if (x[2].get("band") in ("strong_hire","lean_hire") or x[2].get("kind")=="strong") and x not in ret]
    print(group[0], "pos", len(ret), "neg", len(neg), "AUC old %.3f new %.3f" % (auc([x[1] for x in ret],[x[1] for x in neg]), auc([x[0] for x in ret],[x[0] for x in neg])))
    for q in (0.01, 0.03, 0.05):
        o = np.quantile([x[1] for x in neg], 1-q); n = np.quantile([x[0] for x in neg], 1-q)
        print(f"   at {q:.0%} false alarms on these negatives: old recall {np.mean([x[1]>o for x in ret]):.2f} new {np.mean([x[0]>n for x in ret]):.2f}")

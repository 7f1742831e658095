"""Prototype (seventeenth session, not shipped): a one-pass take-back reader. One sequence per
answer ending, [CLS] context [SEP] s1 [SEP] s2 [SEP] ... [SEP], and the head on each sentence's
mean word-piece state, instead of one (sentence, context) pass per sentence. Trained on the
same data as scripts/train_scorer.py --only takeback (about 30 min on 2 cores):
`python eval/research/onepass_takeback.py train OUT.npz`. Figures: eval/research/README.md."""
import sys, random, time, copy
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
CTX, SENT, LAST = 96, 64, 4


def window(units):
    return list(range(max(1, len(units) - LAST), len(units)))


def encode(tokenizer, endings):
    """endings: list of (units, which). Returns input_ids, attention, token_type, spans."""
    import torch

    seqs, types, spans = [], [], []
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    for units, which in endings:
        ctx = tokenizer(" ".join(units[: which[0]]), add_special_tokens=False)["input_ids"][-CTX:]
        ids = [cls, *ctx, sep]
        tt = [0] * len(ids)
        sp = []
        for i in which:
            piece = tokenizer(units[i], add_special_tokens=False)["input_ids"][:SENT] or [tokenizer.unk_token_id]
            sp.append((len(ids), len(ids) + len(piece)))
            ids += piece + [sep]
            tt += [1] * (len(piece) + 1)
        seqs.append(ids), types.append(tt), spans.append(sp)
    n = max(map(len, seqs))
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    att = torch.zeros(len(seqs), n, dtype=torch.long)
    typ = torch.zeros(len(seqs), n, dtype=torch.long)
    for k, (s, t) in enumerate(zip(seqs, types)):
        ids[k, : len(s)] = torch.tensor(s)
        att[k, : len(s)] = 1
        typ[k, : len(t)] = torch.tensor(t)
    return {"input_ids": ids, "attention_mask": att, "token_type_ids": typ}, spans


def pooled(hidden, spans):
    import torch

    rows = []
    for k, sp in enumerate(spans):
        for a, b in sp:
            rows.append(hidden[k, a:b].mean(0))
    return torch.stack(rows)


def examples(embedder):
    """(units, which, labels, weights) endings."""
    import train_scorer as T
    from interview_coach.scoring.analysis import embed_many, prepare_text
    from interview_coach.scoring.scorer import stance_against

    rng = random.Random(7)
    out = []

    def units(text):
        return prepare_text(text).units

    def add(u, lab, w):
        which = window(u)
        if not which:
            return
        out.append((u, which, [lab[i] for i in which], [w[i] for i in which]))

    for it in (r for p in sorted(T.TAKEBACK_DATA.glob("*.jsonl")) for r in T._jsonl(p)):
        body = units(it["body"])
        add(body, [0] * len(body), [0.5] * len(body))
        for ending in ("takes_back", "candid", "plain"):
            if it.get(ending):
                e = units(it[ending])
                u = body + e
                y = int(ending == "takes_back")
                add(u, [0] * len(body) + [y] * len(e), [0.5] * len(body) + [1.0] * len(e))
                if ending == "takes_back" and it.get("plain") and rng.random() < 0.5:
                    p = units(it["plain"])  # a lesson after the take-back: still taken back
                    add(u + p, [0] * len(body) + [1] * len(e) + [0] * len(p),
                        [0.5] * len(body) + [1.0] * len(e) + [0.0] * len(p))
    corpus = [r for p in sorted((T.GRADED / "corpus").glob("*.jsonl")) for r in T._jsonl(p)]
    attacks = [r for p in sorted(T.ATTACKS.glob("*.jsonl")) for r in T._jsonl(p)]
    strong = [r["answer"] for r in corpus if r["band"] == "strong_hire"]
    for r in T._sentence_rows(T.STANCE_DATA):
        u = units(rng.choice(strong))[: rng.randint(3, 7)] + units(r["text"])
        ret = r["label"] == "retracted"
        n = len(u)
        add(u, [0] * (n - 1) + [int(ret)], [0.0] * (n - 1) + [1.0 if ret else 0.5])
    sincere = [
        r["answer"] for r in corpus
        if r["band"] in ("strong_hire", "lean_hire") and r.get("kind") in T.SINCERE_KINDS
    ] + [r["answer"] for r in attacks if r.get("kind") == "strong"]
    rng.shuffle(sincere)
    for a in sincere[:1300]:
        u = units(a)
        # one random cut of the answer, not only its end: a sincere sentence anywhere is a negative
        cut = rng.randint(2, len(u)) if len(u) > 2 else len(u)
        add(u[:cut], [0] * cut, [0.5] * cut)
    retracted = [
        r["answer"] for r in corpus + attacks
        if r.get("kind") == "retracted" or r.get("attack") == "retracted"
    ]
    for e in embed_many([prepare_text(t) for t in retracted], embedder, tokens=False):
        u = e.prepared.units
        if len(u) > 1:
            i = 1 + int(np.argmax(stance_against(e, embedder.name)[1:]))
            add(u[: i + 1], [0] * i + [1], [0.0] * i + [1.0])
    return out


def train(out_path):
    import torch
    import train_scorer as T
    from interview_coach.scoring.embedding import SentenceTransformerEmbedder

    torch.manual_seed(0)
    rng = random.Random(0)
    emb = SentenceTransformerEmbedder()
    model = emb.load()
    tok = model.tokenizer
    data = examples(emb)
    npos = sum(sum(l for l, w in zip(L, W) if w > 0) for _, _, L, W in data)
    nall = sum(sum(1 for w in W if w > 0) for _, _, _, W in data)
    print(f"{len(data)} endings, {nall} labelled sentences, {npos} positive", flush=True)
    net = copy.deepcopy(model[0].auto_model).to("cpu")
    wrapped = T._wrap_low_rank(net, 8)
    head = torch.nn.Linear(net.config.hidden_size, 1)
    lowrank = [p for w in wrapped.values() for p in (w.a, w.b)]
    opt = torch.optim.AdamW([{"params": lowrank, "lr": 4e-4}, {"params": head.parameters(), "lr": 1e-3}], weight_decay=0.01)
    pos_weight = torch.tensor((nall - npos) / npos)
    started, batch = time.time(), 8
    for epoch in range(2):
        rng.shuffle(data)
        net.train()
        for start in range(0, len(data), batch):
            chunk = data[start : start + batch]
            enc, spans = encode(tok, [(u, w) for u, w, _, _ in chunk])
            h = net(**enc).last_hidden_state
            logits = head(pooled(h, spans)).squeeze(-1)
            y = torch.tensor([float(l) for c in chunk for l in c[2]])
            w = torch.tensor([float(x) for c in chunk for x in c[3]])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y, pos_weight=pos_weight, reduction="none")
            opt.zero_grad()
            ((loss * w).sum() / w.sum().clamp(min=1e-6)).backward()
            opt.step()
            if (start // batch) % 50 == 0:
                print(f"pass {epoch+1} step {start//batch}/{len(data)//batch} {time.time()-started:.0f}s", flush=True)
    np.savez_compressed(out_path, **T._low_rank_parts(wrapped),
                        head_w=head.weight.detach().numpy()[0].astype(np.float32),
                        head_b=np.float32(head.bias.detach().numpy()[0]))
    print("saved", out_path, time.time() - started, flush=True)


class Reader:
    def __init__(self, path, quantize=True):
        from interview_coach.scoring.embedding import SentenceTransformerEmbedder, add_low_rank
        from interview_coach.scoring import crossread

        emb = SentenceTransformerEmbedder()
        model = emb.load()
        self.tok = copy.deepcopy(model.tokenizer)
        net = copy.deepcopy(model[0].auto_model)
        z = np.load(path)
        parts = {k: z[k] for k in z.files if not k.startswith("head_")}
        add_low_rank(net, parts)
        net.eval()
        self.net = crossread.quantized(net) if quantize else net
        self.w, self.b = z["head_w"], float(z["head_b"])

    def read(self, units_list):
        """Per answer: probabilities for its window's sentences."""
        import torch

        out = []
        with torch.inference_mode():
            for units in units_list:
                which = window(units)
                if not which:
                    out.append(np.zeros(0))
                    continue
                enc, spans = encode(self.tok, [(units, which)])
                h = self.net(**enc).last_hidden_state
                v = pooled(h, spans).float().numpy()
                out.append(1 / (1 + np.exp(-(v @ self.w + self.b))))
        return out


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "train":
        sys.exit("usage: python eval/research/onepass/reader.py train OUT.npz")
    train(sys.argv[2])

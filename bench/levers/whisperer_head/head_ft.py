# fine-tune captcha-whisperer's BiLSTM + linear head on synthetic captchas, its trunk frozen (features cached)
# python head_ft.py SYN_DIR OUT.pt [epochs lr n_max]
import sys, time, random, numpy as np, torch, torch.nn.functional as F
from pathlib import Path
from captcha_nb.core import image_files, label_from_path, image_array
from captcha_nb.few_labels import whisperer_base, WHISPERER_CHARS
torch.set_num_threads(2)
syn, out = Path(sys.argv[1]), Path(sys.argv[2])
more = sys.argv[3:] + [None] * 3
epochs, lr, nmax = int(more[0] or 4), float(more[1] or 3e-4), int(more[2] or 10**9)
base = whisperer_base(); m = base.model.eval()
files = image_files(syn); random.Random(0).shuffle(files); files = files[:nmax]
texts = [label_from_path(f).upper() for f in files]
keep = [i for i, t in enumerate(texts) if all(c in WHISPERER_CHARS for c in t)]
files, texts = [files[i] for i in keep], [texts[i] for i in keep]
cache = out.with_suffix('.feats.npy')
t0 = time.time()
if cache.exists(): feats = np.load(cache)
else:
    feats = []
    with torch.no_grad():
        for i in range(0, len(files), 64):
            x = torch.as_tensor(np.stack([image_array(f, (60, 160)) for f in files[i:i+64]])).float().div_(255)
            f = m.body(x.contiguous(memory_format=torch.channels_last))
            feats.append(f.flatten(1, 2).permute(0, 2, 1).half().numpy())
            if i % 3200 == 0: print('feats', i, round(time.time() - t0), flush=True)
    feats = np.concatenate(feats); np.save(cache, feats)
print('features', feats.shape, round(time.time() - t0), flush=True)
nv = 1000
enc = [[WHISPERER_CHARS.index(c) + 1 for c in t] for t in texts]
def head(x): return m.dense(m.rnn(x)[0])
def evaluate(idx):
    right, o0 = 0, [0, 0]
    with torch.no_grad():
        for i in range(0, len(idx), 256):
            b = idx[i:i+256]
            s = head(torch.as_tensor(feats[b]).float()).argmax(-1).numpy()
            for j, row in zip(b, s):
                p, prev = [], 0
                for k in row:
                    if k != prev and k: p.append(WHISPERER_CHARS[k - 1])
                    prev = k
                p = ''.join(p); right += p == texts[j]
                if len(p) == len(texts[j]):
                    for a, c in zip(texts[j], p):
                        if a in 'O0': o0[0] += 1; o0[1] += a != c and c in 'O0'
    return round(right / len(idx), 4), o0
val, tr = list(range(nv)), list(range(nv, len(files)))
print('before', evaluate(val), flush=True)
params = list(m.rnn.parameters()) + list(m.dense.parameters())
for p in m.body.parameters(): p.requires_grad_(False)
opt = torch.optim.AdamW(params, lr=lr, weight_decay=1e-2)
steps = epochs * (len(tr) // 64); sched = torch.optim.lr_scheduler.OneCycleLR(opt, lr, total_steps=steps, pct_start=0.2)
m.rnn.train(); step = 0
for ep in range(epochs):
    random.Random(ep).shuffle(tr); tl = 0
    for i in range(0, len(tr) - 63, 64):
        b = tr[i:i+64]
        x = torch.as_tensor(feats[b]).float()
        x = x + 0.05 * x.std() * torch.randn_like(x)
        lp = head(x).log_softmax(-1).permute(1, 0, 2)
        tg = torch.tensor([c for j in b for c in enc[j]]); tl_ = torch.tensor([len(enc[j]) for j in b])
        steps_ = torch.full((len(b),), lp.shape[0], dtype=torch.long)
        loss = F.ctc_loss(lp, tg, steps_, tl_, blank=0, zero_infinity=True)
        opt.zero_grad(); loss.backward(); opt.step(); sched.step(); tl += loss.item(); step += 1
    m.rnn.eval()
    print('epoch', ep, round(tl / (len(tr) // 64), 4), evaluate(val), round(time.time() - t0), flush=True)
    m.rnn.train()
m.eval()
torch.save({k: v for k, v in m.state_dict().items() if k.startswith(('rnn.', 'dense.'))}, out)
print('saved', out)

"""Slice mix: new labelled images recombined from the character slices of a panel draw's labelled ones.

    python bench/levers/slice_mix.py STYLE N DRAW M OUT   # -> OUT/labels.csv (the N labels and M new images), OUT/mix/

Each labelled image's text span (`_ink`'s column profile) is cut into one slice per character at the faintest column
near each even split; a new image of a text length the labels have takes slice i from a random labelled image of that
length. Trained on with `captcha_train --path OUT --labels OUT/labels.csv --arch dense --valid_pct 0` and scored with
`bench/panel.py`'s `score` (records: `panel.csv`, lever "slice mix"). Not adopted (`README.md`)."""
import sys, random, csv
from pathlib import Path
import numpy as np
from PIL import Image
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import panel
from captcha_nb.data import _ink, image_array
s, n, draw, M, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
train_files, test, text = panel.style_files(s)
drawn = sorted(random.Random(draw).sample(train_files, n))
(out/'mix').mkdir(parents=True, exist_ok=True)
def span(f, w, L):
    ink = _ink(f, grid=(48, w)).mean(0)
    p = np.convolve(ink, np.ones(3) / 3, 'same')
    on = np.nonzero(p >= (np.percentile(p, 20) + p.max()) / 2)[0]
    x0, x1 = (on[0], on[-1] + 1) if len(on) else (0, w)
    cw = (x1 - x0) / L
    cuts = [x0]
    for k in range(1, L):
        c = x0 + k * cw; lo, hi = int(max(cuts[-1] + 1, c - 0.35 * cw)), int(min(x1 - 1, c + 0.35 * cw))
        cuts.append(lo + int(np.argmin(p[lo:hi + 1])) if hi > lo else int(round(c)))
    return cuts + [x1]
arrs = {}
for f in drawn:
    a = image_array(f).transpose(1, 2, 0)   # h, w, 3 uint8
    arrs[f] = (a, span(f, a.shape[1], len(text[f])))
rng = random.Random(100 + draw)
rows = [(str(f), text[f]) for f in drawn]
by_len = {}
for f in drawn: by_len.setdefault(len(text[f]), []).append(f)
for k in range(M):
    L = rng.choice([l for l in by_len if len(by_len[l]) > 1] or list(by_len))
    group = by_len[L]
    base = rng.choice(group)
    a0, c0 = arrs[base]
    h, w = a0.shape[:2]
    parts, label = [a0[:, :c0[0]]], ''
    for i in range(L):
        d = rng.choice(group)
        ad, cd = arrs[d]
        piece = ad[:, cd[i]:cd[i + 1]]
        if piece.shape[0] != h: piece = np.array(Image.fromarray(piece).resize((piece.shape[1], h)))
        parts.append(piece); label += text[d][i]
    parts.append(a0[:, c0[-1]:])
    new = np.concatenate(parts, 1)
    if new.shape[1] != w: new = np.array(Image.fromarray(new).resize((w, h)))
    fn = out/'mix'/f'mix{k:04d}.png'
    Image.fromarray(new).save(fn)
    rows.append((str(fn), label))
with open(out/'labels.csv', 'w', newline='') as fh:
    w = csv.writer(fh); w.writerow(['file', 'text']); w.writerows(rows)
print(out/'labels.csv', len(rows))

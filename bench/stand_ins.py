"""Stand-ins for the kinds of real site issue 27 names and the panel lacks, made from a panel style's own captchas so
that the labels stay true: `jpeg` (site A: sent as JPEG, here quality 15-35), `colour` (site E: each character in its
own colour on a tinted background), `noise` (site C: coloured dots on 5% of the pixels and two arcs across the text),
`wide` (site D: `wide.py`'s left third of a wide image), `lines` (site B: three lines in the text's own colour
drawn across the whole image). Then `captcha_train` with its defaults on N labels drawn as
`panel.py` draws them (`random.Random(draw)` from the style's training part), the model read on the style's held-out
20%, and ddddocr 1.6.1 zero-shot on the same held-out images (case ignored) as the peer row. One row per run is added
to `bench/stand_ins.csv`; `accuracy_chk` scores the same reads against the checked labels (`checked_texts`; from the
fortieth session on).

    python bench/stand_ins.py --kinds jpeg colour noise [--style real] [--labels 30] [--draws 0 1]
                              [--pool 1000] [--train_args '...'] [--work /tmp/captcha_nb_stand_ins]

Runs: `bench/stand_ins.csv` (the style unchanged is the panel's row: real, 30 labels, 0.986 / 0.990 / 0.990). Measured,
30 labels, draws 0 / 1: real as jpeg 0.976 / 0.981, colour 0.966 / 0.976, noise 0.966 / 0.976 (ddddocr 0.885, 0.865,
0.630); swust_2019b as jpeg 0.796 / 0.829 (ddddocr 0.497), noise 0.613 / 0.735 (ddddocr 0.320), noise with a
1,000-image pool (draws 0-2) 0.838 / 0.732 / 0.890 with one self-training round and 0.884 / 0.799 / 0.820 with two
(the default since where the first round labels under 70% of the pool). swust_2020 as lines (30 labels, draws
0-2): 0.951 / 0.920 / 0.820 against ddddocr's 0.694 (swust_2020 itself: 0.960 / 0.994 / 0.877).
swust_2019b as noise, three fits averaged (2026-12-05; 30 labels, draws 0-2): 0.774 / 0.814 / 0.790.
With a pool the first model three fits too (twenty-second session; 30 labels, 1,000 unlabelled, draws 0-2): 0.863 /
0.771 / 0.832 in 347-398 s.
From 100 labels with the pool (same session): 0.878 / 0.707 / 0.872 in 280-435 s, against 0.866 / 0.863 / 0.896 alone.
With the twenty-fifth session's student (clutter, never retried from the base), 30 labels and the pool: 0.884 /
0.899 / 0.842 in 405-974 s (draw 0 beside two notebook tests; draw 2's student validated one image of three under its
teacher, which was kept), against 0.701 / 0.723 / 0.906 the session before.
With the twenty-sixth session's student (taught only the readings two half-students confirm): 0.951 / 0.933 / 0.942 in
500-580 s.
With one self-training round before the student (twenty-eighth session, the default since): 0.945 / 0.951 / 0.951
in 355-394 s.
100 labels alone as jpeg (twenty-ninth session, draws 0-2): 0.842 / 0.893 / 0.866 with ddddocr's network at 600 steps
(the default since), 0.835 / 0.857 / 0.832 at 300.
As jpeg, 30 labels and a 1,000-image pool (same session): 0.817 / 0.948 / 0.948 in 491-562 s.
Draws 3 / 5 the same way (thirtieth session): 0.957 / 0.948; with ddddocr's network teaching (`--train_args '--arch
dddd'`, not adopted: `levers/README.md`) draws 0 / 1 / 3 / 5: 0.951 / 0.945 / 0.930 / 0.912.
Two students from two seeds, the surer of the pool kept (thirty-first session, the default since): draw 0 0.954 in
405 s (the code before 0.817 in 360 s, and 0.948 with the same files in other folders), draw 1 0.942 in 427 s,
draw 2 0.951 in 442 s.
On slower cores (thirty-third session), 30 labels alone: the thirty-second session's code left ddddocr's network out for
time (JPEG draw 0: 0.817 in 149 s); with the dense network at two fits where a third would leave ddddocr's no time, both
read together: JPEG draws 0-2 0.845 / 0.878 / 0.872 in 156-168 s, noisy draw 0 0.796 in 162 s.
On slower cores still (thirty-fourth session, a dense step 0.35 s), 30 labels alone, JPEG draws 0 / 1: the network
`auto_arch` chose (ddddocr's) first and alone, 0.808 / 0.826 in 114-121 s, against captcha-whisperer's alone with the
code before, 0.777 / 0.848 in 141-156 s.
From 100 labels on those cores (JPEG draw 0): ddddocr's 600 steps took the run to 214 s (0.860); cut to what fits at
the timed pace (`steps_in_time`), 455 steps, 152 s (0.878).
30 labels and a 1,000-image pool on such cores (thirty-fifth session): the code before 0.829 / 0.939 (noisy draws 0 /
1), 0.933 (JPEG draw 0) in 548-569 s, the clocks leaving out the second half-student on two of the three; with the
half-students asked 650 steps (`HALF_STEPS`, 980 trained) 0.854 / 0.707 / 0.951 in 538-557 s, one half-student on all
three (draw 1 again: 0.707 in 504 s). Thirty-sixth session, `5182fb8`: noisy draws 0 / 2, 0.875 / 0.951 in 571-578 s,
the round, both half-students and two students; half-students trained exactly 660 steps (not kept): 0.811 / 0.942,
draw 1 0.945, JPEG draw 0 0.945, in 513-567 s.
Thirty-eighth session, two students reading together: noisy draws 0-2 0.951 / 0.954 / 0.957, JPEG draw 0 0.948, in
437-478 s; swust_2020 as lines, 30 labels and the pool, draws 0-2: 0.997 / 0.971 / 0.946 in 508-548 s.
Thirty-ninth session, noisy, 100 labels, draw 0: 0.857 alone (145 s), 0.893 with the pool (485 s); with ddddocr's steps
cut to join the dense network (a committee), the clock at 200 s as on quicker cores, draws 0-2: 0.887 / 0.902 / 0.884
in 175-182 s against 0.851 / 0.878 / 0.869 for the dense network alone (on this session's cores it alone fits).
Fortieth session, noisy, 100 labels and the pool, draws 0-2: 0.957 / 0.960 / 0.951 (checked labels 0.982 / 0.988 /
0.979) in 453-521 s, the first round kept where it validates one image of ten under the labels-only model
(`GUARD_FROM`; draw 0 the code before: 0.893); JPEG draw 0 0.930 (0.954). Noisy, 100 labels alone, the committee
formed on that session's quicker cores: 0.890 / 0.909 / 0.887 (checked 0.909 / 0.933 / 0.909) in 155-160 s.
Noisy, 30 labels alone: 0.808 / 0.835 / 0.866 (checked 0.817 / 0.851 / 0.887) in 138-177 s; JPEG, 100 labels
alone, draw 0: 0.842 (0.863) in 116 s, ddddocr's network alone.
Forty-first session, JPEG, 100 labels alone, draws 0-2, a build not adopted (the dense network fitted into the time
ddddocr's leaves): 0.869 / 0.918 / 0.884 (checked 0.893 / 0.942 / 0.912) in 159-177 s, against 0.842 / 0.893 / 0.866
for ddddocr's alone in 115-122 s; the same build took pku's 100-label cell past 3 minutes (`levers/README.md`).
"""
import argparse, colorsys, csv, json, random, subprocess, sys, time
from pathlib import Path
from PIL import Image, ImageDraw
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
import panel, wide

def ink_mask(a:np.ndarray) -> np.ndarray:
    "The minority side of the grey image's Otsu threshold: the text (and whatever is drawn like it)."
    g = a.astype(float).mean(-1).round().astype(int)
    hist = np.bincount(g.ravel(), minlength=256).astype(float)
    w0, m0 = np.cumsum(hist), np.cumsum(hist * np.arange(256))
    w1, m1 = w0[-1] - w0, m0[-1] - m0
    t = int(np.nanargmax(w0 * w1 * (m0 / np.maximum(w0, 1) - m1 / np.maximum(w1, 1)) ** 2))
    dark = g <= t
    return dark if dark.mean() < 0.5 else ~dark

def bright(rng, s, v) -> tuple:
    return tuple(int(255 * c) for c in colorsys.hsv_to_rgb(rng.random(), s, v))

def restyle(im:Image.Image, kind:str, n_chars:int, rng:random.Random) -> Image.Image:
    "One captcha redrawn as `kind` (see above); 'jpeg' is done when saving."
    a = np.asarray(im.convert('RGB')).copy()
    h, w, _ = a.shape
    if kind == 'colour':
        ink = ink_mask(a)
        cols = np.nonzero(ink.any(0))[0]
        left, right = (cols.min(), cols.max() + 1) if len(cols) else (0, w)
        out = np.empty_like(a); out[:] = bright(rng, 0.15, 0.97)   # a light tint
        bands = np.linspace(left, right, n_chars + 1).astype(int)
        for i in range(n_chars):   # the ink of each character's share of the text box in its own colour
            part = np.zeros_like(ink); part[:, bands[i]:bands[i + 1]] = True
            out[ink & part] = bright(rng, 0.9, rng.uniform(0.45, 0.8))
        return Image.fromarray(out)
    if kind == 'noise':
        dots = np.array([[rng.random() < 0.05 for _ in range(w)] for _ in range(h)])
        a[dots] = [bright(rng, 0.8, rng.uniform(0.2, 0.9)) for _ in range(int(dots.sum()))]
        im = Image.fromarray(a); d = ImageDraw.Draw(im)
        for _ in range(2):
            x0, y0 = rng.randrange(w // 3), rng.randrange(h // 2)
            d.arc([x0, y0, x0 + rng.randint(w // 2, w), y0 + rng.randint(h // 2, 2 * h)], rng.randrange(180),
                  rng.randrange(180, 360), fill=bright(rng, 0.8, 0.5), width=2)
        return im
    if kind == 'lines':
        ink = ink_mask(a)
        col = tuple(int(c) for c in (a[ink].mean(0) if ink.any() else (40, 40, 40)))
        im = Image.fromarray(a); d = ImageDraw.Draw(im)
        for _ in range(3):   # from the left edge to the right, each end at its own height
            d.line([(0, rng.randrange(h)), (w - 1, rng.randrange(h))], fill=col, width=rng.randint(1, 2))
        return im
    return Image.fromarray(a)

def checked_texts(style:str, test) -> dict:
    """The stand-in's test images' texts as `panel.checked` has them (held-out labels found wrong by eye replaced by what
    the image shows; swust_2019b: 9 of its 328), each by its index in the style's test part (`make_stand_in`'s names)."""
    _, orig, text = panel.style_files(style)
    chk = panel.checked(text)
    return {f: chk[orig[int(f.stem.rsplit('_', 1)[1])]] for f in test}

def make_stand_in(dest:Path, kind:str, style:str) -> tuple:
    "(training folder, test folder) of the stand-in, made once: files named `{text}_{n}.png` (or .jpg)."
    if kind == 'wide': return wide.make_wide(dest, style)
    train, test, text = panel.style_files(style)
    rng = random.Random(0)
    for sub, files in (('train', train), ('test', test)):
        (dest/sub).mkdir(parents=True, exist_ok=True)
        for i, f in enumerate(files):
            out = dest/sub/f'{text[f]}_{i}.{"jpg" if kind == "jpeg" else "png"}'
            if out.exists(): continue
            im = restyle(Image.open(f), kind, len(text[f]), rng)
            if kind == 'jpeg': im.convert('RGB').save(out, quality=rng.randint(15, 35))
            else: im.save(out)
    return dest/'train', dest/'test'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--kinds', nargs='+', default=['jpeg', 'colour', 'noise'])
    ap.add_argument('--style', default='real')
    ap.add_argument('--labels', type=int, default=30)
    ap.add_argument('--draws', nargs='+', type=int, default=[0])
    ap.add_argument('--pool', type=int, default=0, help='unlabelled training images given too (`--unlabeled`)')
    ap.add_argument('--train_args', default='', help="more options for captcha_train")
    ap.add_argument('--no_peer', action='store_true', help='skip ddddocr zero-shot')
    ap.add_argument('--work', default='/tmp/captcha_nb_stand_ins')
    a = ap.parse_args()
    for kind in a.kinds:
        work = Path(a.work)/f'{a.style}_{kind}'
        tr, te = make_stand_in(work, kind, a.style)
        files, test = sorted(tr.iterdir()), sorted(te.iterdir())
        text = {f: f.name.split('_')[0] for f in files + test}
        peer = None if a.no_peer else panel.peer_accuracy('ddddocr', sys.executable, test, text)
        for draw in a.draws:
            drawn = sorted(random.Random(draw).sample(files, a.labels))
            labels = panel.write_labels(drawn, text, work/f'labels_{a.labels}_{draw}.csv')
            model = work/f'model_{a.labels}_{draw}.safetensors'
            rest = [f for f in files if f not in set(drawn)]
            pool = panel.pool_folder(random.Random(draw).sample(rest, min(a.pool, len(rest))),
                                     work/f'pool_{draw}_{time.time_ns()}') if a.pool else None
            case = panel.STYLES[a.style][2]
            got = panel.train(tr, labels, model, case, pool, a.train_args.split())
            rep = json.loads(model.with_suffix('.json').read_text())
            from captcha_nb.cli import load_predictor
            pred = load_predictor(model)
            fold = str.lower if pred.ignore_case else str
            reads = pred.predict([str(f) for f in test])
            acc, chk = (round(sum(fold(t) == fold(truth[f]) for (t, _), f in zip(reads, test)) / len(test), 4)
                        for truth in (text, text if kind == 'wide' else checked_texts(a.style, test)))
            row = dict(style=a.style, kind=kind, labels=a.labels, draw=draw, pool=a.pool, train_args=a.train_args,
                       arch=rep['settings']['arch'], recipe=got['recipe'], dddd_reads=rep['settings'].get('dddd_reads'),
                       size='x'.join(map(str, rep['settings']['size'])), n_test=len(test), train_s=round(got['train_s']),
                       accuracy=acc, ddddocr_zero_shot=peer, accuracy_chk=chk)
            print(json.dumps(row), flush=True)
            out = Path(__file__).resolve().parent/'stand_ins.csv'
            new = not out.exists()
            with open(out, 'a', newline='') as fh:
                w = csv.DictWriter(fh, fieldnames=list(row), lineterminator='\n')
                if new: w.writeheader()
                w.writerow(row)

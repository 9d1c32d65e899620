"""Reading a labels-alone dense reader faster through ONNX: moved reads only where the unmoved one is unsure
(`read_over_shifts`'s `sure`, `SHIFT_SURE`) and an 8-bit export (`export_onnx(int8=...)`), measured on the panel's
labels-alone cells (issue 27).

    python bench/fast_read.py --styles swust_2019b swust_2020 pku math real swust_2019 --labels 30 100 --draws 0 1 2 \\
        --models /tmp/models --out bench/fast_read.csv
    python bench/fast_read.py --speed --styles swust_2019b --labels 100 --draws 0 --models /tmp/models \\
        --out bench/fast_read_speed.csv
    python bench/fast_read.py --report bench/fast_read.csv bench/fast_read_speed.csv > bench/fast_read.md

Each cell is a panel cell (`bench/panel.py`: its labels, its `captcha_train` command; the model file is reused from
`--models` or trained). Its ONNX export, at 32 bits and at 8 bits calibrated on the cell's own labelled images (what its
user has), reads the style's held-out test images without the second reader: every image read three times (`sure`
above 1, as before), read again only below each `--sure` (from the two: an image's reading rests on its own reads), and
once. The package's own reading (`OnnxPredictor.predict`) is checked against the bench's at `SHIFT_SURE`.
`--speed`: images/s of `OnnxPredictor.predict_batch` at batch 64 on 256 test images of one cell, the two exports and
three ways of reading taken in turn, `--rounds` times."""
import argparse, random, sys, tempfile, time
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from panel import STYLES, style_files, write_labels, style_root, train
from captcha_nb.core import SHIFT_SURE, read_over_shifts, calibration
from captcha_nb.inference import load_predictor
from captcha_nb.lite import OnnxPredictor

def model_of(models:Path, style, n, draw) -> tuple:
    "(the cell's model file, trained if it is not in `models`, its labelled images)."
    train_files, test, text = style_files(style)
    drawn = sorted(random.Random(draw).sample(train_files, n))
    m = models/(f'{style}_{draw}.safetensors' if n == 30 else f'{style}_{draw}_{n}.safetensors')
    if not m.exists(): train(style_root(style), write_labels(drawn, text, m.with_suffix('.csv')), m, STYLES[style][2])
    return m, drawn

def exports(model, drawn, d) -> dict:
    "{'32': its ONNX export, '8': the same at 8 bits calibrated on `drawn`} as readers without the second reader."
    pred = load_predictor(model)
    res = dict(zip(('32', '8'), (OnnxPredictor(pred.export_onnx(Path(d)/'m32.onnx')),
                                 OnnxPredictor(pred.export_onnx(Path(d)/'m8.onnx', int8=[str(f) for f in drawn])))))
    for r in res.values(): r.second_reader = None
    return res

def reads(lite, items, sure) -> list:
    "`read_over_shifts` of `items` in batches of 64 at this `sure` (None: once)."
    return [r for i in range(0, len(items), 64) for r in read_over_shifts(
        lite.batch_scores, lite.decode_scores, items[i:i + 64], lite.chars, lite.family, lite.temperature,
        lite.shift if sure else 0, sure=sure or 1.)]

def cell(style, n, draw, models, sures) -> list:
    "One row per export and way of reading: accuracy, ECE and how many images were read again."
    _, test, text = style_files(style)
    m, drawn = model_of(models, style, n, draw)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for bits, lite in exports(m, drawn, d).items():
            fold = str.lower if lite.ignore_case else str
            items = np.stack([lite.load_item(f) for f in test])
            once, every = reads(lite, items, None), reads(lite, items, 2.)
            # an image's reading depends on its own reads only: below `sure` it is the three reads', else the first's
            for sure in (2., *sures, None):
                res = once if sure is None else [e if o[1] < sure else o for o, e in zip(once, every)]
                ok = [fold(t) == fold(text[f]) for (t, _), f in zip(res, test)]
                if sure == SHIFT_SURE:   # the package reads the same
                    assert [t for t, _ in lite.predict([str(f) for f in test])] == [t for t, _ in res]
                rows.append(dict(style=style, labels=n, draw=draw, bits=int(bits),
                                 sure='once' if sure is None else sure,
                                 accuracy=round(float(np.mean(ok)), 4),
                                 ece=round(calibration([c for _, c in res], ok)['ece'], 4),
                                 read_again=0 if sure is None else sum(c < sure for _, c in once), n=len(test)))
    return rows

def speed(style, n, draw, models, rounds) -> list:
    _, test, _ = style_files(style)
    m, drawn = model_of(models, style, n, draw)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        ex = exports(m, drawn, d)
        items = np.stack([ex['32'].load_item(f) for f in test[:256]])
        for r in range(rounds):
            for bits, lite in ex.items():
                for sure in (2., SHIFT_SURE, None):
                    t = time.perf_counter(); reads(lite, items, sure); s = time.perf_counter() - t
                    rows.append(dict(style=style, labels=n, draw=draw, round=r, bits=int(bits),
                                     sure='once' if sure is None else sure, img_s=round(len(items) / s)))
                    print(rows[-1], flush=True)
    return rows

def how(sure) -> str:
    "The way of reading a row's `sure` stands for."
    return 'once' if sure == 'once' else 'every image 3 times' if float(sure) > 1 else f'again below {sure}'

def report(fname, speed_csv=None):
    "Markdown tables: accuracy by export and way of reading, cells worse or better than before, speed."
    d = pd.read_csv(fname)
    d['how'] = d.sure.map(how)
    hows = list(dict.fromkeys(d.how))
    lines = [HEAD, '', '| labels | bits | ' + ' | '.join(hows) + ' |', '|---|---|' + '---|' * len(hows)]
    for (n, b), g in d.groupby(['labels', 'bits'], sort=False):
        m = g.groupby('how', sort=False).agg(acc=('accuracy', 'mean'), again=('read_again', 'sum'), n=('n', 'sum'))
        lines.append(f'| {n} | {b} | ' + ' | '.join(
            f'{m.acc[h]:.4f}' + (f' ({m.again[h] / m.n[h]:.0%} again)' if h not in ('once', hows[0]) else '')
            for h in hows) + ' |')
    per = d.pivot_table(index=['style', 'labels', 'draw', 'bits'], columns='how', values='accuracy')
    lines += ['', 'Against reading every image three times at 32 bits: cells (of '
              f'{len(per) // 2}) that read fewer test images right (at most how many fewer), and more:', '',
              '| bits | ' + ' | '.join(hows) + ' |', '|---|' + '---|' * len(hows)]
    base = per[hows[0]].xs(32, level='bits')
    n = d.groupby(['style', 'labels', 'draw']).n.first()
    for b in (32, 8):
        diff = {h: (per[h].xs(b, level='bits') - base) * n for h in hows}
        lines.append(f'| {b} | ' + ' | '.join(
            (f'{(v < -0.5).sum()} fewer (up to {-v.min():.0f})' if v.min() < -0.5 else '0 fewer')
            + f', {(v > 0.5).sum()} more' for v in diff.values()) + ' |')
    if speed_csv:
        s = pd.read_csv(speed_csv)
        s['how'] = s.sure.map(how)
        t = s.groupby(['bits', 'how'], sort=False).img_s.agg(['min', 'max'])
        lines += ['', "Images/s of `OnnxPredictor.predict_batch` at batch 64 "
                  f"({s['style'][0]}, {s['labels'][0]} labels, "
                  f"draw {s['draw'][0]}; 256 test images, {s['round'].nunique()} rounds in turn, lowest-highest):", '',
                  '| bits | ' + ' | '.join(dict.fromkeys(s.how)) + ' |', '|---|' + '---|' * s.how.nunique()]
        for b, g in t.groupby(level='bits', sort=False):
            lines.append(f'| {b} | ' + ' | '.join(f'{r["min"]}-{r["max"]}' for _, r in g.iterrows()) + ' |')
    print('\n'.join(lines))

HEAD = """# Reading the dense reader faster: moved reads only where unsure, and 8 bits

Made by `python bench/fast_read.py --report bench/fast_read.csv bench/fast_read_speed.csv` from the runs its docstring
names (2 cores, no GPU): whole-text accuracy on each style's held-out 20%, the mean over the panel's labels-alone cells
(6 styles x draws 0-2), read through ONNX without the second reader; in brackets the share of images read again.
`SHIFT_SURE` is 0.99: with about a quarter of the images read again it reads as many right as reading every image three
times (one cell one image fewer, three cells more); 0.9 reads up to two images fewer in seven cells. The 8-bit export,
calibrated on each cell's own 30 or 100 labelled images, reads as many right on the mean, a few images either way in a
cell."""

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--styles', nargs='+', default=['swust_2019b'], choices=list(STYLES))
    ap.add_argument('--draws', nargs='+', type=int, default=[0])
    ap.add_argument('--labels', nargs='+', type=int, default=[30])
    ap.add_argument('--sure', nargs='+', type=float, default=[0.999, 0.99, 0.9])
    ap.add_argument('--models', default='/tmp/fast_read_models', help='folder to keep (and reuse) the models in')
    ap.add_argument('--out', default='bench/fast_read.csv')
    ap.add_argument('--speed', action='store_true', help='images/s of the first style, labels and draw instead')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--report', nargs='+', help='print the tables of these CSVs (accuracy, speed) and stop')
    a = ap.parse_args()
    if a.report: return report(*a.report)
    models = Path(a.models); models.mkdir(parents=True, exist_ok=True)
    if a.speed:
        rows = speed(a.styles[0], a.labels[0], a.draws[0], models, a.rounds)
        return pd.DataFrame(rows).to_csv(a.out, index=False)
    out = Path(a.out)
    for s in a.styles:
        for n in a.labels:
            for draw in a.draws:
                new = pd.DataFrame(cell(s, n, draw, models, a.sure))
                if out.exists():
                    old = pd.read_csv(out)
                    new = pd.concat([old[~((old['style'] == s) & (old['labels'] == n) & (old['draw'] == draw))], new])
                new.to_csv(out, index=False)
                print(new.tail(2 * (len(a.sure) + 2)).to_string(), flush=True)

if __name__ == '__main__': main()

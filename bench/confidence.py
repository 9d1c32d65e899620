"""Issue 25's targets: is the confidence the probability of being right? Models trained from 100 labels of each real
style, as a user trains them (`captcha_train --labels`, which calibrates a temperature on its own 10% validation), scored
with `captcha_evaluate` on held-out images; plus the full real-set model's confidence distribution and the cost of
the text probability.

    python bench/confidence.py [--data ../shared/data] [--draws 0 1 2] [--out bench]

Per style: files sorted; the real set's canonical split (936 / 104, seed 42) with the 100 labels drawn from the 936
as `bench/labels.py` draws them (random.Random(draw).sample); the other styles (pku_elective, each swust_cas version):
a seeded 20% held out (random.Random(0)), 100 labels drawn from the rest. Writes confidence.md and confidence.csv."""
import argparse, csv, json, random, re, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE.parent))

def sh(*cmd) -> str:
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode: sys.exit(f'confidence.py: {Path(str(cmd[0])).name} failed: {r.stderr.strip()[-1500:]}')
    return r.stdout

def styles(data: Path):
    "(name, [(file, text)] pool to draw labels from, [(file, text)] held out)."
    from captcha_nb.data import split_files
    real = sorted((data/'captcha_images_v2').glob('*.png'))
    pool, test = split_files(real)
    yield 'captcha_images_v2', [(f, f.stem) for f in pool], [(f, f.stem) for f in test]
    for folder in [data/'pku_elective', *sorted((data/'swust_cas').iterdir())]:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in ('.jpg', '.png'))
        held = set(random.Random(0).sample(files, len(files) // 5))
        text = lambda f: re.match('^([^_]+)_', f.stem)[1]
        name = folder.name if folder.parent == data else f'swust_cas/{folder.name}'
        yield name, [(f, text(f)) for f in files if f not in held], [(f, text(f)) for f in sorted(held)]

def write_csv(rows, fname):
    Path(fname).write_text('file,text\n' + ''.join(f'{Path(f).resolve()},{t}\n' for f, t in rows))
    return fname

def text_prob_cost(n:int=64, rounds:int=30) -> dict:
    "ms per image of the text probability (batch of 64, 32 steps, 20 classes) against the best path's, in numpy."
    from captcha_nb.core import ctc_text_logprob, log_softmax
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(n, 32, 20)).astype(np.float32) * 3
    lp = log_softmax(scores)
    texts = [rng.integers(1, 20, 5).tolist() for _ in range(n)]
    def timed(f):
        t = time.perf_counter()
        for _ in range(rounds): f()
        return (time.perf_counter() - t) / rounds / n * 1000
    return dict(text_ms=round(timed(lambda: ctc_text_logprob(lp, texts)), 4), best_path_ms=round(timed(lambda: lp.max(-1).sum(-1)), 4))

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--data', default=str(HERE.parent.parent/'shared'/'data'))
    ap.add_argument('--draws', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--n', type=int, default=100)
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    rows, pat = [], re.compile(r'ECE ([\d.]+), AUROC ([\d.na]+); at >= 0.9: ([\d.]+)% of the reads, ([\d.na]+)% of them right, ([\d.na]+)% of the right reads')
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for name, pool, test in styles(Path(a.data)):
            folder = Path(test[0][0]).parent
            test_csv = write_csv(test, tmp/'test.csv')
            for draw in a.draws:
                labels = write_csv(random.Random(draw).sample(pool, a.n), tmp/'train.csv')
                model = tmp/'m.safetensors'
                t0 = time.time(); sh(BIN/'captcha_train', '--path', folder, '--labels', labels, '--out', model); secs = time.time() - t0
                temp = json.loads(model.with_suffix('.json').read_text())['settings']['temperature']
                out = sh(BIN/'captcha_evaluate', model, folder, '--labels', test_csv)
                acc = float(re.search(r'([\d.]+) whole-captcha', out)[1])
                m = pat.search(out)
                rows.append(dict(style=name, labels=a.n, draw=draw, n_test=len(test), accuracy=acc, temperature=round(temp, 3),
                                 ece=float(m[1]), auroc=float(m[2]), share_above_09=float(m[3]) / 100,
                                 right_among_above=float(m[4]) / 100 if m[4] != 'nan' else None,
                                 right_reads_above=float(m[5]) / 100 if m[5] != 'nan' else None, train_s=round(secs, 1)))
                print(json.dumps(rows[-1]), flush=True)
        # the full real-set model: trained on the 936, read on all 1040
        real = Path(a.data)/'captcha_images_v2'
        model = tmp/'full.safetensors'
        sh(BIN/'captcha_train', '--path', real, '--out', model)
        recs = [json.loads(l) for l in sh(BIN/'captcha_predict', model, real, '--json_lines').splitlines()]
        conf = np.array([r['confidence'] for r in recs]); right = np.array([r['text'] == Path(r['path']).stem for r in recs])
        dist = dict(n=len(recs), accuracy=round(right.mean(), 4), median=round(float(np.median(conf)), 4),
                    lowest=round(float(conf.min()), 4), share_above_09=round(float((conf >= .9).mean()), 4),
                    temperature=round(json.loads(model.with_suffix('.json').read_text())['settings']['temperature'], 3))
    cost = text_prob_cost()
    cols = ['style', 'labels', 'draw', 'n_test', 'accuracy', 'temperature', 'ece', 'auroc', 'share_above_09', 'right_among_above',
            'right_reads_above', 'train_s']
    out = Path(a.out)
    with open(out/'confidence.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, cols); w.writeheader(); w.writerows(rows)
    lines = [f"Measured by `python bench/confidence.py` on {time.strftime('%Y-%m-%d')}, 2 cores. Each row: `captcha_train --labels` on "
             f"{a.n} labels (draw d), `captcha_evaluate` on the held-out images. right_among_above: accuracy of the reads at >= 0.9; "
             "right_reads_above: share of the right reads that are at >= 0.9. Targets: ECE <= 0.03, AUROC >= 0.95, "
             "right_reads_above >= 0.85, right_among_above >= 0.99.", '',
             '| ' + ' | '.join(cols) + ' |', '|' + '---|' * len(cols)]
    lines += ['| ' + ' | '.join('' if r[c] is None else str(r[c]) for c in cols) + ' |' for r in rows]
    means = {}
    for r in rows: means.setdefault(r['style'], []).append(r)
    lines += ['', '| style | mean accuracy | mean ECE | mean AUROC | mean right_among_above | mean right_reads_above |', '|---|---|---|---|---|---|']
    for s, rs in means.items():
        mean = lambda k: round(float(np.mean([r[k] for r in rs if r[k] is not None])), 3) if any(r[k] is not None for r in rs) else ''
        lines.append(f"| {s} | {mean('accuracy')} | {mean('ece')} | {mean('auroc')} | {mean('right_among_above')} | {mean('right_reads_above')} |")
    lines += ['', f"The full real-set model (`captcha_train` on the 936, read on all 1040): {json.dumps(dist)}", '',
              f"Cost in numpy, batch of 64, 32 steps, 20 classes: the text's probability {cost['text_ms']} ms per image, "
              f"the best path's {cost['best_path_ms']} ms per image."]
    (out/'confidence.md').write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))

if __name__ == '__main__': main()

"""A stand-in for a site that draws its text in part of a wide image (issue 27's site D: characters in the left third,
nothing read even from 2,000 labels): each swust_cas 20191218 captcha pasted into the left of a canvas three times as
wide, in the image's own most common colour, with eight random thin lines across it. Then `captcha_train` with its
defaults on every training label or on N drawn ones (`random.Random(draw)`, as `panel.py`), and the model read on the
held-out 20% (the panel's split, `panel.py`). One row per run is added to `bench/wide.csv`.

    python bench/wide.py [--labels N] [--draws 0 1 2] [--pool 1000] [--train_args '--crop none']
                         [--work /tmp/captcha_nb_wide]

What `captcha_train` reads of these images: by default the part where the text is (`content_box`: here the left 36%),
`--train_args '--crop none'` all of each image as before. Measured runs: `bench/wide.csv`; the earlier runs, before
`content_box` (2026-12-02, every training label, beside other runs): at 32x128 (squished) the run from scratch read
nothing through epoch 12, the retry from the base reached 0.488 in 12 minutes; at 32x272 (`fit_width`) the run from
scratch stayed blank for all 20 epochs and the retry from the base reached 0.887 in 22 minutes. The same captchas at
their own size (the panel's ceiling for swust_2019b): 0.957.

2026-12-05, each run alone on the 2 cores: 30 labels (draws 0-2) read 0.939 / 0.918 / 0.930 in 59-66 s with ddddocr's
network, which `--arch auto` now picks here (captcha-whisperer's, 2026-12-03: 0.851 / 0.887 / 0.875). 30 labels + a
pool of 1,000 (`--pool 1000`, draws 0-1): 0.963 / 0.954 in 237-243 s (captcha-whisperer's network teaching the small
CRNN, the default), 0.960 / 0.957 in 217-222 s with `--train_args '--arch dddd'` (ddddocr's teaching it)."""
import argparse, csv, json, random, subprocess, sys, time
from pathlib import Path
from PIL import Image, ImageDraw
sys.path.insert(0, str(Path(__file__).resolve().parent))
import panel

def make_wide(dest:Path, style='swust_2019b') -> tuple:
    "(training folder, test folder) of the wide stand-in, made once."
    train, test, text = panel.style_files(style)
    rng = random.Random(0)
    for sub, files in (('train', train), ('test', test)):
        (dest/sub).mkdir(parents=True, exist_ok=True)
        for f in files:
            out = dest/sub/f'{text[f]}_{f.stem.split("_", 1)[1]}.png'
            if out.exists(): continue
            im = Image.open(f).convert('RGB')
            w, h = im.size
            can = Image.new('RGB', (3 * w, h), max(im.getcolors(w * h))[1])
            d = ImageDraw.Draw(can)
            for _ in range(8):
                d.line([(rng.randrange(3 * w), rng.randrange(h)), (rng.randrange(3 * w), rng.randrange(h))],
                       fill=tuple(rng.randint(0, 255) for _ in range(3)))
            can.paste(im, (rng.randint(0, 6), 0))
            can.save(out)
    return dest/'train', dest/'test'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--labels', type=int, help='labels drawn from the training part; default: all of them')
    ap.add_argument('--draws', nargs='+', type=int, default=[0])
    ap.add_argument('--pool', type=int, default=0,
                    help='unlabelled training images given too (`--unlabeled`), as panel.py')
    ap.add_argument('--train_args', default='', help="more options for captcha_train, e.g. '--crop none'")
    ap.add_argument('--work', default='/tmp/captcha_nb_wide')
    a = ap.parse_args()
    work = Path(a.work)
    tr, te = make_wide(work)
    files, test = sorted(tr.iterdir()), sorted(te.iterdir())
    text = lambda f: f.name.split('_')[0]
    for draw in (a.draws if a.labels else ['']):
        drawn = sorted(random.Random(draw).sample(files, a.labels)) if a.labels else files
        labels = work/f'labels_{a.labels or "all"}_{draw}.csv'
        labels.write_text('file,text\n' + ''.join(f'{f},{text(f)}\n' for f in drawn))
        model = work/f'wide_{a.labels or "all"}_{draw}.safetensors'
        chosen = set(drawn)
        rest = [f for f in files if f not in chosen]
        folder = work/f'pool_{a.labels}_{draw}_{time.time_ns()}'   # a new one per run
        pool = ['--unlabeled', str(panel.pool_folder(random.Random(draw).sample(rest, min(a.pool, len(rest))), folder))
                ] if a.pool else []
        t0 = time.time()
        subprocess.run([str(panel.BIN/'captcha_train'), '--path', str(tr), '--labels', str(labels), '--ignore_case',
                        '--out', str(model), '--quiet', *pool, *a.train_args.split()], check=True)
        secs = round(time.time() - t0)
        from captcha_nb.cli import load_predictor
        pred = load_predictor(model)
        reads = pred.predict([str(f) for f in test])
        rep = json.loads(model.with_suffix('.json').read_text())
        s, rounds = rep['settings'], rep['self_training'] or []
        teacher = next((l['teacher'] for l in rounds if l['round'] == 'student' and l['kept']), '')
        row = dict(labels=a.labels or 'all', draw=draw, pool=a.pool, train_args=a.train_args, arch=s['arch'],
                   teacher=teacher, recipe=s['recipe'],
                   size='x'.join(map(str, s['size'])), crop=s['crop'], n_test=len(test), train_s=secs,
                   accuracy=round(sum(t.lower() == text(f) for (t, _), f in zip(reads, test)) / len(test), 4))
        print(json.dumps(row), flush=True)
        out = Path(__file__).resolve().parent/'wide.csv'
        new = not out.exists()
        with open(out, 'a', newline='') as fh:
            w = csv.DictWriter(fh, fieldnames=list(row))
            if new: w.writeheader()
            w.writerow(row)

"""Levers tried on issue 15's missed targets (`08a_few_labels`, "Where the targets are missed"): fine-tune a base on the
bench's label draws and score each model on the 104 held-out captchas, as `bench/labels.py`'s `base` arm does.

    CAPTCHA_NB_DATA=... python bench/levers/levers.py [--base FILE] [--n 100] [--lr auto|3e-3] [--min_steps N]
                                                      [--size H W] [--synthetic K] [--decoders]

--base: another base (`tools/pretrain_base.py --families ...` or `--size ...`); --synthetic K: K `make_captchas`
images of the labels' alphabet, lengths and image size added to the labelled ones; --decoders: also score with the
beam-search decoders. One JSON line per draw, then the mean."""
import argparse, json, random, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--base'); ap.add_argument('--n', type=int, default=100); ap.add_argument('--lr', default='auto')
    ap.add_argument('--min_steps', type=int); ap.add_argument('--size', type=int, nargs=2, metavar=('H', 'W'))
    ap.add_argument('--synthetic', type=int, default=0); ap.add_argument('--decoders', action='store_true')
    ap.add_argument('--draws', type=int, nargs='+', default=[0, 1, 2])
    a = ap.parse_args()
    from PIL import Image
    from captcha_nb.core import score_predictions, label_from_path
    from captcha_nb.data import captcha_files, captcha_data_path, split_files, make_captchas
    from captcha_nb.inference import CaptchaPredictor
    from captcha_nb.few_labels import fit_labels, load_base
    from functools import partial
    from captcha_nb.cli import named_learner
    small = partial(named_learner, name='small')   # the recommended CRNN
    base = load_base(a.base)
    pool, test = split_files(captcha_files(captcha_data_path())); pool, test = sorted(pool), sorted(test)
    means = {}
    for sub in a.draws:
        train, valid = split_files(sorted(random.Random(sub).sample(pool, a.n)), 0.1, 42)   # the bench's draw
        if a.synthetic:
            labels = [label_from_path(f) for f in train]
            syn = make_captchas(Path(tempfile.mkdtemp()), a.synthetic, ''.join(sorted(set(''.join(labels)))), min(map(len, labels)),
                                max(map(len, labels)), Image.open(train[0]).size[::-1], seed=sub)
            train = list(train) + list(syn)
        start = time.perf_counter()
        learn, _, _ = fit_labels(train, valid, small, 'finetune', base=base, min_steps=a.min_steps,
                                 lr=None if a.lr == 'auto' else float(a.lr), size=tuple(a.size) if a.size else None)
        row = dict(draw=sub, train_s=round(time.perf_counter() - start), lr=learn.recipe['lr'], base_reads=learn.recipe['base_reads'])
        p = CaptchaPredictor.from_learner(learn)
        for d in (['greedy', 'path_beam', 'prefix_beam'] if a.decoders else ['greedy']):
            p.decoder = d
            row[d] = round(score_predictions(p.predict(test), test)['accuracy'], 4)
            means.setdefault(d, []).append(row[d])
        print(json.dumps(row), flush=True)
    print(json.dumps(dict(mean={d: round(sum(v) / len(v), 4) for d, v in means.items()}, args=sys.argv[1:])))

if __name__ == '__main__': main()

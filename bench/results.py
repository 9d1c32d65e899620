"""Regenerate the README's results table from scratch: every model family trained on the canonical split
(sorted files, RandomSplitter(0.1, seed)), for each seed, with accuracy, parameters, training time and inference speed.

    python bench/results.py                       # everything (the write-up's CRNN takes about an hour a seed)
    python bench/results.py --families small      # only the recommended model
    python bench/results.py --quick               # 1 epoch, seed 42, recommended model: checks the script works
    python bench/results.py --families small --records nbs/models
                                                  # the recommended model trained now, plus a row for every run the
                                                  # notebooks recorded (model .pkl + per-epoch .csv), measured now
    python bench/results.py --families --records nbs/models --out bench/cnn
                                                  # only the recorded runs (the README's per-position CNN table)

Writes bench/results.md and bench/results.csv (or under --out); the README shows bench/results.md."""
import argparse, csv, os, platform, re, sys, time
from pathlib import Path
import torch
from fastai.learner import load_learner
from captcha_nb.data import captcha_files, captcha_data_path
from captcha_nb.training import train_run, read_record, run_summary, n_params
from captcha_nb.cnn_flat import CNN_RECIPE, flat_cnn_learner
from captcha_nb.cnn_nopool import nopool_learner
from captcha_nb.inference import CaptchaPredictor
from captcha_nb.recipe import RECOMMENDED, train_recipe, inference_speed

# the runs this script can train: name -> (description, settings; `make` marks a per-position CNN and its learner)
RUNS = {
    'small': ('recommended: small CRNN, conv sequence head', RECOMMENDED),
    'crnn_writeup': ("write-up's CRNN: resnet34 cut 7 + 2 BiLSTMs", dict(preset='resnet34', size=(50, 200), bs=8, epochs=60, lr=3e-3)),
    'cnn_flat': ('flat CNN, CPU recipe (`CNN_RECIPE`)', dict(make=flat_cnn_learner, **CNN_RECIPE)),
    'cnn_nopool': ('no-pooling CNN, CPU recipe (`CNN_RECIPE`)', dict(make=nopool_learner, **CNN_RECIPE)),
}
RECORD_NAMES = {'crnn_writeup': "write-up's CRNN: resnet34 cut 7 + 2 BiLSTMs",
                'cnn_flat_writeup': "write-up's flat CNN: xresnet34, 50x200, bs 8, 60 epochs, lr 3e-3",
                'cnn_nopool_writeup': "write-up's no-pooling CNN: xresnet34, 50x200, bs 8, 60 epochs, lr 3e-3",
                'cnn_flat_recipe': 'flat CNN: xresnet18, 32x128, bs 32, 40 epochs, lr 5e-3',
                'cnn_flat_recipe_e60': 'flat CNN: xresnet18, 32x128, bs 32, 60 epochs, lr 5e-3',
                'cnn_nopool_recipe': 'no-pooling CNN: xresnet18, 32x128, bs 32, 40 epochs, lr 5e-3',
                'cnn_flat_half_e60': 'flat CNN: xresnet18_half, 32x128, bs 32, 60 epochs, lr 5e-3',
                'cnn_nopool_half_e60': 'no-pooling CNN: xresnet18_half, 32x128, bs 32, 60 epochs, lr 5e-3',
                'cnn_flat_half_lr1e2': 'flat CNN: xresnet18_half, 32x128, bs 32, 60 epochs, lr 1e-2',
                'cnn_nopool_half_lr1e2': 'no-pooling CNN: xresnet18_half, 32x128, bs 32, 60 epochs, lr 1e-2',
                'cnn_flat_half_lr1e2_50x200': 'flat CNN: xresnet18_half, 50x200, bs 32, 60 epochs, lr 1e-2',
                'cnn_flat_half_lr1e2_affine_e100': 'flat CNN, CPU recipe: xresnet18_half, 32x128, bs 32, 100 epochs, lr 1e-2, affine augmentation',
                'cnn_nopool_half_lr1e2_affine_e100': 'no-pooling CNN, CPU recipe: xresnet18_half, 32x128, bs 32, 100 epochs, lr 1e-2, affine augmentation',
                'cnn_flat_half_lr1e2_affine': 'flat CNN: xresnet18_half, 32x128, bs 32, 60 epochs, lr 1e-2, affine augmentation',
                'cnn_nopool_half_lr1e2_affine': 'no-pooling CNN: xresnet18_half, 32x128, bs 32, 60 epochs, lr 1e-2, affine augmentation'}
COLUMNS = ['model', 'seed', 'epochs', 'final_acc', 'right', 'char_acc', 'params', 'train_s', 's_per_epoch', 's_to_99',
           'torch_img_s', 'onnx_img_s', 'torch_one_ms', 'onnx_one_ms']

def machine() -> str:
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()) \
          if Path('/proc/cpuinfo').exists() else platform.processor()
    return f'{cpu}, {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads'

def to_markdown(rows) -> str:
    lines = ['| ' + ' | '.join(COLUMNS) + ' |', '|' + '---|' * len(COLUMNS)]
    lines += ['| ' + ' | '.join('' if r.get(c) is None else str(r[c]) for c in COLUMNS) + ' |' for r in rows]
    return '\n'.join(lines)

def record_figures(hist, n_valid:int) -> dict:
    "Figures of a run's record (`captcha_nb.training`): final accuracy, character accuracy where recorded, seconds, seconds to 0.99."
    s = run_summary(hist, next(c for c in hist.columns if c.endswith('captcha_accuracy')))
    char = round(float(hist.char_accuracy.iloc[-1]), 4) if 'char_accuracy' in hist else None
    return dict(epochs=s['epochs'], final_acc=s['final'], right=round(s['final'] * n_valid), n_valid=n_valid, char_acc=char,
                train_s=s['train_s'], s_per_epoch=s['s_per_epoch'], s_to_99=s['s_to_target'])

def train_cnn(files, make, seed, **recipe) -> tuple:
    "(learner, result dict) of a per-position CNN trained now."
    learn, hist = train_run(files, make, seed=seed, **recipe)
    return learn, dict(seed=seed, params=n_params(learn.model), **record_figures(hist, len(learn.dls.valid_ds)))

def recorded_rows(folder, files) -> list:
    "A row per run recorded by the notebooks in `folder` (`NAME_seedS.pkl` + `.csv`): its history, and speed measured now."
    rows = []
    for log in sorted(Path(folder).glob('*_seed*.csv')):
        m = re.fullmatch(r'(.+)_seed(\d+)', log.stem)
        if not m or m[1] not in RECORD_NAMES or not log.with_suffix('.pkl').exists(): continue
        learn, hist = load_learner(log.with_suffix('.pkl')), read_record(log)
        family = 'cnn' if m[1].startswith('cnn') else 'crnn'
        pred = CaptchaPredictor(learn.model, learn.dls.vocab, learn.dls.size, family)
        rows.append(dict(model=RECORD_NAMES[m[1]] + ' (recorded run)', seed=int(m[2]), params=n_params(learn.model),
                         **record_figures(hist, int(0.1 * len(files))), **inference_speed(pred, files)))
        print(rows[-1], flush=True)
    return rows

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--families', nargs='*', default=list(RUNS), choices=list(RUNS), help='none: only the --records rows')
    ap.add_argument('--seeds', nargs='+', type=int, default=[42, 1, 2])
    ap.add_argument('--quick', action='store_true', help='1 epoch, seed 42, recommended model only')
    ap.add_argument('--records', help="also a row for every run recorded in this folder (e.g. nbs/models), measured now")
    ap.add_argument('--out', default=str(Path(__file__).parent))
    a = ap.parse_args()
    if a.quick: a.families, a.seeds = ['small'], [42]
    files = captcha_files(captcha_data_path())
    rows = []
    for fam in a.families:
        name, recipe = RUNS[fam]
        recipe = {**recipe, 'epochs': 1} if a.quick else recipe
        for seed in a.seeds:
            learn, r = train_cnn(files, **recipe, seed=seed) if 'make' in recipe else train_recipe(files, **recipe, seed=seed)
            speed = inference_speed(CaptchaPredictor.from_learner(learn), files)
            rows.append(dict(model=name, **{'epochs': recipe['epochs'], **r}, **speed))
            print(rows[-1], flush=True)
    if a.records: rows += recorded_rows(a.records, files)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    args = ' '.join(sys.argv[1:])
    header = (f'Measured by `python bench/results.py{" " + args if args else ""}` on {time.strftime("%Y-%m-%d")}, '
              f'{machine()}; canonical split (1040 files sorted, 10% validation); accuracy at the final epoch.')
    (out/'results.md').write_text(header + '\n\n' + to_markdown(rows) + '\n')
    with open(out/'results.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction='ignore'); w.writeheader(); w.writerows(rows)
    print((out/'results.md').read_text())

if __name__ == '__main__': main()

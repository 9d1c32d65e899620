"""Regenerate the README's results table from scratch: every model family trained on the canonical split
(sorted files, RandomSplitter(0.1, seed)), for each seed, with accuracy, parameters, training time and inference speed.

    python bench/results.py                       # everything (the write-up's CRNN takes about an hour a seed)
    python bench/results.py --families small      # only the recommended model
    python bench/results.py --quick               # 1 epoch, seed 42, recommended model: checks the script works

Writes bench/results.md and bench/results.csv (or under --out); the README shows bench/results.md."""
import argparse, csv, os, platform, sys, time
from pathlib import Path
import torch
from captcha_nb.data import captcha_files, captcha_data_path
from captcha_nb.inference import CaptchaPredictor
from captcha_nb.recipe import RECOMMENDED, train_recipe, inference_speed

FAMILIES = {
    'small': ('recommended: small CRNN, conv sequence head', RECOMMENDED),
    'crnn_writeup': ("write-up's CRNN: resnet34 cut 7 + 2 BiLSTMs", dict(arch='resnet34', size=(50, 200), bs=8, epochs=60, lr=3e-3)),
}
COLUMNS = ['model', 'seed', 'epochs', 'final_acc', 'right', 'params', 'train_s', 's_per_epoch', 's_to_99',
           'torch_img_s', 'onnx_img_s', 'torch_one_ms', 'onnx_one_ms']

def machine() -> str:
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()) \
          if Path('/proc/cpuinfo').exists() else platform.processor()
    return f'{cpu}, {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads'

def to_markdown(rows) -> str:
    lines = ['| ' + ' | '.join(COLUMNS) + ' |', '|' + '---|' * len(COLUMNS)]
    lines += ['| ' + ' | '.join('' if r.get(c) is None else str(r[c]) for c in COLUMNS) + ' |' for r in rows]
    return '\n'.join(lines)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--families', nargs='+', default=list(FAMILIES), choices=list(FAMILIES))
    ap.add_argument('--seeds', nargs='+', type=int, default=[42, 1, 2])
    ap.add_argument('--quick', action='store_true', help='1 epoch, seed 42, recommended model only')
    ap.add_argument('--out', default=str(Path(__file__).parent))
    a = ap.parse_args()
    if a.quick: a.families, a.seeds = ['small'], [42]
    files = captcha_files(captcha_data_path())
    rows = []
    for fam in a.families:
        name, recipe = FAMILIES[fam]
        recipe = {**recipe, 'epochs': 1} if a.quick else recipe
        for seed in a.seeds:
            learn, r = train_recipe(files, **recipe, seed=seed)
            speed = inference_speed(CaptchaPredictor.from_learner(learn), files)
            rows.append(dict(model=name, epochs=recipe['epochs'], **r, **speed))
            print(rows[-1], flush=True)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    args = ' '.join(sys.argv[1:])
    header = (f'Measured by `python bench/results.py{" " + args if args else ""}` on {time.strftime("%Y-%m-%d")}, '
              f'{machine()}; canonical split (1040 files sorted, 10% validation); accuracy at the final epoch.')
    (out/'results.md').write_text(header + '\n\n' + to_markdown(rows) + '\n')
    with open(out/'results.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction='ignore'); w.writeheader(); w.writerows(rows)
    print((out/'results.md').read_text())

if __name__ == '__main__': main()

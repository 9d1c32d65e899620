"""Training and prediction speed of this checkout against an older one, measured in one run, alternating old and new.

    git worktree add /tmp/captcha_old dde0279       # the code to compare with (any commit that has `recipe.train_recipe`)
    python bench/train_speed.py --old /tmp/captcha_old [--rounds 3] [--epochs 20]

Each round trains the recommended recipe (`captcha_nb.recipe.train_recipe(files, **RECOMMENDED)`, the canonical split,
seed 42) once with the old code and once with this checkout's, each in a fresh process whose `PYTHONPATH` points at
that checkout, and then times `captcha_predict` (the console command, start-up included) and the in-process
`CaptchaPredictor.predict` (batch 64) on the 1040 images. Images come from $CAPTCHA_NB_DATA (or the public set).
Writes bench/train_speed.md and bench/train_speed.csv (or under --out)."""
import argparse, csv, json, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKER = r'''
import json, sys, time
from captcha_nb.data import captcha_files, captcha_data_path
from captcha_nb.inference import CaptchaPredictor
from captcha_nb.recipe import RECOMMENDED, train_recipe
epochs, model_file = int(sys.argv[1]), sys.argv[2]
files = captcha_files(captcha_data_path())
start = time.perf_counter()
learn, r = train_recipe(files, **{**RECOMMENDED, 'epochs': epochs})
wall = time.perf_counter() - start
pred = CaptchaPredictor.from_learner(learn)
pred.save(model_file)
items = [str(f) for f in files]
pred.predict(items[:64])
times = []
for _ in range(3):
    t = time.perf_counter(); pred.predict(items, bs=64); times.append(time.perf_counter() - t)
print(json.dumps(dict(train_wall_s=round(wall, 1), s_per_epoch=round(r['train_s'] / epochs, 2), final_acc=r['final_acc'],
                      predict_img_s=round(len(items) / min(times)))))
'''

def run(code_dir, args, **kw):
    env = {**os.environ, 'PYTHONPATH': str(code_dir)}
    return subprocess.run(args, capture_output=True, text=True, env=env, **kw)

def measure(code_dir, epochs:int, files:list) -> dict:
    "Train and predict with the code in `code_dir`, in fresh processes."
    with tempfile.TemporaryDirectory() as d:
        model = str(Path(d)/'m.safetensors')
        out = run(code_dir, [sys.executable, '-c', WORKER, str(epochs), model])
        assert out.returncode == 0, out.stderr[-3000:]
        res = json.loads(out.stdout.strip().splitlines()[-1])
        start = time.perf_counter()
        cmd = run(code_dir, [str(Path(sys.executable).parent/'captcha_predict'), model] + files)
        secs = time.perf_counter() - start
        assert cmd.returncode == 0, cmd.stderr[-3000:]
        res['command_img_s'] = round(len(files) / secs)
    return res

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--old', required=True, help='a checkout of the code to compare with')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--epochs', type=int, default=20)
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from captcha_nb.data import captcha_files, captcha_data_path
    files = [str(f) for f in captcha_files(captcha_data_path())]
    versions = dict(old=Path(a.old).resolve(), new=HERE.parent)
    old_rev = subprocess.run(['git', '-C', str(versions['old']), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    new_rev = subprocess.run(['git', '-C', str(versions['new']), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    rows = []
    for r in range(a.rounds):
        for name, code in versions.items():
            rows.append(dict(round=r + 1, code=name, **measure(code, a.epochs, files)))
            print(json.dumps(rows[-1]), flush=True)
    cols = ['train_wall_s', 's_per_epoch', 'final_acc', 'predict_img_s', 'command_img_s']
    summary = ['| code | ' + ' | '.join(cols) + ' |', '|' + '---|' * (len(cols) + 1)]
    for name in versions:
        vals = {c: [row[c] for row in rows if row['code'] == name] for c in cols}
        summary.append(f'| {name} | ' + ' | '.join(f'{min(v)}-{max(v)} (median {statistics.median(v)})' for v in vals.values()) + ' |')
    header = (f"Measured by `python bench/train_speed.py {' '.join(sys.argv[1:])}` on {time.strftime('%Y-%m-%d')}, "
              f"{os.cpu_count()} cores; old = {old_rev}, new = {new_rev}; {a.rounds} rounds alternating old and new; "
              f"recommended recipe, {a.epochs} epochs, canonical split (seed 42); prediction on the {len(files)} images. "
              "train_wall_s: the whole `train_recipe` call (data loading included); s_per_epoch: its training seconds per "
              "epoch; predict_img_s: `CaptchaPredictor.predict` at batch 64, best of 3; command_img_s: `captcha_predict` "
              "on all the files, start-up included. Ranges are min-max over the rounds.")
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out/'train_speed.md').write_text(header + '\n\n' + '\n'.join(summary) + '\n')
    with open(out/'train_speed.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)
    print((out/'train_speed.md').read_text())

if __name__ == '__main__': main()

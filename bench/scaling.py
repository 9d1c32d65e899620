"""Training speed and accuracy on 1, 2, ... processes: `captcha_train` as it is, launched by `accelerate launch`.

    python bench/scaling.py [--processes 1 2] [--repeats 2] [--cpu] [--bs 32] [--epochs 20]

Each run is `captcha_train` on the real set (`$CAPTCHA_NB_DATA`, canonical split: 936 training and 104 validation images)
with the recommended recipe, on one process (plain `captcha_train`) or on N (`accelerate launch --multi_gpu
--num_processes N`). The batch (`--bs`) is one optimiser step's, shared by the processes, so every run makes the same
steps. Runs alternate between process counts (1, 2, 1, 2, ...) so that a noisy machine weighs on each alike. Training
images/s = training images x epochs / training seconds (validation included, as in every record of this project).

With `--cpu` the GPUs are hidden and the processes share the CPU cores (gloo). On a GPU machine, leave `--cpu` out:
`python bench/scaling.py --processes 1 2 4 8 --bs 256` measures N GPUs (one process each). Writes bench/scaling.md and .csv."""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent

def run(n, a, out) -> dict:
    "One training run on `n` processes; its report's figures."
    from captcha_nb.cli import train_command
    cmd = train_command(n) + ['--out', str(out/'m.safetensors'), '--bs', str(a.bs), '--epochs', str(a.epochs), '--recipe', 'default',
                                 '--min_steps', '0']   # the write-up's schedule: epochs, not the recipe's floor of steps
    env = {**os.environ, **({'CUDA_VISIBLE_DEVICES': ''} if a.cpu else {})}
    start = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if res.returncode: sys.exit(f'scaling.py: error: the run on {n} processes failed:\n{res.stderr[-3000:]}')
    rep = json.loads((out/'m.json').read_text())
    n_train, secs = rep['data']['n_train'], rep['train_seconds']
    return dict(processes=n, device=rep['settings']['device'], accuracy=rep['valid']['accuracy'], train_s=secs,
                wall_s=round(wall, 1), train_img_s=round(n_train * a.epochs / secs, 1))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--processes', type=int, nargs='+', default=[1, 2]); ap.add_argument('--repeats', type=int, default=2)
    ap.add_argument('--cpu', action='store_true', help='hide the GPUs: processes on the CPU cores')
    ap.add_argument('--bs', type=int, default=32); ap.add_argument('--epochs', type=int, default=20)
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    import pandas as pd
    rows = []
    for rep in range(a.repeats):
        for n in a.processes:
            tmp = Path(tempfile.mkdtemp())
            try: rows.append(dict(repeat=rep, **run(n, a, tmp)))
            finally: shutil.rmtree(tmp)
            print(json.dumps(rows[-1]), flush=True)
    df = pd.DataFrame(rows)
    out = Path(a.out); df.to_csv(out/'scaling.csv', index=False)
    g = df.groupby('processes').agg(device=('device', 'first'), runs=('accuracy', 'size'), acc_low=('accuracy', 'min'),
                                    acc_high=('accuracy', 'max'), img_s_low=('train_img_s', 'min'), img_s_high=('train_img_s', 'max'),
                                    train_s_low=('train_s', 'min'), train_s_high=('train_s', 'max'))
    lines = ['| processes | device | runs | validation accuracy | training images/s | training s |', '|---|---|---|---|---|---|']
    lines += [f'| {n} | {r.device} | {r.runs} | {r.acc_low:.4f}-{r.acc_high:.4f} | {r.img_s_low:.0f}-{r.img_s_high:.0f} | '
              f'{r.train_s_low:.1f}-{r.train_s_high:.1f} |' for n, r in g.iterrows()]
    cmd = 'python bench/scaling.py ' + ' '.join(sys.argv[1:])
    (out/'scaling.md').write_text(
        f'Measured by `{cmd}` on {time.strftime("%Y-%m-%d")}, {os.cpu_count()} cores: `captcha_train --recipe default '
        f'--bs {a.bs} --epochs {a.epochs} --min_steps 0` on the real set (canonical split, 936 training / 104 validation images), on 1 '
        'process and through `accelerate launch` on several, runs alternating; ranges over the runs.\n\n' + '\n'.join(lines) + '\n')
    print('\n'.join(lines))

if __name__ == '__main__': main()

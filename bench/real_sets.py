"""Issue 24's targets: the three published real sets of `../shared/data`, read from their own file names with the
commands a user runs (`captcha_train`, `captcha_evaluate`), nothing renamed.

    python bench/real_sets.py [--data ../shared/data] [--out bench]

- math_cryptowin: trained on `train/` with `--label_re '^([^-_(]+)' --answer arithmetic`, scored on `test/` and
  `evaluate/` (texts and answers);
- swust_cas, each version, and pku_elective: files sorted, a seeded 80% (random.Random(0)) trains, the other 20% is
  scored; the split is handed to the commands as two CSV files (`--labels`), the texts taken from the names by the same
  pattern as `--label_re '^([^_]+)_'`; with and without `--ignore_case`;
- swust_cas across versions: the model of one version (all its images) read on the next version's 20%, and 30 labels of
  the next version (drawn from its 80%) trained from the packaged base and from the previous version's model.
Writes real_sets.md and real_sets.csv: accuracy, answers, training seconds (the whole command, start-up included)."""
import argparse, csv, json, random, re, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
UNDERSCORE = re.compile('^([^_]+)_')

def sh(*cmd) -> tuple:
    "(stdout, seconds) of a console command; its stderr on failure."
    t0 = time.time()
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode: sys.exit(f'real_sets.py: {Path(str(cmd[0])).name} failed: {r.stderr.strip()[-1500:]}')
    return r.stdout, round(time.time() - t0, 1)

def train(path, out, *args) -> dict:
    _, secs = sh(BIN/'captcha_train', '--path', path, '--out', out, *args)
    report = json.loads(Path(out).with_suffix('.json').read_text())
    return dict(train_s=secs, recipe=report['settings']['recipe'], n_train=report['data']['n_train'], n_valid=report['data']['n_valid'])

def evaluate(model, path, *args) -> dict:
    out, _ = sh(BIN/'captcha_evaluate', model, path, *args)
    first = next(l for l in out.splitlines() if 'whole-captcha' in l)
    res = dict(n_test=int(first.split()[0]), accuracy=float(re.search(r'([\d.]+) whole-captcha', first)[1]))
    if m := re.search(r'([\d.]+) answers right', first): res['answers'] = float(m[1])
    return res

def split_csvs(folder, tmp, name, n_labels=None) -> tuple:
    "CSV files (absolute paths) of a seeded 80/20 split of `folder`, and of `n_labels` drawn from the 80%."
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in ('.jpg', '.png'))
    rng = random.Random(0)
    test = set(rng.sample(files, len(files) // 5))
    train = [f for f in files if f not in test]
    def write(fs, stem):
        p = tmp/f'{name}_{stem}.csv'
        p.write_text('file,text\n' + ''.join(f'{f.resolve()},{UNDERSCORE.search(f.stem)[1]}\n' for f in fs))
        return p
    few = write(random.Random(1).sample(train, n_labels), f'{n_labels}') if n_labels else None
    return write(train, 'train'), write(sorted(test), 'test'), few

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--data', default=str(HERE.parent.parent/'shared'/'data'))
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    data, rows = Path(a.data), []
    def add(**r): rows.append(r); print(json.dumps(r), flush=True)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        math, pat = data/'math_cryptowin', '^([^-_(]+)'   # the text before the '-' that stands for '=', padding or '(2)'
        t = train(math/'train', tmp/'math.safetensors', '--label_re', pat, '--answer', 'arithmetic')
        for part in ('test', 'evaluate'):
            add(set='math_cryptowin', train='train/ (all)', test=f'{part}/', **t, **evaluate(tmp/'math.safetensors', math/part, '--label_re', pat))
        versions = sorted((data/'swust_cas').iterdir())
        for folder in [*versions, data/'pku_elective']:
            name = f'swust_cas/{folder.name}' if 'swust' in str(folder) else folder.name
            tr, te, _ = split_csvs(folder, tmp, folder.name)
            for case in ([], ['--ignore_case']):
                m = tmp/f'{folder.name}{len(case)}.safetensors'
                t = train(folder, m, '--labels', tr, *case)
                add(set=name, train='80%' + (', --ignore_case' if case else ''), test='20%', **t, **evaluate(m, folder, '--labels', te))
        for old, new in zip(versions, versions[1:]):
            prev = tmp/f'{old.name}_all.safetensors'
            train(old, prev, '--label_re', UNDERSCORE.pattern)
            _, te, few = split_csvs(new, tmp, new.name, 30)
            add(set=f'swust_cas/{new.name}', train=f'{old.name} (all), no label of {new.name}', test='20%', train_s=None, recipe=None,
                n_train=None, n_valid=None, **evaluate(prev, new, '--labels', te))
            for base, what in (('auto', 'the packaged base'), (prev, f'the {old.name} model')):
                m = tmp/f'{new.name}_30.safetensors'
                t = train(new, m, '--labels', few, '--base', base, '--recipe', 'finetune')
                add(set=f'swust_cas/{new.name}', train=f'30 labels, from {what}', test='20%', **t, **evaluate(m, new, '--labels', te))
    cols = ['set', 'train', 'test', 'n_train', 'n_valid', 'n_test', 'accuracy', 'answers', 'recipe', 'train_s']
    out = Path(a.out)
    with open(out/'real_sets.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, cols, extrasaction='ignore'); w.writeheader(); w.writerows(rows)
    lines = [f"Measured by `python bench/real_sets.py` on {time.strftime('%Y-%m-%d')}, 2 cores, no GPU. accuracy: whole text; answers: "
             "the sum computed from the text read; train_s: the whole `captcha_train` command, start-up included; n_train/n_valid: "
             "what it trained and validated on.", '', '| ' + ' | '.join(cols) + ' |', '|' + '---|' * len(cols)]
    lines += ['| ' + ' | '.join('' if r.get(c) is None else str(r.get(c)) for c in cols) + ' |' for r in rows]
    (out/'real_sets.md').write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))

if __name__ == '__main__': main()

"""Issue 27's panel: every real style of `../shared/data` learnt from 30 and 100 labels, alone and with a pool of
unlabelled images, next to the same reader with all the labels and ddddocr with none, with the commands a user runs.

    python bench/panel.py [--styles real swust_2019 ...] [--sizes 30 100] [--draws 0 1 2] [--no_pool] [--ddddocr PYTHON]
                          [--whisperer PYTHON]
    python bench/panel.py --report bench/panel.csv       # the tables again from a run's records

Protocol, the same for every style (`labels.py`'s draws, on a held-out part of each set): the style's files sorted, a
seeded 20% held out as its test images (`random.Random(0)`, as `real_sets.py`); N labels drawn from the other 80% with
draws 0, 1, 2 (`random.Random(draw)`); the unlabelled pool: up to 1,000 other training images, in a folder of their own
under meaningless names; the ceiling: every training label. Each run is `captcha_train` with its defaults (labels from a
CSV, `--labels`, and `--ignore_case` for the style whose site ignores case, but for the `_caps` styles, the same
images with their labels in capitals; `--unlabeled POOL` for the pool rows), scored
by `captcha_evaluate`'s function on the test images. Times are the whole command, start-up included, on this machine.
Each run is scored against the published labels and against
`label_check.csv` (`accuracy_chk`: held-out labels found plainly wrong by eye, replaced by what the image shows).
Writes panel.md and panel.csv (one row per run; the md table holds the means over the draws; `peer`: where the first
pool round's pseudo-labels came from, the model's sure / ddddocr's where it was unsure / ddddocr's with the characters
after them, which the model does not read)."""
import argparse, json, random, re, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
DATA = HERE.parent.parent/'shared'/'data'
UNDERSCORE = r'^([^_]+)_'
STYLES = {   # name: (folders, pattern of the text in a file name or None for the name itself, case: `FOLD`)
    'real': (['captcha_images_v2'], None, False),
    'swust_2019': (['swust_cas/20190121'], UNDERSCORE, True),
    'swust_2019b': (['swust_cas/20191218'], UNDERSCORE, True),
    'swust_2020': (['swust_cas/20200226'], UNDERSCORE, True),
    'pku': (['pku_elective'], UNDERSCORE, False),
    'math': (['math_cryptowin/train', 'math_cryptowin/evaluate', 'math_cryptowin/test'], r'^([^-_(]+)', False),
    # the same sites' labels in capitals, as the images show them, trained without --ignore_case: a site that
    # publishes its labels in capitals (no style of the panel does)
    'swust_2019b_caps': (['swust_cas/20191218'], UNDERSCORE, 'upper'),
    'swust_2020_caps': (['swust_cas/20200226'], UNDERSCORE, 'upper'),
}
FOLD = {True: str.lower, 'upper': str.upper}   # True: the site ignores case (labels lower-cased, --ignore_case)
IMAGE = ('.jpg', '.jpeg', '.png')

def style_files(name, data=DATA) -> tuple:
    "(training files, test files, {file: text}) of a style: sorted, a seeded 20% held out."
    folders, pat, case = STYLES[name]
    files = sorted(f for d in folders for f in (Path(data)/d).iterdir() if f.suffix.lower() in IMAGE)
    text = {f: (re.search(pat, f.stem)[1] if pat else f.stem) for f in files}
    if case: text = {f: FOLD[case](t) for f, t in text.items()}
    test = set(random.Random(0).sample(files, len(files) // 5))
    return [f for f in files if f not in test], sorted(test), text

def write_labels(files, text, fname) -> Path:
    Path(fname).write_text('file,text\n' + ''.join(f'{f.resolve()},{text[f]}\n' for f in files))
    return Path(fname)

def pool_folder(files, folder) -> Path:
    "A folder of links to `files` under meaningless names: what a user's unlabelled folder looks like."
    folder = Path(folder); folder.mkdir(parents=True, exist_ok=True)
    for i, f in enumerate(files): (folder/f'u{i:05d}{f.suffix.lower()}').symlink_to(f.resolve())
    return folder

def style_root(name, data=DATA) -> Path:
    "The folder holding all of a style's images: `captcha_train --path`."
    folders = STYLES[name][0]
    return Path(data)/(folders[0] if len(folders) == 1 else Path(folders[0]).parent)

def train(root, labels, out, case, pool=None, extra=()) -> dict:
    cmd = [BIN/'captcha_train', '--path', root, '--labels', labels, '--out', out, '--quiet', *extra]
    cmd += ['--ignore_case'] if case is True else []
    cmd += ['--unlabeled', pool] if pool else []
    t0 = time.time()
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode: sys.exit(f'panel.py: captcha_train failed: {r.stderr.strip()[-1500:]}')
    rep = json.loads(Path(out).with_suffix('.json').read_text())
    kept = [l for l in (rep['self_training'] or []) if l['kept']]
    first = next((l for l in rep['self_training'] or [] if l['round'] == 1 and 'sure' in l), None)   # `PseudoLabels`
    how = f"{first['sure']}/{first['peer_unsure']}/{first['peer_unread']} {first['unread']}".strip() if first else None
    return dict(train_s=round(time.time() - t0, 1), recipe=rep['settings']['recipe'], n_train=rep['data']['n_train'],
                valid=round(rep['valid'].get('accuracy', float('nan')), 4), pseudo=kept[-1]['pseudo'] if kept else None,
                peer=how)

def checked(text, data=DATA, label_check=HERE/'label_check.csv') -> dict:
    """`text` with the published labels that `label_check.csv` found plainly wrong (by eye) replaced by what the image
    shows; its `style` column is the image's folder under `data`."""
    import csv
    fixed = {(r['style'], r['file']): r['shown'] for r in csv.DictReader(open(label_check))}
    return {f: fixed.get((f.parent.relative_to(data).as_posix(), f.name), t) for f, t in text.items()}

def score(model, test, text, data=DATA, case=False) -> tuple:
    "Accuracy on `test` against the published labels, and against the checked ones (`checked`), written as `case` says."
    from captcha_nb.cli import load_predictor
    pred = load_predictor(model)
    fold = str.lower if pred.ignore_case else str
    reads = pred.predict([str(f) for f in test])
    chk = {f: FOLD.get(case, str)(t) for f, t in checked(text, Path(data)).items()}
    acc = lambda truth: round(sum(fold(t) == fold(truth[f]) for (t, _), f in zip(reads, test)) / len(test), 4)
    return acc(text), acc(chk)

PEERS = dict(ddddocr=r'''
import json, sys, ddddocr
files = json.loads(sys.stdin.read())
ocr = ddddocr.DdddOcr(show_ad=False)
print(json.dumps([ocr.classification(open(f, 'rb').read()) for f in files]))
''', whisperer=r'''
import json, sys
from captcha_whisperer import recognize
files = json.loads(sys.stdin.read())
print(json.dumps([recognize(f) for f in files]))
''')

def peer_accuracy(peer, python, test, text) -> float:
    "A zero-shot reader's whole-text accuracy, case ignored (and a trailing '=' of the arithmetic style)."
    out = subprocess.run([python, '-c', PEERS[peer]], input=json.dumps([str(f) for f in test]), capture_output=True, text=True)
    if out.returncode: sys.exit(f'panel.py: {peer} failed: {out.stderr[-1000:]}')
    reads = json.loads(out.stdout.strip().splitlines()[-1])
    return round(sum(r.lower().rstrip('=') == text[f].lower() for r, f in zip(reads, test)) / len(test), 4)

def report(rows, out: Path, cmd: str):
    import pandas as pd
    df = pd.DataFrame(rows)
    df.to_csv(out/'panel.csv', index=False)
    if 'lever' not in df: df['lever'] = ''
    df['lever'] = df['lever'].fillna('')
    df['draw'] = df['draw'].apply(lambda d: '' if pd.isna(d) or d == '' else int(float(d)))
    tried, df = df[df['lever'] != ''], df[df['lever'] == '']
    draws = sorted(d for d in df['draw'].unique() if d != '')
    def cell(style, labels, pool, what='accuracy'):
        sel = df[(df['style'] == style) & (df['labels'].astype(str) == str(labels)) & (df['pool'] == pool)]
        if not len(sel): return ''
        v = sel[what].mean()
        if v != v: return ''
        n = sel[what].notna().sum()
        fewer = f' ({n} draw{"s" if n > 1 else ""})' if str(labels).isdigit() and n < len(draws) else ''
        return (f'{v:.3f}' if what.startswith('accuracy') else f'{v:.0f}') + fewer
    def peers(s): return ' / '.join(cell(s, p, 0) for p in ('ddddocr', 'whisperer')).strip(' /')   # none: blank
    head = ('| style | 30 labels | 30 + pool | 100 labels | 100 + pool | all labels | ddddocr / captcha-whisperer, no labels |\n'
            '|---|---|---|---|---|---|---|\n')
    acc = ''.join(f"| {s} | {cell(s, 30, 0)} | {cell(s, 30, 1000)} | {cell(s, 100, 0)} | {cell(s, 100, 1000)} | "
                  f"{cell(s, 'all', 0)} | {peers(s)} |\n" for s in dict.fromkeys(df['style']))
    secs = ''.join(f"| {s} | {cell(s, 30, 0, 'train_s')} | {cell(s, 30, 1000, 'train_s')} | {cell(s, 100, 0, 'train_s')} | "
                   f"{cell(s, 100, 1000, 'train_s')} | {cell(s, 'all', 0, 'train_s')} | |\n" for s in dict.fromkeys(df['style']))
    chk = ''
    if 'accuracy_chk' in df and df['accuracy_chk'].notna().any():
        chk = ('\nThe same runs against the checked labels (`label_check.csv`: held-out labels found plainly wrong by eye, '
               'replaced by what the image shows; runs before it have no figure here):\n\n' + head
               + ''.join(f"| {s} | {cell(s, 30, 0, 'accuracy_chk')} | {cell(s, 30, 1000, 'accuracy_chk')} | "
                         f"{cell(s, 100, 0, 'accuracy_chk')} | {cell(s, 100, 1000, 'accuracy_chk')} | "
                         f"{cell(s, 'all', 0, 'accuracy_chk')} | |\n" for s in dict.fromkeys(df['style'])))
    (out/'panel.md').write_text(
        f"Made by `{cmd}` on {time.strftime('%Y-%m-%d')}, 2 cores, no GPU: whole-text accuracy on each style's held-out 20%, "
        f"the mean over label draws {draws} (fewer where a cell says so); pool: up to 1,000 unlabelled training images (`--unlabeled`).\n\n"
        + head + acc + chk + '\nSeconds of `captcha_train`, start-up included (mean over the draws):\n\n' + head + secs
        + lever_table(df, tried))
    print((out/'panel.md').read_text())

def lever_table(df, tried) -> str:
    "Each lever's runs beside the same cells (style, labels, draw, pool) without it."
    if not len(tried): return ''
    key = ['style', 'labels', 'draw', 'pool']
    base = df.assign(labels=df['labels'].astype(str), draw=df['draw'].astype(str)).set_index(key)
    lines = ['\n\nLevers (`--train_args`), run by run against the same cell without them:\n',
             '| lever | style | labels | draw | pool | accuracy | without | seconds | without |', '|---|---|---|---|---|---|---|---|---|']
    for _, r in tried.iterrows():
        k = (r['style'], str(r['labels']), str(r['draw']), r['pool'])
        b = base.loc[k] if k in base.index else None
        if 'without' in r and r['without'] == r['without']: b = dict(accuracy=r['without'], train_s=r['without_s'])   # as measured then
        lines.append(f"| {r['lever']} | {r['style']} | {r['labels']} | {r['draw']} | {r['pool']} | {r['accuracy']:.3f} | "
                     + (f"{b['accuracy']:.3f} | {r['train_s']:.0f} | {b['train_s']:.0f} |" if b is not None else f"| {r['train_s']:.0f} | |"))
    return '\n'.join(lines) + '\n'

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--styles', nargs='+', default=[s for s in STYLES if not s.endswith('_caps')], choices=list(STYLES))
    ap.add_argument('--sizes', nargs='*', type=int, default=[30, 100])
    ap.add_argument('--draws', nargs='+', type=int, default=[0, 1, 2])
    ap.add_argument('--no_pool', action='store_true', help='labels alone only')
    ap.add_argument('--pool_only', action='store_true', help='with the pool only')
    ap.add_argument('--no_ceiling', action='store_true', help='no run with every training label')
    ap.add_argument('--ddddocr', help='python of a venv with ddddocr 1.6.1')
    ap.add_argument('--whisperer', help='python of a venv with captcha-whisperer 0.1.0')
    ap.add_argument('--data', default=str(DATA))
    ap.add_argument('--out', default=str(HERE))
    ap.add_argument('--report', help="a run's panel.csv: the tables again, training nothing")
    ap.add_argument('--train_args', default='', help="more options for captcha_train, to measure a lever: e.g. '--rounds 2'")
    ap.add_argument('--lever', default='', help='the name of the lever those options are, in the records')
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    cmd = 'python bench/panel.py ' + ' '.join(sys.argv[1:])
    if a.report:
        import pandas as pd
        return report(pd.read_csv(a.report).to_dict('records'), out, cmd)
    rows = []
    if (out/'panel.csv').exists():   # a run adds to the records it finds, replacing the same cells
        import pandas as pd
        rows = pd.read_csv(out/'panel.csv').to_dict('records')
    def add(r):
        def key(x):   # records read back from the CSV hold draws as floats (0.0) and no lever as NaN
            d, lever = x.get('draw'), x.get('lever')
            d = '' if d is None or d == '' or d != d else str(int(float(d)))
            return x['style'], str(x['labels']), d, int(x['pool']), '' if lever is None or lever != lever else str(lever)
        rows[:] = [x for x in rows if key(x) != key(r)] + [r]
        print(json.dumps(r), flush=True)
        report(rows, out, cmd)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for s in a.styles:
            train_files, test, text = style_files(s, a.data)
            case = STYLES[s][2]
            for peer, python in (('ddddocr', a.ddddocr), ('whisperer', a.whisperer)):
                if python: add(dict(style=s, labels=peer, draw='', pool=0, accuracy=peer_accuracy(peer, python, test, text)))
            for n in a.sizes:
                for draw in a.draws:
                    drawn = sorted(random.Random(draw).sample(train_files, n))
                    labels = write_labels(drawn, text, tmp/f'{s}_{n}_{draw}.csv')
                    rest = sorted(set(train_files) - set(drawn))
                    for pool in ([0] if a.no_pool else [1000] if a.pool_only else [0, 1000]):
                        folder = pool_folder(random.Random(draw).sample(rest, min(pool, len(rest))), tmp/f'pool_{s}_{n}_{draw}') if pool else None
                        m = tmp/f'{s}_{n}_{draw}_{pool}.safetensors'
                        t = train(style_root(s, a.data), labels, m, case, folder, a.train_args.split())
                        acc, acc_chk = score(m, test, text, a.data, case)
                        add(dict(style=s, labels=n, draw=draw, pool=pool, accuracy=acc, accuracy_chk=acc_chk, n_test=len(test), **t,
                                 **({'lever': a.lever} if a.lever else {})))
            if not a.no_ceiling:
                m = tmp/f'{s}_all.safetensors'
                t = train(style_root(s, a.data), write_labels(train_files, text, tmp/f'{s}_all.csv'), m, case, None,
                          a.train_args.split())
                acc, acc_chk = score(m, test, text, a.data, case)
                add(dict(style=s, labels='all', draw='', pool=0, accuracy=acc, accuracy_chk=acc_chk, n_test=len(test), **t,
                         **({'lever': a.lever} if a.lever else {})))

if __name__ == '__main__': main()

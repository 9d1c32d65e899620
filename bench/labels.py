"""How many labelled captchas does a reader need? The learning curve of `captcha_train`, lever by lever.

    python bench/labels.py [--sizes 30 100 300 936] [--subsets 3] [--arms default steps steps+aug base unlabeled] [--ddddocr PYTHON] [--alphabet]
    python bench/labels.py --report bench/labels.csv      # the table and plot again from a run's records
    CAPTCHA_NB_DATA=../shared/data/pku_elective python bench/labels.py --label_re '^([^_]+)_' --out /tmp/pku   # another set

Each run is what `captcha_train` does with a folder of N labelled images of the real set: N drawn at random (subset
seeds 0, 1, 2) from the 936 training images of the canonical split (seed 42), 10% of them held out as the run's own
validation, and the final model scored on the 104 validation captchas of the canonical split, which no run trains on or
chooses by. Arms (the levers, each on and off):

- `default`: the recommended recipe of `10_recommended` as it is (batch 32, 20 epochs: no floor on steps, no affine);
- `steps`: the small-set recipe (batch 16, at least 1000 steps), what `captcha_train` does below 600 training images
  when it does not fine-tune (200 or more images the base reads less than 40% of, another architecture or image
  size, or `--base none`);
- `steps+aug`: the same with the stronger geometric augmentation of the fine-tuning recipe (`SMALL_AFFINE`);
- `base`: the fine-tuning recipe: from the pretrained base, 500 steps, stronger augmentation, a learning rate from
  `base_reads` (what `captcha_train` does by itself below 200 training images, and below 600 when the base reads at
  least 40% of them);
- `unlabeled`: what `captcha_train --unlabeled` does: the recipe it picks by itself, then one round of self-training
  on the other training images given without labels (the recipe picked again for labels + pseudo-labels), with the
  guard of `08a_few_labels` (on the run's own held-out labels).

The base's own zero-shot reading is a row too (labelled 0).

With `--ddddocr PYTHON` (the python of a venv with `ddddocr`), ddddocr's zero-shot reading of the same 104 captchas,
as it comes and when told the alphabet (`set_ranges`), is measured in the same run. With `--alphabet`, every run is
told the set's whole alphabet, as `captcha_train --alphabet` is (a few labels may not hold every character). Writes
bench/labels.md, .csv, .png."""
import argparse, json, os, random, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PEER = r'''
import json, sys, ddddocr
files, alphabet = json.loads(sys.stdin.read())
ocr = ddddocr.DdddOcr(show_ad=False)
plain = [ocr.classification(open(f, 'rb').read()) for f in files]
ocr.set_ranges(alphabet)
told = [ocr.classification(open(f, 'rb').read()) for f in files]
print(json.dumps(dict(plain=plain, told=told)))
'''

def ddddocr_rows(python, files, alphabet) -> list:
    "ddddocr's whole-captcha accuracy on `files`, as it comes and told the alphabet."
    out = subprocess.run([python, '-c', PEER], input=json.dumps([list(map(str, files)), alphabet]), capture_output=True, text=True)
    if out.returncode: sys.exit(f'labels.py: error: ddddocr failed: {out.stderr[-1000:]}')
    res = json.loads(out.stdout.strip().splitlines()[-1])
    truth = [Path(f).stem for f in files]
    def acc(preds, same=lambda p, t: p == t): return round(sum(same(p, t) for p, t in zip(preds, truth)) / len(truth), 4)
    return [dict(arm=f'ddddocr zero-shot{" + set_ranges" if k == "told" else ""}', labelled=0, subset='', accuracy=acc(res[k]))
            for k in ('plain', 'told')] + [   # ddddocr reads letters in either case: also scored ignoring case
            dict(arm='ddddocr zero-shot, case ignored', labelled=0, subset='', accuracy=acc(res['plain'], lambda p, t: p.lower() == t.lower()))]

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sizes', type=int, nargs='*', default=[30, 100, 300, 936], help='none: the zero-shot rows only')
    ap.add_argument('--subsets', type=int, default=3)
    ap.add_argument('--arms', nargs='+', default=['default', 'steps', 'steps+aug', 'base', 'unlabeled'])
    ap.add_argument('--report', help="a run's labels.csv: write the table and plot from it, training nothing")
    ap.add_argument('--base', help='base model file (default: the packaged one)')
    ap.add_argument('--ddddocr', help='python of a venv with ddddocr')
    ap.add_argument('--alphabet', action='store_true', help="tell training the set's whole alphabet (the characters of all "
                    "its file names), as `captcha_train --alphabet` does; default: the characters of the drawn labels")
    ap.add_argument('--label_re', help="the label is this pattern's first group in each file name (captcha_train --label_re), "
                    "for sets not named by their text, e.g. '^([^_]+)_'; default: the names")
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from captcha_nb.core import score_predictions, read_labels
    from captcha_nb.data import captcha_files, captcha_data_path, split_files, FileLabels
    from captcha_nb.inference import CaptchaPredictor
    from captcha_nb.few_labels import fit_labels, self_train, load_base, SMALL_AFFINE
    from functools import partial
    from captcha_nb.cli import named_learner
    small = partial(named_learner, name='small')   # the recommended CRNN
    import pandas as pd
    if a.report:
        Path(a.out).mkdir(parents=True, exist_ok=True)
        return report(pd.read_csv(a.report), a.arms, Path(a.out), f'python bench/labels.py --report {Path(a.report).name}', records=True)
    texts = read_labels(captcha_data_path(), a.label_re)   # {file: text}: the names, or the pattern's group in them
    files = captcha_files(captcha_data_path())
    pool, test = split_files(files)          # the canonical split: 936 to draw labels from, 104 to score on
    pool, test = sorted(pool), sorted(test)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    alphabet = ''.join(sorted(set(''.join(texts.values()))))   # the set's whole alphabet
    rows = ddddocr_rows(a.ddddocr, test, alphabet) if a.ddddocr else []
    base = load_base(a.base)
    if base is None and {'base', 'unlabeled'} & set(a.arms): sys.exit('labels.py: error: no base model: run tools/pretrain_base.py')
    if base is not None:   # the base untrained on this style: as it comes, and told the alphabet (its other rows dropped)
        from captcha_nb.few_labels import told_base
        told = told_base(base, alphabet)
        for arm, p in [('base zero-shot', base), ('base zero-shot, told the alphabet', told)]:
            rows.append(dict(arm=arm, labelled=0, subset='', accuracy=round(score_predictions(p.predict(test), test, texts)['accuracy'], 4)))
    for r in rows: print(json.dumps(r), flush=True)
    arms = {'default': dict(recipe='default'), 'steps': dict(recipe='small'), 'steps+aug': dict(recipe='small', affine=SMALL_AFFINE),
            'base': dict(recipe='finetune', base=base), 'unlabeled': dict(recipe='auto', base=base)}
    arms = {k: {**v, 'alphabet': alphabet if a.alphabet else None} for k, v in arms.items()}
    for n in a.sizes:
        for sub in range(a.subsets if n < len(pool) else 1):
            labelled = sorted(random.Random(sub).sample(pool, n)) if n < len(pool) else pool
            train, valid = split_files(labelled, 0.1, 42)
            given = {f: texts(f) for f in labelled}   # only the drawn images' texts reach training
            for arm in a.arms:
                if arm == 'unlabeled' and n >= len(pool): continue
                start = time.perf_counter()
                if arm == 'unlabeled':
                    rest = sorted(set(pool) - set(labelled))
                    learn, _, log = self_train(train, valid, rest, small, labels=given, **arms[arm])
                    extra = dict(pseudo=log[-1]['pseudo'], kept=log[-1]['kept'])
                    labels = learn.dls.train_ds.tfms.fs[0].label_func   # FileLabels when a pseudo-labelled model was kept
                    pseudo = {f: t for f, t in labels.labels.items() if f not in given} if isinstance(labels, FileLabels) else {}
                    if pseudo:   # how right its pseudo-labels were: the true texts are known here, unused in training
                        extra['pseudo_right'] = round(sum(texts(f) == t for f, t in pseudo.items()) / len(pseudo), 4)
                else:
                    learn, _, _ = fit_labels(train, valid, small, labels=given, **arms[arm])
                    extra = {}
                secs = time.perf_counter() - start
                acc = score_predictions(CaptchaPredictor.from_learner(learn).predict(test), test, texts)['accuracy']
                extra.update(lr=round(learn.recipe['lr'], 6), base_reads=learn.recipe['base_reads'])   # what fine-tuning chose
                rows.append(dict(arm=arm, labelled=n, subset=sub, accuracy=round(acc, 4), train_s=round(secs, 1), **extra))
                print(json.dumps(rows[-1]), flush=True)
                pd.DataFrame(rows).to_csv(out/'labels.csv', index=False)
    df = pd.DataFrame(rows)
    df.to_csv(out/'labels.csv', index=False)
    report(df, a.arms, out, f'CAPTCHA_NB_DATA=.../{captcha_data_path().name} python bench/labels.py '
           + ' '.join(x if x != a.ddddocr else 'PYTHON_OF_A_DDDDOCR_VENV' for x in sys.argv[1:]))

def report(df, arms, out, command, records=False):
    "bench/labels.md (mean, lowest and highest accuracy per arm and size) and bench/labels.png from a run's records."
    from captcha_nb.few_labels import BASE_SET, BASE_READS, SMALL_SET
    runs = df[df.labelled > 0]
    table = runs.groupby(['arm', 'labelled']).agg(mean=('accuracy', 'mean'), low=('accuracy', 'min'), high=('accuracy', 'max'),
                                                 runs=('accuracy', 'size'), train_s=('train_s', 'mean')).reset_index()
    order = {k: i for i, k in enumerate(arms)}
    table = table.sort_values(['arm', 'labelled'], key=lambda c: c.map(order) if c.name == 'arm' else c)
    lines = ['| arm | labelled | mean accuracy | lowest | highest | runs | train s (mean) |', '|---|---|---|---|---|---|---|']
    lines += [f'| {r.arm} | {r.labelled} | {r.mean:.3f} | {r.low:.3f} | {r.high:.3f} | {r.runs} | {r.train_s:.0f} |' for r in table.itertuples()]
    lines += [f'| {r.arm} | 0 | {r.accuracy:.3f} | | | 1 | 0 |' for r in df[df.labelled == 0].itertuples()]
    header = (f"{'Table made by' if records else 'Measured by'} `{command}`{' from the runs recorded there,' if records else ''} "
              f"on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores: whole-captcha accuracy on the 104 validation captchas "
              f"of the canonical split; each run trains on N labelled images drawn from the other 936 (10% of them held out "
              f"as the run's validation), as `captcha_train` does with a folder of N images. What `captcha_train` picks by "
              f"itself: the `base` arm below {BASE_SET} training images, and below {SMALL_SET} where the base reads at least "
              f"{BASE_READS:.0%} of them (`base_reads`), else `steps`; `default` from {SMALL_SET} on; with `--unlabeled`, "
              f"the `unlabeled` arm.")
    (out/'labels.md').write_text(header + '\n\n' + '\n'.join(lines) + '\n')
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3))
    for arm in arms:
        t = table[table.arm == arm]
        if len(t): ax.errorbar(t.labelled, t['mean'], yerr=[t['mean'] - t.low, t.high - t['mean']], marker='o', capsize=3, label=arm)
    for r in df[df.labelled == 0].itertuples(): ax.axhline(r.accuracy, ls=':', c='grey')
    ax.set_xscale('log'); ax.set_xlabel('labelled images'); ax.set_ylabel('whole-captcha accuracy'); ax.legend(fontsize=7)
    plt.tight_layout(); plt.savefig(out/'labels.png', dpi=80)
    print((out/'labels.md').read_text())

if __name__ == '__main__': main()

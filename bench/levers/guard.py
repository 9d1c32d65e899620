"""The guard of `self_train` on the bench's `unlabeled` runs (`08a_few_labels`, "Where the targets are missed"): each run
again with `bench/labels.py`'s calls (deterministic on one machine: the same models), recording for the labels-only
model and the self-trained one their held-out accuracy, CTC loss and mean confidence, and their score on the 104.

    CAPTCHA_NB_DATA=... python bench/levers/guard.py records/guard.jsonl 30 100 300    # appends one line per run
    python bench/levers/guard.py records/guard.jsonl --report    # what each tie-break would have kept"""
import json, os, random, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

def run(out, sizes):
    import numpy as np
    from captcha_nb.core import score_predictions
    from captcha_nb.data import captcha_files, captcha_data_path, split_files
    from captcha_nb.inference import CaptchaPredictor
    from captcha_nb.few_labels import self_train, load_base, valid_accuracy
    from functools import partial
    from captcha_nb.cli import named_learner
    small = partial(named_learner, name='small')   # the recommended CRNN
    base = load_base()
    pool, test = split_files(captcha_files(captcha_data_path())); pool, test = sorted(pool), sorted(test)
    for n in sizes:
        for sub in range(3):
            labelled = sorted(random.Random(sub).sample(pool, n))
            train, valid = split_files(labelled, 0.1, 42)
            seen = []
            def score(learn):   # the guard's own score, plus what the tie-breaks would look at
                p, items = CaptchaPredictor.from_learner(learn), list(learn.dls.valid_ds.items)
                seen.append(dict(acc=valid_accuracy(learn), loss=float(learn.validate()[0]),
                                 conf=float(np.mean([c for _, c in p.predict(items)])),
                                 test=score_predictions(p.predict(test), test)['accuracy']))
                return seen[-1]['acc']
            _, _, log = self_train(train, valid, sorted(set(pool) - set(labelled)), small, base=base, score=score)
            rec = dict(set=captcha_data_path().name, n=n, sub=sub, nvalid=len(valid), models=seen, kept=[l['kept'] for l in log])
            with open(out, 'a') as f: f.write(json.dumps(rec) + '\n')
            print(json.dumps(rec), flush=True)

def report(fname):
    rows = [json.loads(l) for l in open(fname)]
    rules = {'ties keep (as now)': lambda m0, m1: m1['acc'] >= m0['acc'],
             'ties by held-out loss': lambda m0, m1: (m1['acc'], -m1['loss']) >= (m0['acc'], -m0['loss']),
             'ties by mean confidence': lambda m0, m1: (m1['acc'], m1['conf']) >= (m0['acc'], m0['conf'])}
    for name, keep in rules.items():
        counts, finals = [0, 0, 0], {}
        for r in rows:
            m0 = r['models'][0]
            final = r['models'][1]['test'] if len(r['models']) > 1 and keep(m0, r['models'][1]) else m0['test']
            counts[0 if final > m0['test'] else 1 if final == m0['test'] else 2] += 1
            finals.setdefault(r['set'], []).append(final)
        print(f"{name}: more/as many/fewer than labels only {counts[0]}/{counts[1]}/{counts[2]} of {len(rows)} runs; mean "
              + ', '.join(f'{s} {sum(v) / len(v):.3f}' for s, v in finals.items()))

if __name__ == '__main__':
    if '--report' in sys.argv: report(sys.argv[1])
    else: run(sys.argv[1], [int(s) for s in sys.argv[2:]])

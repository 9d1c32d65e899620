"""Issue 27: ddddocr's network (`ddddocr_base`, `finetune_dddd`) against captcha-whisperer's (`finetune_dense`) from the
same labels, read four ways: once or over shifts (4 pixels), with or without ddddocr as the second reader.

The panel's protocol (`bench/panel.py`: its styles, test images and label draws, the pool alphabet, the crop), the
package's `fit_labels` and readers; one JSON line per run. `--lr` overrides the recipe's rate (ddddocr: 1e-4).
  python bench/levers/dddd_base.py --styles swust_2019b --n 30 --draws 0 1 2 --nets dddd dense --out records/dddd.jsonl
"""
import argparse, json, random, sys, time
from functools import partial
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from panel import style_files, STYLES, FOLD
from captcha_nb.few_labels import *
from captcha_nb.cli import input_for, named_learner
from captcha_nb.inference import CaptchaPredictor

def run(style, n, draw, net, lr=None):
    train_files, test, text = style_files(style)
    drawn = sorted(random.Random(draw).sample(train_files, n))
    h, w, crop = input_for(drawn, net, None, None, 'auto', {len(text[f]) for f in drawn})
    base, recipe = (ddddocr_base(), 'finetune_dddd') if net == 'dddd' else (whisperer_base(), 'finetune_dense')
    t0 = time.time()
    alphabet = pool_alphabet([text[f] for f in drawn])
    learn, _, _ = fit_labels(drawn, [], partial(named_learner, name=net), recipe, base=base, lr=lr, size=(h, w),
                             crop=crop, labels=text, alphabet=alphabet, seed=42, quiet=True)
    res = dict(style=style, n=n, draw=draw, net=net, size=[h, w], train_s=round(time.time() - t0, 1),
               lr=learn.recipe['lr'], reads=round(dddd_reads(drawn, text), 4))
    fold = FOLD.get(STYLES[style][2], str)
    for shift, second in ((0, None), (0, 'ddddocr'), (4, None), (4, 'ddddocr')):
        reads = CaptchaPredictor.from_learner(learn, shift=shift, second_reader=second).predict([str(f) for f in test])
        right = sum(fold(r) == fold(text[f]) for (r, _), f in zip(reads, test))
        res[f'acc_s{shift}_{second or "none"}'] = round(right / len(test), 4)
    return res

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--styles', nargs='+', required=True); ap.add_argument('--n', type=int, default=30)
    ap.add_argument('--draws', nargs='+', type=int, default=[0])
    ap.add_argument('--nets', nargs='+', default=['dddd', 'dense'])
    ap.add_argument('--lr', type=float); ap.add_argument('--out', required=True)
    a = ap.parse_args()
    for s in a.styles:
        for d in a.draws:
            for net in a.nets:
                r = run(s, a.n, d, net, a.lr)
                print(json.dumps(r), flush=True)
                with open(a.out, 'a') as f: f.write(json.dumps(r) + '\n')

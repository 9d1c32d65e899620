"""A lever for issue 25, measured and not yet built in: does reading each image twice more, shifted 4 pixels left and
right, rank right reads above wrong ones better? The confidence becomes the mean of P(text | image) over the three reads
(the text is the unshifted read's), at three times the reading cost.

    python bench/confidence_shifts.py --models DIR [--data ../shared/data] [--draws 0 1 2] [--shift 4]

The models and protocol are `confidence.py`'s (run it first with the same `--models DIR`; this trains nothing); scored
against the checked labels (`label_check.csv`). Writes confidence_shifts.md."""
import argparse, sys, time
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent))
import confidence as C

def shifted(x: np.ndarray, px: int) -> np.ndarray:
    "A uint8 batch (n, 3, h, w) moved `px` pixels right (left when negative), the edge column repeated into the gap."
    i = np.clip(np.arange(x.shape[-1]) - px, 0, x.shape[-1] - 1)
    return x[..., i]

def main():
    from captcha_nb.core import calibration, ctc_text_logprob, log_softmax
    from captcha_nb.inference import load_predictor
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--models', required=True)
    ap.add_argument('--data', default=str(HERE.parent.parent/'shared'/'data'))
    ap.add_argument('--draws', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--shift', type=int, default=4)
    a = ap.parse_args()
    fixed, rows = C.checked_labels(), []
    for name, _, test in C.styles(Path(a.data)):
        truth = [fixed.get((name, Path(f).name), t) for f, t in test]
        for draw in a.draws:
            pred = load_predictor(Path(a.models)/f"{name.replace('/', '_')}_{draw}.safetensors")
            x = np.stack([pred.load_item(str(f)) for f, _ in test])
            scores = lambda b: np.concatenate([pred.batch_scores(b[i:i + 64]) for i in range(0, len(b), 64)]).astype(np.float64)
            t0 = time.perf_counter(); base = scores(x); one = time.perf_counter() - t0
            reads = pred.predict_batch(x)
            enc = [pred.vocab.encode(t) for t, _ in reads]
            prob = lambda s: np.exp(ctc_text_logprob(log_softmax(s / pred.temperature), enc))
            t0 = time.perf_counter()
            three = np.mean([prob(base), prob(scores(shifted(x, a.shift))), prob(scores(shifted(x, -a.shift)))], 0)
            more = time.perf_counter() - t0
            right = np.array([t == s for (t, _), s in zip(reads, truth)])
            for how, conf in (('one read', np.array([c for _, c in reads])), (f'mean of 3 (shifts 0, +-{a.shift})', three)):
                m = calibration(conf, right)
                rows.append(dict(style=name, draw=draw, how=how, accuracy=right.mean(), ece=m['ece'], auroc=m['auroc'],
                                 right_among_above=m['accuracy_above'], right_reads_above=m['right_above']))
                print(rows[-1], flush=True)
            rows[-1]['cost'] = (one + more) / one
    keys = ['accuracy', 'ece', 'auroc', 'right_among_above', 'right_reads_above']
    lines = [f"Measured by `python bench/confidence_shifts.py` on {time.strftime('%Y-%m-%d')}, 2 cores: `confidence.py`'s 100-label "
             "models, held-out images, checked labels; means over the draws (AUROC over the draws that have a wrong read). "
             "Targets: ECE <= 0.03, AUROC >= 0.95, right_reads_above >= 0.85, right_among_above >= 0.99.", '',
             '| style | confidence | ' + ' | '.join(keys) + ' |', '|---|---|' + '---|' * len(keys)]
    for name in dict.fromkeys(r['style'] for r in rows):
        for how in dict.fromkeys(r['how'] for r in rows):
            sel = [r for r in rows if r['style'] == name and r['how'] == how]
            mean = lambda k: np.nanmean([r[k] for r in sel]) if any(r[k] == r[k] for r in sel) else float('nan')
            lines.append(f'| {name} | {how} | ' + ' | '.join(f'{mean(k):.3f}' for k in keys) + ' |')
    cost = [r['cost'] for r in rows if 'cost' in r]
    lines += ['', f'Reading time of the three reads against one: {min(cost):.1f}-{max(cost):.1f}x.']
    (HERE/'confidence_shifts.md').write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))

if __name__ == '__main__': main()

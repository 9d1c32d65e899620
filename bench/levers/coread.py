"""A predict-time second reader for labels-alone models (issue 27, twelfth session; measured, not built): where the
model's reading of a test image has a calibrated confidence under `MAX_CONF` and ddddocr reads a text of the model's
alphabet and lengths that differs, the model's probability of ddddocr's text (`text_probability`) decides: at least
`MIN_P`, ddddocr's text is the answer.

    python bench/levers/coread.py --styles swust_2019b swust_2020 pku math --draws 0 1 2

Trains each 30-label draw as `bench/panel.py` does (the same labels, `captcha_train` with its defaults), then
scores the test images without and with the second reader, for a few (MAX_CONF, MIN_P) pairs.
Results: `bench/levers/README.md`."""
import argparse, random, sys, tempfile
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).parents[1]))
from panel import STYLES, style_files, write_labels, style_root, train
from captcha_nb.cli import load_predictor
from captcha_nb.few_labels import peer_reads, text_probability

RULES = [(0.7, 0.01), (0.9, 0.01), (0.9, 0.05), (1.01, 0.01)]   # (MAX_CONF, MIN_P); 1.01: wherever they differ

def coread(model, test, text) -> dict:
    "Accuracy on `test` of the model alone and with ddddocr as the second reader under each rule of `RULES`."
    pred = load_predictor(model)
    fold = str.lower if pred.ignore_case else str
    reads = pred.predict([str(f) for f in test])
    ours, conf = [t for t, _ in reads], np.array([c for _, c in reads])
    theirs = peer_reads(test, pred.vocab.chars, pred.lengths)
    ask = [i for i, f in enumerate(test) if f in theirs and theirs[f] != ours[i]]
    p = text_probability(pred, [test[i] for i in ask], [theirs[test[i]] for i in ask])
    right = lambda t, f: fold(t) == fold(text[f])
    res = {'alone': np.mean([right(o, f) for o, f in zip(ours, test)])}
    for cmax, pmin in RULES:
        new = list(ours)
        for j, i in enumerate(ask):
            if conf[i] < cmax and p[j] >= pmin: new[i] = theirs[test[i]]
        res[f'conf<{cmax} p>={pmin}'] = np.mean([right(t, f) for t, f in zip(new, test)])
    return {k: round(float(v), 4) for k, v in res.items()}

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--styles', nargs='+', default=['swust_2019b'], choices=list(STYLES))
    ap.add_argument('--draws', nargs='+', type=int, default=[0])
    ap.add_argument('--labels', type=int, default=30)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        for s in a.styles:
            train_files, test, text = style_files(s)
            for draw in a.draws:
                drawn = sorted(random.Random(draw).sample(train_files, a.labels))
                m = Path(d)/f'{s}_{draw}.safetensors'
                train(style_root(s), write_labels(drawn, text, Path(d)/f'{s}_{draw}.csv'), m, STYLES[s][2])
                print(dict(style=s, labels=a.labels, draw=draw, **coread(m, test, text)), flush=True)

if __name__ == '__main__': main()

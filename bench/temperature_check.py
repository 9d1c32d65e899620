"""A temperature fitted on a 100-label run's own 10 validation images, against 0.5 and 1, scored on the real set's
canonical 104 (labels: draws 0 and 2 of bench/labels.py), and the temperature fitted on those 104 themselves.

    python bench/temperature_check.py > bench/temperature_check.txt

Run on 2026-12-02 before MIN_CALIBRATION existed (its record: temperature_check.txt); since then `calibrate` keeps
temperature 1 for such runs, so the first row of each draw now shows 1."""
import random, json, tempfile
from pathlib import Path
from captcha_nb.cli import train_captcha
from captcha_nb.core import calibration
from captcha_nb.data import split_files

HERE = Path(__file__).resolve().parent
real = HERE.parent.parent/'shared'/'data'/'captcha_images_v2'
pool, test = split_files(sorted(real.glob('*.png')))
with tempfile.TemporaryDirectory() as d:
    for draw in (0, 2):
        lab = Path(d)/f'labels{draw}.csv'
        lab.write_text('file,text\n' + ''.join(f'{f},{f.stem}\n' for f in random.Random(draw).sample(list(pool), 100)))
        pred, _ = train_captcha(real, labels=lab, out=Path(d)/'m.safetensors', quiet=True)
        for t in (pred.temperature, 0.5, 1.0):
            pred.temperature = t
            preds = pred.predict(list(test))
            cal = calibration([c for _, c in preds], [p == f.stem for (p, _), f in zip(preds, test)])
            print(draw, 'T', round(t, 3), json.dumps({k: round(v, 3) for k, v in cal.items()}), flush=True)
        print(draw, 'temperature fitted on the 104 themselves', round(pred.calibrate(list(test), [f.stem for f in test]), 3))

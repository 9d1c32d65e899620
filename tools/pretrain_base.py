"""Pretrain the base model that `captcha_train` fine-tunes on a small labelled set (`08a_few_labels`).

    python tools/pretrain_base.py [--n 30000] [--epochs 8] [--work /tmp/captcha_nb_pretrain] [--out captcha_nb/base.safetensors]

Its data are made here, not downloaded: synthetic captchas of the `captcha` package, drawn with the fonts matplotlib
ships (DejaVu Sans, Sans Mono and Serif in four weights each, STIX, Computer Modern) and the package's own, in chunks
of 500 images that each pick their fonts, image size (40-80 by 120-260 pixels), label lengths (3 to 8) and alphabet
(digits, lower-case, upper-case letters, or mixes). The model is the recommended small CRNN at 32x128, trained with
the recommended recipe's settings (batch 32, one-cycle at 3e-3) plus the small-set augmentation, on 62 characters.
The images go to --work (reused when there), the model file to --out, and a JSON report beside it."""
import argparse, json, random, string, time
from pathlib import Path

ALPHABETS = [string.digits + string.ascii_lowercase, string.digits + string.ascii_uppercase, string.ascii_lowercase,
             string.ascii_uppercase, string.digits, string.digits + string.ascii_letters]

def chunk_settings(i:int, fonts:list) -> dict:
    "The style of chunk `i`: fonts, size, lengths and alphabet, drawn from a generator seeded with `i`."
    rng = random.Random(i)
    lo = rng.randint(3, 7)
    return dict(fonts=rng.sample(fonts, rng.randint(1, 3)) if fonts else None, alphabet=rng.choice(ALPHABETS),
                size=(rng.randint(40, 80), rng.randint(120, 260)), min_len=lo, max_len=rng.randint(lo, 8), seed=1000 + i)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=30000, help='synthetic images')
    ap.add_argument('--epochs', type=int, default=8)
    ap.add_argument('--work', default='/tmp/captcha_nb_pretrain', help='folder for the images (reused when complete)')
    ap.add_argument('--out', default=str(Path(__file__).resolve().parent.parent/'captcha_nb'/'base.safetensors'))
    a = ap.parse_args()
    import matplotlib
    from captcha_nb.core import image_files
    from captcha_nb.data import make_captchas
    from captcha_nb.training import train_run, run_summary
    from captcha_nb.crnn import crnn_learner
    from captcha_nb.decoders import ctc_captcha_accuracy
    from captcha_nb.inference import CaptchaPredictor
    from captcha_nb.few_labels import SMALL_AFFINE
    ttf = Path(matplotlib.get_data_path())/'fonts'/'ttf'
    fonts = sorted(str(f) for f in ttf.glob('*.ttf') if f.name.startswith(('DejaVuSans', 'DejaVuSerif', 'STIXGeneral', 'cm'))
                   and 'Display' not in f.name and f.name not in ('cmex10.ttf', 'cmsy10.ttf', 'cmmi10.ttf'))
    fonts.append(None)   # the captcha package's own font
    work, start = Path(a.work), time.perf_counter()
    for i in range(a.n // 500):
        folder = work/f'chunk{i:03d}'
        if len(image_files(folder) if folder.is_dir() else []) >= 500: continue
        s = chunk_settings(i, fonts)
        make_captchas(folder, 500, s['alphabet'], s['min_len'], s['max_len'], s['size'], s['seed'],
                      fonts=[f for f in s['fonts'] if f] or None)
    made = time.perf_counter() - start
    files = image_files(work)
    print(f'{len(files)} images in {made:.0f} s', flush=True)
    learn, hist = train_run(files, lambda dls: crnn_learner(dls, 'small', metrics=ctc_captcha_accuracy), a.epochs, 3e-3,
                            bs=32, size=(32, 128), valid_pct=0.02, affine=SMALL_AFFINE, quiet=False)
    s = run_summary(hist)
    pred = CaptchaPredictor.from_learner(learn)
    pred.meta = dict(base=dict(images=len(files), make_s=round(made), train_s=s['train_s'], epochs=a.epochs,
                               valid_accuracy=round(s['final'], 4), fonts=[Path(f).name if f else 'captcha package' for f in fonts]))
    out = pred.save(a.out)
    out.with_suffix('.json').write_text(json.dumps(pred.meta, indent=1))
    print(f'base model: {out} ({out.stat().st_size:,} bytes); {json.dumps(pred.meta["base"])}')

if __name__ == '__main__': main()

"""A stand-in for a site that draws its text in part of a wide image (issue 27's site D: characters in the left third,
nothing read even from 2,000 labels): each swust_cas 20191218 captcha pasted into the left of a canvas three times as
wide, in the image's own most common colour, with eight random thin lines across it. Then `captcha_train` on every
training label, at the default width (`fit_width`: 272 for these 300x35 images) or a fixed one, and
`captcha_evaluate` on the held-out 20% (the panel's split, `panel.py`).

    python bench/wide.py [--width 128] [--work /tmp/captcha_nb_wide]

Measured 2026-12-02 on 2 cores (beside other runs), every training label (1,313; 131 of them validation), 328 test
images: at 32x128 (squished, as before `fit_width`) the run from scratch read nothing through epoch 12 (CTC's
all-blank phase; validation 0.33 at epoch 20), so `fit_labels` tried again from the base: test 0.488 in 12
minutes. At 32x272 the run from scratch stayed blank for all 20 epochs (validation 0), and the retry from the
base reached test 0.887 in 22 minutes.
The same captchas at their own size (the panel's ceiling for swust_2019b): 0.957."""
import argparse, random, subprocess, sys
from pathlib import Path
from PIL import Image, ImageDraw
sys.path.insert(0, str(Path(__file__).resolve().parent))
import panel

def make_wide(dest:Path, style='swust_2019b') -> tuple:
    "(training folder, test folder) of the wide stand-in, made once."
    train, test, text = panel.style_files(style)
    rng = random.Random(0)
    for sub, files in (('train', train), ('test', test)):
        (dest/sub).mkdir(parents=True, exist_ok=True)
        for f in files:
            out = dest/sub/f'{text[f]}_{f.stem.split("_", 1)[1]}.png'
            if out.exists(): continue
            im = Image.open(f).convert('RGB')
            w, h = im.size
            can = Image.new('RGB', (3 * w, h), max(im.getcolors(w * h))[1])
            d = ImageDraw.Draw(can)
            for _ in range(8):
                d.line([(rng.randrange(3 * w), rng.randrange(h)), (rng.randrange(3 * w), rng.randrange(h))],
                       fill=tuple(rng.randint(0, 255) for _ in range(3)))
            can.paste(im, (rng.randint(0, 6), 0))
            can.save(out)
    return dest/'train', dest/'test'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--width', type=int, help="the model's input width; default: captcha_train's (fit_width)")
    ap.add_argument('--work', default='/tmp/captcha_nb_wide')
    a = ap.parse_args()
    tr, te = make_wide(Path(a.work))
    model, bin = Path(a.work)/f'wide_{a.width or "auto"}.safetensors', Path(sys.executable).parent
    cmd = [bin/'captcha_train', '--path', tr, '--label_re', '^([^_]+)_', '--ignore_case', '--out', model, '--quiet']
    subprocess.run([str(c) for c in cmd + (['--width', a.width] if a.width else [])], check=True)
    subprocess.run([str(bin/'captcha_evaluate'), str(model), str(te), '--label_re', '^([^_]+)_'], check=True)

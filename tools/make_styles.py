"""Make the synthetic captcha styles that `bench/labels.py` measures besides the real set (issue 15).

    python tools/make_styles.py [--out /tmp/styles] [--styles caps6 lines4]
    CAPTCHA_NB_DATA=/tmp/styles/caps6 python bench/labels.py --arms steps base unlabeled --out bench/styles/caps6

Each differs from the real set (grey, 5 characters of '2345678bcdefgmnpwxy', 50x200) in font, colour, size and length,
and uses fonts the pretrained base never saw (the Liberation fonts of the Debian package `fonts-liberation`; the base
was made with matplotlib's fonts). Like the alphabets of real captchas, none holds characters that a person cannot tell
apart in its fonts (0/O, 1/I/l): a style that people cannot read is no test of a reader.
- `caps6`: digits and upper-case letters, 6 characters, 60x180, Liberation Serif bold, drawn by the `captcha` package
  (the generator of the base's data: random pale background, one random colour, warped characters, a curve, dots);
- `lines4`: lower-case letters and digits, 4 characters, 40x130, drawn here with Pillow, a generator the base never saw:
  each character in its own dark colour, font (Liberation Sans bold or Liberation Mono bold), size and rotation, on a
  light background with three crossing lines and scattered dots (the PHP-style captcha of many sites).
The first styles of issue 15 (`serif_caps6`, `mono_lower4`) kept the look-alikes and drew 4 characters on 40x120 with the
`captcha` package's warping: trained on all 936 labelled images they read 0.93 and 0.70 (bench/styles/README.md).
1040 images each, like the real set, with fixed seeds."""
import argparse, random, sys
from pathlib import Path

LIB = Path('/usr/share/fonts/truetype/liberation')
STYLES = dict(
    caps6=dict(maker='captcha', alphabet='23456789ABCDEFGHJKLMNPQRSTUVWXYZ', length=6, size=(60, 180), seed=101,
               fonts=['LiberationSerif-Bold.ttf']),
    lines4=dict(maker='lines', alphabet='abcdefghjkmnpqrstuvwxyz23456789', length=4, size=(40, 130), seed=202,
                fonts=['LiberationSans-Bold.ttf', 'LiberationMono-Bold.ttf']))

def draw_lines(text:str, size:tuple, fonts:list, rng:random.Random):
    "One `lines4` captcha: rotated characters of random dark colours, fonts and sizes, three crossing lines, dots."
    from PIL import Image, ImageDraw, ImageFont
    h, w = size
    bg = tuple(rng.randint(225, 255) for _ in range(3))
    im = Image.new('RGB', (w, h), bg)
    step = (w - 10) / len(text)
    for i, ch in enumerate(text):
        font = ImageFont.truetype(str(rng.choice(fonts)), rng.randint(int(h * 0.65), int(h * 0.8)))
        glyph = Image.new('RGBA', (h, h), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((h / 2, h / 2), ch, font=font, anchor='mm', fill=tuple(rng.randint(0, 120) for _ in range(3)))
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
        x = int(5 + i * step + step / 2 - h / 2 + rng.uniform(-2, 2))
        im.paste(glyph, (x, rng.randint(-3, 3)), glyph)
    d = ImageDraw.Draw(im)
    for _ in range(3):
        d.line([(rng.randint(0, w // 4), rng.randint(0, h)), (rng.randint(3 * w // 4, w), rng.randint(0, h))],
               fill=tuple(rng.randint(60, 180) for _ in range(3)), width=1)
    for _ in range(w * h // 60):
        d.point((rng.randrange(w), rng.randrange(h)), fill=tuple(rng.randint(60, 200) for _ in range(3)))
    return im

def make_lines(dest, n, alphabet, length, size, seed, fonts):
    "`n` seeded `lines4` captchas as label-named PNGs in `dest`."
    from captcha_nb.data import _free_path
    dest, rng = Path(dest), random.Random(seed)
    for _ in range(n):
        text = ''.join(rng.choice(alphabet) for _ in range(length))
        draw_lines(text, size, fonts, rng).save(_free_path(dest, text))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default='/tmp/styles'); ap.add_argument('--n', type=int, default=1040)
    ap.add_argument('--styles', nargs='+', default=list(STYLES), choices=list(STYLES))
    a = ap.parse_args()
    from captcha_nb.data import make_captchas
    for name in a.styles:
        s = STYLES[name]
        fonts = [LIB/f for f in s['fonts']]
        if missing := [str(f) for f in fonts if not f.is_file()]: sys.exit(f'make_styles.py: error: no font {missing[0]}: install fonts-liberation')
        dest = Path(a.out)/name
        if dest.exists() and any(dest.iterdir()): sys.exit(f'make_styles.py: error: {dest} is not empty: remove it or give another --out')
        if s['maker'] == 'captcha': make_captchas(dest, a.n, s['alphabet'], s['length'], s['length'], s['size'], s['seed'], fonts=fonts)
        else: make_lines(dest, a.n, s['alphabet'], s['length'], s['size'], s['seed'], fonts)
        print(f'{name}: {a.n} images in {dest}')

if __name__ == '__main__': main()

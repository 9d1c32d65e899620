"""Make the two synthetic captcha styles that `bench/labels.py` measures besides the real set (issue 15).

    python tools/make_styles.py [--out /tmp/styles]
    CAPTCHA_NB_DATA=/tmp/styles/serif_caps6 python bench/labels.py --arms steps base unlabeled --out bench/styles/serif_caps6

Both differ from the real set in font, colour, size and length, and use fonts the pretrained base never saw (the
Liberation fonts of the Debian package `fonts-liberation`; the base was made with matplotlib's fonts):
- `serif_caps6`: digits and upper-case letters, 6 characters, 60x180, Liberation Serif bold and italic;
- `mono_lower4`: lower-case letters, 4 characters, 40x120, Liberation Mono and Liberation Sans Narrow bold.
1040 images each, like the real set, drawn by the `captcha` package with fixed seeds."""
import argparse, sys
from pathlib import Path

LIB = Path('/usr/share/fonts/truetype/liberation')
STYLES = dict(
    serif_caps6=dict(alphabet='0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', min_len=6, max_len=6, size=(60, 180), seed=101,
                     fonts=['LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf']),
    mono_lower4=dict(alphabet='abcdefghijklmnopqrstuvwxyz', min_len=4, max_len=4, size=(40, 120), seed=202,
                     fonts=['LiberationMono-Regular.ttf', 'LiberationSansNarrow-Bold.ttf']))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default='/tmp/styles'); ap.add_argument('--n', type=int, default=1040)
    a = ap.parse_args()
    from captcha_nb.data import make_captchas
    for name, s in STYLES.items():
        fonts = [LIB/f for f in s['fonts']]
        if missing := [str(f) for f in fonts if not f.is_file()]: sys.exit(f'make_styles.py: error: no font {missing[0]}: install fonts-liberation')
        make_captchas(Path(a.out)/name, a.n, s['alphabet'], s['min_len'], s['max_len'], s['size'], s['seed'], fonts=fonts)
        print(f'{name}: {a.n} images in {Path(a.out)/name}')

if __name__ == '__main__': main()

"""Where ddddocr's base reads little of the labels: 30 labels of `make_captchas`' own style (digits and capitals, 4-6
characters, 60x160, 1,000 made with seed 10), `captcha_train`'s default (captcha-whisperer's network, since ddddocr's
base reads under `BASE_READS`) against `--arch dddd`, each read on 300 unseen captchas of the style (seed 11). Draws as
`panel.py` (`random.Random(draw)`); `reads`: what each base, untrained, reads of the 30 labels (`base_reads`, told the
labels' kinds of characters).

    python bench/levers/dddd_bar.py 0 1 2

2026-12-05, alone on the 2 cores (56-62 s a run):

| draw | ddddocr's base reads | captcha-whisperer's base reads | default (captcha-whisperer's network) | --arch dddd |
|---|---|---|---|---|
| 0 | 0.100 | 0.400 | 0.710 | 0.647 |
| 1 | 0.300 | 0.533 | 0.667 | 0.587 |
| 2 | 0.267 | 0.500 | 0.663 | 0.583 |

Captcha-whisperer's network reads 0.680 against 0.606 (means): where ddddocr's base reads 0.10-0.30 of the labels its
network learns less from them, as on math (0.00; `dddd_base.py`), and where it reads 0.43 or more (every other panel
style) it learns as much or more. `BASE_READS` (0.4) sits between."""
import sys, json, tempfile, random, subprocess, time, string
from pathlib import Path
from captcha_nb.data import make_captchas, content_box, label_from_path
from captcha_nb.few_labels import *
from captcha_nb.cli import load_predictor
work = Path(tempfile.gettempdir())/'captcha_nb_dddd_bar'; ALPHABET = string.digits + string.ascii_uppercase
if not (work/'train').exists():
    make_captchas(work/'train', 1000, ALPHABET, 4, 6, size=(60, 160), seed=10)
    make_captchas(work/'unseen', 300, ALPHABET, 4, 6, size=(60, 160), seed=11)
train, test = sorted((work/'train').iterdir()), sorted((work/'unseen').iterdir())
BIN = Path(sys.executable).parent
for draw in map(int, sys.argv[1:]):
    files = sorted(random.Random(draw).sample(train, 30))
    texts = {f: label_from_path(f) for f in files}
    crop = content_box(files, lengths={len(t) for t in texts.values()})
    reads = {k: round(base_reads(b, files, texts, pool_alphabet(texts.values()), crop), 3)
             for k, b in (('dddd', ddddocr_base()), ('dense', whisperer_base()))}
    csv = work/f'labels_{draw}.csv'; csv.write_text('file,text\n' + ''.join(f'{f},{t}\n' for f, t in texts.items()))
    for extra in ([], ['--arch', 'dddd']):
        m = work/f'm_{draw}_{len(extra)}.safetensors'; t0 = time.time()
        subprocess.run([BIN/'captcha_train', '--path', work/'train', '--labels', csv, '--out', m, '--quiet', *extra],
                       check=True, stderr=subprocess.DEVNULL)
        secs = round(time.time() - t0)
        got = load_predictor(m).predict([str(f) for f in test])
        acc = sum(p == label_from_path(f) for (p, _), f in zip(got, test)) / len(test)
        arch = json.loads(m.with_suffix('.json').read_text())['settings']['arch']
        print(json.dumps(dict(draw=draw, reads=reads, arch=arch, extra=' '.join(extra), secs=secs,
                              accuracy=round(acc, 4))), flush=True)

# zero-shot reads of captcha-whisperer (told each style's alphabet) on panel training images,
# its head as shipped ('') or from HEAD.pt: python zs.py '' HEAD.pt
import sys, collections, torch
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import panel
from captcha_nb.few_labels import whisperer_base, told_base
from captcha_nb.data import CaptchaVocab
heads = sys.argv[1:] or ['']
for s in ['real', 'swust_2019', 'swust_2019b', 'swust_2020', 'pku', 'math']:
    tr, test, text = panel.style_files(s)
    files = tr[::max(1, len(tr) // 300)]
    fold = str.lower if panel.STYLES[s][2] else str
    chars = CaptchaVocab(''.join(text[f] for f in tr)).chars
    row = [s]
    for h in heads:
        b = whisperer_base()
        if h: b.model.load_state_dict(torch.load(h), strict=False)
        p = told_base(b, chars)
        reads = p.predict([str(f) for f in files])
        acc = sum(fold(t) == fold(text[f]) for (t, _), f in zip(reads, files)) / len(files)
        sub = collections.Counter(f'{a}>{c}' for (t, _), f in zip(reads, files) if len(t) == len(text[f])
                                  for a, c in zip(fold(text[f]), fold(t)) if a != c)
        row.append(f'{acc:.3f} {sub.most_common(3)}')
    print(' | '.join(row), flush=True)

"""`even_prior` measured offline: its `prior_shift` added to the scores of models kept from panel runs without it.

    python bench/levers/even_prior_offline.py KEPT/STYLE_N_DRAW_0.safetensors ...

Each model needs its labels beside it as `STYLE_N_DRAW.csv` (file,text), as the kept panel runs wrote them; prints the
held-out accuracy (published labels, `bench/panel.py`'s split) with the shift. Training is unchanged by `even_prior`,
so this is what `captcha_train` gives with it (checked: the swust cells run end to end read the same)."""
import sys, re, csv
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import panel
from captcha_nb.cli import load_predictor
from captcha_nb.few_labels import prior_shift

for m in sys.argv[1:]:
    s, n, d = re.match(r'(.+)_(\d+)_(\d)_', Path(m).name).groups()
    tr, test, text = panel.style_files(s)
    labels = [r['text'] for r in csv.DictReader(open(Path(m).parent/f'{s}_{n}_{d}.csv'))]
    pred = load_predictor(m)
    fold = str.lower if pred.ignore_case else str
    shift = prior_shift([fold(t) for t in labels], pred.vocab.chars).numpy()
    score = pred.batch_scores
    pred.batch_scores = lambda b: score(b) + shift
    reads = pred.predict([str(f) for f in test])
    acc = sum(fold(t) == fold(text[f]) for (t, _), f in zip(reads, test)) / len(test)
    print(Path(m).name, f'moved {int((shift != 0).sum())} of {len(shift) - 1}', f'{acc:.4f}', flush=True)

"""Which characters outside the labels' alphabet ddddocr reads in a panel style's unlabelled pool, and how often they
are truly there: the evidence for deciding the alphabet of a run with a pool from the data (issue 27).

    python bench/peer_chars.py --ddddocr PYTHON [--draw 0]    # PYTHON: of a venv with ddddocr 1.6.1

The panel's protocol (`panel.py`): 30 labels of draw D, the pool up to 1,000 other training images; ddddocr's reads
lower-cased when the labels have no capitals. Printed per style: each character outside the labels' alphabet, as the
share of pool images whose read holds it, and the share whose true text holds it.

Run 2026-12-02, draw 0 (the eight most frequent): real {',': 0.021, 't': 0.015, 'r': 0.014, 'a': 0.007, '>': 0.006,
'l': 0.006, ...} truly there: none; swust_2019 {'o': 0.018, ...} none; swust_2019b {'a': 0.124, 'v': 0.119, ...} truly
'a' 0.128, 'v' 0.119; swust_2020 {'w': 0.02, '/': 0.002, ...} truly 'w' 0.02; pku {'q': 0.05, 's': 0.008, 'r': 0.003,
'z': 0.001} none; math {'t': 0.356, 'e': 0.217, 'u': 0.216, ...} none."""
import argparse, json, random, subprocess, sys
from collections import Counter
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import panel

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ddddocr', required=True, help='python of a venv with ddddocr 1.6.1')
    ap.add_argument('--draw', type=int, default=0)
    a = ap.parse_args()
    for s in panel.STYLES:
        train, _, text = panel.style_files(s)
        drawn = sorted(random.Random(a.draw).sample(train, 30))
        rest = sorted(set(train) - set(drawn))
        pool = random.Random(a.draw).sample(rest, min(1000, len(rest)))
        out = subprocess.run([a.ddddocr, '-c', panel.PEERS['ddddocr']], input=json.dumps([str(f) for f in pool]),
                             capture_output=True, text=True, check=True)
        reads = json.loads(out.stdout.strip().splitlines()[-1])
        alpha = set(''.join(text[f] for f in drawn))
        if ''.join(alpha) == ''.join(alpha).lower(): reads = [r.lower() for r in reads]
        read = Counter(c for r in reads for c in set(r) if c not in alpha)
        truly = Counter(c for f in pool for c in set(text[f]) if c not in alpha)
        share = lambda cnt: {c: round(n / len(pool), 3) for c, n in cnt.most_common(8)}
        print(f'{s}: read {share(read)}; truly there {share(truly)}', flush=True)

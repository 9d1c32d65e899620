"""A model `captcha_train` makes from 30 labels (the panel's draw 0 of each style named, its defaults), read through
ONNX at 32 bits and at 8 bits (`export_onnx(int8=...)`, calibrated on the 30 labelled images) on the style's held-out
20%, alone (no second reader). Figures: `bench/dense_speed.py`'s docstring.

    python bench/levers/int8_dddd.py swust_2020 pku
"""
import sys, json, random, tempfile, numpy as np
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1])); import panel
from captcha_nb.cli import load_predictor
from captcha_nb.lite import OnnxPredictor
for s in sys.argv[1:]:
    train, test, text = panel.style_files(s)
    drawn = sorted(random.Random(0).sample(train, 30))
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); m = d/'m.safetensors'
        panel.train(panel.style_root(s), panel.write_labels(drawn, text, d/'l.csv'), m, panel.STYLES[s][2])
        p = load_predictor(m); p.second_reader = None   # the ONNX reader reads alone here
        fl = [str(f) for f in test]
        truth = [text[f] for f in test]
        res = {}
        for bits, kw in (('32', {}), ('8', dict(int8=[str(f) for f in drawn]))):
            lite = OnnxPredictor(p.export_onnx(d/f'm{bits}.onnx', **kw))
            reads = [t for t, _ in lite.predict(fl)]
            res[bits] = round(float(np.mean([a.lower() == b.lower() for a, b in zip(reads, truth)])), 4)
        print(json.dumps(dict(style=s, arch=p.model.spec['kind'], **res)), flush=True)

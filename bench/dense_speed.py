"""Reading speed of the two CRNNs `captcha_train` trains: the small one (the packaged base, 32x128) and the dense one
(captcha-whisperer's network, `DenseCRNN`, at 60x160 and at 60x240, the real set's width), alternating, twice, with
`captcha_nb.recipe.inference_speed` on the first 64 images of $CAPTCHA_NB_DATA.

    python bench/dense_speed.py            # add --dddd for ddddocr's network (`DdddCRNN`) at 64x160 and 64x240
                                           # and --int8 for ONNX at 8 bits too

Measured 2026-12-03 on 2 cores beside a panel run (so both are low, the ratio is what to read), images/s at batch 64
and ms for one image end to end:

| model | torch img/s | torch one ms | ONNX img/s | ONNX one ms |
|---|---|---|---|---|
| small 32x128 | 213 / 1947 | 4.1 / 5.2 | 2315 / 2016 | 2.0 / 2.3 |
| dense 60x160 | 36 / 47 | 60 / 52 | 94 / 98 | 19.6 / 17.6 |
| dense 60x240 | 26 / 26 | 73 / 71 | 65 / 59 | 26.5 / 28.9 |

The dense network reads 21-39 times fewer images per second through ONNX (4.8 million weights against 180 thousand,
on larger images): under the issue's 1,000 img/s; `--arch small` keeps the fast reader.

`python bench/dense_speed.py --dddd`, 2026-12-04, alone on the machine (rounds 0 / 1; each image read once, 32 bits):

| model | torch img/s | torch one ms | ONNX img/s | ONNX one ms |
|---|---|---|---|---|
| small 32x128 | 4348 / 4048 | 1.5 / 1.8 | 6002 / 5131 | 0.9 / 0.9 |
| dense 60x160 | 114 / 114 | 13.6 / 13.5 | 206 / 209 | 5.8 / 7.0 |
| dense 60x240 | 69 / 70 | 16.1 / 18.8 | 135 / 140 | 8.1 / 10.4 |
| dddd 64x160 | 202 / 238 | 12.3 / 12.2 | 251 / 250 | 7.0 / 6.5 |
| dddd 64x240 | 129 / 128 | 13.2 / 14.6 | 163 / 167 | 10.7 / 11.0 |

ddddocr's network (5.1 million weights, 64 channels at 1/8 scale against 512) reads 1.19-1.22 times the dense one's
images a second through ONNX at the same width, and 21-37 times fewer than the small CRNN.

`python bench/dense_speed.py --dddd --int8`, 2026-12-05, alone on the machine (rounds 0 / 1; ONNX 8 bits:
`export_onnx(int8=...)` calibrated on the same 64 images):

| model | torch img/s | ONNX img/s | ONNX 8 bits img/s |
|---|---|---|---|
| small 32x128 | 4160 / 4303 | 5985 / 6044 | 8903 / 9123 |
| dense 60x160 | 105 / 129 | 208 / 220 | 472 / 473 |
| dense 60x240 | 90 / 70 | 134 / 145 | 308 / 279 |
| dddd 64x160 | 240 / 242 | 251 / 251 | 539 / 536 |
| dddd 64x240 | 135 / 137 | 167 / 167 | 345 / 345 |

At 8 bits the published networks read 1.9-2.3 times the images a second, 279-539: still under 1,000. Fine-tuned from
30 labels (draw 0 of the panel, `captcha_train`'s defaults, read alone through ONNX on the held-out 20%), ddddocr's
network reads as many right at 8 bits, calibrated on the 30 labelled images: swust_2020 0.977 against 0.974 at 32 bits,
pku 0.961 against 0.961 (`python bench/levers/int8_dddd.py swust_2020 pku`; the untrained base, off its style on the
real set, changes 41% of its reads at 8 bits)."""
import json, sys, tempfile, timeit
import numpy as np
from pathlib import Path
from captcha_nb.lite import OnnxPredictor
from captcha_nb.few_labels import load_base, whisperer_base, ddddocr_base, told_base
from captcha_nb.inference import CaptchaPredictor
from captcha_nb.recipe import inference_speed
from captcha_nb.data import captcha_files, captcha_data_path
from captcha_nb.crnn import DenseCRNN, DdddCRNN

def int8_speed(p, files) -> dict:
    "Images/s through ONNX at 8 bits (`export_onnx(int8=...)`, calibrated on `files`), batch 64, best of 20."
    x = np.stack([p.load_item(f) for f in files[:64]]).astype(np.float32) / 255
    with tempfile.TemporaryDirectory() as d:
        lite = OnnxPredictor(p.export_onnx(Path(d)/'m8.onnx', int8=files))
        return dict(onnx8_img_s=round(64 / min(timeit.repeat(lambda: lite.sess.run(None, {'image': x}), number=1,
                                                              repeat=20))))

def main():
    files = [str(f) for f in captcha_files(captcha_data_path())[:64]]
    small, dense = load_base(), whisperer_base()
    wide = CaptchaPredictor(DenseCRNN(37, (60, 240)), dense.vocab, (60, 240))
    wide.model.load_state_dict(dense.model.state_dict()); wide.model.eval()
    models = [('small 32x128', small), ('dense 60x160', dense), ('dense 60x240', wide)]
    if '--dddd' in sys.argv[1:]:   # ddddocr's network told captcha-whisperer's 36 characters
        for w in (160, 240):
            p = told_base(ddddocr_base(), dense.vocab.chars)
            wide_d = CaptchaPredictor(DdddCRNN(37, (64, w)), p.vocab, (64, w))
            wide_d.model.load_state_dict(p.model.state_dict()); wide_d.model.eval()
            models.append((f'dddd 64x{w}', wide_d))
    for r in range(2):
        for name, p in models:
            more = int8_speed(p, files) if '--int8' in sys.argv[1:] else {}
            print(json.dumps(dict(round=r, model=name, **inference_speed(p, files), **more)), flush=True)

if __name__ == '__main__': main()

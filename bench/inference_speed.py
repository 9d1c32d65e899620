"""Inference speed of a captcha_nb model file on this machine: the model call at batch 64 (torch and ONNX),
one image end to end (load, model, decode), and the `captcha_predict` command on N files, start-up included.

    python bench/inference_speed.py MODEL.pth [--files N] [--out results.json]

Images come from $CAPTCHA_NB_DATA (or the public set); the first N files in sorted order."""
import argparse, json, os, platform, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, torch
from captcha_nb.data import captcha_files, captcha_data_path
from captcha_nb.inference import load_predictor, load_item
from captcha_nb.lite import OnnxPredictor

def best_of(f, repeat=5, number=1):
    "Fastest mean time of `number` calls of `f`, over `repeat` tries (the usual timeit convention)."
    f()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number): f()
        times.append((time.perf_counter() - start) / number)
    return min(times)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('model'); ap.add_argument('--files', type=int, default=1000); ap.add_argument('--out')
    a = ap.parse_args()
    pred = load_predictor(a.model)
    files = list(captcha_files(captcha_data_path()))[:a.files]
    bin_dir = Path(sys.executable).parent
    res = dict(model=a.model, machine=f'{platform.processor() or platform.machine()}, {os.cpu_count()} cores',
               torch_threads=torch.get_num_threads(), parameters=sum(p.numel() for p in pred.model.parameters()))

    batch = torch.stack([load_item(f, pred.size) for f in files[:64]]).float() / 255
    with torch.inference_mode():
        res['torch_model_img_per_s_bs64'] = round(64 / best_of(lambda: pred.model(batch)), 1)
    res['torch_one_image_ms'] = round(1000 * best_of(lambda: pred.predict(files[0]), number=20), 2)

    with tempfile.TemporaryDirectory() as d:
        onnx_file = pred.export_onnx(Path(d)/'m.onnx')
        lite = OnnxPredictor(onnx_file)
        x = batch.numpy()
        res['onnx_model_img_per_s_bs64'] = round(64 / best_of(lambda: lite.sess.run(None, {'image': x})), 1)
        res['onnx_one_image_ms'] = round(1000 * best_of(lambda: lite.predict(str(files[0])), number=20), 2)
        same = [t for t, _ in lite.predict([str(f) for f in files])] == [t for t, _ in pred.predict(files)]
        res['onnx_same_texts_as_torch'] = same

    with tempfile.NamedTemporaryFile('w', suffix='.txt') as _:
        start = time.perf_counter()
        out = subprocess.run([str(bin_dir/'captcha_predict'), a.model, *map(str, files)], capture_output=True, text=True)
        secs = time.perf_counter() - start
    assert out.returncode == 0, out.stderr[-2000:]
    res['predict_command_files'] = len(files)
    res['predict_command_s'] = round(secs, 2)
    res['predict_command_img_per_s'] = round(len(files) / secs, 1)
    print(json.dumps(res, indent=1))
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()

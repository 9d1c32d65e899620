"""Inference speed of a captcha_nb model file on this machine: the model call at batch 64 and one image end to end
(torch and ONNX, from `captcha_nb.recipe.inference_speed`), and the two prediction commands on N files, start-up
included: `captcha_predict` (torch) and `captcha_predict_onnx` (onnxruntime only).

    python bench/inference_speed.py MODEL.safetensors [--files N] [--out results.json]

Images come from $CAPTCHA_NB_DATA (or the public set): the first N files in sorted order."""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path
from captcha_nb.data import captcha_files, captcha_data_path
from captcha_nb.inference import load_predictor
from captcha_nb.training import n_params
from captcha_nb.recipe import inference_speed

def time_command(cmd) -> tuple:
    "(seconds, stdout lines) of a command that must succeed."
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - start
    assert out.returncode == 0, out.stderr[-2000:]
    return secs, out.stdout.strip().split('\n')

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('model'); ap.add_argument('--files', type=int, default=1000); ap.add_argument('--out')
    a = ap.parse_args()
    pred = load_predictor(a.model)
    files = [str(f) for f in captcha_files(captcha_data_path())[:a.files]]
    res = dict(model=a.model, parameters=n_params(pred.model), **inference_speed(pred, files))
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as d:
        onnx_file = str(pred.export_onnx(Path(d)/'m.onnx'))
        for name, cmd in (('torch', [str(bin_dir/'captcha_predict'), a.model]), ('onnx', [str(bin_dir/'captcha_predict_onnx'), onnx_file])):
            secs, lines = time_command(cmd + files)
            res[f'{name}_command_img_s'] = round(len(files) / secs, 1)
            res[f'{name}_command_texts'] = [l.split('\t')[1] for l in lines]
    res['onnx_same_texts_as_torch'] = res.pop('onnx_command_texts') == res.pop('torch_command_texts')
    res['command_files'] = len(files)
    print(json.dumps(res, indent=1))
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()

"""Load test of `captcha_serve` against ddddocr's own HTTP API, and the bare ONNX model call, in one run on loopback.

    python -m venv /tmp/ddddocr && /tmp/ddddocr/bin/pip install "ddddocr[api]"      # the peer, in its own venv
    python bench/load.py MODEL.onnx --ddddocr /tmp/ddddocr/bin/python [--seconds 10] [--workers 2]
    git worktree add /tmp/before COMMIT && python bench/load.py MODEL.onnx --tree /tmp/before --repeats 2   # before/after

ddddocr 1.6.1's `/ocr` answers 500 to every call: it passes `colors=`/`custom_color_ranges=` to `classification`, which
takes `color_filter_colors=`/`color_filter_custom_ranges=`. This script renames those two arguments in the peer's own
venv (its `ddddocr/api/app.py`), never in this project, and says so in the table. Both servers run with the same number
of workers on 127.0.0.1; clients are threads with one keep-alive connection each, sending for `--seconds` at 1, 8 and
32 concurrent clients; our server also gets 32-image requests (multipart). Images: the first files of $CAPTCHA_NB_DATA
(or the public set). Writes bench/load.md and bench/load.csv (or under --out)."""
import argparse, base64, csv, http.client, json, os, re, socket, statistics, subprocess, sys, threading, time
from pathlib import Path

HERE = Path(__file__).resolve().parent

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_up(port, proc, path='/health', seconds=120):
    for _ in range(seconds * 10):
        if proc.poll() is not None: sys.exit(f'load.py: error: the server on port {port} stopped: {proc.stderr.read()[-2000:]}')
        try:
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=2); c.request('GET', path)
            if c.getresponse().status == 200: return
        except OSError: pass
        time.sleep(0.1)
    sys.exit(f'load.py: error: no server on port {port} after {seconds} s')

def patch_ddddocr(python) -> str:
    "Rename the two keyword arguments ddddocr 1.6.1's /ocr passes wrongly, in the peer's venv; return what was done."
    pkg = subprocess.run([python, '-c', 'import ddddocr, os; print(os.path.dirname(ddddocr.__file__))'], capture_output=True, text=True)
    if pkg.returncode: sys.exit(f'load.py: error: {python} cannot import ddddocr: install "ddddocr[api]" in that venv')
    app = Path(pkg.stdout.strip())/'api'/'app.py'
    src = app.read_text()
    new = re.sub(r'(\s)colors=request\.colors', r'\1color_filter_colors=request.colors', src)
    new = re.sub(r'(\s)custom_color_ranges=request\.custom_color_ranges', r'\1color_filter_custom_ranges=request.custom_color_ranges', new)
    if new != src: app.write_text(new)
    return ("its api/app.py patched in its own venv: /ocr's colors=/custom_color_ranges= renamed to "
            "color_filter_colors=/color_filter_custom_ranges=, without which every call answers 500")

def load(port, make_body, clients:int, seconds:float, images_per_request:int) -> dict:
    "Requests/s, images/s, p50 and p99 latency (ms) of `clients` threads sending for `seconds`."
    lat, errors, stop = [], [], time.perf_counter() + seconds
    def client():
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        path, body, headers = make_body()
        while time.perf_counter() < stop:
            t = time.perf_counter()
            try:
                conn.request('POST', path, body=body, headers=headers); r = conn.getresponse(); r.read()
                (lat if r.status == 200 else errors).append(time.perf_counter() - t)
            except OSError as e:
                errors.append(str(e)); conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    wall = time.perf_counter() - start
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float('nan')] * 99
    return dict(clients=clients, images_per_request=images_per_request, requests=len(lat), errors=len(errors),
                req_s=round(len(lat) / wall, 1), img_s=round(len(lat) * images_per_request / wall, 1),
                p50_ms=round(q[49] * 1000, 1), p99_ms=round(q[98] * 1000, 1))

def multipart(files):
    b = 'loadboundary'
    body = b''.join(f'--{b}\r\nContent-Disposition: form-data; name="images"; filename="{i}.png"\r\n\r\n'.encode() + d + b'\r\n'
                    for i, d in enumerate(files)) + f'--{b}--\r\n'.encode()
    return body, {'Content-Type': f'multipart/form-data; boundary={b}'}

def bare_onnx(model, images, seconds:float) -> list:
    "Images/s of the bare model call (onnxruntime, arrays already decoded) at batch 1 and 32, and of decoding + the call."
    import numpy as np
    from captcha_nb.lite import OnnxPredictor
    p = OnnxPredictor(model)
    rows = []
    for bs in (1, 32):
        x = np.stack([p.load_item(d) for d in images[:bs]]).astype(np.float32) / 255
        n, stop, start = 0, time.perf_counter() + seconds, time.perf_counter()
        while time.perf_counter() < stop: p.sess.run(None, {'image': x}); n += 1
        rows.append(dict(server='bare ONNX model call', clients=1, images_per_request=bs, requests=n, errors=0,
                         req_s=round(n / (time.perf_counter() - start), 1), img_s=round(n * bs / (time.perf_counter() - start), 1)))
    # what a server cannot skip: decoding the image files (Pillow, one thread), then the same call
    n, stop, start = 0, time.perf_counter() + seconds, time.perf_counter()
    while time.perf_counter() < stop: p.predict_batch(np.stack([p.load_item(d) for d in images[:32]])); n += 1
    rows.append(dict(server='PNG decoding + model call, in process', clients=1, images_per_request=32, requests=n, errors=0,
                     req_s=round(n / (time.perf_counter() - start), 1), img_s=round(n * 32 / (time.perf_counter() - start), 1)))
    return rows

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('model', help='.onnx file (captcha_serve serves it without torch)')
    ap.add_argument('--ddddocr', help="python of a venv with ddddocr[api]; without it only captcha_serve is measured")
    ap.add_argument('--seconds', type=float, default=10)
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--clients', type=int, nargs='+', default=[1, 8, 32])
    ap.add_argument('--out', default=str(HERE))
    ap.add_argument('--serve_args', default='', help='more arguments of captcha_serve, e.g. "--threads 1"')
    ap.add_argument('--tree', help="another checkout of captcha_nb (e.g. a git worktree of an older commit): its captcha_serve "
                                   "is measured too, alternating with this one's, for before/after comparisons")
    ap.add_argument('--repeats', type=int, default=1, help='rounds of every server (alternating within each round)')
    a = ap.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from captcha_nb.data import captcha_files, captcha_data_path
    images = [f.read_bytes() for f in captcha_files(captcha_data_path())[:64]]
    rows, notes = [], []
    servers = [(' '.join(['captcha_serve', a.serve_args]).strip(),
                [str(Path(sys.executable).parent/'captcha_serve'), a.model, '--workers', str(a.workers), *a.serve_args.split()], '/health')]
    if a.tree:
        tree = str(Path(a.tree).resolve())
        start = f"import sys; sys.path.insert(0, {tree!r}); from captcha_nb.serve import captcha_serve; captcha_serve()"
        servers.append((f'captcha_serve of {Path(tree).name}', [sys.executable, '-c', start, a.model, '--workers', str(a.workers),
                                                             *a.serve_args.split()], '/health'))
    servers = servers * a.repeats
    if a.ddddocr:
        notes.append('ddddocr: ' + patch_ddddocr(a.ddddocr))
        servers.append(('ddddocr api (patched)', [a.ddddocr, '-m', 'ddddocr', 'api', '--host', '127.0.0.1', '--workers', str(a.workers),
                                                   '--show-ad', 'false'], '/health'))
    for name, cmd, health in servers:
        port = free_port()
        env = dict(os.environ, PYTHONPATH=tree) if a.tree and name.endswith(Path(tree).name) else None   # uvicorn's workers too
        proc = subprocess.Popen(cmd + ['--port', str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        try:
            wait_up(port, proc, health)
            one = base64.b64encode(images[0]).decode()
            if name.startswith('captcha_serve'):
                kinds = [(1, lambda: ('/read', json.dumps(dict(images=[one])).encode(), {'Content-Type': 'application/json'})),
                         (32, lambda: ('/read', *multipart(images[:32])))]
            else:
                kinds = [(1, lambda: ('/ocr', json.dumps(dict(image=one)).encode(), {'Content-Type': 'application/json'}))]
            for n_img, make in kinds:
                for c in a.clients:
                    rows.append(dict(server=name, **load(port, make, c, a.seconds, n_img))); print(json.dumps(rows[-1]), flush=True)
        finally:
            proc.terminate(); proc.wait()
    rows += bare_onnx(a.model, images, a.seconds)
    cols = ['server', 'clients', 'images_per_request', 'requests', 'errors', 'req_s', 'img_s', 'p50_ms', 'p99_ms']
    table = ['| ' + ' | '.join(cols) + ' |', '|' + '---|' * len(cols)]
    table += ['| ' + ' | '.join(str(r.get(c, '')) for c in cols) + ' |' for r in rows]
    args = ' '.join('<ddddocr venv python>' if a.ddddocr and x == a.ddddocr else x for x in sys.argv[1:])
    header = (f"Measured by `python bench/load.py {args}` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
              f"loopback, {a.workers} server workers each, {a.seconds:g} s per row; JSON base64 single images, multipart for "
              f"32-image requests. {' '.join(notes)}")
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out/'load.md').write_text(header + '\n\n' + '\n'.join(table) + '\n')
    with open(out/'load.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction='ignore'); w.writeheader(); w.writerows(rows)
    print((out/'load.md').read_text())

if __name__ == '__main__': main()

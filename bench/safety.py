"""Issue 23's table, re-run as a user and an attacker would: crafted model files and ONNX metadata, damaged and huge
images, hostile HTTP clients, too few images, missing extras. Each case runs the installed console scripts (or a
running `captcha_serve`) and records the exit status or HTTP status, the first line a user reads, and peak memory.

    python bench/safety.py [--data ../shared/data/captcha_images_v2] [--base_venv /tmp/base_venv]

Model under test: the packaged base (`captcha_nb/base.safetensors`, the small CRNN) and its ONNX export. `--base_venv`
names a venv with the base install only (`pip install -e .`): the missing-extras rows run there. Writes bench/safety.md
and bench/safety.csv. Everything runs on 127.0.0.1; every loop is bounded in count and time."""
import argparse, base64, csv, http.client, io, json, os, socket, struct, subprocess, sys, tempfile, threading, time
from pathlib import Path
import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
DDS = b'DDS ' + struct.pack('<I', 124) + bytes(68) + struct.pack('<II', 32, 4) + b'XXXX' + bytes(104)   # NotImplementedError

def run(cmd, env=None, timeout=300) -> dict:
    "Run a command; its exit status, first stdout and stderr lines, peak memory (MB) and seconds."
    t0 = time.time()
    r = subprocess.run(['/usr/bin/time', '-f', '%M', *map(str, cmd)], capture_output=True, text=True, env=env, timeout=timeout)
    err = r.stderr.strip().splitlines()
    peak = int(err.pop()) / 1024 if err and err[-1].isdigit() else float('nan')
    err = [l for l in err if not l.startswith('Command exited with non-zero status')]   # /usr/bin/time's own line
    if not err: err = [l for l in r.stdout.splitlines() if '\tERROR\t' in l or '"error"' in l]   # a reader's error line
    return dict(rc=r.returncode, out=(r.stdout.strip().splitlines() or [''])[:3], err=err[:1] or [''], traceback=any('Traceback' in l for l in err),
                peak_mb=round(peak), seconds=round(time.time() - t0, 1))

def crafted(tmp, name, change) -> Path:
    "A copy of the base model file whose description `change` edited."
    from safetensors import safe_open
    from safetensors.torch import save_file
    with safe_open(HERE.parent/'captcha_nb'/'base.safetensors', 'pt') as f:
        meta, weights = f.metadata(), {k: f.get_tensor(k) for k in f.keys()}
    d = json.loads(meta['captcha_nb']); change(d)
    save_file(weights, tmp/name, metadata=dict(meta, captcha_nb=json.dumps(d)))
    return tmp/name

def onnx_edited(tmp, src, name, change) -> Path:
    import onnx
    m = onnx.load(str(src)); props = {p.key: p.value for p in m.metadata_props}; change(props)
    del m.metadata_props[:]
    for k, v in props.items(): m.metadata_props.add(key=k, value=v)
    onnx.save(m, str(tmp/name)); return tmp/name

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

class Server:
    "`captcha_serve MODEL` on a free loopback port, with its peak memory read from /proc."
    def __init__(self, model, *args):
        self.port = free_port()
        self.proc = subprocess.Popen([BIN/'captcha_serve', model, '--port', str(self.port), *map(str, args)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(600):
            try: self.get('/health'); return
            except OSError: time.sleep(0.1)
        raise RuntimeError('captcha_serve did not start')
    def rss_mb(self, key='VmRSS'):
        for l in Path(f'/proc/{self.proc.pid}/status').read_text().splitlines():
            if l.startswith(key): return int(l.split()[1]) / 1024
    def get(self, path):
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30); c.request('GET', path)
        r = c.getresponse(); return r.status, json.loads(r.read())
    def post(self, body, ctype, headers=None):
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)
        c.request('POST', '/read', body=body, headers={'Content-Type': ctype, **(headers or {})})
        r = c.getresponse(); return r.status, json.loads(r.read() or b'{}')
    def stop(self): self.proc.terminate(); self.proc.wait()

def multipart(files):
    b = 'benchboundary'
    body = b''.join(f'--{b}\r\nContent-Disposition: form-data; name="images"; filename="{n}"\r\n\r\n'.encode() + d + b'\r\n'
                    for n, d in files) + f'--{b}--\r\n'.encode()
    return body, f'multipart/form-data; boundary={b}'

def cli_rows(tmp, data, base_venv):
    "Rows of the model-file, image and training cases, run through the console scripts."
    rows, good = [], sorted(Path(data).glob('*.png'))[0]
    base = HERE.parent/'captcha_nb'/'base.safetensors'
    def add(case, r, expect='refused'): rows.append(dict(case=case, **r, expect=expect))
    add('idle reader: captcha_predict, base model, one good image', run([BIN/'captcha_predict', base, good]), 'read')
    home = tmp/'torch_home'; (home/'hub'/'checkpoints').mkdir(parents=True)
    marker = tmp/'payload_ran'
    payload = f"import os\nclass P:\n    def __reduce__(self): return (os.system, ('touch {marker}',))\n"
    subprocess.run([sys.executable, '-c', payload + f"import torch; torch.save({{'w': P()}}, {str(home/'hub'/'checkpoints'/'resnet34-b627a593.pth')!r})"], check=True)
    f = crafted(tmp, 'pretrained.safetensors', lambda d: d.update(spec=dict(kind='flat_cnn', n_class=63, max_len=5, arch='resnet34', pretrained=True), family='cnn'))
    r = run([BIN/'captcha_predict', f, good], env=dict(os.environ, TORCH_HOME=str(home)))
    add(f'spec of a per-position CNN with pretrained: true, payload in the torch cache (payload ran: {marker.exists()})', r)
    for case, change in [('vocab missing', lambda d: d.pop('vocab')), ('vocab an int', lambda d: d.update(vocab=7)),
                         ('vocab shorter than the classes', lambda d: d.update(vocab=d['vocab'][:-3])),
                         ('size an int', lambda d: d.update(size=32)), ('family missing', lambda d: d.pop('family')),
                         ('vocab of 10**6 characters', lambda d: d.update(vocab=''.join(chr(0x4e00 + i % 20000) for i in range(10**6)))),
                         ('size [64, 128], network 32x128', lambda d: d.update(size=[64, 128])),
                         ('size [20000, 20000]', lambda d: d.update(size=[20000, 20000])),
                         ('map_hidden 500000', lambda d: d['spec'].update(map_hidden=500000))]:
        f = crafted(tmp, 'c.safetensors', change)
        add(f'description: {case}: captcha_predict', run([BIN/'captcha_predict', f, good]))
        if case in ('vocab missing', 'size [20000, 20000]'):
            add(f'description: {case}: captcha_serve start-up', run([BIN/'captcha_serve', f, '--port', free_port()], timeout=120))
    onnx_file = tmp/'base.onnx'
    subprocess.run([sys.executable, '-c', f"from captcha_nb.inference import load_predictor; load_predictor({str(base)!r}).export_onnx({str(onnx_file)!r})"],
                   check=True, capture_output=True)
    for case, change in [('vocab removed', lambda p: p.pop('vocab')), ('family wrong', lambda p: p.update(family='cnn')),
                         ('height 1e5', lambda p: p.update(height='100000'))]:
        f = onnx_edited(tmp, onnx_file, 'e.onnx', change)
        add(f'ONNX metadata {case}: captcha_predict_onnx', run([BIN/'captcha_predict_onnx', f, good]))
        add(f'ONNX metadata {case}: captcha_serve start-up', run([BIN/'captcha_serve', f, '--port', free_port()], timeout=120))
    bad = tmp/'damaged.png'; bad.write_bytes(DDS)
    for cmd in ('captcha_predict', 'captcha_predict_onnx'):
        r = run([BIN/cmd, onnx_file if cmd.endswith('onnx') else base, good, bad])
        add(f'damaged image (DDS, NotImplementedError) + a good one: {cmd} (good one printed: {str(good) in " ".join(r["out"])})', r, 'one error line')
    folder = tmp/'labelled'; folder.mkdir()
    for f in sorted(Path(data).glob('*.png'))[:20]: (folder/f.name).write_bytes(f.read_bytes())
    (folder/'zzzzz.png').write_bytes(DDS)
    add('damaged image in a labelled folder: captcha_evaluate (the 20 others scored)', run([BIN/'captcha_evaluate', base, folder]), 'scored, one error line')
    add('damaged image in a labelled folder: captcha_train', run([BIN/'captcha_train', '--path', folder, '--out', tmp/'t'/'m.safetensors', '--epochs', 1]))
    deep = tmp/'deep'; deep.mkdir()
    a = np.asarray(Image.open(good).convert('L'), dtype=np.uint16) * 257
    Image.fromarray(a).save(deep/good.name)
    r8, r16 = run([BIN/'captcha_predict', base, good]), run([BIN/'captcha_predict', base, deep/good.name])
    add(f'16-bit PNG (I;16) of a real captcha: read as {r16["out"][0].split()[1:2]}, its 8-bit original as {r8["out"][0].split()[1:2]}', r16, 'read')
    huge = tmp/'huge.png'; Image.new('L', (13000, 13000)).save(huge)
    add('13000x13000 image (169 MP): captcha_predict', run([BIN/'captcha_predict', base, huge]))
    one = tmp/'one'; one.mkdir(); (one/good.name).write_bytes(good.read_bytes())
    r = run([BIN/'captcha_train', '--path', one, '--out', tmp/'new'/'m.safetensors'])
    add(f'a folder of one image: captcha_train (empty output folder left: {(tmp/"new").exists()})', r)
    if base_venv:
        vb = Path(base_venv)/'bin'
        add('captcha_train in the reading-only install', run([vb/'captcha_train', '--path', folder]))
        add('captcha_predict in the reading-only install', run([vb/'captcha_predict', base, good]))
        add('captcha_serve without fastapi (reading-only install)', run([vb/'captcha_serve', onnx_file]))
        add('captcha_predict_onnx in the reading-only install', run([vb/'captcha_predict_onnx', onnx_file, good]), 'read')
    return rows, onnx_file, good

def slow_clients(port, n:int, seconds:float) -> int:
    "Open `n` connections that send a header byte a second for at most `seconds`; return how many the server closed."
    socks, closed = [], 0
    for _ in range(n):
        s = socket.create_connection(('127.0.0.1', port)); s.sendall(b'POST /read HTTP/1.1\r\n'); socks.append(s)
    t0 = time.time()
    while time.time() - t0 < seconds and len(socks) > closed:
        time.sleep(1)
        for s in socks:
            try: s.sendall(b'X')
            except OSError: pass
    for s in socks:
        try:
            s.settimeout(0.01); closed += s.recv(10) == b''
        except OSError as e: closed += not isinstance(e, socket.timeout)
        s.close()
    return closed

def serve_rows(onnx_file, good):
    rows, img = [], good.read_bytes()
    srv = Server(onnx_file)
    try:
        def add(case, status, msg, before, expect='4xx'):
            rows.append(dict(case=case, rc=status, out=[msg], err=[''], traceback=False,
                             peak_mb=round(srv.rss_mb('VmHWM') - before), seconds=None, expect=expect))
        base = srv.rss_mb('VmHWM')
        s, r = srv.post(*multipart([('good.png', img), ('bad.png', DDS)]))
        add(f'POST /read, a good and a damaged image: good one read: {"text" in r["results"][0]}', s, r['results'][1].get('error', '')[:90], base, '200, per-image error')
        t0, c = time.time(), socket.create_connection(('127.0.0.1', srv.port))
        c.sendall(b'POST /read HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n')
        sent, chunk = 0, b'%x\r\n%s\r\n' % (1 << 20, b'0' * (1 << 20))
        try:
            while sent < 400 << 20: c.sendall(chunk); sent += 1 << 20
        except OSError: pass
        c.settimeout(5)
        try: line = c.recv(200).split(b'\r\n')[0].decode()
        except OSError: line = '(closed)'
        c.close()
        add(f'400 MB chunked body: cut after {sent >> 20} MB sent, {time.time() - t0:.1f} s', int(line.split()[1]) if line.startswith('HTTP') else 0, line, base)
        body = json.dumps(dict(images=[''] * 2_600_000), separators=(',', ':')).encode()
        lat, res = [], []
        def send():
            try: res.append(srv.post(body, 'application/json'))
            except OSError as e: res.append((0, dict(error=f'connection: {e}')))
        ts = [threading.Thread(target=send) for _ in range(4)]
        for t in ts: t.start()
        for _ in range(10):
            t0 = time.time(); srv.get('/health'); lat.append(time.time() - t0)
        for t in ts: t.join()
        add(f'JSON of 2.6 million empty strings ({len(body) / 1e6:.1f} MB), four at once: /health meanwhile at most {max(lat) * 1000:.0f} ms',
            res[0][0], res[0][1].get('error', ''), base)
        s, r = srv.post(*multipart([(f'{i}.png', img) for i in range(66)]))
        add('66 multipart files (limit 64)', s, r.get('error', ''), base)
        n, secs = 300, 15
        t0 = time.time(); closed = slow_clients(srv.port, n, secs)
        s, _ = srv.get('/health')
        add(f'{n} connections sending their headers a byte a second for up to {secs} s: {closed} closed by the server '
            f'(header timeout 10 s), /health afterwards {s}', s, f'{time.time() - t0:.0f} s', base, 'closed')
    finally: srv.stop()
    return rows

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--data', default=os.environ.get('CAPTCHA_NB_DATA', str(HERE.parent.parent/'shared'/'data'/'captcha_images_v2')))
    ap.add_argument('--base_venv', help='a venv with the base install only, for the missing-extras rows')
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        rows, onnx_file, good = cli_rows(Path(d), a.data, a.base_venv)
        rows += serve_rows(onnx_file, good)
    for r in rows:   # no machine paths in the record
        for k in ('out', 'err'): r[k] = [l.replace(d, '<tmp>').replace(str(Path(a.data).resolve()), '<data>') for l in r[k]]
    out = Path(a.out)
    with open(out/'safety.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, ['case', 'expect', 'rc', 'traceback', 'peak_mb', 'seconds', 'first_line'])
        w.writeheader()
        for r in rows: w.writerow(dict(case=r['case'], expect=r['expect'], rc=r['rc'], traceback=r['traceback'], peak_mb=r['peak_mb'],
                                       seconds=r['seconds'], first_line=(r['err'][0] or r['out'][0])[:160]))
    lines = ['Measured by `python bench/safety.py --base_venv <a venv with `pip install -e .` only>`, 2 cores, loopback. rc: exit '
             'status, or HTTP status for the service rows; peak_mb: the command\'s peak resident memory (service rows: growth of '
             'the server\'s peak during the case).', '',
             '| case | expected | rc / status | traceback | peak MB | s | what the user reads (first line) |', '|---|---|---|---|---|---|---|']
    for r in rows:
        first = (r['err'][0] or r['out'][0])[:160].replace('|', '\\|')
        lines.append(f"| {r['case']} | {r['expect']} | {r['rc']} | {'yes' if r['traceback'] else 'no'} | {r['peak_mb']} | {r['seconds'] if r['seconds'] is not None else ''} | {first} |")
    (out/'safety.md').write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))

# synthetic chunks (pretrain_base's generators) for fine-tuning captcha-whisperer's head: python gen.py N_CHUNKS OUT
import sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[3]/'tools'))
import pretrain_base as pb, matplotlib
from captcha_nb.core import image_files
from captcha_nb.data import make_captchas
ttf = Path(matplotlib.get_data_path())/'fonts'/'ttf'
fonts = sorted(str(f) for f in ttf.glob('*.ttf')
               if f.name.startswith(('DejaVuSans', 'DejaVuSerif', 'STIXGeneral', 'cm'))
               and 'Display' not in f.name and f.name not in ('cmex10.ttf', 'cmsy10.ttf', 'cmmi10.ttf'))
fonts.append(None)
n, out = int(sys.argv[1]), Path(sys.argv[2]); t = time.time()
for i in range(n):
    s = pb.chunk_settings(i, fonts, ('captcha', 'struck'), 0.15)
    folder = out/f'chunk{i:03d}'
    if folder.is_dir() and len(image_files(folder)) >= 500: continue
    if s['maker'] == 'captcha':
        make_captchas(folder, 500, s['alphabet'], s['min_len'], s['max_len'], s['size'], s['seed'],
                      fonts=[f for f in s['fonts'] if f] or None)
    else: pb.make_struck(folder, 500, s['alphabet'], s['min_len'], s['max_len'], s['size'], s['seed'],
                         [f for f in s['fonts'] if f] or fonts[:-1])
    if s['wide']: pb.widen(folder, s['seed'])
    print(i, s['maker'], s['alphabet'][:12], s['size'], round(time.time() - t), flush=True)

"""Check the committed notebooks as a reader meets them.

- every notebook in nbs/ is in the site's navigation (nbs/sidebar.yml), and the navigation names no missing notebook;
- a notebook's code imports only modules of lower-numbered notebooks (tests included);
- output policy: no console progress-bar text, no warnings, no machine paths, no error outputs, no single output over
  150 KB, all notebooks together under 1.2 MB.

Exit status 1 with one line per problem; `--sizes` also prints each notebook's size and largest output."""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs = root/'nbs'
MAX_OUTPUT, MAX_TOTAL = 150_000, 1_200_000
PATHS = re.compile(r'(/work/|/tmp/|/root/|/home/|/usr/|/opt/|site-packages|[A-Z]:\\)')
BAR = re.compile(r'(\|\s*\d+/\d+ \[|\d+\.\d+% \[|\r|<progress|\d+%\|[#█ ]*\|)')
WARN = re.compile(r'\b\w*Warning\b:|warnings\.warn\(')

def output_text(o) -> str:
    if o['output_type'] == 'stream': return ''.join(o['text'])
    if o['output_type'] == 'error': return '\n'.join(o.get('traceback', []))
    data = o.get('data', {})
    return ''.join(''.join(v) if isinstance(v, list) else str(v) for k, v in data.items() if k.startswith('text/'))

def check_sidebar() -> list:
    listed = re.findall(r'-\s*(\S+\.ipynb)', (nbs/'sidebar.yml').read_text())
    have = sorted(f.name for f in nbs.glob('*.ipynb'))
    return ([f'nbs/{n}: not in nbs/sidebar.yml (the site cannot reach it)' for n in have if n not in listed] +
            [f'nbs/sidebar.yml: lists {n}, which does not exist' for n in listed if n not in have])

def check_imports() -> list:
    "Modules a notebook's code imports that a later notebook (by file name) exports."
    cells = {f: [''.join(c['source']) for c in json.loads(f.read_text())['cells'] if c['cell_type'] == 'code']
             for f in sorted(nbs.glob('*.ipynb'))}
    exported_by = {m[1]: f.stem for f, cs in cells.items() for c in cs if (m := re.search(r'#\| default_exp (\w+)', c))}
    problems = []
    for f, cs in cells.items():
        imported = {m for c in cs for l in c.splitlines() if re.match(r'\s*(from|import) ', l) for m in re.findall(r'captcha_nb\.(\w+)', l)}
        problems += [f'nbs/{f.name}: imports captcha_nb.{m}, exported by the later {exported_by[m]}'
                     for m in sorted(imported) if exported_by.get(m, '') > f.stem]
    return problems

def check_outputs(sizes:bool=False) -> list:
    problems, total = [], 0
    for f in sorted(nbs.glob('*.ipynb')):
        nb, size = json.loads(f.read_text()), f.stat().st_size
        total += size
        largest = 0
        for i, c in enumerate(nb['cells']):
            for o in c.get('outputs', []):
                where, n = f'nbs/{f.name} cell {i}', len(json.dumps(o))
                largest = max(largest, n)
                text = output_text(o)
                if n > MAX_OUTPUT: problems.append(f'{where}: an output of {n:,} bytes (at most {MAX_OUTPUT:,})')
                if o['output_type'] == 'error': problems.append(f'{where}: an error output')
                if o.get('name') == 'stderr' or WARN.search(text): problems.append(f'{where}: a warning or stderr output')
                if BAR.search(text): problems.append(f'{where}: progress-bar text')
                if m := PATHS.search(text): problems.append(f'{where}: a machine path ({m[0]}...)')
        if sizes: print(f'{f.name}: {size:,} bytes, largest output {largest:,}')
    if sizes: print(f'all notebooks: {total:,} bytes')
    if total > MAX_TOTAL: problems.append(f'nbs/*.ipynb: {total:,} bytes together (at most {MAX_TOTAL:,})')
    return problems

if __name__ == '__main__':
    problems = check_sidebar() + check_imports() + check_outputs('--sizes' in sys.argv)
    for p in problems: print(p)
    sys.exit(1 if problems else 0)

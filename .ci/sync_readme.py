"""Write README.md from nbs/index.ipynb (quarto's `nbdev_readme` is not available on our build machines).

Markdown cells are copied; visible code cells become python blocks with their text output;
cells starting with `#| hide` are skipped;
cells starting with `#| echo: false` contribute only their markdown output. `--check` exits 1 when README.md is out of date."""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def cell_text(c): return ''.join(c['source'])

def outputs_text(c):
    res = []
    for o in c.get('outputs', []):
        if o['output_type'] == 'stream': res.append(''.join(o['text']))
        elif 'text/plain' in o.get('data', {}): res.append(''.join(o['data']['text/plain']) + '\n')
    return ''.join(res)

def outputs_markdown(c):
    return '\n'.join(''.join(o['data']['text/markdown']).strip() for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {}))

def render(nb) -> str:
    parts = []
    for c in nb['cells']:
        src = cell_text(c).strip()
        if not src or src.startswith('#| hide'): continue
        if c['cell_type'] == 'markdown': parts.append(src)
        elif src.startswith('#| echo: false'):   # a cell that only shows its (markdown) output
            if md := outputs_markdown(c): parts.append(md)
        else:
            parts.append(f'```python\n{src}\n```')
            if out := outputs_text(c).strip('\n'): parts.append(f'```\n{out}\n```')
    return '<!-- Generated from nbs/index.ipynb by .ci/sync_readme.py: edit the notebook, not this file. -->\n\n' + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text = render(json.loads((root/'nbs'/'index.ipynb').read_text()))
    readme = root/'README.md'
    if '--check' in sys.argv:
        if readme.read_text() != text: sys.exit('README.md is out of date: run `python .ci/sync_readme.py` and commit it')
    else: readme.write_text(text)

"""Preview the documentation site without quarto (which cannot be installed on our build machines).

nbdev's own pre-processing writes the pages quarto would render into `_proc/`; this script renders each of them to
HTML with nbconvert (installed by the dev extra) into `_preview/`, with the site's navigation (`nbs/sidebar.yml`) on
every page, and checks each page: it must render, keep its title, and hold no error output. With `--screenshots` it
also takes a PNG of every page with headless Chromium (Debian package `chromium`), to look at what a reader will see.

    python tools/preview_docs.py                   # _preview/*.html; exit status 1 if a page does not render
    python tools/preview_docs.py --screenshots     # and _preview/*.png
    python tools/preview_docs.py --pages index 03_cnn_flat --screenshots

The deploy workflow still builds the real site with quarto; this is the check and the preview anyone can run."""
import argparse, html, re, shutil, subprocess, sys
import nbformat, yaml
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def sidebar() -> list:
    "Notebook stems in the site's navigation order."
    return [Path(n).stem for n in re.findall(r'-\s*(\S+\.ipynb)', (root/'nbs'/'sidebar.yml').read_text())]

def nav_html(pages:list, titles:dict, current:str) -> str:
    items = ''.join(f'<li{" class=current" if p == current else ""}><a href="{p}.html">{html.escape(titles.get(p, p))}</a></li>'
                    for p in pages)
    return (f'<nav style="position:fixed;top:0;left:0;width:220px;height:100%;overflow:auto;padding:12px;'
            f'background:#f7f7f7;border-right:1px solid #ddd;font:14px sans-serif"><b>captcha_nb</b><ol>{items}</ol></nav>')

def as_quarto(nb) -> str:
    "Do to `nb` in place what quarto does with nbdev's pages: front matter as title and summary, `echo: false` code hidden."
    title = None
    if nb.cells and nb.cells[0].cell_type == 'raw' and nb.cells[0].source.startswith('---'):
        meta = yaml.safe_load(nb.cells[0].source.strip().strip('-')) or {}
        title, desc = meta.get('title'), meta.get('description', '')
        nb.cells[0] = nbformat.v4.new_markdown_cell(f'# {title}\n\n> {desc}' if title else '')
    for c in nb.cells:
        if c.cell_type == 'code' and re.search(r'^#\|\s*echo:\s*false', c.source, re.M):
            c.metadata.setdefault('tags', []).append('echo_false')
        for o in c.get('outputs', []):   # quarto's link attributes, which plain markdown would show as text
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = re.sub(r'\{target="_blank"[^}]*\}', '', ''.join(md))
        if c.cell_type == 'markdown': c.source = re.sub(r'\{target="_blank"[^}]*\}', '', c.source)
    return title

def render(proc:Path, out:Path, pages:list) -> list:
    "Render the pre-processed notebooks `pages` to HTML; return the problems found."
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    exporter = HTMLExporter(template_name='lab')
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'echo_false'}), enabled=True)
    out.mkdir(exist_ok=True)
    titles, bodies, problems = {}, {}, []
    for p in pages:
        src = proc/f'{p}.ipynb'
        if not src.exists(): problems.append(f'{p}: no pre-processed page _proc/{p}.ipynb'); continue
        try:
            nb = nbformat.read(src, as_version=4)
            titles[p] = as_quarto(nb) or p
            body, _ = exporter.from_notebook_node(nb)
        except Exception as e:
            problems.append(f'{p}: does not render ({type(e).__name__}: {e})'); continue
        if 'output_error' in body or 'Traceback (most recent call last)' in body: problems.append(f'{p}: shows an error output')
        if titles[p] == p and p != 'index': problems.append(f'{p}: has no title')
        bodies[p] = body
    for p, body in bodies.items():
        page = body.replace('<body', '<body style="margin-left:250px"', 1)
        page = re.sub(r'(<body[^>]*>)', lambda m: m[1] + nav_html(pages, titles, p), page, count=1)
        (out/f'{p}.html').write_text(page)
    return problems

def screenshot(page:Path, png:Path, width:int=1280, height:int=2400) -> bool:
    "A PNG of `page` taken by headless Chromium."
    exe = shutil.which('chromium') or shutil.which('chromium-browser')
    if not exe: sys.exit('preview_docs: error: no chromium found; install the Debian package `chromium`')
    r = subprocess.run([exe, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', f'--window-size={width},{height}',
                        f'--screenshot={png}', page.as_uri()], capture_output=True, text=True, timeout=120)
    return r.returncode == 0 and png.exists()

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--pages', nargs='*', help='notebook stems (default: every page of the navigation)')
    ap.add_argument('--screenshots', action='store_true')
    ap.add_argument('--out', default=str(root/'_preview'))
    a = ap.parse_args()
    from nbdev.serve import proc_nbs
    import os; os.chdir(root)
    proc_nbs()
    pages = sidebar()
    problems = render(root/'_proc', Path(a.out), pages)
    shown = a.pages or pages
    if a.screenshots:
        for p in shown:
            if (Path(a.out)/f'{p}.html').exists() and not screenshot(Path(a.out)/f'{p}.html', Path(a.out)/f'{p}.png'):
                problems.append(f'{p}: Chromium could not take a screenshot')
    for p in problems: print(p)
    print(f'{len(pages) - len([p for p in problems if "render" in p or "no pre-processed" in p])} of {len(pages)} pages rendered '
          f'into {Path(a.out).relative_to(root) if Path(a.out).is_relative_to(root) else a.out}/')
    sys.exit(1 if problems else 0)

if __name__ == '__main__': main()

"""Execute a notebook in place with execnb, from its own folder, optionally leaving some cells unexecuted.

    python tools/execute_nb.py nbs/03_cnn_flat.ipynb [--skip TEXT ...] [--keep TEXT ...]

A cell whose source contains one of the --skip texts is not run and keeps no output: use it to record the slow cells
whose runs are done while a longer run (say the 60-epoch one) is still to come. A cell containing a --keep text is not
run either but keeps the outputs it has: use it for a slow cell whose recorded run is still true, when the cells around
it change. Stops at the first error."""
import argparse, os
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('notebook'); ap.add_argument('--skip', nargs='*', default=[]); ap.add_argument('--keep', nargs='*', default=[])
    a = ap.parse_args()
    path = Path(a.notebook).resolve()
    nb = read_nb(path)
    def first_line(cell): return cell.source.splitlines()[1][:80] if len(cell.source.splitlines()) > 1 else cell.source[:80]
    def skipped(cell):
        if cell.cell_type != 'code': return False
        if any(s in cell.source for s in a.keep): print(f'kept as it was: {first_line(cell)}'); return True
        if any(s in cell.source for s in a.skip):
            cell.outputs, cell.execution_count = [], None
            print(f'skipped: {first_line(cell)}'); return True
        cell.outputs = []   # execnb keeps a cell's old outputs when the new run prints nothing
        return False
    os.chdir(path.parent)  # as Jupyter does: relative paths in the notebook start from its folder
    shell = CaptureShell(path.parent, mpl_format='png')   # not retina: half the pixels, a third of the bytes
    shell.run_all(nb, exc_stop=True, preproc=skipped)
    write_nb(nb, path)

if __name__ == '__main__': main()

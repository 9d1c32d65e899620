"""The tail-average lever of issue 27 (twelfth session, not adopted): a copy of the package whose dense fine-tuning
(`finetune_dense`) ends with its weights averaged over the last quarter of the optimiser steps.

    python bench/levers/tail_average.py /tmp/exp        # writes /tmp/exp/captcha_nb, the package with the callback
    PYTHONPATH=/tmp/exp python bench/panel.py --styles swust_2019b --sizes 30 --draws 0 --no_pool --no_ceiling \\
        --lever 'weights averaged over the last quarter of steps' --out /tmp/lever

`captcha_train` (a console script) imports the copy first. Results: `bench/panel.md`'s twelfth paragraph, lever rows."""
import shutil, sys
from pathlib import Path
import captcha_nb

CALLBACK = '''

class TailAverage(Callback):
    "Replace the weights at the end of fit by their mean over the last `tail` share of optimiser steps."
    order = 60
    def __init__(self, tail=0.25): self.tail = tail
    def before_fit(self): self.avg, self.n = None, 0
    def after_step(self):
        if not self.training or self.pct_train < 1 - self.tail: return
        ps = [p.detach() for p in self.learn.model.parameters()]
        with torch.no_grad():
            if self.avg is None: self.avg = [p.clone() for p in ps]
            else:
                for a, p in zip(self.avg, ps): a += (p - a) / (self.n + 1)
        self.n += 1
    def after_fit(self):
        if self.avg is None: return
        with torch.no_grad():
            for a, p in zip(self.avg, self.learn.model.parameters()): p.copy_(a)
'''
FIT = "    learn, hist = train_run(train, make_learner, valid_files=valid, **settings, **kwargs)\n"

def main(dest):
    pkg = Path(dest)/'captcha_nb'
    shutil.copytree(Path(captcha_nb.__file__).parent, pkg, dirs_exist_ok=True)
    f = pkg/'few_labels.py'; src = f.read_text()
    if src.count(FIT) != 1: sys.exit('tail_average.py: fit_labels has changed; the patch no longer fits')
    hook = "    if name == 'finetune_dense': kwargs['cbs'] = [TailAverage()]\n"
    f.write_text(src.replace(FIT, hook + FIT) + CALLBACK)
    print(pkg)

if __name__ == '__main__': main(sys.argv[1])

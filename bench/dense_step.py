"""Seconds per optimiser step of the dense CRNN (`DenseCRNN`, captcha-whisperer's network; batch 8 as the dense recipe
trains, CTC, Adam, channels-last) by input width at height 60, on random images, the widths alternating, three rounds.

    python bench/dense_step.py [WIDTH ...]       # default: 240 312 400 512

Measured 2026-12-04 on 2 cores, alone (seconds per step, rounds 1-3):

| width | s / step |
|---|---|
| 240 | 0.334 / 0.341 / 0.359 |
| 312 | 0.398 / 0.494 / 0.599 |
| 400 | 0.528 / 0.562 / 0.617 |
| 512 | 0.569 / 0.653 / 0.811 |

A step at 60x512 costs 1.3-1.4 times one at 60x312 in the same round; math's 30 + pool runs (60x312) took 552-588 s of
the 10 minutes, so `input_for` reads no wider than 320 with a pool (`DENSE_POOL_WIDEST`, `09_cli`)."""
import time, sys, torch
from captcha_nb.crnn import DenseCRNN, ctc_loss
torch.manual_seed(0)
widths = [int(w) for w in sys.argv[1:]] or [240, 312, 400, 512]
models = {w: DenseCRNN(37, (60, w)).to(memory_format=torch.channels_last) for w in widths}
opts = {w: torch.optim.Adam(m.parameters(), 1e-4) for w, m in models.items()}
def steps(w, n):
    m, o = models[w], opts[w]; m.train()
    x = torch.rand(8, 3, 60, w).contiguous(memory_format=torch.channels_last)
    y = torch.randint(1, 37, (8, 5))
    t = time.perf_counter()
    for _ in range(n):
        o.zero_grad(); ctc_loss(m(x), y).backward(); o.step()
    return (time.perf_counter() - t) / n
for w in widths: steps(w, 2)
res = {w: [] for w in widths}
for r in range(3):
    for w in widths: res[w].append(round(steps(w, 8), 3))
for w in widths: print(w, res[w])

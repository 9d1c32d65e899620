"""What the channels-last memory layout buys the recommended recipe on this machine: epochs of the same run, with and
without it, alternating in one process, the inputs as `captcha_dataloaders` makes them (contiguous).

    python bench/channels_last.py [--rounds 3] [--epochs 4]

Images come from $CAPTCHA_NB_DATA (or the public set); canonical split, seed 42. Writes bench/channels_last.md."""
import argparse, os, statistics, time
from pathlib import Path
from captcha_nb.data import captcha_files, captcha_data_path
from captcha_nb.training import train_run
from captcha_nb.crnn import crnn_learner
from captcha_nb.decoders import ctc_captcha_accuracy

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--rounds', type=int, default=3); ap.add_argument('--epochs', type=int, default=4)
    a = ap.parse_args()
    files = captcha_files(captcha_data_path())
    secs = {False: [], True: []}
    for _ in range(a.rounds):
        for cl in (False, True):
            _, hist = train_run(files, crnn_learner, a.epochs, 3e-3, preset='small', metrics=ctc_captcha_accuracy, channels_last=cl)
            secs[cl] += hist.seconds.tolist()
            print(f'channels_last={cl}: {hist.seconds.round(2).tolist()}', flush=True)
    rows = [f'| {"channels-last" if cl else "default (contiguous)"} | {min(s):.2f}-{max(s):.2f} | {statistics.median(s):.2f} |'
            for cl, s in secs.items()]
    text = (f"Measured by `python bench/channels_last.py --rounds {a.rounds} --epochs {a.epochs}` on {time.strftime('%Y-%m-%d')}, "
            f"{os.cpu_count()} cores: seconds per epoch of the recommended recipe (936 training images, batch 32), "
            f"{a.rounds} rounds alternating.\n\n| memory layout | s per epoch (min-max) | median |\n|---|---|---|\n" + '\n'.join(rows) + '\n')
    (Path(__file__).parent/'channels_last.md').write_text(text)
    print(text)

if __name__ == '__main__': main()

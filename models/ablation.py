"""Compare training runs (dev / KOTE curves and CPU time) from their logs -> reports/ablation.md.

Usage: python ablation.py [run ...]   (default: main full)
"""
from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(run: str):
    log = os.path.join(HERE, "work", "train.log" if run == "main" else f"train_{run}.log")
    if not os.path.exists(log):
        return None, []
    args, evals = None, []
    for line in open(log, encoding="utf-8"):
        if f"[{run}] args " in line:
            args = line.split(" args ", 1)[1].split("; data ready")[0]
        if f"[{run}] EVAL " in line:
            evals.append(json.loads(line.split(" EVAL ", 1)[1].rsplit(" (", 1)[0]))
    return args, evals


def main():
    runs = sys.argv[1:] or ["main", "ko2", "abl_full", "abl_f4", "abl_f8"]
    L = ["# Training runs compared\n",
         "Per-half-epoch evaluations logged by `train.py` (bf16 PyTorch, thresholds tuned on dev at each "
         "evaluation, before export). `train s` is cumulative training wall time on 1 thread of a shared "
         "2-core machine (Rust builds ran beside it, so times are noisy). Runs:\n",
         "- `main`: freeze embeddings + layers 0-3, cache layer-4 states once, train layers 4-11 + heads; "
         "KOTE mapped labels as soft targets 0.5.",
         "- `ko2`: same, but KOTE labels as partial labels (noisy-OR over mapped labels, negatives only "
         "outside the 5-rater union).",
         "- `abl_*`: small-budget ablation of the trainable depth (20k GoEmotions rows, 1 epoch, lr 1e-4, no KOTE/NSMC): "
         "`abl_full` = all 12 layers trained (no cache), `abl_f4` = layers 0-3 frozen + cached, "
         "`abl_f8` = layers 0-7 frozen + cached.\n"]
    for run in runs:
        args, ev = load(run)
        if args is None:
            continue
        L.append(f"## run `{run}`\n\n`{args}`\n")
        L.append("| epoch | dev macro-F1 | dev micro-F1 | dev macro-AP | KOTE held-out macro-F1 | KOTE macro-AP | train s |")
        L.append("|---|---|---|---|---|---|---|")
        for e in ev:
            L.append(f"| {e['epoch']:.2f} | {e['dev_macro_f1']:.4f} | {e['dev_micro_f1']:.4f} | "
                     f"{e.get('dev_macro_ap', float('nan')):.4f} | {e['kote_heldout_macro_f1']:.4f} | "
                     f"{e.get('kote_heldout_macro_ap', float('nan')):.4f} | {e['elapsed_train_s']:.0f} |")
        L.append("")
    os.makedirs(os.path.join(HERE, "reports"), exist_ok=True)
    with open(os.path.join(HERE, "reports", "ablation.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")
    print("\n".join(L))


if __name__ == "__main__":
    main()

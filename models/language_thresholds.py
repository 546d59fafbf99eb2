"""Would one threshold set per language read GoEmotions dev better than the shared one?

Issue 11 allows thresholds to differ by language "if that is measured to help". This measures it
from the fp32 dev probabilities already stored in `fixtures/cpu_paths.json` (all 5,426 dev rows in
English and their Korean translations, with gold labels), standard library only:

    python3 models/language_thresholds.py

It tunes per-label thresholds (grid 0.02-0.95, F1-optimal, as `train.py` does) jointly on both
languages and separately per language, on all of dev (in-sample, what a dev figure would show)
and in 2-fold cross-validation over the row pairs (tuned on one half, scored on the other: what a
held-out set would see). Result and decision: models/README.md, "Per-language thresholds".
"""

import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
GRID = [round(0.02 + 0.01 * i, 2) for i in range(94)]
LABELS = 28


def label_f1(rows, j, t):
    tp = fp = fn = 0
    for gold, probs in rows:
        predicted, named = probs[j] >= t, j in gold
        if predicted and named:
            tp += 1
        elif predicted:
            fp += 1
        elif named:
            fn += 1
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(rows, thresholds):
    return sum(label_f1(rows, j, thresholds[j]) for j in range(LABELS)) / LABELS


def tune(rows):
    return [max(GRID, key=lambda t: (label_f1(rows, j, t), -t)) for j in range(LABELS)]


def main():
    fixture = json.load(open(os.path.join(HERE, "fixtures", "cpu_paths.json"), encoding="utf-8"))
    dev = {lang["lang"]: [(set(r["labels"]), r["fp32"]) for r in lang["rows"]] for lang in fixture["languages"]}
    en, ko = dev["en"], dev["ko"]
    shipped = json.load(open(os.path.join(HERE, "haru-emotion.json"), encoding="utf-8"))["thresholds"]
    print("| thresholds | scored on | English | Korean |\n|---|---|---|---|")
    print(f"| shipped (joint, int8 graph) | all of dev | {macro_f1(en, shipped):.4f} | {macro_f1(ko, shipped):.4f} |")
    joint = tune(en + ko)
    print(f"| joint, tuned on dev | all of dev | {macro_f1(en, joint):.4f} | {macro_f1(ko, joint):.4f} |")
    print(f"| per language, tuned on dev | all of dev | {macro_f1(en, tune(en)):.4f} | {macro_f1(ko, tune(ko)):.4f} |")
    order = list(range(len(en)))
    random.Random(0).shuffle(order)
    for fold in range(2):
        tuned_on = set(order[fold::2])
        half = lambda rows, inside: [r for i, r in enumerate(rows) if (i in tuned_on) == inside]
        en_tune, ko_tune, en_test, ko_test = half(en, True), half(ko, True), half(en, False), half(ko, False)
        joint = tune(en_tune + ko_tune)
        print(f"| joint, fold {fold + 1} | the other half | {macro_f1(en_test, joint):.4f} | {macro_f1(ko_test, joint):.4f} |")
        print(f"| per language, fold {fold + 1} | the other half | {macro_f1(en_test, tune(en_tune)):.4f} | {macro_f1(ko_test, tune(ko_tune)):.4f} |")


if __name__ == "__main__":
    main()

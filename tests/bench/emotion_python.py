"""The seeds' approach, for comparison: the same fine-tuned model run through Python
transformers + torch (fp32, 1 thread), analysing an entry the way Haru does (one whole-text
pass plus one pass per sentence). Prints one JSON line. Needs `make -C models all` (its
virtual environment and checkpoint); run by tests/bench/emotion.mjs.
"""
import json
import os
import re
import resource
import sys
import time

T0 = time.perf_counter()
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "models"))

import torch  # noqa: E402
from transformers import PreTrainedTokenizerFast  # noqa: E402

import export  # noqa: E402  (models/export.py: builds the model and loads a checkpoint)

torch.set_num_threads(1)
meta = json.load(open(os.path.join(ROOT, "models", "haru-emotion.json")))
prefix = meta.get("text_prefix", "")
tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(ROOT, "models", "tokenizer.json"))
ckpt = os.path.join(ROOT, "models", "checkpoints", "main", "best.pt")
model, _ = export.load_model(ckpt)


def probs(text: str):
    enc = tok(prefix + text, return_tensors="pt")
    with torch.inference_mode():
        logits, _ = model(enc["input_ids"], enc["attention_mask"])
    return torch.sigmoid(logits)[0]


def analyze(text: str):
    whole = probs(text)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    per = [probs(s) for s in sentences]
    return whole, per, len(sentences)


text = open(sys.argv[1], encoding="utf-8").read()
analyze(text)
first_result_s = time.perf_counter() - T0
runs = []
for _ in range(int(os.environ.get("HARU_BENCH_RUNS", "10"))):
    t = time.perf_counter()
    _, _, n = analyze(text)
    runs.append((time.perf_counter() - t) * 1000)
runs.sort()
print(json.dumps({
    "first_result_s": first_result_s,
    "analyze_ms": runs[len(runs) // 2],
    "sentences": n,
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))

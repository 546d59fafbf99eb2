"""The seeds' approach, for comparison: the same fine-tuned model run through Python
transformers + torch (fp32, 1 thread), analysing an entry the way Haru does (one pass over the
whole entry in the entry layout; each sentence read from the mean of its tokens' final states).
Prints one JSON line. Needs `make -C models all` (its
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

import numpy as np  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

import export  # noqa: E402  (models/export.py: builds the model and loads a checkpoint)
from eval import entry_spans  # noqa: E402  (models/eval.py: sentence token ranges)

torch.set_num_threads(1)
torch.set_flush_denormal(True)  # as Haru's ONNX Runtime session (the sentence mask makes subnormals)
meta = json.load(open(os.path.join(ROOT, "models", "haru-emotion.json")))
prefix = meta.get("text_prefix", "")
tok_fast = Tokenizer.from_file(os.path.join(ROOT, "models", "tokenizer.json"))
ckpt = os.path.join(ROOT, "models", "checkpoints", "ko2", "best.pt")
model, _ = export.load_model(ckpt)


graph = export.ExportGraph.build(model)  # the weights with Haru's entry layout, in torch


def analyse(text: str):
    """The whole entry in one pass, each sentence read from its own tokens (as Haru does;
    sentences split at . ! ?)."""
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", text.strip()) if x]
    _, ids, spans = entry_spans(tok_fast, prefix, sentences)
    inputs = export.feed(np.array([ids], np.int64), np.ones((1, len(ids)), np.int64), [spans])
    with torch.inference_mode():
        whole, per = graph(*(torch.from_numpy(inputs[k]) for k in (
            "input_ids", "attention_mask", "position_ids", "sentence_ids", "span_weights")))
    return whole[0], per[0], len(sentences)


text = open(sys.argv[1], encoding="utf-8").read()
analyse(text)
first_result_s = time.perf_counter() - T0
runs = []
for _ in range(int(os.environ.get("HARU_BENCH_RUNS", "10"))):
    t = time.perf_counter()
    _, _, n = analyse(text)
    runs.append((time.perf_counter() - t) * 1000)
runs.sort()
print(json.dumps({
    "first_result_s": first_result_s,
    "analyse_ms": runs[len(runs) // 2],
    "sentences": n,
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))

"""Export a trained checkpoint to ONNX (probs inside the graph), quantise to int8, tune
per-label thresholds on GoEmotions dev WITH the shipped (quantised) graph, and write

  models/haru-emotion.onnx   inputs  input_ids int64 [batch, seq], attention_mask int64 [batch, seq]
                             output  probs float32 [batch, 28]  (sigmoid applied; mean pooling inside)
  models/haru-emotion.json   model_id, labels, thresholds, text_prefix, max_tokens, sha256
  models/tokenizer.json      the pruned tokenizer (ids fed to the graph unchanged)
  models/reports/export.json sizes, fp32-vs-int8 drift, dev metrics per quantisation variant

Usage: python export.py [--ckpt checkpoints/main/best.pt] [--model-id haru-emotion-e5s-v1]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
from common import LABELS, NL, WORK  # noqa: E402

OPSET = 18


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_model(ckpt: str | None):
    import torch

    model = common.build_model()
    info = {"ckpt": None}
    if ckpt:
        ck = torch.load(ckpt, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["model"])
        info = {"ckpt": os.path.relpath(ckpt, HERE), "eval": ck.get("eval"), "args": ck.get("args")}
    model.eval()
    return model, info


def export_fp32(model, path: str):
    import torch

    class Wrapper(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            pooled = self.m.pooled(input_ids, attention_mask)
            return torch.sigmoid(self.m.classifier(pooled))

    w = Wrapper(model).eval()
    ids = torch.tensor([[0, 35378, 12, 6, 2], [0, 35378, 12, 2, 1]], dtype=torch.int64)
    am = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]], dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(
            w, (ids, am), path, input_names=["input_ids", "attention_mask"], output_names=["probs"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                          "attention_mask": {0: "batch", 1: "sequence"},
                          "probs": {0: "batch"}},
            opset_version=OPSET, do_constant_folding=True, dynamo=False)


def optimize(src: str, dst: str) -> bool:
    """Fuse LayerNorm/GELU/attention where onnxruntime's BERT optimiser recognises them."""
    try:
        from onnxruntime.transformers import optimizer

        opt = optimizer.optimize_model(src, model_type="bert", num_heads=12, hidden_size=384,
                                       opt_level=1, use_gpu=False)
        opt.save_model_to_file(dst)
        return True
    except Exception as e:  # noqa: BLE001
        print("optimizer failed, using the plain graph:", e, flush=True)
        shutil.copy(src, dst)
        return False


def quantize(src: str, dst: str, keep_ffn_down_fp32: bool):
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    exclude = []
    if keep_ffn_down_fp32:
        g = onnx.load(src, load_external_data=False).graph
        inits = {i.name: i for i in g.initializer}
        for n in g.node:
            if n.op_type in ("MatMul", "Gemm") and any(
                    i in inits and list(inits[i].dims) == [1536, 384] for i in n.input):
                exclude.append(n.name)
    quantize_dynamic(src, dst, per_channel=True, weight_type=QuantType.QInt8,
                     nodes_to_exclude=exclude, op_types_to_quantize=["MatMul", "Gemm", "Gather"],
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return exclude


def session(path: str, threads: int = 1):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def run_onnx(sess, seqs, bs: int = 32) -> np.ndarray:
    out = np.zeros((len(seqs), NL), dtype=np.float32)
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    for b in range(0, len(order), bs):
        idx = order[b: b + bs]
        ids, am = common.pad_batch([seqs[i] for i in idx])
        out[idx] = sess.run(["probs"], {"input_ids": ids, "attention_mask": am})[0]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "checkpoints", "main", "best.pt"))
    ap.add_argument("--model-id", default="haru-emotion-e5s-v1")
    ap.add_argument("--variants", default="int8_ffn_fp32,int8_all",
                    help="quantisation variants to compare on dev; the best dev macro-F1 that fits "
                         "--max-mb ships")
    ap.add_argument("--max-mb", type=float, default=80.0)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--min-threshold", type=float, default=0.0,
                    help="floor for the tuned thresholds (tiny thresholds on rare labels over-fire "
                         "on out-of-domain text, e.g. Korean)")
    ap.add_argument("--dev-limit", type=int, default=0, help="only for pipeline smoke tests")
    args = ap.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    xdir = os.path.join(WORK, "export")
    os.makedirs(xdir, exist_ok=True)
    model, info = load_model(args.ckpt if args.ckpt and os.path.exists(args.ckpt) else None)
    if info["ckpt"] is None:
        print("WARNING: no checkpoint found, exporting the UNTRAINED model (pipeline test)", flush=True)
    tok = common.load_tokenizer()
    ge_dev, y_dev = common.load_goemotions("dev")
    if args.dev_limit:
        ge_dev, y_dev = ge_dev[: args.dev_limit], y_dev[: args.dev_limit]
    dev_seqs = common.encode(tok, ge_dev)

    t = time.time()
    fp32 = os.path.join(xdir, "model_fp32.onnx")
    export_fp32(model, fp32)
    optp = os.path.join(xdir, "model_fp32_opt.onnx")
    fused = optimize(fp32, optp)
    print(f"exported + optimised in {time.time() - t:.0f}s (fused={fused})", flush=True)

    # torch vs onnx fp32 on a few dev rows
    s32 = session(optp, args.threads)
    probe = dev_seqs[:64]
    p_onnx = run_onnx(s32, probe)
    with torch.no_grad():
        ids, am = common.pad_batch(probe)
        p_t = torch.sigmoid(model(torch.from_numpy(ids), torch.from_numpy(am))[0]).numpy()
    torch_vs_onnx = float(np.abs(p_onnx - p_t).max())
    print(f"torch vs onnx fp32 max |dp| = {torch_vs_onnx:.2e}", flush=True)

    t = time.time()
    p32 = run_onnx(s32, dev_seqs)
    t32 = time.time() - t
    thr32 = common.tune_thresholds(y_dev, p32)
    m32 = common.metrics(y_dev, p32, thr32)
    report = {"ckpt": info, "fused": fused, "torch_vs_onnx_fp32_maxabs": torch_vs_onnx,
              "fp32": {"mb": os.path.getsize(optp) / 2**20, "dev_macro_f1": m32["macro_f1"],
                       "dev_micro_f1": m32["micro_f1"], "dev_seconds": t32}, "variants": {}}
    print(f"fp32 dev macro-F1 {m32['macro_f1']:.4f} micro {m32['micro_f1']:.4f} ({t32:.0f}s)", flush=True)

    best = None
    for v in [v for v in args.variants.split(",") if v]:
        qp = os.path.join(xdir, f"model_{v}.onnx")
        excl = quantize(optp, qp, keep_ffn_down_fp32=(v == "int8_ffn_fp32"))
        sq = session(qp, args.threads)
        t = time.time()
        pq = run_onnx(sq, dev_seqs)
        tq = time.time() - t
        thr = common.tune_thresholds(y_dev, pq, args.min_threshold)
        mq = common.metrics(y_dev, pq, thr)
        np.save(os.path.join(xdir, f"dev_probs_{v}.npy"), pq)
        mb = os.path.getsize(qp) / 2**20
        rec = {"mb": mb, "excluded_nodes": len(excl), "dev_macro_f1": mq["macro_f1"],
               "dev_micro_f1": mq["micro_f1"], "max_abs_dprob_vs_fp32": float(np.abs(pq - p32).max()),
               "mean_abs_dprob_vs_fp32": float(np.abs(pq - p32).mean()), "dev_seconds": tq}
        report["variants"][v] = rec
        print(v, json.dumps(rec), flush=True)
        if mb <= args.max_mb and (best is None or mq["macro_f1"] > best[1]["macro_f1"] + 1e-9):
            best = (v, mq, thr, qp)
    assert best is not None, "no variant fits the size limit"
    v, mq, thr, qp = best
    os.makedirs(args.out, exist_ok=True)
    onnx_out = os.path.join(args.out, "haru-emotion.onnx")
    shutil.copy(qp, onnx_out)
    shutil.copy(common.tokenizer_path(), os.path.join(args.out, "tokenizer.json"))
    digest = sha256(onnx_out)
    meta = {"model_id": args.model_id, "labels": LABELS,
            "thresholds": [round(float(x), 2) for x in thr], "text_prefix": common.PREFIX,
            "max_tokens": common.MAX_TOKENS, "sha256": digest}
    with open(os.path.join(args.out, "haru-emotion.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
        f.write("\n")
    report["shipped"] = {"variant": v, "mb": os.path.getsize(onnx_out) / 2**20, "sha256": digest,
                         "dev_macro_f1": mq["macro_f1"], "dev_micro_f1": mq["micro_f1"],
                         "model_id": args.model_id, "min_threshold": args.min_threshold}
    os.makedirs(os.path.join(args.out, "reports"), exist_ok=True)
    with open(os.path.join(args.out, "reports", "export.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(f"shipped {v}: {report['shipped']}", flush=True)


if __name__ == "__main__":
    main()

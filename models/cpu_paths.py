"""The same reading on every CPU: measure quantisation forms on each ONNX Runtime kernel path.

ONNX Runtime picks its int8 MatMul kernels from the CPU it runs on. This script reads the 500 +
500 GoEmotions dev rows of the subset in `fixtures/cpu_paths.json` (English and Korean, with the
fp32 model's probabilities) with several quantised forms of the same weights, natively and under
`qemu-x86_64 -cpu Haswell` (AVX2, no VNNI / AVX-512) and `-cpu Nehalem` (SSE only), and writes
`reports/cpu_paths.json` / `.md`: macro-F1 per language with the shipped thresholds against the
fp32 model's, the probability spread between paths, and the speed of one 12-sentence entry
(native, 1 thread).

Forms (all from the same smoothed fp32 weights):
  s8_pairs      shipped: per-channel s8 with every neighbouring pair |a| + |b| <= 128
                (`export.fit_u8s8_pairs`), so the u8 x s8 kernels never saturate
  u8u8          the shipped values stored as u8 with zero point 128: u8 x u8 kernels, which
                never saturate either; must read exactly like s8_pairs
  s8            plain per-channel s8 (v3's form): saturates on AVX2 / AVX-512BW
  s8_reduced    reduce_range=True (7-bit weights), ONNX Runtime's documented remedy

Usage: python cpu_paths.py            (needs work/export/model_fp32_smooth.onnx from export.py
                                      and qemu-user; ~15 min on 2 cores)
       python cpu_paths.py --worker MODEL OUT.npy   (one reading, used under QEMU)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
from common import NL, WORK  # noqa: E402

PATHS = {"native": [], "haswell (AVX2)": ["qemu-x86_64", "-cpu", "Haswell"],
         "nehalem (SSE)": ["qemu-x86_64", "-cpu", "Nehalem"]}


def fixture():
    return json.load(open(os.path.join(HERE, "fixtures", "cpu_paths.json"), encoding="utf-8"))


def worker(model: str, out: str):
    from export import session

    tok = common.load_tokenizer(os.path.join(HERE, "tokenizer.json"))
    sess = session(model, 1)
    fx = fixture()
    texts = [lang["rows"][i]["text"] for lang in fx["languages"] for i in lang["subset"]]
    seqs = common.encode(tok, texts)
    probs = np.zeros((len(seqs), NL), np.float32)
    for i, ids in enumerate(seqs):  # one text per run, as the fixture's fp32 reading
        a = np.array([ids], np.int64)
        from export import feed
        probs[i] = sess.run(["probs"], feed(a, np.ones_like(a)))[0][0]
    np.save(out, probs)


def variants(xdir: str) -> dict[str, str]:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    import export

    out = {"s8_pairs": os.path.join(HERE, "haru-emotion.onnx")}
    out["u8u8"] = os.path.join(xdir, "cpu_u8u8.onnx")
    export.to_u8u8(out["s8_pairs"], out["u8u8"])
    smooth = os.path.join(xdir, "model_fp32_smooth.onnx")
    g = onnx.load(smooth, load_external_data=False).graph
    ini = {i.name: i for i in g.initializer}
    exclude = [n.name for n in g.node if n.op_type in ("MatMul", "Gemm")
               and any(NL in list(ini[i].dims) for i in n.input if i in ini)]
    for name, reduce in (("s8", False), ("s8_reduced", True)):
        path = os.path.join(xdir, f"cpu_{name}.onnx")
        quantize_dynamic(smooth, path, per_channel=True, reduce_range=reduce, weight_type=QuantType.QInt8,
                         nodes_to_exclude=exclude, op_types_to_quantize=["MatMul", "Gemm", "Gather"],
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        out[name] = path
    return out


def entry_ms(model: str) -> float:
    from eval import DIARY_EN
    from export import feed, session

    tok = common.load_tokenizer(os.path.join(HERE, "tokenizer.json"))
    ids = tok.encode(common.PREFIX + DIARY_EN).ids
    a = np.array([ids], np.int64)
    sess = session(model, 1)
    sess.run(["probs"], feed(a, np.ones_like(a)))
    ts = []
    for _ in range(30):  # CPU time of this thread (1 intra-op thread runs on it), least disturbed
        t = time.thread_time()
        sess.run(["probs"], feed(a, np.ones_like(a)))
        ts.append(time.thread_time() - t)
    return 1000 * float(np.min(ts))


def main():
    xdir = os.path.join(WORK, "export")
    fx = fixture()
    meta = json.load(open(os.path.join(HERE, "haru-emotion.json"), encoding="utf-8"))
    thr = np.array(meta["thresholds"], np.float32)
    langs = [(lang["lang"], len(lang["subset"])) for lang in fx["languages"]]
    gold, fp32 = [], []
    for lang in fx["languages"]:
        for r in (lang["rows"][i] for i in lang["subset"]):
            y = np.zeros(NL, np.float32)
            y[r["labels"]] = 1
            gold.append(y)
            fp32.append(r["fp32"])
    gold, fp32 = np.stack(gold), np.array(fp32, np.float32)

    def per_lang(p):
        res, off = {}, 0
        for lang, n in langs:
            res[lang] = common.metrics(gold[off: off + n], p[off: off + n], thr)["macro_f1"]
            off += n
        return res

    report = {"model_id": meta["model_id"], "rows": dict(langs), "fp32_macro_f1": per_lang(fp32),
              "variants": {}}
    py = os.path.realpath(sys.executable)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if "site-packages" in p))
    for name, model in variants(xdir).items():
        rec = {"mb": os.path.getsize(model) / 2**20, "entry_ms_native": entry_ms(model), "paths": {}}
        probs = {}
        for path, prefix in PATHS.items():
            out = os.path.join(xdir, f"cpu_{name}_{path.split()[0]}.npy")
            t = time.time()
            subprocess.run(prefix + [py, os.path.abspath(__file__), "--worker", model, out], check=True,
                           env=env, stderr=subprocess.DEVNULL)
            probs[path] = np.load(out)
            rec["paths"][path] = {"macro_f1": per_lang(probs[path]),
                                  "mean_abs_dp_vs_fp32": float(np.abs(probs[path] - fp32).mean()),
                                  "max_abs_dp_vs_native": float(np.abs(probs[path] - probs["native"]).max()),
                                  "seconds": time.time() - t}
            print(name, path, json.dumps(rec["paths"][path]), flush=True)
        report["variants"][name] = rec
    with open(os.path.join(HERE, "reports", "cpu_paths.json"), "w") as f:
        json.dump(report, f, indent=1)
    L = [f"# `{meta['model_id']}` on three CPU kernel paths\n",
         f"`python cpu_paths.py`: {langs[0][1]} English + {langs[1][1]} Korean GoEmotions dev rows "
         "(`fixtures/cpu_paths.json`), one text per run, shipped thresholds. fp32 macro-F1: "
         + ", ".join(f"{k} {v:.4f}" for k, v in report["fp32_macro_f1"].items()) + ".\n",
         "| form | MiB | entry CPU ms (native, 1 thread, best of 30) | path | macro-F1 en | macro-F1 ko | mean \\|Δp\\| vs fp32 | max \\|Δp\\| vs native |",
         "|---|---|---|---|---|---|---|---|"]
    for name, rec in report["variants"].items():
        for path, r in rec["paths"].items():
            L.append(f"| {name} | {rec['mb']:.1f} | {rec['entry_ms_native']:.1f} | {path} | "
                     f"{r['macro_f1']['en']:.4f} | {r['macro_f1']['ko']:.4f} | {r['mean_abs_dp_vs_fp32']:.4f} | "
                     f"{r['max_abs_dp_vs_native']:.4f} |")
    with open(os.path.join(HERE, "reports", "cpu_paths.md"), "w") as f:
        f.write("\n".join(L) + "\n")
    print("\n".join(L))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
    else:
        main()

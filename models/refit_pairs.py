"""Re-fit an already shipped int8 model so it reads the same on every CPU (v3 -> v3.1).

v3 (`haru-emotion-e5s-v3`) stored plain per-channel s8 weights, which ONNX Runtime's AVX2 and
AVX-512BW kernels multiply with a saturating 16-bit pair sum (see `export.fit_u8s8_pairs`), so
it read 0.03-0.07 apart on CPUs without VNNI. Its fp32 checkpoint is not kept, so this script
works from the int8 graph itself:

1. the float reading: every MatMulInteger (+ its Cast and scale Mul) becomes a float MatMul
   with the dequantised weights (`work/export/model_fp32_opt.onnx`; the same weights, no
   activation quantisation) -- the reference the CPU-path fixture compares against;
2. the weights are re-fitted with `export.fit_u8s8_pairs` (per channel: the scale among
   1.00-1.40x and the integers under |w[2j]| + |w[2j+1]| <= 128 with the least squared error),
   so no kernel path saturates;
3. GoEmotions dev (English and Korean) is read with both, thresholds are kept (v3's, tuned on
   its graph) and `haru-emotion.json` gets the new sha256 and model id; `reports/export.json`
   and `work/export/dev_probs_fp32.npy` are written for `eval.py`.

Usage: python refit_pairs.py --model-id haru-emotion-e5s-v3.1   (then python eval.py)
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
from common import WORK  # noqa: E402


def float_reading(src: str, dst: str) -> dict[str, np.ndarray]:
    """Write the float graph of a dynamic-int8 one; return {weight name: float weights}."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    prod = {o: n for n in g.node for o in n.output}
    cons = collections.defaultdict(list)
    for n in g.node:
        for i in n.input:
            cons[i].append(n)
    drop, repl, floats = set(), {}, {}
    for n in g.node:
        if n.op_type != "MatMulInteger":
            continue
        base = n.input[1][: -len("_quantized")]
        x = prod[n.input[0]].input[0]  # DynamicQuantizeLinear's float input
        if base not in floats:
            q = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
            zp = numpy_helper.to_array(inits[n.input[3]]).astype(np.float32)
            scale = numpy_helper.to_array(inits[base + "_scale"]).astype(np.float32)
            floats[base] = (q - zp[None, :]) * scale[None, :]
            g.initializer.append(numpy_helper.from_array(floats[base], base + "_float"))
        cast = cons[n.output[0]][0]
        mul = cons[cast.output[0]][0]
        assert cast.op_type == "Cast" and mul.op_type == "Mul", (cast.op_type, mul.op_type)
        drop |= {id(n), id(cast)}
        repl[id(mul)] = helper.make_node("MatMul", [x, base + "_float"], [mul.output[0]],
                                         name=n.name + "_float")
    nodes = [repl.get(id(n), n) for n in g.node if id(n) not in drop]
    del g.node[:]
    g.node.extend(nodes)
    # drop what only the int8 path used, so the float graph loads without warnings
    used = {i for n in g.node for i in n.input}
    keep = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    onnx.save(m, dst)
    return floats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.path.join(HERE, "haru-emotion.onnx"))
    ap.add_argument("--model-id", default="haru-emotion-e5s-v3.1")
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()

    import export

    xdir = os.path.join(WORK, "export")
    os.makedirs(xdir, exist_ok=True)
    src = os.path.join(xdir, "refit_src.onnx")
    shutil.copy(args.src, src)
    ref = os.path.join(xdir, "model_fp32_opt.onnx")
    floats = float_reading(src, ref)
    fitted = os.path.join(xdir, "model_int8_pairs.onnx")
    stats = export.fit_u8s8_pairs(src, fitted, float_weights=floats)
    print("fit:", stats, flush=True)

    meta_path = os.path.join(args.out, "haru-emotion.json")
    meta = json.load(open(meta_path, encoding="utf-8"))
    thr = np.array(meta["thresholds"], np.float32)
    tok = common.load_tokenizer(os.path.join(args.out, "tokenizer.json"))
    ge_dev, y_dev = common.load_goemotions("dev")
    ko_dev, _ = common.load_goemotions("dev", "ko")
    seqs = common.encode(tok, ge_dev) + common.encode(tok, ko_dev)
    n = len(ge_dev)
    report = {"procedure": "refit_pairs.py: v3's int8 weights dequantised, re-fitted with "
                           "export.fit_u8s8_pairs; thresholds kept", "fit": stats, "source": args.src}
    probs = {}
    for name, path in (("float", ref), ("int8_pairs", fitted), ("int8_v3", src)):
        p = export.run_onnx(export.session(path, 1), seqs)
        probs[name] = p
        en, ko = common.metrics(y_dev, p[:n], thr), common.metrics(y_dev, p[n:], thr)
        report[name] = {"dev_macro_f1": en["macro_f1"], "dev_ko_macro_f1": ko["macro_f1"],
                        "dev_micro_f1": en["micro_f1"], "dev_ko_micro_f1": ko["micro_f1"],
                        "mean_abs_dprob_vs_float": float(np.abs(p - probs["float"]).mean())}
        print(name, json.dumps(report[name]), flush=True)
    np.save(os.path.join(xdir, "dev_probs_fp32.npy"), probs["float"])

    onnx_out = os.path.join(args.out, "haru-emotion.onnx")
    shutil.copy(fitted, onnx_out)
    digest = export.sha256(onnx_out)
    meta["model_id"], meta["sha256"] = args.model_id, digest
    with open(meta_path, "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
        f.write("\n")
    report["shipped"] = {"variant": "int8_pairs", "model_id": args.model_id, "sha256": digest,
                         "mb": os.path.getsize(onnx_out) / 2**20, **report["int8_pairs"]}
    with open(os.path.join(args.out, "reports", "export.json"), "w") as f:
        json.dump(report, f, indent=1)
    print("shipped", json.dumps(report["shipped"]), flush=True)


if __name__ == "__main__":
    main()

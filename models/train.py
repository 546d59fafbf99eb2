"""Fine-tune multilingual-e5-small (pruned vocabulary) into a 28-label emotion classifier.

Data: GoEmotions train in English and (with --ko, v4) its Korean translation, row for row
(GoEmotions-Korean; a cross-lingual consistency loss, --consistency, pulls each Korean row's
prediction towards its English row's; dev in both languages for model selection), KOTE mapped 44->28 (kote_to_goemotions.tsv,
KOTE labels are a union of 5 raters, so by default they are used as PARTIAL labels: labels
outside the union are negatives, and "at least one mapped label applies" is the positive
(noisy-OR loss); 1,000 fixed rows held out, never trained on), optional NSMC ratings as an auxiliary valence head.
CPU-efficient: length-bucketed dynamic padding, frozen word embeddings, bf16 autocast,
optional freezing of the lower K encoder layers with their outputs cached once (--cache).
Checkpoints every --ckpt-minutes to checkpoints/<run>/last.pt and resumes from it when re-run;
best dev macro-F1 (per-label tuned thresholds) goes to checkpoints/<run>/best.pt.
Progress log: work/<run>.log (work/train.log for the default run).

Usage: python train.py [--run main] [--epochs 4] [--freeze-layers 0] [--cache] ...
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
from common import CKPT, NL, WORK  # noqa: E402

LOG = None


def log(msg: str):
    line = time.strftime("%Y-%m-%d %H:%M:%S ") + msg
    print(line, flush=True)
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def prepare_data(args, tok):
    cache = os.path.join(WORK, f"data_{args.max_len}_{args.nsmc_pool}{'_ko' if args.ko else ''}.pt")
    import torch

    if os.path.exists(cache):
        return torch.load(cache, weights_only=False)
    ge_tr, y_tr = common.load_goemotions("train")
    ge_dev, y_dev = common.load_goemotions("dev")
    (k_ids, k_tr, ky_tr, _), (kh_ids, k_ho, ky_ho, kr_ho) = common.load_kote()
    ns_t, ns_y = common.load_nsmc(args.nsmc_pool) if args.nsmc_pool else ([], np.zeros(0, np.float32))
    d = {
        "ge_train": (common.encode(tok, ge_tr, args.max_len), y_tr),
        "ge_dev": (common.encode(tok, ge_dev, common.MAX_TOKENS), y_dev),
        "kote_train": (common.encode(tok, k_tr, args.max_len), ky_tr),
        "kote_heldout": (common.encode(tok, k_ho, common.MAX_TOKENS), ky_ho),
        "nsmc": (common.encode(tok, ns_t, args.max_len), ns_y),
        "kote_heldout_ids": kh_ids,
    }
    if args.ko:
        ko_tr, yk_tr = common.load_goemotions("train", "ko")
        ko_dev, yk_dev = common.load_goemotions("dev", "ko")
        assert len(ko_tr) == len(ge_tr) and (yk_tr == y_tr).all(), "GoEmotions-Korean must pair row for row"
        d["ge_train_ko"] = (common.encode(tok, ko_tr, args.max_len), yk_tr)
        d["ge_dev_ko"] = (common.encode(tok, ko_dev, common.MAX_TOKENS), yk_dev)
    torch.save(d, cache)
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="main")
    ap.add_argument("--epochs", type=float, default=4.0)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--kote-repeat", type=int, default=2)
    ap.add_argument("--kote-pos", type=float, default=0.5,
                    help="target for mapped KOTE positives (labels are a 5-rater union)")
    ap.add_argument("--kote-loss", choices=["noisyor", "soft"], default="noisyor",
                    help="noisyor: KOTE labels as a candidate set (partial labels): labels outside "
                         "the 5-rater union are negatives, and 'at least one mapped label' is the "
                         "positive (noisy-OR); soft: mapped labels as soft targets --kote-pos")
    ap.add_argument("--nsmc-pool", type=int, default=40000)
    ap.add_argument("--nsmc-per-epoch", type=int, default=8000)
    ap.add_argument("--nsmc-weight", type=float, default=0.3)
    ap.add_argument("--freeze-layers", type=int, default=0,
                    help="freeze embeddings + the lowest K encoder layers")
    ap.add_argument("--cache", action="store_true",
                    help="cache the frozen lower layers' outputs once (requires --freeze-layers)")
    ap.add_argument("--max-train-rows", type=int, default=0, help="subsample GoEmotions train (ablations)")
    ap.add_argument("--eval-every", type=float, default=0.5, help="in epochs")
    ap.add_argument("--ckpt-minutes", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-bf16", action="store_true")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--ko", action="store_true",
                    help="train on GoEmotions-Korean next to English, each pair in one batch (v4)")
    ap.add_argument("--consistency", type=float, default=1.0,
                    help="weight of KL(p_en || p_ko) on the parallel pairs (English detached); with --ko")
    args = ap.parse_args()

    global LOG
    os.makedirs(WORK, exist_ok=True)
    LOG = os.path.join(WORK, "train.log" if args.run == "main" else f"train_{args.run}.log")
    rundir = os.path.join(CKPT, args.run)
    os.makedirs(rundir, exist_ok=True)

    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    # bf16 autocast is ~2x faster than fp32 on CPUs with native bf16 (AVX-512 BF16 / AMX) and
    # ~6x SLOWER where it is emulated (measured on an AVX2-only CPU): use it only where native.
    bf16 = not args.no_bf16 and common.cpu_has_native_bf16()
    tok = common.load_tokenizer()
    t0 = time.time()
    D = prepare_data(args, tok)
    log(f"[{args.run}] bf16 autocast {'on' if bf16 else 'off (no native bf16 on this CPU)'}")
    log(f"[{args.run}] args {vars(args)}; data ready in {time.time() - t0:.0f}s: "
        f"ge_train {len(D['ge_train'][0])}, kote_train {len(D['kote_train'][0])}, "
        f"nsmc {len(D['nsmc'][0])}, dev {len(D['ge_dev'][0])}, kote_heldout {len(D['kote_heldout'][0])}")

    # ---------------- training rows: (ids, emo target [28], emo weight, valence target, val weight)
    ge_seqs, ge_y = D["ge_train"]
    ko_seqs = D["ge_train_ko"][0] if args.ko else []
    if args.max_train_rows:
        sel = random.Random(args.seed).sample(range(len(ge_seqs)), args.max_train_rows)
        ge_seqs, ge_y = [ge_seqs[i] for i in sel], ge_y[sel]
        ko_seqs = [ko_seqs[i] for i in sel] if args.ko else []
    n_ge = len(ge_seqs)
    if args.ko:  # Korean row i sits at n_ge + i, the partner of English row i
        ge_seqs, ge_y = list(ge_seqs) + list(ko_seqs), np.concatenate([ge_y, ge_y])
    k_seqs, k_y = D["kote_train"]
    (_, _, _, k_raw), _ = common.load_kote()
    k_cand = (k_y > 0).astype(np.float32)
    if args.kote_loss == "soft":
        k_t, k_w, k_c = k_cand * args.kote_pos, np.ones_like(k_cand), np.zeros_like(k_cand)
    else:  # partial labels: BCE towards 0 only outside candidates/possibles, noisy-OR over candidates
        k_poss = common.kote_possible(k_raw)
        k_t = np.zeros_like(k_cand)
        k_w = (1.0 - np.maximum(k_cand, k_poss)).astype(np.float32)
        k_c = k_cand
    ns_seqs, ns_y = D["nsmc"]
    seqs = list(ge_seqs) + list(k_seqs) * args.kote_repeat
    emo_y = np.concatenate([ge_y] + [k_t] * args.kote_repeat).astype(np.float32)
    bce_w = np.concatenate([np.ones_like(ge_y)] + [k_w] * args.kote_repeat).astype(np.float32)
    cand = np.concatenate([np.zeros_like(ge_y)] + [k_c] * args.kote_repeat).astype(np.float32)
    n_emo = len(seqs)
    use_nsmc = args.nsmc_per_epoch > 0 and len(ns_seqs) > 0 and args.nsmc_weight > 0
    n_ns = min(args.nsmc_per_epoch, len(ns_seqs)) if use_nsmc else 0
    rows_per_epoch = n_emo + n_ns
    # Batching units: an English/Korean pair travels together (so the consistency loss sees
    # both); every other row is a unit of its own. Batches hold bs/2 units with --ko.
    unit_bs = args.bs // 2 if args.ko else args.bs
    units_fixed = ([[i, n_ge + i] for i in range(n_ge)] + [[i] for i in range(2 * n_ge, n_emo)]
                   if args.ko else [[i] for i in range(n_emo)])
    steps_per_epoch = math.ceil((len(units_fixed) + n_ns) / unit_bs)
    total_steps = int(steps_per_epoch * args.epochs)

    # ---------------- model
    model = common.build_model()
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    K = args.freeze_layers
    for l in range(K):
        for p in model.bert.encoder.layer[l].parameters():
            p.requires_grad = False
    enc_params = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith("bert.")]
    head_params = list(model.classifier.parameters()) + list(model.valence.parameters())
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.lr},
                             {"params": head_params, "lr": args.head_lr}], weight_decay=0.01)
    base_lrs = [args.lr, args.head_lr]
    warm = max(1, int(total_steps * args.warmup))

    def set_lr(step):
        f = step / warm if step < warm else max(0.0, (total_steps - step) / max(1, total_steps - warm))
        for g, b in zip(opt.param_groups, base_lrs):
            g["lr"] = b * f

    # ---------------- optional cache of the frozen lower layers
    cache = None
    if args.cache:
        assert K > 0, "--cache needs --freeze-layers > 0"
        cache_path = os.path.join(rundir, f"cache_L{K}.pt")
        if os.path.exists(cache_path):
            cache = torch.load(cache_path, weights_only=False)
        else:
            tc = time.time()
            model.eval()
            cache = {}
            groups = {"train": seqs, "nsmc": ns_seqs[: n_ns * max(1, math.ceil(args.epochs))],
                      "dev": D["ge_dev"][0], "kote_heldout": D["kote_heldout"][0]}
            if args.ko:
                groups["dev_ko"] = D["ge_dev_ko"][0]
            for g, ss in groups.items():
                out = [None] * len(ss)
                order = sorted(range(len(ss)), key=lambda i: len(ss[i]))
                with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                    for b in range(0, len(order), 64):
                        idx = order[b: b + 64]
                        ids, am = common.pad_batch([ss[i] for i in idx])
                        ids, am = torch.from_numpy(ids), torch.from_numpy(am)
                        h = model.encode_from(model.embed(ids), am, 0, K)
                        for j, i in enumerate(idx):
                            out[i] = h[j, : len(ss[i])].to(torch.bfloat16).clone()
                cache[g] = out
                log(f"[{args.run}] cached layer-{K} states for {g}: {len(ss)} rows")
            torch.save(cache, cache_path)
            log(f"[{args.run}] cache built in {time.time() - tc:.0f}s")

    def forward_batch(batch_seqs, cached=None, train=True):
        ids, am = common.pad_batch(batch_seqs)
        ids, am = torch.from_numpy(ids), torch.from_numpy(am)
        if cached is not None:
            L = ids.shape[1]
            h = torch.zeros(len(cached), L, cached[0].shape[-1], dtype=torch.float32)
            for j, c in enumerate(cached):
                h[j, : c.shape[0]] = c.float()
            h = model.encode_from(h, am, K, None)
            return model.head(model.mean_pool(h, am))
        return model(ids, am)

    def predict(name):
        seqs_e = D[name][0]
        cached = cache.get({"ge_dev": "dev", "ge_dev_ko": "dev_ko"}.get(name, name)) if cache else None
        model.eval()
        out = np.zeros((len(seqs_e), NL), dtype=np.float32)
        order = sorted(range(len(seqs_e)), key=lambda i: len(seqs_e[i]))
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for b in range(0, len(order), 64):
                idx = order[b: b + 64]
                logits, _ = forward_batch([seqs_e[i] for i in idx],
                                          [cached[i] for i in idx] if cached else None)
                out[idx] = torch.sigmoid(logits.float()).numpy()
        model.train()
        return out

    # ---------------- resume
    state = {"step": 0, "best": -1.0, "history": []}
    last = os.path.join(rundir, "last.pt")
    if os.path.exists(last):
        ck = torch.load(last, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        log(f"[{args.run}] resumed from step {state['step']} / {total_steps}")

    def save_last():
        tmp = last + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                    "args": vars(args)}, tmp)
        os.replace(tmp, last)

    def evaluate(epoch_f):
        te = time.time()
        p_dev = predict("ge_dev")
        y_dev = D["ge_dev"][1]
        thr = common.tune_thresholds(y_dev, p_dev)
        m = common.metrics(y_dev, p_dev, thr)
        m05 = common.metrics(y_dev, p_dev, np.full(NL, 0.5))
        score = m["macro_f1"]
        extra = {}
        if args.ko:  # one threshold set for both languages, tuned on both dev splits
            p_ko = predict("ge_dev_ko")
            thr = common.tune_thresholds(np.concatenate([y_dev, y_dev]), np.concatenate([p_dev, p_ko]))
            m = common.metrics(y_dev, p_dev, thr)
            mko = common.metrics(y_dev, p_ko, thr)
            agree = float((p_dev.argmax(1) == p_ko.argmax(1)).mean())
            extra = {"dev_ko_macro_f1": mko["macro_f1"], "dev_ko_micro_f1": mko["micro_f1"],
                     "dev_en_ko_top_agreement": agree}
            score = (m["macro_f1"] + mko["macro_f1"]) / 2
        p_k = predict("kote_heldout")
        mk = common.metrics((D["kote_heldout"][1] > 0).astype(np.float32), p_k, thr)
        kote_top = float(np.mean([(D["kote_heldout"][1][i] > 0)[p_k[i].argmax()] for i in range(len(p_k))]))
        extra["kote_heldout_top_label_in_refs"] = kote_top
        rec = {"step": state["step"], "epoch": round(epoch_f, 3), "dev_macro_f1": m["macro_f1"], **extra,
               "dev_micro_f1": m["micro_f1"], "dev_macro_f1_at_0.5": m05["macro_f1"],
               "kote_heldout_macro_f1": mk["macro_f1"], "kote_heldout_micro_f1": mk["micro_f1"],
               "dev_macro_ap": m["macro_ap"], "kote_heldout_macro_ap": mk["macro_ap"],
               "elapsed_train_s": state.get("train_s", 0.0)}
        state["history"].append(rec)
        log(f"[{args.run}] EVAL {json.dumps(rec)} ({time.time() - te:.0f}s)")
        rec["selection_score"] = score
        if score > state["best"]:
            state["best"] = score
            torch.save({"model": model.state_dict(), "thresholds": thr.tolist(), "eval": rec,
                        "args": vars(args)}, os.path.join(rundir, "best.pt.tmp"))
            os.replace(os.path.join(rundir, "best.pt.tmp"), os.path.join(rundir, "best.pt"))
            log(f"[{args.run}] new best selection score {score:.4f} -> {rundir}/best.pt")

    model.train()
    if K > 0:  # keep frozen layers deterministic (no dropout) — they act as a fixed feature extractor
        model.bert.embeddings.eval()
        for l in range(K):
            model.bert.encoder.layer[l].eval()
    last_ck = time.time()
    eval_every = max(1, int(steps_per_epoch * args.eval_every))
    log(f"[{args.run}] {rows_per_epoch} rows/epoch, {steps_per_epoch} steps/epoch, {total_steps} steps total")
    while state["step"] < total_steps:
        epoch = state["step"] // steps_per_epoch
        rng = random.Random(args.seed * 1000 + epoch)
        ns_sel = rng.sample(range(len(ns_seqs)), n_ns) if n_ns else []
        if cache:  # cached NSMC rows are a fixed slice per epoch
            ns_sel = list(range((epoch * n_ns) % max(1, len(cache["nsmc"]) - n_ns + 1),
                                (epoch * n_ns) % max(1, len(cache["nsmc"]) - n_ns + 1) + n_ns))
            ns_sel = [i for i in ns_sel if i < len(cache["nsmc"])]
        all_seqs = seqs + [ns_seqs[i] for i in ns_sel]
        units = units_fixed + [[n_emo + j] for j in range(len(ns_sel))]
        lengths = [max(len(all_seqs[i]) for i in u) for u in units]
        batches = [[i for ui in b for i in units[ui]]
                   for b in common.length_batches(lengths, unit_bs, rng)]
        start_in_epoch = state["step"] - epoch * steps_per_epoch
        tstart = time.time()
        ntok = 0
        for bi in range(start_in_epoch, len(batches)):
            if state["step"] >= total_steps:
                break
            idx = batches[bi]
            set_lr(state["step"])
            bseqs = [all_seqs[i] for i in idx]
            cached = None
            if cache:
                cached = [cache["train"][i] if i < n_emo else cache["nsmc"][ns_sel[i - n_emo]] for i in idx]
            ye = torch.from_numpy(np.stack([emo_y[i] if i < n_emo else np.zeros(NL, np.float32) for i in idx]))
            we = torch.tensor([1.0 if i < n_emo else 0.0 for i in idx])
            yv = torch.tensor([ns_y[ns_sel[i - n_emo]] if i >= n_emo else 0.0 for i in idx])
            wv = 1.0 - we
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                logits, val = forward_batch(bseqs, cached)
            logits, val = logits.float(), val.float()
            zero = np.zeros(NL, np.float32)
            bw = torch.from_numpy(np.stack([bce_w[i] if i < n_emo else zero for i in idx]))
            cm = torch.from_numpy(np.stack([cand[i] if i < n_emo else zero for i in idx]))
            bce = (F.binary_cross_entropy_with_logits(logits, ye, reduction="none") * bw).sum(1)
            # noisy-OR: -log P(at least one candidate) = -log(1 - prod(1 - p_j))
            S = (F.softplus(logits) * cm).sum(1)
            nor = torch.where(cm.sum(1) > 0, -torch.log(-torch.expm1(-S.clamp(min=1e-6))),
                              torch.zeros_like(S))
            le = (((bce + nor) / NL) * we).sum() / we.sum().clamp(min=1)
            lv = (F.binary_cross_entropy_with_logits(val, yv, reduction="none") * wv).sum() / wv.sum().clamp(min=1)
            loss = le + args.nsmc_weight * lv
            lc = torch.zeros(())
            if args.ko and args.consistency > 0:
                pos = {i: j for j, i in enumerate(idx)}
                pairs = [(pos[i], pos[i + n_ge]) for i in idx if i < n_ge and i + n_ge in pos]
                if pairs:
                    en_l = logits[[a for a, _ in pairs]].detach()
                    ko_l = logits[[b for _, b in pairs]]
                    p_en = torch.sigmoid(en_l)
                    # KL(Bernoulli(p_en) || Bernoulli(p_ko)) per label, English as the teacher
                    kl = (F.binary_cross_entropy_with_logits(ko_l, p_en, reduction="none")
                          - F.binary_cross_entropy_with_logits(en_l, p_en, reduction="none"))
                    lc = kl.mean()
                    loss = loss + args.consistency * lc
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(enc_params + head_params, 1.0)
            opt.step()
            state["step"] += 1
            ntok += sum(len(s) for s in bseqs)
            if state["step"] % 50 == 0:
                el = time.time() - tstart
                log(f"[{args.run}] step {state['step']}/{total_steps} ep {state['step'] / steps_per_epoch:.2f} "
                    f"loss {le.item():.4f} val {lv.item():.4f} cons {lc.item():.4f} lr {opt.param_groups[0]['lr']:.2e} "
                    f"{ntok / max(el, 1e-9):.0f} tok/s")
            if state["step"] % eval_every == 0 or state["step"] == total_steps:
                state["train_s"] = state.get("train_s", 0.0) + (time.time() - tstart)
                tstart = time.time()
                evaluate(state["step"] / steps_per_epoch)
                save_last()
                last_ck = time.time()
                tstart = time.time()
                ntok = 0
            elif time.time() - last_ck > args.ckpt_minutes * 60:
                state["train_s"] = state.get("train_s", 0.0) + (time.time() - tstart)
                tstart = time.time()
                ntok = 0
                save_last()
                last_ck = time.time()
                log(f"[{args.run}] checkpoint at step {state['step']}")
        state["train_s"] = state.get("train_s", 0.0) + (time.time() - tstart)
    save_last()
    with open(os.path.join(rundir, "history.json"), "w") as f:
        json.dump(state["history"], f, indent=1)
    with open(os.path.join(rundir, "done.json"), "w") as f:
        json.dump({"best_dev_macro_f1": state["best"], "steps": state["step"],
                   "train_seconds": state.get("train_s", 0.0), "args": vars(args)}, f, indent=1)
    log(f"[{args.run}] DONE best dev macro-F1 {state['best']:.4f}")


if __name__ == "__main__":
    main()

"""Shared pieces of the Haru emotion pipeline: data, label mapping, model, metrics."""
from __future__ import annotations

import gzip
import itertools
import json
import os
import random

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("HARU_DATA", os.path.join(HERE, "..", "..", "shared", "data"))
if not os.path.isdir(DATA):
    DATA = "/work/shared/data"
WORK = os.path.join(HERE, "work")
CKPT = os.path.join(HERE, "checkpoints")
PREFIX = "query: "
MAX_TOKENS = 512
KOTE_HELDOUT_N = 1000
KOTE_HELDOUT_SEED = 20240521

GE_DIR = os.path.join(DATA, "emotion/goemotions/original")
LABELS = [l.strip() for l in open(os.path.join(GE_DIR, "labels.txt"), encoding="utf-8") if l.strip()]
assert len(LABELS) == 28 and LABELS[0] == "admiration" and LABELS[-1] == "neutral"
NL = len(LABELS)


# ----------------------------------------------------------------------------- data
GE_KO_DIR = os.path.join(DATA, "emotion/goemotions_ko")


def load_goemotions(split: str, lang: str = "en"):
    """GoEmotions `split` in English (`en`, the original) or Korean (`ko`, GoEmotions-Korean:
    row i is the translation of English row i, with the same labels)."""
    texts, ys = [], []
    folder = GE_DIR if lang == "en" else GE_KO_DIR
    with open(os.path.join(folder, f"{split}.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            y = np.zeros(NL, dtype=np.float32)
            for i in parts[1].split(","):
                y[int(i)] = 1
            texts.append(parts[0])
            ys.append(y)
    return texts, np.stack(ys)


def kote_mapping(column: int = 3) -> np.ndarray:
    """[44, 28] 0/1 matrix from kote_to_goemotions.tsv (column 3: mapping, 4: "possible")."""
    M = np.zeros((44, NL), dtype=np.float32)
    with open(os.path.join(HERE, "kote_to_goemotions.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            kid = int(parts[0])
            tgt = parts[column].strip() if len(parts) > column else ""
            for name in filter(None, (t.strip() for t in tgt.split(","))):
                M[kid, LABELS.index(name)] = 1
    return M


def kote_possible(raw: np.ndarray) -> np.ndarray:
    """[n, 28] labels that unmapped KOTE labels of each row may stand for (never negatives)."""
    return np.minimum(raw @ kote_mapping(4), 1.0)


def load_kote():
    """Returns (train, heldout), each (ids, texts, mapped 28-dim labels, raw 44-dim labels)."""
    M = kote_mapping()
    rows = []
    with open(os.path.join(DATA, "emotion/kote/val.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            raw = np.zeros(44, dtype=np.float32)
            for i in parts[2].split(","):
                if i.strip():
                    raw[int(i)] = 1
            rows.append((parts[0], parts[1], np.minimum(raw @ M, 1.0), raw))
    idx = list(range(len(rows)))
    held = set(random.Random(KOTE_HELDOUT_SEED).sample(idx, KOTE_HELDOUT_N))

    def pack(sel):
        sel = list(sel)
        return ([rows[i][0] for i in sel], [rows[i][1] for i in sel],
                np.stack([rows[i][2] for i in sel]), np.stack([rows[i][3] for i in sel]))

    return pack(i for i in idx if i not in held), pack(i for i in idx if i in held)


def nsmc_rows(start: int = 0):
    """The NSMC reviews from row `start` on that have text: their tab-separated fields
    (id, ..., rating at 2, ..., text at 4)."""
    with gzip.open(os.path.join(DATA, "movies/nsmc/nsmc_raw_reviews.tsv.gz"), "rt", encoding="utf-8") as f:
        next(f)
        for i, l in enumerate(f):
            if i < start:
                continue
            parts = l.rstrip("\n").split("\t")
            if len(parts) >= 5 and parts[4].strip():
                yield parts


def load_nsmc(n: int, start: int = 0):
    """First n non-empty NSMC reviews from row `start` (inside the pruning corpus when
    start + n <= 100k): texts and valence targets (rating - 1) / 9."""
    texts, ys = [], []
    for parts in itertools.islice(nsmc_rows(start), n):
        texts.append(parts[4])
        ys.append((int(parts[2]) - 1) / 9.0)
    return texts, np.array(ys, dtype=np.float32)


# ----------------------------------------------------------------------------- tokenizer
def tokenizer_path() -> str:
    return os.path.join(WORK, "vocab", "tokenizer.json")


def load_tokenizer(path: str | None = None):
    from tokenizers import Tokenizer

    return Tokenizer.from_file(path or tokenizer_path())


def encode(tok, texts, max_len: int = MAX_TOKENS, prefix: str = PREFIX) -> list[list[int]]:
    out = []
    for e in tok.encode_batch([prefix + t for t in texts]):
        ids = e.ids
        if len(ids) > max_len:
            ids = ids[: max_len - 1] + [ids[-1]]
        out.append(ids)
    return out


def pad_batch(seqs: list[list[int]], pad_id: int = 1):
    L = max(len(s) for s in seqs)
    ids = np.full((len(seqs), L), pad_id, dtype=np.int64)
    am = np.zeros((len(seqs), L), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        am[i, : len(s)] = 1
    return ids, am


def length_batches(lengths, batch_size: int, rng: random.Random, chunk: int = 50):
    """Shuffle, then sort by length inside chunks of `chunk` batches, then shuffle batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    batches = []
    for c in range(0, len(idx), batch_size * chunk):
        part = sorted(idx[c: c + batch_size * chunk], key=lambda i: lengths[i])
        batches += [part[j: j + batch_size] for j in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def cpu_has_native_bf16() -> bool:
    """True where the CPU computes bf16 natively (AVX-512 BF16 or AMX); elsewhere torch emulates it."""
    try:
        flags = open("/proc/cpuinfo", encoding="utf-8").read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


# ----------------------------------------------------------------------------- model
def build_model(n_vocab: int | None = None, init_from_e5: bool = True):
    import torch
    from torch import nn
    from transformers import BertConfig, BertModel

    ck = torch.load(os.path.join(WORK, "e5", "e5_bert.pt"), map_location="cpu", weights_only=False)
    cfg_d = dict(ck["config"])
    remap = json.load(open(os.path.join(WORK, "vocab", "remap.json")))["new_to_old"]
    cfg_d["vocab_size"] = len(remap)
    cfg = BertConfig(**{k: v for k, v in cfg_d.items() if k not in ("architectures",)})
    cfg._attn_implementation = "eager"

    class HaruEmotion(nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = BertModel(cfg, add_pooling_layer=False)
            self.dropout = nn.Dropout(0.1)
            self.classifier = nn.Linear(cfg.hidden_size, NL)
            self.valence = nn.Linear(cfg.hidden_size, 1)

        # The encoder is run layer by layer with a plain additive mask (no transformers
        # masking utilities) so the same code trains, runs from cached lower-layer states
        # and exports cleanly to ONNX.
        def embed(self, input_ids):
            return self.bert.embeddings(input_ids=input_ids,
                                        token_type_ids=torch.zeros_like(input_ids))

        def encode_from(self, h, attention_mask, start: int = 0, stop: int | None = None):
            add = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
            for layer in self.bert.encoder.layer[start:stop]:
                h = layer(h, attention_mask=add)
                if isinstance(h, tuple):
                    h = h[0]
            return h

        @staticmethod
        def mean_pool(h, attention_mask):
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            return (h * m).sum(1) / m.sum(1).clamp(min=1.0)

        def pooled(self, input_ids, attention_mask):
            h = self.encode_from(self.embed(input_ids), attention_mask)
            return self.mean_pool(h, attention_mask)

        def head(self, pooled):
            p = self.dropout(pooled)
            return self.classifier(p), self.valence(p).squeeze(-1)

        def forward(self, input_ids, attention_mask):
            return self.head(self.pooled(input_ids, attention_mask))

    model = HaruEmotion()
    if init_from_e5:
        sd = ck["state_dict"]
        sd = {k: v for k, v in sd.items()}
        sd["embeddings.word_embeddings.weight"] = sd["embeddings.word_embeddings.weight"][
            torch.tensor(remap)].clone()
        missing, unexpected = model.bert.load_state_dict(sd, strict=False)
        missing = [k for k in missing if "position_ids" not in k and "token_type_ids" not in k]
        assert not missing and not unexpected, (missing, unexpected)
    return model


# ----------------------------------------------------------------------------- metrics
THRESHOLD_GRID = np.round(np.arange(0.02, 0.96, 0.01), 2)


def f1_scores(y: np.ndarray, pred: np.ndarray):
    tp = (y * pred).sum(0)
    fp = ((1 - y) * pred).sum(0)
    fn = (y * (1 - pred)).sum(0)
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1e-9), 0.0), tp, fp, fn


def tune_thresholds(y: np.ndarray, p: np.ndarray, min_t: float = 0.0) -> np.ndarray:
    """One threshold per label maximising that label's F1 (grid 0.02..0.95, optional floor)."""
    best_t = np.full(y.shape[1], 0.5)
    best_f = np.full(y.shape[1], -1.0)
    for t in THRESHOLD_GRID[THRESHOLD_GRID >= min_t - 1e-9]:
        f, *_ = f1_scores(y, (p >= t).astype(np.float32))
        better = f > best_f
        best_f[better] = f[better]
        best_t[better] = t
    return best_t


def macro_ap(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold-free: mean average precision over labels with >= 1 positive."""
    from sklearn.metrics import average_precision_score

    cols = [j for j in range(y.shape[1]) if y[:, j].sum() > 0]
    return float(np.mean([average_precision_score(y[:, j], p[:, j]) for j in cols]))


def metrics(y: np.ndarray, p: np.ndarray, thr) -> dict:
    pred = (p >= np.asarray(thr)[None, :]).astype(np.float32)
    f, tp, fp, fn = f1_scores(y, pred)
    present = y.sum(0) > 0
    micro = 2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1e-9)
    return {"macro_f1": float(f[present].mean()), "micro_f1": float(micro), "macro_ap": macro_ap(y, p),
            "micro_precision": float(tp.sum() / max(tp.sum() + fp.sum(), 1e-9)),
            "micro_recall": float(tp.sum() / max(tp.sum() + fn.sum(), 1e-9)),
            "pred_per_row": float(pred.sum(1).mean()),
            "top1_in_ref": float(np.mean(y[np.arange(len(y)), np.argmax(p / np.asarray(thr)[None, :], 1)])),
            "per_label_f1": {LABELS[i]: float(f[i]) for i in range(NL)},
            "support": {LABELS[i]: int(y[:, i].sum()) for i in range(NL)},
            "labels_present": int(present.sum())}

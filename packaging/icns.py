#!/usr/bin/env python3
"""Writes (or checks) a macOS .icns file whose entries are PNG images.

Why: no registry package that the Makefile installs writes .icns, and the format is small:
the magic "icns", the file length (big-endian u32), then entries of a 4-byte type, a length
that includes the 8-byte entry header, and the data. Since OS X 10.7 every type used here may
hold a PNG (icp4/icp5: 16/32 px; ic11–ic14: the @2x sizes; ic07–ic10: 128…1024 px).

    icns.py OUT.icns TYPE=PNG...   write
    icns.py --check FILE.icns      check the structure and that each entry is a PNG of the
                                   size its type stands for
"""
import struct
import sys

SIZES = {"icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512,
         "ic10": 1024, "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data):
    if data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def write(out, pairs):
    body = b""
    for pair in pairs:
        kind, path = pair.split("=", 1)
        if kind not in SIZES:
            raise SystemExit(f"unknown icns type {kind}")
        data = open(path, "rb").read()
        if png_size(data) != (SIZES[kind], SIZES[kind]):
            raise SystemExit(f"{path} is not {SIZES[kind]} px, as {kind} needs")
        body += kind.encode() + struct.pack(">I", len(data) + 8) + data
    with open(out, "wb") as f:
        f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)


def check(path):
    data = open(path, "rb").read()
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise SystemExit(f"{path}: not an icns file (bad magic or length)")
    pos, kinds = 8, []
    while pos < len(data):
        kind = data[pos:pos + 4].decode("ascii")
        length = struct.unpack(">I", data[pos + 4:pos + 8])[0]
        if length < 8 or pos + length > len(data):
            raise SystemExit(f"{path}: entry {kind} overruns the file")
        size = png_size(data[pos + 8:pos + length])
        if kind in SIZES and size != (SIZES[kind], SIZES[kind]):
            raise SystemExit(f"{path}: {kind} holds {size}, expected {SIZES[kind]} px")
        kinds.append(kind)
        pos += length
    print(f"{path}: icns with {len(kinds)} PNG entries ({', '.join(kinds)})")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    elif len(sys.argv) >= 3:
        write(sys.argv[1], sys.argv[2:])
    else:
        raise SystemExit(__doc__)

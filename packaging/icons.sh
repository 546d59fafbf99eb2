#!/usr/bin/env bash
# Writes every icon the bundles and desktops ask for from src-tauri/icons/icon.png (512 px):
# the hicolor PNG sizes a Linux desktop looks up (16…256; icon.png itself is the 512 one),
# icon.ico (Windows) and icon.icns (macOS). 32x32.png and 128x128.png are the hand-made
# originals and are kept as they are.
# The output is committed (macOS and Windows builds do not run make); run `make icons` after
# changing icon.png. Needs ImageMagick's `convert` (in the Makefile's APT_PACKAGES) and python3.
set -euo pipefail
cd "$(dirname "$0")/../src-tauri/icons"
# No timestamps or other metadata in the files, so regenerating them changes nothing.
png() { convert icon.png -filter Lanczos -resize "$1x$1" -strip \
	-define png:exclude-chunks=date,time,tIME "PNG32:$2"; }
for size in 16 22 24 48 64 96 256; do
	png "$size" "${size}x${size}.png"
done
# Windows: one .ico with the sizes Explorer and the taskbar use.
convert icon.png -strip -define icon:auto-resize=256,64,48,32,24,16 icon.ico
# macOS: PNG-payload .icns entries (16…1024 px, the 2x ones included).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 64 128 256 512 1024; do png "$size" "$tmp/$size.png"; done
python3 ../../packaging/icns.py icon.icns \
	icp4="$tmp/16.png" icp5="$tmp/32.png" ic11="$tmp/32.png" ic12="$tmp/64.png" \
	ic07="$tmp/128.png" ic13="$tmp/256.png" ic08="$tmp/256.png" ic14="$tmp/512.png" \
	ic09="$tmp/512.png" ic10="$tmp/1024.png"
python3 ../../packaging/icns.py --check icon.icns

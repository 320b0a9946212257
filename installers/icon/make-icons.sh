#!/usr/bin/env bash
# Regenerates the icon files the installers use from porthole.svg (run it after changing the SVG, and commit the
# results): porthole-256.png (Linux: the launcher's and the menu entry's icon), porthole.ico (Windows) and
# porthole.icns (macOS), each of the last two with every size those systems ask for.
# Needs: apt-get install librsvg2-bin icoutils icnsutils
set -euo pipefail
cd "$(dirname "$0")"
for tool in rsvg-convert icotool png2icns; do
  command -v "$tool" >/dev/null || { echo "make-icons.sh needs $tool: apt-get install librsvg2-bin icoutils icnsutils" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" porthole.svg -o "$tmp/$size.png"
done
cp "$tmp/256.png" porthole-256.png
# the 256 px image as PNG inside the ICO (-r), as Windows has read it since Vista: a quarter of the size of a bitmap
icotool -c -o porthole.ico "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" "$tmp/128.png" -r "$tmp/256.png"
png2icns porthole.icns "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" "$tmp/128.png" "$tmp/256.png" "$tmp/512.png" "$tmp/1024.png" >/dev/null
ls -l porthole.svg porthole-256.png porthole.ico porthole.icns

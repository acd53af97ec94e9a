#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# map.sh HOTMEM SCENARIO: hotmem map draws the address space of each dump of a scenario
# (dimm-lifecycle): well-formed SVG, one frame per dump plus the end, every memory block of
# the text dump drawn, the DIMM outlined; then the HTML page rendered by headless Chromium
# (skipped when Chromium is absent): stepping to another dump changes the picture.
set -u
hotmem=$1 scn=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$hotmem" map --html -o "$dir/map.html" "$scn" || { echo "FAIL hotmem map: exit $?"; exit 1; }
"$hotmem" run "$scn" > "$dir/text.out" || exit 1
"$hotmem" map > "$dir/default.svg" || { echo "FAIL hotmem map (default machine)"; exit 1; }
# a big device-memory region: its empty rows fold into one, as holes do (80 TiB of
# maxmem made a 111 MB picture of 40960 empty rows)
printf 'machine -m 1G,slots=2,maxmem=80T -cpu max,phys-bits=52\n' > "$dir/big.scn"
"$hotmem" map -o "$dir/big.svg" "$dir/big.scn" || { echo "FAIL hotmem map (maxmem=80T)"; exit 1; }
size=$(wc -c < "$dir/big.svg")
if [ "$size" -gt 100000 ] || ! grep -q "device-memory region, nothing plugged at" "$dir/big.svg"; then
	echo "FAIL maxmem=80T: a picture of $size bytes without a folded device-memory region"
	exit 1
fi
echo "ok   maxmem=80T: $size bytes, the empty device-memory region folded"
# device memory: an NVDIMM by its type, its devdax namespace drawn as ZONE_DEVICE; a
# partly plugged virtio-mem block shows its sub-blocks that are not plugged; addresses
# as lsmem writes them (16 hex digits, inclusive ranges)
scns=$(dirname "$scn")
"$hotmem" map --html -o "$dir/nvdimm.html" "$scns/nvdimm-dax.scn" || exit 1
"$hotmem" map --html -o "$dir/vmem.html" "$scns/virtio-mem-sbm-movable.scn" || exit 1
python3 - "$dir/nvdimm.html" "$dir/vmem.html" <<'PY' || exit 1
import re, sys
def frames(p):
    return re.findall(r'<div class="frame" data-title="([^"]*)">\s*(<svg.*?</svg>)', open(p).read(), re.S)
nv, vm = frames(sys.argv[1]), frames(sys.argv[2])
checks = [
    ("nv1 (NVDIMM, node 0, 1G)" in nv[1][1], "the NVDIMM labelled by its type"),
    ("ZONE_DEVICE, devdax, node 0</title>" in nv[1][1], "dump devdax: the namespace drawn as ZONE_DEVICE"),
    ("ZONE_DEVICE" not in nv[0][1].split("<text")[0] and "ZONE_DEVICE, " not in nv[0][1],
     "dump boot: no ZONE_DEVICE memory"),
    ("ZONE_DEVICE, fsdax, node 0</title>" in nv[4][1], "dump fsdax: the namespace as fsdax"),
    ("0x000000010c800000-0x000000010fffffff: virtio-mem sub-blocks not plugged" in vm[0][1],
     "dump plugged-200m: memory33's sub-blocks past 200 MiB not plugged"),
    ('class="a">0x0000000100000000</text>' in vm[0][1], "row addresses with 16 digits"),
]
for ok, what in checks:
    print(("ok   " if ok else "FAIL ") + what)
sys.exit(0 if all(ok for ok, _ in checks) else 1)
PY
# a block with one plugged sub-block of 2 MiB: the fade of the rest covers nearly all of its
# cell, and its number is drawn after the fade, dark, not hidden under it
{ sed -n '/^machine /p; /^cmdline /p' "$scns/virtio-mem-sbm-movable.scn"
  echo 'qmp {"execute":"qom-set","arguments":{"path":"/machine/peripheral/vm0","property":"requested-size","value":136314880}}'
  echo 'sleep 3'; } > "$dir/vmem130.scn"
"$hotmem" map -o "$dir/vmem130.svg" "$dir/vmem130.scn" || exit 1
python3 - "$dir/vmem130.svg" <<'PY' || exit 1
import re, sys
svg = open(sys.argv[1]).read()
fade = svg.find("0x0000000108200000-0x000000010fffffff: virtio-mem sub-blocks not plugged")
m = re.search(r'<text [^>]*class="n"([^>]*)>33</text>', svg)
if fade < 0 or not m:
    sys.exit("FAIL vmem130: no fade over memory33's unplugged sub-blocks, or no number 33")
if m.start() < fade or "fill:#333" not in m.group(1):
    sys.exit("FAIL vmem130: memory33's number is hidden under the fade of its unplugged sub-blocks")
print("ok   a partly plugged block's number is drawn over the fade, dark")
PY
python3 - "$dir/map.html" "$dir/text.out" "$dir/default.svg" <<'PY' || exit 1
import re, sys, xml.etree.ElementTree as ET
html, text, default = (open(p).read() for p in sys.argv[1:])
frames = re.findall(r'<div class="frame" data-title="([^"]*)">\s*(<svg.*?</svg>)', html, re.S)
dumps = re.findall(r"^== dump (.*)$", text, re.M)
blocks = [len(re.findall(r"^block ", d, re.M)) for d in text.split("== dump ")[1:]]
ok = True
def fail(msg):
    global ok
    print("FAIL " + msg); ok = False
if len(frames) != len(dumps) + 1:
    fail(f"{len(frames)} frames for {len(dumps)} dumps")
for (title, svg), label, nb in zip(frames, dumps, blocks):
    ET.fromstring(svg)  # well-formed
    if not title.startswith("dump " + label):
        fail(f"frame '{title}' for dump '{label}'")
    drawn = len(re.findall(r"<title>memory\d+ ", svg))
    if drawn != nb:
        fail(f"{title}: {drawn} blocks drawn, the dump has {nb}")
    else:
        print(f"ok   {title}: {drawn} blocks, {svg.count('dimm1 (pc-dimm')} DIMM outline(s)")
if "dimm1 (pc-dimm, node 0, 512M)" not in frames[1][1]:
    fail("the DIMM is not outlined in the second dump")
ET.fromstring(default)
sys.exit(0 if ok else 1)
PY
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "skip screenshot: no chromium (apt-get install chromium)"
	exit 0
fi
for k in 1 3; do
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$dir/profile$k" --window-size=900,700 \
		--screenshot="$dir/shot$k.png" "file://$dir/map.html#$k" > "$dir/chromium$k.log" 2>&1
	if [ ! -s "$dir/shot$k.png" ]; then
		echo "FAIL chromium made no screenshot:"; tail -n 5 "$dir/chromium$k.log"; exit 1
	fi
done
[ -n "${HOTMEM_MAP_SCREENSHOT:-}" ] && cp "$dir/shot3.png" "$HOTMEM_MAP_SCREENSHOT"
python3 - "$dir/shot1.png" "$dir/shot3.png" <<'PY'
import struct, sys
shots = [open(p, "rb").read() for p in sys.argv[1:]]
for p, s in zip(sys.argv[1:], shots):
    if s[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"FAIL {p}: not a PNG")
    w, h = struct.unpack(">II", s[16:24])
    if (w, h) != (900, 700) or len(s) < 10000:
        sys.exit(f"FAIL {p}: {w}x{h}, {len(s)} bytes")
if shots[0] == shots[1]:
    sys.exit("FAIL stepping to another dump did not change the page")
print("ok   screenshots: 900x700, frame 1 and frame 3 differ")
PY

#!/bin/sh
# Compares wiresift with tshark 4.0 on JPEG images mutated at random: the crafted fixture images of
# crates/wiresift/tests/data/jfif with one to four bytes overwritten each (lengths, counts, offsets
# and markers turned to anything), served as HTTP responses. Prints the differing lines of -V and of
# the packet list; none is the aim. A check to run by hand after changing jfif.rs (it needs tshark
# and a release build); the rules it found are kept in jfif.rs and its fixtures.
#   scripts/jfif-mutation-check.sh [COUNT [SEED]]   (default 3000 images, seed 7)
set -eu
cd "$(dirname "$0")/.."
count=${1:-3000} seed=${2:-7}
# JFIF_MUT_DIR=DIR keeps the capture and both outputs there.
if [ -n "${JFIF_MUT_DIR:-}" ]; then
    tmp=$JFIF_MUT_DIR
    mkdir -p "$tmp"
else
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
fi
python3 - "$tmp/mutated.pcap" "$count" "$seed" <<'PY'
import os, random, struct, sys
sys.path.insert(0, 'scripts/lib')
from tcpconv import Conv, write_pcap
out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
bodies = []
for name in ['jfif-segments', 'jfif-exif', 'jfif-cut', 'jfif-real']:
    b = open('crates/wiresift/tests/data/jfif/%s.pcap' % name, 'rb').read()
    at = 24
    while at + 16 <= len(b):
        incl = struct.unpack('<I', b[at + 8:at + 12])[0]
        rec = b[at + 16:at + 16 + incl]
        p = rec.find(b'\r\n\r\n\xff\xd8')
        if p >= 0:
            bodies.append(rec[p + 4:])
        elif rec.find(b'\xff\xd8\xff') >= 0:
            bodies.append(rec[rec.find(b'\xff\xd8\xff'):])
        at += 16 + incl
pk = []
for i in range(count):
    b = bytearray(random.choice(bodies))
    for _ in range(random.randint(1, 4)):
        b[random.randrange(len(b))] = random.randrange(256)
    cv = Conv(cport=10000 + i % 50000, sport=80, pkts=pk)
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(b) + bytes(b))
write_pcap(out, pk)
PY
f=$tmp/mutated.pcap
TZ=UTC tshark -n -r "$f" -V >"$tmp/t.V" 2>/dev/null
TZ=UTC target/release/wiresift -n -r "$f" -V >"$tmp/w.V"
TZ=UTC tshark -n -r "$f" >"$tmp/t.sum" 2>/dev/null
TZ=UTC target/release/wiresift -n -r "$f" >"$tmp/w.sum"
v=$(diff "$tmp/t.V" "$tmp/w.V" | grep -c '^[<>]' || true)
s=$(diff "$tmp/t.sum" "$tmp/w.sum" | grep -c '^[<>]' || true)
echo "$count mutated images: -V $v differing lines, packet list $s"
diff "$tmp/t.V" "$tmp/w.V" | head -40 || true

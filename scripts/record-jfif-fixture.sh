#!/usr/bin/env bash
# Records crates/wiresift/tests/data/jfif/jfif-real.pcap: real JPEG files served over HTTP and fetched
# by curl, in two network namespaces joined by a veth pair (nothing touches the outside network). The
# images are made here from one small gradient picture (a PPM written by python3): libjpeg-turbo's
# cjpeg writes a baseline JFIF, a progressive one, one with restart markers, a grey one and one
# without chroma subsampling that wrjpgcom gives a comment; exiftool adds Exif data (IFD0 with make, model, date and resolution, the Exif sub-IFD,
# GPS) to a copy; python's http.server serves them with their image/jpeg type. Then
# scripts/jfif-oracle.sh writes tshark's answers. Needs root, curl, tcpdump, python3,
# libjpeg-turbo-progs and libimage-exiftool-perl.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
source scripts/lib/netns.sh
out=crates/wiresift/tests/data/jfif
mkdir -p "$out"
for t in curl tcpdump cjpeg wrjpgcom exiftool python3; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install curl tcpdump libjpeg-turbo-progs libimage-exiftool-perl)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'netns_remove; rm -rf "$tmp"' EXIT
mkdir "$tmp/www"
# A 24x16 gradient, small enough for one or two segments per image.
python3 - "$tmp/g.ppm" <<'PY'
import sys
w, h = 24, 16
px = bytes(v for y in range(h) for x in range(w) for v in (x * 10, y * 15, (x + y) * 6))
open(sys.argv[1], 'wb').write(b'P6\n%d %d\n255\n' % (w, h) + px)
PY
cjpeg -quality 75 "$tmp/g.ppm" >"$tmp/www/baseline.jpg"
cjpeg -quality 60 -progressive "$tmp/g.ppm" >"$tmp/www/progressive.jpg"
cjpeg -quality 60 -restart 1B "$tmp/g.ppm" >"$tmp/www/restart.jpg"
cjpeg -quality 50 -grayscale "$tmp/g.ppm" >"$tmp/www/grey.jpg"
cjpeg -quality 50 -sample 1x1 "$tmp/g.ppm" | wrjpgcom -comment "made for wiresift's fixture" >"$tmp/www/comment.jpg"
cp "$tmp/www/baseline.jpg" "$tmp/www/exif.jpg"
# Fixed values keep the recording the same from run to run.
exiftool -q -overwrite_original -Make=Wiresift -Model="Fixture 1" -DateTimeOriginal="2026:12:04 12:00:00" \
  -ModifyDate="2026:12:04 12:00:00" -XResolution=72 -YResolution=72 -ResolutionUnit=inches \
  -ExposureTime=1/125 -FNumber=2.8 -ISO=100 -GPSLatitude=48.8566 -GPSLatitudeRef=N -GPSLongitude=2.3522 \
  -GPSLongitudeRef=E -GPSAltitude=35 -Software= -ThumbnailImage= "$tmp/www/exif.jpg"
netns_make jfif-srv jfif-cli
netns_link jfif-srv 10.86.0.1/24 jfif-cli 10.86.0.2/24
(cd "$tmp/www" && exec ip netns exec jfif-srv python3 -m http.server --bind 10.86.0.1 8080) >"$tmp/srv.log" 2>&1 &
for _ in $(seq 1 100); do ip netns exec jfif-cli curl -s -o /dev/null http://10.86.0.1:8080/ && break; sleep 0.1; done
ip netns exec jfif-srv tcpdump -Z root -s 0 --immediate-mode -U -i veth-jfif-srv -w "$tmp/real.pcap" tcp port 8080 2>"$tmp/tcpdump.log" &
tp=$!
for _ in $(seq 1 100); do grep -q "listening on" "$tmp/tcpdump.log" && break; sleep 0.05; done
for f in baseline progressive restart grey comment exif; do
  ip netns exec jfif-cli curl -s -o /dev/null "http://10.86.0.1:8080/$f.jpg"
done
sleep 0.5
kill -INT $tp
wait $tp 2>/dev/null || true
cp "$tmp/real.pcap" "$out/jfif-real.pcap"
echo "jfif-real: $(tcpdump -r "$out/jfif-real.pcap" 2>/dev/null | wc -l) frames"

#!/usr/bin/env bash
# Records crates/wiresift/tests/data/objects/downloads.pcap: curl fetching files from Python's
# http.server (a 200 KB binary, a small text file, a file under a directory index, a name with a query,
# the same file twice, a 404 page) and a POST, between two namespaces (ob-client 10.77.0.1, ob-server
# 10.77.0.2). Beside it, served.sha256 holds the sha256 of each file the server sent, and
# tshark-objects.sha256 what `tshark --export-objects http` saves (name and sha256), for
# tests/export_objects.rs.
#
# usage: sudo scripts/record-objects-fixture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
out=crates/wiresift/tests/data/objects
mkdir -p "$out"
for tool in curl tcpdump tshark; do
  command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool"
done

netns_make ob-client ob-server
netns_link ob-client 10.77.0.1/24 ob-server 10.77.0.2/24

site=$(mktemp -d)
trap 'netns_remove; rm -rf "$site"' EXIT
mkdir -p "$site/docs"
# Content fixed by a seed, so that a re-recording serves the same files.
python3 -c 'import random; r = random.Random(7); open("'"$site"'/image.bin", "wb").write(bytes(r.getrandbits(8) for _ in range(200000)))'
printf 'plain text served as a file\n' > "$site/notes.txt"
printf '<html><body>index</body></html>\n' > "$site/docs/index.html"

ip netns exec ob-server tcpdump -i veth-ob-server -s 0 -U -w "$out/downloads.pcap" tcp port 8000 2>/dev/null &
capture=$!
(cd "$site" && exec ip netns exec ob-server python3 -m http.server 8000 --bind 10.77.0.2 >/dev/null 2>&1) &
sleep 1.5
get() { ip netns exec ob-client curl -s -o /dev/null "$@"; }
get http://10.77.0.2:8000/image.bin
get http://10.77.0.2:8000/notes.txt
get http://10.77.0.2:8000/docs/
get 'http://10.77.0.2:8000/notes.txt?version=2'
get http://10.77.0.2:8000/image.bin
get http://10.77.0.2:8000/missing.png
get -d 'name=value&other=x' http://10.77.0.2:8000/form
sleep 1
kill "$capture"
wait "$capture" 2>/dev/null || true

(cd "$site" && sha256sum image.bin notes.txt docs/index.html) > "$out/served.sha256"
tshark_out=$(mktemp -d)
tshark -n -r "$out/downloads.pcap" -q --export-objects "http,$tshark_out" >/dev/null 2>&1
(cd "$tshark_out" && sha256sum -- * | sort -k2) > "$out/tshark-objects.sha256"
rm -rf "$tshark_out"
echo "recorded $out/downloads.pcap ($(stat -c %s "$out/downloads.pcap") bytes)"

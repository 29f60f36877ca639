#!/usr/bin/env bash
# Records crates/wiresift/tests/data/ftp/ftp.pcap with a real FTP server and client, in two network
# namespaces joined by a veth pair (nothing touches the outside network): Debian's python3-pyftpdlib
# serves a directory, curl (one control connection per command line) lists it, fetches a text and a
# binary file and uploads one, in passive mode (EPSV and PASV) and active mode (EPRT and PORT), going
# through a subdirectory so that CWD and PWD show. Then scripts/ftp-fixture-oracle.sh writes tshark's
# answers. Needs root, curl, tcpdump, ethtool and python3-pyftpdlib (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/wiresift/tests/data/ftp
mkdir -p "$out"
PY=/usr/bin/python3
for t in curl tcpdump ethtool; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install curl tcpdump ethtool)" >&2; exit 1; }
done
$PY -c 'import pyftpdlib' || { echo "python3-pyftpdlib is needed" >&2; exit 1; }

SRV=ftp-fixture-srv CLI=ftp-fixture-cli
S4=10.81.0.1 C4=10.81.0.2
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del $SRV 2>/dev/null || true
  ip netns del $CLI 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ip netns del $SRV 2>/dev/null || true
ip netns del $CLI 2>/dev/null || true
ip netns add $SRV
ip netns add $CLI
# Fixed MAC addresses keep the capture the same from one recording to the next.
ip link add ftp-s0 address 02:00:00:00:81:01 netns $SRV type veth peer name ftp-c0 address 02:00:00:00:81:02 netns $CLI
for pair in "$SRV:ftp-s0" "$CLI:ftp-c0"; do
  ns=${pair%%:*} dev=${pair#*:}
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  # Frames as a real wire carries them: full checksums, no segments larger than the MTU.
  ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null 2>&1 ||
    ip netns exec "$ns" ethtool -K "$dev" tx off >/dev/null
  ip -n "$ns" link set "$dev" up
done
ip -n $SRV addr add $S4/24 dev ftp-s0
ip -n $CLI addr add $C4/24 dev ftp-c0

# The served tree: a text file and a binary one in a subdirectory, and room for an upload.
root=$tmp/root
mkdir -p "$root/pub"
for i in $(seq 1 12); do echo "line $i of the text file"; done >"$root/pub/notes.txt"
printf '\x00\x01\x02\x03\xff\xfe binary \x7f\x80' >"$root/pub/blob.bin"
printf 'uploaded by curl\r\nsecond line\r\n' >"$tmp/upload.txt"
chmod -R a+rwX "$root"

cat >"$tmp/server.py" <<EOF
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
auth = DummyAuthorizer()
auth.add_user("alice", "wonderland", "$root", perm="elradfmw")
FTPHandler.authorizer = auth
FTPHandler.banner = "wiresift fixture server ready."
FTPHandler.passive_ports = range(50000, 50010)
server = FTPServer(("$S4", 21), FTPHandler)
open("$tmp/ready", "w").close()
server.serve_forever()
EOF
ip netns exec $SRV $PY "$tmp/server.py" >"$tmp/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -e "$tmp/ready" ] && break; sleep 0.05; done
[ -e "$tmp/ready" ] || { echo "the FTP server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }

ip netns exec $SRV tcpdump -Z root -s 0 --immediate-mode -U -i ftp-s0 -w "$tmp/ftp.pcap" tcp \
  2>"$tmp/tcpdump.log" &
tp=$!
for _ in $(seq 1 100); do grep -q "listening on" "$tmp/tcpdump.log" && break; sleep 0.05; done
base=ftp://alice:wonderland@$S4
cli() { ip netns exec $CLI "$@" >/dev/null; sleep 0.2; }
# Passive: EPSV (curl's default), then PASV.
cli curl -s $base/pub/
cli curl -s $base/pub/notes.txt -o /dev/null
cli curl -s --disable-epsv $base/pub/blob.bin -o /dev/null
cli curl -s --disable-epsv -T "$tmp/upload.txt" $base/pub/
# Active: EPRT (curl's default with -P), then PORT.
cli curl -s -P - $base/pub/notes.txt -o /dev/null
cli curl -s -P - --disable-eprt -T "$tmp/upload.txt" $base/pub/up2.txt
cli curl -s -P - --disable-eprt $base/
sleep 0.5
kill -INT $tp
wait $tp 2>/dev/null || true
cp "$tmp/ftp.pcap" "$out/ftp.pcap"
echo "ftp: $(tcpdump -r "$out/ftp.pcap" 2>/dev/null | wc -l) frames"

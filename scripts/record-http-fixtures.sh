#!/usr/bin/env bash
# Records the HTTP and WebSocket fixtures of crates/wiresift/tests/data/http/ with real servers and
# clients, in two network namespaces joined by a veth pair (nothing touches the outside network):
#   - scripts/http-fixture-peers.py serves HTTP/1.1 (gzip, chunked, keep-alive, a POST answered by 302,
#     404, a 200 KB page, a file download), an HTTP/1.0 server with bare LF line ends and no length,
#     and WebSocket echo servers (python's `websockets`, with and without permessage-deflate);
#   - curl fetches the pages, the same script's WebSocket client talks to the echo servers (text,
#     binary, a fragmented message, ping/pong, frames with 16- and 64-bit lengths across segments,
#     close with a status code and reason).
# tcpdump captures each exchange in its own pcap. Then scripts/http-fixture-oracle.sh writes tshark's
# answers. Needs root, curl, tcpdump, ethtool and Debian's python3-websockets (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=crates/wiresift/tests/data/http
mkdir -p "$out"
PY=/usr/bin/python3
PEERS="$repo/scripts/http-fixture-peers.py"
for t in curl tcpdump ethtool; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install curl tcpdump ethtool)" >&2; exit 1; }
done
$PY -c 'import websockets' || { echo "python3-websockets is needed" >&2; exit 1; }

SRV=websocket-http-srv CLI=websocket-http-cli
S4=10.80.0.1 C4=10.80.0.2
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
# Fixed MAC addresses keep the captures the same from one recording to the next.
ip link add wsh-s0 address 02:00:00:00:80:01 netns $SRV type veth peer name wsh-c0 address 02:00:00:00:80:02 netns $CLI
for pair in "$SRV:wsh-s0" "$CLI:wsh-c0"; do
  ns=${pair%%:*} dev=${pair#*:}
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  # Frames as a real wire carries them: full checksums, no segments larger than the MTU.
  ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null 2>&1 ||
    ip netns exec "$ns" ethtool -K "$dev" tx off >/dev/null
  ip -n "$ns" link set "$dev" up
done
ip -n $SRV addr add $S4/24 dev wsh-s0
ip -n $CLI addr add $C4/24 dev wsh-c0

wait_for() {
  local what=$1
  shift
  for _ in $(seq 1 100); do
    "$@" && return 0
    sleep 0.05
  done
  echo "timed out waiting for $what" >&2
  exit 1
}
# record NAME COMMAND...: captures what COMMAND (run in the client namespace) exchanges.
record() {
  local name=$1
  shift
  ip netns exec $SRV tcpdump -Z root -s 0 --immediate-mode -U -i wsh-s0 -w "$tmp/$name.pcap" tcp \
    2>"$tmp/$name.tcpdump.log" &
  local tp=$!
  wait_for "tcpdump" grep -q "listening on" "$tmp/$name.tcpdump.log"
  ip netns exec $CLI "$@" >/dev/null
  sleep 0.5
  kill -INT $tp
  wait $tp 2>/dev/null || true
  cp "$tmp/$name.pcap" "$out/$name.pcap"
  echo "$name: $(tcpdump -r "$out/$name.pcap" 2>/dev/null | wc -l) frames"
}
# server ROLE PORT [ARGS...]: starts a server in the server namespace and waits until it listens.
server() {
  local role=$1 port=$2
  shift 2
  rm -f "$tmp/ready"
  ip netns exec $SRV $PY "$PEERS" "$role" --bind $S4 --port "$port" --ready "$tmp/ready" "$@" &
  pids+=($!)
  wait_for "the $role server" test -e "$tmp/ready"
}

server http 80
server lf 8080
server ws-server 8088
server ws-server 3128 --deflate
base=http://$S4
record http-gzip curl -s -H 'Accept-Encoding: gzip' $base/gzip -o /dev/null
record http-chunked curl -s $base/chunked -o /dev/null
record http-keepalive curl -s $base/a.txt $base/b.txt -o /dev/null -o /dev/null
record http-post-redirect curl -s -L -d 'user=me&password=secret' $base/login -o /dev/null
record http-404 curl -s $base/missing -o /dev/null
record http-lf-only curl -s --http1.0 $base:8080/ -o /dev/null
record http-big curl -s $base/big -o /dev/null
record http-file curl -s $base/file.bin -o "$tmp/file.bin"
record websocket $PY "$PEERS" ws-client --url ws://$S4:8088/echo
record websocket-deflate $PY "$PEERS" ws-client --url ws://$S4:3128/echo --deflate

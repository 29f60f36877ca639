#!/usr/bin/env bash
# Records the JSON and XML fixture of crates/wiresift/tests/data/media/ with a real server and client,
# in two network namespaces joined by a veth pair (nothing touches the outside network): python's
# http.server serves scripts/media-fixture/ (data.json as application/json, data.xml as
# application/xml) and curl fetches both files over one connection. tcpdump captures the exchange.
# Then scripts/media-fixture-oracle.sh writes tshark's answers. Needs root, curl, tcpdump, ethtool.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=crates/wiresift/tests/data/media
mkdir -p "$out"
PY=/usr/bin/python3
for t in curl tcpdump ethtool; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install curl tcpdump ethtool)" >&2; exit 1; }
done

SRV=media-srv CLI=media-cli
S4=10.81.0.1
C4=10.81.0.2
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
ip link add med-s0 address 02:00:00:00:81:01 netns $SRV type veth peer name med-c0 address 02:00:00:00:81:02 netns $CLI
for pair in "$SRV:med-s0" "$CLI:med-c0"; do
  ns=${pair%%:*} dev=${pair#*:}
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  # Frames as a real wire carries them: full checksums, no segments larger than the MTU.
  ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null 2>&1 ||
    ip netns exec "$ns" ethtool -K "$dev" tx off >/dev/null
  ip -n "$ns" link set "$dev" up
done
ip -n $SRV addr add $S4/24 dev med-s0
ip -n $CLI addr add $C4/24 dev med-c0

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

ip netns exec $SRV $PY -m http.server --bind $S4 --directory "$repo/scripts/media-fixture" 80 \
  >"$tmp/server.log" 2>&1 &
pids+=($!)
wait_for "the HTTP server" ip netns exec $CLI curl -s -o /dev/null http://$S4/

ip netns exec $SRV tcpdump -Z root -s 0 --immediate-mode -U -i med-s0 -w "$tmp/media.pcap" tcp \
  2>"$tmp/tcpdump.log" &
tp=$!
wait_for "tcpdump" grep -q "listening on" "$tmp/tcpdump.log"
ip netns exec $CLI curl -s http://$S4/data.json http://$S4/data.xml -o /dev/null -o /dev/null
sleep 0.5
kill -INT $tp
wait $tp 2>/dev/null || true
cp "$tmp/media.pcap" "$out/media.pcap"
echo "media: $(tcpdump -r "$out/media.pcap" 2>/dev/null | wc -l) frames"

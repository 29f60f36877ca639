#!/usr/bin/env bash
# Records crates/wiresift/tests/data/bzr/bzr-exchange.pcap with a real Bazaar smart server and client,
# in two network namespaces joined by a veth pair (nothing touches the outside network): Debian's brz
# (Breezy, which speaks Bazaar's smart protocol version 3) serves a branch with `brz serve` on TCP port
# 4155, and a client branches it and reads its log over bzr://. Then scripts/bzr-fixture-oracle.sh
# writes tshark's answers. Needs root, tcpdump and brz (apt-get install brz tcpdump).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
source scripts/lib/netns.sh
out=crates/wiresift/tests/data/bzr
mkdir -p "$out"
for t in brz tcpdump; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install brz tcpdump)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'netns_remove; rm -rf "$tmp"' EXIT
netns_make bzr-srv bzr-cli
netns_link bzr-srv 10.82.0.1/24 bzr-cli 10.82.0.2/24
export HOME=$tmp BRZ_HOME=$tmp
brz whoami "Fixture <fixture@example.invalid>"
mkdir -p "$tmp/srv"
(cd "$tmp/srv" && brz init -q trunk && cd trunk && echo hello >a.txt && brz add -q a.txt &&
  brz commit -q -m "first revision")
ip netns exec bzr-srv brz serve --directory="$tmp/srv" --listen=10.82.0.1 --port=4155 >"$tmp/serve.log" 2>&1 &
for _ in $(seq 1 100); do grep -q "listening" "$tmp/serve.log" 2>/dev/null && break; sleep 0.1; done
ip netns exec bzr-srv tcpdump -Z root -s 0 -U -i veth-bzr-srv -w "$tmp/bzr.pcap" tcp 2>"$tmp/tcpdump.log" &
tp=$!
for _ in $(seq 1 100); do grep -q "listening on" "$tmp/tcpdump.log" && break; sleep 0.05; done
(cd "$tmp" && ip netns exec bzr-cli brz branch -q bzr://10.82.0.1/trunk clone)
ip netns exec bzr-cli brz log -q bzr://10.82.0.1/trunk >/dev/null
sleep 0.5
kill -INT $tp
wait $tp 2>/dev/null || true
cp "$tmp/bzr.pcap" "$out/bzr-exchange.pcap"
echo "bzr: $(tcpdump -r "$out/bzr-exchange.pcap" 2>/dev/null | wc -l) frames"

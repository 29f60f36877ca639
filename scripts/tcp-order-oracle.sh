#!/bin/sh
# Stores what tshark 4.0 shows for TCP handshakes seen in an odd order (crates/wiresift/tests/data/
# tcp-order, made by scripts/make-tcp-order-cases.py), for tests/tcp_order.rs: the outputs of
# outputs_oracle, and NAME.two-pass, tcp.completeness per frame after tshark's second pass (-2).
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
dir=crates/wiresift/tests/data/tcp-order
outputs_oracle $dir "tcp.stream tcp.flags.str tcp.completeness tcp.analysis.flags _ws.expert.message"
for f in "$dir"/*.pcap; do
    TZ=UTC tshark -2 -n -r "$f" -T fields -e tcp.completeness > "${f%.pcap}.two-pass" 2>/dev/null
done

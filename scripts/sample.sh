#!/usr/bin/env bash
# The main job on the bundled sample: a machine boots (DHCP), resolves a name (DNS) and fetches a page
# (TCP + HTTP). Builds wiresift if needed, then lists the capture and prints a few fields per packet.
set -euo pipefail
cd "$(dirname "$0")/.."
sample=tests/data/boot-and-browse.pcapng
cargo build --release --locked -q -p wiresift
bin=target/release/wiresift
echo "== wiresift info $sample"
"$bin" info "$sample"
echo
echo "== wiresift -r $sample"
"$bin" -r "$sample"
echo
echo "== wiresift -r $sample -T fields -e frame.number -e ip.src -e ip.dst -e tcp.dstport -e _ws.col.Protocol"
"$bin" -r "$sample" -T fields -E header=y -e frame.number -e ip.src -e ip.dst -e tcp.dstport -e _ws.col.Protocol

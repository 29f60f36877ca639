#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/tcp/<capture>.tshark.tsv for every capture there (recorded by
# scripts/record-tcp-fixtures.sh): what tshark 4.0 prints for every tcp.* field wiresift registers
# and tshark knows (tcp.analysis.*, tcp.stream, tcp.completeness, the options ...), the D-SACK fields,
# udp.stream, the expert items and the Protocol and Info columns. crates/wiresift/tests/tcp_fixtures.rs
# requires wiresift to agree with every cell. Run after recording or registering new tcp fields;
# commit the .tsv files it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=crates/wiresift/tests/data/tcp
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
tshark --version 2>/dev/null | head -1
cargo build --release --locked -q -p wiresift
ours=$(mktemp); theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
./target/release/wiresift -G fields | awk -F'\t' '$1 == "F" && $3 ~ /^tcp\./ { print $3 }' | sort -u >"$ours"
tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 }' | sort -u >"$theirs"
# The payload's bytes (tcp.payload, tcp.segment_data, tcp.reassembled.data) are left out: they say
# nothing about TCP analysis and would make the tables ten times larger.
mapfile -t fields < <(comm -12 "$ours" "$theirs" | grep -vxE 'tcp\.(payload|segment_data|reassembled\.data)')
# Compared whether or not wiresift registers them yet (the test fails on a column it does not know).
extra=(tcp.options.sack.dsack_le tcp.options.sack.dsack_re tcp.options.sack.dsack
  udp.stream frame.protocols _ws.expert.message _ws.expert.severity _ws.expert.group
  _ws.col.Protocol _ws.col.Info)
args=()
while read -r f; do args+=(-e "$f"); done < <(printf '%s\n' "${fields[@]}" "${extra[@]}" | awk '!seen[$0]++')
for capture in "$dir"/*.pcap; do
  tshark -n -r "$capture" -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, \
    "${args[@]}" >"$capture.tshark.tsv" 2>/dev/null
  echo "$capture.tshark.tsv: $(($(wc -l <"$capture.tshark.tsv") - 1)) frames, $((${#args[@]} / 2)) fields"
done

#!/usr/bin/env bash
# Writes tests/data/<capture>.tshark.tsv for every capture in tests/data: what tshark (4.0, as in
# ../shared/oracle) prints for every field wiresift registers that tshark also knows, plus the Protocol
# column, in the oracle's format. crates/wiresift/tests/oracle_fields.rs requires wiresift to agree exactly.
# Run after recording a fixture or registering new fields; commit the .tsv files it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
tshark --version | head -1
cargo build --release --locked -q -p wiresift
ours=$(mktemp); theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
./target/release/wiresift -G fields | awk -F'\t' '$1 == "F" { print $3 }' | sort -u >"$ours"
tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 }' | sort -u >"$theirs"
mapfile -t fields < <(comm -12 "$ours" "$theirs")
args=()
for f in "${fields[@]}" _ws.col.Protocol; do args+=(-e "$f"); done
# Recorded captures only (pcapng): follow-edges.pcap is made by hand for follow-stream edge cases and is
# checked by its own tests.
for capture in tests/data/*.pcapng; do
    [[ -e $capture ]] || continue
    tshark -n -r "$capture" -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, \
        "${args[@]}" >"$capture.tshark.tsv" 2>/dev/null
    echo "$capture.tshark.tsv: $(($(wc -l <"$capture.tshark.tsv") - 1)) frames, ${#fields[@]} fields"
done

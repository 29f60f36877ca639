#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/ssh/<capture>.tshark.tsv (and, with -2, .tshark-2.tsv) for every
# capture there: what tshark (4.0, as in ../shared/oracle) prints for every ssh.* field
# wiresift registers that tshark also knows, plus frame.protocols,
# tcp.reassembled_in, tcp.pdu.size and the Protocol and Info columns, in the oracle's format.
# crates/wiresift/tests/ssh_fixtures.rs requires wiresift to agree exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
tshark --version | head -1
cargo build --release --locked -q -p wiresift
ours=$(mktemp); theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
./target/release/wiresift -G fields | awk -F'\t' '$1 == "F" && $3 ~ /^ssh\./ { print $3 }' | sort -u >"$ours"
tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 }' | sort -u >"$theirs"
mapfile -t fields < <(comm -12 "$ours" "$theirs")
args=()
for f in frame.protocols tcp.reassembled_in tcp.pdu.size "${fields[@]}" _ws.col.Protocol _ws.col.Info; do
  args+=(-e "$f")
done
for capture in crates/wiresift/tests/data/ssh/*.pcap; do
  for pass in 1 2; do
    suffix=.tshark.tsv; two=()
    [ $pass = 2 ] && { suffix=.tshark-2.tsv; two=(-2); }
    tshark -n -r "$capture" "${two[@]}" -T fields -E header=y -E separator=/t -E occurrence=a \
      -E aggregator=, "${args[@]}" >"$capture$suffix" 2>/dev/null
  done
  echo "$capture: $(($(wc -l <"$capture.tshark.tsv") - 1)) frames, ${#fields[@]} ssh fields"
done

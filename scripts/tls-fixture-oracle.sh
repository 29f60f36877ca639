#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/tls/<capture>.tshark.tsv (and, with -2, .tshark-2.tsv) for every
# capture there: what tshark (4.0, as in ../shared/oracle) prints, without the key logs, for every tls.*
# field wiresift registers that tshark also knows, plus tcp.reassembled_in and the Protocol and Info
# columns, in the oracle's format. crates/wiresift/tests/tls_fixtures.rs requires wiresift to agree
# exactly. frame.protocols is left out: tshark lists there the X.509 modules (x509sat, x509ce ...) it
# runs on each certificate attribute, which wiresift does not dissect yet.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
tshark --version | head -1
cargo build --release --locked -q -p wiresift
ours=$(mktemp); theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
./target/release/wiresift -G fields | awk -F'\t' '$1 == "F" && $3 ~ /^tls\./ { print $3 }' | sort -u >"$ours"
tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 }' | sort -u >"$theirs"
mapfile -t fields < <(comm -12 "$ours" "$theirs")
args=()
for f in tcp.reassembled_in "${fields[@]}" _ws.col.Protocol _ws.col.Info; do
  args+=(-e "$f")
done
for capture in crates/wiresift/tests/data/tls/*.pcap; do
  for pass in 1 2; do
    suffix=.tshark.tsv; two=()
    [ $pass = 2 ] && { suffix=.tshark-2.tsv; two=(-2); }
    tshark -n -r "$capture" "${two[@]}" -T fields -E header=y -E separator=/t -E occurrence=a \
      -E aggregator=, "${args[@]}" >"$capture$suffix" 2>/dev/null
  done
  echo "$capture: $(($(wc -l <"$capture.tshark.tsv") - 1)) frames, ${#fields[@]} tls fields"
done
# sct.pcap (scripts/record-sct-fixture.sh): every item of the signed certificate timestamps and of
# the signature algorithms, in tshark's order, with its offset and length in the frame, from
# -T jsonraw, as "field<TAB>frame<TAB>offset<TAB>length" (crates/wiresift/tests/sct_fixture.rs).
capture=crates/wiresift/tests/data/tls/sct.pcap
pattern='^tls\.sct\.|^tls\.handshake\.sig_hash_(alg|hash|sig)$'
tshark -n -r "$capture" -T jsonraw 2>/dev/null | awk -v pat="$pattern" '
  /^ *"frame_raw": \[$/ { frame++ }
  /^ *"[^"]*_raw": \[$/ { name = $1; gsub(/"/, "", name); sub(/_raw:$/, "", name); want = (name ~ pat); n = 0; next }
  want && /^ *"[0-9a-f]*",$/ { n = 1; next }
  want && n == 1 && /^ *[0-9]+,$/ { pos = $1; sub(/,/, "", pos); n = 2; next }
  want && n == 2 && /^ *[0-9]+,$/ { len = $1; sub(/,/, "", len); print name "\t" frame "\t" pos "\t" len; n = 0; next }
' >"$capture.sct-offsets.tsv"
echo "$capture: $(wc -l <"$capture.sct-offsets.tsv") SCT and signature algorithm items"

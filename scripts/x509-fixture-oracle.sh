#!/usr/bin/env bash
# Writes tshark's answers for the certificate of crates/wiresift/tests/data/tls/tls12-aes128gcm.pcap
# (frame 6, the server's Certificate message), which crates/wiresift/tests/x509_fixture.rs compares
# wiresift with:
# - <capture>.x509-fields.tsv: tshark -n -r CAP -Y frame.number==6 -T fields -E header=y
#   -E separator=/t -E occurrence=a -E aggregator=, -e frame.protocols -e tls.handshake.certificate
#   -e F... for every field of x509af, x509if, x509sat, x509ce, pkcs1, pkix1implicit, pkix1explicit
#   and ber.bitstring.padding that wiresift registers and tshark knows;
# - <capture>.x509-offsets.tsv: from tshark -n -r CAP -Y frame.number==6 -T jsonraw, every item of
#   those fields as "field<TAB>offset<TAB>length", in tshark's order.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
tshark --version | head -1
cargo build --release --locked -q -p wiresift
capture=crates/wiresift/tests/data/tls/tls12-aes128gcm.pcap
pattern='^(x509af|x509if|x509sat|x509ce|pkcs1|pkix1implicit|pkix1explicit)\.|^ber\.bitstring\.padding$'
ours=$(mktemp); theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
./target/release/wiresift -G fields | awk -F'\t' '$1 == "F" { print $3 }' | grep -E "$pattern" | sort -u >"$ours"
tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 }' | sort -u >"$theirs"
args=(-e frame.protocols -e tls.handshake.certificate)
for f in $(comm -12 "$ours" "$theirs"); do args+=(-e "$f"); done
tshark -n -r "$capture" -Y frame.number==6 -T fields -E header=y -E separator=/t -E occurrence=a \
  -E aggregator=, "${args[@]}" >"$capture.x509-fields.tsv" 2>/dev/null
# jsonraw prints each item as `"NAME_raw": [` (or a nested `[`), then its hex, offset and length lines.
tshark -n -r "$capture" -Y frame.number==6 -T jsonraw 2>/dev/null | awk -v pat="$pattern" '
  /^ *"[^"]*_raw": \[$/ { name = $1; gsub(/"/, "", name); sub(/_raw:$/, "", name); want = (name ~ pat); n = 0; next }
  want && /^ *"[0-9a-f]*",$/ { n = 1; next }
  want && n == 1 && /^ *[0-9]+,$/ { pos = $1; sub(/,/, "", pos); n = 2; next }
  want && n == 2 && /^ *[0-9]+,$/ { len = $1; sub(/,/, "", len); print name "\t" pos "\t" len; n = 0; next }
' >"$capture.x509-offsets.tsv"
echo "$capture: $(wc -l <"$capture.x509-offsets.tsv") items"

#!/usr/bin/env bash
# Writes tshark's answers for the JSON and XML fixture crates/wiresift/tests/data/media/media.pcap
# (recorded by scripts/record-media-fixtures.sh), which crates/wiresift/tests/media_fixtures.rs
# compares wiresift with:
# - media.pcap.tshark.tsv and .tshark-2.tsv: every json.* and xml.* field wiresift registers and tshark
#   knows, frame.protocols, tcp.reassembled_in and the Protocol and Info columns (scripts/lib/
#   fixture-oracle.sh);
# - media.pcap.detail.txt: tshark -n -r CAP -V, only each frame's first line and its JSON and XML
#   layers (the lines from "JavaScript Object Notation" or "eXtensible Markup Language" to the next
#   top-level line);
# - media.pcap.offsets.tsv: from tshark -n -r CAP -T jsonraw, every item of a json.* or xml.* field
#   as "field<TAB>offset<TAB>length", in tshark's order.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/fixture-oracle.sh
. scripts/lib/fixture-oracle.sh
dir=crates/wiresift/tests/data/media
fixture_oracle "$dir" '^(json|xml)\\.' frame.protocols tcp.reassembled_in
capture=$dir/media.pcap
tshark -n -r "$capture" -V 2>/dev/null | awk '
  /^Frame [0-9]+:/ { print; keep = 0; next }
  /^[^ ]/ { keep = /^(JavaScript Object Notation|eXtensible Markup Language)/ }
  keep { print }
' >"$capture.detail.txt"
# jsonraw prints each item as `"NAME_raw": [` (or a nested `[`), then its hex, offset and length lines.
tshark -n -r "$capture" -T jsonraw 2>/dev/null | awk '
  /^ *"[^"]*_raw": \[$/ { name = $1; gsub(/"/, "", name); sub(/_raw:$/, "", name); want = (name ~ /^(json|xml)\./); n = 0; next }
  want && /^ *"[0-9a-f]*",$/ { n = 1; next }
  want && n == 1 && /^ *[0-9]+,$/ { pos = $1; sub(/,/, "", pos); n = 2; next }
  want && n == 2 && /^ *[0-9]+,$/ { len = $1; sub(/,/, "", len); print name "\t" pos "\t" len; n = 0; next }
' >"$capture.offsets.tsv"
echo "$capture: $(wc -l <"$capture.detail.txt") detail lines, $(wc -l <"$capture.offsets.tsv") items"

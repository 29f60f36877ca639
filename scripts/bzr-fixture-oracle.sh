#!/bin/sh
# Stores what tshark 4.0 shows for the Bazaar fixtures (crates/wiresift/tests/data/bzr: a real exchange,
# scripts/record-bzr-fixture.sh, and crafted messages, scripts/make-bzr-edge-cases.py), for
# tests/bzr_fixtures.rs: NAME.V is `tshark -n -V`, NAME.summary the packet list, NAME.fields the fields
# of FIELDS below, one line per frame.
set -eu
dir=$(dirname "$0")/../crates/wiresift/tests/data/bzr
FIELDS="frame.protocols tcp.reassembled_in bzr.protocol_version bzr.kind bzr.result bzr.bencode.length bzr.bytes.length bzr.bytes.data bencode.str.length bencode.str bencode.int bencode.dict.entry bencode.list bencode.truncated_data _ws.malformed _ws.col.Protocol _ws.col.Info"
for f in "$dir"/*.pcap; do
    base=${f%.pcap}
    TZ=UTC tshark -n -r "$f" -V > "$base.V" 2>/dev/null
    TZ=UTC tshark -n -r "$f" > "$base.summary" 2>/dev/null
    args=""
    for x in $FIELDS; do args="$args -e $x"; done
    # shellcheck disable=SC2086
    TZ=UTC tshark -n -r "$f" -T fields -E occurrence=a $args > "$base.fields" 2>/dev/null
done
echo "$FIELDS" > "$dir/fields.list"

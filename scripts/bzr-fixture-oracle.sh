#!/bin/sh
# Stores what tshark 4.0 shows for the Bazaar fixtures (crates/wiresift/tests/data/bzr: a real exchange,
# scripts/record-bzr-fixture.sh, and crafted messages, scripts/make-bzr-edge-cases.py), for
# tests/bzr_fixtures.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/bzr "frame.protocols tcp.reassembled_in bzr.protocol_version bzr.kind bzr.result bzr.bencode.length bzr.bytes.length bzr.bytes.data bencode.str.length bencode.str bencode.int bencode.dict.entry bencode.list bencode.truncated_data _ws.malformed _ws.col.Protocol _ws.col.Info"

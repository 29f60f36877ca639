#!/bin/sh
# Stores what tshark 4.0 shows for the IPv4 headers cut short (crates/wiresift/tests/data/ipv4-cut, made
# by scripts/make-ipv4-cut-cases.py), for tests/ipv4_cut.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/ipv4-cut "ip.hdr_len ip.len ip.id ip.ttl ip.proto ip.checksum ip.src ip.dst frame.protocols _ws.expert.message"

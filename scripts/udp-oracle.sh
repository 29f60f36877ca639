#!/bin/sh
# Stores what tshark 4.0 shows for the crafted UDP datagrams (crates/wiresift/tests/data/udp, made by
# scripts/make-udp-cases.py), for tests/udp_crafted.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/udp "udp.srcport udp.dstport udp.length udp.possible_traceroute _ws.expert.message"

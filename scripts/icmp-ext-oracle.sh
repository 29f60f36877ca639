#!/bin/sh
# Stores what tshark 4.0 shows for the crafted ICMP messages with extension structures
# (crates/wiresift/tests/data/icmp-ext, made by scripts/make-icmp-ext-cases.py), for
# tests/icmp_extensions.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/icmp-ext "icmp.ext.checksum.status icmp.ext.class icmp.ext.ctype icmp.mpls.label icmp.mpls.ttl icmp.int_info.role icmp.int_info.index icmp.int_info.ipv4 icmp.int_info.ipv6 icmp.int_info.name icmp.int_info.mtu icmp.ext.data _ws.expert.message"

#!/bin/sh
# Stores what tshark 4.0 shows for the crafted ICMP and ICMPv6 checksums (crates/wiresift/tests/data/
# icmp-checksums, made by scripts/make-icmp-checksum-cases.py), for tests/icmp_checksums.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/icmp-checksums "frame.protocols icmp.checksum icmp.checksum.status icmpv6.checksum icmpv6.checksum.status _ws.expert.message _ws.malformed _ws.col.Info"

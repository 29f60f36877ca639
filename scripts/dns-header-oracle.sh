#!/bin/sh
# Stores what tshark 4.0 shows for the crafted DNS headers (crates/wiresift/tests/data/dns-header, made by
# scripts/make-dns-header-cases.py), for tests/dns_header.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/dns-header "dns.id dns.flags.opcode dns.flags.rcode dns.count.queries dns.count.answers dns.count.auth_rr dns.retransmit_request dns.response_to _ws.expert.message"

#!/bin/sh
# Stores what tshark 4.0 shows for the PPP control fixtures (crates/wiresift/tests/data/ppp, made by
# scripts/make-ppp-control-cases.py), for tests/ppp_fixtures.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/ppp "ppp.protocol ppp.code ppp.identifier ppp.length lcp.opt.type lcp.opt.mru lcp.opt.magic_number lcp.opt.auth_protocol lcp.magic_number lcp.data lcp.message ipcp.opt.type ipcp.opt.ip_address ipcp.opt.pri_dns_address ipv6cp.interface_identifier pap.code pap.peer_id pap.password pap.message chap.code chap.value chap.name chap.message"

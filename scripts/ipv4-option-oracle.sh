#!/bin/sh
# Stores what tshark 4.0 shows for the IPv4 option datagrams (crates/wiresift/tests/data/ip-options, made
# by scripts/make-ipv4-option-cases.py), for tests/ipv4_options.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/ip-options "ip.opt.type ip.opt.type.number ip.opt.len ip.opt.ptr ip.opt.ra ip.opt.mtu ip.opt.sid ip.opt.sec_rfc791_sec ip.opt.sec_rfc791_hr ip.opt.flag ip.opt.time_stamp ip.rec_rt ip.empty_rt ip.src_rt ip.dst ip.options.routeralert ip.options.record_route ip.options.nop ip.options.eol _ws.expert.message"

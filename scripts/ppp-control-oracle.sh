#!/bin/sh
# Stores what tshark 4.0 shows for the PPP control fixtures (crates/wiresift/tests/data/ppp, made by
# scripts/make-ppp-control-cases.py), for tests/ppp_fixtures.rs: NAME.V is `tshark -n -V`, NAME.summary
# the packet list, NAME.fields the fields of FIELDS below, one line per frame.
set -eu
dir=$(dirname "$0")/../crates/wiresift/tests/data/ppp
FIELDS="ppp.protocol ppp.code ppp.identifier ppp.length lcp.opt.type lcp.opt.mru lcp.opt.magic_number lcp.opt.auth_protocol lcp.magic_number lcp.data lcp.message ipcp.opt.type ipcp.opt.ip_address ipcp.opt.pri_dns_address ipv6cp.interface_identifier pap.code pap.peer_id pap.password pap.message chap.code chap.value chap.name chap.message"
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

#!/bin/sh
# Regenerates crates/wiresift/tests/data/dhcp/*.tshark.tsv: tshark 4.0's values of every dhcp.* and
# dhcpv6.* field (those with a value in some frame), frame.protocols and the Protocol and Info columns,
# for each fixture capture recorded by scripts/record-dhcp-fixtures.sh. Read by
# crates/wiresift/tests/dhcp_fixtures.rs.
set -eu
dir=$(dirname "$0")/../crates/wiresift/tests/data/dhcp
fields=$(tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" && ($5 == "dhcp" || $5 == "dhcpv6") {print $3}')
for capture in "$dir"/*.pcap; do
    args="-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info"
    for f in $fields; do args="$args -e $f"; done
    # shellcheck disable=SC2086 # one option per word
    tshark -n -r "$capture" -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, $args \
        2>/dev/null |
        python3 -c '
import sys
rows = [l.rstrip("\n").split("\t") for l in sys.stdin]
keep = [i for i, name in enumerate(rows[0])
        if i < 4 or any(i < len(r) and r[i] for r in rows[1:])]
for r in rows:
    print("\t".join(r[i] if i < len(r) else "" for i in keep))
' >"$capture.tshark.tsv"
done
# -z dhcp,stat (tshark 4.0's name for the BOOTP statistics), plain and with a filter.
tshark -n -r "$dir/dora.pcap" -q -z dhcp,stat >"$dir/dora.dhcp-stat.txt" 2>/dev/null
tshark -n -r "$dir/relay.pcap" -q -z 'dhcp,stat,dhcp.ip.relay == 203.0.113.1' \
    >"$dir/relay.dhcp-stat-filter.txt" 2>/dev/null

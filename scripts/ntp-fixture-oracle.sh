#!/bin/sh
# Stores what Debian's tcpdump 4.99.3 prints for the NTP fixtures (crates/wiresift/tests/data/ntp) at
# each verbosity, for tests/tcpdump_ntp.rs: NAME.vN.out is `TZ=GMT0 tcpdump -nn [-v...] -r NAME.pcap`.
set -eu
dir=$(dirname "$0")/../crates/wiresift/tests/data/ntp
for f in "$dir"/*.pcap; do
    base=${f%.pcap}
    TZ=GMT0 tcpdump -nn -r "$f" > "$base.v0.out" 2>/dev/null
    TZ=GMT0 tcpdump -nn -v -r "$f" > "$base.v1.out" 2>/dev/null
    TZ=GMT0 tcpdump -nn -vv -r "$f" > "$base.v2.out" 2>/dev/null
    TZ=GMT0 tcpdump -nn -vvv -e -r "$f" > "$base.v3.out" 2>/dev/null
done

#!/usr/bin/env python3
"""UDP datagrams for tests/udp_crafted.rs (tshark 4.0's answers stored by scripts/udp-oracle.sh): source and
destination ports around traceroute's range (tshark notes ports 33435-33464 as hop and attempt)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import udp_datagram, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/udp')
pk = [udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], p, 9999, b'x') for p in range(33430, 33470)]
pk += [udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], 9999, p, b'x') for p in (33434, 33435, 33437, 33464, 33465)]
pk.append(udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], 33440, 33441, b'x'))
os.makedirs(OUT, exist_ok=True)
write_pcap(os.path.join(OUT, 'udp-traceroute.pcap'), pk)

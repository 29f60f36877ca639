#!/usr/bin/env python3
"""IPv4 headers cut short by the snapshot length, for tests/ipv4_cut.rs (tshark 4.0's answers stored by
scripts/ipv4-cut-oracle.sh): a UDP datagram captured to 1-20 bytes of its IPv4 header (tshark shows
each field whose bytes were all captured, the source address alone in the columns, and a UDP with no
byte captured only in frame.protocols), and the same with a TTL of 1, whose note Wireshark makes only
once it has read the destination address."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import udp_datagram, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/ipv4-cut')
plain = udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], 1234, 53, b'hello')
ttl1 = udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], 1234, 53, b'hello', ttl=1)
pkts = [(plain, 14 + n) for n in range(1, 21)] + [(ttl1, 14 + n) for n in (9, 16, 19, 20)]
os.makedirs(OUT, exist_ok=True)
write_pcap(os.path.join(OUT, 'ipv4-cut.pcap'), pkts)

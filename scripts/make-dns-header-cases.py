#!/usr/bin/env python3
"""DNS messages for tests/dns_header.rs (tshark 4.0's answers stored by scripts/dns-header-oracle.sh):
unknown operation and reply codes (tshark's Flags line names them without their numbers, its Info column
with them), and headers cut short inside the four counts (tshark shows the counts that are there, and
matches no query or response whose header is not whole), and sections promised by the counts with no
byte left for them."""
import struct
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import ipv4_packet, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/dns-header')


def dns(payload, query=True):
    """`payload` as a UDP datagram between 10.0.0.1:40000 and 10.0.0.2:53 (to port 53 when `query`)."""
    ports = (40000, 53) if query else (53, 40000)
    udp = struct.pack('!HHHH', ports[0], ports[1], 8 + len(payload), 0) + payload
    src, dst = ([10, 0, 0, 1], [10, 0, 0, 2]) if query else ([10, 0, 0, 2], [10, 0, 0, 1])
    eth = b'\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00' if query else b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00'
    return eth + ipv4_packet(src, dst, 17, udp)


def header(ident, flags, counts=(0, 0, 0, 0)):
    return struct.pack('!HH', ident, flags) + struct.pack('!HHHH', *counts)


os.makedirs(OUT, exist_ok=True)
write_pcap(os.path.join(OUT, 'dns-header.pcap'), [
    dns(header(0x1234, (7 << 11))),
    dns(header(0x1234, 0x8000 | (12 << 11) | 12), query=False),
    dns(header(0x2345, 0x0100)),
    dns(header(0x2345, 0x8000 | 13), query=False),
    # The same identifier again, cut inside the counts: no retransmission.
    dns(header(0x0001, 0x0100, (1, 0, 0, 0))),
    dns(header(0x0001, 0x0100, (1, 0, 0, 0))[:8]),
    dns(header(0x0001, 0x0100, (1, 0, 0, 0))[:10]),
    dns(header(0x0001, 0x0100, (1, 0, 0, 0))[:7]),
    dns(header(0x0001, 0x8100, (1, 0, 0, 0))[:9], query=False),
    # A whole question, then an answer the counts promise and the message lacks.
    dns(header(0x3456, 0x8180, (1, 1, 0, 0)) + b'\x03www\x07example\x00\x00\x01\x00\x01', query=False),
])

#!/usr/bin/env python3
"""UDP datagrams for tests/udp_crafted.rs (tshark 4.0's answers stored by scripts/udp-oracle.sh): source and
destination ports around traceroute's range (tshark notes ports 33435-33464 as hop and attempt), and UDP
headers quoted by ICMP errors whose length is more than the error quotes (tshark checks a quoted length
only against the header's 8 bytes); lengths below 8 and past the IP payload, which tshark notes as bogus."""
import struct
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import icmp_message, ipv4_packet, udp_datagram, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/udp')
pk = [udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], p, 9999, b'x') for p in range(33430, 33470)]
pk += [udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], 9999, p, b'x') for p in (33434, 33435, 33437, 33464, 33465)]
pk.append(udp_datagram([10, 0, 0, 1], [10, 0, 0, 2], 33440, 33441, b'x'))
os.makedirs(OUT, exist_ok=True)
write_pcap(os.path.join(OUT, 'udp-traceroute.pcap'), pk)


def unreachable(udp_length, data, ip_total):
    """An ICMP port unreachable from 10.0.0.2 to 10.0.0.1 quoting an IPv4 header whose total length says
    `ip_total` and a UDP header (ports 40000 to 40001) whose length says `udp_length`, then `data`."""
    udp = struct.pack('!HHHH', 40000, 40001, udp_length, 0) + data
    quoted = ipv4_packet([10, 0, 0, 1], [10, 0, 0, 2], 17, udp, total=ip_total)
    icmp = icmp_message(3, 3, struct.pack('!I', 0) + quoted)
    frame = b'\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00'
    return frame + ipv4_packet([10, 0, 0, 2], [10, 0, 0, 1], 1, icmp)


write_pcap(os.path.join(OUT, 'udp-quoted.pcap'), [
    unreachable(500, b'q' * 20, 520),
    unreachable(500, b'', 520),
    unreachable(28, b'q' * 20, 48),
    unreachable(1000, b'q' * 4, 60),
])


def datagram(udp_length, data):
    """A UDP datagram from port 40000 to 9999 whose length field says `udp_length`, then `data`."""
    udp = struct.pack('!HHHH', 40000, 9999, udp_length, 0) + data
    frame = b'\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00'
    return frame + ipv4_packet([10, 0, 0, 1], [10, 0, 0, 2], 17, udp)


# Below 8 (with and without bytes after the header), exactly 8, past the IP payload with payload bytes
# and with none, and a quoted header below 8.
write_pcap(os.path.join(OUT, 'udp-length.pcap'), [
    datagram(4, b'abcdefgh'),
    datagram(0, b'abcd'),
    datagram(7, b''),
    datagram(8, b''),
    datagram(100, b'abcdefgh'),
    datagram(9, b''),
    datagram(12, b'abcd'),
    unreachable(4, b'q' * 4, 32),
])

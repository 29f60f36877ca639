#!/usr/bin/env python3
"""ICMP messages with RFC 4884 extension structures for tests/icmp_extensions.rs (tshark 4.0's answers
stored by scripts/icmp-ext-oracle.sh). Time-exceeded errors, as routers send them to traceroute,
carrying an MPLS label stack (RFC 4950), interface information objects (RFC 5837: each role, with and
without ifIndex, IPv4 and IPv6 addresses, names and MTU), an object of an unknown class, a bad
checksum; objects cut short, too short or running past the message; and extended echo requests (RFC
8335) naming the interface probed by name, index and address."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import checksum, icmp_message, ipv4_packet, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/icmp-ext')


def frame(icmp):
    return b'\x02\0\0\0\0\x01\x02\0\0\0\0\xfe\x08\x00' + ipv4_packet([10, 0, 0, 254], [10, 0, 0, 1], 1, icmp, ident=7)


def structure(objs, bad=False):
    body = b''.join(objs)
    ck = checksum(struct.pack('!HH', 0x2000, 0) + body)
    return struct.pack('!HH', 0x2000, ck ^ 0x1111 if bad else ck) + body


def obj(cls, ctype, data, length=None):
    return struct.pack('!HBB', 4 + len(data) if length is None else length, cls, ctype) + data


def time_exceeded(ext):
    """A traceroute probe's time-exceeded error: the probe padded to 128 bytes, then `ext`."""
    probe = ipv4_packet([10, 0, 0, 1], [10, 9, 9, 9], 17, struct.pack('!HHHH', 40000, 33435, 20, 0) + bytes(12),
                        ident=7, ttl=1)
    return frame(icmp_message(11, 0, struct.pack('!BBH', 0, 32, 0) + probe + bytes(128 - len(probe)) + ext))


def label(value, exp, bottom, ttl):
    return struct.pack('!I', value << 12 | exp << 9 | bottom << 8 | ttl)


def name(text, pad=True):
    size = 1 + len(text)
    if pad:
        size = (size + 3) // 4 * 4
    return bytes([size]) + text + bytes(size - 1 - len(text))


mpls = obj(1, 1, label(16001, 5, 0, 254) + label(24, 0, 1, 1))
v4 = struct.pack('!HH4s', 1, 0, bytes([192, 0, 2, 1]))
v6 = struct.pack('!HH16s', 2, 0, bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 11 + [1]))
cases = [
    structure([mpls]),
    structure([obj(2, 0x4f, struct.pack('!I', 15) + v4 + name(b'ge-0/0/1') + struct.pack('!I', 1500))]),
    structure([obj(2, 0x84, v6), obj(2, 0xc8, struct.pack('!I', 7))]),
    structure([obj(9, 3, b'abcd'), mpls], bad=True),
    structure([obj(2, 0x0a, struct.pack('!I', 3) + name(b'eth0')), obj(2, 0x01, struct.pack('!I', 9000))]),
    structure([obj(2, 0x04, struct.pack('!HH4s', 7, 0, b'\xaa\xbb\xcc\xdd'))]),
    structure([obj(1, 1, label(3, 0, 1, 64) + b'\x01\x02')]),
    structure([obj(1, 2, label(3, 0, 1, 64))]),
    structure([obj(2, 0x0e, struct.pack('!I', 5) + v4)]),
    structure([obj(1, 1, label(3, 0, 1, 64), length=40)]),
    structure([obj(2, 0x08, b'', length=2)]),
    structure([]),
]
pkts = [time_exceeded(c) for c in cases]
# Extended echo requests (type 42): identifier, sequence, local bit, then the interface identification
# object (class 3): by name, by index, by address.
for ctype, data in [(1, b'eth0'), (2, struct.pack('!I', 4)), (3, struct.pack('!HBB4s', 1, 4, 0, bytes([192, 0, 2, 9])))]:
    pkts.append(frame(icmp_message(42, 0, struct.pack('!HBB', 0x1234, 1, 0) + structure([obj(3, ctype, data)]))))
os.makedirs(OUT, exist_ok=True)
write_pcap(os.path.join(OUT, 'icmp-ext.pcap'), pkts)

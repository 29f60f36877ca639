#!/usr/bin/env python3
"""IPv4 datagrams with options, for tests/ipv4_options.rs (tshark 4.0's answers stored beside them by
scripts/ipv4-option-oracle.sh): router alert (both values, and one whose length runs past the options),
NOP and EOL, record route with the pointer before, at, inside and past its addresses, a completed loose
source route, time stamps, MTU probe, stream id, an unknown type. Source routes still under way (which
tshark shows with a 'Current Route' and 'Via') are left out: wiresift does not show them as tshark yet.
The security option in RFC 791's form (unclassified, and secret with compartments and codes)."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import checksum, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/ip-options')


def datagram(opts):
    opts = opts + b'\x00' * ((4 - len(opts) % 4) % 4)
    ihl = 5 + len(opts) // 4
    payload = struct.pack('!HHHH', 1000, 2000, 8 + 4, 0) + b'abcd'
    ip = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, ihl * 4 + len(payload), 1, 0, 64, 17, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + opts
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00' + ip + payload


A, B, C = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), bytes([10, 0, 0, 3])
CASES = [
    b'\x94\x04\x00\x00',
    b'\x94\x04\x00\x01',
    b'\x94\x09\x00\x00',
    b'\x01\x07\x07\x04' + A,
    b'\x07\x0b\x04' + A + B,
    b'\x07\x0b\x08' + A + B,
    b'\x07\x0b\x0c' + A + B,
    b'\x07\x0b\x02' + A + B,
    b'\x07\x03\x04',
    b'\x83\x0b\x0c' + A + C,
    b'\x89\x0b\x06' + A + C,
    b'\x44\x0c\x05\x00\x00\x00\x00\x01\x00\x00\x00\x00',
    b'\x0b\x04\x05\xdc',
    b'\x88\x04\x12\x34',
    b'\xc8\x04\x00\x00',
    b'\x01\x01\x00\x00',
    b'\x82\x0b' + b'\x00' * 9,
    b'\x82\x0b\xd7\x88\x00\x05ABXYZ',
]

os.makedirs(OUT, exist_ok=True)
write_pcap(os.path.join(OUT, 'ipv4-options.pcap'), [datagram(c) for c in CASES])

#!/usr/bin/env python3
"""Crafted TCP segments for tests/tcp_options.rs (tshark 4.0's answers stored beside them by
scripts/tcp-option-oracle.sh): the notes tshark attaches to option lists. NOP runs before, between and
after other options (tshark warns at the fourth NOP unless a window scale, SACK-permitted or
timestamps option came first), SYN and SYN+ACK segments without an MSS option, an MSS option in a
non-SYN segment, fixed-length options with a wrong length, and option lists long enough that their
summary label is cut."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import checksum, write_pcap  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/tcp-options')
SRC, DST = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
N, S, M, W = b'\x01', b'\x04\x02', b'\x02\x04\x05\xb4', b'\x03\x03\x07'
T = b'\x08\x0a' + bytes(8)
E = b'\xfd\x04\x12\x34'

CASES = [
    (N * 4 + M + N * 4, 0x02), (N * 3 + M, 0x02), (N * 8, 0x02), (N * 5 + b'\0' * 3, 0x02),
    (M + N * 7 + b'\0', 0x02), (N * 2 + M + N * 2, 0x02), (N * 3 + M + N * 4, 0x02),
    (M + S + N * 9 + W, 0x02), (M + S + N * 9 + W, 0x12), (N * 4 + W, 0x02), (N * 4 + M, 0x10),
    (N * 5 + W, 0x10), (N * 4 + S, 0x10), (N * 4 + T, 0x10), (S + N * 4, 0x02), (M + S + N * 4, 0x02),
    (W + N * 4, 0x02), (N + S + N * 4, 0x02), (S + N * 9 + W, 0x02), (N * 9 + W, 0x02),
    (M + N * 9 + W, 0x02), (N * 2 + S + N * 2, 0x02), (M + M + N * 4, 0x02), (E + N * 4, 0x02),
    (T + N * 4, 0x02), (W + N, 0x02), (W + N, 0x12), (b'', 0x02), (W + N, 0x10), (W + N, 0x03),
    (b'\x02\x03\x05', 0x02), (M + b'\x03\x04\x07\x00', 0x02), (M + b'\x04\x03\x00', 0x02),
    (M + b'\x08\x08' + bytes(6), 0x02), (M + b'\xfd\x03\x00', 0x02), (N * 40, 0x10),
]


def segment(opts, sport, flags):
    opts = opts + b'\0' * ((-len(opts)) % 4)
    hl = 20 + len(opts)
    tcp = struct.pack('!HHIIBBHHH', sport, 80, 1, 0, (hl // 4) << 4, flags, 1000, 0, 0) + opts
    pseudo = SRC + DST + struct.pack('!BBH', 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack('!H', checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, SRC, DST)
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00' + ip + tcp


def main():
    os.makedirs(OUT, exist_ok=True)
    write_pcap(os.path.join(OUT, 'tcp-options.pcap'),
               [segment(o, 41000 + i, f) for i, (o, f) in enumerate(CASES)])


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Writes a pcap of N short TCP connections (SYN, SYN+ACK, ACK, FIN+ACK each way, last ACK), one
starting every 1/RATE seconds, each from its own client address and port, for the memory benchmark in
docs/performance.md: a reader that keeps every finished conversation grows with N, one that releases
them stays flat.

usage: bench/make-many-connections.py OUT.pcap [N=1000000] [RATE=1000]
"""
import struct
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rate = int(sys.argv[3]) if len(sys.argv) > 3 else 1000

SERVER = bytes([192, 168, 0, 1])
ETH = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"


def packet(src, dst, sport, dport, seq, ack, flags):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64, 6, 0, src, dst)
    return ETH + ip + tcp


with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    buf = []
    for i in range(n):
        client = bytes([10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])
        sport = 1024 + (i * 7919) % 60000
        t = i * 1_000_000 // rate  # microseconds
        c, s = 1000 + i, 5000 + i
        steps = [
            (0, 0x02, c, 0),
            (1, 0x12, s, c + 1),
            (0, 0x10, c + 1, s + 1),
            (0, 0x11, c + 1, s + 1),
            (1, 0x11, s + 1, c + 2),
            (0, 0x10, c + 2, s + 2),
        ]
        for k, (d, flags, seq, ack) in enumerate(steps):
            p = (
                packet(client, SERVER, sport, 80, seq, ack, flags)
                if d == 0
                else packet(SERVER, client, 80, sport, seq, ack, flags)
            )
            us = t + k * 100
            buf.append(struct.pack("<IIII", us // 1_000_000, us % 1_000_000, len(p), len(p)) + p)
        if len(buf) > 60000:
            f.write(b"".join(buf))
            buf.clear()
    f.write(b"".join(buf))

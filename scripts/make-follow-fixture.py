#!/usr/bin/env python3
"""Writes tests/data/follow-edges.pcap: crafted TCP and UDP conversations that exercise what tshark's
follow report does with awkward traffic (retransmissions, overlaps, out-of-order segments, gaps that an
acknowledgement declares lost, segments cut short by the snapshot length, SYN and FIN with data, a
capture that starts mid-stream, sequence numbers wrapping, IPv6, empty and cut-short UDP datagrams, an
ICMP error quoting a datagram, a TCP header whose options were not captured).

The expected output is tshark's: scripts/follow-fixture-oracle.sh runs tshark 4.0 over the file and writes
crates/wiresift/tests/data/follow-edges.*.txt.

Usage: scripts/make-follow-fixture.py [OUTPUT]   (default tests/data/follow-edges.pcap)
"""

import struct
import sys

SNAPLEN = 65535
packets = []  # (secs, usecs, captured bytes, original length)
clock = [1_700_000_000, 0]


def tick():
    clock[1] += 1000
    return clock[0], clock[1]


def ether(payload, v6=False):
    return b"\x00\x11\x22\x33\x44\x55" + b"\x66\x77\x88\x99\xaa\xbb" + struct.pack(
        ">H", 0x86DD if v6 else 0x0800
    ) + payload


def ipv4(src, dst, proto, payload):
    header = struct.pack(
        ">BBHHHBBH4s4s",
        0x45, 0, 20 + len(payload), 1, 0x4000, 64, proto, 0,
        bytes(src), bytes(dst),
    )
    return header + payload


def ipv6(src, dst, proto, payload):
    return struct.pack(">IHBB", 0x60000000, len(payload), proto, 64) + bytes(src) + bytes(dst) + payload


def tcp(sport, dport, seq, ack, flags, data=b"", options=b""):
    off = (20 + len(options)) // 4
    return struct.pack(
        ">HHIIHHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
        off << 12 | flags, 65535, 0, 0,
    ) + options + data


def udp(sport, dport, data):
    return struct.pack(">HHHH", sport, dport, 8 + len(data), 0) + data


def emit(frame, caplen=None):
    secs, usecs = tick()
    captured = frame if caplen is None else frame[:caplen]
    packets.append((secs, usecs, captured, len(frame)))


SYN, FIN, RST, PSH, ACK = 0x02, 0x01, 0x04, 0x08, 0x10
C4, S4 = [10, 0, 0, 1], [10, 0, 0, 2]


class Conv:
    """A TCP conversation over IPv4 or IPv6; sequence numbers are given as offsets from each side's
    initial number."""

    def __init__(self, c, s, cport, sport, cisn, sisn, v6=False):
        self.c, self.s, self.cport, self.sport = c, s, cport, sport
        self.cisn, self.sisn, self.v6 = cisn, sisn, v6

    def seg(self, from_client, seq, ack, flags, data=b"", caplen=None, options=b""):
        if from_client:
            t = tcp(self.cport, self.sport, self.cisn + seq, self.sisn + ack, flags, data, options)
            src, dst = self.c, self.s
        else:
            t = tcp(self.sport, self.cport, self.sisn + seq, self.cisn + ack, flags, data, options)
            src, dst = self.s, self.c
        if self.v6:
            emit(ether(ipv6(src, dst, 6, t), v6=True), caplen)
        else:
            emit(ether(ipv4(src, dst, 6, t)), caplen)


# Stream 0: handshake, retransmission, overlap, out-of-order, an acknowledged gap, a segment cut short
# by the snapshot length, FIN with data.
a = Conv(C4, S4, 40000, 80, 1000, 5000)
a.seg(True, 0, 0, SYN)
a.seg(False, 0, 1, SYN | ACK)
a.seg(True, 1, 1, ACK)
a.seg(True, 1, 1, PSH | ACK, b"GET /a")
a.seg(True, 1, 1, PSH | ACK, b"GET /a")  # retransmission
a.seg(True, 4, 1, PSH | ACK, b"/a HTTP/1.1\r\n\r\n")  # overlaps three bytes
a.seg(False, 11, 7, PSH | ACK, b"WORLD.....")  # out of order
a.seg(False, 1, 7, PSH | ACK, b"0123456789")  # fills the gap
a.seg(False, 31, 21, PSH | ACK, b"after gap")  # 10 bytes before it never captured
a.seg(True, 21, 40, ACK)  # acknowledges past the gap
a.seg(False, 40, 21, PSH | ACK, bytes(range(256)) * 2, caplen=14 + 20 + 20 + 40)  # cut short
a.seg(False, 552, 21, PSH | ACK, b"\x00\x7f\x80\xff\ttab\r\nline\n")
a.seg(True, 21, 571, FIN | PSH | ACK, b"bye")
a.seg(False, 571, 25, FIN | ACK)
a.seg(True, 25, 572, ACK)

# Stream 1: SYN carrying data (as with TCP Fast Open), reply, then RST.
b = Conv(C4, S4, 40001, 81, 0xFFFFFFF0, 77)
b.seg(True, 0, 0, SYN, b"early data")
b.seg(False, 0, 11, SYN | ACK)
b.seg(True, 11, 1, PSH | ACK, b"wraps past 2^32 here")  # client sequence numbers wrap
b.seg(False, 1, 31, PSH | ACK, b"ok")
b.seg(True, 31, 3, RST | ACK)

# Stream 2: the capture starts in the middle: a pure ACK first; then held segments that arrive in
# reverse order, and a retransmission overlapping both what was taken and what is held.
m = Conv(C4, S4, 40002, 82, 7000, 9000)
m.seg(True, 0, 0, ACK)
m.seg(False, 0, 0, PSH | ACK, b"aaaaa")
m.seg(False, 20, 0, PSH | ACK, b"cccccccccc")  # held
m.seg(False, 10, 0, PSH | ACK, b"bbbbbbbbbb")  # held
m.seg(False, 3, 0, PSH | ACK, b"aaBBBBBBBBBB")  # new from 5 to 15; then the held ones fit
m.seg(True, 0, 30, PSH | ACK, b"thanks")

# Stream 3: IPv6, a segment of 57 bytes (76 base64 characters exactly), another of 58.
C6 = [0x20, 0x01, 0x0D, 0xB8] + [0] * 11 + [1]
S6 = [0x20, 0x01, 0x0D, 0xB8] + [0] * 11 + [2]
v = Conv(C6, S6, 50000, 443, 1, 2, v6=True)
v.seg(True, 0, 0, SYN)
v.seg(False, 0, 1, SYN | ACK)
v.seg(True, 1, 1, PSH | ACK, b"q" * 57)
v.seg(False, 1, 58, PSH | ACK, b"r" * 58)

# Stream 4: the first segment's options were not captured (tshark does not follow it), then data.
h = Conv(C4, S4, 40003, 83, 100, 200)
h.seg(False, 0, 1, SYN | ACK, options=b"\x02\x04\x05\xb4" + b"\x01" * 16, caplen=14 + 20 + 30)
h.seg(True, 1, 1, PSH | ACK, b"client")
h.seg(False, 1, 7, PSH | ACK, b"server")

# UDP stream 0: datagrams both ways, an empty one, one cut short by the snapshot length.
emit(ether(ipv4(C4, S4, 17, udp(5353, 53, b"question"))))
emit(ether(ipv4(S4, C4, 17, udp(53, 5353, b""))))
emit(ether(ipv4(S4, C4, 17, udp(53, 5353, b"answer\x00\x01"))))
emit(ether(ipv4(C4, S4, 17, udp(5353, 53, b"z" * 100))), caplen=14 + 20 + 8 + 30)
# An ICMP port unreachable quoting a datagram of stream 0.
quoted = ipv4(C4, S4, 17, udp(5353, 53, b"question"))
icmp = struct.pack(">BBHI", 3, 3, 0, 0) + quoted
emit(ether(ipv4(S4, C4, 1, icmp)))
# UDP stream 1, over IPv6.
emit(ether(ipv6(C6, S6, 17, udp(6000, 7000, b"hello over ipv6")), v6=True))
emit(ether(ipv6(S6, C6, 17, udp(7000, 6000, b"and back")), v6=True))

out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/follow-edges.pcap"
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, SNAPLEN, 1))
    for secs, usecs, data, orig in packets:
        f.write(struct.pack("<IIII", secs, usecs, len(data), orig))
        f.write(data)

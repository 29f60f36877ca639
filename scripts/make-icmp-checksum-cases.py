#!/usr/bin/env python3
"""Crafted ICMP and ICMPv6 messages for tests/icmp_checksums.rs (tshark 4.0's answers stored beside
them by scripts/icmp-checksum-oracle.sh): each way tshark labels a checksum. Echo requests with a good
and a bad checksum, one the snapshot length cut, a destination-unreachable error quoting an echo
request (the quoted checksum is not checked), and the same over IPv6. Then TCP segments quoted in
ICMP errors: one of a known connection and one of none (tshark shows them without a length, with
their raw sequence number first, and counts them as their stream's latest frame). Last, neighbour
discovery labels: a router advertisement with prefix, RDNSS and route options (flag summaries,
infinite and zero lifetimes) and a neighbour advertisement with every flag set."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import Conv, checksum, ipv4_packet, write_pcap  # noqa: E402
from tcpconv import icmp_message as icmp  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/icmp-checksums')
A, B = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
A6 = bytes.fromhex('20010db8000000000000000000000001')
B6 = bytes.fromhex('20010db8000000000000000000000002')


def ipv4(payload, src=A, dst=B, proto=1):
    return ipv4_packet(src, dst, proto, payload, ident=7)


def eth(payload, kind=0x0800):
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01' + struct.pack('!H', kind) + payload


def icmp6(t, code, rest, bad=False, src=A6, dst=B6):
    m = struct.pack('!BBH', t, code, 0) + rest
    pseudo = src + dst + struct.pack('!I', len(m)) + b'\0\0\0\x3a'
    c = checksum(pseudo + m) ^ (0x1234 if bad else 0)
    return m[:2] + struct.pack('!H', c) + m[4:]


def ipv6(payload, src=A6, dst=B6, nxt=58):
    return struct.pack('!IHBB16s16s', 0x60000000, len(payload), nxt, 64, src, dst) + payload


def main():
    os.makedirs(OUT, exist_ok=True)
    echo = struct.pack('!HH', 0x1234, 1) + b'abcdefgh' * 4
    quoted = ipv4(icmp(8, 0, echo), src=B, dst=A)
    pk = [
        eth(ipv4(icmp(8, 0, echo))),
        eth(ipv4(icmp(8, 0, echo, bad=True))),
        (eth(ipv4(icmp(8, 0, echo))), 14 + 20 + 12),
        eth(ipv4(icmp(3, 1, b'\0\0\0\0' + quoted))),
        eth(ipv4(icmp(3, 1, b'\0\0\0\0' + quoted[:28]))),
        eth(ipv6(icmp6(128, 0, echo)), 0x86dd),
        eth(ipv6(icmp6(128, 0, echo, bad=True)), 0x86dd),
        (eth(ipv6(icmp6(128, 0, echo)), 0x86dd), 14 + 40 + 12),
        eth(ipv6(icmp6(1, 4, b'\0\0\0\0' + ipv6(icmp6(128, 0, echo, src=B6, dst=A6), src=B6, dst=A6))),
            0x86dd),
    ]
    cv = Conv(cport=40000, sport=4000, pkts=pk)
    cv.send(0, b'some data for the peer')
    segment = pk[-1][14:14 + 20 + 20 + 8]
    pk.append(eth(ipv4(icmp(3, 4, struct.pack('!HH', 0, 1400) + segment), src=bytes([10, 0, 0, 9]))))
    unknown = struct.pack('!HHIIBBHHH', 45000, 4001, 777, 888, 5 << 4, 0x18, 100, 0, 0)
    quoted_tcp = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 140, 1, 0, 64, 6, 0, A, bytes([10, 0, 0, 7]))
    pk.append(eth(ipv4(icmp(3, 4, struct.pack('!HH', 0, 1400) + quoted_tcp + unknown),
                       src=bytes([10, 0, 0, 9]))))
    cv.send(1, b'an answer')
    cv.close()
    ll, all_nodes = bytes.fromhex('fe800000000000000000000000000001'), bytes.fromhex('ff02' + '00' * 13 + '01')
    prefix = struct.pack('!BBBBII4s', 3, 4, 64, 0xc0, 0xffffffff, 3600, bytes(4)) + B6
    rdnss = [struct.pack('!BBHI', 25, 3, 0, life) + B6 for life in (0, 0xffffffff, 600)]
    route = struct.pack('!BBBBI', 24, 2, 64, 0x08, 0xffffffff) + bytes(8)
    ra = struct.pack('!BBHII', 64, 0x5c, 1800, 0, 0) + prefix + b''.join(rdnss) + route
    na = struct.pack('!I', 0xe0000000) + ll
    for t, m in ((134, ra), (136, na)):
        pk.append(eth(ipv6(icmp6(t, 0, m, src=ll, dst=all_nodes), src=ll, dst=all_nodes), 0x86dd))
    write_pcap(os.path.join(OUT, 'icmp-checksums.pcap'), pk)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Makes copies of the bench's base capture in which the clients have other addresses.

bench/make-big-capture.sh grows its recording to the target size by concatenating copies of it.
Copy K (K >= 1) gets its clients moved to another subnet, so that each copy's conversations are
distinct ones (other 5-tuples) rather than the same connections seen again:

  IPv4  198.18.1.X         -> 198.18.(1+K).X        (198.18.0.0/15: the benchmarking range)
  IPv6  2001:db8:0:1::X    -> 2001:db8:0:(1+K)::X   (2001:db8::/32: the documentation range)

The server (198.18.0.1, 2001:db8::1) and all MAC addresses stay. Addresses are rewritten in the
IPv4/IPv6 headers, in ARP and in ICMPv6 neighbour discovery targets, and every checksum that
covers them (IPv4 header, TCP, UDP, ICMPv6 pseudo-header) is updated incrementally (RFC 1624), so
the copies' checksums stay valid. Timestamps are left alone: the caller shifts them with editcap.

usage: rewrite-copies.py BASE.pcap OUT_TEMPLATE K [K ...]
       OUT_TEMPLATE contains "{k}", e.g. /tmp/copy-{k}.pcap

Only classic pcap with Ethernet link type (what tcpdump -w writes) is read.
"""

import struct
import sys

V4_NET = bytes([198, 18, 1])  # the first three octets of a base-capture client
V6_NET = bytes.fromhex("20010db800000001")  # the first 64 bits of a base-capture client


def plan(data):
    """Finds, once for the base file, every 16-bit word to move and every checksum to adjust.

    Returns (words, sums): words is a list of (offset, step), the word at offset grows by step*K in
    copy K; sums is a list of (offset, step, is_udp), the one's-complement checksum at offset
    covers words that grow by step*K in total (a UDP checksum of 0 means "none" and stays 0).
    """
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        sys.exit("rewrite-copies.py: not a classic pcap file")
    linktype = struct.unpack_from(endian + "I", data, 20)[0] & 0x0FFFFFFF
    if linktype != 1:
        sys.exit(f"rewrite-copies.py: link type {linktype}, only Ethernet (1) is handled")
    rec = struct.Struct(endian + "IIII")
    words, sums = [], []
    off, end = 24, len(data)
    while off + 16 <= end:
        _, _, caplen, _ = rec.unpack_from(data, off)
        pkt, off = off + 16, off + 16 + caplen
        if off > end:
            break  # a truncated last record: left as it is
        plan_frame(data, pkt, caplen, words, sums)
    return words, sums


def plan_frame(data, pkt, caplen, words, sums):
    lim = pkt + caplen
    if caplen < 14:
        return
    etype = (data[pkt + 12] << 8) | data[pkt + 13]
    l3 = pkt + 14
    if etype == 0x8100 and caplen >= 18:  # one VLAN tag
        etype = (data[pkt + 16] << 8) | data[pkt + 17]
        l3 = pkt + 18
    if etype == 0x0800:
        plan_ipv4(data, l3, lim, words, sums)
    elif etype == 0x86DD:
        plan_ipv6(data, l3, lim, words, sums)
    elif etype == 0x0806 and l3 + 28 <= lim:
        # Ethernet/IPv4 ARP: sender address at 14, target address at 24. No checksum.
        for a in (l3 + 14, l3 + 24):
            if data[a : a + 3] == V4_NET:
                words.append((a + 2, 0x100))


def plan_ipv4(data, ip, lim, words, sums):
    if ip + 20 > lim:
        return
    ihl = (data[ip] & 0x0F) * 4
    step = 0
    for a in (ip + 12, ip + 16):
        if data[a : a + 3] == V4_NET:
            # The third octet is the high byte of the address's second 16-bit word.
            words.append((a + 2, 0x100))
            step += 0x100
    if not step:
        return
    sums.append((ip + 10, step, False))
    proto = data[ip + 9]
    frag = ((data[ip + 6] << 8) | data[ip + 7]) & 0x1FFF
    l4 = ip + ihl
    if frag:
        return  # a later fragment carries no transport header
    if proto == 6 and l4 + 18 <= lim:
        sums.append((l4 + 16, step, False))
    elif proto == 17 and l4 + 8 <= lim:
        sums.append((l4 + 6, step, True))


def plan_ipv6(data, ip, lim, words, sums):
    if ip + 40 > lim:
        return
    step = 0
    for a in (ip + 8, ip + 24):
        if data[a : a + 8] == V6_NET:
            words.append((a + 6, 1))  # the fourth 16-bit group
            step += 1
    nh, l4 = data[ip + 6], ip + 40
    # Skip hop-by-hop, routing and destination options headers to reach the transport header.
    while nh in (0, 43, 60) and l4 + 8 <= lim:
        nh, l4 = data[l4], l4 + 8 + data[l4 + 1] * 8
    if nh == 58 and l4 + 24 <= lim and data[l4] in (135, 136):
        # Neighbour solicitation/advertisement: the target address follows the first 8 bytes.
        t = l4 + 8
        if data[t : t + 8] == V6_NET:
            words.append((t + 6, 1))
            step += 1
    if not step:
        return
    if nh == 6 and l4 + 18 <= lim:
        sums.append((l4 + 16, step, False))
    elif nh == 17 and l4 + 8 <= lim:
        sums.append((l4 + 6, step, True))
    elif nh == 58 and l4 + 4 <= lim:
        sums.append((l4 + 2, step, False))


def write_copy(data, words, sums, k, path):
    buf = bytearray(data)
    for off, step in words:
        v = ((buf[off] << 8) | buf[off + 1]) + step * k
        buf[off] = (v >> 8) & 0xFF
        buf[off + 1] = v & 0xFF
    for off, step, is_udp in sums:
        c = (buf[off] << 8) | buf[off + 1]
        if is_udp and c == 0:
            continue
        # RFC 1624: HC' = ~(~HC + m' - m); m' - m is step*K summed over the covered words.
        s = (~c & 0xFFFF) + step * k
        while s >> 16:
            s = (s & 0xFFFF) + (s >> 16)
        c = ~s & 0xFFFF
        if is_udp and c == 0:
            c = 0xFFFF
        buf[off] = c >> 8
        buf[off + 1] = c & 0xFF
    with open(path, "wb") as f:
        f.write(buf)


def main():
    if len(sys.argv) < 4 or "{k}" not in sys.argv[2]:
        sys.exit("usage: rewrite-copies.py BASE.pcap OUT_TEMPLATE K [K ...]")
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    words, sums = plan(data)
    for k in map(int, sys.argv[3:]):
        if not 1 <= k <= 254:
            sys.exit(f"rewrite-copies.py: copy number {k} out of 1..254")
        write_copy(data, words, sums, k, sys.argv[2].format(k=k))


if __name__ == "__main__":
    main()

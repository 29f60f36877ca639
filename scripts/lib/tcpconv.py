"""Hand-made TCP conversations and UDP datagrams for crafted fixtures (import it from
scripts/make-*-cases.py): Ethernet, IPv4 and TCP or UDP with correct checksums; for TCP a three-way
handshake, then the segments the script sends, each direction's sequence numbers kept; written as a
classic pcap, one frame a second."""
import struct


def checksum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


class Conv:
    """One TCP connection from 10.0.0.1:cport to 10.0.0.2:sport (direction 0 is the client's)."""

    def __init__(self, cport=40000, sport=80, pkts=None):
        self.pkts = [] if pkts is None else pkts
        self.seq = [1000, 5000]
        self.port = [cport, sport]
        self.ip = [bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])]
        self.send(0, b'', 0x02)
        self.seq[0] += 1
        self.send(1, b'', 0x12)
        self.seq[1] += 1
        self.send(0, b'', 0x10)

    def send(self, d, data, flags=0x18):
        ack = self.seq[1 - d] if flags & 0x10 else 0
        tcp = struct.pack('!HHIIBBHHH', self.port[d], self.port[1 - d], self.seq[d], ack, 5 << 4, flags,
                          65535, 0, 0) + data
        pseudo = self.ip[d] + self.ip[1 - d] + struct.pack('!BBH', 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack('!H', checksum(pseudo + tcp)) + tcp[18:]
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, self.ip[d], self.ip[1 - d])
        ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
        eth = b'\x02\0\0\0\0' + bytes([2 - d]) + b'\x02\0\0\0\0' + bytes([1 + d]) + b'\x08\x00'
        self.pkts.append(eth + ip + tcp)
        self.seq[d] += len(data) + (1 if flags & 0x01 else 0)

    def close(self):
        self.send(0, b'', 0x11)
        self.send(1, b'', 0x11)
        self.send(0, b'', 0x10)


def ipv4_packet(src, dst, proto, payload, ident=1, ttl=64, total=None):
    """An IPv4 packet (20-byte header, no flags, correct header checksum) carrying `payload`; its total
    length field says `total` when given (a packet quoted in part by an ICMP error), else its length."""
    length = 20 + len(payload) if total is None else total
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, length, ident, 0, ttl, proto, 0, bytes(src), bytes(dst))
    return ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:] + payload


def icmp_message(kind, code, rest, bad=False):
    """An ICMP (IPv4) message of `kind` and `code` whose header's last four bytes and body are `rest`,
    with its checksum (made wrong on purpose with `bad`)."""
    m = struct.pack('!BBH', kind, code, 0) + rest
    c = checksum(m) ^ (0x1234 if bad else 0)
    return m[:2] + struct.pack('!H', c) + m[4:]


def udp_datagram(src, dst, sport, dport, data, ident=1, ttl=64):
    """An Ethernet frame (broadcast when dst ends in 255) with one IPv4 UDP datagram."""
    src, dst = bytes(src), bytes(dst)
    udp = struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data
    pseudo = src + dst + struct.pack('!BBH', 0, 17, len(udp))
    udp = udp[:6] + struct.pack('!H', checksum(pseudo + udp) or 0xffff) + udp[8:]
    ip = ipv4_packet(src, dst, 17, udp, ident, ttl)[:20]
    mac_dst = b'\xff' * 6 if dst[3] == 255 else b'\x02\0\0\0\0' + dst[3:]
    return mac_dst + b'\x02\0\0\0\0' + src[3:] + b'\x08\x00' + ip + udp


def write_pcap(path, pkts, snaplen=65535):
    """Each packet is its bytes, or (bytes, captured length) for one the snapshot length cut."""
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, snaplen, 1))
        for i, p in enumerate(pkts):
            p, caplen = p if isinstance(p, tuple) else (p, len(p))
            f.write(struct.pack('<IIII', 1700000000 + i, 0, caplen, len(p)) + p[:caplen])

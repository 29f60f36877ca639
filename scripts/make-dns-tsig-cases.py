#!/usr/bin/env python3
"""Crafted DNS messages for tests/dns_tsig.rs (tshark 4.0's answers stored beside them by
scripts/dns-tsig-oracle.sh): TSIG records (hmac-sha256, a non-zero error, other data) and TKEY
records (Diffie-Hellman and deletion modes, key and other data, a time past 2038), and both cut inside
their fixed fields."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import udp_datagram, write_pcap  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/dns-tsig')
A, B = [10, 0, 0, 1], [10, 0, 0, 2]


def name(text):
    return b''.join(bytes([len(p)]) + p.encode() for p in text.split('.') if p) + b'\0'


def message(ident, additional, flags=0x0100):
    question = name('example.com') + struct.pack('!HH', 1, 1)
    return struct.pack('!HHHHHH', ident, flags, 1, 0, 0, len(additional)) + question + b''.join(additional)


def rr(owner, rtype, rdata, cls=255):
    return name(owner) + struct.pack('!HHIH', rtype, cls, 0, len(rdata)) + rdata


def tsig(alg, signed, fudge, mac, orig, error, other):
    return (name(alg) + struct.pack('!HIH', signed >> 32, signed & 0xffffffff, fudge)
            + struct.pack('!H', len(mac)) + mac + struct.pack('!HHH', orig, error, len(other)) + other)


def tkey(alg, inception, expiration, mode, error, key, other):
    return (name(alg) + struct.pack('!IIHHH', inception, expiration, mode, error, len(key)) + key
            + struct.pack('!H', len(other)) + other)


def main():
    os.makedirs(OUT, exist_ok=True)
    msgs = [
        message(1, [rr('key.example', 250, tsig('hmac-sha256', 1700000000, 300, b'\xab' * 32, 1, 0, b''))]),
        message(2, [rr('key.example', 250, tsig('hmac-md5.sig-alg.reg.int', 0x1_0000_0001, 60, b'\x01' * 16,
                                                 2, 18, b'\0\0\x65\x5a\x00\x00'))], flags=0x8105),
        message(3, [rr('tk.example', 249, tkey('diffie-hellman', 1700000000, 3000000000, 2, 0,
                                               b'\x99' * 20, b''))]),
        message(4, [rr('tk.example', 249, tkey('gss-tsig', 0, 0xffffffff, 5, 17, b'', b'\x01\x02'))]),
        message(5, [rr('tk.example', 249, tkey('x', 1, 2, 7, 21, b'\x42', b''))]),
    ]
    cut_tsig = message(6, [rr('key.example', 250, tsig('hmac-sha256', 1, 2, b'\xab' * 32, 1, 0, b''))])
    cut_tkey = message(7, [rr('tk.example', 249, tkey('gss-tsig', 1, 2, 3, 0, b'\x60\x03\x06\x01\x00', b''))])
    pk = [udp_datagram(A, B, 40000 + i, 53, m) for i, m in enumerate(msgs)]
    for m in (cut_tsig, cut_tkey):
        for cut in (len(m) - 40, len(m) - 20, len(m) - 3):
            pk.append(udp_datagram(A, B, 41000 + cut, 53, m[:cut]))
    write_pcap(os.path.join(OUT, 'dns-tsig.pcap'), pk)


if __name__ == '__main__':
    main()

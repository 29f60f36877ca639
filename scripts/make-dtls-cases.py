#!/usr/bin/env python3
"""Writes crates/wiresift/tests/data/dtls/dtls-crafted.pcap: DTLS datagrams tshark 4.0 was probed with,
each in a conversation of its own unless said: what the UDP heuristic takes and refuses (content types,
versions, record lengths that do or do not add up to the datagram, several records, headers the capture
cut), datagrams on the DTLS ports that hold no record, records of every content type, a Connection ID
record, empty records, several handshake messages in one record, a fragment that runs past its message,
a message put together from fragments that come out of order and overlap, a record longer than its
datagram, and datagrams cut by the snapshot length. Then scripts/dtls-fixture-oracle.sh stores tshark's
answers."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))
from tcpconv import udp_datagram, write_pcap  # noqa: E402

C, S = [10, 0, 0, 1], [10, 0, 0, 2]


def rec(ct, ver, epoch, seq, body, length=None):
    if length is None:
        length = len(body)
    return struct.pack('!BHH', ct, ver, epoch) + seq.to_bytes(6, 'big') + struct.pack('!H', length) + body


def hs(kind, body, seq, frag_off=0, frag_len=None, length=None):
    if length is None:
        length = len(body)
    part = body[frag_off:frag_off + (len(body) if frag_len is None else frag_len)]
    if frag_len is None:
        frag_len = len(part)
    return (struct.pack('!B', kind) + length.to_bytes(3, 'big') + struct.pack('!H', seq)
            + frag_off.to_bytes(3, 'big') + frag_len.to_bytes(3, 'big') + part)


# A DTLS 1.2 ClientHello body: version, random, empty session id, a cookie, two suites, null
# compression, extensions (supported_groups, ec_point_formats, an unknown one).
exts = (struct.pack('!HHH', 10, 6, 4) + struct.pack('!HH', 0x17, 0x1d)
        + struct.pack('!HHB', 11, 2, 1) + b'\0'
        + struct.pack('!HH', 0x1234, 3) + b'abc')
client_hello = (struct.pack('!H', 0xfefd) + bytes(range(32)) + b'\0' + b'\x08' + b'cookie!!'
                + struct.pack('!H', 4) + struct.pack('!HH', 0xc02b, 0xc02f) + b'\x01\x00'
                + struct.pack('!H', len(exts)) + exts)
app = rec(23, 0xfefd, 1, 0, b'x' * 20)

pkts = []
port = [30000]


def add(payload, dport=4400, cap=None, src=C, dst=S, sport=None):
    if sport is None:
        port[0] += 1
        sport = port[0]
    d = udp_datagram(src, dst, sport, dport, payload)
    pkts.append(d if cap is None else (d, 42 + cap))


# The heuristic (port 4400): content types 20..25 and DTLS versions taken, others not.
add(rec(22, 0xfefd, 0, 0, hs(1, client_hello, 0)))
add(app)
add(rec(21, 0xfefd, 0, 0, b'\x02\x28'))
add(rec(20, 0xfefd, 0, 0, b'\x01'))
add(rec(24, 0xfefd, 0, 0, b'\x01\x00\x01x'))
add(rec(25, 0xfefd, 0, 0, b'abc'))
add(rec(19, 0xfefd, 0, 0, b'abc'))
add(rec(23, 0xfeff, 1, 0, b'x' * 20))
add(rec(23, 0x0100, 1, 0, b'x' * 20))
add(rec(23, 0xfefc, 1, 0, b'x' * 20))
add(rec(23, 0x0303, 1, 0, b'x' * 20))
# Record lengths: longer or shorter than the datagram, several records, trailing bytes.
add(rec(23, 0xfefd, 1, 0, b'x' * 20, 30))
add(rec(23, 0xfefd, 1, 0, b'x' * 20, 10))
add(app + app + app)
add(app + b'xyz')
add(app + rec(19, 0xfefd, 1, 1, b'abc'))
add(app[:10])
add(rec(22, 0xfefd, 0, 0, b''))
add(rec(23, 0xfefd, 1, 0, b'') + app)
add(app + rec(23, 0xfefd, 1, 1, b''))
# Cut by the snapshot length: the heuristic reads what was captured.
add(app + app, cap=33 + 5)
add(app + app, cap=13)
add(app + app, cap=5)
add(rec(23, 0xfefd, 1, 0, b'x' * 20, 10), cap=20)
# The DTLS ports: bytes that are no record, records cut or too long, application data's protocol.
add(b'hello world garbage', dport=5684)
add(rec(19, 0xfefd, 1, 0, b'x' * 20), dport=5684)
add(rec(23, 0xfefd, 1, 0, b'x' * 20, 5), dport=5684)
add(rec(23, 0xfefd, 1, 0, b'x' * 20, 40), dport=5684)
for p in (853, 2221, 5868):
    add(app, dport=p)
    add(app, src=S, dst=C, sport=p, dport=port[0])
# Handshake records: two messages in one, an encrypted one, one of no known type, a fragment past its
# message's end, a message header the record cuts, a fragment longer than its record.
add(rec(22, 0xfefd, 0, 0, hs(14, b'', 4) + hs(14, b'', 5)))
add(rec(22, 0xfefd, 1, 0, b'\x00\x01\x00\x00\x00\x00\x00\x00' + b'\x55' * 32))
add(rec(22, 0xfefd, 0, 1, b'\x75' + b'\x55' * 32))
add(rec(22, 0xfefd, 0, 2, b'\x0b\x00\x00\x10\x00\x03\x00\x00\x08\x00\x00\x10' + b'\x55' * 16))
add(rec(22, 0xfefd, 0, 3, b'\x0e\x00\x00\x00\x00'))
add(rec(22, 0xfefd, 0, 4, hs(1, client_hello, 0, 0, 60)[:40]))
# One association: a ClientHello in three fragments, the last first, the middle one overlapping the
# first; then a HelloVerifyRequest, an alert in the clear and a heartbeat.
conv_port = 40000
n = len(client_hello)
add(rec(22, 0xfefd, 0, 0, hs(1, client_hello, 1, 50, n - 50)), sport=conv_port)
add(rec(22, 0xfefd, 0, 1, hs(1, client_hello, 1, 0, 30)), sport=conv_port)
add(rec(22, 0xfefd, 0, 2, hs(1, client_hello, 1, 20, 30)), sport=conv_port)
add(rec(22, 0xfeff, 0, 0, hs(3, struct.pack('!HB', 0xfeff, 4) + b'ckie', 0)),
    src=S, dst=C, sport=4400, dport=conv_port)
add(rec(21, 0xfefd, 0, 3, b'\x01\x00') + rec(24, 0xfefd, 0, 4, b'\x02\x00\x03abc' + b'\0' * 16),
    sport=conv_port)
# The same ClientHello whole, cut by the snapshot length at several places.
whole = rec(22, 0xfefd, 0, 0, hs(1, client_hello, 0))
for cap in (14, 25, 40, 60, len(whole) - 3):
    add(whole, cap=cap)
# Vectors longer than their message (cipher suites, compression methods, session id), an extension
# list and an extension running past their ends, a message put together from fragments whose body is
# one of these, and a datagram on a DTLS port that is no DTLS 1.2 record.
hello = struct.pack('!H', 0xfefd) + bytes(range(32)) + b'\0' + b'\0'
add(rec(22, 0xfefd, 0, 0, hs(1, hello + struct.pack('!HH', 40, 0xc02b), 0)))
add(rec(22, 0xfefd, 0, 0, hs(1, hello + struct.pack('!HH', 2, 0xc02b) + b'\x09\0', 0)))
add(rec(22, 0xfefd, 0, 0, hs(1, struct.pack('!H', 0xfefd) + bytes(range(32)) + b'\x30\0', 0)))
add(rec(22, 0xfefd, 0, 0, hs(1, hello + struct.pack('!HH', 2, 0xc02b) + b'\x01\0'
                              + struct.pack('!H', 10) + struct.pack('!HHHHH', 10, 20, 4, 0x17, 0x1d), 0)))
add(rec(22, 0xfefd, 0, 0, hs(1, hello + struct.pack('!HH', 2, 0xc02b) + b'\x01\0'
                              + struct.pack('!H', 7) + struct.pack('!HH', 0x1234, 30) + b'abc', 0)))
bad = hello + struct.pack('!HH', 40, 0xc02b)
for i, (o, n) in enumerate([(0, 30), (30, len(bad) - 30)]):
    add(rec(22, 0xfefd, 0, i, hs(1, bad, 0, o, n)), sport=40100)
add(b'\x2f\x12\x34\x00\x10' + b'z' * 16, dport=5684)
# A vector too long for its extension (the hello goes on), and for its Certificate message.
groups = struct.pack('!HHH', 10, 6, 20) + struct.pack('!HH', 0x17, 0x1d)
add(rec(22, 0xfefd, 0, 0, hs(1, hello + struct.pack('!HH', 2, 0xc02b) + b'\x01\0'
                              + struct.pack('!H', len(groups)) + groups, 0)))
add(rec(22, 0xfefd, 0, 0, hs(11, (100).to_bytes(3, 'big') + (300).to_bytes(3, 'big') + b'\x30' * 94, 2)),
    src=S, dst=C, sport=4400)
# Extensions too short for what they hold: no room for a vector's length (the hello goes on), a
# value cut (an exception: malformed), an inner vector longer than its list.
for ext in (struct.pack('!HH', 10, 1) + b'\0', struct.pack('!HH', 28, 1) + b'\0',
            struct.pack('!HH', 16, 5) + b'\0\x03\x05ab'):
    add(rec(22, 0xfefd, 0, 0, hs(1, hello + struct.pack('!HH', 2, 0xc02b) + b'\x01\0'
                                  + struct.pack('!H', len(ext)) + ext, 0)))

out = os.path.join(os.path.dirname(__file__), '..', 'crates', 'wiresift', 'tests', 'data', 'dtls',
                   'dtls-crafted.pcap')
write_pcap(out, pkts)
print(f'{out}: {len(pkts)} datagrams')

#!/usr/bin/env python3
"""Writes crates/wiresift/tests/data/browser/browser-crafted.pcap: NetBIOS datagrams (UDP port 138)
that Samba's nmbd does not send in the recorded fixture (scripts/record-browser-fixture.sh): the other
datagram types (unique, broadcast, error, query), every browser command, every server type bit, SMB
header flags and error codes, long durations, another mailslot, and datagrams cut at the end of the
data or by the snapshot length. Then scripts/browser-fixture-oracle.sh writes tshark's answers.

usage: make-browser-cases.py [OUTDIR]
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))
from tcpconv import udp_datagram, write_pcap  # noqa: E402

A, B, BCAST = (10, 84, 0, 1), (10, 84, 0, 2), (10, 84, 0, 255)


def nb_name(name, suffix, scope=b''):
    """A NetBIOS name in its first-level encoding (RFC 1001 14.1), with an optional scope."""
    raw = name.ljust(15)[:15].encode() + bytes([suffix])
    enc = bytes([0x20]) + bytes(c for b in raw for c in (0x41 + (b >> 4), 0x41 + (b & 15)))
    for label in scope.split(b'.') if scope else []:
        enc += bytes([len(label)]) + label
    return enc + b'\0'


def smb_trans(data, name=b'\\MAILSLOT\\BROWSE', flags=0, flags2=0, err=(0, 0), timeout=1000,
              setup=(1, 1, 2), tflags=0):
    """An SMB Trans request carrying a mailslot write of `data`."""
    header = (b'\xffSMB' + struct.pack('<BBBHBH', 0x25, err[0], 0, err[1], flags, flags2)
              + b'\0' * 12 + struct.pack('<HHHH', 0, 0, 0, 0))
    name = name + b'\0'
    words = 14 + len(setup)
    data_offset = 32 + 1 + 2 * words + 2 + len(name)
    params = struct.pack('<HHHHBBHIHHHHHBB', 0, len(data), 0, 0, 0, 0, tflags, timeout, 0, 0, 0,
                         len(data), data_offset, len(setup), 0)
    params += b''.join(struct.pack('<H', s) for s in setup)
    return header + bytes([words]) + params + struct.pack('<H', len(name) + len(data)) + name + data


def dgram(body, kind=0x11, src=A, flags=0x0a, dst_name=('FIXTUREWG', 0x1d), src_name=('ALPHA', 0),
          ident=0x7000, length=None, offset=0):
    """A NetBIOS datagram service message of type `kind` from `src` port 138."""
    if kind in (0x10, 0x11, 0x12):
        names = nb_name(*src_name) + nb_name(*dst_name)
        rest = names + body
        head = struct.pack('!HH', len(rest) if length is None else length, offset)
    elif kind == 0x13:
        rest, head = body, b''
    else:
        rest, head = nb_name(*dst_name), b''
    return struct.pack('!BBH4sH', kind, flags, ident, bytes(src), 138) + head + rest


def announce(cmd=1, name=b'ALPHA', major=6, minor=1, stype=0x00819a03, period=60000, count=0,
             comment=b'Fixture alpha'):
    """A host, local master or domain announcement."""
    return (struct.pack('<BBI', cmd, count, period) + name.ljust(16, b'\0') + bytes([major, minor])
            + struct.pack('<IBBH', stype, 15, 1, 0xaa55) + comment + b'\0')


def election(desire=0x0a, os_bits=0x41, uptime=6000, name=b'ALPHA'):
    return struct.pack('<BBBBBBII', 8, 1, desire, 15, 1, os_bits, uptime, 0) + name + b'\0'


def frame(body, **kw):
    dst = kw.pop('dst', BCAST)
    return udp_datagram(kw.get('src', A), dst, 138, 138, dgram(body, **kw))


pkts = []
# Datagram types: unique to one host, broadcast (no destination name), error, query and responses.
pkts.append(udp_datagram(A, B, 138, 138, dgram(smb_trans(announce()), kind=0x10, flags=0x02,
                                                dst_name=('BRAVO', 0x20))))
pkts.append(frame(smb_trans(announce(cmd=0x0f, stype=0x00849a03)), kind=0x12, flags=0x06))
pkts.append(udp_datagram(B, A, 138, 138, dgram(b'\x82', kind=0x13, src=B)))
for kind in (0x14, 0x15, 0x16, 0x20):
    pkts.append(udp_datagram(A, B, 138, 138, dgram(b'', kind=kind, dst_name=('BRAVO', 0x20))))
# A scope on the names; a datagram that says it is not the first fragment.
pkts.append(frame(smb_trans(announce()), flags=0x09, src_name=('ALPHA', 0, b'FIXTURE.TEST'),
                  ident=0x7001))
# Every command: announcements, requests, elections, backup lists, promotion, reset.
pkts.append(frame(smb_trans(struct.pack('<B', 2) + b'\x00RESPONDER\0')))
pkts.append(frame(smb_trans(election(desire=0xff, os_bits=0xff, uptime=90061001, name=b'BRAVO'))))
pkts.append(frame(smb_trans(struct.pack('<BBI', 9, 4, 77))))
pkts.append(frame(smb_trans(struct.pack('<BBI', 10, 2, 77) + b'ALPHA\0BRAVO\0')))
pkts.append(frame(smb_trans(b'\x0bBRAVO\0')))
pkts.append(frame(smb_trans(announce(cmd=0x0c, name=b'FIXTUREWG', stype=0x80001000,
                                     comment=b'ALPHA'))))
pkts.append(frame(smb_trans(b'\x0dALPHA\0')))
for reset in (1, 2, 4, 7):
    pkts.append(frame(smb_trans(bytes([0x0e, reset]))))
pkts.append(frame(smb_trans(b'\x20\x01\x02\x03')))
# Every server type bit, durations in milliseconds, old and unknown Windows versions.
pkts.append(frame(smb_trans(announce(stype=0xffffffff, period=123456, major=5, minor=0))))
pkts.append(frame(smb_trans(announce(stype=0, period=500, major=4, minor=10, count=9))))
pkts.append(frame(smb_trans(announce(stype=0x0000c000, period=0, major=10, minor=0))))
pkts.append(frame(smb_trans(announce(stype=0x3f000000, period=3600000, major=99, minor=7))))
# SMB header: every flag but response, NT status and Unicode, errors, timeouts "wait indefinitely" and more, a
# one-way transaction.
pkts.append(frame(smb_trans(announce(), flags=0x7f, flags2=0x3fff, err=(1, 2), timeout=0xffffffff,
                            tflags=3)))
pkts.append(frame(smb_trans(announce(), err=(2, 1), timeout=2500)))
pkts.append(frame(smb_trans(announce(), err=(3, 19), timeout=0)))
# Another mailslot, and a mailslot name nothing follows.
pkts.append(frame(smb_trans(b'\x12\x00\x34\x56', name=b'\\MAILSLOT\\FIXTURE')))
pkts.append(frame(smb_trans(b'', name=b'\\MAILSLOT\\BROWSE')))
# Cut: a comment without its terminator (the data count then runs past the datagram), a host name
# cut, the SMB header cut, names cut; the IP and UDP lengths say what is left.
def cut(frame, n):
    part = frame[:n]
    return (part[:16] + struct.pack('!H', n - 14) + part[18:38] + struct.pack('!H', n - 34) + b'\0\0'
            + part[42:])


whole = frame(smb_trans(announce()))
for n in (len(whole) - 1, 14 + 20 + 8 + 82 + 60, 14 + 20 + 8 + 82 + 20, 14 + 20 + 8 + 50, 14 + 20 + 8 + 8):
    pkts.append(cut(whole, n))
for keep in (14 + 20 + 8 + 82 + 40, 14 + 20 + 8 + 82 + 100):
    pkts.append((whole, keep))

out = sys.argv[1] if len(sys.argv) > 1 else 'crates/wiresift/tests/data/browser'
os.makedirs(out, exist_ok=True)
write_pcap(os.path.join(out, 'browser-crafted.pcap'), pkts)
print(f'browser-crafted: {len(pkts)} frames')

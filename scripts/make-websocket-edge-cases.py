#!/usr/bin/env python3
"""Writes the hand-made WebSocket edge cases of crates/wiresift/tests/data/http/ (websocket-edge-*.pcap):
what real peers do not send but tshark must be matched on. One TCP conversation each, after a handshake:
- frames: fragments of both directions interleaved, a ping inside a fragmented message, three
  fragments, a frame across segments completed with a whole frame after it, three frames in one
  segment, a header cut in three segments, an unknown opcode, Close frames with and without a reason;
- segments: the 101 and the server's first frame in one segment, frames across segments with the
  start of the next frame after them;
- deflate: permessage-deflate with and without context takeover, a compressed message in fragments,
  data that is not deflate, a lone final continuation and a first fragment in the middle of a message.
Then scripts/http-fixture-oracle.sh writes tshark's answers.

usage: make-websocket-edge-cases.py [OUTDIR]
"""
import struct, sys, os, zlib

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b)//2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def mask(payload, key=b'\x12\x34\x56\x78'):
    return bytes(b ^ key[i % 4] for i, b in enumerate(payload))

def frame(opcode, payload=b'', fin=True, masked=False, rsv=0, key=b'\x12\x34\x56\x78'):
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload)
    m = 0x80 if masked else 0
    if n < 126: h = bytes([b0, m | n])
    elif n < 65536: h = bytes([b0, m | 126]) + struct.pack('!H', n)
    else: h = bytes([b0, m | 127]) + struct.pack('!Q', n)
    if masked: return h + key + mask(payload, key)
    return h + payload

class Conv:
    def __init__(self, cport=40000, sport=80):
        self.pkts = []
        self.seq = [1000, 5000]
        self.port = [cport, sport]
        self.ip = [bytes([10,0,0,1]), bytes([10,0,0,2])]
        self.t = 0
        self.send(0, b'', 0x02); self.seq[0] += 1
        self.send(1, b'', 0x12); self.seq[1] += 1
        self.send(0, b'', 0x10)
    def send(self, d, data, flags=0x18, seq=None):
        s = self.seq[d] if seq is None else seq
        ack = self.seq[1-d] if flags & 0x10 else 0
        tcp = struct.pack('!HHIIBBHHH', self.port[d], self.port[1-d], s, ack, 5 << 4, flags, 65535, 0, 0) + data
        pseudo = self.ip[d] + self.ip[1-d] + struct.pack('!BBH', 0, 6, len(tcp))
        c = csum(pseudo + tcp)
        tcp = tcp[:16] + struct.pack('!H', c) + tcp[18:]
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, self.ip[d], self.ip[1-d])
        ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
        eth = b'\x02\0\0\0\0' + bytes([2 - d]) + b'\x02\0\0\0\0' + bytes([1 + d]) + b'\x08\x00'
        self.pkts.append(eth + ip + tcp)
        if seq is None: self.seq[d] += len(data)
    def write(self, path):
        with open(path, 'wb') as f:
            f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
            for i, p in enumerate(self.pkts):
                f.write(struct.pack('<IIII', 1700000000 + i, 0, len(p), len(p)) + p)

GET = (b'GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
       b'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n')
R101 = (b'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
        b'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kK3YxRzZ+xOo=\r\n\r\n')


out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../crates/wiresift/tests/data/http')


def deflate(data, co):
    out = co.compress(data) + co.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b'\x00\x00\xff\xff')
    return out[:-4]


def frames():
    c = Conv()
    c.send(0, GET); c.send(1, R101 + frame(1, b'hi'))
    # A: interleaved fragments both directions
    c.send(0, frame(1, b'Hel', fin=False, masked=True))
    c.send(1, frame(2, b'ab', fin=False))
    c.send(0, frame(9, b'p', masked=True))
    c.send(0, frame(0, b'lo', fin=True, masked=True))
    c.send(1, frame(0, b'cd', fin=True))
    # B: three fragments
    c.send(0, frame(1, b'one ', fin=False, masked=True))
    c.send(0, frame(0, b'two ', fin=False, masked=True))
    c.send(0, frame(0, b'three', fin=True, masked=True))
    # C: a frame across segments, the completing segment with a whole frame too
    big = frame(1, b'x' * 300)
    c.send(1, big[:100])
    c.send(1, big[100:] + frame(2, b'\x01\x02'))
    # three whole frames in one segment
    c.send(1, frame(1, b'a') + frame(1, b'b') + frame(10, b''))
    # held only: frame header split
    f2 = frame(1, b'y' * 200)
    c.send(1, f2[:1]); c.send(1, f2[1:3]); c.send(1, f2[3:])
    # unknown opcode and close with reason
    c.send(1, frame(3, b'zz'))
    c.send(1, frame(8, b'\x03\xe8bye'))
    c.send(1, frame(8, b'\x03'))
    c.send(1, frame(8, b''))
    c.write(out + '/websocket-edge-frames.pcap')



def segments():
    c = Conv()
    f = frame(1, b'z' * 50)
    c.send(0, GET); c.send(1, R101 + f[:10])
    c.send(1, f[10:] + frame(1, b'w'*40)[:5])
    c.send(1, frame(1, b'w'*40)[5:] )
    c.send(1, frame(2, b'k') + frame(1, b'v'*30)[:7])
    c.send(1, frame(1, b'v'*30)[7:])
    c.write(out + '/websocket-edge-segments.pcap')



def deflated():
    c = Conv()
    c.send(0, GET.replace(b'\r\n\r\n', b'\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n'))
    c.send(1, R101.replace(b'\r\n\r\n', b'\r\nSec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n\r\n'))
    sco = zlib.compressobj(9, zlib.DEFLATED, -15)
    c.send(1, frame(1, deflate(b'hello hello hello', sco), rsv=4))
    c.send(1, frame(1, deflate(b'hello hello hello again', sco), rsv=4))
    c.send(1, frame(1, b'plain'))
    cco = zlib.compressobj(9, zlib.DEFLATED, -15)
    c.send(0, frame(1, deflate(b'client says hi', cco), rsv=4, masked=True))
    cco = zlib.compressobj(9, zlib.DEFLATED, -15)
    c.send(0, frame(2, deflate(b'client says hi', cco), rsv=4, masked=True))
    # fragmented compressed
    d = deflate(b'fragmented compressed message', sco)
    c.send(1, frame(1, d[:5], fin=False, rsv=4))
    c.send(1, frame(0, d[5:], fin=True))
    # garbage compressed
    c.send(1, frame(1, b'\xff\xff\xff\xff', rsv=4))
    c.send(1, frame(1, deflate(b'after garbage', sco), rsv=4))
    # lone continuation FIN; new first fragment mid message
    c.send(0, frame(0, b'lone', masked=True))
    c.send(0, frame(1, b'A', fin=False, masked=True))
    c.send(0, frame(1, b'B', fin=False, masked=True))
    c.send(0, frame(0, b'C', fin=True, masked=True))
    c.write(out + '/websocket-edge-deflate.pcap')



frames()
segments()
deflated()

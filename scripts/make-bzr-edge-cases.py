#!/usr/bin/env python3
"""Writes crates/wiresift/tests/data/bzr/bzr-crafted.pcap: Bazaar smart-protocol messages on TCP port
4155 that a real server (scripts/record-bzr-fixture.sh) does not send but tshark must be matched on,
one connection each: a message in several segments, two messages in one segment, a version line ended
by CR LF, unknown part kinds, every bencode form (integers, negative and invalid ones, nested lists
and dictionaries, a string whose length runs past its structure, nesting deeper than ten) and streams
that never complete a message (no line end, a header length past the data, a length cut in two).
Then scripts/bzr-fixture-oracle.sh writes tshark's answers.

usage: make-bzr-edge-cases.py [OUTDIR]
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

V3 = b'bzr message 3 (bzr 1.6)\n'


def prefixed(b):
    return struct.pack('!I', len(b)) + b


def message(headers, *parts, version=V3):
    out = version + prefixed(headers)
    for kind, body in parts:
        out += kind
        if kind in (b's', b'b'):
            out += prefixed(body)
        elif kind == b'o':
            out += body
    return out + b'e'


HDR = b'd16:Software version5:3.3.2e'
pkts = []


def conv(port):
    return Conv(cport=port, sport=4155, pkts=pkts)


# A request in three segments, then the answer in one.
c = conv(41001)
m = message(HDR, (b's', b'l15:BzrDir.open_2.16:trunk/e'))
c.send(0, m[:10])
c.send(0, m[10:40])
c.send(0, m[40:])
c.send(1, message(HDR, (b'o', b'S'), (b's', b'l2:oke'), (b'b', b'some bytes'), (b'b', b'')))
# Two messages in one segment, then a message and the start of the next.
c.send(0, message(HDR, (b's', b'li42ei-7ei0ee')) + message(HDR, (b's', b'd1:ai1e1:bl1:xee')))
nxt = message(HDR, (b'o', b'E'), (b's', b'l5:errore'))
c.send(1, message(HDR, (b's', b'le')) + nxt[:12])
c.send(1, nxt[12:])
c.close()
# A version line ended by CR LF, unknown part kinds, an empty header structure.
c = conv(41002)
c.send(0, message(b'de', (b's', b'l3:fooe'), version=b'bzr request 2\r\n'))
c.send(0, V3 + prefixed(b'de') + b'x\x01\nz' + b'e')
c.send(1, message(b'', (b's', b'')))
c.close()
# Bencode forms: invalid integers, a string past its end, bad keys and values, deep nesting, a
# non-bencode byte, leading zeros, and a structure that ends early.
c = conv(41003)
for s in [b'i-0e', b'i03e', b'i12', b'ie', b'l5:abce', b'd3:keyi1e2:kee', b'di1e1:ae', b'd1:a',
          b'l' * 12 + b'e' * 12, b'x', b'05:abcde', b'i2147483647e', b'i-2147483648e', b'l4:spam4:eggse',
          b'd4:spaml1:a1:bee', b'd3:cow3:moo4:spam4:eggse', b'l:e', b'0:', b'li1eXe']:
    c.send(0, message(HDR, (b's', s)))
c.close()
# Streams that never complete a message.
c = conv(41004)
c.send(0, b'no line end here')
c.send(0, b' still none')
c.close()
c = conv(41005)
c.send(0, V3 + struct.pack('!I', 1000) + b'd')
c.close()
c = conv(41006)
c.send(0, V3 + b'\x00\x00')
c.close()
c = conv(41007)
c.send(0, V3 + prefixed(HDR) + b's' + struct.pack('!I', 500) + b'l')
c.close()

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__),
                                                          '../crates/wiresift/tests/data/bzr')
write_pcap(os.path.join(out, 'bzr-crafted.pcap'), pkts)

#!/usr/bin/env python3
"""Writes crates/wiresift/tests/data/ymsg/ymsg-crafted.pcap: Yahoo Messenger YMSG messages (no client
or server of the protocol exists any more, so they are made by hand after zeek/smtp.pcap's keep-alive):
content lines of one and several pairs, unknown service and status, two messages in one segment, a
message across two segments, a value without its delimiter (which runs past the message), and a YMSG
message on port 80 (HTTP's, which tshark tries first). Then scripts/ymsg-fixture-oracle.sh writes
tshark's answers.

usage: make-ymsg-cases.py [OUTDIR]
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

D = b'\xc0\x80'


def ymsg(service, status, content, session=0xb7374000, version=16, vendor=0):
    header = struct.pack('!HHHHI', version, vendor, len(content), service, status)
    return b'YMSG' + header + struct.pack('<I', session) + content


pkts = []
c = Conv(cport=49285, sport=5050, pkts=pkts)
c.send(0, ymsg(138, 0, b'0' + D + b'albertzaharovits' + D))
c.send(1, ymsg(6, 1, b'1' + D + b'bob' + D + b'5' + D + b'alice' + D + b'14' + D + b'hi there' + D))
c.send(0, ymsg(0xffff, 0x12345, b''))
c.send(0, ymsg(87, 5, b'1' + D + b'x' + D) + ymsg(76, 0, b'k' + D))
m = ymsg(6, 0, b'1' + D + b'bob' + D + b'14' + D + b'long message ' * 5 + D)
c.send(1, m[:15])
c.send(1, m[15:])
c.send(0, ymsg(6, 0, b'1' + D + b'nodelim'))
c.send(0, ymsg(6, 22, b'1' + D + b'tab\there' + D + b'' + D + b'empty key' + D))
c.close()
c = Conv(cport=49300, sport=80, pkts=pkts)
c.send(0, ymsg(138, 0, b'0' + D + b'x' + D))
c.close()

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__),
                                                          '../crates/wiresift/tests/data/ymsg')
write_pcap(os.path.join(out, 'ymsg-crafted.pcap'), pkts)

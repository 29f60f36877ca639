#!/usr/bin/env python3
"""Crafted SSLv2 handshakes for tests/sslv2_crafted.rs (tshark 4.0's answers stored beside them by
scripts/sslv2-oracle.sh): ClientHellos with and without a session id and with SSLv2, TLS and unknown
cipher specs, a ServerHello without a certificate, a ClientMasterKey with clear and encrypted key
data and a key argument, then encrypted records, and a ClientHello cut inside its lists."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/sslv2')


def record(body):
    return struct.pack('!H', 0x8000 | len(body)) + body


def client_hello(specs, sid, challenge):
    return record(struct.pack('!BHHHH', 1, 0x0002, len(specs), len(sid), len(challenge)) + specs
                  + sid + challenge)


def main():
    os.makedirs(OUT, exist_ok=True)
    specs = bytes.fromhex('0700c0000004' '00002f080080' 'ffe000010080' '020080030080' '040080050080'
                          '060040')
    pk = []
    cv = Conv(cport=40000, sport=443, pkts=pk)
    cv.send(0, client_hello(specs, b'\x11' * 16, b'\x22' * 16))
    server_specs = bytes.fromhex('0700c0010080')
    cv.send(1, record(struct.pack('!BBBHHHH', 4, 1, 1, 0x0002, 0, len(server_specs), 16)
                      + server_specs + b'\x33' * 16))
    cv.send(0, record(struct.pack('!BBBBHHH', 2, 0x07, 0x00, 0xc0, 4, 8, 8) + b'\x44' * 20))
    cv.send(1, b'\x80\x21' + b'\x55' * 33)
    cv.send(0, b'\x00\x21\x03' + b'\x66' * 33)
    cv.close()
    cv = Conv(cport=40001, sport=443, pkts=pk)
    cv.send(0, client_hello(b'\x01\x00\x80', b'', b'\x77' * 16))
    cv.close()
    cv = Conv(cport=40002, sport=443, pkts=pk)
    hello = client_hello(specs, b'', b'\x22' * 16)
    cv.send(0, hello[:20])
    cv.close()
    write_pcap(os.path.join(OUT, 'sslv2.pcap'), pk)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""DHCP replies with vendor-specific information (option 43) for tests/dhcp_vendor.rs (tshark 4.0's
answers stored by scripts/dhcp-vendor-oracle.sh): Wireshark reads option 43 by the vendor class
identifier (option 60) of the same message, wherever that option stands. Aruba access points (class
"ArubaAP": the controller's address as text) and Instant access points ("ArubaInstantAP": name and
organisation, AirWave address and password, comma-separated, some parts missing), a class no reader
knows, and option 43 without any class."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import udp_datagram, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/dhcp-vendor')


def opt(code, value):
    return bytes([code, len(value)]) + value


def offer(xid, options):
    """A DHCP offer from 10.0.0.1 to 10.0.0.50 with `options` (raw bytes) after the message type."""
    mac = bytes([0x02, 0, 0, 0, 0, 0x50])
    hdr = struct.pack('!BBBBIHH4s4s4s4s16s64s128s', 2, 1, 6, 0, xid, 0, 0, bytes(4),
                      bytes([10, 0, 0, 50]), bytes([10, 0, 0, 1]), bytes(4), mac + bytes(10),
                      bytes(64), bytes(128))
    body = hdr + bytes([99, 130, 83, 99]) + opt(53, b'\x02') + opt(54, bytes([10, 0, 0, 1])) + options + b'\xff'
    return udp_datagram([10, 0, 0, 1], [10, 0, 0, 50], 67, 68, body)


cases = [
    opt(43, b'172.18.6.37') + opt(60, b'ArubaAP'),
    opt(60, b'ArubaAP') + opt(43, b'10.1.2.3'),
    opt(60, b'ArubaAP-extra') + opt(43, b'10.1.2.3'),
    opt(60, b'ArubaInstantAP') + opt(43, b'branch-7,10.9.8.7,s3cret'),
    opt(43, b'branch-7,10.9.8.7') + opt(60, b'ArubaInstantAP'),
    opt(60, b'ArubaInstantAP') + opt(43, b'nocommas'),
    opt(60, b'ArubaInstantAP') + opt(43, b',,'),
    opt(60, b'MSFT 5.0') + opt(43, b'\x01\x04\x00\x00\x00\x01'),
    opt(43, b'\x01\x04\x00\x00\x00\x01'),
]
os.makedirs(OUT, exist_ok=True)
write_pcap(os.path.join(OUT, 'dhcp-vendor.pcap'), [offer(0x1000 + i, c) for i, c in enumerate(cases)])

#!/usr/bin/env python3
"""Writes crates/wiresift/tests/data/ppp/ppp-control.pcap: PPP control messages (LCP, IPCP, IPv6CP, PAP,
CHAP) of every code, with every option type their dissectors know, unknown codes and options, bad option
lengths and messages cut short, on a LINKTYPE_PPP link (HDLC-like framing) and in PPPoE sessions.

No PPP implementation runs here (the kernel has no PPP support, so pppd cannot start): the messages are
built by hand from RFC 1661 (LCP), 1332 and 1877 (IPCP), 5072 (IPv6CP), 1334 (PAP), 1994 (CHAP), 1570
(LCP extensions) and 1990 (multilink). The expected output beside it is tshark 4.0 reading this file
(scripts/ppp-control-oracle.sh)."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates/wiresift/tests/data/ppp")


def opt(t, body=b""):
    return bytes([t, 2 + len(body)]) + body


def cp(code, ident, body=b"", length=None):
    n = 4 + len(body) if length is None else length
    return struct.pack(">BBH", code, ident, n) + body


def hdlc(proto, msg):
    return b"\xff\x03" + struct.pack(">H", proto) + msg


def pppoe(proto, msg, pad_to=60):
    ppp = struct.pack(">H", proto) + msg
    frame = (b"\xca\x01\x0e\x88\x00\x06\xcc\x05\x0e\x88\x00\x00\x88\x64"
             + struct.pack(">BBHH", 0x11, 0, 0x0011, len(ppp)) + ppp)
    return frame + b"\x00" * max(0, pad_to - len(frame))


LCP, IPCP, IPV6CP, PAP, CHAP = 0xC021, 0x8021, 0x8057, 0xC023, 0xC223
ppp_frames = []  # LINKTYPE_PPP (9)
eth_frames = []  # Ethernet, PPPoE session

# LCP Configure-Request with every option it knows.
lcp_options = [
    opt(1, struct.pack(">H", 1500)),
    opt(2, struct.pack(">I", 0x000A0000)),
    opt(3, struct.pack(">H", PAP)),
    opt(3, struct.pack(">HB", CHAP, 5)),
    opt(3, struct.pack(">HB", CHAP, 0x81)),
    opt(3, struct.pack(">H", 0xC227)),
    # Not the Link Quality Report (0xc025): tshark 4.0 throws on its reporting period.
    opt(4, struct.pack(">H", 0x1234)),
    opt(5, struct.pack(">I", 0x1A2B3C4D)),
    opt(7),
    opt(8),
    opt(9, b"\x05"),
    opt(10, b"\x01"),
    opt(11, b"\x04\x08\x01"),
    opt(13, b"\x06"),
    opt(13, b"\x01abc"),
    opt(17, struct.pack(">H", 1524)),
    opt(18),
    opt(19, b"\x01\x0a\x00\x00\x01"),
    opt(19, b"\x03\x02\x00\x00\x00\x00\x01"),
    opt(23, struct.pack(">H", 7)),
    opt(28, struct.pack(">I", 106) + b"en-US"),
    opt(0, b"\x00\x00\x0c\x01\x99"),
    opt(99, b"\xde\xad"),
]
lcp_all = b"".join(lcp_options)
ppp_frames.append(hdlc(LCP, cp(1, 1, lcp_all)))
# Each option alone too, so that one tshark takes for malformed does not hide the others.
for o in lcp_options:
    ppp_frames.append(hdlc(LCP, cp(4, 0x40, o)))
ppp_frames.append(hdlc(LCP, cp(2, 1, opt(1, struct.pack(">H", 1492)) + opt(5, struct.pack(">I", 7)))))
ppp_frames.append(hdlc(LCP, cp(3, 2, opt(1, struct.pack(">H", 1500)))))
ppp_frames.append(hdlc(LCP, cp(4, 3, opt(7) + opt(8))))
ppp_frames.append(hdlc(LCP, cp(5, 4, b"User request")))
ppp_frames.append(hdlc(LCP, cp(5, 4)))
ppp_frames.append(hdlc(LCP, cp(6, 4)))
ppp_frames.append(hdlc(LCP, cp(7, 5, cp(0x20, 9, b"\x01\x02"))))
ppp_frames.append(hdlc(LCP, cp(8, 6, struct.pack(">H", IPV6CP) + cp(1, 1, opt(1, bytes(8))))))
ppp_frames.append(hdlc(LCP, cp(8, 6, struct.pack(">H", 0x1234) + b"\x01\x02")))
ppp_frames.append(hdlc(LCP, cp(9, 7, struct.pack(">I", 0x11223344) + b"ping")))
ppp_frames.append(hdlc(LCP, cp(10, 7, struct.pack(">I", 0x55667788))))
ppp_frames.append(hdlc(LCP, cp(11, 8, struct.pack(">I", 0x55667788) + b"\x00\x01")))
ppp_frames.append(hdlc(LCP, cp(12, 9, struct.pack(">I", 0x01020304) + b"ppp-2.4.9")))
ppp_frames.append(hdlc(LCP, cp(13, 10, struct.pack(">II", 0x01020304, 3600) + b"left")))
ppp_frames.append(hdlc(LCP, cp(0x20, 11, b"\x01\x02\x03")))
# Bad option lengths and messages cut short.
ppp_frames.append(hdlc(LCP, cp(1, 12, bytes([1, 3, 5]) + opt(5, struct.pack(">I", 1)))))
ppp_frames.append(hdlc(LCP, cp(1, 13, bytes([5, 1]) + b"\x00\x00")))
ppp_frames.append(hdlc(LCP, cp(1, 14, bytes([1, 9, 5, 220]))))
ppp_frames.append(hdlc(LCP, cp(4, 14, bytes([1, 5, 5, 220]))))
ppp_frames.append(hdlc(LCP, cp(4, 14, bytes([1]))))
ppp_frames.append(hdlc(LCP, cp(1, 15, opt(1, struct.pack(">H", 1500)), length=40)))
ppp_frames.append(hdlc(LCP, cp(1, 16, opt(1, struct.pack(">H", 1500)), length=2)))
ppp_frames.append(hdlc(LCP, b"\x01\x10"))
ppp_frames.append(hdlc(LCP, cp(9, 7, b"\x11\x22")))

# IPCP.
ipcp_options = [
    opt(1, bytes([10, 0, 0, 1, 10, 0, 0, 2])),
    opt(2, struct.pack(">HBB", 0x002D, 15, 1)),
    opt(2, struct.pack(">HHHHHH", 0x0061, 15, 0, 256, 5, 20)),
    opt(3, bytes([192, 0, 2, 7])),
    opt(4, bytes([198, 51, 100, 1])),
    opt(129, bytes([192, 0, 2, 53])),
    opt(130, bytes([192, 0, 2, 137])),
    opt(131, bytes([192, 0, 2, 54])),
    opt(132, bytes([192, 0, 2, 138])),
    opt(77, b"\x01\x02"),
]
ipcp_all = b"".join(ipcp_options)
ppp_frames.append(hdlc(IPCP, cp(1, 1, ipcp_all)))
for o in ipcp_options:
    ppp_frames.append(hdlc(IPCP, cp(4, 0x40, o)))
ppp_frames.append(hdlc(IPCP, cp(3, 1, opt(3, bytes([10, 0, 2, 16])) + opt(129, bytes([8, 8, 8, 8])))))
ppp_frames.append(hdlc(IPCP, cp(4, 2, opt(130, bytes(4)))))
ppp_frames.append(hdlc(IPCP, cp(5, 3)))
ppp_frames.append(hdlc(IPCP, cp(6, 3)))
ppp_frames.append(hdlc(IPCP, cp(7, 4, cp(0x33, 1))))
ppp_frames.append(hdlc(IPCP, cp(9, 5, b"\x00\x00\x00\x00")))
ppp_frames.append(hdlc(IPCP, cp(1, 6, bytes([3, 5, 10, 0, 0]))))

# IPv6CP.
ppp_frames.append(hdlc(IPV6CP, cp(1, 1, opt(1, bytes.fromhex("c8010efffe880008")) + opt(2, struct.pack(">H", 0x004F) + b"\x00\x0f") + opt(9, b"\x01"))))
ppp_frames.append(hdlc(IPV6CP, cp(2, 1, opt(1, bytes.fromhex("0000000000000001")))))
ppp_frames.append(hdlc(IPV6CP, cp(4, 2, opt(1, bytes(7)))))

# PAP.
ppp_frames.append(hdlc(PAP, cp(1, 1, b"\x05alice\x06s3cret")))
ppp_frames.append(hdlc(PAP, cp(2, 1, b"\x0aWelcome in")))
ppp_frames.append(hdlc(PAP, cp(3, 1, b"\x0eBad password 1")))
ppp_frames.append(hdlc(PAP, cp(1, 2, b"\x00\x00")))
ppp_frames.append(hdlc(PAP, cp(9, 3, b"\x01\x02\x03")))
ppp_frames.append(hdlc(PAP, cp(1, 4, b"\x09bob")))

# CHAP.
ppp_frames.append(hdlc(CHAP, cp(1, 1, b"\x10" + bytes(range(16)) + b"server")))
ppp_frames.append(hdlc(CHAP, cp(2, 1, b"\x10" + bytes(range(16, 32)) + b"alice")))
ppp_frames.append(hdlc(CHAP, cp(3, 1, b"Access granted")))
ppp_frames.append(hdlc(CHAP, cp(4, 1, b"E=691 R=0")))
ppp_frames.append(hdlc(CHAP, cp(3, 2)))
ppp_frames.append(hdlc(CHAP, cp(1, 3, b"\x20\x01\x02")))
ppp_frames.append(hdlc(CHAP, cp(8, 4, b"\xaa")))

# The same kinds in PPPoE sessions (Ethernet padding after the PPP payload).
eth_frames.append(pppoe(LCP, cp(1, 1, opt(1, struct.pack(">H", 1492)) + opt(3, struct.pack(">H", PAP)) + opt(5, struct.pack(">I", 0x01FCCBFB)))))
eth_frames.append(pppoe(LCP, cp(9, 1, struct.pack(">I", 0x05FCD459) + b"\x01\xfc\xcb\xfb")))
eth_frames.append(pppoe(PAP, cp(1, 1, b"\x05cisco\x05cisco")))
eth_frames.append(pppoe(PAP, cp(2, 1, b"\x00")))
eth_frames.append(pppoe(IPCP, cp(1, 1, opt(3, bytes([10, 0, 0, 1])))))
eth_frames.append(pppoe(IPV6CP, cp(1, 1, opt(1, bytes.fromhex("c8010efffe880008")))))
eth_frames.append(pppoe(CHAP, cp(1, 1, b"\x04\x01\x02\x03\x04BRAS")))


def write(path, linktype, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)))
            f.write(fr)


write(os.path.join(OUT, "ppp-control.pcap"), 9, ppp_frames)
write(os.path.join(OUT, "pppoe-control.pcap"), 1, eth_frames)

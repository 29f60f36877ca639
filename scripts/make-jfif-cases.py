#!/usr/bin/env python3
"""Crafted JPEG images served over HTTP for tests/jfif_crafted.rs (tshark 4.0's answers stored beside
them by scripts/jfif-oracle.sh). JPEG bytes are built by hand, segment by segment:

  jfif-segments  every marker kind (SOI, APPn, SOFn, DHT, DAC, DQT, DNL, DRI, DHP, EXP, JPGn, COM,
                 RSTn, TEM, reserved ones), JFIF APP0 with and without a thumbnail, JFXX, unknown
                 identifiers, FlashPix APP2, frame and scan headers (baseline, progressive multi-scan,
                 lossless), fill bytes, entropy-coded data with stuffed and restart markers, comments
                 (non-ASCII, NULs), data after EOI
  jfif-exif      Exif APP1: TIFF headers in both byte orders, IFD0 with every TIFF type inline and at
                 offsets, the Exif, GPS and Interoperability sub-IFDs, IFD1, bad byte order, start
                 and next offsets out of range, value offsets past the data, the missing-JFIF-APP0 note,
                 pointers of another type or count, IFD1 and Exif IFD chains, huge and zero counts
  jfif-cut       segments and values that run past their segment or past the body
  jfif-media     which bodies are taken: the identifier test, the minimum size, typed, untyped and
                 other-typed bodies, a multipart part
and the first three again as captured with short snapshot lengths (NAME-sLEN: segments at 200 and
500 bytes, exif at 300, cut at 200).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/jfif')

SOI = b'\xff\xd8'
EOI = b'\xff\xd9'


def seg(marker, data):
    return struct.pack('>HH', marker, len(data) + 2) + data


def jfif_app0(units=0, xd=1, yd=1, tx=0, ty=0, thumb=b'', extra=b''):
    return seg(0xffe0, b'JFIF\x00\x01\x02' + struct.pack('>BHHBB', units, xd, yd, tx, ty) + thumb + extra)


APP0 = jfif_app0()


def sof(marker, comps, precision=8, lines=16, samples=32, extra=b''):
    body = struct.pack('>BHHB', precision, lines, samples, len(comps))
    for c, h, v, tq in comps:
        body += struct.pack('>BBB', c, (h << 4) | v, tq)
    return seg(marker, body + extra)


def sos(comps, ss=0, se=63, ah=0, al=0, extra=b''):
    body = struct.pack('>B', len(comps))
    for c, td, ta in comps:
        body += struct.pack('>BB', c, (td << 4) | ta)
    return seg(0xffda, body + struct.pack('>BBB', ss, se, (ah << 4) | al) + extra)


YCC = [(1, 2, 2, 0), (2, 1, 1, 1), (3, 1, 1, 1)]
SCAN = [(1, 0, 0), (2, 1, 1), (3, 1, 1)]


def served(images, base, media_type=b'image/jpeg'):
    pk = []
    for i, im in enumerate(images):
        cv = Conv(cport=base + i, sport=80, pkts=pk)
        cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
        cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (media_type, len(im)) + im)
        cv.close()
    return pk


def segments():
    generic = b'\x08\x00\x10\x00\x20\x01\x01\x21\x00'
    every = [m for m in range(0xffc0, 0xffd0)] + [m for m in range(0xffdb, 0xffe0)] + \
        [m for m in range(0xffe3, 0xfffe)]
    return served([
        SOI + APP0 + b''.join(seg(m, generic) for m in every) + EOI,
        SOI + jfif_app0(1, 72, 72, 2, 1, bytes(range(1, 7))) + seg(0xffe0, b'JFXX\x00\x10\xff\xd8\xff\xd9') +
        seg(0xffe0, b'JFXX\x00\x11abc') + seg(0xffe0, b'JFXX\x00\x13abc') + seg(0xffe0, b'JFXX\x00\x14') +
        seg(0xffe0, b'Other\x00xyz') + jfif_app0(2, 300, 200, extra=b'extra') + jfif_app0(7) + EOI,
        SOI + APP0 + seg(0xffe0, b'NoNul') + EOI,
        SOI + APP0 + seg(0xffe2, b'FPXR\x00\x00\x01\x02\x03') + seg(0xffe2, b'ICC_PROFILE\x00abc') +
        seg(0xffe1, b'http://ns.adobe.com/xap/1.0/\x00<x/>') + seg(0xffe2, b'FPXR\x00') +
        seg(0xffee, b'Adobe\x00\x64\x00\x00\x00\x00\x01') + seg(0xffdb, b'') + EOI,
        SOI + APP0 + seg(0xffdb, b'\x00' + bytes(64)) + sof(0xffc0, YCC) + seg(0xffc4, b'\x00' + bytes(16)) +
        seg(0xffdd, b'\x00\x04') + sos(SCAN) + b'\x12\x34\xff\x00\x56' + b'\xff\xd0' + b'\x78\x9a' +
        b'\xff\xd1\xff\xd2' + b'\xbc' + EOI,
        SOI + APP0 + sof(0xffc2, YCC, extra=b'xyz') + sos([(1, 0, 0)], 0, 0, 0, 1) + b'\x01\x02' +
        sos([(2, 1, 0), (3, 1, 0)], 0, 0, 0, 1) + b'\x03' + sos([(1, 0, 2)], 1, 5, 0, 2, extra=b'q') + b'\x04\x05' +
        sos([(1, 0, 2)], 6, 63, 2, 1) + b'\x06' + EOI,
        SOI + APP0 + sof(0xffc3, [(1, 1, 1, 0)], 12, 1, 1) + sos([(1, 0, 0)], 1, 0) + b'\x00' + EOI,
        SOI + APP0 + sof(0xffc0, []) + sos([]) + EOI,
        SOI + APP0 + b'\xff\xff' + seg(0xfffe, b'after fill') + b'\xff\xff\xff\xff' + EOI + b'xyz',
        SOI + APP0 + b'\xff\x01' + b'\xff\xd0\xff\xd7' + b'\xff\x02\x00\x04ab' + EOI,
        SOI + APP0 + b'\xff\xbf\x00\x04ab' + EOI,
        SOI + APP0 + b'\xff\xff\x00' + EOI,
        SOI + APP0 + b'abc\xff\x00d\xff\xd0ef' + seg(0xfffe, b'ab') + EOI,
        SOI + APP0 + b'\xff\x00ab' + EOI + EOI,
        SOI + APP0 + b''.join(seg(0xfffe, c) for c in (
            b'ab\x00\x00', b'\xe9\x00x', b'\xe9\xe9\x00xyzw', b'\xe9\x00xyzwvu', b'\xe9\xe9\x00xyz', b'ab\x00\x00c',
            b'\xc3\xa9t\xe9\x00x', b'', b'plain text')) + EOI,
        SOI + APP0 + b'\xff\xd0ab\xff\xff\xffcd\xff\x00',
        SOI + APP0 + sof(0xffc1, YCC) + sof(0xffc9, YCC[:1]) + EOI,
    ], 51000)


SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8}


class Tiff:
    """A TIFF structure laid out as it is built: entries are (tag, type, count, payload), the payload
    bytes (inline when 4 or fewer, else stored after the directory), an int (the raw value field) or
    ('ifd', entries) for a pointer to a sub-directory."""

    def __init__(self, order, start=8, skip=b''):
        self.e = '>' if order == b'MM' else '<'
        self.buf = bytearray(order + struct.pack(self.e + 'HI', 42, start) + skip)

    def place(self, b):
        at = len(self.buf)
        self.buf += b
        if len(self.buf) % 2:
            self.buf += b'\x00'
        return at

    def ifd(self, entries, nxt=None):
        e = self.e
        at = len(self.buf)
        self.buf += bytes(2 + 12 * len(entries) + 4)
        out = struct.pack(e + 'H', len(entries))
        for tag, typ, count, pl in entries:
            if isinstance(pl, tuple):
                v = struct.pack(e + 'I', self.ifd(pl[1]))
            elif isinstance(pl, int):
                v = struct.pack(e + 'I', pl)
            elif len(pl) <= 4:
                v = pl.ljust(4, b'\x00')
            else:
                v = struct.pack(e + 'I', self.place(pl))
            out += struct.pack(e + 'HHI', tag, typ, count) + v
        n = 0 if nxt is None else (nxt if isinstance(nxt, int) else self.ifd(nxt))
        out += struct.pack(e + 'I', n)
        self.buf[at:at + len(out)] = out
        return at


def exif(order, entries, nxt=None, start=8, skip=b''):
    t = Tiff(order, start, skip)
    t.ifd(entries, nxt)
    return seg(0xffe1, b'Exif\x00\x00' + bytes(t.buf))


def raw_exif(tiff):
    return seg(0xffe1, b'Exif\x00\x00' + tiff)


def pk(order, fmt, *v):
    return struct.pack(('>' if order == b'MM' else '<') + fmt, *v)


def exifs():
    def every_type(o):
        return [
            (0x0100, 3, 1, pk(o, 'H', 640)), (0x010f, 2, 4, b'Abc\x00'), (0x0110, 2, 8, b'Model12\x00'),
            (0x011a, 5, 1, pk(o, 'II', 72, 1)), (0x0101, 4, 1, pk(o, 'I', 480)), (0x0102, 1, 3, b'\x01\x02\x03'),
            (0x0103, 7, 6, b'XYZabc'), (0x0104, 7, 2, b'ab'), (0x0112, 3, 3, pk(o, 'HHH', 1, 2, 3)),
            (0x0113, 4, 2, pk(o, 'II', 1, 2)), (0x0114, 9, 2, pk(o, 'ii', -1, 2)), (0x0115, 9, 1, pk(o, 'i', -7)),
            (0x0116, 10, 2, pk(o, 'iiii', -1, 2, 3, -4)), (0x0117, 5, 2, pk(o, 'IIII', 1, 2, 3, 4)),
            (0x0118, 1, 5, b'abcde'), (0x0119, 6, 1, b'\x05'), (0x011b, 8, 1, b'\x05\x00'),
            (0x011c, 11, 1, b'\x05\x00\x00\x00'), (0x011d, 12, 1, b'12345678'), (0x011e, 0, 1, 5),
            (0x0132, 2, 20, b'2020:01:02 03:04:05\x00'), (0x8298, 2, 3, b'\xe9\x00x'), (0x9999, 2, 0, b''),
        ]
    sub = [(0x0200, 4, 1, 5), (0x8769, 4, 1, ('ifd', [(0x9000, 7, 4, b'0230'), (0x829a, 5, 1, pk(b'MM', 'II', 1, 250)),
                                                        (0xa005, 4, 1, 8)])),
           (0x0100, 3, 1, b'\x00\x09'),
           (0x8825, 4, 1, ('ifd', [(0, 1, 4, b'\x02\x02\x00\x00'), (1, 2, 2, b'N\x00'),
                                   (2, 5, 3, pk(b'MM', 'IIIIII', 52, 1, 30, 1, 15, 1)), (0x7777, 3, 1, b'\x00\x01')])),
           (0xa005, 4, 1, ('ifd', [(1, 2, 4, b'R98\x00'), (2, 7, 4, b'0100')]))]
    back = [(0x0132, 2, 4, b'abc\x00'), (0x011a, 5, 1, pk(b'II', 'II', 7, 0)), (0x8769, 4, 1, 6),
            (0x0103, 7, 6, b'XYZabc'), (0x0101, 4, 1, 5)]
    return served([
        SOI + APP0 + exif(b'MM', every_type(b'MM')) + EOI,
        SOI + APP0 + exif(b'II', every_type(b'II')) + EOI,
        SOI + exif(b'MM', sub, nxt=[(0x0103, 3, 1, b'\x00\x06'), (0x0201, 4, 1, 0)]) + EOI,
        SOI + exif(b'II', [(0x8769, 4, 1, ('ifd', [(0x9003, 2, 4, b'now\x00')])), (0x8825, 4, 1, 0x7000),
                           (0x010f, 2, 10, 0x300), (0x0110, 2, 3, b'ab\x00')], nxt=0x400) + APP0 + EOI,
        SOI + APP0 + exif(b'II', back) + EOI,
        SOI + APP0 + exif(b'II', [(0x0132, 2, 4, b'abc\x00'), (0x8769, 4, 1, 8), (0x0101, 4, 1, 5)]) + EOI,
        SOI + APP0 + exif(b'II', [(0x0132, 2, 4, b'abc\x00'), (0x8769, 4, 1, 20), (0x0101, 4, 1, 5)]) + EOI,
        SOI + APP0 + exif(b'MM', [(0x0101, 4, 1, 5)], start=14, skip=b'skip!\x00') + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 200)) + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 4) + bytes(6)) + EOI,
        SOI + APP0 + raw_exif(b'II\x2a\x00' + pk(b'II', 'I', 1) + bytes(6)) + EOI,
        SOI + APP0 + raw_exif(b'XX\x00\x2a\x00\x00\x00\x08') + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x00' + pk(b'MM', 'I', 4)) + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x00' + pk(b'MM', 'I', 14) + bytes(6)) + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x00' + pk(b'MM', 'I', 15) + bytes(6)) + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x01' + pk(b'MM', 'HHII', 0x10f, 2, 10, 16) +
                              bytes(4) + b'x' * 10) + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x01' + pk(b'MM', 'HHII', 0x10f, 2, 10, 35) +
                              bytes(4) + b'x' * 10) + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x01' + pk(b'MM', 'HHII', 0x10f, 2, 10, 36) +
                              bytes(4) + b'x' * 10) + EOI,
        SOI + APP0 + raw_exif(b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x01' + pk(b'MM', 'HHII', 0x10f, 2, 10, 26) +
                              bytes(4) + b'x' * 10) + EOI,
        SOI + APP0 + seg(0xffe1, b'Exif\x00x' + b'MM\x00\x2a' + pk(b'MM', 'I', 8) + b'\x00\x00' + bytes(4)) + EOI,
        SOI + seg(0xfffe, b'Exif\x00abc') + exif(b'MM', []) + exif(b'II', []) + EOI,
        SOI + seg(0xffdb, b'JFIF\x00abcdefgh') + exif(b'MM', []) + EOI,
        SOI + seg(0xffe0, b'Exif\x00\x00MM\x00\x2a' + pk(b'MM', 'I', 8) + bytes(6)) + EOI,
        SOI + APP0 + seg(0xffe1, b'Exif\x00') + EOI,
        SOI + APP0 + seg(0xffe1, b'Exif\x00\x00MM\x00') + EOI,
        SOI + APP0 + exif(b'MM', [(0x010f, 2, 2, b'ab')] * 5)[:40] + EOI,
        SOI + APP0 + ifd1_pointers() + EOI,
        SOI + APP0 + exif_chain(False) + EOI,
        SOI + APP0 + exif(b'MM', [(0x8769, 3, 1, b'\x00\x08'), (0x8825, 4, 2, 8), (0x0100, 3, 1000, 8)]) + EOI,
        SOI + APP0 + exif(b'MM', [(0x0100, 1, 0xffffffff, 8), (0x0101, 2, 0xffffffff, 8)]) + EOI,
        SOI + APP0 + exif(b'MM', [(0x0100, 2, 0, 8), (0x0101, 1, 0, 0), (0x0102, 7, 0, 0), (0x0103, 5, 0, 8)]) + EOI,
        SOI + APP0 + exif_chain(True) + EOI,
    ], 52000)


def ifd1_pointers():
    """IFD1 points to sub-directories as IFD0 does."""
    t = Tiff(b'MM')
    t.ifd([(0x8769, 4, 1, ('ifd', [(0x9000, 7, 4, b'0230')]))],
          nxt=[(0x8825, 4, 1, ('ifd', [(1, 2, 2, b'N\x00')])), (0x0201, 4, 1, 0)])
    return seg(0xffe1, b'Exif\x00\x00' + bytes(t.buf))


def exif_chain(forward):
    """An Exif IFD with a next IFD of its own: after it, or before it (which tshark calls bogus)."""
    t = Tiff(b'II')
    at = len(t.buf)
    t.buf += bytes(2 + 12 + 4)
    if forward:
        first = t.ifd([(0x9000, 7, 4, b'0230')], nxt=[(0x9003, 2, 4, b'two\x00')])
    else:
        second = t.ifd([(0x9003, 2, 4, b'two\x00')])
        first = t.ifd([(0x9000, 7, 4, b'0230')], nxt=second)
    t.buf[at:at + 18] = struct.pack('<HHHII', 1, 0x8769, 4, 1, first) + struct.pack('<I', 0)
    return seg(0xffe1, b'Exif\x00\x00' + bytes(t.buf))


def cuts():
    full = SOI + APP0 + exif(b'MM', [(0x010f, 2, 6, b'Maker\x00'), (0x011a, 5, 1, pk(b'MM', 'II', 72, 1))]) + \
        seg(0xffdb, bytes(65)) + sof(0xffc0, YCC) + sos(SCAN) + b'\x11\x22\x33' + EOI
    return served([full[:n] for n in (20, 21, 22, 24, 30, 40, 44, 50, 60, 70, 80, 100, 130, 160, 170, 180,
                                      len(full) - 3, len(full) - 1)] + [
        SOI + APP0 + seg(0xffdb, bytes(4))[:4] + b'\x00\x40' + bytes(10),
        SOI + APP0 + b'\xff\xfe\x00\x01' + EOI,
        SOI + APP0 + b'\xff\xfe\x00\x00' + EOI,
        SOI + APP0 + b'\xff\xfe',
        SOI + APP0 + b'\xff\xfe\x00',
        SOI + APP0 + sof(0xffc0, YCC)[:-2] + EOI,
        SOI + APP0 + seg(0xffc0, b'ab') + EOI,
        SOI + APP0 + seg(0xffda, b'') + EOI,
        SOI + APP0 + seg(0xffda, b'\x03\x01\x00\x02\x11') + EOI,
        SOI + jfif_app0(0, 1, 1, 2, 1, bytes(5)) + EOI,
        SOI + APP0 + b'ab\xff',
        SOI + APP0 + b'\xff',
    ], 53000)


def media():
    good = SOI + APP0 + EOI
    pkts = []
    cases = [(None, good), (None, SOI + seg(0xfffe, b'x' * 20) + EOI), (b'application/x-foo', good),
             (b'application/x-foo', SOI + seg(0xfffe, b'x' * 20) + EOI), (b'image/jpg', good),
             (b'image/pjpeg', good), (b'image/jfif', good), (b'image/png', good), (b'image/gif', good),
             (b'image/jpeg', b'\xff\xd8\x00\xfe\x00\x07JFIF\x00' + EOI * 10),
             (b'image/jpeg', b'\xff\x00\xff\xfe\x00\x07JFIF\x00' + EOI * 10),
             (b'image/jpeg', (SOI + seg(0xfffe, b'JFIF\x00') + EOI * 10)[:19]),
             (b'image/jpeg', (SOI + seg(0xfffe, b'JFIF\x00') + EOI * 10)[:20]),
             (b'image/jpeg', SOI + seg(0xffe0, b'JFIFx' + bytes(20)) + EOI),
             (b'image/jpeg', SOI + seg(0xffe0, b'JFXX\x00' + bytes(20)) + EOI),
             (b'image/jpeg', SOI + seg(0xffe1, b'Exif\x00' + bytes(20)) + EOI),
             (b'image/jpeg', SOI + seg(0xffe1, b'Exif ' + bytes(20)) + EOI)]
    for i, (ct, body) in enumerate(cases):
        cv = Conv(cport=54000 + i, sport=80, pkts=pkts)
        cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
        head = b"HTTP/1.1 200 OK\r\n" + (b"Content-Type: " + ct + b"\r\n" if ct else b"")
        cv.send(1, head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        cv.close()
    part = SOI + APP0 + seg(0xfffe, b'in a part') + EOI
    body = (b"--XyZ\r\nContent-Type: image/jpeg\r\n\r\n" + part + b"\r\n--XyZ\r\nContent-Type: text/plain\r\n\r\n"
            b"hi\r\n--XyZ--\r\n")
    cv = Conv(cport=54100, sport=80, pkts=pkts)
    cv.send(0, b"GET /m HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary=XyZ\r\nContent-Length: %d\r\n\r\n"
            % len(body) + body)
    cv.close()
    return pkts


def snapped(pkts, snaplen):
    """The packets as a capture with this snapshot length would hold them."""
    return [(p, min(len(p), snaplen)) for p in pkts]


os.makedirs(OUT, exist_ok=True)
made = [('jfif-segments', segments()), ('jfif-exif', exifs()), ('jfif-cut', cuts()), ('jfif-media', media())]
for name, pkts in made:
    write_pcap(os.path.join(OUT, name + '.pcap'), pkts)
# Images cut by the snapshot length: the bytes are on the wire but not in the capture.
# (Not the Exif images at 200: an Exif segment longer than the body on the wire and cut by the
# snapshot length is tshark's "Unreassembled Packet" bounds error, which is not shown here yet.)
SNAPLENS = {'jfif-segments': (200, 500), 'jfif-exif': (300,), 'jfif-cut': (200,)}
for name, pkts in made[:3]:
    for snaplen in SNAPLENS[name]:
        write_pcap(os.path.join(OUT, '%s-s%d.pcap' % (name, snaplen)), snapped(pkts, snaplen), snaplen)

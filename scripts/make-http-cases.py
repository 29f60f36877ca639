#!/usr/bin/env python3
"""Crafted HTTP exchanges for tests/http_crafted.rs (tshark 4.0's answers stored beside them by
scripts/http-crafted-oracle.sh): text that is no request or response on port 80 (header-like lines,
illegal header names, unterminated lines), heads that end at a line without a colon, request URIs with
queries, requests and responses numbered together (pipelining, unanswered responses, 100 Continue),
chunked bodies with extensions and trailers, cookies, url-encoded forms, UTF-8 oddities in labels,
request lines without a version or with more words, and PNG and GIF images (every chunk and block kind
tshark reads, cut and oversized ones)."""
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/http-crafted')


def one_segment_each(cases, base):
    pk = []
    for i, c in enumerate(cases):
        cv = Conv(cport=base + i, sport=80, pkts=pk)
        cv.send(0, c)
        cv.close()
    return pk


def heads():
    return one_segment_each([
        b"Foo: bar\r\nxyz",
        b"Foo: bar\r\n\r\nxyz",
        b"F\xa9o: bar\r\nxyz",
        b"F\xa9o: bar\r\n\r\n",
        b"Foo bar: x\r\n\r\n",
        b"Foo: bar\nxyz",
        b"Foo: bar\r\nabc\r\n",
        b"Foo: bar\r\nabc\r\n\r\nrest",
        b"Fo\x01o: bar\r\n\r\n",
        b"Foo: b\xa9ar\r\n\r\n",
        b"Foo: bar\r\nBaz: q\r\nxyz",
        b"Foo: bar\r\n",
        b"nb\xa9: x\nM\xa5\xe4r",
        b"Foo:\r\nxyz",
        b"(x): y\r\n\r\n",
        b"GET / HTTP/1.1\r\nX-Foo: bar\r\nF\xa9o: x\r\nFoo bar: y\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nabc\r\n\r\n",
        b"Host: a\r\nContent-Length: 3\r\n\r\nxyz",
        b"GET /a? HTTP/1.1\r\nHost: h\r\n\r\n",
        b"GET /a?x HTTP/1.1\r\n:x\r\nA b\r\n\r\n",
        b"GET /a?x&&y= HTTP/1.1\nHost: h\n\n",
        b"GET http://h/p/q?z=1#f HTTP/1.1\r\n\r\n",
        b"GET * HTTP/1.1\r\nX: \xff\r\n\r\n",
    ], 41000)


def pairs():
    pk = []
    cv = Conv(cport=43000, sport=80, pkts=pk)
    cv.send(0, b"GET /a?x=1&y=2 HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(0, b"GET /b HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nab")
    cv.send(1, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    cv.send(0, b"GET /c HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    cv.close()
    cv = Conv(cport=45000, sport=80, pkts=pk)
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    cv.send(0, b"POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
    cv.send(1, b"HTTP/1.1 100 Continue\r\n\r\n")
    cv.send(0, b"ab")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    cv.close()
    cv = Conv(cport=45001, sport=80, pkts=pk)
    cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 100 Continue\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    cv.close()
    return pk


def bodies():
    pk = []
    cv = Conv(cport=45002, sport=80, pkts=pk)
    cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\n\r\nab")
    cv.send(0, b"GET /y HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Type: foo/bar\r\nContent-Length: 2\r\n\r\nab")
    cv.close()
    cv = Conv(cport=45003, sport=80, pkts=pk)
    cv.send(0, b"POST /x HTTP/1.1\r\nHost: h\r\nCookie: a=1; b=2;c=3; ; d\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"1\r\nz\r\n3;ext=1\r\nabc\r\n0\r\nX-T: 1\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nSet-Cookie: q=1; path=/\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n")
    cv.close()
    seqs = [b"\xfa\x80\xa7", b"\xc0\x80", b"\x80", b"\x80\x80", b"\xe2\x82", b"\xe2\x82A", b"\xf0\x9f\x98A",
            b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xfe", b"\xff\x80", b"\xc3", b"\xe2\x82\xac",
            b"\xf8\x80\x80\x80\x80\x80", b"\xfc\x80\x80\x80\x80\x80\x80", b"\xc1\xbf", b"\xe0\x80\x80",
            b"\xf0\x80\x80\x80", b"\xc3\xa9\x80", b"\xe2\xe2\x82\xac", b"\xc2\x80", b"\xc2\x9f", b"\xc2\xa0",
            b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"\xe0\x81\x8a", b"\xf0\x90\x80", b"\xf8\x88\x80\x80\x80",
            b"\xc0\x8a", b"\x1b", b"\x7f"]
    hdr = b"".join(b"X%d: [" % i + s + b"]\r\n" for i, s in enumerate(seqs))
    cv = Conv(cport=45004, sport=80, pkts=pk)
    cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n" + hdr + b"\r\n")
    cv.close()
    cv = Conv(cport=45005, sport=80, pkts=pk)
    body = b"a=1&b&c=%41+x&=z&&d=%zz%4"
    cv.send(0, b"POST /x HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body) + body)
    cv.close()
    return pk


def runs():
    """Several messages in one segment, and a head that ends at a line without a colon."""
    pk = []
    cv = Conv(cport=48000, sport=80, pkts=pk)
    cv.send(0, b"GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    cv.send(0, b"GET /c HTTP/1.1\r\nHost: h\r\nabc\r\n\r\n")
    cv.close()
    return pk


def media():
    """Bodies that are not what their image type says, and an image under another type."""
    pk = []
    cases = [(b'image/png', b'hello world, not an image at all'), (b'image/jpeg', b'hello world, not an image at all'),
             (b'image/gif', b'hello world, not an image at all'), (b'text/plain', b'GIF89a' + b'\x00' * 20),
             (b'image/png', b'GIF89a' + b'\x00' * 20)]
    for i, (t, b) in enumerate(cases):
        cv = Conv(cport=49000 + i, sport=80, pkts=pk)
        cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
        cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (t, len(b)) + b)
        cv.close()
    return pk


def served(images, base, media_type):
    pk = []
    for i, im in enumerate(images):
        cv = Conv(cport=base + i, sport=80, pkts=pk)
        cv.send(0, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
        cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (media_type, len(im)) + im)
        cv.close()
    return pk


def pngs():
    def chunk(t, d, crc=None):
        c = zlib.crc32(t + d) if crc is None else crc
        return struct.pack('!I', len(d)) + t + d + struct.pack('!I', c)

    def png(chunks):
        return b'\x89PNG\r\n\x1a\n' + b''.join(chunks)

    def ihdr(colour, comp=0, filt=0, inter=0):
        return chunk(b'IHDR', struct.pack('!IIBBBBB', 1, 2, 8, colour, comp, filt, inter))
    return served([
        png([ihdr(0), chunk(b'sRGB', b'\x00'), chunk(b'IEND', b'')]),
        png([ihdr(2, 1, 1, 1), chunk(b'sRGB', b'\x01'), chunk(b'bKGD', b'\x05'),
             chunk(b'gAMA', struct.pack('!I', 45455)),
             chunk(b'cHRM', struct.pack('!8I', 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)),
             chunk(b'IEND', b'')]),
        png([ihdr(3, 0, 0, 2), chunk(b'sRGB', b'\x02'), chunk(b'bKGD', struct.pack('!HHH', 1, 2, 3)),
             chunk(b'pHYs', struct.pack('!IIB', 1, 2, 0)), chunk(b'zTXt', b'k\x00\x00xx'),
             chunk(b'iTXt', b'k\x00\x00\x00\x00\x00t'), chunk(b'abCd', b'12'), chunk(b'IEND', b'', crc=5)]),
        png([ihdr(4), chunk(b'sRGB', b'\x03'), chunk(b'sRGB', b'\x07'), chunk(b'tEXt', b'NoNul'),
             chunk(b'tEXt', b'a\x00'), chunk(b'tIME', struct.pack('!HBBBBB', 2020, 1, 2, 3, 4, 5)),
             b'\x00\x00\x00\x05IDATab']),
        png([ihdr(6), b'\x7f\xff\xff\xffIDATabcd']),
        png([ihdr(9)]) + b'\x00\x00',
    ], 46000, b'image/png')


def gifs():
    def gif(ver, flags, bg, aspect, gct, rest):
        return ver + struct.pack('<HHBBB', 10, 20, flags, bg, aspect) + gct + rest

    def img(lflags, lct, data):
        return b'\x2c' + struct.pack('<HHHHB', 1, 2, 3, 4, lflags) + lct + b'\x02' + data + b'\x00'
    return served([
        gif(b'GIF89a', 0x80, 1, 0, b'\x00' * 6,
            b'\x21\xfe\x05hello\x00' + b'\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00' +
            b'\x21\x01\x0c' + b'x' * 12 + b'\x01a\x00' + img(0x81, b'\x11' * 12, b'\x02ab') + b'\x3b'),
        gif(b'GIF87a', 0x00, 0, 49, b'', img(0x40, b'', b'\x01z') + b'\x3b'),
        gif(b'GIF89a', 0xf7, 3, 0, b'\x01' * 768, b'\x21\x99\x01q\x00' + b'\x3b'),
        gif(b'GIF89a', 0x00, 0, 0, b'', b'\x2c\x01\x00'),
        gif(b'GIF89a', 0x00, 0, 0, b'', img(0x00, b'', b'\x05ab')),
        gif(b'GIF89a', 0x00, 0, 0, b'', b'\x3b' + b'junk'),
        gif(b'GIF89a', 0x00, 0, 0, b'', b'\x99' + b'junk'),
    ], 47000, b'image/gif')


def lines():
    """Request and status lines as tshark reads them: a known method alone or followed by a space starts
    a request, its URI ends at the next space and the version is all the rest (none at all, as HTTP/0.9
    sent it); one left unfinished when the connection closes; a request's flag after its full URI; odd
    status codes and phrases, and every code's description."""
    pk = []
    for i, req in enumerate([
        b"GET /bad.html\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET /a b c\r\n\r\n",
        b"GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
        b"GET  /a HTTP/1.1\r\n\r\n",
        b"GET /a \r\n\r\n",
        b"GET /a\r\nHost: x\r\n\r\n",
        b"GET /a?x=1 b\r\n\r\n",
        b"GETX /a HTTP/1.1\r\n\r\n",
        b"get /a HTTP/1.1\r\n\r\n",
    ]):
        cv = Conv(cport=48000 + i, sport=80, pkts=pk)
        cv.send(0, req)
        cv.send(1, b'', 0x10)
        cv.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        cv.close()
    # A version-less request line whose head never ends: held for the rest until the FIN.
    cv = Conv(cport=48100, sport=80, pkts=pk)
    cv.send(0, b"GET /bad.html\r\n")
    cv.send(1, b'', 0x10)
    cv.close()
    # Status lines as tshark reads them: the code is the three bytes after the version and its spaces
    # (read as strtol reads a number), the phrase starts after the code's word and the spaces after it
    # and is left out when empty.
    statuses(pk, 48200, [b"200 ", b"200  ", b"200  OK", b"2000 OK", b"200x OK", b"abc OK", b" 200 OK", b"20",
                         b"20 OK", b"2a0 X", b"-20 X", b"+20 X", b"200 OK  x"])
    return pk


def statuses(pk, port, lines):
    """One connection: a request and a bodiless response with each status line (after "HTTP/1.1 ")."""
    cv = Conv(cport=port, sport=80, pkts=pk)
    for line in lines:
        cv.send(0, b"GET / HTTP/1.1\r\n\r\n")
        cv.send(1, b"HTTP/1.1 " + line + b"\r\nContent-Length: 0\r\n\r\n")
    cv.close()


def codes():
    """Every status code from 100 to 599, for tshark's descriptions (compared as fields only)."""
    pk = []
    statuses(pk, 48300, [b"%d X" % code for code in range(100, 600)])
    return pk


os.makedirs(OUT, exist_ok=True)
for name, pk in [('http-heads', heads()), ('http-pairs', pairs()), ('http-bodies', bodies()),
                 ('http-lines', lines()),
                 ('http-runs', runs()), ('http-media', media()),
                 ('images-png', pngs()), ('images-gif', gifs())]:
    write_pcap(os.path.join(OUT, name + '.pcap'), pk)
# Beside the others: its outputs would be megabytes, so only its fields are stored.
os.makedirs(os.path.join(OUT, '..', 'http-status'), exist_ok=True)
write_pcap(os.path.join(OUT, '..', 'http-status', 'http-codes.pcap'), codes())

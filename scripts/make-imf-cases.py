#!/usr/bin/env python3
"""Crafted mail messages for tests/imf_crafted.rs (tshark 4.0's answers stored beside them by
scripts/imf-crafted-oracle.sh), each sent in an SMTP DATA phase of its own: address lists and
mailbox lists (quoted commas, groups, angle brackets without a display name or a closing bracket,
folded names, comments), single mailboxes, Content-Type with and without parameters, media types
tshark does and does not show as text, unknown and known headers of every kind, header lines
without a colon, a header section that the data ends, LF-only messages, ASCII and non-ASCII header
values, long values cut in their labels, and an empty multipart body. A POP exchange adds server
segments that start in the middle of a message (tshark hands each one to IMF as it is)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/imf-crafted')

# Header names tshark 4.0 knows, with a value each kind of parsing has something to take apart.
KNOWN = [
    'Date', 'From', 'Sender', 'Reply-To', 'To', 'Cc', 'Bcc', 'Message-ID', 'In-Reply-To',
    'References', 'Subject', 'Comments', 'User-Agent', 'Keywords', 'Resent-Date', 'Resent-From',
    'Resent-Sender', 'Resent-To', 'Resent-Cc', 'Resent-Bcc', 'Resent-Message-ID', 'Return-Path',
    'Received', 'Content-Description', 'Content-ID', 'Content-Transfer-Encoding', 'MIME-Version',
    'Autoforwarded', 'Autosubmitted', 'X400-Content-Identifier', 'Content-Language', 'Conversion',
    'Conversion-With-Loss', 'Delivery-Date', 'Discarded-X400-IPMS-Extensions',
    'Discarded-X400-MTS-Extensions', 'DL-Expansion-History', 'Deferred-Delivery', 'Expires',
    'Importance', 'Incomplete-Copy', 'Latest-Delivery-Time', 'Message-Type',
    'Original-Encoded-Information-Types', 'Originator-Return-Address', 'Priority', 'Reply-By',
    'Sensitivity', 'Supersedes', 'X400-Content-Type', 'X400-MTS-Identifier', 'X400-Originator',
    'X400-Received', 'X400-Recipients', 'Delivered-To', 'X-Mailer', 'X-MimeOLE', 'Expiry-Date',
    'X-MS-TNEF-Correlator', 'X-UIDL', 'X-Authentication-Warning', 'X-Virus-Scanned',
    'X-Original-To', 'Thread-Index', 'Lines', 'Precedence',
]

MESSAGES = [
    b'From: "Doe, John" <jd@example.com>\r\n'
    b'To: a@b.c, "B B" <b@c.d>, Group: x@y.z, w@v.u;, <plain@x.y>\r\n'
    b'Cc: Alice <alice@x.org> (comment), bob@y.org\r\nSender: Someone <s@e.com>\r\n'
    b'Reply-To: r@e.com\r\nSubject: hello\r\n'
    b'Content-Type: text/plain; charset=utf-8; format=flowed\r\nX-Foo: bar\r\n\r\n'
    b'body line 1\r\nbody line 2\r\n',
    b'Subject: no content type\r\n\r\njust text\r\n',
    b'From: x@y.z\r\n\r\n',
    b'+ \r\n',
    b'To: undisclosed-recipients:;\r\nBcc:\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n',
    b'Resent-From: a <a@b>, c@d\r\nResent-To: e@f\r\nReturn-Path: <rp@x>\r\n'
    b'Content-Type: multipart/mixed;\r\n\tboundary="zz"\r\n\r\n'
    b'--zz\r\nContent-Type: text/plain;\r\n\tname="a.txt"\r\n\r\npart\r\n--zz--\r\n',
    b''.join(n.encode() + b': A <a@b>, c@d\r\n' for n in KNOWN) + b'\r\nbody\r\n',
    b'Sender: plain@x.y\r\nFrom: <a@b\r\nReply-To:x@y\r\nfrom: low@x\r\n\r\nb\r\n',
    b'To: a@b,\r\n\tc@d\r\nContent-Type:text/plain;charset=x\r\n\r\nbody',
    b'Content-Type: text/plain; charset=x\r\n\r\n',
    b'To: G: a@b, c@d;\r\nCc: G: <a@b>;\r\nBcc: G:;, H: x@y;\r\n\r\nb\r\n',
    b'From: "A <x>" <a@b>\r\nSender: "Q" <q@r> (c)\r\n\r\nb\r\n',
    b'Garbage line\r\nSubject: s\r\n\r\nb\r\n',
    b'From: x@y.z\r\nSubject: s\r\n\r\n',
    b'Subject: s\r\n',
    b'Subject: s\r\nFrom: a@b',
    b'From: a@b\nTo: c@d\n\nlf body\n',
    b'From: a@b\nTo: c@d\r\n\r\nbody\r\n',
    b'Sender: A <a@b>\r\n\r\n',
    b'X-A: 1\r\nnocolon\r\nX-B: 2\r\n\r\nb\r\n',
    b'From: G: a@b;\r\nContent-Type: application/pdf; name=x\r\n\r\n%PDF-1.4\r\nxx\r\n',
    b'To: "a:b" <x@y>, A <a:b@c>\r\nContent-Type: image/png; x=y\r\n\r\nabc\r\n',
    b'Subject: \x01\xc3\xa9\xff x\r\n\r\nline \x01\xc3\xa9\xff\tend\r\n\x0bv\x0cf\r\n',
    b'To: A <a@b\r\n\r\nb\r\n',
    b'To: AB<a@b>, B  <b@c>, C\t<c@d>, "D"\r\n\t <d@e>,  E  F  <f@g>, <x@y>\r\nCc: X <y@z>\r\n\r\nb\r\n',
    b'Content-Type: text/plain ;charset=x\r\n\r\nbody\r\n',
    b'Content-Type: TEXT/PLAIN; charset=x\r\n\r\nbody\r\n',
    b'Content-Type: text/csv; charset=x\r\n\r\na,b\r\n',
    b'Content-Type: multipart/mixed; boundary="q"\r\n\r\n',
    b'Content-Type: multipart/mixed; boundary="q"\r\n\r\nno boundary here\r\n',
    b'Content-Type: multipart/mixed; boundary="q"\r\n\r\n--q\r\nContent-Type: text/plain\r\n'
    b'X-Unknown: v\r\nnocolon line\r\nmore: x\r\n\r\nbody\r\n--q\r\nContent-Type: text/plain\r\n'
    b' folded\r\n\r\nb2\r\n--q--\r\n',
    b'Content-Type: multipart/mixed; boundary="q"\r\n\r\n--q\r\nContent-Type: image/jpeg;\r\n'
    b' name="a.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQSkZJRgABAQ==\r\n'
    b'--q\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--q--\r\n',
    b'To: ' + b', '.join(b'Person %d <p%d@example.org>' % (i, i) for i in range(12)) + b'\r\n'
    b'X-Long: ' + b'v' * 300 + b'\r\nX-Longish: ' + b'w' * 200 + b'\r\n'
    b'Subject: ' + b's' * 260 + b'\r\n\r\n' + b'x' * 300 + b'\r\n',
]


def smtp():
    pk = []
    for i, m in enumerate(MESSAGES):
        cv = Conv(cport=42000 + i, sport=25, pkts=pk)
        for d, line in [(1, b'220 mx ESMTP\r\n'), (0, b'HELO c\r\n'), (1, b'250 mx\r\n'),
                        (0, b'MAIL FROM:<a@b>\r\n'), (1, b'250 ok\r\n'), (0, b'RCPT TO:<c@d>\r\n'),
                        (1, b'250 ok\r\n'), (0, b'DATA\r\n'), (1, b'354 go\r\n')]:
            cv.send(d, line)
        cv.send(0, m + (b'' if m.endswith(b'\n') else b'\r\n') + b'.\r\n')
        cv.send(1, b'250 queued\r\n')
        cv.close()
    return pk


def main():
    os.makedirs(OUT, exist_ok=True)
    write_pcap(os.path.join(OUT, 'imf-smtp.pcap'), smtp())


if __name__ == '__main__':
    main()

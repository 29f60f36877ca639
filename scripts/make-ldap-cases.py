#!/usr/bin/env python3
"""Writes crates/wiresift/tests/data/ldap/ldap-crafted.pcap: LDAP messages that the recorded slapd
exchange (scripts/record-ldap-fixture.sh) does not hold: every filter kind (approxMatch, <=,
extensibleMatch, substrings with several any parts), search references, referrals, abandon, an
intermediate response, controls (paged results, criticality), SASL binds, several messages in one
segment, StartTLS accepted and refused; and broken ones: BER lengths past their container, a truncated message ID, an unknown
protocolOp, a multi-byte tag, an indefinite length, huge declared lengths, filters nested deeper
than tshark follows, bytes that are not LDAP. Then scripts/ldap-fixture-oracle.sh writes tshark's
answers.

usage: make-ldap-cases.py [OUTDIR]
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

def L(n):
    if n < 0x80: return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b
def tlv(tag, content):
    return bytes([tag]) + L(len(content)) + content
def seq(*xs): return tlv(0x30, b''.join(xs))
def setof(*xs): return tlv(0x31, b''.join(xs))
def intg(v, tag=0x02):
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(tag, v.to_bytes(n, 'big', signed=True))
def enum(v): return intg(v, 0x0a)
def octs(s, tag=0x04):
    return tlv(tag, s.encode() if isinstance(s, str) else s)
def boolean(b): return tlv(0x01, b'\xff' if b else b'\x00')
def msg(mid, op, controls=None):
    body = intg(mid) + op
    if controls is not None: body += controls
    return seq(body)
def app(n, content, constructed=True):
    return tlv((0x60 if constructed else 0x40) | n, content)
def ctx(n, content, constructed=False):
    return tlv((0xa0 if constructed else 0x80) | n, content)
def result(code, dn='', err='', extra=b''):
    return enum(code) + octs(dn) + octs(err) + extra
# filters
def f_and(*fs): return ctx(0, b''.join(fs), True)
def f_or(*fs): return ctx(1, b''.join(fs), True)
def f_not(f): return ctx(2, f, True)
def f_eq(a, v): return ctx(3, octs(a) + octs(v), True)
def f_sub(a, init=None, anys=(), fin=None):
    items = b''
    if init is not None: items += ctx(0, init.encode())
    for x in anys: items += ctx(1, x.encode())
    if fin is not None: items += ctx(2, fin.encode())
    return ctx(4, octs(a) + seq(items), True)
def f_ge(a, v): return ctx(5, octs(a) + octs(v), True)
def f_le(a, v): return ctx(6, octs(a) + octs(v), True)
def f_present(a): return ctx(7, a.encode())
def f_approx(a, v): return ctx(8, octs(a) + octs(v), True)
def f_ext(rule=None, typ=None, val='', dn=False):
    b = b''
    if rule is not None: b += ctx(1, rule.encode())
    if typ is not None: b += ctx(2, typ.encode())
    b += ctx(3, val.encode())
    if dn: b += ctx(4, b'\xff')
    return ctx(9, b, True)
def search(base, scope, filt, attrs=(), deref=0, size=0, time=0, types=False):
    return app(3, octs(base) + enum(scope) + enum(deref) + intg(size) + intg(time) + boolean(types) + filt + seq(*[octs(a) for a in attrs]))
def control(oid, crit=None, value=None):
    b = octs(oid)
    if crit is not None: b += boolean(crit)
    if value is not None: b += octs(value)
    return seq(b)
def controls(*cs): return ctx(0, b''.join(cs), True)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), '..', 'crates', 'wiresift', 'tests', 'data', 'ldap')
    pk = []
    c = Conv(40001, 389, pk)
    c.send(0, msg(1, app(0, intg(3) + octs('cn=admin,dc=example,dc=com') + ctx(0, b'secret'))))
    c.send(1, msg(1, app(1, result(0))))
    c.send(0, msg(2, search('dc=example,dc=com', 2, f_and(
        f_or(f_eq('cn', 'x'), f_not(f_present('mail'))), f_sub('sn', 'ab', ['cd', 'ef'], 'gh'),
        f_ge('uid', '5'), f_le('uid', '9'), f_approx('cn', 'y'), f_ext('2.5.13.2', 'cn', 'z', True),
        f_ext(None, None, 'v'), f_sub('cn', None, ['mid']), f_sub('cn', None, [], 'end'),
        f_eq('photo', b'\x01\x02\xff'), f_eq('cn', '')), ['cn', 'sn'], deref=3, size=10, time=5,
        types=True)))
    c.send(1, msg(2, app(4, octs('cn=x,dc=example,dc=com') + seq(
        seq(octs('cn') + setof(octs('x'), octs('y'), octs(''))),
        seq(octs('jpegPhoto;binary') + setof(octs(b'\xff\xd8\x00'))),
        seq(octs('supportedControl') + setof(octs('1.2.840.113556.1.4.319'), octs('1.3.6.1.4.1.99.1'),
                                             octs('not an oid')))))) +
           msg(2, app(19, octs('ldap://h/dc=a') + octs('ldap://h2/dc=b'))) + msg(2, app(5, result(0))))
    c.send(0, msg(3, app(6, octs('cn=x,dc=example,dc=com') + seq(
        seq(enum(2) + seq(octs('mail') + setof(octs('a@b')))),
        seq(enum(0) + seq(octs('cn') + setof())), seq(enum(3) + seq(octs('n') + setof(octs('1'))))))))
    c.send(1, msg(3, app(7, result(32, 'dc=example,dc=com', 'no such\nline', ctx(3, octs('ldap://r/x'), True)))))
    c.send(0, msg(4, app(8, octs('cn=n,dc=e') + seq(seq(octs('objectClass') + setof(octs('top'), octs('person')))))))
    c.send(1, msg(4, app(9, result(68))))
    c.send(0, msg(5, app(10, b'', False)))
    c.send(1, msg(5, app(11, result(99))))
    c.send(0, msg(6, app(12, octs('cn=a,dc=e') + octs('cn=b') + boolean(False))))
    c.send(1, msg(6, app(13, result(0))))
    c.send(0, msg(7, app(14, octs('cn=a,dc=e') + seq(octs('sn') + octs('z')))))
    c.send(1, msg(7, app(15, result(5))))
    c.send(0, msg(8, app(16, b'\x05', False)))
    c.send(0, msg(10, app(23, ctx(0, b'1.3.6.1.4.1.4203.1.11.99') + ctx(1, b'\x30\x00'))))
    c.send(1, msg(10, app(25, ctx(0, b'1.2.3') + ctx(1, b'\x01\x02'))))
    c.send(1, msg(10, app(25, ctx(1, b'\x01'))))
    c.send(1, msg(10, app(24, result(2, '', 'bad') + ctx(11, b'x'))))
    c.send(0, msg(11, app(3, octs('') + enum(0) + enum(0) + intg(0) + intg(0) + boolean(False) +
                          f_present('objectClass') + seq()),
                  controls(control('1.2.840.113556.1.4.319', True, seq(intg(100) + octs(b'\x01\x02'))),
                           control('2.16.840.1.113730.3.4.2'), control('1.2.3.4', False, b'\x05'))))
    c.send(0, msg(12, app(0, intg(3) + octs('') + ctx(3, octs('EXTERNAL'), True))))
    c.send(1, msg(12, app(1, result(0))))
    c.send(0, msg(13, app(2, b'', False)))
    c.close()
    # StartTLS accepted: the next segment is TLS (an alert record here); refused: LDAP goes on.
    c = Conv(40002, 389, pk)
    c.send(0, msg(1, app(23, ctx(0, b'1.3.6.1.4.1.1466.20037'))))
    c.send(1, msg(1, app(24, result(0) + ctx(10, b'1.3.6.1.4.1.1466.20037'))))
    c.send(0, b'\x15\x03\x03\x00\x02\x02\x28')
    c.close()
    c = Conv(40003, 389, pk)
    c.send(0, msg(1, app(23, ctx(0, b'1.3.6.1.4.1.1466.20037'))))
    c.send(1, msg(1, app(24, result(2, '', 'no tls'))))
    c.send(0, msg(2, app(2, b'', False)))
    c.close()
    # Broken messages, each on its own connection: what tshark shows for each.
    broken = [
        # A string whose length runs past its SEQUENCE.
        msg(1, app(10, b'cn=x', False))[:-6] + b'\x4a\x20cn=x',
        # The message ID's length runs past the message.
        bytes.fromhex('30050205010203'),
        # An unknown protocolOp, [APPLICATION 30].
        msg(2, app(30, b'\x01\x02', False)),
        # A multi-byte tag as the protocolOp.
        msg(3, b'\x7f\x81\x00\x00'),
        # The protocolOp's length is huge.
        bytes.fromhex('300902010163847fffffff00'),
        # An indefinite outer length.
        bytes.fromhex('30800201014200') + b'\0\0',
        # A search whose filter nests 300 "not"s.
        msg(4, app(3, octs('') + enum(0) + enum(0) + intg(0) + intg(0) + boolean(False) +
                   nest_not(300) + seq())),
        # A search whose filter is an "and" of 250 present tests.
        msg(5, app(3, octs('') + enum(0) + enum(0) + intg(0) + intg(0) + boolean(False) +
                   f_and(*[f_present('a%d' % i) for i in range(250)]) + seq())),
        # A search request cut after its scope.
        msg(6, app(3, octs('dc=x') + enum(1))),
        # A huge outer length: held to the end.
        bytes.fromhex('30847fffffff020101'),
    ]
    for i, b in enumerate(broken):
        c = Conv(41000 + i, 389, pk)
        c.send(0, b)
        c.close()
    write_pcap(os.path.join(out, 'ldap-crafted.pcap'), pk)


def nest_not(n):
    f = f_present('cn')
    for _ in range(n):
        f = f_not(f)
    return f


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Writes crates/wiresift/tests/data/ntp/ntp-crafted.pcap and ntp-cut.pcap: NTP packets no real server
sends together, for the tcpdump-mode NTP printer's edge cases (every mode and version, leap indicators,
strata 0/1/2-15/16+/62/63, polls and precisions at their limits, 32.32 timestamps at era edges and zero,
key ids and MD5/SHA-1 digests, extension bytes, control messages with every flag, short messages, and
frames cut by the snapshot length at every offset). The expected outputs beside them are Debian's
tcpdump 4.99.3 reading these files (scripts/ntp-fixture-oracle.sh)."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates/wiresift/tests/data/ntp")
def ip_udp(payload, sport=123, dport=123, src=b'\xc0\x00\x02\x01', dst=b'\xc0\x00\x02\x02'):
    udp = struct.pack('>HHHH', sport, dport, 8+len(payload), 0) + payload
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20+len(udp), 1, 0, 64, 17, 0, src, dst)
    # checksum
    s = sum(struct.unpack('>10H', ip)); s = (s & 0xffff) + (s >> 16); s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack('>H', ~s & 0xffff) + ip[12:]
    return b'\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00' + ip + udp
def ts(sec, frac): return struct.pack('>II', sec, frac)
pkts = []
def time_pkt(li, vn, mode, stratum, poll, prec, rd, rdisp, refid, t1, t2, t3, t4, extra=b''):
    return struct.pack('>BBBb', (li<<6)|(vn<<3)|mode, stratum, poll, prec) + struct.pack('>II', rd, rdisp) + refid + t1 + t2 + t3 + t4 + extra
now = 3913056000  # 2024-01-01
# realistic client/server
pkts.append(time_pkt(0,4,3,0,3,-6,0,0,b'\0\0\0\0', ts(0,0), ts(0,0), ts(0,0), ts(now+5, 0x12345678)))
pkts.append(time_pkt(0,4,4,2,3,-23,0x00000a3d,0x00001234,b'\xc0\x00\x02\x09', ts(now-100, 0xabcdef01), ts(now+5,0x12345678), ts(now+5,0x22345678), ts(now+5,0x22355678)))
pkts.append(time_pkt(0,4,4,1,6,-20,0,0x10,b'GPS\0', ts(now-16, 0), ts(now+5,0x12345678), ts(now+4,0x92345678), ts(now+6,0x00000001)))
pkts.append(time_pkt(3,4,3,0,17,32,0x80000000,0xffffffff,b'INIT', ts(0,0), ts(0,0), ts(0,0), ts(now,0xffffffff)))
pkts.append(time_pkt(1,3,1,16,10,-10,1,2,b'\x7f\x00\x00\x01', ts(now,1), ts(now,2), ts(now,3), ts(now,4)))
pkts.append(time_pkt(2,2,2,15,4,-7,0x00010000,0x00008000,b'\x0a\x00\x00\x01', ts(now,1<<31), ts(now+1,0), ts(now-1,5), ts(now,6)))
pkts.append(time_pkt(0,4,5,3,6,-18,0,0,b'\x0a\x00\x00\x02', ts(now,0), ts(0,0), ts(0,0), ts(now,7)))
pkts.append(time_pkt(0,4,0,62,4,-1,0,0,b'\x0a\x00\x00\x03', ts(1,0), ts(2,0), ts(3,0), ts(4,0)))
pkts.append(time_pkt(0,4,3,63,4,-1,0,0,b'\x0a\x00\x00\x04', ts(1,0), ts(2,0), ts(3,0), ts(4,0)))
pkts.append(time_pkt(0,4,4,2,3,-23,0,0,b'\xc0\x00\x02\x09', ts(now,0), ts(now,1), ts(now,2), ts(now,3), struct.pack('>I', 42)))
pkts.append(time_pkt(0,4,4,2,3,-23,0,0,b'\xc0\x00\x02\x09', ts(now,0), ts(now,1), ts(now,2), ts(now,3), struct.pack('>I', 42) + bytes(range(16))))
pkts.append(time_pkt(0,4,4,2,3,-23,0,0,b'\xc0\x00\x02\x09', ts(now,0), ts(now,1), ts(now,2), ts(now,3), struct.pack('>I', 43) + bytes(range(20))))
pkts.append(time_pkt(0,4,4,2,3,-23,0,0,b'\xc0\x00\x02\x09', ts(now,0), ts(now,1), ts(now,2), ts(now,3), bytes(range(30))))
pkts.append(time_pkt(0,1,3,0,3,-6,0,0,b'\0\0\0\0', ts(0,0), ts(0,0), ts(0,0), ts(now, 5)))
pkts.append(time_pkt(0,0,3,0,3,-6,0,0,b'\0\0\0\0', ts(0,0), ts(0,0), ts(0,0), ts(now, 5)))
pkts.append(time_pkt(0,5,3,0,3,-6,0,0,b'\0\0\0\0', ts(0,0), ts(0,0), ts(0,0), ts(now, 5)))
pkts.append(time_pkt(0,7,7,0,3,-6,0,0,b'\0\0\0\0', ts(0,0), ts(0,0), ts(0,0), ts(now, 5)))
pkts.append(time_pkt(0,4,4,2,3,-23,0,0,b'\xc0\x00\x02\x09', ts(0xffffffff,0xffffffff), ts(0x80000000,0), ts(0x7fffffff,0xffffffff), ts(2208988800,0)))
pkts.append(time_pkt(0,4,4,2,255,-128,0,0,b'\xc0\x00\x02\x09', ts(now,0), ts(now,1), ts(now,2), ts(now,3)))
pkts.append(time_pkt(0,4,4,2,31,127,0,0,b'\xc0\x00\x02\x09', ts(now,0), ts(now,1), ts(now,2), ts(now,3)))
pkts.append(time_pkt(0,4,4,1,32,0,0,0,b'G\x01S\xff', ts(now,0), ts(now,1), ts(now,2), ts(now,3)))
# truncated time packets
full = time_pkt(0,4,4,2,3,-23,5,6,b'\xc0\x00\x02\x09', ts(now,0), ts(now,1), ts(now,2), ts(now,3))
for cut in (1,2,3,4,6,8,10,12,14,16,20,24,30,32,40,44,47):
    pkts.append(full[:cut])
# control messages: mode 6
def ctl(li, vn, r,e,m,op, seq, status, assoc, off, count, data=b''):
    return struct.pack('>BBHHHHH', (li<<6)|(vn<<3)|6, (r<<7)|(e<<6)|(m<<5)|op, seq, status, assoc, off, count) + data
pkts.append(ctl(0,2,0,0,0,1,1,0,0,0,0))
pkts.append(ctl(0,2,1,0,0,1,1,0x0615,0,0,8, b'\x00\x01\x96\x14\x00\x02\x93\x14'))
pkts.append(ctl(0,2,0,0,0,2,2,0,0,0,0))
pkts.append(ctl(0,2,1,0,1,2,2,0x0615,0,0,20, b'version="ntpd 4.2.8"'))
pkts.append(ctl(0,2,1,0,0,2,3,0x9614,0x1234,0,10, b'srcadr=1.2'))
pkts.append(ctl(0,2,1,1,0,2,4,0x0500,0,0,0))
pkts.append(ctl(0,2,0,0,0,4,5,0x0103,7,0,0))
pkts.append(ctl(0,2,1,0,0,3,6,0x0103,7,0,0))
pkts.append(ctl(0,2,1,0,0,3,6,0x0103,0,0,0))
pkts.append(ctl(0,2,0,0,0,31,7,0x0103,0,0,0))
pkts.append(ctl(0,2,0,0,0,12,8,0x0103,0,0,4, b'abcd'))
pkts.append(ctl(0,1,0,0,0,1,9,0,0,0,0))
pkts.append(ctl(3,4,0,0,0,10,10,0,0,0,0))
pkts.append(ctl(0,2,0,0,0,1,1,0,0,0,0)[:5])
pkts.append(ctl(0,2,0,0,0,1,1,0,0,0,0)[:11])
pkts.append(ctl(0,2,1,0,0,2,2,0x0615,0,0,400, b'x'*300))
# mode 7 private
pkts.append(bytes([0x17, 0x00, 0x03, 0x2a]) + bytes(4))
pkts.append(bytes([0x27, 0x80, 0x03, 0x2a]) + bytes(40))
# empty
pkts.append(b'')
with open(os.path.join(OUT, 'ntp-crafted.pcap'),'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    t = 1700000000
    for i,p in enumerate(pkts):
        sp = 123 if i % 3 else 40000 + i
        fr = ip_udp(p, sport=sp)
        f.write(struct.pack('<IIII', t+i, 0, len(fr), len(fr)))
        f.write(fr)

pkts=[]
now=3913056000
def tp(poll=3, prec=-6, ref=ts(0,0), org=ts(0,0), rec=ts(0,0), xmt=ts(0,0), stratum=2, extra=b'', status=0x24):
    return struct.pack('>BBBb', status, stratum, poll & 0xff, prec) + struct.pack('>II', 0x00012345, 0x00000001) + b'\x0a\x01\x02\x03' + ref+org+rec+xmt+extra
for p in (-31,-32,-30,30,31,-127):
    pkts.append((tp(poll=p), None))
pkts.append((tp(ref=ts(0,0x80000000), org=ts(0, 1), rec=ts(1,0), xmt=ts(0,0xffffffff)), None))
pkts.append((tp(org=ts(now,0x80000000), rec=ts(now-3,0x90000000), xmt=ts(now+3,0x70000000)), None))
pkts.append((tp(org=ts(10,0), rec=ts(0xfffffff0,0), xmt=ts(0x8000000a,0)), None))
full = tp(org=ts(now,5), rec=ts(now,6), xmt=ts(now,7), stratum=1, extra=struct.pack('>I',9)+bytes(16))
for cut in range(0, len(full)):
    pkts.append((full, cut))
full62 = tp(stratum=62)
for cut in (12,13,14,15,16):
    pkts.append((full62, cut))
c = struct.pack('>BBHHHHH', 0x16, 0x82, 7, 0x0615, 0, 0, 6) + b'abcdef' + b'xyz'
for cut in range(0, len(c)+1):
    pkts.append((c, cut))
with open(os.path.join(OUT, 'ntp-cut.pcap'),'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    t = 1700000000
    for i,(p,cut) in enumerate(pkts):
        fr = ip_udp(p, sport=123, dport=50000+i)
        cap = fr if cut is None else fr[:42+cut]
        f.write(struct.pack('<IIII', t+i, 0, len(cap), len(fr)))
        f.write(cap)

#!/usr/bin/env python3
"""Writes seed inputs for the `http` and `websocket` fuzz targets (harness::http_input and
websocket_input) from the TCP payloads of classic pcap captures: each data segment becomes a record
(direction, length, step 0, bytes). For `websocket` the segments after the first 101 response are used.

usage: seed-streams.py OUTDIR CAPTURE...
"""
import os
import struct
import sys


def segments(path):
    data = open(path, "rb").read()
    if len(data) < 24 or struct.unpack("<I", data[:4])[0] != 0xA1B2C3D4:
        return
    link = struct.unpack("<I", data[20:24])[0]
    at = 24
    while at + 16 <= len(data):
        _, _, incl, _ = struct.unpack("<IIII", data[at : at + 16])
        pkt = data[at + 16 : at + 16 + incl]
        at += 16 + incl
        if link == 1:
            if pkt[12:14] != b"\x08\x00":
                continue
            pkt = pkt[14:]
        elif link == 113:
            pkt = pkt[16:]
        else:
            continue
        if len(pkt) < 20 or pkt[9] != 6:
            continue
        ihl = (pkt[0] & 15) * 4
        tcp = pkt[ihl:]
        if len(tcp) < 20:
            continue
        sport, dport = struct.unpack("!HH", tcp[:4])
        payload = tcp[(tcp[12] >> 4) * 4 :]
        if payload:
            yield sport < dport, payload


def main():
    out = sys.argv[1]
    for target in ("http", "websocket"):
        os.makedirs(os.path.join(out, target), exist_ok=True)
    for path in sys.argv[2:]:
        segs = list(segments(path))
        name = os.path.basename(path)
        http = b"".join(
            bytes([int(reply)]) + struct.pack("!H", len(p[:65535])) + b"\0" + p[:65535] for reply, p in segs
        )
        open(os.path.join(out, "http", name), "wb").write(http)
        after = next((i for i, (_, p) in enumerate(segs) if p.startswith(b"HTTP/1.1 101")), None)
        if after is not None:
            ws = b"\x01" + b"".join(
                bytes([int(reply)]) + struct.pack("!H", len(p[:65535])) + b"\0" + p[:65535]
                for reply, p in segs[after + 1 :]
            )
            open(os.path.join(out, "websocket", name), "wb").write(ws)


main()

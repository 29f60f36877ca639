#!/usr/bin/env python3
"""A two-port Ethernet bridge that delays, drops, duplicates and reorders TCP segments on purpose.

scripts/record-tcp-fixtures.sh runs it in a namespace between a client's and a server's veth. It
stands in for `tc qdisc ... netem`, which the kernels we record on may lack (no sch_netem module),
and it is more useful for fixtures: the impairments hit chosen segments instead of random ones, so
every recording holds the cases it is meant to hold.

Every frame read on one port is sent out of the other after --delay-ms (the same for every frame of
a direction, so order is kept). Rules pick TCP segments by their rank in their direction:

    DIR:CLASS:N:ACTION
    DIR     a2b (read on --a, sent on --b) or b2a
    CLASS   data (segments with payload) or any (every TCP segment)
    N       1-based rank among the segments of CLASS in DIR, retransmissions included
    ACTION  drop          the segment is not sent
            drop=K        the segment and the next K-1 segments with its sequence number (its
                          retransmissions) are not sent
            dup           the segment is sent twice
            hold=K        the segment is sent after the next K segments of CLASS in DIR (or after
                          200 ms, whichever comes first): it arrives out of order
            delay=MS      the segment is sent MS ms later than the others (later frames may overtake it)

usage: impair-bridge.py --a IF --b IF [--delay-ms MS] [--ready FILE] [RULE ...]
"""

import argparse
import heapq
import os
import select
import socket
import struct
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def tcp_segment(frame):
    """(sequence number, payload length) of an Ethernet frame holding TCP over IPv4 or IPv6, else None."""
    if len(frame) < 14:
        return None
    ethertype = struct.unpack_from("!H", frame, 12)[0]
    o = 14
    if ethertype == 0x0800 and len(frame) >= o + 20:
        ihl = (frame[o] & 0x0F) * 4
        if frame[o + 9] != 6:
            return None
        total = struct.unpack_from("!H", frame, o + 2)[0]
        tcp = o + ihl
        ip_payload = total - ihl
    elif ethertype == 0x86DD and len(frame) >= o + 40:
        if frame[o + 6] != 6:  # no extension headers in our traffic
            return None
        tcp = o + 40
        ip_payload = struct.unpack_from("!H", frame, o + 4)[0]
    else:
        return None
    if len(frame) < tcp + 20:
        return None
    seq = struct.unpack_from("!I", frame, tcp + 4)[0]
    doff = (frame[tcp + 12] >> 4) * 4
    return seq, max(0, ip_payload - doff)


class Rule:
    def __init__(self, text):
        self.text = text
        parts = text.split(":")
        if len(parts) != 4 or parts[0] not in ("a2b", "b2a") or parts[1] not in ("data", "any"):
            raise SystemExit(f"bad rule {text!r}")
        self.dir, self.cls, self.n = parts[0], parts[1], int(parts[2])
        action, _, arg = parts[3].partition("=")
        if action not in ("drop", "dup", "hold", "delay"):
            raise SystemExit(f"bad action in {text!r}")
        self.action = action
        self.arg = int(arg) if arg else 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--a", required=True)
    p.add_argument("--b", required=True)
    p.add_argument("--delay-ms", type=float, default=0.0)
    p.add_argument("--ready")
    p.add_argument("rules", nargs="*")
    args = p.parse_args()
    rules = [Rule(r) for r in args.rules]

    socks = {}
    for name in ("a", "b"):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((getattr(args, name), 0))
        socks[name] = s
    out_of = {"a2b": socks["b"], "b2a": socks["a"]}
    dir_of = {socks["a"].fileno(): "a2b", socks["b"].fileno(): "b2a"}
    counts = {(d, c): 0 for d in ("a2b", "b2a") for c in ("data", "any")}
    # (direction, sequence number) -> transmissions still to drop
    dropping = {}
    # held frames: [direction, class, segments still to let pass, deadline, frame]
    held = []
    queue = []  # (send time, tie-breaker, direction, frame)
    tie = 0
    delay = args.delay_ms / 1000.0
    if args.ready:
        open(args.ready, "w").close()

    def schedule(direction, frame, extra=0.0):
        nonlocal tie
        tie += 1
        heapq.heappush(queue, (time.monotonic() + delay + extra, tie, direction, frame))

    while True:
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, direction, frame = heapq.heappop(queue)
            out_of[direction].send(frame)
        for h in held[:]:
            if h[3] <= now:
                held.remove(h)
                schedule(h[0], h[4])
        wake = [q[0] for q in queue[:1]] + [h[3] for h in held]
        timeout = max(0.0, min(wake) - now) if wake else None
        ready, _, _ = select.select(list(socks.values()), [], [], timeout)
        for s in ready:
            frame, addr = s.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            direction = dir_of[s.fileno()]
            seg = tcp_segment(frame)
            if seg is None:
                schedule(direction, frame)
                continue
            seq, length = seg
            classes = ["any"] + (["data"] if length > 0 else [])
            for c in classes:
                counts[(direction, c)] += 1
            if length > 0 and dropping.get((direction, seq), 0) > 0:
                dropping[(direction, seq)] -= 1
                continue
            action = None
            for r in rules:
                if r.dir == direction and r.cls in classes and counts[(direction, r.cls)] == r.n:
                    action = r
                    break
            if action is None:
                schedule(direction, frame)
            elif action.action == "drop":
                dropping[(direction, seq)] = action.arg - 1
            elif action.action == "dup":
                schedule(direction, frame)
                schedule(direction, frame)
            elif action.action == "hold":
                # counts already include this frame: it waits for `arg` more
                held.append([direction, action.cls, action.arg, time.monotonic() + 0.2, frame])
                continue
            elif action.action == "delay":
                schedule(direction, frame, action.arg / 1000.0)
            # Frames held back go out once enough others of their class went past them.
            for h in held[:]:
                if h[0] == direction and h[1] in classes:
                    h[2] -= 1
                    if h[2] <= 0:
                        held.remove(h)
                        schedule(h[0], h[4])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Clients and servers for scripts/record-tcp-fixtures.sh: each role is a few socket calls that make
one kind of TCP traffic. Run inside the namespaces that script creates.

usage: tcp-peers.py ROLE [options]   (see the subcommands below)
"""

import argparse
import os
import socket
import struct
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def listener(addr, port, rcvbuf=None):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        # Set before listen(): accepted sockets inherit it, and the window offered in the SYN+ACK
        # already follows it.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((addr, port))
    s.listen(8)
    return s


def ready(path):
    if path:
        open(path, "w").close()


def read_all(c, slow=0.0, chunk=65536):
    n = 0
    while True:
        b = c.recv(chunk)
        if not b:
            return n
        n += len(b)
        if slow:
            time.sleep(slow)


def server_sink(a):
    """Reads each connection to its end, answers with how many bytes came, closes."""
    s = listener(a.addr, a.port)
    ready(a.ready)
    for _ in range(a.count):
        c, _ = s.accept()
        n = read_all(c)
        c.sendall(f"got {n} bytes\n".encode())
        c.close()


def server_zero_window(a):
    """A receiver with a small buffer that stops reading for a while, then reads slowly, then fast."""
    s = listener(a.addr, a.port, rcvbuf=a.rcvbuf)
    ready(a.ready)
    c, _ = s.accept()
    time.sleep(a.stall)
    got = 0
    while got < a.slow_bytes:
        b = c.recv(1024)
        if not b:
            break
        got += len(b)
        time.sleep(0.05)
    read_all(c)
    c.sendall(b"done\n")
    c.close()


def client_send(a):
    """Sends --bytes bytes in --chunk writes, reads the answer, closes."""
    c = socket.create_connection((a.addr, a.port))
    pattern = bytes(range(256)) * (a.chunk // 256 + 1)
    left = a.bytes
    while left > 0:
        n = min(a.chunk, left)
        c.sendall(pattern[:n])
        left -= n
        if a.pause:
            time.sleep(a.pause)
    c.shutdown(socket.SHUT_WR)
    read_all(c)
    c.close()


def server_echo(a):
    """Echoes every connection line by line until the client closes; --linger0 closes with a RST
    after the first line instead."""
    s = listener(a.addr, a.port)
    ready(a.ready)
    for _ in range(a.count):
        c, _ = s.accept()
        f = c.makefile("rb")
        try:
            for line in f:
                c.sendall(line)
                if a.linger0:
                    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break
        except ConnectionResetError:
            pass  # a client that closes with a RST
        f.close()
        c.close()


def client_keepalive(a):
    """Talks, stays idle long enough for TCP keep-alives, talks again, closes."""
    c = socket.socket(family(a.addr), socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 5)
    c.connect((a.addr, a.port))
    f = c.makefile("rb")
    c.sendall(b"hello\n")
    f.readline()
    time.sleep(a.idle)
    c.sendall(b"still there?\n")
    f.readline()
    f.close()
    c.close()


def client_refused(a):
    """Connects to a port nobody listens on: the answer to the SYN is a RST."""
    c = socket.socket(family(a.addr), socket.SOCK_STREAM)
    try:
        c.connect((a.addr, a.port))
    except ConnectionRefusedError:
        pass
    c.close()


def client_lines(a):
    """Sends lines and reads their echo; stops quietly when the server resets the connection."""
    c = socket.socket(family(a.addr), socket.SOCK_STREAM)
    if a.bind_port:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind(("::" if ":" in a.addr else "0.0.0.0", a.bind_port))
    c.connect((a.addr, a.port))
    f = c.makefile("rb")
    try:
        for i in range(a.lines):
            c.sendall(f"line {i}\n".encode())
            if not f.readline():
                break
            time.sleep(0.05)
        if a.after_reset:
            # The server reset after the first line; writing again is answered by another RST.
            time.sleep(0.1)
            c.sendall(b"anyone?\n")
            time.sleep(0.1)
            c.sendall(b"anyone?\n")
    except (ConnectionResetError, BrokenPipeError):
        pass
    f.close()
    if a.rst_close:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def udp_echo(a):
    s = socket.socket(family(a.addr), socket.SOCK_DGRAM)
    s.bind((a.addr, a.port))
    ready(a.ready)
    for _ in range(a.count):
        b, peer = s.recvfrom(2048)
        s.sendto(b, peer)


def udp_client(a):
    s = socket.socket(family(a.addr), socket.SOCK_DGRAM)
    s.settimeout(2)
    s.sendto(b"ping\n", (a.addr, a.port))
    s.recvfrom(2048)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="role", required=True)

    def role(name, fn):
        r = sub.add_parser(name)
        r.add_argument("--addr", required=True)
        r.add_argument("--port", type=int, required=True)
        r.add_argument("--ready")
        r.add_argument("--count", type=int, default=1)
        r.set_defaults(fn=fn)
        return r

    role("server-sink", server_sink)
    r = role("server-zero-window", server_zero_window)
    r.add_argument("--rcvbuf", type=int, default=4096)
    r.add_argument("--stall", type=float, default=1.5)
    r.add_argument("--slow-bytes", type=int, default=8192)
    r = role("client-send", client_send)
    r.add_argument("--bytes", type=int, required=True)
    r.add_argument("--chunk", type=int, default=16384)
    r.add_argument("--pause", type=float, default=0.0)
    r = role("server-echo", server_echo)
    r.add_argument("--linger0", action="store_true")
    r = role("client-keepalive", client_keepalive)
    r.add_argument("--idle", type=float, default=3.5)
    role("client-refused", client_refused)
    r = role("client-lines", client_lines)
    r.add_argument("--lines", type=int, default=3)
    r.add_argument("--bind-port", type=int)
    r.add_argument("--after-reset", action="store_true")
    r.add_argument("--rst-close", action="store_true")
    role("udp-echo", udp_echo)
    role("udp-client", udp_client)
    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()

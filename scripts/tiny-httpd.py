#!/usr/bin/env python3
"""A small HTTP/1.1 file server for the capture-recording scripts.

Used by scripts/record-sample.sh and bench/make-big-capture.sh, always inside a network namespace
those scripts create. It is python's SimpleHTTPRequestHandler with three changes that make the
recorded traffic look like a real server's and stay the same from one recording to the next:

* HTTP/1.1 with keep-alive (python's default is HTTP/1.0, one request per connection, server
  closes first), so a client can reuse a connection and the client closes it with a FIN;
* a fixed Server header (python's includes its own version, which would differ between machines);
* no access log on stderr (the bench sends many thousands of requests).

usage: tiny-httpd.py --bind ADDR --port PORT --directory DIR [--ready FILE] [--buffer]
ADDR may be IPv6; "::" serves IPv4 and IPv6.
--ready FILE is created once the socket listens, so the caller can wait for it instead of sleeping.
--buffer: see BufferedHandler (the bench uses it; the sample keeps python's two-segment responses).
"""

import argparse
import functools
import http.server
import os
import socket
import socketserver


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tiny-httpd/1.0"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the base class's parameter name
        pass


class BufferedHandler(Handler):
    """--buffer: headers and a small body leave in one write, and without Nagle's algorithm, as
    nginx sends them. Python's own handler writes the headers, then the body, each unbuffered; the
    body's segment then waits for the client's ACK of the headers' one (Nagle), which in a
    keep-alive session is a delayed ACK: 40 ms per response."""

    wbufsize = 64 * 1024
    disable_nagle_algorithm = True


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The bench opens many connections at once; the default backlog of 5 would drop SYNs.
    request_queue_size = 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True)
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--directory", required=True)
    ap.add_argument("--ready")
    ap.add_argument("--buffer", action="store_true")
    args = ap.parse_args()
    handler = functools.partial(BufferedHandler if args.buffer else Handler, directory=args.directory)
    server = Server
    if ":" in args.bind:
        # An IPv6 address; "::" also takes IPv4 connections (as IPv4-mapped addresses).
        server = type("Server6", (Server,), {"address_family": socket.AF_INET6})
    with server((args.bind, args.port), handler) as httpd:
        if args.ready:
            with open(args.ready, "w") as f:
                f.write(str(os.getpid()))
        httpd.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""One HTTP/1.1 client of bench/make-big-capture.sh: a mix of browser-like exchanges.

Runs inside the bench's client namespace against tiny-httpd.py there. It stops by itself after
--duration seconds or --max-requests requests, whichever comes first. Every choice comes from a
random generator seeded with --seed, so a worker sends the same sequence of requests each run.

The mix, per step:
  50%  a new connection for one small page, closed by the client or (half of those, with
       "Connection: close") by the server; 30% of them revalidate a cached copy (304)
  30%  a keep-alive session: 3-10 small pages on one connection, then the client closes it;
       40% of the requests revalidate (304)
   2%  a medium file (8-64 KiB) on a new connection
  10%  a page that does not exist (404)
   8%  a HEAD request
"""

import argparse
import http.client
import random
import socket
import sys
import time

AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "curl/7.88.1",
    "Wget/1.21.3",
    "python-requests/2.31.0",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True, help="server address (IPv4 or IPv6)")
    ap.add_argument("--source", required=True, help="client address to send from")
    ap.add_argument("--host", default="www.example.test", help="Host header")
    ap.add_argument("--small", type=int, required=True, help="number of files under /small/")
    ap.add_argument("--medium", type=int, required=True, help="number of files under /medium/")
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--max-requests", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    agent = AGENTS[args.seed % len(AGENTS)]
    deadline = time.monotonic() + args.duration
    counts = {"requests": 0, "errors": 0}

    def connect():
        c = http.client.HTTPConnection(args.server, 80, timeout=5, source_address=(args.source, 0))
        c.connect()
        # Browsers and curl send the request in one segment; so does http.client (it buffers the
        # headers), but disabling Nagle keeps the small request from waiting for an ACK.
        c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return c

    def get(conn, method, path, close=False, revalidate=False):
        headers = {"Host": args.host, "User-Agent": agent, "Accept": "*/*"}
        if close:
            headers["Connection"] = "close"
        if revalidate:
            # A browser checking its cached copy: the files date from 2024-01-01, so the answer is
            # 304 Not Modified, headers only.
            headers["If-Modified-Since"] = "Tue, 02 Jan 2024 00:00:00 GMT"
        conn.request(method, path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        counts["requests"] += 1
        return resp.status

    def small():
        return f"/small/{rng.randrange(args.small)}.html"

    while time.monotonic() < deadline and counts["requests"] < args.max_requests:
        r = rng.random()
        try:
            if r < 0.50:
                conn = connect()
                get(conn, "GET", small(), close=rng.random() < 0.5, revalidate=rng.random() < 0.3)
                conn.close()
            elif r < 0.80:
                conn = connect()
                for _ in range(rng.randint(3, 10)):
                    get(conn, "GET", small(), revalidate=rng.random() < 0.4)
                conn.close()
            elif r < 0.82:
                conn = connect()
                get(conn, "GET", f"/medium/{rng.randrange(args.medium)}.bin")
                conn.close()
            elif r < 0.92:
                conn = connect()
                get(conn, "GET", f"/missing/{rng.randrange(1000)}.html")
                conn.close()
            else:
                conn = connect()
                get(conn, "HEAD", small())
                conn.close()
        except (OSError, http.client.HTTPException) as e:
            counts["errors"] += 1
            if counts["errors"] > 100:
                print(f"http-load {args.source}: too many errors, last: {e}", file=sys.stderr)
                return 1
            time.sleep(0.05)
    print(f"http-load {args.source}: {counts['requests']} requests, {counts['errors']} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())

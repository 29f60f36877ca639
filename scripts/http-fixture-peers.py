#!/usr/bin/env python3
"""Servers and the WebSocket client for scripts/record-http-fixtures.sh (run inside its namespaces).

usage:
  http-fixture-peers.py http --bind ADDR --port PORT --ready FILE
      an HTTP/1.1 server (python's http.server) with the pages the HTTP fixtures fetch:
      /gzip (gzip-encoded text), /chunked (chunked text), /a.txt and /b.txt (keep-alive), POST /login
      (302 to /home), /home, /missing (404 from the handler), /big (200 KB text), /file.bin (a binary
      download with Content-Disposition)
  http-fixture-peers.py lf --bind ADDR --port PORT --ready FILE
      an HTTP/1.0 server that answers every connection with "HTTP/1.0 200 OK\\n\\nHello World" (bare LF
      line ends, no length: the body ends when the server closes)
  http-fixture-peers.py ws-server --bind ADDR --port PORT --ready FILE [--deflate]
      a WebSocket echo server (the `websockets` package); with --deflate it accepts permessage-deflate
  http-fixture-peers.py ws-client --url URL [--deflate]
      a WebSocket client: a text and a binary message, a fragmented text message, a ping, a large text
      message (frames across segments, 16-bit length), a 70000-byte binary message (64-bit length),
      and a close with a status code and reason

The servers run until killed. Everything is deterministic except the WebSocket handshake key and the
masking keys, which the protocol makes random.
"""

import argparse
import asyncio
import gzip
import http.server
import os
import socket
import socketserver


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture-httpd/1.0"
    sys_version = ""

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        return "Mon, 01 Jan 2024 00:00:00 GMT"

    def send_body(self, code, body, ctype="text/plain", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/gzip":
            body = gzip.compress(b"compressed text, " * 40, mtime=0)
            self.send_body(200, body, extra=[("Content-Encoding", "gzip")])
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"first chunk\n", b"second chunk\n", b"third and last chunk\n"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        elif self.path in ("/a.txt", "/b.txt"):
            self.send_body(200, b"page " + self.path.encode() + b"\n")
        elif self.path == "/home":
            self.send_body(200, b"<html><body>welcome home</body></html>\n", "text/html")
        elif self.path == "/big":
            line = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz\n"
            body = (line * (200 * 1024 // len(line) + 1))[: 200 * 1024]
            self.send_body(200, body)
        elif self.path == "/file.bin":
            body = bytes((i * 7 + 3) % 256 for i in range(5000))
            self.send_body(
                200,
                body,
                "application/octet-stream",
                [("Content-Disposition", 'attachment; filename="file.bin"')],
            )
        else:
            self.send_body(404, b"<html><body>not found</body></html>\n", "text/html")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        if self.path == "/login":
            self.send_response(302)
            self.send_header("Location", "/home")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_body(404, b"not found\n")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def ready(path):
    with open(path, "w"):
        pass


def serve_http(args):
    srv = Server((args.bind, args.port), Handler)
    ready(args.ready)
    srv.serve_forever()


def serve_lf(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((args.bind, args.port))
    s.listen(4)
    ready(args.ready)
    while True:
        c, _ = s.accept()
        data = b""
        while b"\r\n\r\n" not in data and b"\n\n" not in data:
            chunk = c.recv(4096)
            if not chunk:
                break
            data += chunk
        c.sendall(b"HTTP/1.0 200 OK\n\nHello World")
        c.close()


async def ws_echo(ws, path=None):
    async for message in ws:
        await ws.send(message)


def serve_ws(args):
    import websockets

    async def main():
        async with websockets.serve(
            ws_echo,
            args.bind,
            args.port,
            compression="deflate" if args.deflate else None,
            ping_interval=None,
        ):
            ready(args.ready)
            await asyncio.Future()

    asyncio.run(main())


def ws_client(args):
    import websockets

    async def main():
        async with websockets.connect(
            args.url,
            compression="deflate" if args.deflate else None,
            ping_interval=None,
            max_size=None,
        ) as ws:
            await ws.send("hello, websocket")
            await ws.recv()
            await ws.send(bytes(range(32)))
            await ws.recv()
            # An iterable is sent as one message in several frames.
            await ws.send(["frag", "mented ", "message"])
            await ws.recv()
            pong = await ws.ping(b"ping!")
            await pong
            await ws.send("large text message line\n" * 600)
            await ws.recv()
            await ws.send(bytes(i % 251 for i in range(70000)))
            await ws.recv()
            await ws.close(code=1000, reason="fixture done")

    asyncio.run(main())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["http", "lf", "ws-server", "ws-client"])
    p.add_argument("--bind", default="0.0.0.0")
    p.add_argument("--port", type=int, default=80)
    p.add_argument("--ready")
    p.add_argument("--url")
    p.add_argument("--deflate", action="store_true")
    args = p.parse_args()
    {"http": serve_http, "lf": serve_lf, "ws-server": serve_ws, "ws-client": ws_client}[args.role](args)


if __name__ == "__main__":
    main()

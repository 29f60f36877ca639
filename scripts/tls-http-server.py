#!/usr/bin/env python3
"""HTTPS server for scripts/record-tls-http-fixtures.sh: serves the files of a folder over HTTP/1.1
(keep-alive, Content-Length) on TLS, with the protocol version and TLS 1.2 ciphers asked for.

usage: tls-http-server.py ADDR PORT CERT KEY DIR (tls1.2 CIPHERS | tls1.3)
"""
import functools
import http.server
import ssl
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


def main():
    addr, port, cert, key, folder, version = sys.argv[1:7]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if version == "tls1.2":
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers(sys.argv[7])
    else:
        context.minimum_version = ssl.TLSVersion.TLSv1_3
    handler = functools.partial(Handler, directory=folder)
    server = http.server.HTTPServer((addr, int(port)), handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


main()

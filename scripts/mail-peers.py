#!/usr/bin/env python3
"""The two ends of the recorded mail fixtures (scripts/record-mail-fixtures.sh).

  mail-peers.py server ADDR PORT MAILDIR   an SMTP server (Python's smtpd, with AUTH PLAIN and LOGIN
                                           added, which smtpd lacks) that saves each message it accepts
                                           as MAILDIR/N.eml, until killed
  mail-peers.py text-message OUT.eml      writes a plain text message of 300 lines
  mail-peers.py message OUT.eml PNG       writes the message the client sends: multipart/mixed with a
                                           quoted-printable text part, an HTML part and PNG attached as
                                           base64 under its own file name; PNG is made first (a small
                                           generated image) and kept, for the export test's sha256

Only the standard library: the fixtures need no packages beyond python3 and curl.
"""
import base64
import os
import struct
import sys
import warnings
import zlib

warnings.simplefilter("ignore", DeprecationWarning)


def make_png(path):
    # A 96x64 RGB gradient: big enough that its base64 spans several TCP segments.
    width, height = 96, 64
    rows = b"".join(
        b"\x00" + b"".join(bytes(((x * 8) & 255, (y * 4) & 255, ((x ^ y) * 3) & 255)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)
    return png


def write_text_message(out):
    # A plain message of many lines: the DATA phase spans several segments.
    lines = [f"line {n}: the quick brown fox jumps over the lazy dog" for n in range(1, 301)]
    lines.insert(150, ".. two dots: stuffed to three on the wire")
    body = "\r\n".join(lines)
    head = (
        "From: bob@server.example\r\nTo: alice@client.example\r\nSubject: Re: Fixture\r\n"
        "Date: Wed, 02 Dec 2026 12:05:00 +0000\r\nMessage-ID: <fixture-2@server.example>\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
    )
    with open(out, "wb") as f:
        f.write((head + body + "\r\n").encode())


def write_message(out, png_path):
    from email.message import EmailMessage
    from email.utils import format_datetime
    import datetime

    png = make_png(png_path)
    msg = EmailMessage()
    msg["From"] = "Alice Example <alice@client.example>"
    msg["To"] = "Bob Example <bob@server.example>"
    msg["Cc"] = "carol@server.example"
    msg["Subject"] = "Fixture: a picture for you"
    msg["Date"] = format_datetime(datetime.datetime(2026, 12, 2, 12, 0, 0, tzinfo=datetime.timezone.utc))
    msg["Message-ID"] = "<fixture-1@client.example>"
    msg.set_content(
        "Hello Bob,\n\nthe picture is attached. Caf\u00e9 cr\u00e8me \u00e0 10\u20ac, "
        "a long line that quoted-printable must wrap because it goes on past seventy-six characters.\n"
        "\n.a line that starts with a dot, so SMTP must stuff it\n\nAlice\n",
        cte="quoted-printable",
    )
    msg.add_alternative("<p>Hello Bob, the picture is attached.</p>\n", subtype="html")
    msg.add_attachment(png, maintype="image", subtype="png", filename=os.path.basename(png_path))
    # Fixed boundaries, so that a new recording differs from the old only where the traffic does.
    msg.set_boundary("==outer-boundary-1==")
    msg.get_payload()[0].set_boundary("==inner-boundary-2==")
    with open(out, "wb") as f:
        f.write(msg.as_bytes().replace(b"\n", b"\r\n"))


def serve(addr, port, maildir):
    import asyncore
    import smtpd

    class Channel(smtpd.SMTPChannel):
        def push(self, msg):
            # smtpd ends its EHLO reply with "250 HELP"; the AUTH it lacks goes before that line.
            if msg == "250 HELP" and self.extended_smtp:
                super().push("250-AUTH PLAIN LOGIN")
            super().push(msg)

        def smtp_AUTH(self, arg):
            # The credentials are not checked: the fixtures show the exchange, not a policy.
            parts = arg.split()
            mech = parts[0].upper() if parts else ""
            if mech == "PLAIN" and len(parts) == 2:
                base64.b64decode(parts[1])
                self.push("235 2.7.0 Authentication successful")
            elif mech == "PLAIN":
                self._auth_prompts = []
                self.push("334 ")
            elif mech == "LOGIN":
                self._auth_prompts = ["334 UGFzc3dvcmQ6"]
                self.push("334 VXNlcm5hbWU6")
            else:
                self.push("504 5.5.4 Unrecognized authentication type")

        def found_terminator(self):
            prompts = getattr(self, "_auth_prompts", None)
            if prompts is None or self.smtp_state != self.COMMAND:
                super().found_terminator()
                return
            # A line of the AUTH exchange (base64), not a command.
            self.received_lines = []
            if prompts:
                self.push(prompts.pop(0))
            else:
                self._auth_prompts = None
                self.push("235 2.7.0 Authentication successful")

    class Server(smtpd.SMTPServer):
        channel_class = Channel
        count = 0

        def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
            Server.count += 1
            with open(os.path.join(maildir, f"{Server.count}.eml"), "wb") as f:
                f.write(data)
            return None

    Server((addr, int(port)), None, decode_data=False)
    asyncore.loop()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        serve(*sys.argv[2:5])
    elif sys.argv[1] == "text-message":
        write_text_message(sys.argv[2])
    elif sys.argv[1] == "message":
        write_message(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)

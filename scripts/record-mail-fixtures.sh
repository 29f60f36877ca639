#!/usr/bin/env bash
# Records crates/wiresift/tests/data/mail/*.pcap: curl sending mail to an SMTP server (Python's smtpd with
# AUTH, scripts/mail-peers.py) between two namespaces (wsmailc 10.79.0.1, wsmails 10.79.0.2):
#   multipart-auth-plain.pcap  AUTH PLAIN with its initial response, then a multipart/mixed message: a quoted-printable text part and
#                              an HTML part (multipart/alternative) and picture.png attached as base64
#   text-auth-login.pcap       AUTH LOGIN, then a 300-line text message with a dot-stuffed line
# picture.png (the attachment, made by mail-peers.py) is kept beside them: the export test compares the
# exported attachment's sha256 with it. Then run scripts/mail-fixture-oracle.sh.
#
# usage: sudo scripts/record-mail-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
out=crates/wiresift/tests/data/mail
mkdir -p "$out"
for tool in curl python3 tcpdump; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

netns_make wsmailc wsmails
netns_link wsmailc 10.79.0.1/24 wsmails 10.79.0.2/24

work=$(mktemp -d)
trap 'netns_remove; rm -rf "$work"' EXIT
mkdir "$work/maildir"
python3 scripts/mail-peers.py message "$work/multipart.eml" "$out/picture.png"
python3 scripts/mail-peers.py text-message "$work/text.eml"
ip netns exec wsmails python3 scripts/mail-peers.py server 10.79.0.2 25 "$work/maildir" &
sleep 1

record() {
  local name=$1 message=$2
  shift 2
  ip netns exec wsmails tcpdump -i veth-wsmails -s 0 -U -w "$out/$name.pcap" tcp port 25 2>/dev/null &
  local capture=$!
  sleep 1
  ip netns exec wsmailc curl -sS --max-time 10 "smtp://10.79.0.2/client.example" \
    --mail-from alice@client.example --mail-rcpt bob@server.example --mail-rcpt carol@server.example \
    -u alice:secret "$@" --upload-file "$message"
  sleep 1
  kill "$capture"
  wait "$capture" 2>/dev/null || true
  echo "recorded $out/$name.pcap ($(stat -c %s "$out/$name.pcap") bytes)"
}

record multipart-auth-plain "$work/multipart.eml" --login-options AUTH=PLAIN --sasl-ir
record text-auth-login "$work/text.eml" --login-options AUTH=LOGIN
# The server must have received what was sent (dot-unstuffed), or the fixture is no good.
# smtpd hands over the message with LF line ends and without the last one.
same() { python3 -c 'import sys; a, b = (open(p, "rb").read().replace(b"\r\n", b"\n").rstrip(b"\n") for p in sys.argv[1:]); sys.exit(a != b)' "$1" "$2"; }
same "$work/multipart.eml" "$work/maildir/1.eml"
same "$work/text.eml" "$work/maildir/2.eml"
echo "the server received both messages intact"

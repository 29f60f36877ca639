#!/usr/bin/env bash
# Records crates/wiresift/tests/data/tls-http/*.pcap: curl fetching two files over one HTTPS connection
# (HTTP/1.1 keep-alive) from a Python HTTPS server (scripts/tls-http-server.py) between two namespaces
# (wstlh-c 10.81.0.1, wstlh-s 10.81.0.2), once per cipher: TLS 1.2 with AES-128-GCM, AES-256-GCM,
# ChaCha20-Poly1305, AES-128-CBC-SHA1, AES-128-CBC-SHA256 and AES-256-CBC-SHA384 (ECDHE-RSA), TLS 1.3 with
# AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305. curl's key log (SSLKEYLOGFILE) is kept beside each
# capture as <name>.keys. The files served (made here, the same bytes every run) have their sha256 in
# served.sha256; the script checks that curl received them intact. Then run
# scripts/tls-http-fixture-oracle.sh.
#
# usage: sudo scripts/record-tls-http-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
out=crates/wiresift/tests/data/tls-http
mkdir -p "$out"
for tool in openssl curl tcpdump python3 sha256sum; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

netns_make wstlh-c wstlh-s
netns_link wstlh-c 10.81.0.1/24 wstlh-s 10.81.0.2/24

work=$(mktemp -d)
trap 'netns_remove; rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 3650 -subj "/CN=wstlh.test" -addext "subjectAltName=DNS:wstlh.test" 2>/dev/null
mkdir "$work/www"
# A page and a 40 KB text file: the second spans several TLS records.
printf '<html><head><title>wiresift</title></head><body><p>TLS fixture page</p></body></html>\n' \
  >"$work/www/index.html"
python3 -c '
import sys
for i in range(800):
    sys.stdout.write("line %04d of the file served over TLS: %s\n" % (i, "abcdefghij"[i % 10] * 8))
' >"$work/www/data.txt"
(cd "$work/www" && sha256sum index.html data.txt) >"$out/served.sha256"

record() {
  local name=$1 version=$2 ciphers=$3
  shift 3
  ip netns exec wstlh-s python3 scripts/tls-http-server.py 10.81.0.2 443 "$work/cert.pem" \
    "$work/key.pem" "$work/www" "$version" "$ciphers" &
  local server=$!
  ip netns exec wstlh-s tcpdump -i veth-wstlh-s -s 0 -U -w "$out/$name.pcap" tcp port 443 2>/dev/null &
  local capture=$!
  sleep 1
  rm -f "$out/$name.keys" "$work/got-index" "$work/got-data"
  SSLKEYLOGFILE="$out/$name.keys" ip netns exec wstlh-c curl -sSk \
    --resolve wstlh.test:443:10.81.0.2 "$@" \
    https://wstlh.test/index.html -o "$work/got-index" https://wstlh.test/data.txt -o "$work/got-data"
  sleep 1
  kill "$capture" "$server"
  wait "$capture" "$server" 2>/dev/null || true
  cmp "$work/got-index" "$work/www/index.html"
  cmp "$work/got-data" "$work/www/data.txt"
  echo "recorded $out/$name.pcap ($(stat -c %s "$out/$name.pcap") bytes)"
}

record tls12-aes128gcm tls1.2 ECDHE-RSA-AES128-GCM-SHA256 --tlsv1.2 --tls-max 1.2
record tls12-aes256gcm tls1.2 ECDHE-RSA-AES256-GCM-SHA384 --tlsv1.2 --tls-max 1.2
record tls12-chacha20 tls1.2 ECDHE-RSA-CHACHA20-POLY1305 --tlsv1.2 --tls-max 1.2
record tls12-aes128cbc-sha tls1.2 ECDHE-RSA-AES128-SHA --tlsv1.2 --tls-max 1.2
record tls12-aes128cbc-sha256 tls1.2 ECDHE-RSA-AES128-SHA256 --tlsv1.2 --tls-max 1.2
record tls12-aes256cbc-sha384 tls1.2 ECDHE-RSA-AES256-SHA384 --tlsv1.2 --tls-max 1.2
record tls13-aes128gcm tls1.3 - --tlsv1.3 --tls13-ciphers TLS_AES_128_GCM_SHA256
record tls13-aes256gcm tls1.3 - --tlsv1.3 --tls13-ciphers TLS_AES_256_GCM_SHA384
record tls13-chacha20 tls1.3 - --tlsv1.3 --tls13-ciphers TLS_CHACHA20_POLY1305_SHA256

#!/usr/bin/env bash
# Records crates/wiresift/tests/data/tls/*.pcap: curl fetching a page over HTTPS from `openssl s_server
# -www` between two namespaces (wstls-c 10.79.0.1, wstls-s 10.79.0.2), once per variant:
# TLS 1.2 with AES-128-GCM, ChaCha20-Poly1305 and AES-128-CBC (ECDHE-RSA), TLS 1.3 with AES-128-GCM and
# ChaCha20-Poly1305, and a TLS-1.3-only client against a TLS-1.2-only server (the server refuses the
# hello with an alert). Each capture's key log (SSLKEYLOGFILE) is kept beside it as <name>.keys, for the
# decryption work. Then run scripts/tls-fixture-oracle.sh.
#
# usage: sudo scripts/record-tls-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
out=crates/wiresift/tests/data/tls
mkdir -p "$out"
for tool in openssl curl tcpdump; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (openssl, curl, tcpdump)" >&2; exit 1; }
done

netns_make wstls-c wstls-s
netns_link wstls-c 10.79.0.1/24 wstls-s 10.79.0.2/24

work=$(mktemp -d)
trap 'netns_remove; rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 3650 -subj "/CN=wstls.test" -addext "subjectAltName=DNS:wstls.test" 2>/dev/null

record() {
  local name=$1 server_opts=$2
  shift 2
  ip netns exec wstls-s openssl s_server -quiet -www -accept 10.79.0.2:443 \
    -cert "$work/cert.pem" -key "$work/key.pem" $server_opts >/dev/null 2>&1 &
  local server=$!
  ip netns exec wstls-s tcpdump -i veth-wstls-s -s 0 -U -w "$out/$name.pcap" tcp port 443 2>/dev/null &
  local capture=$!
  sleep 1
  rm -f "$out/$name.keys"
  SSLKEYLOGFILE="$out/$name.keys" ip netns exec wstls-c \
    curl -sk --resolve wstls.test:443:10.79.0.2 "$@" https://wstls.test/ -o /dev/null || true
  sleep 1
  kill "$capture" "$server"
  wait "$capture" "$server" 2>/dev/null || true
  [ -s "$out/$name.keys" ] || rm -f "$out/$name.keys"
  echo "recorded $out/$name.pcap ($(stat -c %s "$out/$name.pcap") bytes)"
}

record tls12-aes128gcm "" --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256
record tls12-chacha20 "" --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-CHACHA20-POLY1305
record tls12-aes128cbc "" --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-SHA256
record tls13-aes128gcm "" --tlsv1.3 --tls13-ciphers TLS_AES_128_GCM_SHA256
record tls13-chacha20 "" --tlsv1.3 --tls13-ciphers TLS_CHACHA20_POLY1305_SHA256
record tls13-client-tls12-server -tls1_2 --tlsv1.3

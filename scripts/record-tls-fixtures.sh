#!/usr/bin/env bash
# Records crates/tlscrypt/tests/data/*.pcap with a key log beside each (NAME.keys, SSLKEYLOGFILE format):
# OpenSSL's s_client and s_server between two namespaces (tlcr-c 10.79.0.1, tlcr-s 10.79.0.2), each side
# sending a few lines, for what the shared corpus lacks:
#   tls13-keyupdate       TLS_AES_128_GCM_SHA256; the client sends KeyUpdate with update_requested
#                         (s_client's "K" command) and the server answers with its own, then more data
#   tls13-ccm8            TLS_AES_128_CCM_8_SHA256
#   tls12-ecdsa-ccm8      TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
#   tls12-ecdsa-aes256ccm TLS_ECDHE_ECDSA_WITH_AES_256_CCM
#   tls12-aes256cbc-sha   TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA with encrypt_then_mac turned off
#   tls13-early-data      TLS_AES_128_GCM_SHA256, two connections: the second resumes the first's session
#                         and sends 0-RTT data (CLIENT_EARLY_TRAFFIC_SECRET)
# Then run scripts/tlscrypt-oracle.sh for what tshark decrypts from them.
#
# usage: sudo scripts/record-tls-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
out=crates/tlscrypt/tests/data
mkdir -p "$out"
for tool in openssl tcpdump; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (openssl, tcpdump)" >&2; exit 1; }
done

netns_make tlcr-c tlcr-s
netns_link tlcr-c 10.79.0.1/24 tlcr-s 10.79.0.2/24

work=$(mktemp -d)
trap 'netns_remove; rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=tlscrypt.test \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

# record NAME "SERVER OPTIONS" "CLIENT OPTIONS" CLIENT_LINES...
record() {
  local name=$1 server_opts=$2 client_opts=$3
  shift 3
  rm -f "$out/$name.keys"
  ip netns exec tlcr-s tcpdump -i veth-tlcr-s -s 0 -U -w "$out/$name.pcap" tcp port 4433 2>/dev/null &
  local capture=$!
  sleep 1
  # The server answers one line after the client's first, then closes when the client does.
  # shellcheck disable=SC2086 # option lists are words
  (sleep 1.5; echo "server line one"; sleep 3; echo "server line two"; sleep 3) |
    ip netns exec tlcr-s openssl s_server -accept 10.79.0.2:4433 -cert "$work/cert.pem" -key "$work/key.pem" \
      -keylogfile "$out/$name.keys" -naccept 1 $server_opts >/dev/null 2>&1 &
  local server=$!
  sleep 0.5
  # shellcheck disable=SC2086
  (sleep 1; for line in "$@"; do echo "$line"; sleep 1; done; sleep 4) |
    ip netns exec tlcr-c openssl s_client -connect 10.79.0.2:4433 -servername tlscrypt.test $client_opts \
      >/dev/null 2>&1 || true
  wait "$server" 2>/dev/null || true
  sleep 0.5
  kill "$capture"
  wait "$capture" 2>/dev/null || true
  echo "recorded $out/$name.pcap ($(stat -c %s "$out/$name.pcap") bytes), $(wc -l <"$out/$name.keys") key-log lines"
}

record tls13-keyupdate "-tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256" \
  "-tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256" "client line one" K "client line after KeyUpdate"
record tls13-ccm8 "-tls1_3 -ciphersuites TLS_AES_128_CCM_8_SHA256" \
  "-tls1_3 -ciphersuites TLS_AES_128_CCM_8_SHA256" "client line one" "client line two"
record tls12-ecdsa-ccm8 "-tls1_2 -cipher ECDHE-ECDSA-AES128-CCM8" "-tls1_2 -cipher ECDHE-ECDSA-AES128-CCM8" \
  "client line one" "client line two"
record tls12-ecdsa-aes256ccm "-tls1_2 -cipher ECDHE-ECDSA-AES256-CCM" "-tls1_2 -cipher ECDHE-ECDSA-AES256-CCM" \
  "client line one" "client line two"
record tls12-aes256cbc-sha "-tls1_2 -cipher ECDHE-ECDSA-AES256-SHA -no_etm" \
  "-tls1_2 -cipher ECDHE-ECDSA-AES256-SHA" "client line one" "client line two"

# 0-RTT: a first connection saves the session, the second resumes it with early data.
name=tls13-early-data
rm -f "$out/$name.keys"
ip netns exec tlcr-s tcpdump -i veth-tlcr-s -s 0 -U -w "$out/$name.pcap" tcp port 4433 2>/dev/null &
capture=$!
sleep 1
(sleep 1.5; echo "server line one"; sleep 6) |
  ip netns exec tlcr-s openssl s_server -accept 10.79.0.2:4433 -cert "$work/cert.pem" -key "$work/key.pem" \
    -keylogfile "$out/$name.keys" -naccept 2 -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -early_data \
    >/dev/null 2>&1 &
server=$!
sleep 0.5
(sleep 1; echo "first connection"; sleep 1) |
  ip netns exec tlcr-c openssl s_client -connect 10.79.0.2:4433 -servername tlscrypt.test -tls1_3 \
    -ciphersuites TLS_AES_128_GCM_SHA256 -sess_out "$work/session.pem" >/dev/null 2>&1 || true
printf 'early data line\n' >"$work/early.txt"
(sleep 1; echo "after the handshake"; sleep 1) |
  ip netns exec tlcr-c openssl s_client -connect 10.79.0.2:4433 -servername tlscrypt.test -tls1_3 \
    -ciphersuites TLS_AES_128_GCM_SHA256 -sess_in "$work/session.pem" -early_data "$work/early.txt" \
    >/dev/null 2>&1 || true
wait "$server" 2>/dev/null || true
sleep 0.5
kill "$capture"
wait "$capture" 2>/dev/null || true
echo "recorded $out/$name.pcap ($(stat -c %s "$out/$name.pcap") bytes), $(wc -l <"$out/$name.keys") key-log lines"

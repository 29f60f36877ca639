#!/usr/bin/env bash
# Records crates/wiresift/tests/data/dtls/dtls12-coap.pcap and dtls10-heuristic.pcap: OpenSSL's
# s_client and s_server speaking DTLS 1.2 (UDP port 5684, which tshark gives DTLS) and DTLS 1.0 (UDP
# port 4433, which only tshark's heuristic takes), in two network namespaces joined by a veth pair
# (nothing touches the outside network). The server listens with a cookie exchange (-listen:
# HelloVerifyRequest), both sides keep records under a small MTU so that the certificate (a 3072-bit
# RSA key with a long subject and many names) is sent in fragments across datagrams; then each side
# sends a line of application data and the client closes (close_notify alert). Then
# scripts/dtls-fixture-oracle.sh writes tshark's answers. Needs root, openssl and tcpdump.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
source scripts/lib/netns.sh
out=crates/wiresift/tests/data/dtls
mkdir -p "$out"
for t in openssl tcpdump; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install openssl tcpdump)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'netns_remove; rm -rf "$tmp"' EXIT
netns_make dt-c dt-s
netns_link dt-c 10.84.0.1/24 dt-s 10.84.0.2/24
names=$(for i in $(seq 1 12); do printf 'DNS:host%02d.dtls-fixture.example,' "$i"; done)
openssl req -x509 -newkey rsa:3072 -nodes -days 30 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
  -subj "/C=ZZ/ST=Nowhere/L=Fixture Town/O=wiresift DTLS fixture/OU=Datagram Transport Layer Security/CN=server.dtls-fixture.example" \
  -addext "subjectAltName=${names%,}" 2>/dev/null

# record NAME PORT VERSION_OPTION: OpenSSL 3 allows DTLS 1.0 only at security level 0.
record() {
  local name=$1 port=$2 ver=$3 level="DEFAULT:@SECLEVEL=0"
  ip netns exec dt-s tcpdump -Z root -s 0 -U -i veth-dt-s -w "$tmp/$name.pcap" udp port "$port" \
    2>"$tmp/tcpdump.log" &
  local tp=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$tmp/tcpdump.log" && break; sleep 0.05; done
  rm -f "$tmp/s.in" "$tmp/c.in"
  mkfifo "$tmp/s.in" "$tmp/c.in"
  ip netns exec dt-s openssl s_server "$ver" -listen -accept "$port" -mtu 400 -cipher "$level" \
    -cert "$tmp/cert.pem" -key "$tmp/key.pem" -quiet <"$tmp/s.in" >"$tmp/s.out" 2>&1 &
  local sp=$!
  exec 7>"$tmp/s.in"
  sleep 0.5
  ip netns exec dt-c openssl s_client "$ver" -connect "10.84.0.2:$port" -mtu 400 -cipher "$level" \
    <"$tmp/c.in" >"$tmp/c.out" 2>&1 &
  local cp=$!
  exec 8>"$tmp/c.in"
  sleep 1
  echo "hello from the DTLS client" >&8
  sleep 0.5
  echo "hello back from the DTLS server" >&7
  sleep 0.5
  # The end of its input makes the client close the connection with a close_notify alert.
  exec 8>&-
  sleep 0.5
  exec 7>&-
  kill "$cp" "$sp" 2>/dev/null || true
  wait "$cp" "$sp" 2>/dev/null || true
  kill -INT "$tp"
  wait "$tp" 2>/dev/null || true
  cp "$tmp/$name.pcap" "$out/$name.pcap"
  echo "$name: $(tcpdump -r "$out/$name.pcap" 2>/dev/null | wc -l) frames"
}
record dtls12-coap 5684 -dtls1_2
record dtls10-heuristic 4433 -dtls1

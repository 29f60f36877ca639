#!/usr/bin/env bash
# Records the DNS fixtures of crates/wiresift/tests/data/dns/ with a real server and real clients, in two
# network namespaces joined by a veth pair (nothing touches the outside network):
#   - BIND 9 (named) serves example.test (DNSSEC-signed with NSEC3: DNSKEY, RRSIG, NSEC3, and the DS of
#     its signed child sub.example.test), nsec.test (signed with NSEC), and dyn.test (unsigned, open to
#     dynamic updates, so IXFR has a journal to answer from);
#   - dig asks for every record type, with EDNS client subnet, cookies, DNSSEC, an NXDOMAIN, a record too
#     large for UDP (TC=1, then dig retries over TCP), AXFR and IXFR over TCP; nsupdate sends updates;
#   - a small python sender puts mDNS and LLMNR queries and answers on the link (neither avahi nor
#     systemd-resolved runs in a namespace without a system bus).
# tcpdump captures each group in its own pcap. Then scripts/dns-fixture-oracle.sh writes tshark's answers.
# Needs root, bind9, bind9-utils (dig, nsupdate, dnssec-*), tcpdump, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/wiresift/tests/data/dns
mkdir -p "$out"
for t in named dig nsupdate dnssec-keygen dnssec-signzone tcpdump python3; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install bind9 bind9-utils tcpdump)" >&2; exit 1; }
done
work=$(mktemp -d)
srv=wsdns-srv cli=wsdns-cli
cleanup() {
  [ -f "$work/named.pid" ] && kill "$(cat "$work/named.pid")" 2>/dev/null || true
  ip netns del $srv 2>/dev/null || true
  ip netns del $cli 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns del $srv 2>/dev/null || true
ip netns del $cli 2>/dev/null || true
ip netns add $srv
ip netns add $cli
ip link add veth-dns-s type veth peer name veth-dns-c
ip link set veth-dns-s netns $srv
ip link set veth-dns-c netns $cli
# Fixed MAC addresses keep the captures the same from one recording to the next.
ip -n $srv link set veth-dns-s address 02:00:00:00:53:01
ip -n $cli link set veth-dns-c address 02:00:00:00:53:02
ip -n $srv addr add 10.53.0.1/24 dev veth-dns-s
ip -n $cli addr add 10.53.0.2/24 dev veth-dns-c
ip -n $srv addr add fd53::1/64 dev veth-dns-s nodad
ip -n $cli addr add fd53::2/64 dev veth-dns-c nodad
for ns in $srv $cli; do
  ip -n $ns link set lo up
  ip -n $ns link set "$( [ $ns = $srv ] && echo veth-dns-s || echo veth-dns-c )" up
  ip -n $ns route add 224.0.0.0/4 dev "$( [ $ns = $srv ] && echo veth-dns-s || echo veth-dns-c )"
  # No router solicitations or MLD reports in the captures.
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.router_solicitations=0
done
ip netns exec $cli sysctl -qw net.ipv6.conf.veth-dns-c.router_solicitations=0 net.ipv6.conf.veth-dns-c.mldv2_unsolicited_report_interval=100000000 || true

# ---- zones
serial=2024010101
cat >"$work/example.test.db" <<EOF
\$TTL 3600
@       IN SOA  ns1.example.test. hostmaster.example.test. ( $serial 7200 900 1209600 300 )
        IN NS   ns1.example.test.
        IN MX   10 mail.example.test.
        IN TXT  "v=spf1 -all" "second string"
        IN CAA  0 issue "letsencrypt.org"
        IN CAA  128 iodef "mailto:security@example.test"
        IN HTTPS 1 . alpn="h2,h3" port=443 ipv4hint=10.53.0.1 ipv6hint=fd53::1
ns1     IN A    10.53.0.1
        IN AAAA fd53::1
www     IN A    10.53.0.10
        IN AAAA fd53::10
alias   IN CNAME www.example.test.
mail    IN A    10.53.0.25
ptr     IN PTR  www.example.test.
_sip._udp IN SRV 10 60 5060 sip.example.test.
sip     IN A    10.53.0.60
        IN NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.test.
        IN SSHFP 4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
_443._tcp.www IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
svc     IN SVCB 1 svc1.example.test. alpn="dot" port=853 mandatory=alpn,port
host    IN HINFO "PC" "Linux"
sub     IN NS   ns1.example.test.
EOF
# A record set far larger than a 1232-byte UDP answer: the server sets TC and dig retries over TCP.
for i in $(seq 1 40); do
  printf 'big     IN TXT  "%s"\n' "$(printf 'record %02d of a set too large for UDP: %0100d' "$i" 0)" >>"$work/example.test.db"
done
cat >"$work/sub.example.test.db" <<EOF
\$TTL 3600
@       IN SOA  ns1.example.test. hostmaster.example.test. ( $serial 7200 900 1209600 300 )
        IN NS   ns1.example.test.
        IN A    10.53.0.50
EOF
cat >"$work/nsec.test.db" <<EOF
\$TTL 3600
@       IN SOA  ns1.nsec.test. hostmaster.nsec.test. ( $serial 7200 900 1209600 300 )
        IN NS   ns1.nsec.test.
ns1     IN A    10.53.0.1
a       IN A    10.53.0.11
EOF
cat >"$work/dyn.test.db" <<EOF
\$TTL 300
@       IN SOA  ns1.dyn.test. hostmaster.dyn.test. ( $serial 7200 900 1209600 300 )
        IN NS   ns1.dyn.test.
ns1     IN A    10.53.0.1
old     IN A    10.53.0.70
EOF
(
  cd "$work"
  # Child first: its DS goes into the parent before the parent is signed. Algorithm 13 (ECDSA P-256)
  # keeps the signatures short.
  for z in sub.example.test example.test nsec.test; do
    dnssec-keygen -q -a ECDSAP256SHA256 -f KSK "$z" >/dev/null
    dnssec-keygen -q -a ECDSAP256SHA256 "$z" >/dev/null
    for k in K"$z".+013+*.key; do echo "\$INCLUDE $k" >>"$z.db"; done
    if [ "$z" = example.test ]; then cat dsset-sub.example.test. >>"$z.db"; fi
    if [ "$z" = nsec.test ]; then
      dnssec-signzone -q -o "$z" -e +2592000 "$z.db" >/dev/null
    else
      dnssec-signzone -q -o "$z" -3 aabbccdd -H 0 -e +2592000 "$z.db" >/dev/null
    fi
  done
)
cat >"$work/named.conf" <<EOF
options {
  directory "$work";
  pid-file "$work/named.pid";
  listen-on { 10.53.0.1; };
  listen-on-v6 { fd53::1; };
  recursion no;
  dnssec-validation no;
  allow-transfer { any; };
  max-udp-size 1232;
  edns-udp-size 1232;
  answer-cookie yes;
};
zone "example.test" { type primary; file "$work/example.test.db.signed"; };
zone "sub.example.test" { type primary; file "$work/sub.example.test.db.signed"; };
zone "nsec.test" { type primary; file "$work/nsec.test.db.signed"; };
zone "dyn.test" { type primary; file "$work/dyn.test.db"; allow-update { any; }; };
EOF
ip netns exec $srv named -u root -c "$work/named.conf" -n 1
for _ in $(seq 50); do
  ip netns exec $cli dig +time=1 +tries=1 @10.53.0.1 example.test SOA >/dev/null 2>&1 && break
  sleep 0.2
done

capture() { # name, then the commands to run in the client namespace
  local name=$1; shift
  ip netns exec $cli tcpdump -q -U -i veth-dns-c -w "$work/$name.pcap" \
    'port 53 or port 5353 or port 5355' 2>/dev/null &
  local pid=$!
  sleep 1
  "$@"
  sleep 1
  kill -INT $pid
  wait $pid 2>/dev/null || true
  cp "$work/$name.pcap" "$out/$name.pcap"
  echo "$out/$name.pcap: $(tcpdump -r "$out/$name.pcap" 2>/dev/null | wc -l) packets"
}

d() { ip netns exec $cli dig +time=2 +tries=1 "$@" >/dev/null || true; }

udp_queries() {
  d @10.53.0.1 +nocookie www.example.test A
  d @10.53.0.1 +nocookie www.example.test AAAA
  d @10.53.0.1 +nocookie alias.example.test A
  d @10.53.0.1 +nocookie example.test NS
  d @10.53.0.1 +nocookie example.test MX
  d @10.53.0.1 +nocookie example.test TXT
  d @10.53.0.1 +nocookie example.test CAA
  d @10.53.0.1 +nocookie example.test HTTPS
  d @10.53.0.1 +nocookie svc.example.test SVCB
  d @10.53.0.1 +nocookie ptr.example.test PTR
  d @10.53.0.1 +nocookie _sip._udp.example.test SRV
  d @10.53.0.1 +nocookie sip.example.test NAPTR
  d @10.53.0.1 +nocookie sip.example.test SSHFP
  d @10.53.0.1 +nocookie _443._tcp.www.example.test TLSA
  d @10.53.0.1 +nocookie host.example.test HINFO
  d @10.53.0.1 +nocookie example.test SOA +noedns
  d @10.53.0.1 +nocookie +dnssec example.test DNSKEY
  d @10.53.0.1 +nocookie +dnssec sub.example.test DS
  d @10.53.0.1 +nocookie +dnssec nothere.example.test A
  d @10.53.0.1 +nocookie +dnssec nothere.nsec.test A
  d @10.53.0.1 +nocookie nothere.dyn.test A
  d @10.53.0.1 +nocookie +subnet=192.0.2.0/24 www.example.test A
  d @10.53.0.1 +nocookie +subnet=2001:db8::/48 www.example.test AAAA
  d @10.53.0.1 +cookie www.example.test A
  d @fd53::1 +nocookie www.example.test A
}

tcp_queries() {
  # TC=1 over UDP, then the same query over TCP.
  d @10.53.0.1 +nocookie +bufsize=1232 big.example.test TXT
  d @10.53.0.1 +nocookie +tcp +dnssec example.test DNSKEY
  d @10.53.0.1 +nocookie example.test AXFR
  ip netns exec $cli nsupdate <<EOF
server 10.53.0.1
zone dyn.test
update add new.dyn.test 300 A 10.53.0.71
update delete old.dyn.test A
send
EOF
  d @10.53.0.1 +nocookie dyn.test IXFR=$serial
}

multicast() {
  ip netns exec $cli python3 - <<'EOF'
import socket, struct, time

def name(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".")) + b"\0"

def send(addr, port, payload, sport):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("10.53.0.2", sport))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255 if port == 5353 else 1)
    s.sendto(payload, (addr, port))
    s.close()
    time.sleep(0.05)

# mDNS: a QM and a QU question, an answer with cache flush, and a known-answer query.
q = struct.pack(">6H", 0, 0, 2, 0, 0, 0) + name("_http._tcp.local") + struct.pack(">HH", 12, 1)
q += name("host.local") + struct.pack(">HH", 1, 0x8001)
send("224.0.0.251", 5353, q, 5353)
a = struct.pack(">6H", 0, 0x8400, 0, 2, 0, 0)
a += name("_http._tcp.local") + struct.pack(">HHIH", 12, 1, 4500, 7) + b"\x04web1\xc0\x0c"
a += name("host.local") + struct.pack(">HHIH", 1, 0x8001, 120, 4) + bytes([10, 53, 0, 2])
send("224.0.0.251", 5353, a, 5353)
# LLMNR: a query to the group and a unicast answer.
lq = struct.pack(">6H", 0x4c4c, 0, 1, 0, 0, 0) + name("printer") + struct.pack(">HH", 1, 1)
send("224.0.0.252", 5355, lq, 49152)
la = struct.pack(">6H", 0x4c4c, 0x8000, 1, 1, 0, 0) + name("printer") + struct.pack(">HH", 1, 1)
la += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 30, 4) + bytes([10, 53, 0, 9])
send("10.53.0.1", 49153, la, 5355)
EOF
}

capture dns-udp udp_queries
capture dns-tcp tcp_queries
capture mdns-llmnr multicast
scripts/dns-fixture-oracle.sh

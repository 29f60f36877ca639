#!/usr/bin/env bash
# Records tests/data/boot-and-browse.pcapng, the bundled sample capture: a machine boots and browses.
#
# Everything is real programs talking over a veth pair between two network namespaces this script
# creates (no packet can leave them: neither namespace has any other link):
#
#   ws-server  ws-s0 192.0.2.1/24 (TEST-NET-1)   dnsmasq: DHCP + DNS for example.test
#                                                tiny-httpd.py: http://www.example.test/ on port 80
#   ws-client  ws-c0 (no address at start)       dhclient, then curl http://www.example.test/
#
# The capture is taken on the client's side of the link with dumpcap, which writes pcapng itself
# (section header, interface description, enhanced packet blocks, interface statistics at the end).
# It holds: DHCP Discover/Offer/Request/ACK, ARP, DNS A and AAAA queries and answers, the TCP
# handshake, an HTTP GET and its 200 response (headers and body in two segments, as python's
# server writes them), and the FIN teardown: 22 frames, about 4 KB.
# Its content is the same on every run apart from timestamps, DHCP transaction ids, DNS ids,
# TCP ports/sequence numbers/timestamps and the HTTP Date header.
#
# usage: sudo scripts/record-sample.sh [OUTPUT]   (default tests/data/boot-and-browse.pcapng)
# Idempotent: leftovers of an interrupted run are removed first, and everything is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=${1:-tests/data/boot-and-browse.pcapng}

if [ "$(id -u)" != 0 ]; then
  echo "record-sample.sh: must run as root (it creates network namespaces)" >&2
  exit 1
fi

# --- Tools. Debian package names; installed only when missing.
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ethtool >/dev/null || need+=(ethtool)
command -v dnsmasq >/dev/null || need+=(dnsmasq-base) # -base: the binary without a system service
command -v dhclient >/dev/null || need+=(isc-dhcp-client)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
command -v dumpcap >/dev/null || need+=(wireshark-common)
command -v tshark >/dev/null || need+=(tshark)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

SRV=ws-server
CLI=ws-client
SRV_IF=ws-s0
CLI_IF=ws-c0
# Fixed, locally administered MACs: the capture's Ethernet addresses and dnsmasq's choice of client
# address (a hash of the MAC) come out the same on every run.
SRV_MAC=02:00:00:00:01:01
CLI_MAC=02:00:00:00:02:02
SRV_IP=192.0.2.1

tmp=""
# Ends whatever still runs inside our two namespaces (dnsmasq, httpd, dhclient, dumpcap: only
# processes we started there can be in them), then deletes the namespaces, which also deletes
# the veth pair.
remove_namespaces() {
  local ns pids
  for ns in "$SRV" "$CLI"; do
    ip netns list | awk '{print $1}' | grep -qx "$ns" || continue
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086 # one pid per word
      kill $pids 2>/dev/null || true
      for _ in $(seq 20); do
        [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
        sleep 0.1
      done
      pids=$(ip netns pids "$ns" 2>/dev/null || true)
      # shellcheck disable=SC2086
      [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    fi
    ip netns del "$ns" 2>/dev/null || true
  done
}
cleanup() {
  remove_namespaces
  [ -z "$tmp" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

remove_namespaces # a previous run that was killed hard may have left them
tmp=$(mktemp -d /tmp/ws-sample.XXXXXX)
chmod 755 "$tmp" # dnsmasq may drop privileges; it must still reach its files

# Shows the logs of the programs we started, when a step fails.
fail() {
  echo "record-sample.sh: $*" >&2
  for f in "$tmp"/*.log; do
    [ -s "$f" ] || continue
    echo "--- $f" >&2
    tail -n 30 "$f" >&2
  done
  exit 1
}
# Polls a command for up to 10 s.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 100); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for $what"
}

# --- Network: two namespaces joined by a veth pair.
ip netns add "$SRV"
ip netns add "$CLI"
ip link add "$SRV_IF" address "$SRV_MAC" netns "$SRV" type veth \
  peer name "$CLI_IF" address "$CLI_MAC" netns "$CLI"
for pair in "$SRV:$SRV_IF" "$CLI:$CLI_IF"; do
  ns=${pair%%:*}
  dev=${pair#*:}
  ip -n "$ns" link set lo up
  # No IPv6 on the link: otherwise the kernel sends router solicitations, MLD reports and DAD
  # neighbour solicitations at times of its own, and the sample's frame list would vary by run.
  ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
  # A veth's offloads hand the capture checksums that are only partially computed (the kernel
  # never finishes them, as no NIC is involved) and TCP segments larger than the MTU. Turned off,
  # frames are captured as a real wire would carry them, with correct checksums.
  ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null 2>&1 ||
    ip netns exec "$ns" ethtool -K "$dev" tx off >/dev/null
done
ip -n "$SRV" addr add "$SRV_IP/24" dev "$SRV_IF"
ip -n "$SRV" link set "$SRV_IF" up
ip -n "$CLI" link set "$CLI_IF" up # no address: DHCP gives it one

# --- Server: dnsmasq (DHCP + DNS) and the web server.
mkdir -p "$tmp/www"
cat >"$tmp/www/index.html" <<'EOF'
<!DOCTYPE html>
<html>
<head><title>www.example.test</title></head>
<body><h1>It works</h1><p>Served to wiresift's sample capture.</p></body>
</html>
EOF
# A fixed modification time keeps the response's Last-Modified header the same on every run.
touch -d '2024-01-01 00:00:00 UTC' "$tmp/www/index.html"

# --conf-file=/dev/null: ignore /etc/dnsmasq.conf. --no-resolv/--no-hosts: no upstream servers and
# no /etc/hosts, so every answer comes from the lines below. --local: names under example.test that
# are not listed get NXDOMAIN here instead of being forwarded. --no-ping: dnsmasq would otherwise
# ping an address before offering it, adding ICMP and a delay. The 2-minute lease is dnsmasq's
# shortest.
ip netns exec "$SRV" dnsmasq \
  --keep-in-foreground --conf-file=/dev/null --user=root \
  --pid-file="$tmp/dnsmasq.pid" --dhcp-leasefile="$tmp/dnsmasq.leases" \
  --log-facility="$tmp/dnsmasq.log" --log-dhcp --log-queries \
  --interface="$SRV_IF" --bind-interfaces \
  --no-resolv --no-hosts --local=/example.test/ --domain=example.test \
  --host-record=www.example.test,"$SRV_IP",2001:db8::1 \
  --dhcp-range=192.0.2.100,192.0.2.199,255.255.255.0,2m \
  --dhcp-option=option:router,"$SRV_IP" --dhcp-option=option:dns-server,"$SRV_IP" \
  --dhcp-authoritative --no-ping &
wait_for "dnsmasq (DHCP port 67)" sh -c "ip netns exec $SRV ss -Hlnu 'sport = :67' | grep -q ."
wait_for "dnsmasq (DNS port 53)" sh -c "ip netns exec $SRV ss -Hlnu 'sport = :53' | grep -q ."

ip netns exec "$SRV" python3 "$repo/scripts/tiny-httpd.py" --bind "$SRV_IP" --port 80 \
  --directory "$tmp/www" --ready "$tmp/httpd.ready" 2>"$tmp/httpd.log" &
wait_for "the web server" test -e "$tmp/httpd.ready"

# --- Capture on the client's interface, started before the client sends anything.
ip netns exec "$CLI" dumpcap -i "$CLI_IF" -w "$tmp/capture.pcapng" 2>"$tmp/dumpcap.log" &
dumpcap_pid=$!
wait_for "dumpcap" grep -q "Capturing on" "$tmp/dumpcap.log"

# --- Client: boot (DHCP), resolve, browse.
# dhclient's own configuration: a fixed host name (Debian's default sends the machine's), a short
# parameter request list, and a timeout so a failure doesn't hang the script.
cat >"$tmp/dhclient.conf" <<'EOF'
send host-name "ws-client";
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, host-name,
        interface-mtu;
timeout 20;
EOF
# The -sf script dhclient runs at each state change. It applies the lease like Debian's
# dhclient-script would, but writes the resolver configuration to our temp dir instead of the
# machine's /etc/resolv.conf.
cat >"$tmp/dhclient-script" <<EOF
#!/bin/sh
# dhclient runs this with only its own variables in the environment.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
case "\$reason" in
  PREINIT) ip link set dev "\$interface" up ;;
  BOUND|RENEW|REBIND|REBOOT)
    ip addr flush dev "\$interface"
    ip addr add "\$new_ip_address/\$new_subnet_mask" brd + dev "\$interface"
    for r in \$new_routers; do ip route replace default via "\$r" dev "\$interface"; break; done
    {
      [ -z "\$new_domain_name" ] || echo "search \$new_domain_name"
      for s in \$new_domain_name_servers; do echo "nameserver \$s"; done
      # glibc sends the A and AAAA queries together by default, so their order in the capture
      # would vary by run; single-request makes it ask A, wait for the answer, then ask AAAA.
      echo "options single-request"
    } >"$tmp/resolv.conf"
    echo "\$reason \$new_ip_address/\$new_subnet_mask router \$new_routers dns \$new_domain_name_servers" \
      >>"$tmp/dhclient-script.log"
    ;;
esac
exit 0
EOF
chmod 755 "$tmp/dhclient-script"
# -1: try once and exit non-zero on failure. Fresh lease files (in $tmp) on both sides make it a
# full Discover/Offer/Request/ACK exchange rather than an INIT-REBOOT Request. Once bound, dhclient
# goes to the background to renew; cleanup ends it with the namespace.
ip netns exec "$CLI" dhclient -1 -v -cf "$tmp/dhclient.conf" -lf "$tmp/dhclient.leases" \
  -pf "$tmp/dhclient.pid" -sf "$tmp/dhclient-script" "$CLI_IF" 2>"$tmp/dhclient.log" ||
  fail "dhclient got no lease"
[ -s "$tmp/resolv.conf" ] || fail "the DHCP lease had no DNS server"
echo "DHCP: $(cat "$tmp/dhclient-script.log")"

# Runs a command in the client namespace with the resolver configuration that DHCP gave: a private
# mount namespace where our resolv.conf is bind-mounted over /etc/resolv.conf (nothing outside
# that one process sees it). curl then resolves www.example.test through glibc, which asks the DHCP
# server's DNS for both A and AAAA, as any browser would.
with_dhcp_resolver() {
  # shellcheck disable=SC2016 # $0 and $@ are the inner shell's
  ip netns exec "$CLI" unshare --mount sh -c \
    'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$tmp/resolv.conf" "$@"
}
with_dhcp_resolver curl -sS --max-time 10 -o "$tmp/page.html" \
  -w 'HTTP: %{http_code} from %{remote_ip}:%{remote_port}, %{size_download} bytes\n' \
  http://www.example.test/ || fail "curl failed"
cmp -s "$tmp/page.html" "$tmp/www/index.html" || fail "curl got a different page"

# Give the last ACK of the teardown time to reach the capture, then stop it. dumpcap finishes the
# file (interface statistics block) on SIGTERM.
sleep 0.5
kill -TERM "$dumpcap_pid"
wait "$dumpcap_pid" || true
[ -s "$tmp/capture.pcapng" ] || fail "dumpcap wrote nothing"

# --- Check that the capture holds the whole scenario, with valid checksums, before replacing the
# committed sample.
check() {
  local what=$1 filter=$2 n
  n=$(tshark -r "$tmp/capture.pcapng" -Y "$filter" 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] || fail "capture has no $what ($filter)"
}
check "DHCP Discover" 'dhcp.option.dhcp == 1'
check "DHCP Offer" 'dhcp.option.dhcp == 2'
check "DHCP Request" 'dhcp.option.dhcp == 3'
check "DHCP ACK" 'dhcp.option.dhcp == 5'
check "ARP" 'arp'
check "DNS A answer" 'dns.flags.response == 1 && dns.qry.type == 1 && dns.count.answers > 0'
check "DNS AAAA answer" 'dns.flags.response == 1 && dns.qry.type == 28 && dns.count.answers > 0'
check "TCP handshake" 'tcp.flags.syn == 1 && tcp.flags.ack == 1'
check "HTTP GET" 'http.request.method == "GET"'
check "HTTP 200" 'http.response.code == 200'
check "FIN from both sides" 'tcp.flags.fin == 1 && ip.src == 192.0.2.1'
check "client FIN" 'tcp.flags.fin == 1 && ip.dst == 192.0.2.1'
bad=$(tshark -r "$tmp/capture.pcapng" -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
  -o ip.check_checksum:TRUE -Y 'tcp.checksum.status == "Bad" || udp.checksum.status == "Bad" || ip.checksum.status == "Bad"' | wc -l)
[ "$bad" -eq 0 ] || fail "$bad frames have bad checksums (offloads still on?)"

mkdir -p "$(dirname "$out")"
cp "$tmp/capture.pcapng" "$out.tmp"
chmod 644 "$out.tmp" # dumpcap creates its file readable by root only
mv "$out.tmp" "$out"

echo
echo "== capinfos $out"
capinfos "$out"
echo
echo "== tshark -r $out"
tshark -r "$out"

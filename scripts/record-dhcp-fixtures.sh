#!/usr/bin/env bash
# Records the DHCP and DHCPv6 fixtures under crates/wiresift/tests/data/dhcp/ with real programs:
# dnsmasq as DHCP/DHCPv6 server (and, in a third namespace, as relay) and ISC dhclient as client.
#
#   dh-srv   dh-s0  192.0.2.1/24 fd00:0:0:1::1/64   dnsmasq (DHCPv4 + DHCPv6 server)
#            dh-s1  198.51.100.1/24 fd00:0:0:2::1/64   link to the relay
#   dh-cli   dh-c0  (DHCP)                          dhclient: DORA, renewal, release; -6: Solicit ...
#   dh-rel   dh-r0  198.51.100.2/24 fd00:0:0:2::2/64  dnsmasq --dhcp-relay toward dh-srv
#            dh-r1  203.0.113.1/24 fd00:0:0:3::1/64
#   dh-rcli  dh-q0  (DHCP)                          dhclient behind the relay
#
# Captures (tcpdump, pcap):
#   dora.pcap      Discover/Offer/Request/ACK, an in-lease renewal (unicast Request/ACK), Release
#   v6.pcap        Solicit/Advertise/Request/Reply with IA_NA, Solicit with IA_PD (dnsmasq has no
#                  prefix delegation: it answers with a status code), Information-request/Reply,
#                  Release/Reply
#   relay.pcap     the relay's server side: relayed DHCPv4 (giaddr set) and DHCPv6 Relay-forw/-repl
#                  with the client's messages nested
# Nothing leaves the namespaces: none has a link other than the veth pairs made here.
#
# usage: sudo scripts/record-dhcp-fixtures.sh   (then scripts/dhcp-fixture-oracle.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/wiresift/tests/data/dhcp
mkdir -p "$out"
[ "$(id -u)" = 0 ] || { echo "record-dhcp-fixtures.sh: must run as root" >&2; exit 1; }

need=()
command -v ip >/dev/null || need+=(iproute2)
command -v dnsmasq >/dev/null || need+=(dnsmasq-base)
command -v dhclient >/dev/null || need+=(isc-dhcp-client)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v ethtool >/dev/null || need+=(ethtool)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

NSS="dh-srv dh-cli dh-rel dh-rcli"
tmp=""
remove_namespaces() {
  local ns pids
  for ns in $NSS; do
    ip netns list | awk '{print $1}' | grep -qx "$ns" || continue
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
    sleep 0.3
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
cleanup() { remove_namespaces; [ -z "$tmp" ] || rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
remove_namespaces
tmp=$(mktemp -d /tmp/dh-fixtures.XXXXXX)
chmod 755 "$tmp"

wait_for() {
  local what=$1; shift
  for _ in $(seq 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "timed out waiting for $what" >&2
  tail -n 30 "$tmp"/*.log >&2 || true
  exit 1
}

for ns in $NSS; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
# name:ns:mac pairs
link() { # link IF_A NS_A MAC_A IF_B NS_B MAC_B
  ip link add "$1" address "$3" netns "$2" type veth peer name "$4" address "$6" netns "$5"
  for p in "$2:$1" "$5:$4"; do
    ip netns exec "${p%%:*}" ethtool -K "${p#*:}" tx off >/dev/null 2>&1 || true
  done
}
link dh-s0 dh-srv 02:00:00:00:10:01 dh-c0 dh-cli 02:00:00:00:10:02
link dh-s1 dh-srv 02:00:00:00:20:01 dh-r0 dh-rel 02:00:00:00:20:02
link dh-r1 dh-rel 02:00:00:00:30:01 dh-q0 dh-rcli 02:00:00:00:30:02
# Router advertisements and DAD would add frames at times of their own; DHCP is all we want.
for pair in dh-srv:dh-s0 dh-srv:dh-s1 dh-cli:dh-c0 dh-rel:dh-r0 dh-rel:dh-r1 dh-rcli:dh-q0; do
  ns=${pair%%:*}; dev=${pair#*:}
  ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.accept_dad=0" "net.ipv6.conf.$dev.router_solicitations=0"
  ip -n "$ns" link set "$dev" up
done
ip netns exec dh-rel sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n dh-srv addr add 192.0.2.1/24 dev dh-s0
ip -n dh-srv addr add fd00:0:0:1::1/64 nodad dev dh-s0
ip -n dh-srv addr add 198.51.100.1/24 dev dh-s1
ip -n dh-srv addr add fd00:0:0:2::1/64 nodad dev dh-s1
ip -n dh-srv route add 203.0.113.0/24 via 198.51.100.2
ip -n dh-srv route add fd00:0:0:3::/64 via fd00:0:0:2::2
ip -n dh-rel addr add 198.51.100.2/24 dev dh-r0
ip -n dh-rel addr add fd00:0:0:2::2/64 nodad dev dh-r0
ip -n dh-rel addr add 203.0.113.1/24 dev dh-r1
ip -n dh-rel addr add fd00:0:0:3::1/64 nodad dev dh-r1

# The server: a 2-minute lease (dnsmasq's shortest), so T1 comes after one minute.
ip netns exec dh-srv dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --port=0 \
  --pid-file="$tmp/srv.pid" --dhcp-leasefile="$tmp/srv.leases" --log-facility="$tmp/srv.log" --log-dhcp \
  --interface=dh-s0 --interface=dh-s1 --no-ping --dhcp-authoritative --domain=example.test \
  --dhcp-range=192.0.2.100,192.0.2.199,255.255.255.0,2m \
  --dhcp-range=203.0.113.100,203.0.113.199,255.255.255.0,2m \
  --dhcp-range=fd00:0:0:1::100,fd00:0:0:1::1ff,64,2m \
  --dhcp-range=fd00:0:0:3::100,fd00:0:0:3::1ff,64,2m \
  --dhcp-option=option:router,192.0.2.1 --dhcp-option=option:dns-server,192.0.2.1,192.0.2.2 \
  --dhcp-option=option:ntp-server,192.0.2.1 \
  --dhcp-option=option6:dns-server,[fd00:0:0:1::1] --dhcp-option=option6:domain-search,example.test,lab.test \
  --dhcp-option=option6:sntp-server,[fd00:0:0:1::1] &
wait_for "dnsmasq :67" sh -c "ip netns exec dh-srv ss -Hlnu 'sport = :67' | grep -q ."
wait_for "dnsmasq :547" sh -c "ip netns exec dh-srv ss -Hlnu 'sport = :547' | grep -q ."

# The relay: dnsmasq relays both families from dh-r1 to the server.
ip netns exec dh-rel dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --port=0 \
  --pid-file="$tmp/rel.pid" --log-facility="$tmp/rel.log" --log-dhcp \
  --interface=dh-r1 --dhcp-relay=203.0.113.1,198.51.100.1 --dhcp-relay=fd00:0:0:3::1,fd00:0:0:2::1 &
wait_for "relay :67" sh -c "ip netns exec dh-rel ss -Hlnu 'sport = :67' | grep -q ."

cat >"$tmp/dhclient.conf" <<'EOF2'
send host-name "dh-client";
send fqdn.fqdn "dh-client.example.test.";
send vendor-class-identifier "wiresift-fixture";
request subnet-mask, broadcast-address, time-offset, routers, domain-name, domain-name-servers,
        domain-search, host-name, ntp-servers, interface-mtu, dhcp6.name-servers, dhcp6.domain-search,
        dhcp6.sntp-servers, dhcp6.fqdn;
timeout 20;
EOF2
cat >"$tmp/script" <<'EOF2'
#!/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
case "$reason" in
  PREINIT) ip link set dev "$interface" up ;;
  BOUND|RENEW|REBIND|REBOOT)
    ip addr flush dev "$interface" scope global
    ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface" ;;
  BOUND6|RENEW6|REBIND6)
    [ -z "$new_ip6_address" ] || ip -6 addr replace "$new_ip6_address/$new_ip6_prefixlen" nodad dev "$interface" ;;
esac
exit 0
EOF2
chmod +x "$tmp/script"
dhc() { # dhc NS ARGS...: dhclient with our script, configuration and files, in a namespace
  local ns=$1; shift
  ip netns exec "$ns" dhclient -v -sf "$tmp/script" -cf "$tmp/dhclient.conf" \
    -lf "$tmp/$ns.leases" -pf "$tmp/$ns.pid" "$@" >>"$tmp/$ns.log" 2>&1
}
capture() { # capture NS IF FILE: starts tcpdump; its pid in $cap
  ip netns exec "$1" tcpdump -i "$2" -U -s 0 -w "$3" 'udp port 67 or udp port 68 or udp port 546 or udp port 547' \
    2>"$tmp/tcpdump.log" &
  cap=$!
  wait_for "tcpdump" grep -q "listening on" "$tmp/tcpdump.log"
}
stop_capture() { sleep 1; kill "$cap"; wait "$cap" 2>/dev/null || true; }

# --- DHCPv4: DORA, then the renewal at T1 (the client stays up for it), then a release.
capture dh-cli dh-c0 "$tmp/dora.pcap"
dhc dh-cli -4 dh-c0            # DORA; dhclient daemonizes after binding
wait_for "the lease" grep -q "bound to" "$tmp/dh-cli.log"
# dhclient logs to syslog once in the background, so the server's log tells when the renewal is done.
for _ in $(seq 90); do [ "$(grep -c 'DHCPACK(dh-s0)' "$tmp/srv.log")" -ge 2 ] && break; sleep 1; done
sleep 2
dhc dh-cli -4 -r dh-c0         # release (stops the running client)
stop_capture

# --- DHCPv6 on the direct link.
capture dh-cli dh-c0 "$tmp/v6.pcap"
dhc dh-cli -6 -1 dh-c0         # Solicit/Advertise/Request/Reply (IA_NA)
wait_for "the v6 lease" grep -q "Bound to lease\|bound" "$tmp/dh-cli.log"
dhc dh-cli -6 -r dh-c0         # Release/Reply
dhc dh-cli -6 -1 -P -lf "$tmp/pd.leases" dh-c0 || true  # IA_PD: dnsmasq has none to give
dhc dh-cli -6 -r -P -lf "$tmp/pd.leases" dh-c0 || true
dhc dh-cli -6 -S -1 -lf "$tmp/info.leases" dh-c0 || true  # Information-request/Reply
stop_capture

# --- Through the relay, captured on the relay's server side.
capture dh-rel dh-r0 "$tmp/relay.pcap"
dhc dh-rcli -4 -1 dh-q0
dhc dh-rcli -4 -r dh-q0
dhc dh-rcli -6 -1 dh-q0 || true
dhc dh-rcli -6 -r dh-q0 || true
stop_capture

for f in dora v6 relay; do cp "$tmp/$f.pcap" "$out/$f.pcap"; done
ls -l "$out"

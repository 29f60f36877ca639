#!/usr/bin/env bash
# Records tests/data/icmp-arp.pcapng: ARP and ICMP/ICMPv6 as real hosts and a real router produce them.
#
# Five network namespaces this script creates; no packet can leave them (none has another link):
#
#   ia-lan   bridge br0 joining the LAN ports; the capture runs here, on br0, so it sees every LAN frame
#   ia-c1    10.9.0.1/24  fd09::1/64    the host that pings
#   ia-c2    10.9.0.2/24  fd09::2/64    a neighbour
#   ia-c3    10.9.0.2/24 (later)        a second host that claims c2's address
#   ia-rt    10.9.0.254/24 fd09::fe/64 on the LAN, 10.9.1.254/24 fd09:1::fe/64 towards ia-far (forwarding)
#   ia-far   10.9.1.2/24  fd09:1::2/64
#
# What happens, in order: ARP resolution and echo request/reply to a neighbour; echo through the router;
# echo to a missing host behind the router (the router's ARP for it fails: ICMP host unreachable); an echo
# with TTL 1 (ICMP time exceeded); UDP to a closed port (ICMP port unreachable quoting the datagram);
# echoes to a host that ignores them (requests with no response); ICMPv6 neighbour discovery and echo, echo
# through the router, and to a missing host (ICMPv6 address unreachable) and a hop limit of 1 (time
# exceeded); arping's gratuitous request and reply, an ARP probe (RFC 5227), and a second host announcing
# an address already in use (Wireshark's duplicate address detection).
#
# usage: sudo scripts/record-icmp-arp.sh [OUTPUT]   (default tests/data/icmp-arp.pcapng)
# Then run scripts/fixture-oracle.sh to store tshark's answers beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-tests/data/icmp-arp.pcapng}

if [ "$(id -u)" != 0 ]; then
  echo "record-icmp-arp.sh: must run as root (it creates network namespaces)" >&2
  exit 1
fi

need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ethtool >/dev/null || need+=(ethtool)
command -v ping >/dev/null || need+=(iputils-ping)
command -v arping >/dev/null || need+=(iputils-arping)
command -v python3 >/dev/null || need+=(python3)
command -v dumpcap >/dev/null || need+=(wireshark-common)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

NAMESPACES=(ia-lan ia-c1 ia-c2 ia-c3 ia-rt ia-far)
tmp=""
remove_namespaces() {
  local ns pids
  for ns in "${NAMESPACES[@]}"; do
    ip netns list | awk '{print $1}' | grep -qx "$ns" || continue
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
    sleep 0.3
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
cleanup() {
  remove_namespaces
  [ -z "$tmp" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

remove_namespaces
tmp=$(mktemp -d /tmp/ws-icmp.XXXXXX)

for ns in "${NAMESPACES[@]}"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
ip -n ia-lan link add br0 type bridge
# No spanning tree frames and no multicast snooping queries of the bridge's own in the capture.
ip -n ia-lan link set br0 type bridge stp_state 0 mcast_snooping 0
ip netns exec ia-lan sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
ip -n ia-lan link set br0 up

# Joins namespace $1 (interface $2, fixed MAC $3) to the bridge, or to namespace $4's interface $5.
link() {
  local ns=$1 dev=$2 mac=$3 peer_ns=${4:-ia-lan} peer_dev=${5:-p-$1}
  ip link add "$dev" address "$mac" netns "$ns" type veth peer name "$peer_dev" netns "$peer_ns"
  if [ "$peer_ns" = ia-lan ]; then
    ip netns exec ia-lan sysctl -qw "net.ipv6.conf.$peer_dev.disable_ipv6=1"
    ip -n ia-lan link set "$peer_dev" master br0 up
  fi
  # Whole checksums and no segments larger than the MTU, as a real wire carries them.
  ip netns exec "$ns" ethtool -K "$dev" tx off >/dev/null 2>&1 || true
}
link ia-c1 eth0 02:00:00:09:00:01
link ia-c2 eth0 02:00:00:09:00:02
link ia-c3 eth0 02:00:00:09:00:03
link ia-rt lan0 02:00:00:09:00:fe
link ia-far eth0 02:00:00:09:01:02 ia-rt far0
ip netns exec ia-rt ethtool -K far0 tx off >/dev/null 2>&1 || true

for ns in ia-c1 ia-c2 ia-c3 ia-far; do
  # Router solicitations and MLD reports come at times of their own; the hosts' addresses are static.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.router_solicitations=0
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.force_mld_version=2
done
# nodad: duplicate address detection would add neighbour solicitations at random delays.
ip -n ia-c1 addr add 10.9.0.1/24 dev eth0
ip -n ia-c1 addr add fd09::1/64 dev eth0 nodad
ip -n ia-c2 addr add 10.9.0.2/24 dev eth0
ip -n ia-c2 addr add fd09::2/64 dev eth0 nodad
ip -n ia-rt addr add 10.9.0.254/24 dev lan0
ip -n ia-rt addr add fd09::fe/64 dev lan0 nodad
ip -n ia-rt addr add 10.9.1.254/24 dev far0
ip -n ia-rt addr add fd09:1::fe/64 dev far0 nodad
ip -n ia-far addr add 10.9.1.2/24 dev eth0
ip -n ia-far addr add fd09:1::2/64 dev eth0 nodad
ip netns exec ia-rt sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
# Rate limits would swallow some of the router's errors when they come close together.
ip netns exec ia-rt sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
for ns in ia-c1 ia-c2 ia-c3 ia-rt ia-far; do
  for dev in $(ip -n "$ns" -o link show | awk -F': ' '$2 != "lo" {sub(/@.*/, "", $2); print $2}'); do
    ip -n "$ns" link set "$dev" up
  done
done
ip -n ia-c1 route add default via 10.9.0.254
ip -n ia-c1 -6 route add default via fd09::fe
ip -n ia-far route add default via 10.9.1.254
ip -n ia-far -6 route add default via fd09:1::fe
sleep 2 # links up and settled before the capture starts

ip netns exec ia-lan dumpcap -q -i br0 -w "$tmp/capture.pcapng" 2>"$tmp/dumpcap.log" &
dumpcap_pid=$!
for _ in $(seq 100); do grep -q "Capturing on" "$tmp/dumpcap.log" && break; sleep 0.1; done
sleep 0.5

c1() { ip netns exec ia-c1 "$@"; }
# IPv4: a neighbour, through the router, a missing host, TTL 1.
c1 ping -c 2 -i 0.3 10.9.0.2 >/dev/null
c1 ping -c 2 -i 0.3 10.9.1.2 >/dev/null
c1 ping -c 1 -W 5 10.9.1.3 >/dev/null || true # the router gives up its ARP after 3 s
c1 ping -c 1 -t 1 -W 1 10.9.1.2 >/dev/null || true
# A datagram to a closed port: the neighbour answers port unreachable, quoting IP and UDP.
c1 python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"anyone there?", ("10.9.0.2", 9999))'
sleep 0.3
# Requests that get no response.
ip netns exec ia-c2 sysctl -qw net.ipv4.icmp_echo_ignore_all=1
c1 ping -c 2 -i 0.3 -W 1 10.9.0.2 >/dev/null || true
ip netns exec ia-c2 sysctl -qw net.ipv4.icmp_echo_ignore_all=0
# IPv6: neighbour discovery and echo, through the router, a missing host, hop limit 1.
c1 ping -6 -c 2 -i 0.3 fd09::2 >/dev/null
c1 ping -6 -c 2 -i 0.3 fd09:1::2 >/dev/null
c1 ping -6 -c 1 -W 5 fd09:1::3 >/dev/null || true
c1 ping -6 -c 1 -t 1 -W 1 fd09:1::2 >/dev/null || true
# ARP: c2 announces itself (gratuitous request, then reply); c1 probes an address before using it.
ip netns exec ia-c2 arping -q -U -c 1 -I eth0 10.9.0.2 || true
ip netns exec ia-c2 arping -q -A -c 1 -I eth0 10.9.0.2 || true
c1 arping -q -D -c 1 -w 1 -I eth0 10.9.0.77 || true
# c3 takes c2's address and announces it: two MACs for one address.
ip -n ia-c3 addr add 10.9.0.2/24 dev eth0
ip netns exec ia-c3 arping -q -U -c 1 -I eth0 10.9.0.2 || true
sleep 0.5

kill "$dumpcap_pid"
wait "$dumpcap_pid" || true
# IPv6 multicast listener reports and router advertisements the kernel sends on its own schedule
# would make the frame list differ by run: keep only what the steps above caused.
tshark -n -r "$tmp/capture.pcapng" -Y 'arp or icmp or (icmpv6 and icmpv6.type in {1,3,128,129,135,136})' \
  -w "$out" -F pcapng
echo "$out: $(tshark -r "$out" 2>/dev/null | wc -l) frames"

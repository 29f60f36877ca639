#!/usr/bin/env bash
# Records crates/wiresift/tests/data/ntp/ntp-exchange.pcap: real NTP between ntpsec's ntpd (a server
# with its local clock as reference) and its clients, in two network namespaces this script creates:
#
#   ntp-srv  10.77.0.1/24  ntpd (mode 3/4 server; mode 6 control, which ntpsec answers on loopback
#                          only: ntpq runs beside it on 127.0.0.1)
#   ntp-cli  10.77.0.2/24  ntpdig (SNTP query; the server is not yet synchronised and answers with
#                          stratum 0), ntpq from afar (its queries stand unanswered), and an ntpd of its
#                          own polling the server in client mode
#
# Captured with tcpdump on the server's veth and on its loopback (UDP port 123 only), the two files merged
# in time order by mergecap (Ethernet frames both).
# usage: sudo scripts/record-ntp-fixture.sh [OUTPUT]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-crates/wiresift/tests/data/ntp/ntp-exchange.pcap}

need=()
command -v ntpd >/dev/null || need+=(ntpsec)
command -v ntpdig >/dev/null || need+=(ntpsec-ntpdate)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v mergecap >/dev/null || need+=(wireshark-common)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
netns_make ntp-srv ntp-cli
netns_link ntp-srv 10.77.0.1/24 ntp-cli 10.77.0.2/24
tmp=$(mktemp -d /tmp/ws-ntp.XXXXXX)
trap 'netns_remove; rm -rf "$tmp"' EXIT

cat > "$tmp/server.conf" <<CONF
server 127.127.1.0
fudge 127.127.1.0 stratum 8
restrict default
restrict 127.0.0.1
driftfile $tmp/server.drift
CONF
cat > "$tmp/client.conf" <<CONF
server 10.77.0.1 iburst minpoll 3 maxpoll 3
driftfile $tmp/client.drift
CONF

ip netns exec ntp-srv tcpdump -i veth-ntp-srv -s 0 -U -w "$tmp/veth.pcap" udp port 123 \
  2>"$tmp/tcpdump-veth.err" &
capture_veth=$!
ip netns exec ntp-srv tcpdump -i lo -s 0 -U -w "$tmp/lo.pcap" udp port 123 2>"$tmp/tcpdump-lo.err" &
capture_lo=$!
sleep 1
ip netns exec ntp-srv ntpd -n -c "$tmp/server.conf" -u root 2>"$tmp/server.log" &
sleep 2
ip netns exec ntp-cli ntpdig -t 2 10.77.0.1 || true
ip netns exec ntp-srv ntpq -n -c peers -c rv -c "rv 0 stratum,refid" 127.0.0.1 || true
ip netns exec ntp-srv ntpq -n -c associations -c "rv &1" 127.0.0.1 || true
ip netns exec ntp-cli timeout 3 ntpq -n -c rv 10.77.0.1 || true
ip netns exec ntp-cli ntpd -n -c "$tmp/client.conf" -u root 2>"$tmp/client.log" &
sleep 12
kill $capture_veth $capture_lo
wait $capture_veth $capture_lo 2>/dev/null || true
mkdir -p "$(dirname "$out")"
mergecap -F pcap -w "$out" "$tmp/veth.pcap" "$tmp/lo.pcap"
echo "wrote $out: $(tcpdump -r "$out" 2>/dev/null | wc -l) packets"

#!/usr/bin/env bash
# Records crates/wiresift/tests/data/browser/browser-election.pcap: the Windows browser protocol as
# Samba's nmbd speaks it, over SMB mailslot transactions in NetBIOS datagrams (UDP port 138). Two
# nmbd daemons of one workgroup, in two network namespaces joined by a veth pair (nothing touches the
# outside network), announce their hosts, hold an election, and the winner becomes the local master
# browser (Request, Local Master and Domain/Workgroup announcements follow). Only port 138 is kept:
# the name service on port 137 is not part of this fixture. Then scripts/browser-fixture-oracle.sh
# writes tshark's answers. Needs root, tcpdump and samba (apt-get install samba tcpdump).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
source scripts/lib/netns.sh
out=crates/wiresift/tests/data/browser
mkdir -p "$out"
for t in nmbd tcpdump; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install samba tcpdump)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'netns_remove; rm -rf "$tmp"' EXIT
netns_make nb-a nb-b
netns_link nb-a 10.83.0.1/24 nb-b 10.83.0.2/24
# Broadcasts to 10.83.0.255 need a route out of the veth.
ip -n nb-a route add default dev veth-nb-a
ip -n nb-b route add default dev veth-nb-b
# ALPHA wants to be the master browser (os level 65, preferred master), BRAVO does not.
conf() {
  local name=$1 ns=$2 level=$3 preferred=$4 dir=$tmp/$1
  mkdir -p "$dir"/{lock,state,cache,private}
  cat >"$dir/smb.conf" <<CONF
[global]
workgroup = FIXTUREWG
netbios name = $name
server string = Fixture $name
interfaces = veth-$ns
bind interfaces only = yes
os level = $level
preferred master = $preferred
local master = yes
domain master = no
lock directory = $dir/lock
state directory = $dir/state
cache directory = $dir/cache
private dir = $dir/private
pid directory = $dir
log file = $dir/log
CONF
}
conf ALPHA nb-a 65 yes
conf BRAVO nb-b 20 no
ip netns exec nb-a tcpdump -Z root -s 0 -U -i veth-nb-a -w "$tmp/browser.pcap" udp port 138 2>"$tmp/tcpdump.log" &
tp=$!
for _ in $(seq 1 100); do grep -q "listening on" "$tmp/tcpdump.log" && break; sleep 0.05; done
ip netns exec nb-a nmbd -F --debug-stdout --no-process-group -s "$tmp/ALPHA/smb.conf" >"$tmp/a.log" 2>&1 &
ip netns exec nb-b nmbd -F --debug-stdout --no-process-group -s "$tmp/BRAVO/smb.conf" >"$tmp/b.log" 2>&1 &
# The election is held about 7 s after start and the winner announces itself about 16 s later.
sleep 26
kill -INT $tp
wait $tp 2>/dev/null || true
cp "$tmp/browser.pcap" "$out/browser-election.pcap"
echo "browser: $(tcpdump -r "$out/browser-election.pcap" 2>/dev/null | wc -l) frames"

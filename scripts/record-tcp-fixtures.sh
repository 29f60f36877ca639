#!/usr/bin/env bash
# Records crates/wiresift/tests/data/tcp/*.pcap: real TCP traffic with the troubles TCP analysis is
# about (losses and retransmissions, reordering, duplicates, zero windows, resets, keep-alives, port
# reuse), over IPv4 and IPv6. scripts/tcp-fixture-oracle.sh then stores tshark's answers beside them.
#
# Three network namespaces this script creates, joined by two veth pairs (no packet can leave them):
#
#   wsf-c  c0 192.0.2.2 2001:db8::2  ──  mc  wsf-m  ms  ──  s0 192.0.2.1 2001:db8::1  wsf-s
#         client programs             impair-bridge.py              server programs
#
# The middle namespace runs scripts/impair-bridge.py, a two-port bridge that delays every frame (to
# give the link a round-trip time) and drops, duplicates, holds back (reorders) or delays chosen TCP
# segments. It does the job of `tc qdisc add ... netem loss/reorder/duplicate/delay`, which needs the
# sch_netem kernel module (the VMs we record on have no qdisc modules at all), and it picks which
# segments suffer, so each capture holds its cases on every run. The clients and servers are real
# sockets (scripts/tcp-peers.py): the kernel's TCP does the retransmitting, probing and resetting.
#
# Captures are taken with tcpdump -s 0 on the client's (sender's) side, and for some cases on the
# server's (receiver's) side too, where a loss shows as a gap and its repair as a late segment.
# MTU 1280 (the least IPv6 allows) keeps segments and files small (every file well under 200 KB).
#
# usage: sudo scripts/record-tcp-fixtures.sh [OUTDIR]   (default crates/wiresift/tests/data/tcp)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=${1:-crates/wiresift/tests/data/tcp}

if [ "$(id -u)" != 0 ]; then
  echo "record-tcp-fixtures.sh: must run as root (it creates network namespaces)" >&2
  exit 1
fi
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ethtool >/dev/null || need+=(ethtool)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v python3 >/dev/null || need+=(python3)
command -v tshark >/dev/null || need+=(tshark)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

CLI=wsf-c
MID=wsf-m
SRV=wsf-s
C4=192.0.2.2
S4=192.0.2.1
C6=2001:db8::2
S6=2001:db8::1
PEERS="$repo/scripts/tcp-peers.py"

tmp=""
remove_namespaces() {
  local ns pids
  for ns in "$CLI" "$MID" "$SRV"; do
    ip netns list | awk '{print $1}' | grep -qx "$ns" || continue
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086 # one pid per word; only our programs run in our namespaces
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

remove_namespaces
tmp=$(mktemp -d /tmp/ws-tcpfix.XXXXXX)
chmod 755 "$tmp"

fail() {
  echo "record-tcp-fixtures.sh: $*" >&2
  for f in "$tmp"/*.log; do
    [ -s "$f" ] || continue
    echo "--- $f" >&2
    tail -n 20 "$f" >&2
  done
  exit 1
}
wait_for() {
  local what=$1
  shift
  for _ in $(seq 100); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for $what"
}

# --- Network.
for ns in "$CLI" "$MID" "$SRV"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
ip link add c0 address 02:00:00:00:00:02 netns "$CLI" type veth peer name mc netns "$MID"
ip link add s0 address 02:00:00:00:00:01 netns "$SRV" type veth peer name ms netns "$MID"
for pair in "$CLI:c0" "$MID:mc" "$MID:ms" "$SRV:s0"; do
  ns=${pair%%:*}
  dev=${pair#*:}
  ip -n "$ns" link set "$dev" mtu 1280
  # No router solicitations or other IPv6 chatter of the kernel's own; addresses without DAD.
  ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.accept_ra=0" "net.ipv6.conf.$dev.router_solicitations=0"
  # Frames as a real wire carries them: full checksums, no segments larger than the MTU.
  ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null 2>&1 ||
    ip netns exec "$ns" ethtool -K "$dev" tx off >/dev/null
  ip -n "$ns" link set "$dev" up
done
# The bridge reads frames addressed to the other side.
ip -n "$MID" link set mc promisc on
ip -n "$MID" link set ms promisc on
ip -n "$CLI" addr add "$C4/24" dev c0
ip -n "$CLI" addr add "$C6/64" dev c0 nodad
ip -n "$SRV" addr add "$S4/24" dev s0
ip -n "$SRV" addr add "$S6/64" dev s0 nodad
# Port reuse: a client may connect again from a port whose last connection is in TIME_WAIT.
ip netns exec "$CLI" sysctl -qw net.ipv4.tcp_tw_reuse=1

bridge_pid=""
capture_pids=()
capture_files=()
# start_bridge DELAY_MS [RULE ...]: (re)starts the bridge with these impairments.
start_bridge() {
  stop_bridge
  local delay=$1
  shift
  rm -f "$tmp/bridge.ready"
  ip netns exec "$MID" python3 "$repo/scripts/impair-bridge.py" --a mc --b ms --delay-ms "$delay" \
    --ready "$tmp/bridge.ready" "$@" 2>"$tmp/bridge.log" &
  bridge_pid=$!
  wait_for "the bridge" test -e "$tmp/bridge.ready"
}
stop_bridge() {
  [ -z "$bridge_pid" ] && return 0
  kill "$bridge_pid" 2>/dev/null || true
  wait "$bridge_pid" 2>/dev/null || true
  bridge_pid=""
}
# capture NAME NS DEV: starts tcpdump writing $tmp/NAME.pcap; ARP and neighbour discovery are left out.
capture() {
  local name=$1 ns=$2 dev=$3
  ip netns exec "$ns" tcpdump -Z root -s 0 --immediate-mode -U -i "$dev" -w "$tmp/$name.pcap" 'tcp or udp' \
    2>"$tmp/$name.tcpdump.log" &
  capture_pids+=($!)
  capture_files+=("$name")
  wait_for "tcpdump on $dev" grep -q "listening on" "$tmp/$name.tcpdump.log"
}
stop_captures() {
  sleep 0.5 # the last frames' way through the bridge
  local p
  for p in "${capture_pids[@]}"; do
    kill -INT "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  capture_pids=()
}
# server ROLE ARGS...: starts a server in the server namespace and waits until it listens.
server() {
  local role=$1
  shift
  rm -f "$tmp/server.ready"
  ip netns exec "$SRV" python3 "$PEERS" "$role" --ready "$tmp/server.ready" "$@" \
    2>>"$tmp/server.log" &
  server_pids+=($!)
  wait_for "server $role" test -e "$tmp/server.ready"
}
server_pids=()
wait_servers() {
  local p
  for p in "${server_pids[@]}"; do
    wait "$p" || fail "a server failed"
  done
  server_pids=()
}
client() {
  ip netns exec "$CLI" python3 "$PEERS" "$@" 2>>"$tmp/client.log" || fail "client $1 failed"
}

# --- Cases.

# Losses: a 60 KB upload with single, double and repeated losses (fast retransmissions and
# retransmissions after a timeout), and the server's answer lost once (the server retransmits it).
echo "== loss"
start_bridge 5 a2b:data:12:drop a2b:data:25:drop a2b:data:26:drop a2b:data:40:drop=2 b2a:data:1:drop
capture loss-sender "$CLI" c0
capture loss-receiver "$SRV" s0
server server-sink --addr "$S4" --port 7001
client client-send --addr "$S4" --port 7001 --bytes 60000
wait_servers
stop_captures

# The same over IPv6, shorter.
echo "== loss-ipv6"
start_bridge 5 a2b:data:8:drop a2b:data:16:drop=3
capture loss-ipv6 "$CLI" c0
server server-sink --addr "$S6" --port 7001
client client-send --addr "$S6" --port 7001 --bytes 25000
wait_servers
stop_captures

# Reordering and duplicates: segments held back behind one or two others or delayed, data and ACKs
# duplicated (the receiver answers duplicate data with D-SACK blocks). Seen from both sides.
echo "== reorder"
start_bridge 10 a2b:data:8:hold=2 a2b:data:20:hold=1 a2b:data:30:dup a2b:data:31:dup \
  a2b:data:40:delay=15 b2a:any:12:dup b2a:any:20:dup
capture reorder-receiver "$SRV" s0
capture reorder-sender "$CLI" c0
server server-sink --addr "$S4" --port 7002
client client-send --addr "$S4" --port 7002 --bytes 50000
wait_servers
stop_captures

# A receiver with a 4 KB buffer that stops reading for 1.5 s, then reads slowly, then fast: window
# full, zero window, the sender's probes, window updates.
echo "== zero-window"
start_bridge 2
capture zero-window "$CLI" c0
server server-zero-window --addr "$S4" --port 7003 --rcvbuf 4096 --stall 1.5 --slow-bytes 8192
client client-send --addr "$S4" --port 7003 --bytes 40000
wait_servers
stop_captures

# Keep-alives: SO_KEEPALIVE with a 1 s idle time and interval, idle for 3.5 s, over IPv4 and IPv6.
echo "== keep-alive"
start_bridge 1
capture keep-alive "$CLI" c0
server server-echo --addr "$S4" --port 7004
client client-keepalive --addr "$S4" --port 7004 --idle 3.5
wait_servers
server server-echo --addr "$S6" --port 7004
client client-keepalive --addr "$S6" --port 7004 --idle 2.5
wait_servers
stop_captures

# Resets: SYNs to closed ports (RST answers), a server that closes with SO_LINGER 0 after the first
# line (RST mid-connection) while the client writes on (more RSTs), a client that closes with a RST;
# a UDP exchange on each family beside them.
echo "== resets"
start_bridge 1
capture resets "$CLI" c0
client client-refused --addr "$S4" --port 7999
client client-refused --addr "$S6" --port 7999
server server-echo --addr "$S4" --port 7005 --linger0
client client-lines --addr "$S4" --port 7005 --lines 3 --after-reset
wait_servers
server server-echo --addr "$S6" --port 7005
client client-lines --addr "$S6" --port 7005 --lines 2 --rst-close
wait_servers
server udp-echo --addr "$S4" --port 7053
client udp-client --addr "$S4" --port 7053
wait_servers
server udp-echo --addr "$S6" --port 7053
client udp-client --addr "$S6" --port 7053
wait_servers
stop_captures

# Port reuse: the client connects from the same port again and again, after a FIN close (the port
# in TIME_WAIT, reused after 1 s) and after a RST close, over IPv4 and IPv6.
echo "== port-reuse"
start_bridge 1
capture port-reuse "$CLI" c0
server server-echo --addr "$S4" --port 7006 --count 3
client client-lines --addr "$S4" --port 7006 --lines 1 --bind-port 40000
sleep 1.2
client client-lines --addr "$S4" --port 7006 --lines 1 --bind-port 40000 --rst-close
client client-lines --addr "$S4" --port 7006 --lines 1 --bind-port 40000
wait_servers
server server-echo --addr "$S6" --port 7006 --count 2
client client-lines --addr "$S6" --port 7006 --lines 1 --bind-port 40000 --rst-close
client client-lines --addr "$S6" --port 7006 --lines 1 --bind-port 40000
wait_servers
stop_captures
stop_bridge

# --- Check what each capture must hold, then replace the committed files.
check() {
  local name=$1 what=$2 filter=$3 n
  n=$(tshark -n -r "$tmp/$name.pcap" -Y "$filter" 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] || fail "$name has no $what ($filter)"
}
check loss-sender "fast retransmission" tcp.analysis.fast_retransmission
check loss-sender "retransmission" "tcp.analysis.retransmission && !tcp.analysis.fast_retransmission"
check loss-receiver "gap" tcp.analysis.lost_segment
check loss-ipv6 "retransmission" "ipv6 && tcp.analysis.retransmission"
check reorder-receiver "out-of-order segment" tcp.analysis.out_of_order
check reorder-receiver "D-SACK" "tcp.options.sack_le"
check reorder-sender "duplicate ACK" tcp.analysis.duplicate_ack
check zero-window "zero window" tcp.analysis.zero_window
check zero-window "window full" tcp.analysis.window_full
check keep-alive "keep-alive" "ip && tcp.analysis.keep_alive"
check keep-alive "keep-alive over IPv6" "ipv6 && tcp.analysis.keep_alive"
check keep-alive "keep-alive ACK" tcp.analysis.keep_alive_ack
check resets "RST to a SYN" "tcp.flags.reset == 1 && tcp.seq == 1 && tcp.len == 0"
check resets "UDP" udp
check port-reuse "reused ports" tcp.analysis.reused_ports
bad=$(tshark -n -r "$tmp/loss-sender.pcap" -o tcp.check_checksum:TRUE -Y 'tcp.checksum.status == "Bad"' | wc -l)
[ "$bad" -eq 0 ] || fail "$bad frames have bad checksums (offloads still on?)"

mkdir -p "$out"
for name in "${capture_files[@]}"; do
  chmod 644 "$tmp/$name.pcap"
  cp "$tmp/$name.pcap" "$out/$name.pcap"
  echo "$out/$name.pcap: $(tshark -n -r "$out/$name.pcap" | wc -l) frames, $(stat -c %s "$out/$name.pcap") bytes"
done

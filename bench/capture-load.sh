#!/usr/bin/env bash
# Live capture under load: small UDP packets at a set rate across a veth, captured on the receiving end
# by `wiresift -i IF -w` and by `tcpdump -i IF -w`, both at once (the same packets, the same run) and
# then each alone under the same load. Prints a markdown table: packets sent, arrived on the interface,
# in each file, dropped as each tool reports it, and the CPU time each tool used.
#
# usage: sudo bench/capture-load.sh
# Environment: RATE (packets/s, default 200000), DURATION (s, default 10), RUNS (default 3),
#              THREADS (generator threads, default 1), PAYLOAD (UDP payload bytes, default 18: 60-byte
#              frames), MODES (default "together alone"), WIRESIFT_ARGS (added to wiresift's command
#              line, e.g. "--immediate-mode" or "-B 4"), TCPDUMP_ARGS (likewise), SETTLE (s between
#              the end of the load and the stop, default 3), BUILD (1: cargo build --release first,
#              the default; 0: use what is in target/release), OUT (default bench/out/capture-load),
#              KEEP (1: keep the capture files, about 150 MB each at the defaults; default 0),
#              STRESS (busy-looping shells that compete with the captures for the CPUs while the
#              load runs, default 0: the capture then has to keep up with less than a core).
#
# Two namespaces, wsld-tx and wsld-rx, joined by one veth pair and nothing else: no packet leaves
# them. The generator (crates/capture/examples/udp_load.rs) sends from wsld-tx to 198.18.50.3, a
# neighbour with a fixed MAC address that no interface has: the receiving stack drops each frame as
# not its own right after the packet taps have seen it, as on a port that mirrors other hosts'
# traffic. Nothing answers, so the only packets on the link are the generator's (IPv6 is off, so no
# neighbour discovery either) and each file should hold exactly the packets that arrived.
#
# Both tools use their defaults: libpcap's 2 MiB buffer (neither passes -B unless told), no immediate
# mode, whole packets (snapshot length 262144). tcpdump keeps running as root (-Z root) so that it
# can write under bench/out.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-200000}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
THREADS=${THREADS:-1}
PAYLOAD=${PAYLOAD:-18}
MODES=${MODES:-together alone}
WIRESIFT_ARGS=${WIRESIFT_ARGS:-}
TCPDUMP_ARGS=${TCPDUMP_ARGS:-}
SETTLE=${SETTLE:-3}
BUILD=${BUILD:-1}
KEEP=${KEEP:-0}
STRESS=${STRESS:-0}
OUT=${OUT:-bench/out/capture-load}
WIRESIFT=$PWD/target/release/wiresift
GENERATOR=$PWD/target/release/examples/udp_load

for tool in tcpdump capinfos; do
  command -v $tool >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump wireshark-common
  }
done
if [ "$BUILD" = 1 ]; then
  cargo build --release -q -p wiresift
  cargo build --release -q -p capture --example udp_load
fi

# shellcheck source=../scripts/lib/netns.sh
. scripts/lib/netns.sh
TX=wsld-tx
RX=wsld-rx
netns_make $TX $RX
for ns in $TX $RX; do
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
# Not netns_link: it turns the offloads off, and the benchmark wants the veth as it comes (libpcap sizes
# its ring slots in immediate mode by the offloads).
ip link add veth-$TX netns $TX type veth peer name veth-$RX netns $RX
ip -n $TX addr add 198.18.50.1/24 dev veth-$TX
ip -n $RX addr add 198.18.50.2/24 dev veth-$RX
ip -n $TX link set veth-$TX up
ip -n $RX link set veth-$RX up
IF=veth-$RX
ip -n $TX neigh replace 198.18.50.3 lladdr 02:00:00:00:00:33 dev veth-$TX nud permanent
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

rx_packets() { ip netns exec $RX cat /sys/class/net/$IF/statistics/rx_packets; }
tx_dropped() { ip netns exec $TX cat /sys/class/net/veth-$TX/statistics/tx_dropped; }
# utime + stime of a process, in seconds.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
# Waits (at most 10 s) until a capture's standard error says it has started.
wait_ready() {
  local file=$1 text=$2
  for _ in $(seq 100); do
    grep -q "$text" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "capture-load.sh: the capture did not start:" >&2
  cat "$file" >&2
  exit 1
}
count_in() { capinfos -M -c "$1" | awk -F': *' '/Number of packets/ {print $2}'; }
# The sum of the numbers before TEXT in a capture's closing messages (0 when absent).
reported() {
  awk -v text="$2" 'index($0, text) { n += $1 } END { print n + 0 }' "$1"
}

ROWS=()
row() { ROWS+=("$1"); }

# One run of the load with the given captures ("wiresift", "tcpdump" or both) on the interface.
run_load() {
  local run=$1 mode=$2
  shift 2
  local tools=("$@") pids=() tool base
  for tool in "${tools[@]}"; do
    base=$OUT/$mode-$run-$tool
    rm -f "$base".*
    case $tool in
      wiresift)
        # shellcheck disable=SC2086 # WIRESIFT_ARGS is a list of words
        ip netns exec $RX "$WIRESIFT" -i $IF -w "$base.pcapng" $WIRESIFT_ARGS 2>"$base.err" &
        pids+=($!)
        wait_ready "$base.err" "Capturing on"
        ;;
      tcpdump)
        # shellcheck disable=SC2086
        ip netns exec $RX tcpdump -i $IF -Z root -w "$base.pcap" $TCPDUMP_ARGS 2>"$base.err" &
        pids+=($!)
        wait_ready "$base.err" "listening on"
        ;;
    esac
  done
  local load rx0 drop0 sent hogs=()
  for _ in $(seq "$STRESS"); do
    ip netns exec $RX sh -c 'while :; do :; done' &
    hogs+=($!)
  done
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  rx0=$(rx_packets)
  drop0=$(tx_dropped)
  ip netns exec $TX "$GENERATOR" 198.18.50.3:9 --rate "$RATE" --duration "$DURATION" \
    --threads "$THREADS" --payload "$PAYLOAD" >"$OUT/$mode-$run-generator.txt"
  sent=$(grep -o 'sent=[0-9]*' "$OUT/$mode-$run-generator.txt" | cut -d= -f2)
  [ ${#hogs[@]} = 0 ] || kill "${hogs[@]}"
  # libpcap hands over a block of packets when it is full or its timer has fired twice (tcpdump's
  # timer is 1 s): wait for the last block before stopping, so that neither tool's file misses it.
  sleep "$SETTLE"
  local cpu=()
  for i in "${!pids[@]}"; do cpu+=("$(cpu_seconds "${pids[$i]}")"); done
  kill -INT "${pids[@]}"
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  local arrived=$(($(rx_packets) - rx0)) linkdrop=$(($(tx_dropped) - drop0))
  for i in "${!tools[@]}"; do
    tool=${tools[$i]}
    base=$OUT/$mode-$run-$tool
    local file captured dropped
    case $tool in
      wiresift)
        file=$base.pcapng
        dropped=$(reported "$base.err" " dropped from ")
        ;;
      tcpdump)
        file=$base.pcap
        dropped=$(reported "$base.err" " dropped by kernel")
        ;;
    esac
    captured=$(count_in "$file")
    [ "$KEEP" = 1 ] || rm -f "$file"
    row "| $run | $mode | $tool | $sent | $arrived | $captured | $dropped | $((arrived - captured)) | ${cpu[$i]} | $load |"
    [ "$linkdrop" = 0 ] || echo "run $run $mode: the veth dropped $linkdrop packets before the taps" >&2
  done
  cat "$OUT/$mode-$run-generator.txt" >&2
}

echo "capture-load: $RATE packets/s for $DURATION s, $RUNS runs, modes: $MODES, $STRESS busy loops" >&2
for run in $(seq "$RUNS"); do
  for mode in $MODES; do
    case $mode in
      together) run_load "$run" together wiresift tcpdump ;;
      alone)
        run_load "$run" alone wiresift
        run_load "$run" alone tcpdump
        ;;
      *)
        echo "capture-load.sh: unknown mode $mode (together, alone)" >&2
        exit 1
        ;;
    esac
  done
done

{
  echo "| run | mode | tool | sent | arrived | in file | dropped (reported) | missing (arrived − in file) | CPU s | load average |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT/results.md"

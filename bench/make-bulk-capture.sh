#!/usr/bin/env bash
# Makes bench/out/bulk.pcap: a large capture of bulk transfers on a loopback interface, the other kind
# of big file people read (bench/make-big-capture.sh makes the mixed, small-frame one).
#
# A network namespace this script creates (nothing leaves it) runs python's HTTP server on its own
# loopback; curl downloads a file of random bytes from it again and again over IPv4 and IPv6 while
# tcpdump records the loopback with the full snapshot length. On loopback the kernel hands TCP
# segments of up to 64 KiB to the packet tap (the MTU is 65536 and segmentation offload is on), so the
# file holds few, large frames, as any capture on `lo` of a copy or a download does.
#
# usage: sudo bench/make-bulk-capture.sh [SIZE]      SIZE like 1G (default), 300M
# Environment: OUT (default bench/out/bulk.pcap), FILE_SIZE (the file served, default 64M),
#              RATE (curl --limit-rate per download, default 250M bytes/s).
# Idempotent: leftovers of an interrupted run are removed first, everything is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-${SIZE:-1G}}
OUT=${OUT:-bench/out/bulk.pcap}
FILE_SIZE=${FILE_SIZE:-64M}
RATE=${RATE:-250M}
NS=wsbulk

if [ "$(id -u)" != 0 ]; then
  echo "make-bulk-capture.sh: must run as root (it creates a network namespace)" >&2
  exit 1
fi
target=$(numfmt --from=iec "$SIZE") || {
  echo "make-bulk-capture.sh: SIZE must look like 1G, 300M" >&2
  exit 2
}

need=()
command -v ip >/dev/null || need+=(iproute2)
command -v curl >/dev/null || need+=(curl)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

work=$(mktemp -d)
cleanup() {
  [ -n "${dump_pid:-}" ] && kill "$dump_pid" 2>/dev/null || true
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns del "$NS" 2>/dev/null || true
ip netns add "$NS"
ip -n "$NS" link set lo up

head -c "$(numfmt --from=iec "$FILE_SIZE")" /dev/urandom >"$work/blob"
(cd "$work" && exec ip netns exec "$NS" python3 -m http.server --bind :: 8080 >/dev/null 2>&1) &
server_pid=$!
for _ in $(seq 50); do
  ip netns exec "$NS" curl -s -o /dev/null "http://127.0.0.1:8080/" && break
  sleep 0.1
done

mkdir -p "$(dirname "$OUT")"
tmp="$OUT.tmp"
# -B: a 64 MiB kernel buffer, so that the 64 KiB frames of a fast local copy are not dropped.
ip netns exec "$NS" tcpdump -i lo -s 0 -B 65536 -w "$tmp" 2>"$work/tcpdump.err" &
dump_pid=$!
sleep 1
round=0
while [ "$(stat -c %s "$tmp" 2>/dev/null || echo 0)" -lt "$target" ]; do
  if [ $((round % 2)) = 0 ]; then url="http://127.0.0.1:8080/blob"; else url="http://[::1]:8080/blob"; fi
  # Paced, so that tcpdump writes every frame (unpaced, a local copy outruns the disk writes).
  ip netns exec "$NS" curl -s --limit-rate "$RATE" -o /dev/null "$url"
  round=$((round + 1))
done
sleep 1
kill -INT "$dump_pid"
wait "$dump_pid" || true
dump_pid=
cat "$work/tcpdump.err" >&2
mv "$tmp" "$OUT"
echo "make-bulk-capture.sh: $OUT: $(stat -c %s "$OUT") bytes, $round downloads of $FILE_SIZE"

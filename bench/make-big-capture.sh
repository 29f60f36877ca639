#!/usr/bin/env bash
# Makes bench/out/big.pcap, a large capture of realistic traffic for throughput benchmarks
# (bench/compare-read.sh). bench/README.md says what it holds; bench/out/ is not committed.
#
# 1. Records DURATION seconds of real traffic on a veth pair between two network namespaces this
#    script creates (nothing can leave them): python HTTP clients in parallel doing many short
#    HTTP/1.1 exchanges, curl keep-alive sessions and bulk downloads, dig asking dnsmasq, over IPv4
#    and IPv6. Offloads are off, so frames are MTU-sized with correct checksums, as on a wire.
# 2. Grows that recording to SIZE by appending copies of it (bench/rewrite-copies.py moves each
#    copy's clients to another subnet so its conversations are new ones, editcap -t shifts its
#    timestamps after the previous copy's, mergecap -a concatenates).
#
# usage: sudo bench/make-big-capture.sh [SIZE]      SIZE like 1G (default), 300M, 4G
# Environment: DURATION (recording seconds, default 20), OUT (default bench/out/big.pcap),
#              HTTP_V4 / HTTP_V6 (python HTTP clients over each, default 4 / 2).
# Idempotent: leftovers of an interrupted run are removed first, everything is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
SIZE=${1:-${SIZE:-1G}}
DURATION=${DURATION:-20}
OUT=${OUT:-bench/out/big.pcap}
HTTP_V4=${HTTP_V4:-4}
HTTP_V6=${HTTP_V6:-2}

if [ "$(id -u)" != 0 ]; then
  echo "make-big-capture.sh: must run as root (it creates network namespaces)" >&2
  exit 1
fi
target=$(numfmt --from=iec "$SIZE") || {
  echo "make-big-capture.sh: SIZE must look like 1G, 300M" >&2
  exit 2
}

# --- Tools. Debian package names; installed only when missing.
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ethtool >/dev/null || need+=(ethtool)
command -v dnsmasq >/dev/null || need+=(dnsmasq-base) # -base: the binary without a system service
command -v dig >/dev/null || need+=(dnsutils)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v editcap >/dev/null || need+=(wireshark-common) # editcap, mergecap, capinfos
command -v tshark >/dev/null || need+=(tshark)             # only to check checksums at the end
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

SRV=ws-bench-srv
CLI=ws-bench-cli
SRV_IF=wb-s0
CLI_IF=wb-c0
# 198.18.0.0/15 is reserved for benchmarking (RFC 2544), 2001:db8::/32 for documentation.
# bench/rewrite-copies.py relies on the clients being 198.18.1.X and 2001:db8:0:1::X.
SRV4=198.18.0.1
SRV6=2001:db8::1
cli4() { echo "198.18.1.$1"; }
cli6() { echo "2001:db8:0:1::$1"; }

tmp=""
# Ends whatever still runs inside our two namespaces (only processes this script started can be
# there), then deletes the namespaces, which also deletes the veth pair.
remove_namespaces() {
  local ns pids
  for ns in "$SRV" "$CLI"; do
    ip netns list | awk '{print $1}' | grep -qx "$ns" || continue
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086 # one pid per word
      kill $pids 2>/dev/null || true
      for _ in $(seq 30); do
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
mkdir -p "$(dirname "$OUT")"
# The work files are as large as the result: keep them beside it, not in a small /tmp.
tmp=$(mktemp -d "$(cd "$(dirname "$OUT")" && pwd)/.make-big.XXXXXX") # absolute: dnsmasq does cd /
chmod 755 "$tmp"

fail() {
  echo "make-big-capture.sh: $*" >&2
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
ip netns add "$SRV"
ip netns add "$CLI"
ip link add "$SRV_IF" address 02:00:00:00:01:01 netns "$SRV" type veth \
  peer name "$CLI_IF" address 02:00:00:00:02:02 netns "$CLI"
for pair in "$SRV:$SRV_IF" "$CLI:$CLI_IF"; do
  ns=${pair%%:*}
  dev=${pair#*:}
  ip -n "$ns" link set lo up
  # Without this a veth hands the capture 64 KB TCP "segments" (TSO/GSO/GRO) and partial
  # checksums (tx checksum offload); with it, 1514-byte frames with correct checksums.
  ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null
  ip -n "$ns" link set "$dev" up
done
ip -n "$SRV" addr add "$SRV4/15" dev "$SRV_IF"
ip -n "$SRV" addr add "$SRV6/48" dev "$SRV_IF" nodad # nodad: usable at once, no DAD wait
# Client addresses: .10.. python HTTP clients, .20 curl sessions, .30 bulk downloads, .40 DNS.
client_hosts=()
for i in $(seq 10 $((10 + HTTP_V4 + HTTP_V6 - 1))) 20 30 40; do client_hosts+=("$i"); done
for i in "${client_hosts[@]}"; do
  ip -n "$CLI" addr add "$(cli4 "$i")/15" dev "$CLI_IF"
  ip -n "$CLI" addr add "$(cli6 "$i")/48" dev "$CLI_IF" nodad
done

# --- Content: small pages (like HTML, CSS, JS), medium files (8-64 KB, like images), one bulk file. The
# generator is seeded, so the files are the same on every run.
mkdir -p "$tmp/www"
python3 - "$tmp/www" <<'EOF'
import os, random, sys
root = sys.argv[1]
rng = random.Random(42)
words = ("packet frame capture header payload segment window stream protocol field "
         "filter dissector wire ethernet address checksum offset length value").split()
os.makedirs(f"{root}/small"); os.makedirs(f"{root}/medium"); os.makedirs(f"{root}/bulk")
for i in range(200):
    size = int(150 * (27 ** rng.random()))  # 150 B .. 4 KB, more small than large
    body = []
    while sum(map(len, body)) < size:
        body.append("<p>" + " ".join(rng.choice(words) for _ in range(12)) + "</p>\n")
    with open(f"{root}/small/{i}.html", "w") as f:
        f.write("<!DOCTYPE html>\n<html><head><title>page %d</title></head><body>\n%s</body></html>\n" % (i, "".join(body)))
for i in range(20):
    with open(f"{root}/medium/{i}.bin", "wb") as f:
        f.write(rng.randbytes(rng.randint(8, 64) * 1024))
with open(f"{root}/bulk/big.bin", "wb") as f:
    f.write(rng.randbytes(6 * 1024 * 1024))
with open(f"{root}/index.html", "w") as f:
    f.write("<!DOCTYPE html>\n<html><body><h1>bench</h1></body></html>\n")
EOF
find "$tmp/www" -exec touch -d '2024-01-01 00:00:00 UTC' {} +

# --- Servers: dnsmasq answers DNS for example.test (no DHCP here, no upstream), the web server.
ip netns exec "$SRV" dnsmasq \
  --keep-in-foreground --conf-file=/dev/null --user=root --port=53 \
  --pid-file="$tmp/dnsmasq.pid" --log-facility="$tmp/dnsmasq.log" \
  --interface="$SRV_IF" --bind-interfaces \
  --no-resolv --no-hosts --local=/example.test/ --domain=example.test \
  --host-record=www.example.test,"$SRV4","$SRV6" \
  --host-record=static.example.test,"$SRV4","$SRV6" \
  --host-record=api.example.test,"$SRV4" \
  --host-record=mail.example.test,"$SRV4","$SRV6" \
  --cname=img.example.test,static.example.test \
  --mx-host=example.test,mail.example.test,10 \
  --txt-record=example.test,"v=spf1 mx -all" \
  --srv-host=_http._tcp.example.test,www.example.test,80 \
  --cache-size=1000 --dns-forward-max=1000 &
wait_for "dnsmasq" sh -c "ip netns exec $SRV ss -Hlnu 'sport = :53' | grep -q ."

# --buffer: responses leave as a production server sends them (see tiny-httpd.py).
ip netns exec "$SRV" python3 "$repo/scripts/tiny-httpd.py" --bind :: --port 80 --buffer \
  --directory "$tmp/www" --ready "$tmp/httpd.ready" 2>"$tmp/httpd.log" &
wait_for "the web server" test -e "$tmp/httpd.ready"

# --- Capture, on the client side, whole frames (-s 0), with a large kernel buffer (-B, KiB) so
# bursts are not dropped.
ip netns exec "$CLI" tcpdump -i "$CLI_IF" -s 0 -B 262144 -w "$tmp/base.pcap" 2>"$tmp/tcpdump.log" &
tcpdump_pid=$!
wait_for "tcpdump" grep -q "listening on" "$tmp/tcpdump.log"

# --- Traffic. Every client stops by itself at the deadline (and the timeout(1) around each is a
# backstop); loops are bounded in count too.
echo "recording ${DURATION}s of traffic..."
in_cli() { timeout $((DURATION + 30)) ip netns exec "$CLI" "$@"; }
end=$((SECONDS + DURATION))
workers=()

# Python clients: the bulk of the frames, short exchanges with handshakes and teardowns.
n=0
for i in $(seq 10 $((10 + HTTP_V4 + HTTP_V6 - 1))); do
  if [ "$n" -lt "$HTTP_V4" ]; then src=$(cli4 "$i") dst=$SRV4; else src=$(cli6 "$i") dst=$SRV6; fi
  in_cli python3 "$repo/bench/http-load.py" --server "$dst" --source "$src" --seed "$i" \
    --small 200 --medium 20 --duration "$DURATION" >>"$tmp/http-load.log" 2>&1 &
  workers+=($!)
  n=$((n + 1))
done

# curl keep-alive sessions: 20 pages per connection, as a browser loading a page's resources.
(
  for round in $(seq 100000); do
    [ "$SECONDS" -lt "$end" ] || break
    urls=()
    for j in $(seq 20); do urls+=("http://www.example.test/small/$(((round * 20 + j) % 200)).html"); done
    # --resolve: the name in the Host header without a DNS lookup per session (dig makes those).
    if [ $((round % 2)) = 0 ]; then src=$(cli4 20) ip=$SRV4; else src=$(cli6 20) ip="[$SRV6]"; fi
    in_cli curl -s --max-time 10 --interface "$src" --resolve "www.example.test:80:$ip" \
      "${urls[@]}" >/dev/null || true
  done
) &
workers+=($!)

# Bulk downloads: a 6 MB file every 9 seconds (IPv4, then IPv6), rate-limited as a real link would
# be, so the capture has long runs of full-size segments with their ACKs.
(
  round=0
  next=$SECONDS
  while [ "$SECONDS" -lt $((end - 2)) ]; do
    if [ "$SECONDS" -ge "$next" ]; then
      if [ $((round % 2)) = 0 ]; then url="http://$SRV4/bulk/big.bin" src=$(cli4 30); else
        url="http://[$SRV6]/bulk/big.bin" src=$(cli6 30)
      fi
      in_cli curl -s --max-time 10 --limit-rate 20M --interface "$src" -o /dev/null "$url" || true
      round=$((round + 1))
      next=$((next + 9))
    fi
    sleep 0.5
  done
) &
workers+=($!)

# DNS: batches of dig queries (A, AAAA, MX, TXT, SRV, CNAME, PTR, names that don't exist, a name
# outside the served domain), over IPv4 and IPv6.
cat >"$tmp/dig.queries" <<EOF
www.example.test A
www.example.test AAAA
static.example.test A
img.example.test A
img.example.test AAAA
api.example.test A
api.example.test AAAA
mail.example.test A
example.test MX
example.test TXT
_http._tcp.example.test SRV
nonexistent.example.test A
cdn.example.test AAAA
-x $SRV4
www.wiresift.invalid A
EOF
# dig takes a while to start: give each run 10 rounds of the list.
for i in $(seq 10); do cat "$tmp/dig.queries"; done >"$tmp/dig.batch"
for af in 4 6; do
  (
    if [ "$af" = 4 ]; then src=$(cli4 40) dns=$SRV4; else src=$(cli6 40) dns=$SRV6; fi
    for round in $(seq 100000); do
      [ "$SECONDS" -lt "$end" ] || break
      in_cli dig -b "$src" "@$dns" +tries=1 +time=2 -f "$tmp/dig.batch" >/dev/null || true
    done
  ) &
  workers+=($!)
done

for w in "${workers[@]}"; do wait "$w" || true; done
sleep 1 # the last teardowns
kill -INT "$tcpdump_pid"
wait "$tcpdump_pid" || true
cat "$tmp/http-load.log"
grep -E "captured|dropped" "$tmp/tcpdump.log" || true
dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$tmp/tcpdump.log")
[ "${dropped:-0}" = 0 ] || echo "warning: tcpdump's kernel buffer dropped $dropped packets" >&2
remove_namespaces # the recording is done; nothing needs the network any more

# --- Grow to the target size.
base=$tmp/base.pcap
base_bytes=$(stat -c %s "$base")
base_frames=$(capinfos -M -c -T -r "$base" | awk -F'\t' '{print $2}')
base_secs=$(capinfos -M -u -T -r "$base" | awk -F'\t' '{printf "%d", $2}')
shift_secs=$((base_secs + 1)) # each copy starts a second after the previous one ends
echo "recorded: $base_frames frames, $base_bytes bytes, ${base_secs}s"
[ "$base_frames" -gt 1000 ] || fail "the recording is too small ($base_frames frames)"

# Copy 0 is the recording itself; copies 1..full-1 are whole, a last one may be partial.
full=$((target / base_bytes))
[ "$full" -ge 1 ] || full=1
rest=$((target - full * base_bytes))
partial_frames=0
[ "$rest" -le 0 ] || partial_frames=$((base_frames * rest / base_bytes))
copies=$((full - 1))
[ "$partial_frames" -eq 0 ] || copies=$((copies + 1))
[ "$copies" -le 254 ] || fail "SIZE needs $copies copies, more than 254; raise DURATION"

parts=("$base")
if [ "$copies" -gt 0 ]; then
  echo "appending $copies rewritten, time-shifted copies..."
  python3 "$repo/bench/rewrite-copies.py" "$base" "$tmp/rw-{k}.pcap" $(seq "$copies")
  for k in $(seq "$copies"); do
    if [ "$k" -lt "$full" ]; then
      editcap -F pcap -t $((k * shift_secs)) "$tmp/rw-$k.pcap" "$tmp/copy-$k.pcap"
    else # the last, partial copy: its first frames only
      editcap -F pcap -t $((k * shift_secs)) -r "$tmp/rw-$k.pcap" "$tmp/copy-$k.pcap" "1-$partial_frames"
    fi
    rm -f "$tmp/rw-$k.pcap"
    parts+=("$tmp/copy-$k.pcap")
  done
  # The rewritten copies must keep valid checksums: check the start of the last one.
  bad=$(tshark -r "$tmp/copy-$copies.pcap" -c 20000 -o tcp.check_checksum:TRUE \
    -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE \
    -Y 'tcp.checksum.status == "Bad" || udp.checksum.status == "Bad" || ip.checksum.status == "Bad" || icmpv6.checksum.status == "Bad"' \
    2>/dev/null | wc -l)
  [ "$bad" -eq 0 ] || fail "$bad frames of copy $copies have bad checksums"
fi
mergecap -a -F pcap -w "$tmp/big.pcap" "${parts[@]}"
mv "$tmp/big.pcap" "$OUT"

echo
echo "== capinfos $OUT"
capinfos "$OUT"

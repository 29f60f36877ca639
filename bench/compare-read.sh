#!/usr/bin/env bash
# Times reading a big capture with wiresift and with the usual tools, on the same file in the same
# run, and prints a markdown table: mean time, frames/s, MB/s and speed relative to tcpdump.
#
# usage: bench/compare-read.sh [FILE]          (default bench/out/big.pcap; make it with
#                                                bench/make-big-capture.sh)
# Environment: WIRESIFT (default target/release/wiresift, from cargo build --release -p wiresift),
#              ITERATE (default target/release/examples/iterate, from
#                       cargo build --release -p capfile --example iterate),
#              BOUND (default bench/out/memory-bound, built here from bench/memory-bound.c when
#                     gcc is present: the machine's lower bounds, not wiresift),
#              RUNS (default 5), WARMUP (default 1), ONLY (a regular expression: run only the
#              commands whose name matches),
#              CACHE (default reread: first drop the file's pages from the page cache and read it
#                     once, so that it is cached as a file read from disk is; asis: leave the cache
#                     as it is, which for a file just written is as it was written; each: as
#                     reread, but before every run of every command, warm-ups included, so that
#                     every run finds the file cached the same way).
# Every command reads the file from the page cache (the warm-up runs put it there), so this
# measures the readers, not the disk. A command whose program is missing is skipped with a note,
# and so is one that fails on its first run.
#
# Why CACHE matters: Linux 6.x keeps a file read from disk in large folios (2 MiB pages, shown as
# FileHugePages in /proc/meminfo) where the filesystem allows it (ext4 since 6.16), and maps them
# with one page-table entry per 2 MiB; a file written by a program stays in the small folios its
# writes made, 4 KiB per entry. Every reader that maps or reads the file pays for those entries.
# On this project's shared build machine something outside it splits the file's large folios back
# into small ones while it stays cached (FileHugePages fell from 1017 to 809 MB in minutes, every
# page still resident), so with CACHE=reread the commands that run last find the file in smaller
# folios than the first did; CACHE=each puts every run back on an equal footing.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-bench/out/big.pcap}
WIRESIFT=${WIRESIFT:-target/release/wiresift}
ITERATE=${ITERATE:-target/release/examples/iterate}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
ONLY=${ONLY:-.}
CACHE=${CACHE:-reread}
BOUND=${BOUND:-bench/out/memory-bound}
if [ "$BOUND" = bench/out/memory-bound ] && command -v gcc >/dev/null; then
  mkdir -p bench/out
  gcc -O2 -pthread -o "$BOUND" bench/memory-bound.c
fi

# The commands, as "name|command line"; {file} stands for the capture. The first is the baseline
# the ratios are taken against. Adjust the wiresift lines here as its command line settles.
COMMANDS=(
  "tcpdump -r -w /dev/null|tcpdump -r {file} -w /dev/null"
  "capinfos -c (count frames)|capinfos -c {file}"
  "capinfos (all, with hashes)|capinfos {file}"
  "capfile iterate example (mmap)|$ITERATE {file}"
  "capfile iterate example (mmap, times and lengths)|env ITERATE_TIMES=1 $ITERATE {file}"
  "capfile iterate example (mmap, next_frame)|env ITERATE_NEXT=1 $ITERATE {file}"
  "capfile iterate example (mmap, no scout thread)|env ITERATE_ONE_THREAD=1 $ITERATE {file}"
  "capfile iterate example (stream)|env ITERATE_STREAM=1 $ITERATE {file}"
  "wiresift info|$WIRESIFT info {file}"
  "wiresift -r -w /dev/null|$WIRESIFT -r {file} -w /dev/null"
  "wiresift -r -q|$WIRESIFT -r {file} -q"
  "bound: record chain walk, no per-frame work|$BOUND walk 8192 {file}"
  "bound: touch every 256th byte, 1 thread|$BOUND touch 256 1 {file}"
  "bound: touch every 256th byte, 2 threads|$BOUND touch 256 2 {file}"
)

command -v hyperfine >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine
}
command -v capinfos >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wireshark-common
}
[ -r "$FILE" ] || {
  echo "compare-read.sh: no $FILE; make it with bench/make-big-capture.sh" >&2
  exit 1
}

# Dirty pages cannot be dropped: write them out first. dd's nocache with count=0 drops the whole
# file's clean pages (posix_fadvise DONTNEED), which any reader of the file may do.
recache() {
  sync "$FILE"
  dd if="$FILE" iflag=nocache count=0 status=none
  cat "$FILE" >/dev/null
}
prepare=()
if [ "$CACHE" = each ]; then
  q=$(printf %q "$FILE")
  prepare=(--prepare "sync $q && dd if=$q iflag=nocache count=0 status=none && cat $q >/dev/null")
fi
if [ "$CACHE" = reread ] || [ "$CACHE" = each ]; then
  recache
fi
echo "page cache: $(awk '/^FileHugePages/ {print $2 " kB in large folios"}' /proc/meminfo) (CACHE=$CACHE)" >&2

# The file's frame count and size, for the throughput columns.
frames=$(capinfos -M -c -T -r "$FILE" | awk -F'\t' '{print $2}')
bytes=$(stat -L -c %s "$FILE")

names=()
args=()
for entry in "${COMMANDS[@]}"; do
  name=${entry%%|*}
  cmd=${entry#*|}
  cmd=${cmd//\{file\}/$FILE}
  [[ $name =~ $ONLY ]] || continue
  prog=${cmd%% *}
  if ! command -v "$prog" >/dev/null 2>&1; then
    echo "skipped: $name ($prog not found)" >&2
    continue
  fi
  # One run first: a command that fails (say, an option wiresift doesn't have yet) is left out
  # rather than aborting the whole comparison. It also warms the page cache.
  if ! out=$(eval "$cmd" 2>&1 >/dev/null); then
    echo "skipped: $name (failed: $(echo "$out" | tail -n 1))" >&2
    continue
  fi
  names+=(-n "$name")
  args+=("$cmd")
done
[ ${#args[@]} -gt 0 ] || {
  echo "compare-read.sh: nothing to run" >&2
  exit 1
}

json=$(mktemp /tmp/compare-read.XXXXXX.json)
trap 'rm -f "$json"' EXIT
echo "$(basename "$FILE"): $frames frames, $bytes bytes; $RUNS runs each, $WARMUP warm-up" >&2
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" "${prepare[@]}" \
  "${names[@]}" "${args[@]}" >&2

# The table. "vs tcpdump" is tcpdump's mean time over this command's: above 1 is faster; the
# medians' ratio beside it is less moved by the odd slow run of a shared machine.
python3 - "$json" "$frames" "$bytes" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
frames, size = int(sys.argv[2]), int(sys.argv[3])
tcpdump = next((r for r in results if r["command"].startswith("tcpdump")), results[0])
print()
print("| command | mean time (s) | ± (s) | median (s) | frames/s | MB/s | vs tcpdump | medians |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in results:
    t = r["mean"]
    print(f"| {r['command']} | {t:.3f} | {r['stddev'] or 0:.3f} | {r['median']:.3f} "
          f"| {frames / t / 1e6:.2f} M | {size / t / 1e6:.0f} | {tcpdump['mean'] / t:.2f}× "
          f"| {tcpdump['median'] / r['median']:.2f}× |")
EOF

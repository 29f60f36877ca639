#!/usr/bin/env bash
# Times dissecting and printing a big capture with wiresift and with tshark, on the same file in the same
# hyperfine run, checks that the outputs agree, and prints a markdown table with the speed-ups.
#
#   -T fields:  tshark -n -r FILE -T fields -e ip.src -e tcp.dstport   vs   wiresift (the same arguments)
#   summary:    tshark -n -r FILE                                      vs   wiresift -r FILE
#
# usage: bench/compare-dissect.sh [FILE]        (default bench/out/big.pcap; make it with
#                                                 bench/make-big-capture.sh)
# Environment: WIRESIFT (default target/release/wiresift), RUNS (hyperfine runs per command, default 3:
#              tshark takes a minute or more per run on the 1 GB file), ONLY (a regular expression on the
#              command names), CHECK=0 (skip the output comparison).
#
# Before timing, each command runs once with its output kept (that run also fills the page cache, so
# hyperfine needs no warm-up run of its own); then:
#   - the -T fields outputs must be byte-identical (cmp), or the script fails;
#   - the summary outputs are compared line by line and the agreement reported: wiresift's summary lists
#     the protocols it dissects (up to TCP, UDP, ICMP, ARP ...), so lines of frames whose top protocol
#     it does not dissect yet (HTTP, DNS) differ by design; and tshark pads the Source and Destination
#     columns, which is counted separately ("same but for padding").
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-bench/out/big.pcap}
WIRESIFT=${WIRESIFT:-target/release/wiresift}
RUNS=${RUNS:-3}
ONLY=${ONLY:-.}
CHECK=${CHECK:-1}

command -v hyperfine >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine
}
command -v tshark >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark
}
[ -r "$FILE" ] || {
  echo "compare-dissect.sh: no $FILE; make it with bench/make-big-capture.sh" >&2
  exit 1
}
[ -x "$WIRESIFT" ] || {
  echo "compare-dissect.sh: no $WIRESIFT; cargo build --release -p wiresift" >&2
  exit 1
}

# "name|command line"; {file} stands for the capture. Pairs: tshark first, then wiresift.
FIELDS="-T fields -e ip.src -e tcp.dstport"
COMMANDS=(
  "tshark -T fields|tshark -n -r {file} $FIELDS"
  "wiresift -T fields|$WIRESIFT -r {file} $FIELDS"
  "tshark summary|tshark -n -r {file}"
  "wiresift summary|$WIRESIFT -r {file}"
)

frames=$(capinfos -M -c -T -r "$FILE" | awk -F'\t' '{print $2}')
bytes=$(stat -L -c %s "$FILE")
out=$(mktemp -d /tmp/compare-dissect.XXXXXX)
trap 'rm -rf "$out"' EXIT

names=()
args=()
for entry in "${COMMANDS[@]}"; do
  name=${entry%%|*}
  cmd=${entry#*|}
  cmd=${cmd//\{file\}/$FILE}
  [[ $name =~ $ONLY ]] || continue
  if [ "$CHECK" = 1 ]; then
    # 2>/dev/null: tshark's "Running as user root" notice.
    if ! eval "$cmd" >"$out/${name// /_}.txt" 2>/dev/null; then
      echo "compare-dissect.sh: $name failed" >&2
      exit 1
    fi
  fi
  names+=(-n "$name")
  args+=("$cmd")
done

status=0
if [ "$CHECK" = 1 ]; then
  if [ -e "$out/tshark_-T_fields.txt" ] && [ -e "$out/wiresift_-T_fields.txt" ]; then
    if cmp -s "$out/tshark_-T_fields.txt" "$out/wiresift_-T_fields.txt"; then
      echo "-T fields: outputs byte-identical ($(wc -l <"$out/tshark_-T_fields.txt") lines," \
        "sha256 $(sha256sum <"$out/tshark_-T_fields.txt" | cut -c1-16)...)" >&2
    else
      echo "-T fields: OUTPUTS DIFFER:" >&2
      cmp "$out/tshark_-T_fields.txt" "$out/wiresift_-T_fields.txt" >&2 || true
      status=1
    fi
  fi
  if [ -e "$out/tshark_summary.txt" ] && [ -e "$out/wiresift_summary.txt" ]; then
    python3 - "$out/tshark_summary.txt" "$out/wiresift_summary.txt" <<'EOF' >&2
import re, sys
same = padding = differ = 0
example = None
with open(sys.argv[1], encoding="utf-8", errors="replace") as t, \
     open(sys.argv[2], encoding="utf-8", errors="replace") as w:
    for a, b in zip(t, w):
        if a == b:
            same += 1
        elif re.sub(r" +", " ", a.strip()) == re.sub(r" +", " ", b.strip()):
            padding += 1
        else:
            differ += 1
            if example is None:
                example = (a.rstrip("\n"), b.rstrip("\n"))
total = same + padding + differ
print(f"summary: {total} lines; identical {same}, same but for column padding {padding}, "
      f"different {differ} ({100 * (same + padding) / max(total, 1):.1f}% agree but for padding)")
if example:
    print(f"  first different line:\n    tshark:   {example[0]}\n    wiresift: {example[1]}")
EOF
  fi
fi

json=$out/hyperfine.json
echo "$(basename "$FILE"): $frames frames, $bytes bytes; $RUNS runs each" >&2
hyperfine --style basic --runs "$RUNS" --export-json "$json" "${names[@]}" "${args[@]}" >&2

python3 - "$json" "$frames" "$bytes" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
frames, size = int(sys.argv[2]), int(sys.argv[3])
by_name = {r["command"]: r for r in results}
print()
print("| command | mean time (s) | ± (s) | user (s) | frames/s | MB/s | vs tshark |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in results:
    t = r["mean"]
    kind = r["command"].split(" ", 1)[1]
    base = by_name.get("tshark " + kind)
    ratio = f"{base['mean'] / t:.1f}×" if base else ""
    print(f"| {r['command']} | {t:.3f} | {r['stddev'] or 0:.3f} | {r['user']:.3f} "
          f"| {frames / t / 1e6:.2f} M | {size / t / 1e6:.0f} | {ratio} |")
EOF
exit $status

#!/usr/bin/env bash
# Times counting the frames a display filter matches, wiresift against tshark, on the same file in the
# same hyperfine run, after checking that both count the same frames.
#
#   tshark -n -r FILE -Y FILTER -T fields -e frame.number | wc -l
#   wiresift  -r FILE -Y FILTER -T fields -e frame.number | wc -l
#
# usage: bench/compare-filter.sh [FILE] [FILTER]
#   FILE defaults to bench/out/big.pcap (bench/make-big-capture.sh), FILTER to the issue's
#   'tcp.port == 80 && ip.src == 10.0.0.0/8'. Environment: WIRESIFT (default target/release/wiresift),
#   RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-bench/out/big.pcap}
FILTER=${2:-tcp.port == 80 && ip.src == 10.0.0.0/8}
WIRESIFT=${WIRESIFT:-target/release/wiresift}
RUNS=${RUNS:-3}
for tool in hyperfine tshark; do
  command -v $tool >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool"
  }
done
[ -r "$FILE" ] || { echo "compare-filter.sh: no $FILE; make it with bench/make-big-capture.sh" >&2; exit 1; }
ws="$WIRESIFT -n -r '$FILE' -Y '$FILTER' -T fields -e frame.number | wc -l"
ts="tshark -n -r '$FILE' -Y '$FILTER' -T fields -e frame.number 2>/dev/null | wc -l"
a=$(bash -c "$ws"); b=$(bash -c "$ts")
echo "matching frames: wiresift $a, tshark $b"
[ "$a" = "$b" ] || { echo "compare-filter.sh: the counts differ" >&2; exit 1; }
hyperfine --runs "$RUNS" --export-markdown /dev/stdout -n tshark "$ts" -n wiresift "$ws"

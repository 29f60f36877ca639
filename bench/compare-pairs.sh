#!/usr/bin/env bash
# Times tcpdump, the capfile iterator and `wiresift info` on the same capture in alternation: PAIRS
# rounds, each one run of every command, the file put back in the page cache as read from disk before
# every run. Prints the ratio of the mean and median times to tcpdump's, and the ratio within each
# round.
#
# Why besides bench/compare-read.sh: hyperfine there runs all the runs of one command, then all of the
# next, so a slow period of a shared machine (here one run in 10-20 takes 20-60 ms longer, whatever
# reads the file) lands on one command only, and on a command that takes 8 ms it moves the mean by a
# third. In alternation each round's commands run within a second of each other.
#
# usage: bench/compare-pairs.sh [FILE]         (default bench/out/big.pcap)
# Environment: PAIRS (default 30), WIRESIFT (default target/release/wiresift), ITERATE (default
#              target/release/examples/iterate: cargo build --release -p capfile --example iterate).
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-bench/out/big.pcap}
PAIRS=${PAIRS:-30}
WIRESIFT=${WIRESIFT:-target/release/wiresift}
ITERATE=${ITERATE:-target/release/examples/iterate}
for tool in "$WIRESIFT" "$ITERATE" "$FILE"; do
  [ -e "$tool" ] || {
    echo "compare-pairs.sh: $tool is missing (see the usage above)" >&2
    exit 1
  }
done
command -v hyperfine >/dev/null && command -v tcpdump >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine tcpdump
}

q=$(printf %q "$FILE")
json=$(mktemp /tmp/compare-pairs.XXXXXX.json)
times=$(mktemp /tmp/compare-pairs.XXXXXX.txt)
trap 'rm -f "$json" "$times"' EXIT
for _ in $(seq "$PAIRS"); do
  hyperfine -N --runs 1 --export-json "$json" \
    --prepare "sh -c 'sync $q && dd if=$q iflag=nocache count=0 status=none && cat $q >/dev/null'" \
    "tcpdump -r $q -w /dev/null" "$ITERATE $q" "$WIRESIFT info $q" >/dev/null 2>&1
  python3 -c 'import json, sys; print(*(r["mean"] for r in json.load(open(sys.argv[1]))["results"]))' \
    "$json" >>"$times"
done

python3 - "$times" "$FILE" <<'EOF'
import statistics as st, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
tcpdump = [r[0] for r in rows]
print(f"{sys.argv[2]}: {len(rows)} rounds")
print(f"tcpdump -r -w /dev/null: mean {st.mean(tcpdump) * 1e3:.1f} ms, median {st.median(tcpdump) * 1e3:.1f} ms")
for name, column in (("iterator", 1), ("wiresift info", 2)):
    t = [r[column] for r in rows]
    within = [a / b for a, b in zip(tcpdump, t)]
    print(
        f"{name}: mean {st.mean(t) * 1e3:.1f} ms, median {st.median(t) * 1e3:.1f} ms; "
        f"{st.mean(tcpdump) / st.mean(t):.2f}x by means, {st.median(tcpdump) / st.median(t):.2f}x by medians; "
        f"within rounds: median {st.median(within):.2f}x, lowest {min(within):.2f}x, "
        f"{sum(w >= 10 for w in within)} of {len(within)} rounds at 10x or more"
    )
EOF

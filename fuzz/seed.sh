#!/usr/bin/env bash
# Generates the seed corpora of the fuzz targets in fuzz/corpus/<target>/ from the shared captures (or the
# captures and directories given as arguments), the repository's fixture, the oracle's display filters and
# the filters of crates/filter/tests, and the filter target's dictionary (fuzz/filter.dict) from the registry.
# The corpora are generated here and ignored by git; the captures are never copied into the repository.
set -euo pipefail
cd "$(dirname "$0")"
shared=${WIRESIFT_SHARED:-/work/shared}
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
  inputs=(../tests/data)
  [ -d "$shared/captures" ] && inputs+=("$shared/captures")
fi
filters=()
[ -f "$shared/oracle/filters.txt" ] && filters=(--filters "$shared/oracle/filters.txt")
# A plain build (no sanitizer): the generator only reads captures.
cargo run --quiet --release -p wiresift-fuzz-harness --bin fuzz-seed -- corpus "${filters[@]}" \
  --filter-tests ../crates/filter/tests "${inputs[@]}"
cargo run --quiet --release -p wiresift-fuzz-harness --bin fuzz-dict -- filter.dict
# The http and websocket targets take TCP payloads as segment records (seed-streams.py).
python3 seed-streams.py corpus ../crates/wiresift/tests/data/http/*.pcap \
  $(grep -P '\thttp|websocket' "$shared/captures/MANIFEST.tsv" 2>/dev/null | cut -f1 | sed "s|^|$shared/captures/|" | grep -E '\.pcap$' | head -60)

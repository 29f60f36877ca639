#!/usr/bin/env bash
# Writes crates/tlscrypt/tests/data/decrypted/<capture>.tsv for every shared capture that comes with a TLS
# key log (../shared/oracle/decrypted/options/), for the derived captures that carry their key log in a
# pcapng Decryption Secrets Block, and (as decrypted/fixtures/NAME.pcap.tsv) for the captures that
# scripts/record-tls-fixtures.sh made in crates/tlscrypt/tests/data (key log NAME.keys beside): every "Decrypted TLS" data source tshark 4.0 shows, in frame order, as
#   frame <TAB> length <TAB> SHA-256 of the plaintext <TAB> its first 16 bytes in hex
# (digests keep the file small; the prefix helps when a test fails). crates/tlscrypt/tests/corpus.rs
# decrypts the same captures with tlscrypt and must find the same plaintexts in the same frames.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
tshark --version | head -1
out=crates/tlscrypt/tests/data/decrypted
mkdir -p "$out"

# tshark -P -x prints each frame's summary line, then its data sources; the decrypted records are the
# sources labelled "Decrypted TLS (N bytes):".
extract() {
    python3 -c '
import hashlib, re, sys
frame = None; buf = None; rows = []
def flush():
    global buf
    if buf is not None:
        rows.append((frame, bytes(buf)))
    buf = None
for line in sys.stdin:
    line = line.rstrip("\n")
    m = re.match(r"^\s+(\d+)\s+\d", line)
    if m and not re.match(r"^[0-9a-f]{4}  ", line):
        flush(); frame = int(m.group(1)); continue
    m = re.match(r"^(.*) \((\d+) bytes?\):$", line)
    if m:
        flush()
        if m.group(1) == "Decrypted TLS":
            buf = bytearray()
        continue
    if buf is not None and re.match(r"^[0-9a-f]{4,}  ", line):
        buf.extend(bytes.fromhex("".join(line[6:6 + 16 * 3].split())))
        continue
    if line == "":
        flush()
flush()
for f, b in rows:
    print(f"{f}\t{len(b)}\t{hashlib.sha256(b).hexdigest()}\t{b[:16].hex()}")
'
}

run() {
    local rel=$1; shift
    local dest="$out/$rel.tsv" base=$shared/captures
    case $rel in fixtures/*) base=crates/tlscrypt/tests/data; rel=${rel#fixtures/} ;; esac
    mkdir -p "$(dirname "$dest")"
    (cd "$base/$(dirname "$rel")" && tshark -n -r "$(basename "$rel")" "$@" -P -x 2>/dev/null) \
        | extract >"$dest"
    echo "$rel: $(wc -l <"$dest") decrypted records"
}

for opts in "$shared"/oracle/decrypted/options/*/*.txt "$shared"/oracle/decrypted/options/*/*/*.txt; do
    [ -f "$opts" ] || continue
    rel=${opts#"$shared"/oracle/decrypted/options/}
    rel=${rel%.txt}
    # shellcheck disable=SC2046 # the options file holds shell words
    run "$rel" $(cat "$opts")
done
for dsb in "$shared"/captures/derived/*-dsb.pcapng; do
    rel=${dsb#"$shared"/captures/}
    extra=()
    grep -q "^$rel.*tcp/9000" "$shared/captures/MANIFEST.tsv" && extra=(-d tcp.port==9000,tls)
    run "$rel" "${extra[@]}"
done
for capture in crates/tlscrypt/tests/data/*.pcap; do
    name=$(basename "$capture" .pcap)
    run "fixtures/$name.pcap" -d tcp.port==4433,tls -o "tls.keylog_file:$name.keys"
done

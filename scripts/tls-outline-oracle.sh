#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/tls-outline/<dir>-<capture>[.keys].txt: the outline of tshark 4.0's
# `-V` for a few TLS fixtures, with and without their key logs: every line at the top of the tree
# (Frame, each protocol item, reassembly trees) and each record's label ("TLSv1.2 Record Layer: ...").
# It shows how many "Transport Layer Security" items tshark makes per frame and which records each
# holds. crates/wiresift/tests/tls_fixtures.rs requires wiresift's outline to be the same.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
tshark --version | head -1
data=crates/wiresift/tests/data
out=$data/tls-outline
mkdir -p "$out"
outline() { grep -E '^[^ ]|^    (TLS|SSL)v[0-9.]* Record Layer' || true; }
for capture in tls/tls12-aes128gcm tls/tls13-aes128gcm tls-http/tls12-aes128cbc-sha tls-http/tls13-chacha20; do
  name=${capture/\//-}
  tshark -n -r "$data/$capture.pcap" -V 2>/dev/null | outline >"$out/$name.txt"
  tshark -n -r "$data/$capture.pcap" -o "tls.keylog_file:$data/$capture.keys" -V 2>/dev/null \
    | outline >"$out/$name.keys.txt"
  echo "$name: $(grep -c '^Transport Layer Security' "$out/$name.txt") TLS items," \
    "$(grep -c '^Transport Layer Security' "$out/$name.keys.txt") with keys"
done
# The server_name and key_share extensions' subtrees of the TLS 1.3 fixture's hellos (text items tshark
# puts between an extension and its fields): every extension block of those two types, whole.
extension_blocks() {
  awk '/^            Extension: (server_name|key_share) /{keep=1; print; next}
       /^            [^ ]|^        [^ ]|^    [^ ]|^[^ ]/{keep=0}
       keep{print}'
}
tshark -n -r "$data/tls/tls13-aes128gcm.pcap" -V 2>/dev/null | extension_blocks \
  >"$out/tls13-aes128gcm.sni-key-share.txt"

#!/bin/sh
# Stores what tshark 4.0 shows (`-V`) for chosen frames of the corpus's TLS captures, for
# crates/wiresift/tests/tls_corpus.rs, under crates/wiresift/tests/data/tls-corpus as
# NAME.frameN.V, where NAME is the capture's path under ../shared/captures with '/' as '__'.
# The captures stay in ../shared; only tshark's output is kept. Each frame shows a handshake part:
#   wireshark-notes/tls-many-ciphers.pcapng 6    RSA-EXPORT ServerKeyExchange
#   wireshark-notes/tls-many-ciphers.pcapng 53   ClientKeyExchange of a static ECDH suite
#   zeek/tls/pop3-starttls.pcap 13               CertificateRequest (types, no distinguished names)
#   zeek/tls/pop3-starttls.pcap 15               empty client Certificate, DHE ClientKeyExchange
#   hotplace/tls13_TLS_AES_128_CCM_SHA256_X25519MLKEM768.pcapng 4
#                                                ClientHello: unnamed signature schemes, an unnamed
#                                                key share group, compress_certificate
set -eu
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
out=crates/wiresift/tests/data/tls-corpus
mkdir -p "$out"
while read -r capture frame; do
    name=$(echo "$capture" | sed 's|/|__|g')
    TZ=UTC tshark -n -r "../shared/captures/$capture" -Y "frame.number==$frame" -V \
        >"$out/$name.frame$frame.V" 2>/dev/null
    echo "$out/$name.frame$frame.V: $(wc -l <"$out/$name.frame$frame.V") lines"
done <<'LIST'
wireshark-notes/tls-many-ciphers.pcapng 6
wireshark-notes/tls-many-ciphers.pcapng 53
zeek/tls/pop3-starttls.pcap 13
zeek/tls/pop3-starttls.pcap 15
hotplace/tls13_TLS_AES_128_CCM_SHA256_X25519MLKEM768.pcapng 4
LIST

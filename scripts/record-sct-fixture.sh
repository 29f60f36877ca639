#!/usr/bin/env bash
# Records crates/wiresift/tests/data/tls/sct.pcap: `openssl s_client -ct` completing a TLS 1.2
# handshake with `openssl s_server` between two namespaces (wssct-c 10.81.0.1, wssct-s 10.81.0.2).
# Signed certificate timestamps (RFC 6962) travel both ways RFC 6962 allows:
# - in the server's certificate, as the X.509 extension 1.3.6.1.4.1.11129.2.4.2, and
# - in the ServerHello, as the TLS extension signed_certificate_timestamp (18), from -serverinfo.
# The SCTs are made here (their log IDs are invented, so no log's name can apply to them; one carries
# extension bytes, the others none), so the capture shows the structure, not a real log's signature.
# The certificate also carries the Netscape extensions (2.16.840.1.113730.1.*: certificate type,
# comment and URLs) that old certificates still show.
# Then run scripts/sct-fixture-oracle.sh.
#
# usage: sudo scripts/record-sct-fixture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
out=crates/wiresift/tests/data/tls
mkdir -p "$out"
for tool in openssl tcpdump python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (openssl, tcpdump, python3)" >&2; exit 1; }
done

netns_make wssct-c wssct-s
netns_link wssct-c 10.81.0.1/24 wssct-s 10.81.0.2/24

work=$(mktemp -d)
trap 'netns_remove; rm -rf "$work"' EXIT

# The SCT lists: SignedCertificateTimestampList = opaque SerializedSCT<1..2^16-1> list, two bytes of
# length first (RFC 6962 3.3). The certificate's extension wraps the list in a DER OCTET STRING; the
# serverinfo file wraps it in a TLS extension (type, length).
python3 - "$work" <<'EOF'
import base64, struct, sys
work = sys.argv[1]

def sct(log_id, ms, sig, extensions=b""):
    body = (bytes([0]) + log_id + struct.pack(">Q", ms) + struct.pack(">H", len(extensions))
            + extensions + struct.pack(">HH", 0x0403, len(sig)) + sig)
    return struct.pack(">H", len(body)) + body

def sct_list(*scts):
    joined = b"".join(scts)
    return struct.pack(">H", len(joined)) + joined

fake_sig = lambda n: bytes.fromhex("3044022011") + bytes(range(n))
in_cert = sct_list(sct(bytes(range(32)), 1765000000123, fake_sig(65)),
                   sct(bytes([0xee] * 32), 1765000000456, fake_sig(66), extensions=b"\x01\x02\x03"))
der = bytes([0x04, 0x81, len(in_cert)]) + in_cert
open(f"{work}/ext.hex", "w").write(":".join("%02X" % b for b in der))

in_hello = sct_list(sct(bytes(range(0x40, 0x60)), 1765000000789, fake_sig(64)))
ext = struct.pack(">HH", 18, len(in_hello)) + in_hello
pem = base64.encodebytes(ext).decode()
open(f"{work}/serverinfo.pem", "w").write(
    "-----BEGIN SERVERINFO FOR signed_certificate_timestamp-----\n" + pem
    + "-----END SERVERINFO FOR signed_certificate_timestamp-----\n")
EOF
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 3650 -subj "/CN=sct.test" -addext "1.3.6.1.4.1.11129.2.4.2=DER:$(cat "$work/ext.hex")" \
  -addext "nsCertType=server,sslCA" -addext "nsComment=made by record-sct-fixture.sh" \
  -addext "nsBaseUrl=http://sct.test/" -addext "nsRevocationUrl=revoked?" \
  -addext "nsCaRevocationUrl=ca-revoked?" -addext "nsRenewalUrl=renew?" \
  -addext "nsCaPolicyUrl=policy.html" -addext "nsSslServerName=sct.test" 2>/dev/null

# s_client -ct reads a list of trusted logs; none is trusted here (the SCTs are shown, not verified).
printf 'enabled_logs =\n' >"$work/ct_log_list.cnf"

ip netns exec wssct-s openssl s_server -quiet -www -tls1_2 -accept 10.81.0.2:443 \
  -cert "$work/cert.pem" -key "$work/key.pem" -serverinfo "$work/serverinfo.pem" >"$work/server.log" 2>&1 &
server=$!
ip netns exec wssct-s tcpdump -i veth-wssct-s -s 0 -U -w "$out/sct.pcap" tcp port 443 2>/dev/null &
capture=$!
sleep 1
echo | ip netns exec wssct-c openssl s_client -connect 10.81.0.2:443 -servername sct.test -tls1_2 \
  -ct -ctlogfile "$work/ct_log_list.cnf" >"$work/client.log" 2>&1 || true
tail -5 "$work/client.log" >&2
sleep 1
kill "$capture" "$server"
wait "$capture" "$server" 2>/dev/null || true
cat "$work/server.log" >&2
echo "recorded $out/sct.pcap ($(stat -c %s "$out/sct.pcap") bytes)"

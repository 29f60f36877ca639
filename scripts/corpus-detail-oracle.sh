#!/bin/sh
# Stores what tshark 4.0 shows (`-V`) for chosen frames of corpus captures, for
# crates/wiresift/tests/corpus_detail.rs, under crates/wiresift/tests/data/corpus-detail as
# NAME.frameN.V, where NAME is the capture's path under ../shared/captures with '/' as '__'.
# The captures stay in ../shared; only tshark's output is kept. What each frame shows:
#   wireshark-notes/tls-many-ciphers.pcapng 6    RSA-EXPORT ServerKeyExchange
#   wireshark-notes/tls-many-ciphers.pcapng 53   ClientKeyExchange of a static ECDH suite
#   zeek/tls/pop3-starttls.pcap 13               CertificateRequest (types, no distinguished names)
#   zeek/tls/pop3-starttls.pcap 15               empty client Certificate, DHE ClientKeyExchange
#   hotplace/tls13_TLS_AES_128_CCM_SHA256_X25519MLKEM768.pcapng 4
#                                                ClientHello: unnamed signature schemes, an unnamed
#                                                key share group, compress_certificate
#   zeek/tls/tls13_psk_succesfull.pcap 4 and 6  pre_shared_key in a ClientHello and a ServerHello
#   zeek/tls/tls13-ech.pcap 7                    ClientHello: an empty GREASE extension, ALPS
#   zeek/ssh/ssh_kex_curve25519.pcap 8 and 9     SSH KEXINIT of client and server (HASSH)
#   zeek/ssh/ssh_kex_curve25519.pcap 14          an ssh-ed25519 certificate host key
#   tcpdump/ipv6-bad-version.pcap 2              an IPv6 header of version 0
#   ppa/activeosfingerprinting.pcapng 25         a TCP window scale shift of 15
#   zeek/pppoe.pcap 55                           an ICMPv6 echo reply's response time
#   zeek/icmp_dot1q.pcap 9                       an ICMP echo reply's response time
#   suricata/tls-client-hello-frag.pcap 24       application data of a connection that chose h2
#   zeek/trunc/icmp-header-trunc.pcap 1          an ICMP header cut by the snapshot length
#   tcpdump/ipv6_invalid_length.pcap 1           an IPv6 header shorter than 40 bytes
#   tcpdump/ipv4_invalid_hdr_length.pcap 1       an IPv4 header length of 16
#   tcpdump/ipv4_invalid_total_length.pcap 1     an IPv4 total length past the frame's end
#   ppa/icmp_traceroute.pcapng 2                 a time-exceeded error quoting the start of a datagram
#   tcpdump/icmpv6.pcap 3                        an MLDv2 query's flags
#   tcpdump/icmpv6-ra-pref64.pcap 2              a PREF64 option with an invalid prefix length code
#   zeek/ipv6-hbh-routing0.pcap 1                a deprecated type 0 routing header
#   zeek/tls/openjdk-25.0.2-zeek.org.pcap 4      ClientHello: status_request_v2
#   zeek/dns/ech.pcap 2 and 4                    HTTPS records with ECH configurations (base64; a
#                                                SvcParam cut without the "[truncated]" mark)
#   tcpdump/tcp_rst_diag_payload.pcap 1          a RST's reset cause with bytes after its NUL
#   zeek/websocket/oversized-close-frame.pcapng 3
#                                                the handshake's last ACK, no iRTT: the SYN's time is
#                                                zero (the epoch), which Wireshark takes for no SYN
#   ppa/tcp_retransmissions.pcapng 2             a retransmission on ports no protocol has:
#                                                "Retransmitted TCP segment data", no Data
#   zeek/smtp.pcap 32                            a retransmitted segment of an SMTP DATA body
set -eu
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
out=crates/wiresift/tests/data/corpus-detail
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
zeek/tls/tls13_psk_succesfull.pcap 4
zeek/tls/tls13_psk_succesfull.pcap 6
zeek/tls/tls13-ech.pcap 7
zeek/ssh/ssh_kex_curve25519.pcap 8
zeek/ssh/ssh_kex_curve25519.pcap 9
zeek/ssh/ssh_kex_curve25519.pcap 14
tcpdump/ipv6-bad-version.pcap 2
ppa/activeosfingerprinting.pcapng 25
zeek/pppoe.pcap 55
zeek/icmp_dot1q.pcap 9
suricata/tls-client-hello-frag.pcap 24
zeek/trunc/icmp-header-trunc.pcap 1
tcpdump/ipv6_invalid_length.pcap 1
tcpdump/ipv4_invalid_hdr_length.pcap 1
tcpdump/ipv4_invalid_total_length.pcap 1
ppa/icmp_traceroute.pcapng 2
tcpdump/icmpv6.pcap 3
tcpdump/icmpv6-ra-pref64.pcap 2
zeek/ipv6-hbh-routing0.pcap 1
zeek/tls/openjdk-25.0.2-zeek.org.pcap 4
zeek/dns/ech.pcap 2
zeek/dns/ech.pcap 4
tcpdump/tcp_rst_diag_payload.pcap 1
zeek/websocket/oversized-close-frame.pcapng 3
ppa/tcp_retransmissions.pcapng 2
zeek/smtp.pcap 32
LIST

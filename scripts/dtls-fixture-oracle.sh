#!/bin/sh
# Stores what tshark 4.0 shows for the DTLS fixtures (crates/wiresift/tests/data/dtls, made by
# scripts/record-dtls-fixture.sh and scripts/make-dtls-cases.py), for tests/dtls_fixtures.rs: the -V
# tree, the packet list and the fields below, the recordings' -2 -V trees (NAME.2pass.V), and the packet
# lists of the recordings cut by editcap -s at a few snapshot lengths (NAME.sSNAPLEN.summary).
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
dir=crates/wiresift/tests/data/dtls
outputs_oracle "$dir" "frame.protocols dtls.record dtls.record.content_type dtls.record.special_type dtls.record.version dtls.record.epoch dtls.record.sequence_number dtls.record.length dtls.app_data dtls.app_data_proto dtls.enc_content dtls.change_cipher_spec dtls.alert_message dtls.alert_message.level dtls.alert_message.desc dtls.heartbeat_message.type dtls.heartbeat_message.payload_length dtls.heartbeat_message.payload dtls.heartbeat_message.padding dtls.handshake dtls.handshake.type dtls.handshake.length dtls.handshake.message_seq dtls.handshake.fragment_offset dtls.handshake.fragment_length dtls.handshake.version dtls.handshake.random dtls.handshake.random_time dtls.handshake.session_id_length dtls.handshake.cookie_length dtls.handshake.cookie dtls.handshake.cipher_suites_length dtls.handshake.ciphersuite dtls.handshake.comp_method dtls.handshake.extensions_length dtls.handshake.extension.type dtls.handshake.extension.len dtls.handshake.extension.data dtls.handshake.extensions_supported_group dtls.handshake.extensions_ec_point_format dtls.handshake.sig_hash_alg dtls.handshake.extensions_reneg_info_len dtls.handshake.session_ticket_lifetime_hint dtls.handshake.session_ticket_length dtls.handshake.certificates_length dtls.handshake.certificate_length dtls.handshake.certificate dtls.handshake.server_named_curve dtls.handshake.server_point_len dtls.handshake.sig_len dtls.handshake.client_point_len dtls.handshake.ja3_full dtls.handshake.ja3 dtls.handshake.ja3s dtls.fragments dtls.fragment dtls.fragment.count dtls.fragment.overlap dtls.reassembled.length dtls.handshake.fragment_past_end_msg x509sat.printableString x509ce.dNSName _ws.malformed _ws.short _ws.expert.message _ws.col.Protocol _ws.col.Info"
# Two passes (-2): the second starts from the version the first ended with.
for name in dtls12-coap dtls10-heuristic; do
  TZ=UTC tshark -2 -n -r "$dir/$name.pcap" -V > "$dir/$name.2pass.V" 2>/dev/null
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in dtls12-coap dtls10-heuristic; do
  for s in 50 60 70 100 200 300; do
    editcap -s "$s" "$dir/$name.pcap" "$tmp/cut.pcap"
    TZ=UTC tshark -n -r "$tmp/cut.pcap" > "$dir/$name.s$s.summary" 2>/dev/null
  done
done

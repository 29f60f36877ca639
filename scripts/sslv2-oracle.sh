#!/bin/sh
# Stores what tshark 4.0 shows for the crafted SSLv2 handshakes (crates/wiresift/tests/data/sslv2, made
# by scripts/make-sslv2-cases.py), for tests/sslv2_crafted.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/sslv2 "frame.protocols tls.record.version tls.record.length tls.handshake.type tls.handshake.version tls.handshake.cipher_spec_len tls.handshake.session_id_length tls.handshake.challenge_length tls.handshake.cipherspec tls.handshake.session_id tls.handshake.session_id_hit tls.handshake.cert_type tls.handshake.connection_id_length tls.handshake.clear_key_length tls.handshake.encrypted_key_length tls.handshake.key_arg_length _ws.malformed _ws.col.Protocol _ws.col.Info"

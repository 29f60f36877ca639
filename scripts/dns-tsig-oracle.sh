#!/bin/sh
# Stores what tshark 4.0 shows for the crafted TSIG and TKEY records (crates/wiresift/tests/data/
# dns-tsig, made by scripts/make-dns-tsig-cases.py), for tests/dns_tsig.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/dns-tsig "frame.protocols dns.tsig.algorithm_name dns.tsig.time_signed dns.tsig.fudge dns.tsig.mac_size dns.tsig.original_id dns.tsig.error dns.tsig.other_len dns.tsig.other_data dns.tkey.algo_name dns.tkey.signature_inception dns.tkey.signature_expiration dns.tkey.mode dns.tkey.error dns.tkey.key_size dns.tkey.key_data dns.tkey.other_size dns.tkey.other_data _ws.expert.message _ws.malformed _ws.col.Info"

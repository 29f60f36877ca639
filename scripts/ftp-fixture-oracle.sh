#!/usr/bin/env bash
# Writes tshark's answers for crates/wiresift/tests/data/ftp/*.pcap (recorded by
# scripts/record-ftp-fixture.sh): CAPTURE.tshark.tsv and .tshark-2.tsv, every ftp.* and ftp-data.* field
# wiresift registers that tshark also knows, frame.protocols, tcp.completeness and the Protocol and Info
# columns; CAPTURE.tshark-V.txt, tshark's -V with the lower layers folded. crates/wiresift/tests/
# ftp_fixtures.rs requires wiresift to agree exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/fixture-oracle.sh
. scripts/lib/fixture-oracle.sh
fixture_oracle crates/wiresift/tests/data/ftp '^ftp(-data)?\\.' frame.protocols tcp.completeness
detail_oracle crates/wiresift/tests/data/ftp

#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/tls-http/<capture>.tshark.tsv (and, with -2, .tshark-2.tsv) for
# every capture there: what tshark (4.0, as in ../shared/oracle) prints when decrypting with the
# capture's key log, for every tls.*, http.* and data-text-lines field wiresift registers that tshark
# also knows, plus tcp.reassembled_in, tcp.pdu.size and the Protocol and Info columns.
# crates/wiresift/tests/tls_http_fixtures.rs requires wiresift, given the same key logs, to agree
# exactly. frame.protocols is left out: tshark lists there the X.509 modules it runs on each
# certificate attribute.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/fixture-oracle.sh
. scripts/lib/fixture-oracle.sh
FIXTURE_KEYS=1 fixture_oracle crates/wiresift/tests/data/tls-http '^(tls|http|data-text-lines)\\.' tcp.reassembled_in tcp.pdu.size

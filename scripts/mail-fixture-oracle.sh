#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/mail/<capture>.tshark.tsv (and, with -2, .tshark-2.tsv) for every
# capture there: what tshark (4.0, as in ../shared/oracle) prints for every smtp.*, imf.*, mime_multipart.*
# and data-text-lines field wiresift registers that tshark also knows, plus frame.protocols,
# tcp.reassembled_in, tcp.pdu.size and the Protocol and Info columns, in the oracle's format.
# crates/wiresift/tests/mail_fixtures.rs requires wiresift to agree exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/fixture-oracle.sh
. scripts/lib/fixture-oracle.sh
fixture_oracle crates/wiresift/tests/data/mail '^(smtp|imf|mime_multipart|data-text-lines)\\.' frame.protocols tcp.reassembled_in tcp.pdu.size

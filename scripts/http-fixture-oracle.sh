#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/http/<capture>.tshark.tsv (and, with -2, .tshark-2.tsv) for every
# capture there: what tshark (4.0, as in ../shared/oracle) prints for every http.*, websocket.* and
# data-text-lines field wiresift registers that tshark also knows, plus frame.protocols,
# tcp.reassembled_in, tcp.pdu.size and the Protocol and Info columns, in the oracle's format.
# crates/wiresift/tests/http_fixtures.rs requires wiresift to agree exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/fixture-oracle.sh
. scripts/lib/fixture-oracle.sh
fixture_oracle crates/wiresift/tests/data/http '^(http|websocket)\\.' frame.protocols tcp.reassembled_in tcp.pdu.size

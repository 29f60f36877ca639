#!/usr/bin/env bash
# Writes crates/wiresift/tests/data/dns/<capture>.tshark.tsv for every capture there: what tshark (4.0, as
# in ../shared/oracle) prints for every dns.* field wiresift registers that tshark also knows, plus
# frame.protocols, tcp.reassembled_in and the Protocol and Info columns, in the oracle's format.
# crates/wiresift/tests/dns_fixtures.rs requires wiresift to agree exactly, with and without -2.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/fixture-oracle.sh
. scripts/lib/fixture-oracle.sh
fixture_oracle crates/wiresift/tests/data/dns '^dns\\.' frame.protocols tcp.reassembled_in

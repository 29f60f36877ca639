//! The recorded TLS fixtures (`tests/data/tls/*.pcap`, made by `scripts/record-tls-fixtures.sh`: curl
//! fetching a page from `openssl s_server` over TLS 1.2 with AES-GCM, ChaCha20 and AES-CBC, TLS 1.3
//! with AES-GCM and ChaCha20, and a TLS-1.3-only client refused by a TLS-1.2-only server) against
//! tshark's answers for them without the key logs (`*.tshark.tsv` and, with `-2`, `*.tshark-2.tsv`,
//! made by `scripts/tls-fixture-oracle.sh`): every `tls.*` field tshark knows, `tcp.reassembled_in`
//! and the Protocol and Info columns must be exactly tshark's, frame by frame.

mod common;

#[test]
fn tls_fixtures_agree_with_tshark() {
    common::assert_fixtures_agree("tls", 6, ".tshark.tsv", false);
}

#[test]
fn tls_fixtures_agree_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("tls", 6, ".tshark-2.tsv", true);
}

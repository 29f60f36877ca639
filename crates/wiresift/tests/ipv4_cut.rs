//! IPv4 headers cut short by the snapshot length against tshark 4.0 (scripts/make-ipv4-cut-cases.py,
//! tshark's answers stored by scripts/ipv4-cut-oracle.sh): every field whose bytes were captured, the
//! source address alone in the columns, no TTL note before the destination is read, and a UDP header
//! with no byte captured.

mod common;

#[test]
fn cut_headers_match_tshark() {
    common::assert_outputs_match_tshark("ipv4-cut", &["ipv4-cut"]);
}

//! DNS headers against tshark 4.0 on crafted messages (scripts/make-dns-header-cases.py, tshark's answers
//! stored by scripts/dns-header-oracle.sh): unknown operation and reply codes, named without their
//! numbers in the Flags line; headers cut inside the counts, whose counts are shown as far as they go
//! and which match no other message.

mod common;

#[test]
fn crafted_headers_match_tshark() {
    common::assert_outputs_match_tshark("dns-header", &["dns-header"]);
}

//! IPv4 options against tshark 4.0: crafted datagrams (scripts/make-ipv4-option-cases.py, tshark's
//! answers stored by scripts/ipv4-option-oracle.sh) with router alerts, NOP/EOL, record routes and their
//! pointer cases, a completed source route, time stamps, MTU probe, stream id and an unknown type.

mod common;

#[test]
fn options_match_tshark() {
    common::assert_outputs_match_tshark("ip-options", &["ipv4-options"]);
}

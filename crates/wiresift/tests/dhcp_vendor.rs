//! DHCP vendor-specific information (option 43) against tshark 4.0 on crafted replies
//! (scripts/make-dhcp-vendor-cases.py, tshark's answers stored by scripts/dhcp-vendor-oracle.sh): read
//! by the message's vendor class identifier wherever option 60 stands, as an Aruba controller's
//! address or an Aruba Instant AP's three parts (some missing, one way malformed), and as plain bytes
//! for a class without a reader or no class at all.

mod common;

#[test]
fn vendor_information_matches_tshark() {
    common::assert_outputs_match_tshark("dhcp-vendor", &["dhcp-vendor"]);
}

//! ICMP extension structures (RFC 4884) against tshark 4.0 on crafted messages
//! (scripts/make-icmp-ext-cases.py, tshark's answers stored by scripts/icmp-ext-oracle.sh): the MPLS
//! label stacks (RFC 4950) and interface information (RFC 5837) that routers add to the time-exceeded
//! errors traceroute reads, objects of unknown classes, bad checksums, objects cut short or of bad
//! lengths, and the interface identification objects of extended echo requests (RFC 8335).

mod common;

#[test]
fn extension_objects_match_tshark() {
    common::assert_outputs_match_tshark("icmp-ext", &["icmp-ext"]);
}

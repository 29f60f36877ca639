//! ICMP and ICMPv6 checksums against tshark 4.0 on crafted messages
//! (scripts/make-icmp-checksum-cases.py, tshark's answers stored beside them by
//! scripts/icmp-checksum-oracle.sh): good, bad (with the value it should be), cut by the snapshot
//! length, and quoted in an error, over IPv4 and IPv6; and TCP segments quoted in ICMP errors.

mod common;

#[test]
fn checksums_match_tshark() {
    common::assert_outputs_match_tshark("icmp-checksums", &["icmp-checksums"]);
}

/// The status field selects the frames tshark selects.
#[test]
fn filters_on_checksum_status() {
    let cases: &[(&str, &str)] = &[
        ("icmp.checksum.status == 0", "2"),
        ("icmp.checksum.status == 1", "1,4,5,14,15"),
        ("icmpv6.checksum.status == 0", "7"),
        ("icmpv6.checksum_bad.expert", "7"),
        ("icmp.checksum_bad", "2"),
        // A quoted segment of no known connection opens a stream; it counts as the latest frame of
        // its stream, so the answer's delta runs from it.
        ("tcp.stream == 1", "15"),
        ("tcp.time_delta > 0", "11,12,13,14,16,17,18,19"),
    ];
    common::assert_filters_select("icmp-checksums/icmp-checksums.pcap", cases);
}

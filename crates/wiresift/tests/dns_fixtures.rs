//! The recorded DNS fixtures (`tests/data/dns/*.pcap`, made by `scripts/record-dns-fixtures.sh` with BIND 9,
//! dig, nsupdate and an mDNS/LLMNR sender) against tshark's answers for them
//! (`*.tshark.tsv` and, with `-2`, `*.tshark-2.tsv`, made by `scripts/dns-fixture-oracle.sh`): every
//! `dns.*` field, `frame.protocols`, `tcp.reassembled_in` and the Protocol and Info columns must be
//! exactly tshark's, frame by frame.

mod common;

#[test]
fn dns_fixtures_agree_with_tshark() {
    common::assert_fixtures_agree("dns", 3, ".tshark.tsv", false);
}

#[test]
fn dns_fixtures_agree_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("dns", 3, ".tshark-2.tsv", true);
}

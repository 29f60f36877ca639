//! DNS TSIG and TKEY records against tshark 4.0 on crafted messages (scripts/make-dns-tsig-cases.py,
//! tshark's answers stored beside them by scripts/dns-tsig-oracle.sh): every field, a time signed
//! past 32 bits, error codes, key and other data, unknown modes, and records cut inside their data
//! (which tshark does not show at all).

mod common;

#[test]
fn tsig_and_tkey_match_tshark() {
    common::assert_outputs_match_tshark("dns-tsig", &["dns-tsig"]);
}

/// The new fields select the frames tshark selects.
#[test]
fn filters_on_tsig_and_tkey() {
    let cases: &[(&str, &str)] = &[
        ("dns.tsig.error == 18", "2"),
        ("dns.tkey.mode == 2", "3"),
        ("dns.tkey.other_size > 0", "4"),
        ("dns.tsig.algorithm_name == \"hmac-sha256\"", "1"),
    ];
    common::assert_filters_select("dns-tsig/dns-tsig.pcap", cases);
}

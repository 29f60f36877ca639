//! UDP against tshark 4.0 on crafted datagrams (scripts/make-udp-cases.py, tshark's answers stored by
//! scripts/udp-oracle.sh): the traceroute note on ports 33435-33464, on either port, at the edges; UDP
//! headers quoted by ICMP errors, whose length is not checked against what the error quotes; lengths
//! below 8 (the datagram read no further) and past the IP payload (noted, and read on).

mod common;

#[test]
fn traceroute_ports_match_tshark() {
    common::assert_outputs_match_tshark("udp", &["udp-traceroute"]);
}

#[test]
fn quoted_lengths_match_tshark() {
    common::assert_outputs_match_tshark("udp", &["udp-quoted"]);
}

#[test]
fn bogus_lengths_match_tshark() {
    common::assert_outputs_match_tshark("udp", &["udp-length"]);
}

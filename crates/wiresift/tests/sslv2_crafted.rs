//! SSLv2 handshakes against tshark 4.0 on crafted connections (scripts/make-sslv2-cases.py, tshark's
//! answers stored beside them by scripts/sslv2-oracle.sh): the ClientHello's lists, session id and
//! challenge, the ServerHello's fields and connection id, the ClientMasterKey's key data, encrypted
//! records after it, and a hello cut short.

mod common;

#[test]
fn sslv2_handshakes_match_tshark() {
    common::assert_outputs_match_tshark("sslv2", &["sslv2"]);
}

/// SSLv2's fields select the frames tshark selects.
#[test]
fn filters_on_sslv2_fields() {
    let cases: &[(&str, &str)] = &[
        ("tls.handshake.cipherspec == 0x0700c0", "4,5,6"),
        ("tls.handshake.session_id_hit == 1", "5"),
        ("tls.handshake.key_arg_length == 8", "6"),
        ("tls.handshake.type == 4", "5"),
    ];
    common::assert_filters_select("sslv2/sslv2.pcap", cases);
}

//! Bazaar's smart protocol and the bencoding of its structures against tshark 4.0: a real exchange
//! between brz 3.3's client and `brz serve` (scripts/record-bzr-fixture.sh) and crafted messages
//! (scripts/make-bzr-edge-cases.py: messages across and within segments, a CR LF version line, unknown
//! part kinds, every bencode form and error, streams that never complete), whose `-V` tree, packet
//! list and field values tshark stored beside them (scripts/bzr-fixture-oracle.sh).

mod common;

#[test]
fn messages_match_tshark() {
    common::assert_outputs_match_tshark("bzr", &["bzr-exchange", "bzr-crafted"]);
}

/// Display filters on Bazaar and bencode fields select what tshark selects.
#[test]
fn filters_on_bzr_fields() {
    let cases: &[(&str, &str)] = &[
        (
            "bzr",
            "6,7,8,9,10,17,18,19,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44",
        ),
        ("bencode.int == -7", "8"),
        ("bencode.str == \"error\"", "10"),
        ("bzr.bytes.length == 10", "7"),
        ("bencode.int.invalid", "26,27,29"),
        ("_ws.malformed", "26,27,29,30,31,32,33,34,35,36,42,43,44,66"),
        ("bencode.nest", "34"),
        ("bzr.kind == 'x'", "18"),
        ("bzr.result == 'S'", "7"),
    ];
    common::assert_filters_select("bzr/bzr-crafted.pcap", cases);
}

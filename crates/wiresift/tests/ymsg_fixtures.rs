//! Yahoo Messenger's YMSG against tshark 4.0: the crafted messages of `tests/data/ymsg`
//! (scripts/make-ymsg-cases.py: several pairs, unknown names, two messages in a segment, one across
//! segments, a value without its delimiter, YMSG on HTTP's port), whose `-V` tree, packet list and
//! field values tshark stored beside them (scripts/ymsg-fixture-oracle.sh); zeek/smtp.pcap's
//! keep-alive is compared by oracle_stats.

mod common;

#[test]
fn messages_match_tshark() {
    common::assert_outputs_match_tshark("ymsg", &["ymsg-crafted"]);
}

/// Display filters on YMSG fields select what tshark selects; any filter makes the line that runs
/// past its message malformed, as tshark's tree does.
#[test]
fn filters_on_ymsg_fields() {
    let cases: &[(&str, &str)] = &[
        ("ymsg", "4,5,6,7,9,10,11"),
        ("ymsg.service == 6", "5,9,10,11"),
        ("ymsg.content-line.key == \"14\"", "5,9"),
        ("ymsg.status == 22", "11"),
        ("ymsg.session_id == 0xb7374000", "4,5,6,7,9,10,11"),
        ("_ws.malformed", "10"),
    ];
    common::assert_filters_select("ymsg/ymsg-crafted.pcap", cases);
}

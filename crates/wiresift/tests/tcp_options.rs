//! The notes tshark 4.0 attaches to TCP option lists, on crafted segments
//! (scripts/make-tcp-option-cases.py, tshark's answers stored beside them by
//! scripts/tcp-option-oracle.sh): the fourth-NOP warning and what turns it off, SYN segments without
//! an MSS option and other segments with one, fixed-length options with a wrong length, unknown
//! experiment identifiers, and a summary label cut at Wireshark's buffer.

mod common;

#[test]
fn option_notes_match_tshark() {
    common::assert_outputs_match_tshark("tcp-options", &["tcp-options"]);
}

/// The notes' fields select the frames tshark selects.
#[test]
fn filters_on_option_notes() {
    let cases: &[(&str, &str)] = &[
        ("tcp.nop", "1,3,4,5,6,7,10,11,12,13,14,20,21,23,24,36"),
        (
            "tcp.options.mss.absent",
            "3,4,10,15,17,18,19,20,22,24,25,26,27,30",
        ),
        ("tcp.options.mss.present", "11"),
        ("tcp.option.len.invalid", "31,32,33,34,35"),
        (
            "_ws.expert.message contains \"NOP\"",
            "1,3,4,5,6,7,10,11,12,13,14,20,21,23,24,36",
        ),
    ];
    common::assert_filters_select("tcp-options/tcp-options.pcap", cases);
}

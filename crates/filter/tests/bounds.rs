//! Filters whose values multiply (arithmetic over repeated fields, slices of slices) and that tshark
//! evaluates in exponential time and memory. Found by the `filter` fuzz target (docs/fuzzing.md). The
//! expected frames of the shorter forms are tshark 4.0.17's (`tshark -n -r tests/data/boot-and-browse.pcapng
//! -Y EXPR -T fields -e frame.number`); the longer forms, which tshark cannot finish, must give the same
//! frames (arithmetic: results are kept once each, which changes no answer) or, past the computed-bytes
//! budget of 16 MiB per packet, no value (slices).

use std::path::Path;

use capfile::CaptureReader;
use dissect::{Dissector, Interest, PacketTree};
use filter::Filter;

/// The frames of the fixture that `text` selects, dissected with the filter's interest as `-Y` does.
fn select(text: &str) -> String {
    let registry = dissect::registry();
    let mut f = Filter::compile(text, registry).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    let mut interest = Interest::nothing(registry);
    f.add_interest(&mut interest);
    let mut tree = PacketTree::new(interest);
    let mut dissector = Dissector::new();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/boot-and-browse.pcapng");
    let mut reader = CaptureReader::open(&path).unwrap();
    let mut out = Vec::new();
    while let Some(frame) = reader.next_frame().unwrap() {
        let meta = dissect::FrameMeta {
            number: frame.number,
            secs: frame.timestamp.secs,
            nanos: frame.timestamp.nanos,
            interface_id: Some(frame.interface_id),
            section_number: None,
            link_type: frame.link_type.0,
            original_len: frame.original_len,
            comments: &frame.comments,
            interface_name: frame.interface.name.as_deref(),
            interface_description: frame.interface.description.as_deref(),
        };
        dissector.dissect(&meta, frame.data, &mut tree);
        if f.matches(&tree, frame.data) {
            dissector.mark_displayed(&meta);
            out.push(frame.number.to_string());
        }
    }
    out.join(",")
}

/// `field OP field OP ... OP field`, `n` times the field.
fn chain(field: &str, op: &str, n: usize) -> String {
    vec![field; n].join(&format!(" {op} "))
}

const TCP_FRAMES: &str = "11,12,13,14,15,16,17,18,19,20,21,22";

#[test]
fn arithmetic_over_repeated_fields() {
    // tcp.option_kind occurs 5 times in the SYNs (2, 4, 8, 1, 3) and 3 times in the others (1, 1, 8):
    // 10 terms are 5^10 sums for tshark (3 s); 60 would be 5^60.
    let sum = |n| chain("tcp.option_kind", "+", n);
    assert_eq!(select(&format!("{} == 10", sum(10))), TCP_FRAMES);
    assert_eq!(select(&format!("{} == 80", sum(10))), TCP_FRAMES);
    assert_eq!(select(&format!("{} == 60", sum(60))), TCP_FRAMES);
    // 8 * 60 = 480 is more than any frame's length (480 itself is too big a literal for a 1-byte field).
    assert_eq!(select(&format!("{} > frame.len", sum(60))), TCP_FRAMES);
    assert_eq!(select(&format!("{} == 59", sum(60))), "");
    let product = |n| chain("tcp.option_kind", "*", n);
    assert_eq!(select(&format!("{} == 16", product(10))), "11,12");
    assert_eq!(select(&format!("{} == 16", product(40))), "11,12");
    assert_eq!(select(&format!("{} === 1", product(40))), "");
}

#[test]
fn slices_of_slices() {
    // Each `[0:,0:]` doubles the value: 12 levels make 1.4 MB of a 342-byte frame, which tshark
    // answers.
    let doubled = |levels| format!("frame{}", "[0:,0:]".repeat(levels));
    let broadcast = "1,3,5";
    assert_eq!(
        select(&format!("{}[0:6] == ff:ff:ff:ff:ff:ff", doubled(12))),
        broadcast
    );
    assert_eq!(
        select(&format!("{}[-42:] == frame[-42:]", doubled(12))),
        "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22"
    );
    // 60 levels would be 2^60 copies: past the budget the slice has no value, so nothing matches (and
    // `not` of it everything), and the run ends.
    assert_eq!(
        select(&format!("{}[0:6] == ff:ff:ff:ff:ff:ff", doubled(60))),
        ""
    );
    assert_eq!(
        select(&format!("not {}[0:6] == ff:ff:ff:ff:ff:ff", doubled(60))),
        "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22"
    );
}

//! Bazaar's smart protocol and the bencoding of its structures against tshark 4.0: a real exchange
//! between brz 3.3's client and `brz serve` (scripts/record-bzr-fixture.sh) and crafted messages
//! (scripts/make-bzr-edge-cases.py: messages across and within segments, a CR LF version line, unknown
//! part kinds, every bencode form and error, streams that never complete), whose `-V` tree, packet
//! list and field values tshark stored beside them (scripts/bzr-fixture-oracle.sh).

mod common;

use std::path::Path;

#[test]
fn messages_match_tshark() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bzr");
    let fields = std::fs::read_to_string(dir.join("fields.list")).unwrap();
    for name in ["bzr-exchange", "bzr-crafted"] {
        let capture = dir.join(format!("{name}.pcap"));
        let capture = capture.to_str().unwrap();
        let expected =
            |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        common::assert_same_lines(
            &format!("{name} -V"),
            &common::stdout(&["-n", "-r", capture, "-V"]),
            &expected("V"),
            "tshark",
        );
        common::assert_same_lines(
            &format!("{name} summary"),
            &common::stdout(&["-n", "-r", capture]),
            &expected("summary"),
            "tshark",
        );
        let mut args = vec!["-n", "-r", capture, "-T", "fields", "-E", "occurrence=a"];
        for f in fields.split_whitespace() {
            args.extend(["-e", f]);
        }
        common::assert_same_lines(
            &format!("{name} fields"),
            &common::stdout(&args),
            &expected("fields"),
            "tshark",
        );
    }
}

/// Display filters on Bazaar and bencode fields select what tshark selects.
#[test]
fn filters_on_bzr_fields() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bzr");
    let capture = dir.join("bzr-crafted.pcap");
    let capture = capture.to_str().unwrap();
    // (filter, frames tshark 4.0 selects on bzr-crafted.pcap)
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
    for (filter, want) in cases {
        let got = common::stdout(&[
            "-n",
            "-r",
            capture,
            "-Y",
            filter,
            "-T",
            "fields",
            "-e",
            "frame.number",
        ]);
        let got: Vec<&str> = got.lines().collect();
        assert_eq!(got.join(","), *want, "-Y {filter}");
    }
}

//! TCP handshakes seen in an odd order against tshark 4.0 (scripts/make-tcp-order-cases.py, tshark's
//! answers stored by scripts/tcp-order-oracle.sh): what `tcp.completeness` counts when a SYN+ACK, an
//! ACK or a second SYN comes before or after the SYN, in one pass and in two.

mod common;

use std::path::Path;

use common::{assert_same_lines, stdout};

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tcp-order")
        .join(name)
        .to_str()
        .expect("UTF-8 path")
        .to_string()
}

fn stored(name: &str) -> String {
    std::fs::read_to_string(data(name)).expect("stored tshark output")
}

/// `text` without the SEQ/ACK analysis trees that have nothing in them.
fn without_empty_analysis_trees(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let empty_tree = line.trim() == "[SEQ/ACK analysis]"
            && lines
                .get(i + 1)
                .is_none_or(|next| indent(next) <= indent(line));
        if !empty_tree {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn odd_handshakes_match_tshark() {
    common::assert_outputs_match_tshark("tcp-order", &["tcp-order"]);
}

#[test]
fn a_synack_before_its_syn_counts_as_in_tshark() {
    let capture = data("synack-first.pcap");
    let fields = stored("fields.list");
    assert_same_lines(
        "synack-first fields",
        &stdout(&common::fields_args(&capture, &fields)),
        &stored("synack-first.fields"),
        "tshark",
    );
    assert_same_lines(
        "synack-first summary",
        &stdout(&["-n", "-r", &capture]),
        &stored("synack-first.summary"),
        "tshark",
    );
    // tshark shows an empty SEQ/ACK analysis tree on the SYN that follows its SYN+ACK; everything
    // else of -V is the same.
    let tshark_detail = stored("synack-first.V");
    let empty_trees = tshark_detail.lines().count()
        - without_empty_analysis_trees(&tshark_detail).lines().count();
    assert_eq!(empty_trees, 3, "one empty tree per conversation");
    assert_same_lines(
        "synack-first -V",
        &stdout(&["-n", "-r", &capture, "-V"]),
        &without_empty_analysis_trees(&tshark_detail),
        "tshark",
    );
}

#[test]
fn two_pass_completeness_matches_tshark() {
    for name in ["tcp-order", "synack-first"] {
        let capture = data(&format!("{name}.pcap"));
        assert_same_lines(
            &format!("{name} -2 tcp.completeness"),
            &stdout(&[
                "-2",
                "-n",
                "-r",
                &capture,
                "-T",
                "fields",
                "-e",
                "tcp.completeness",
            ]),
            &stored(&format!("{name}.two-pass")),
            "tshark",
        );
    }
}

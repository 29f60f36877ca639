//! TCP analysis on captures of real traffic with losses, retransmissions, reordering, duplicates, zero
//! windows, resets, keep-alives and reused ports (`tests/data/tcp/*.pcap`, recorded by
//! `scripts/record-tcp-fixtures.sh`), against what tshark 4.0 printed for them
//! (`*.pcap.tshark.tsv`, written by `scripts/tcp-fixture-oracle.sh`): every tcp.* field, udp.stream, the
//! expert items and the Protocol and Info columns, frame by frame. Every pair must agree.

mod common;

use std::path::{Path, PathBuf};

use common::Comparison;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tcp");
    let mut captures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    captures.sort();
    captures
}

#[test]
fn tcp_fixtures_agree_with_tshark_exactly() {
    let captures = fixtures();
    assert!(captures.len() >= 9, "the TCP fixtures are missing");
    let mut comparison = Comparison {
        columns: vec!["_ws.col.Protocol", "_ws.col.Info"],
        max_examples: 5,
        whole_stack: true,
        ..Default::default()
    };
    for capture in &captures {
        let name = capture.file_name().unwrap().to_string_lossy().to_string();
        let expected = capture.with_file_name(format!("{name}.tshark.tsv"));
        let oracle = std::fs::read_to_string(&expected)
            .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
        comparison.add_capture(&name, capture, &oracle);
    }
    let (agree, total) = comparison.report();
    println!(
        "tcp fixtures: {agree}/{total} (frame, field) pairs agree over {} captures",
        comparison.files
    );
    assert_eq!(
        comparison.files,
        captures.len(),
        "a capture could not be read"
    );
    // Every column tshark was asked for must be one wiresift knows: none is skipped silently.
    assert!(
        comparison.unknown.is_empty(),
        "columns wiresift does not register: {:?}",
        comparison.unknown
    );
    // The cases the captures are there for must be among the compared values.
    for field in [
        "tcp.analysis.retransmission",
        "tcp.analysis.fast_retransmission",
        "tcp.analysis.out_of_order",
        "tcp.analysis.lost_segment",
        "tcp.analysis.duplicate_ack_num",
        "tcp.analysis.zero_window",
        "tcp.analysis.window_full",
        "tcp.analysis.window_update",
        "tcp.analysis.keep_alive",
        "tcp.analysis.keep_alive_ack",
        "tcp.analysis.reused_ports",
        "tcp.analysis.rto",
        "tcp.options.sack.dsack_le",
        "tcp.connection.rst",
        "udp.stream",
    ] {
        let t = comparison.tallies.get(field);
        assert!(
            t.is_some_and(|t| t.total > 0),
            "no frame of the fixtures has {field}"
        );
    }
    assert!(total > 0);
    assert_eq!(
        agree, total,
        "the TCP fixtures must agree with tshark exactly"
    );
}

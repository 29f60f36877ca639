//! The recorded HTTP and WebSocket fixtures (`tests/data/http/*.pcap`, made by
//! `scripts/record-http-fixtures.sh` with python's http.server and `websockets`, curl and a bare
//! HTTP/1.0 server) against tshark's answers for them (`*.tshark.tsv` and, with `-2`,
//! `*.tshark-2.tsv`, made by `scripts/http-fixture-oracle.sh`): every `http.*` and `websocket.*`
//! field, `frame.protocols`, `tcp.reassembled_in`, `tcp.pdu.size` and the Protocol and Info columns
//! must be exactly tshark's, frame by frame.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/http");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    v.sort();
    v
}

/// Runs wiresift on `capture` with the oracle's columns and compares its output with the oracle line by
/// line; returns the lines that differ.
fn compare(capture: &Path, oracle: &Path, two_pass: bool) -> Vec<String> {
    let expected = std::fs::read_to_string(oracle).unwrap();
    let header = expected.lines().next().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wiresift"));
    cmd.arg("-n").arg("-r").arg(capture);
    if two_pass {
        cmd.arg("-2");
    }
    cmd.args(["-T", "fields", "-E", "header=y", "-E", "separator=/t"]);
    cmd.args(["-E", "occurrence=a", "-E", "aggregator=,"]);
    for f in header.split('\t') {
        cmd.arg("-e").arg(f);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = header.split('\t').collect();
    let mut diffs = Vec::new();
    let (theirs_lines, ours_lines): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), ours.lines().collect());
    assert_eq!(
        theirs_lines.len(),
        ours_lines.len(),
        "{}: frame count",
        capture.display()
    );
    for (n, (t, o)) in theirs_lines.iter().zip(&ours_lines).enumerate().skip(1) {
        for (i, (tv, ov)) in t.split('\t').zip(o.split('\t')).enumerate() {
            if tv != ov {
                diffs.push(format!(
                    "{} frame {n} {}: tshark {tv:?}, wiresift {ov:?}",
                    capture.file_name().unwrap().to_string_lossy(),
                    names[i]
                ));
            }
        }
    }
    diffs
}

/// Every fixture against tshark's answers in `<capture><suffix>`, in one pass or two.
fn assert_fixtures_agree(suffix: &str, two_pass: bool) {
    let captures = fixtures();
    assert!(captures.len() >= 10, "HTTP fixtures are missing");
    let mut diffs = Vec::new();
    for c in &captures {
        let expected = PathBuf::from(format!("{}{suffix}", c.display()));
        diffs.extend(compare(c, &expected, two_pass));
    }
    for d in diffs.iter().take(40) {
        println!("{d}");
    }
    assert!(
        diffs.is_empty(),
        "{} values differ from tshark's",
        diffs.len()
    );
}

#[test]
fn http_fixtures_agree_with_tshark() {
    assert_fixtures_agree(".tshark.tsv", false);
}

#[test]
fn http_fixtures_agree_with_tshark_in_two_passes() {
    assert_fixtures_agree(".tshark-2.tsv", true);
}

//! `-Y` and `wiresift filter check` on the command line, with tshark 4.0.17's answers for the repo's
//! fixture (`tshark -n -r tests/data/boot-and-browse.pcapng -Y ...`).

use std::path::{Path, PathBuf};

mod common;
use common::run as wiresift;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/boot-and-browse.pcapng")
}

#[test]
fn display_filter_selects_frames_and_times_follow_displayed_frames() {
    let f = fixture();
    let out = wiresift(&[
        "-n",
        "-r",
        f.to_str().unwrap(),
        "-Y",
        "tcp",
        "-t",
        "dd",
        "-c",
        "13",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let times: Vec<(&str, &str)> = text
        .lines()
        .map(|l| {
            let mut w = l.split_whitespace();
            (w.next().unwrap(), w.next().unwrap())
        })
        .collect();
    // tshark -t dd: the first displayed frame has delta 0, the next ones from the previous displayed.
    assert_eq!(
        times,
        [
            ("11", "0.000000000"),
            ("12", "0.000022613"),
            ("13", "0.000017112")
        ]
    );
    let out = wiresift(&[
        "-r",
        f.to_str().unwrap(),
        "-Y",
        "tcp",
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "frame.time_delta_displayed",
        "-c",
        "12",
    ]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "11\t0.000000000\n12\t0.000022613\n"
    );
}

#[test]
fn display_filter_limits_what_is_written() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("arp.pcapng");
    let out = wiresift(&[
        "-r",
        f.to_str().unwrap(),
        "-Y",
        "arp",
        "-w",
        written.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = wiresift(&[
        "-r",
        written.to_str().unwrap(),
        "-T",
        "fields",
        "-e",
        "arp.opcode",
    ]);
    // tshark -Y arp: frames 5 (request) and 6 (reply).
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "1\n2\n");
}

#[test]
fn bad_filter_is_reported_with_a_caret_and_status_2() {
    let f = fixture();
    let out = wiresift(&["-r", f.to_str().unwrap(), "-Y", "ip.src == \"foo\""]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "wiresift: IPv4 address cannot be converted from a string (\"foo\").\n    ip.src == \"foo\"\n              ^~~~~\n"
    );
    // A filter starting with a minus sign is a filter, not an option.
    let out = wiresift(&[
        "-r",
        f.to_str().unwrap(),
        "-Y",
        "-tcp.port == -80",
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-c",
        "11",
    ]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "11\n");
}

#[test]
fn filter_check_prints_canonical_form_and_fields() {
    let out = wiresift(&[
        "filter",
        "check",
        "tcp.port in {80,443} || arp.opcode == reply && !udp",
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "((tcp.port in {80, 443}) or ((arp.opcode == reply) and (not udp)))\nfields: tcp.port arp.opcode udp\n"
    );
    let out = wiresift(&["filter", "check", "tcp.prot == 80"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("wiresift: Left side of \"==\" expression must be a field or function, not tcp.prot.\n    tcp.prot == 80\n    ^~~~~~~~\n    Did you mean "),
        "{err}"
    );
    assert!(err.contains("tcp.port"), "{err}");
}

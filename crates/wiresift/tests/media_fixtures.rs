//! The recorded JSON and XML fixture (`tests/data/media/media.pcap`, made by
//! `scripts/record-media-fixtures.sh`: python's http.server serving a JSON file and an XML file to
//! curl) against tshark's answers for it (made by `scripts/media-fixture-oracle.sh`):
//! - `*.tshark.tsv` and, with `-2`, `*.tshark-2.tsv`: every `json.*` and `xml.*` field,
//!   `frame.protocols`, `tcp.reassembled_in` and the Protocol and Info columns, frame by frame;
//! - `*.detail.txt`: the JSON and XML layers of `-V` (and each frame's first line), line for line;
//! - `*.offsets.tsv`: each item of a `json.*` or `xml.*` field with its offset and length, from
//!   `tshark -T jsonraw`: wiresift's `-T jsonraw` must list the same items at the same bytes, in the
//!   same order.

mod common;

use std::path::PathBuf;

fn capture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/media/media.pcap")
}

fn oracle(suffix: &str) -> String {
    let mut p = capture().into_os_string();
    p.push(suffix);
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn media_fixture_fields_agree_with_tshark() {
    common::assert_fixtures_agree("media", 1, ".tshark.tsv", false);
}

#[test]
fn media_fixture_fields_agree_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("media", 1, ".tshark-2.tsv", true);
}

/// The lines of `-V` the oracle keeps: each frame's first line, and the JSON and XML layers.
fn json_and_xml_layers(text: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in text.lines() {
        if line.starts_with("Frame ") {
            out.push_str(line);
            out.push('\n');
            keep = false;
            continue;
        }
        // As the oracle's awk: a blank line (between packets) keeps the current state.
        if !line.is_empty() && !line.starts_with(' ') {
            keep = line.starts_with("JavaScript Object Notation")
                || line.starts_with("eXtensible Markup Language");
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn json_and_xml_trees_are_tsharks() {
    let expected = oracle(".detail.txt");
    assert!(
        expected.contains("JavaScript Object Notation: application/json\n")
            && expected.contains("eXtensible Markup Language\n"),
        "the oracle holds both layers"
    );
    let path = capture();
    let ours = json_and_xml_layers(&common::stdout(&["-n", "-r", path.to_str().unwrap(), "-V"]));
    if ours != expected {
        let first = ours
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(ours.lines().count().min(expected.lines().count()));
        panic!(
            "-V differs from tshark's at line {}: ours {:?}, tshark's {:?}",
            first + 1,
            ours.lines().nth(first),
            expected.lines().nth(first)
        );
    }
}

/// Items of the wanted fields in `-T jsonraw` output: name, offset, length.
fn raw_items(json: &str, wanted: impl Fn(&str) -> bool) -> Vec<(String, u64, u64)> {
    let mut items = Vec::new();
    let mut name: Option<String> = None;
    let mut numbers = Vec::new();
    let mut hex_seen = false;
    for line in json.lines().map(str::trim) {
        if let Some(n) = line
            .strip_suffix("_raw\": [")
            .and_then(|l| l.strip_prefix('"'))
        {
            name = wanted(n).then(|| n.to_owned());
            numbers.clear();
            hex_seen = false;
            continue;
        }
        let Some(n) = &name else { continue };
        if !hex_seen {
            hex_seen = line.starts_with('"') && line.ends_with("\",");
            continue;
        }
        match line.strip_suffix(',').and_then(|l| l.parse::<u64>().ok()) {
            Some(v) => numbers.push(v),
            None => {
                hex_seen = false;
                numbers.clear();
                continue;
            }
        }
        if numbers.len() == 2 {
            items.push((n.clone(), numbers[0], numbers[1]));
            numbers.clear();
            hex_seen = false;
        }
    }
    items
}

#[test]
fn json_and_xml_items_cover_tsharks_bytes() {
    let theirs: Vec<(String, u64, u64)> = oracle(".offsets.tsv")
        .lines()
        .map(|l| {
            let mut p = l.split('\t');
            let name = p.next().unwrap().to_owned();
            let pos = p.next().unwrap().parse().unwrap();
            let len = p.next().unwrap().parse().unwrap();
            (name, pos, len)
        })
        .collect();
    assert!(theirs.len() > 100, "the oracle lists the items");
    let path = capture();
    let json = common::stdout(&["-n", "-r", path.to_str().unwrap(), "-T", "jsonraw"]);
    let ours = raw_items(&json, |n| n.starts_with("json.") || n.starts_with("xml."));
    assert_eq!(ours, theirs);
}

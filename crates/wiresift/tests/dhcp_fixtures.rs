//! The DHCP and DHCPv6 fixtures (`tests/data/dhcp/*.pcap`, recorded by `scripts/record-dhcp-fixtures.sh`
//! with dnsmasq and dhclient) against tshark 4.0's answers (`*.tshark.tsv`, by
//! `scripts/dhcp-fixture-oracle.sh`): every `dhcp.*` and `dhcpv6.*` field, `frame.protocols` and the
//! Protocol and Info columns must agree exactly, frame by frame. Fields wiresift registers for the two
//! protocols but tshark's table leaves out (no value in any frame) must be empty here too.

mod common;

use std::path::Path;

use capfile::CaptureReader;
use dissect::{Dissector, Interest, PacketTree};
use output::{FieldsOptions, FieldsPrinter};

fn compare(capture: &Path, oracle: &str) -> (usize, Vec<String>) {
    let registry = dissect::registry();
    let mut lines = oracle.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    let mut problems = Vec::new();
    for name in &header {
        if name.starts_with("dhcp") && registry.lookup(name).is_none() {
            problems.push(format!(
                "tshark has values for {name}, which wiresift does not register"
            ));
        }
    }
    // tshark's columns, then every registered dhcp/dhcpv6 field it has no column for (expected empty).
    let mut fields: Vec<String> = header
        .iter()
        .filter(|f| registry.lookup(f).is_some() || f.starts_with("_ws.col."))
        .map(|f| f.to_string())
        .collect();
    for p in registry.protocols() {
        if p.filter_name == "dhcp" || p.filter_name == "dhcpv6" {
            for f in p.fields.iter().skip(1) {
                if !fields.iter().any(|x| x == f.abbrev) {
                    fields.push(f.abbrev.to_string());
                }
            }
        }
    }
    let mut printer = FieldsPrinter::new(registry, &fields, FieldsOptions::default()).unwrap();
    let mut interest = Interest::nothing(registry);
    printer.add_interest(&mut interest);
    let mut tree = PacketTree::new(interest);
    let mut dissector = Dissector::new();
    let mut reader = CaptureReader::open(capture).expect("fixture opens");
    let is_pcapng = matches!(reader.format(), capfile::FileFormat::Pcapng);
    let mut compared = 0;
    let mut index = 0;
    let mut line = String::new();
    while let Ok(Some(frame)) = reader.next_frame() {
        let row = rows.get(index).cloned().unwrap_or_default();
        index += 1;
        let meta = common::frame_meta(&frame, is_pcapng);
        dissector.dissect(&meta, frame.data, &mut tree);
        dissector.mark_displayed(&meta);
        line.clear();
        printer.write_row(registry, &tree, frame.data, &mut line);
        let ours: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        for (i, name) in fields.iter().enumerate() {
            let expected = header
                .iter()
                .position(|h| h == name)
                .and_then(|c| row.get(c).copied())
                .unwrap_or("");
            let got = ours.get(i).copied().unwrap_or("");
            compared += 1;
            if expected != got {
                problems.push(format!(
                    "frame {} {name}: tshark {expected:?}, wiresift {got:?}",
                    frame.number
                ));
            }
        }
    }
    if index != rows.len() {
        problems.push(format!("{} frames read, tshark has {}", index, rows.len()));
    }
    (compared, problems)
}

#[test]
fn dhcp_fixtures_agree_with_tshark_exactly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dhcp");
    let mut captures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    captures.sort();
    assert!(captures.len() >= 3, "the DHCP fixtures are missing");
    let mut all = Vec::new();
    for capture in &captures {
        let oracle_path = format!("{}.tshark.tsv", capture.display());
        let oracle =
            std::fs::read_to_string(&oracle_path).expect("tshark's answers for the fixture");
        let (compared, problems) = compare(capture, &oracle);
        println!(
            "{}: {compared} values compared, {} differ",
            capture.display(),
            problems.len()
        );
        assert!(
            compared > 100,
            "too little compared in {}",
            capture.display()
        );
        all.extend(problems);
    }
    for p in all.iter().take(40) {
        println!("{p}");
    }
    assert!(all.is_empty(), "{} differences from tshark", all.len());
}

/// `-z dhcp,stat` on the fixtures, byte for byte as tshark printed it.
#[test]
fn dhcp_stat_agrees_with_tshark() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dhcp");
    for (capture, report, expected) in [
        ("dora.pcap", "dhcp,stat", "dora.dhcp-stat.txt"),
        (
            "relay.pcap",
            "dhcp,stat,dhcp.ip.relay == 203.0.113.1",
            "relay.dhcp-stat-filter.txt",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wiresift"))
            .arg("-n")
            .arg("-r")
            .arg(dir.join(capture))
            .args(["-q", "-z", report])
            .output()
            .expect("wiresift runs");
        let expected = std::fs::read_to_string(dir.join(expected)).unwrap();
        assert!(expected.contains("DHCP (BOOTP) Statistics:"));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "{capture} -z {report}"
        );
    }
}

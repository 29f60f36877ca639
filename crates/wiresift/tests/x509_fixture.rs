//! The server certificate of `tests/data/tls/tls12-aes128gcm.pcap` (frame 6) against tshark 4.0's
//! answers, written by `scripts/x509-fixture-oracle.sh`:
//! - `*.x509-fields.tsv` is `tshark -n -r CAP -Y frame.number==6 -T fields -E header=y
//!   -E separator=/t -E occurrence=a -E aggregator=, -e frame.protocols -e tls.handshake.certificate
//!   -e <every x509af, x509if, x509sat, x509ce, pkcs1, pkix1* field and ber.bitstring.padding>`:
//!   every value must be tshark's;
//! - `*.x509-offsets.tsv` lists, from `tshark -T jsonraw`, each item of those fields with its offset
//!   and length in the frame: wiresift's `-T jsonraw` must list the same items at the same bytes, in
//!   the same order.

mod common;

use std::path::PathBuf;

fn capture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/tls/tls12-aes128gcm.pcap")
}

fn oracle(suffix: &str) -> String {
    let mut p = capture().into_os_string();
    p.push(suffix);
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn certificate_fields_are_tsharks() {
    let expected = oracle(".x509-fields.tsv");
    let mut lines = expected.lines();
    let header = lines.next().unwrap();
    let theirs = lines.next().unwrap();
    let path = capture();
    let mut args = vec![
        "-n",
        "-r",
        path.to_str().unwrap(),
        "-Y",
        "frame.number==6",
        "-T",
        "fields",
        "-E",
        "header=n",
        "-E",
        "separator=/t",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=,",
    ];
    for f in header.split('\t') {
        args.push("-e");
        args.push(f);
    }
    let ours = common::stdout(&args);
    let ours = ours.lines().next().unwrap_or("");
    let names: Vec<&str> = header.split('\t').collect();
    assert!(
        names.len() > 80,
        "the oracle lists the certificate's fields"
    );
    let mut diffs = Vec::new();
    for (i, (t, o)) in theirs.split('\t').zip(ours.split('\t')).enumerate() {
        if t != o {
            diffs.push(format!("{}: tshark {t:?}, wiresift {o:?}", names[i]));
        }
    }
    assert_eq!(ours.split('\t').count(), names.len());
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    // The values that say most, spelled out.
    let value = |name: &str| {
        let i = names.iter().position(|n| *n == name).unwrap();
        ours.split('\t').nth(i).unwrap().to_owned()
    };
    assert_eq!(value("x509sat.uTF8String"), "wstls.test,wstls.test");
    assert_eq!(value("x509ce.dNSName"), "wstls.test");
    assert_eq!(
        value("x509af.algorithm.id"),
        "1.2.840.113549.1.1.11,1.2.840.113549.1.1.1,1.2.840.113549.1.1.11"
    );
    assert_eq!(
        value("x509af.utcTime"),
        "2026-12-02 16:57:30 (UTC),2036-11-29 16:57:30 (UTC)"
    );
}

#[test]
fn certificate_items_cover_tsharks_bytes() {
    let theirs: Vec<(String, u64, u64)> = oracle(".x509-offsets.tsv")
        .lines()
        .map(|l| {
            let mut p = l.split('\t');
            let name = p.next().unwrap().to_owned();
            let pos = p.next().unwrap().parse().unwrap();
            let len = p.next().unwrap().parse().unwrap();
            (name, pos, len)
        })
        .collect();
    assert!(
        theirs.len() > 40,
        "the oracle lists the certificate's items"
    );
    let path = capture();
    let json = common::stdout(&[
        "-n",
        "-r",
        path.to_str().unwrap(),
        "-Y",
        "frame.number==6",
        "-T",
        "jsonraw",
    ]);
    let wanted = |n: &str| {
        [
            "x509af.",
            "x509if.",
            "x509sat.",
            "x509ce.",
            "pkcs1.",
            "pkix1implicit.",
            "pkix1explicit.",
        ]
        .iter()
        .any(|p| n.starts_with(p))
            || n == "ber.bitstring.padding"
    };
    let ours = common::raw_items(&json, wanted);
    assert_eq!(ours, theirs);
}

#[test]
fn a_certificate_that_does_not_parse_stays_bytes_with_a_note() {
    let mut bytes = std::fs::read(capture()).unwrap();
    // The certificate's TBSCertificate header (SEQUENCE, 0x20a bytes): make its version [0] tag a
    // NULL, which RFC 5280's structure does not allow there.
    let tbs = bytes
        .windows(8)
        .position(|w| w == [0x30, 0x82, 0x02, 0x0a, 0xa0, 0x03, 0x02, 0x01])
        .unwrap();
    bytes[tbs + 4] = 0x05;
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.pcap");
    std::fs::write(&broken, &bytes).unwrap();
    let detail = common::stdout(&[
        "-n",
        "-r",
        broken.to_str().unwrap(),
        "-Y",
        "frame.number==6",
        "-V",
    ]);
    assert!(detail.contains("Certificate does not parse"), "{detail}");
    assert!(detail.contains("Certificate: 308203223082020a"));
    assert!(!detail.contains("signedCertificate"));
}

//! Signed certificate timestamps (RFC 6962) in `tests/data/tls/sct.pcap`, recorded by
//! `scripts/record-sct-fixture.sh`: the server sends two SCTs in its certificate (X.509 extension
//! 1.3.6.1.4.1.11129.2.4.2, one SCT with extension bytes) and one in its ServerHello (TLS extension
//! 18); the certificate also carries Netscape extensions.
//! `*.sct-offsets.tsv`, written by `scripts/tls-fixture-oracle.sh` from tshark 4.0's
//! `-T jsonraw`, lists every `tls.sct.*` and signature algorithm item with its frame, offset and
//! length; the field values are compared with the rest of the TLS fixtures (tls_fixtures.rs).

mod common;

use std::path::PathBuf;

fn capture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/tls/sct.pcap")
}

fn wanted(name: &str) -> bool {
    name.starts_with("tls.sct.")
        || matches!(
            name,
            "tls.handshake.sig_hash_alg"
                | "tls.handshake.sig_hash_hash"
                | "tls.handshake.sig_hash_sig"
        )
}

#[test]
fn sct_items_cover_tsharks_bytes() {
    let mut oracle = capture().into_os_string();
    oracle.push(".sct-offsets.tsv");
    let theirs: Vec<(String, u64, u64, u64)> = std::fs::read_to_string(oracle)
        .unwrap()
        .lines()
        .map(|l| {
            let p: Vec<&str> = l.split('\t').collect();
            (
                p[0].to_owned(),
                p[1].parse().unwrap(),
                p[2].parse().unwrap(),
                p[3].parse().unwrap(),
            )
        })
        .collect();
    let path = capture();
    let json = common::stdout(&["-n", "-r", path.to_str().unwrap(), "-T", "jsonraw"]);
    // One chunk per packet: each starts at its "frame_raw" item.
    let mut ours = Vec::new();
    for (i, packet) in json.split("\"frame_raw\": [").skip(1).enumerate() {
        for (name, pos, len) in common::raw_items(packet, wanted) {
            ours.push((name, i as u64 + 1, pos, len));
        }
    }
    assert_eq!(ours, theirs);
    // Three SCTs in all, two of them in the certificate.
    let count = |f: &str| theirs.iter().filter(|t| t.0 == f).count();
    assert_eq!(count("tls.sct.sct_logid"), 3);
    assert_eq!(count("tls.sct.scts_length"), 2);
    assert_eq!(count("tls.sct.sct_extensions"), 1);
}

#[test]
fn sct_values_and_labels() {
    let path = capture();
    let fields = common::stdout(&[
        "-n",
        "-r",
        path.to_str().unwrap(),
        "-Y",
        "tls.sct.sct_logid",
        "-T",
        "fields",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=|",
        "-e",
        "tls.sct.sct_logid",
        "-e",
        "tls.sct.sct_timestamp",
        "-e",
        "tls.sct.sct_extensions_length",
    ]);
    // The SCTs as scripts/record-sct-fixture.sh made them: invented log IDs, timestamps in
    // milliseconds since 1970 (1765000000789 is 2025-12-06 05:46:40.789 UTC).
    // The ServerHello's SCT, then the certificate's two (in the frame that completes the
    // Certificate message).
    let lines: Vec<&str> = fields.lines().collect();
    assert_eq!(
        lines,
        [
            "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\t\
             Dec  6, 2025 05:46:40.789000000 UTC\t0",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f|\
             eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\t\
             Dec  6, 2025 05:46:40.123000000 UTC|Dec  6, 2025 05:46:40.456000000 UTC\t0|3",
        ]
    );
    let detail = common::stdout(&["-n", "-r", path.to_str().unwrap(), "-V"]);
    assert_eq!(
        detail
            .matches("Signed Certificate Timestamp (Unknown Log)")
            .count(),
        3
    );
}

#[test]
fn lengths_past_their_list_are_malformed_as_tshark_says() {
    let mut bytes = std::fs::read(capture()).unwrap();
    // The certificate's list (in a DER OCTET STRING of 0xf4 bytes) claims 256 bytes of its 242, and
    // the ServerHello's one SCT claims 128 bytes of the list's 116.
    let cert = bytes
        .windows(5)
        .position(|w| w == [0x04, 0x81, 0xf4, 0x00, 0xf2])
        .unwrap();
    bytes[cert + 3..cert + 5].copy_from_slice(&[0x01, 0x00]);
    let hello = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x76, 0x00, 0x74])
        .unwrap();
    bytes[hello + 2..hello + 4].copy_from_slice(&[0x00, 0x80]);
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("sct-broken.pcap");
    std::fs::write(&broken, &bytes).unwrap();
    let detail = common::stdout(&["-n", "-r", broken.to_str().unwrap(), "-V"]);
    // What tshark 4.0 prints for this file.
    assert!(detail.contains(
        "[Expert Info (Error/Malformed): Vector length 256 is too large, truncating it to 242]"
    ));
    assert!(detail.contains(
        "[Expert Info (Error/Malformed): Vector length 128 is too large, truncating it to 116]"
    ));
    assert!(detail.contains("                Signed Certificate Timestamp\n"));
    assert!(!detail.contains("(Unknown Log)"));
    // The rest of the certificate and the handshake still dissect.
    assert!(detail.contains("algorithmIdentifier (sha256WithRSAEncryption)"));
    assert!(detail.contains("Extension: renegotiation_info (len=1)"));
}

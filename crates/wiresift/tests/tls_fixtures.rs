//! The recorded TLS fixtures (`tests/data/tls/*.pcap`, made by `scripts/record-tls-fixtures.sh`: curl
//! fetching a page from `openssl s_server` over TLS 1.2 with AES-GCM, ChaCha20 and AES-CBC, TLS 1.3
//! with AES-GCM and ChaCha20, and a TLS-1.3-only client refused by a TLS-1.2-only server) against
//! tshark's answers for them without the key logs (`*.tshark.tsv` and, with `-2`, `*.tshark-2.tsv`,
//! made by `scripts/tls-fixture-oracle.sh`): every `tls.*` field tshark knows, `tcp.reassembled_in`
//! and the Protocol and Info columns must be exactly tshark's, frame by frame.

mod common;

#[test]
fn tls_fixtures_agree_with_tshark() {
    common::assert_fixtures_agree("tls", 6, ".tshark.tsv", false);
}

#[test]
fn tls_fixtures_agree_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("tls", 6, ".tshark-2.tsv", true);
}

/// The outline of `-V` (top-level lines and record labels) on a few TLS fixtures, with and without
/// their key logs, against tshark's (`tests/data/tls-outline/`, made by
/// `scripts/tls-outline-oracle.sh`): one "Transport Layer Security" item per run of records in a
/// segment or reassembled PDU, holding its records, and tshark's record labels.
#[test]
fn tls_items_group_records_as_tshark_does() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let cases = [
        "tls/tls12-aes128gcm",
        "tls/tls13-aes128gcm",
        "tls-http/tls12-aes128cbc-sha",
        "tls-http/tls13-chacha20",
    ];
    let outline = |text: &str| -> String {
        text.lines()
            .filter(|l| {
                !l.is_empty()
                    && (!l.starts_with(' ')
                        || l.strip_prefix("    ")
                            .is_some_and(|r| r.starts_with("TLSv") || r.starts_with("SSLv"))
                            && l.contains(" Record Layer"))
            })
            .map(|l| format!("{l}\n"))
            .collect()
    };
    for case in cases {
        let pcap = format!("{data}/{case}.pcap");
        let keys = format!("tls.keylog_file:{data}/{case}.keys");
        let name = case.replace('/', "-");
        for (suffix, extra) in [("", vec![]), (".keys", vec!["-o", keys.as_str()])] {
            let expected =
                std::fs::read_to_string(format!("{data}/tls-outline/{name}{suffix}.txt")).unwrap();
            let mut args = vec!["-n", "-r", pcap.as_str(), "-V"];
            args.extend(extra);
            let ours = outline(&common::stdout(&args));
            assert!(
                expected.matches("Transport Layer Security\n").count()
                    < expected.matches(" Record Layer: ").count(),
                "{name}{suffix}: the case has no segment with several records"
            );
            if ours != expected {
                let first = ours
                    .lines()
                    .zip(expected.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "{name}{suffix}: outline differs from tshark's at line {}: ours {:?}, tshark's {:?}",
                    first + 1,
                    ours.lines().nth(first),
                    expected.lines().nth(first)
                );
            }
        }
    }
}

/// The server_name and key_share extensions of the TLS 1.3 fixture's hellos, with the text items tshark
/// puts between an extension and its fields ("Server Name Indication extension", "Key Share extension",
/// "Key Share Entry: Group: ..."), against tshark's `-V` (`scripts/tls-outline-oracle.sh`).
#[test]
fn sni_and_key_share_subtrees_as_tshark_shows_them() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let pcap = format!("{data}/tls/tls13-aes128gcm.pcap");
    let text = common::stdout(&["-n", "-r", pcap.as_str(), "-V"]);
    let mut blocks = String::new();
    let mut keep = false;
    for line in text.lines() {
        let depth = line.len() - line.trim_start().len();
        if depth == 12
            && (line.trim_start().starts_with("Extension: server_name ")
                || line.trim_start().starts_with("Extension: key_share "))
        {
            keep = true;
        } else if depth <= 12 {
            keep = false;
        }
        if keep {
            blocks.push_str(line);
            blocks.push('\n');
        }
    }
    let expected = std::fs::read_to_string(format!(
        "{data}/tls-outline/tls13-aes128gcm.sni-key-share.txt"
    ))
    .unwrap();
    assert_eq!(blocks, expected);
}

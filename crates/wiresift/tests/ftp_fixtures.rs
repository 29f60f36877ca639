//! The recorded FTP fixture (`tests/data/ftp/ftp.pcap`, made by `scripts/record-ftp-fixture.sh`:
//! curl listing, fetching and uploading through python's pyftpdlib in passive mode, EPSV and PASV, and
//! active mode, EPRT and PORT) against tshark's answers for it (`*.tshark.tsv`, `*.tshark-2.tsv` and
//! `*.tshark-V.txt`, made by `scripts/ftp-fixture-oracle.sh`): every `ftp.*` and `ftp-data.*` field,
//! `frame.protocols`, `tcp.completeness`, the Protocol and Info columns and the `-V` detail above TCP
//! must be exactly tshark's.

mod common;

#[test]
fn ftp_fixture_agrees_with_tshark() {
    common::assert_fixtures_agree("ftp", 1, ".tshark.tsv", false);
}

#[test]
fn ftp_fixture_agrees_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("ftp", 1, ".tshark-2.tsv", true);
}

#[test]
fn ftp_detail_is_tsharks() {
    common::assert_detail_outlines_agree("ftp", 1);
}

/// The folding keeps what the fixture is about: the FTP and FTP-DATA trees.
#[test]
fn ftp_outline_holds_the_ftp_trees() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ftp");
    let text = std::fs::read_to_string(format!("{dir}/ftp.pcap.tshark-V.txt")).unwrap();
    assert!(text.contains("        Extended active port: 34961\n"));
    assert!(text.contains("[Setup method: EPASV]\n"));
    assert!(text.contains("Line-based text data (2 lines)\n"));
    assert!(!text.contains("    Source Port:"));
}

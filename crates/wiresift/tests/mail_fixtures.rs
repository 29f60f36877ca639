//! The recorded mail fixtures (`tests/data/mail/*.pcap`, made by `scripts/record-mail-fixtures.sh`: curl
//! sending mail with AUTH PLAIN and AUTH LOGIN to an SMTP server, one message multipart with a
//! quoted-printable part and a base64 PNG attached) against tshark's answers for them (`*.tshark.tsv`
//! and, with `-2`, `*.tshark-2.tsv`, made by `scripts/mail-fixture-oracle.sh`): every `smtp.*`, `imf.*`
//! and `mime_multipart.*` field tshark knows, `frame.protocols`, `tcp.reassembled_in`, `tcp.pdu.size` and
//! the Protocol and Info columns must be exactly tshark's, frame by frame.

mod common;

#[test]
fn mail_fixtures_agree_with_tshark() {
    common::assert_fixtures_agree("mail", 2, ".tshark.tsv", false);
}

#[test]
fn mail_fixtures_agree_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("mail", 2, ".tshark-2.tsv", true);
}

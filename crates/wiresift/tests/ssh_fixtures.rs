//! The recorded SSH fixtures (`tests/data/ssh/*.pcap`, made by `scripts/record-ssh-fixture.sh`:
//! OpenSSH's client running two commands on sshd, with four key exchange and cipher variants) against
//! tshark's answers for them (`*.tshark.tsv` and, with `-2`, `*.tshark-2.tsv`, made by
//! `scripts/ssh-fixture-oracle.sh`): every `ssh.*` field tshark knows, `frame.protocols`,
//! `tcp.reassembled_in`, `tcp.pdu.size` and the Protocol and Info columns must be exactly tshark's,
//! frame by frame.

mod common;

#[test]
fn ssh_fixtures_agree_with_tshark() {
    common::assert_fixtures_agree("ssh", 4, ".tshark.tsv", false);
}

#[test]
fn ssh_fixtures_agree_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("ssh", 4, ".tshark-2.tsv", true);
}

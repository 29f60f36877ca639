//! The recorded HTTP and WebSocket fixtures (`tests/data/http/*.pcap`, made by
//! `scripts/record-http-fixtures.sh` with python's http.server and `websockets`, curl and a bare
//! HTTP/1.0 server) against tshark's answers for them (`*.tshark.tsv` and, with `-2`,
//! `*.tshark-2.tsv`, made by `scripts/http-fixture-oracle.sh`): every `http.*` and `websocket.*`
//! field, `frame.protocols`, `tcp.reassembled_in`, `tcp.pdu.size` and the Protocol and Info columns
//! must be exactly tshark's, frame by frame.

mod common;

#[test]
fn http_fixtures_agree_with_tshark() {
    common::assert_fixtures_agree("http", 10, ".tshark.tsv", false);
}

#[test]
fn http_fixtures_agree_with_tshark_in_two_passes() {
    common::assert_fixtures_agree("http", 10, ".tshark-2.tsv", true);
}

//! DTLS against tshark 4.0: OpenSSL's s_client and s_server in two namespaces
//! (scripts/record-dtls-fixture.sh), DTLS 1.2 on UDP port 5684 and DTLS 1.0 on port 4433 (which only
//! the UDP heuristic takes), each with a cookie exchange, a certificate sent in six fragments,
//! application data both ways and close_notify alerts; and crafted datagrams
//! (scripts/make-dtls-cases.py: what the heuristic takes and refuses, every content type, empty and
//! over-long records, several messages per record, fragments out of order or past their message,
//! vectors longer than their message, datagrams cut by the snapshot length). tshark's `-V` tree, packet list and field values are
//! stored beside them (scripts/dtls-fixture-oracle.sh), with the packet lists of the recordings cut
//! by `editcap -s` at six snapshot lengths. zeek/tls/dtls1_2.pcap is compared by oracle_stats (its
//! protocol hierarchy) and below (its packet list).

mod common;

use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dtls")
}

#[test]
fn datagrams_match_tshark() {
    common::assert_outputs_match_tshark(
        "dtls",
        &["dtls12-coap", "dtls10-heuristic", "dtls-crafted"],
    );
}

/// Display filters on DTLS's fields (and on the certificate the handshake carried) select what
/// tshark selects.
#[test]
fn filters_on_dtls_fields() {
    let recorded: &[(&str, &str)] = &[
        ("dtls", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"),
        ("tls", ""),
        ("dtls.handshake.type == 1", "1,3"),
        ("dtls.handshake.type == 3", "2"),
        ("dtls.handshake.cookie_length > 0", "2,3"),
        ("dtls.handshake.version == 0xfeff", "2"),
        ("dtls.fragment", "9,10"),
        ("dtls.fragment.count == 6", "9"),
        ("dtls.reassembled.length > 1000", "9"),
        ("dtls.handshake.fragment_offset > 0", "5,6,7,8,9,10"),
        ("dtls.record.epoch == 1", "11,12,13,14,15,16"),
        ("dtls.record.content_type == 21", "15,16"),
        ("dtls.record.sequence_number >= 5", "7,8,9,10,12"),
        (
            "dtls.app_data_proto == \"Constrained Application Protocol\"",
            "13,14",
        ),
        ("dtls.handshake.ciphersuite == 0xc02f", "1,3"),
        ("dtls.handshake.extension.type == 23", "1,3,4"),
        ("dtls.change_cipher_spec", "11,12"),
        ("dtls.handshake.session_ticket_lifetime_hint == 7200", "12"),
        (
            "dtls.record.version == 0xfefd && udp.srcport == 5684",
            "4,5,6,7,8,9,10,12,14,16",
        ),
        ("x509ce.dNSName == \"host07.dtls-fixture.example\"", "9"),
        ("dtls.handshake.certificate_length > 1000", "9"),
    ];
    common::assert_filters_select("dtls/dtls12-coap.pcap", recorded);
    let crafted: &[(&str, &str)] = &[
        ("dtls.heartbeat_message.type == 2", "45"),
        ("dtls.record.special_type == 25", "6"),
        ("dtls.handshake.fragment_past_end_msg", "38"),
        (
            "_ws.malformed",
            "18,20,28,39,51,52,53,54,55,57,59,60,61,62,63",
        ),
        // A vector longer than its message, or its length without room: tshark's "not enough
        // data" expert, and no more.
        ("dtls.malformed.buffer_too_small", "51,52,57,59,60,61,63"),
        ("_ws.expert.message contains \"No more room\"", "61"),
        (
            "_ws.expert.message contains \"Vector length\"",
            "51,52,57,59,60,63",
        ),
        ("_ws.short", "21,22,23,24,46,47,48,49,50"),
        ("dtls.handshake.extension.type == 4660", "1"),
        ("dtls.alert_message.desc == 40", "3"),
        ("data", "7,10,11,12,13,15,16,17"),
        ("dtls.app_data_proto == \"Domain Name System\"", "29,30"),
        ("dtls.record.length == 0", "18,19,20"),
    ];
    common::assert_filters_select("dtls/dtls-crafted.pcap", crafted);
}

/// The zeek capture (DTLS on UDP port 4400, taken by the heuristic; a ClientHello, certificate and
/// key exchange in fragments) lists as tshark lists it.
#[test]
fn zeek_capture_lists_as_tshark() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("notice: ../shared is absent; zeek/tls/dtls1_2.pcap not compared");
        return;
    };
    let capture = shared.join("captures/zeek/tls/dtls1_2.pcap");
    let got = common::stdout(&["-n", "-r", capture.to_str().unwrap()]);
    let want = [
        "Client Hello (Fragment)",
        "Client Hello (Reassembled)",
        "Hello Verify Request",
        "Client Hello (Fragment)",
        "Client Hello (Reassembled)",
        "Server Hello, Certificate (Fragment)",
        "Certificate (Fragment)",
        "Certificate (Fragment)",
        "Certificate (Fragment)",
        "Certificate (Reassembled), Server Key Exchange (Fragment)",
        "Server Key Exchange (Fragment)",
        "Server Key Exchange (Reassembled), Server Hello Done",
        "Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message",
        "New Session Ticket, Change Cipher Spec",
        "Encrypted Handshake Message",
        "Encrypted Alert",
    ];
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines.len(), want.len(), "{got}");
    for (line, info) in lines.iter().zip(want) {
        assert!(line.ends_with(info), "{line} should end with {info}");
    }
    assert!(lines[0].contains(" DTLS 270 "), "{}", lines[0]);
    assert!(lines[2].contains(" DTLSv1.0 90 "), "{}", lines[2]);
    assert!(lines[5].contains(" DTLSv1.2 270 "), "{}", lines[5]);
}

/// In two passes (`-2`) the second pass starts from the version the first ended with: the records
/// before the ServerHello are named "DTLSv1.2" too, as tshark names them.
#[test]
fn two_passes_match_tshark() {
    let dir = data_dir();
    for name in ["dtls12-coap", "dtls10-heuristic"] {
        let capture = dir.join(format!("{name}.pcap"));
        let got = common::stdout(&["-2", "-n", "-r", capture.to_str().unwrap(), "-V"]);
        let want = std::fs::read_to_string(dir.join(format!("{name}.2pass.V"))).unwrap();
        common::assert_same_lines(&format!("{name} -2 -V"), &got, &want, "tshark");
    }
}

/// A classic pcap file's frames cut to `snaplen` bytes (their length on the wire kept), as
/// `editcap -s` writes them.
fn cut_pcap(bytes: &[u8], snaplen: usize) -> Vec<u8> {
    let mut out = bytes[..24].to_vec();
    out[16..20].copy_from_slice(&(snaplen as u32).to_le_bytes());
    let mut at = 24;
    while at + 16 <= bytes.len() {
        let incl = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
        let data = &bytes[at + 16..(at + 16 + incl).min(bytes.len())];
        let kept = incl.min(snaplen);
        out.extend_from_slice(&bytes[at..at + 8]);
        out.extend_from_slice(&(kept as u32).to_le_bytes());
        out.extend_from_slice(&bytes[at + 12..at + 16]);
        out.extend_from_slice(&data[..kept.min(data.len())]);
        at += 16 + incl;
    }
    out
}

/// The recordings cut at the snapshot lengths the oracle stored list as tshark lists them.
#[test]
fn cut_recordings_list_as_tshark() {
    let dir = data_dir();
    let tmp = tempfile::tempdir().unwrap();
    for name in ["dtls12-coap", "dtls10-heuristic"] {
        let bytes = std::fs::read(dir.join(format!("{name}.pcap"))).unwrap();
        for snaplen in [50, 60, 70, 100, 200, 300] {
            let path = tmp.path().join(format!("{name}.s{snaplen}.pcap"));
            std::fs::write(&path, cut_pcap(&bytes, snaplen)).unwrap();
            let want =
                std::fs::read_to_string(dir.join(format!("{name}.s{snaplen}.summary"))).unwrap();
            let got = common::stdout(&["-n", "-r", path.to_str().unwrap()]);
            common::assert_same_lines(&format!("{name} -s {snaplen}"), &got, &want, "tshark");
        }
    }
}

/// Every datagram of every fixture cut at every length (the whole capture at each snapshot length,
/// so that reassembly meets cut fragments too): dissection and the detail tree never panic.
#[test]
fn cut_at_every_length_never_panics() {
    let registry = dissect::registry();
    let dir = data_dir();
    let mut cuts = 0;
    for name in ["dtls12-coap", "dtls10-heuristic", "dtls-crafted"] {
        let bytes = std::fs::read(dir.join(format!("{name}.pcap"))).unwrap();
        let longest = {
            let mut reader = capfile::CaptureReader::from_bytes(bytes.clone()).unwrap();
            let mut longest = 0;
            while let Ok(Some(frame)) = reader.next_frame() {
                longest = longest.max(frame.data.len());
            }
            longest
        };
        for snaplen in 0..=longest {
            let mut reader = capfile::CaptureReader::from_bytes(cut_pcap(&bytes, snaplen)).unwrap();
            let mut dissector = dissect::Dissector::new();
            let mut tree = dissect::PacketTree::new(dissect::Interest::everything(registry));
            let mut printer = output::DetailPrinter::new(Default::default());
            let mut out = String::new();
            while let Ok(Some(frame)) = reader.next_frame() {
                let meta = common::frame_meta(&frame, false);
                dissector.dissect(&meta, frame.data, &mut tree);
                out.clear();
                printer.write_packet(registry, &tree, frame.data, &mut out);
                cuts += 1;
            }
        }
    }
    assert!(cuts > 20_000, "{cuts} cut frames");
}

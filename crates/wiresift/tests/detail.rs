//! `-V`, `-x` and `-P` against what tshark 4.0 prints for the repository's fixture.
//!
//! The expected texts are `tshark -n -r tests/data/boot-and-browse.pcapng -V` output, with the lines of what
//! wiresift does not have yet taken out (and nothing else changed): `Section number`; the blocks compared end before the UDP timestamps and after the TCP options. `scripts/compare-detail.py` measures the whole capture and the corpus
//! the same way.

mod common;
use common::stdout as wiresift;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/boot-and-browse.pcapng"
);

/// Our `-V --show-fields` output, frame by frame, with the field names taken off again.
fn frames() -> Vec<Vec<String>> {
    let text = wiresift(&["-n", "-r", FIXTURE, "-V", "--show-fields"]);
    let mut frames: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line.starts_with("Frame ") {
            frames.push(Vec::new());
        }
        let Some(frame) = frames.last_mut() else {
            continue;
        };
        if line.is_empty() {
            continue;
        }
        // Hex dumps under data layers carry no field name.
        let Some((label, _field)) = line.rsplit_once("   [") else {
            continue;
        };
        frame.push(label.to_string());
    }
    frames
}

/// The lines of `frame` from the first that starts with `first`, as many as `expected` has.
fn block(frame: &[String], first: &str, expected: &str) -> String {
    let start = frame
        .iter()
        .position(|l| l.starts_with(first))
        .unwrap_or_else(|| panic!("no line starting with {first:?} in {frame:#?}"));
    let n = expected.lines().count();
    let mut s = frame[start..(start + n).min(frame.len())].join("\n");
    s.push('\n');
    s
}

#[test]
fn arp_request_frame_as_tshark_shows_it() {
    let expected = ARP.strip_prefix('\n').unwrap();
    assert_eq!(block(&frames()[4], "Frame 5:", expected), expected);
}

#[test]
fn ethernet_ip_udp_headers_of_a_dhcp_discover() {
    let expected = UDP.strip_prefix('\n').unwrap();
    assert_eq!(block(&frames()[0], "Ethernet II", expected), expected);
}

#[test]
fn tcp_syn_with_options() {
    let expected = TCP.strip_prefix('\n').unwrap();
    let frame = &frames()[10];
    assert!(frame.contains(
        &"Transmission Control Protocol, Src Port: 54022, Dst Port: 80, Seq: 0, Len: 0".to_string()
    ));
    assert_eq!(block(frame, "    Source Port: 54022", expected), expected);
}

#[test]
fn show_fields_names_each_line() {
    let text = wiresift(&["-n", "-r", FIXTURE, "-V", "--show-fields", "-c", "1"]);
    assert!(
        text.contains("\n    Time to Live: 128   [ip.ttl]\n"),
        "{text}"
    );
    assert!(
        text.contains("\nUser Datagram Protocol, Src Port: 68, Dst Port: 67   [udp]\n"),
        "{text}"
    );
    assert!(
        text.contains("\n    [Header checksum status: Unverified]   [ip.checksum.status]\n"),
        "{text}"
    );
}

#[test]
fn hex_dump_layout_with_and_without_summary_and_detail() {
    // tshark -n -r FIXTURE -x -c 6 (frame 6, an ARP reply), with its -P and -V layouts.
    let frame6 = "\
0000  02 00 00 00 02 02 02 00 00 00 01 01 08 06 00 01   ................
0010  08 00 06 04 00 02 02 00 00 00 01 01 c0 00 02 01   ................
0020  02 00 00 00 02 02 c0 00 02 a2                     ..........
";
    let x = wiresift(&["-n", "-r", FIXTURE, "-x", "-c", "6"]);
    assert!(x.ends_with(&format!("\n\n{frame6}\n")), "{x}");
    assert!(
        x.starts_with("0000  ff ff ff ff ff ff 02 00"),
        "-x alone prints no summary: {x}"
    );
    let px = wiresift(&["-n", "-r", FIXTURE, "-P", "-x", "-c", "6"]);
    let summary6 = "    6 0.028953152 02:00:00:00:01:01 → 02:00:00:00:02:02 ARP 42 192.0.2.1 is at 02:00:00:00:01:01\n";
    assert!(px.ends_with(&format!("{summary6}\n{frame6}\n")), "{px}");
    let pvx = wiresift(&["-n", "-r", FIXTURE, "-P", "-V", "-x", "-c", "6"]);
    assert!(
        pvx.contains(&format!("{summary6}Frame 6: 42 bytes on wire")),
        "{pvx}"
    );
    assert!(
        pvx.ends_with(&format!("    Target IP address: 192.0.2.162\n\n{frame6}\n")),
        "{pvx}"
    );
    let v = wiresift(&["-n", "-r", FIXTURE, "-V", "-c", "6"]);
    assert!(v.ends_with("    Target IP address: 192.0.2.162\n\n"), "{v}");
    assert!(!v.contains(" ARP 42 "), "-V alone prints no summary");
}

#[test]
fn version_is_long_only() {
    assert!(wiresift(&["--version"]).starts_with("wiresift "));
}

const ARP: &str = r#"
Frame 5: 42 bytes on wire (336 bits), 42 bytes captured (336 bits) on interface ws-c0, id 0
    Section number: 1
    Interface id: 0 (ws-c0)
        Interface name: ws-c0
    Encapsulation type: Ethernet (1)
    Arrival Time: Nov 22, 2026 21:38:48.981829408 UTC
    [Time shift for this packet: 0.000000000 seconds]
    Epoch Time: 1795383528.981829408 seconds
    [Time delta from previous captured frame: 0.026957308 seconds]
    [Time delta from previous displayed frame: 0.026957308 seconds]
    [Time since reference or first frame: 0.028932634 seconds]
    Frame Number: 5
    Frame Length: 42 bytes (336 bits)
    Capture Length: 42 bytes (336 bits)
    [Frame is marked: False]
    [Frame is ignored: False]
    [Protocols in frame: eth:ethertype:arp]
Ethernet II, Src: 02:00:00:00:02:02, Dst: ff:ff:ff:ff:ff:ff
    Destination: ff:ff:ff:ff:ff:ff
        Address: ff:ff:ff:ff:ff:ff
        .... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the factory default)
        .... ...1 .... .... .... .... = IG bit: Group address (multicast/broadcast)
    Source: 02:00:00:00:02:02
        Address: 02:00:00:00:02:02
        .... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the factory default)
        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)
    Type: ARP (0x0806)
Address Resolution Protocol (request)
    Hardware type: Ethernet (1)
    Protocol type: IPv4 (0x0800)
    Hardware size: 6
    Protocol size: 4
    Opcode: request (1)
    Sender MAC address: 02:00:00:00:02:02
    Sender IP address: 192.0.2.162
    Target MAC address: 00:00:00:00:00:00
    Target IP address: 192.0.2.1
"#;

const UDP: &str = r#"
Ethernet II, Src: 02:00:00:00:02:02, Dst: ff:ff:ff:ff:ff:ff
    Destination: ff:ff:ff:ff:ff:ff
        Address: ff:ff:ff:ff:ff:ff
        .... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the factory default)
        .... ...1 .... .... .... .... = IG bit: Group address (multicast/broadcast)
    Source: 02:00:00:00:02:02
        Address: 02:00:00:00:02:02
        .... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the factory default)
        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)
    Type: IPv4 (0x0800)
Internet Protocol Version 4, Src: 0.0.0.0, Dst: 255.255.255.255
    0100 .... = Version: 4
    .... 0101 = Header Length: 20 bytes (5)
    Differentiated Services Field: 0x10 (DSCP: Unknown, ECN: Not-ECT)
        0001 00.. = Differentiated Services Codepoint: Unknown (4)
        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)
    Total Length: 328
    Identification: 0x0000 (0)
    000. .... = Flags: 0x0
        0... .... = Reserved bit: Not set
        .0.. .... = Don't fragment: Not set
        ..0. .... = More fragments: Not set
    ...0 0000 0000 0000 = Fragment Offset: 0
    Time to Live: 128
    Protocol: UDP (17)
    Header Checksum: 0x3996 [validation disabled]
    [Header checksum status: Unverified]
    Source Address: 0.0.0.0
    Destination Address: 255.255.255.255
User Datagram Protocol, Src Port: 68, Dst Port: 67
    Source Port: 68
    Destination Port: 67
    Length: 308
    Checksum: 0xa135 [unverified]
    [Checksum Status: Unverified]
    [Stream index: 0]
"#;

const TCP: &str = r#"
    Source Port: 54022
    Destination Port: 80
    [Stream index: 0]
    [Conversation completeness: Incomplete (0)]
    [TCP Segment Len: 0]
    Sequence Number: 0    (relative sequence number)
    Sequence Number (raw): 1419713569
    [Next Sequence Number: 1    (relative sequence number)]
    Acknowledgment Number: 0
    Acknowledgment number (raw): 0
    1010 .... = Header Length: 40 bytes (10)
    Flags: 0x002 (SYN)
        000. .... .... = Reserved: Not set
        ...0 .... .... = Accurate ECN: Not set
        .... 0... .... = Congestion Window Reduced: Not set
        .... .0.. .... = ECN-Echo: Not set
        .... ..0. .... = Urgent: Not set
        .... ...0 .... = Acknowledgment: Not set
        .... .... 0... = Push: Not set
        .... .... .0.. = Reset: Not set
        .... .... ..1. = Syn: Set
            [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
                [Connection establish request (SYN): server port 80]
                [Severity level: Chat]
                [Group: Sequence]
        .... .... ...0 = Fin: Not set
        [TCP Flags: ··········S·]
    Window: 64240
    [Calculated window size: 64240]
    Checksum: 0x759a [unverified]
    [Checksum Status: Unverified]
    Urgent Pointer: 0
    Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale
        TCP Option - Maximum segment size: 1460 bytes
            Kind: Maximum Segment Size (2)
            Length: 4
            MSS Value: 1460
        TCP Option - SACK permitted
            Kind: SACK Permitted (4)
            Length: 2
        TCP Option - Timestamps: TSval 3884263217, TSecr 0
            Kind: Time Stamp Option (8)
            Length: 10
            Timestamp value: 3884263217
            Timestamp echo reply: 0
        TCP Option - No-Operation (NOP)
            Kind: No-Operation (1)
        TCP Option - Window scale: 10 (multiply by 1024)
            Kind: Window Scale (3)
            Length: 3
            Shift count: 10
            [Multiplier: 1024]
"#;

/// One byte is "1 byte", as tshark counts it (suricata/damaged-fuzz.pcap's frame 2 in the corpus:
/// "Frame 2: 1048576 bytes on wire (8388608 bits), 1 byte captured (8 bits)").
#[test]
fn a_one_byte_frame_is_one_byte() {
    let mut file = Vec::new();
    // A little-endian pcap header (version 2.4 as two 16-bit words, Ethernet), one record.
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 1] {
        file.extend_from_slice(&v.to_le_bytes());
    }
    for v in [1_400_000_000u32, 0, 1, 1] {
        file.extend_from_slice(&v.to_le_bytes());
    }
    file.push(0x45);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-byte.pcap");
    std::fs::write(&path, &file).unwrap();
    let detail = wiresift(&["-n", "-r", path.to_str().unwrap(), "-V"]);
    assert!(
        detail.starts_with("Frame 1: 1 byte on wire (8 bits), 1 byte captured (8 bits)"),
        "{detail}"
    );
    assert!(detail.contains("    Frame Length: 1 byte (8 bits)\n"));
    assert!(detail.contains("    Capture Length: 1 byte (8 bits)\n"));
}

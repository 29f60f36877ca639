//! Records in segments cut by the snapshot length, as tshark 4.0 shows them (checked with tshark on
//! the same frames written to a pcap file).

use crate::testutil::{Frame, dissect_all};

fn checksum(bytes: &[u8]) -> u16 {
    use crate::protocols::{fold_checksum, ones_complement_sum};
    !fold_checksum(ones_complement_sum(0, bytes))
}

/// An Ethernet/IPv4/TCP frame from 10.0.0.1 (port 40000) to 10.0.0.2:443, or back with `reply`.
fn segment(reply: bool, seq: u32, ack: u32, flags: u8, payload: &[u8]) -> Vec<u8> {
    let (client, server) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let (src, dst, sport, dport) = if reply {
        (server, client, 443u16, 40000u16)
    } else {
        (client, server, 40000, 443)
    };
    let mut tcp = Vec::new();
    tcp.extend(sport.to_be_bytes());
    tcp.extend(dport.to_be_bytes());
    tcp.extend(seq.to_be_bytes());
    tcp.extend(ack.to_be_bytes());
    tcp.extend([0x50, flags, 0xfa, 0xf0, 0, 0, 0, 0]);
    let mut pseudo = Vec::from(src);
    pseudo.extend(dst);
    pseudo.extend([0, 6]);
    pseudo.extend(((tcp.len() + payload.len()) as u16).to_be_bytes());
    pseudo.extend(&tcp);
    pseudo.extend(payload);
    tcp[16..18].copy_from_slice(&checksum(&pseudo).to_be_bytes());
    let total = (20 + tcp.len() + payload.len()) as u16;
    let mut ip = vec![0x45, 0];
    ip.extend(total.to_be_bytes());
    ip.extend([0, 1, 0x40, 0, 64, 6, 0, 0]);
    ip.extend(src);
    ip.extend(dst);
    let c = checksum(&ip);
    ip[10..12].copy_from_slice(&c.to_be_bytes());
    let mut frame = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0];
    frame.extend(ip);
    frame.extend(tcp);
    frame.extend(payload);
    frame
}

/// A ClientHello record (legacy version 0x0301) of 512 bytes: two suites, server_name, padding.
fn client_hello() -> Vec<u8> {
    let mut body = vec![3, 3];
    body.extend(0u8..32);
    body.push(0);
    body.extend([0, 4, 0x13, 0x01, 0x13, 0x02, 1, 0]);
    let mut ext = vec![0, 0, 0, 16, 0, 14, 0, 0, 11];
    ext.extend(b"example.com");
    let pad = 508 - (body.len() + 2 + ext.len()) - 4;
    ext.extend([0, 21]);
    ext.extend((pad as u16).to_be_bytes());
    ext.extend(std::iter::repeat_n(0, pad));
    body.extend((ext.len() as u16).to_be_bytes());
    body.extend(ext);
    let mut hs = vec![1, 0];
    hs.extend((body.len() as u16).to_be_bytes());
    hs.extend(body);
    let mut rec = vec![0x16, 3, 1];
    rec.extend((hs.len() as u16).to_be_bytes());
    rec.extend(hs);
    rec
}

#[test]
fn records_cut_by_the_snapshot_length() {
    let hello = client_hello();
    let close_notify = [0x15, 3, 3, 0, 2, 1, 0];
    let mut alert_then_hello = close_notify.to_vec();
    alert_then_hello.extend(&hello);
    // An application data record claiming 600 bytes in a segment of 105.
    let mut alert_then_long = close_notify.to_vec();
    alert_then_long.extend([0x17, 3, 3, 2, 0x58]);
    alert_then_long.extend([0; 100]);
    let n = hello.len() as u32;
    let frames = [
        (segment(false, 1000, 0, 0x02, &[]), None),
        (segment(true, 5000, 1001, 0x12, &[]), None),
        (segment(false, 1001, 5001, 0x10, &[]), None),
        (segment(false, 1001, 5001, 0x18, &hello), Some(234)),
        (
            segment(false, 1001 + n, 5001, 0x18, &alert_then_hello),
            Some(234),
        ),
        (
            segment(false, 1001 + 2 * n + 7, 5001, 0x18, &alert_then_long),
            Some(94),
        ),
    ];
    let hexes: Vec<(String, u32, Option<usize>)> = frames
        .iter()
        .map(|(f, cut)| {
            let kept = &f[..cut.unwrap_or(f.len())];
            let hex: String = kept.iter().map(|b| format!("{b:02x}")).collect();
            (hex, f.len() as u32, *cut)
        })
        .collect();
    let input: Vec<Frame> = hexes
        .iter()
        .map(|(hex, len, cut)| Frame {
            link_type: 1,
            hex,
            original_len: cut.map(|_| *len),
        })
        .collect();
    let d = dissect_all(&input);
    // The session's version is not known yet: tshark's first pass hands the record to its decryption,
    // which wants the record's last bytes; only the header is shown.
    assert_eq!(d[3].values("tls.record.length"), ["512"]);
    assert!(!d[3].has("tls.handshake.type"));
    assert_eq!(d[3].protocol(), "TLSv1");
    assert_eq!(d[3].info(), "[Packet size limited during capture]");
    assert!(d[3].has("_ws.short"));
    assert!(!d[3].has("_ws.malformed"));
    // Two records: the whole alert, then the cut hello's header.
    assert_eq!(d[4].values("tls.record.length"), ["2", "512"]);
    assert_eq!(d[4].values("tls.record.content_type"), ["21", "22"]);
    assert_eq!(d[4].field("tls.alert_message.desc"), "0");
    assert_eq!(
        d[4].info(),
        "Alert (Level: Warning, Description: Close Notify)[Packet size limited during capture]"
    );
    // A record running on past the segment as sent is not shown at all.
    assert_eq!(d[5].values("tls.record.length"), ["2"]);
    assert_eq!(
        d[5].info(),
        "Alert (Level: Warning, Description: Close Notify)"
    );
    assert!(!d[5].has("_ws.short"));
}

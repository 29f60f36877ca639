//! A gzip bomb in an HTTP response: 10 MB on the wire that would expand to 10 GB. The body is decoded
//! only up to the cap, the frame says so in an expert note, and the exported object has the cap's size.

mod common;

use std::io::Write as _;

/// Appends one raw-IPv4 TCP segment (pcap link type 101) from 10.0.0.2:80 to 10.0.0.1:40000.
fn segment(pcap: &mut Vec<u8>, seq: u32, flags: u8, payload: &[u8], usec: u32) {
    let total = 20 + 20 + payload.len();
    let mut ip = vec![
        0x45,
        0,
        (total >> 8) as u8,
        total as u8,
        0,
        0,
        0x40,
        0,
        64,
        6,
        0,
        0,
        10,
        0,
        0,
        2,
        10,
        0,
        0,
        1,
    ];
    let mut sum: u32 = ip
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]) as u32)
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    let check = !(sum as u16);
    ip[10..12].copy_from_slice(&check.to_be_bytes());
    let mut tcp = vec![0u8; 20];
    tcp[0..2].copy_from_slice(&80u16.to_be_bytes());
    tcp[2..4].copy_from_slice(&40000u16.to_be_bytes());
    tcp[4..8].copy_from_slice(&seq.to_be_bytes());
    tcp[8..12].copy_from_slice(&1u32.to_be_bytes());
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    tcp[14..16].copy_from_slice(&65535u16.to_be_bytes());
    let len = total as u32;
    pcap.extend_from_slice(&0u32.to_le_bytes());
    pcap.extend_from_slice(&usec.to_le_bytes());
    pcap.extend_from_slice(&len.to_le_bytes());
    pcap.extend_from_slice(&len.to_le_bytes());
    pcap.extend_from_slice(&ip);
    pcap.extend_from_slice(&tcp);
    pcap.extend_from_slice(payload);
}

#[test]
fn a_gzip_bomb_is_reported_and_cut_at_the_cap() {
    // One gzip member of 10 MiB of zeros, repeated: a decoder that reads every member would produce
    // 10 MiB per ~10 KB of input, 10 GB in all.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0u8; 10 << 20]).unwrap();
    let member = encoder.finish().unwrap();
    let mut body = Vec::new();
    while body.len() < 10_000_000 {
        body.extend_from_slice(&member);
    }
    let mut message = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    message.extend_from_slice(&body);

    let mut pcap = Vec::new();
    for v in [0xa1b2c3d4u32, 0x0004_0002, 0, 0, 262144, 101] {
        if v == 0x0004_0002 {
            pcap.extend_from_slice(&2u16.to_le_bytes());
            pcap.extend_from_slice(&4u16.to_le_bytes());
        } else {
            pcap.extend_from_slice(&v.to_le_bytes());
        }
    }
    let mut seq = 1u32;
    for (i, chunk) in message.chunks(60_000).enumerate() {
        segment(&mut pcap, seq, 0x18, chunk, i as u32);
        seq += chunk.len() as u32;
    }
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("bomb.pcap");
    std::fs::write(&capture, &pcap).unwrap();
    let capture = capture.to_str().unwrap();

    let notes = common::stdout(&["-r", capture, "-q", "-z", "expert,warn"]);
    assert!(
        notes.contains("Decompressed body cut at 10485760 bytes (possible decompression bomb)"),
        "{notes}"
    );
    let listing = common::stdout(&["objects", capture]);
    let row = listing.lines().nth(1).unwrap_or_default();
    assert!(
        row.split_whitespace().any(|c| c == "10485760"),
        "the object is the capped body: {listing}"
    );
}

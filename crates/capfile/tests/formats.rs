//! Hand-built pcap and pcapng files: every block type in both byte orders, every pcap magic, compression,
//! timestamp resolutions, streaming, random access and damaged input.

mod common;

use std::io::Write;
use std::net::IpAddr;
use std::sync::Arc;

use capfile::{
    CapfileError, CaptureReader, Compression, DecryptionSecrets, FileFormat, LinkType, PacketIndex,
    SparseHeaders, Timestamp,
};
use common::{Ng, OwnedFrame, Trickle, pcap_file, read_all, read_each};

const PKT: [u8; 60] = {
    let mut p = [0u8; 60];
    let mut i = 0;
    while i < 60 {
        p[i] = i as u8;
        i += 1;
    }
    p
};

fn ts(secs: i64, nanos: u32) -> Timestamp {
    Timestamp { secs, nanos }
}

/// A two-section pcapng file holding every block type; the second section has the other byte order.
fn every_block(be: bool) -> Vec<u8> {
    let mut ng = Ng::new(be);
    ng.shb(&[
        (2, b"test hardware"),
        (3, b"test os"),
        (4, b"test app"),
        (1, b"first comment"),
        (1, b"second comment\0"),
    ]);
    let tsoff = ng.u64b((-100i64) as u64);
    ng.idb(
        1,
        0,
        &[
            (2, b"eth0"),
            (3, b"first interface"),
            (9, &[9]),
            (11, b"\0tcp port 80"),
            (12, b"Linux"),
            (13, &[4]),
        ],
    );
    ng.idb(101, 30, &[(9, &[0x80 | 20]), (14, &tsoff)]);
    ng.block(0x0000_0BAD, &[1, 2, 3, 4, 5, 6, 7, 8]);
    ng.block(0x1234_5678, &[9; 12]);
    let mut nrb = Vec::new();
    let rec = |ng: &Ng, t: u16, v: &[u8], out: &mut Vec<u8>| {
        out.extend_from_slice(&ng.u16b(t));
        out.extend_from_slice(&ng.u16b(v.len() as u16));
        out.extend_from_slice(v);
        out.resize(out.len().next_multiple_of(4), 0);
    };
    rec(&ng, 1, b"\xc0\xa8\x00\x01router\0gw\0", &mut nrb);
    let mut v6 = vec![0x20, 0x01, 0x0d, 0xb8];
    v6.extend_from_slice(&[0; 11]);
    v6.push(1);
    v6.extend_from_slice(b"six.example\0");
    rec(&ng, 2, &v6, &mut nrb);
    rec(&ng, 0, b"", &mut nrb);
    ng.block(4, &nrb);
    ng.dsb(DecryptionSecrets::TLS_KEY_LOG, b"CLIENT_RANDOM 00 11\n");
    let flags = ng.u32b(0x0000_0001);
    // EPB on interface 0 at 10^-9: 1000.123456789 s.
    ng.epb(
        0,
        1_000_123_456_789,
        &PKT,
        100,
        &[(1, b"a packet comment"), (2, &flags), (1, b"another")],
    );
    // SPB: interface 0 (snaplen 0), original length 50 but 60 bytes of room -> 50 bytes captured.
    ng.spb(50, &PKT);
    // PB on interface 1: 2^-20 resolution and -100 s offset; 3 ticks past 1000 s; snaplen 30.
    ng.pb(1, (1000 << 20) + 3, &PKT[..30], 60, &[(1, b"old block")]);
    let recv = ng.u64b(1234);
    let drop = ng.u64b(5);
    ng.isb(0, 2_000_000_000_000, &[(4, &recv), (5, &drop)]);
    ng.block(0x4000_0BAD, &[0; 8]);
    let mut second = Ng::new(!be);
    second.shb(&[(3, b"other os")]);
    second.idb(113, 65535, &[]);
    second.epb(0, 5_000_000, &PKT[..20], 20, &[]);
    ng.out.extend_from_slice(&second.out);
    ng.out
}

fn check_every_block(r: &mut CaptureReader, be: bool) {
    assert_eq!(r.format(), FileFormat::Pcapng);
    assert_eq!(r.sections().len(), 1, "the first SHB is read on open");
    let (frames, err) = read_all(r);
    assert!(err.is_none(), "{err:?}");
    assert_eq!(frames.len(), 4);

    let f = &frames[0];
    assert_eq!(f.number, 1);
    assert_eq!(f.timestamp, ts(1000, 123_456_789));
    assert!(f.has_timestamp);
    assert_eq!(f.interface_id, 0);
    assert_eq!(f.link_type, 1);
    assert_eq!(f.data, PKT);
    assert_eq!(f.original_len, 100);
    assert_eq!(f.comments, vec!["a packet comment", "another"]);
    assert_eq!(f.flags, Some(1));

    let f = &frames[1];
    assert!(!f.has_timestamp);
    assert_eq!(f.timestamp, Timestamp::default());
    assert_eq!(f.data, &PKT[..50]);
    assert_eq!(f.original_len, 50);
    assert_eq!(f.interface_id, 0);
    assert!(f.comments.is_empty());

    let f = &frames[2];
    // 3 / 2^20 s = 2861.02 ns, truncated; minus 100 s of offset.
    assert_eq!(f.timestamp, ts(900, 2861));
    assert_eq!(f.interface_id, 1);
    assert_eq!(f.link_type, 101);
    assert_eq!(f.data, &PKT[..30]);
    assert_eq!(f.original_len, 60);
    assert_eq!(f.comments, vec!["old block"]);

    let f = &frames[3];
    assert_eq!(
        f.interface_id, 2,
        "interface ids are global across sections"
    );
    assert_eq!(f.link_type, 113);
    assert_eq!(f.timestamp, ts(5, 0));
    assert_eq!(f.data, &PKT[..20]);

    let s = r.sections();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].big_endian, be);
    assert_eq!(s[1].big_endian, !be);
    assert_eq!(s[0].offset, 0);
    assert_eq!(s[0].hardware.as_deref(), Some("test hardware"));
    assert_eq!(s[0].os.as_deref(), Some("test os"));
    assert_eq!(s[0].user_application.as_deref(), Some("test app"));
    assert_eq!(s[0].comments, vec!["first comment", "second comment"]);
    assert_eq!(s[1].os.as_deref(), Some("other os"));

    let i = r.interfaces();
    assert_eq!(i.len(), 3);
    assert_eq!(i[0].link_type, LinkType::ETHERNET);
    assert_eq!(i[0].name.as_deref(), Some("eth0"));
    assert_eq!(i[0].description.as_deref(), Some("first interface"));
    assert_eq!(i[0].filter.as_deref(), Some("tcp port 80"));
    assert_eq!(i[0].os.as_deref(), Some("Linux"));
    assert_eq!(i[0].fcs_len, Some(4));
    assert_eq!(i[0].ts_units_per_sec, 1_000_000_000);
    assert_eq!(i[0].tsresol_option, Some(9));
    let st = i[0].stats.as_ref().expect("ISB attached");
    assert_eq!(st.received, Some(1234));
    assert_eq!(st.dropped_by_interface, Some(5));
    assert_eq!(st.accepted_by_filter, None);
    assert_eq!(st.timestamp, ts(2000, 0));
    assert_eq!(i[1].snaplen, 30);
    assert_eq!(i[1].ts_units_per_sec, 1 << 20);
    assert_eq!(i[1].ts_offset_secs, -100);
    assert_eq!(i[1].section, 0);
    assert_eq!(i[2].section, 1);
    assert_eq!(i[2].link_type, LinkType::LINUX_SLL);

    assert_eq!(
        r.secrets(),
        &[DecryptionSecrets {
            secrets_type: DecryptionSecrets::TLS_KEY_LOG,
            data: b"CLIENT_RANDOM 00 11\n".to_vec()
        }]
    );
    let names = r.name_records();
    assert_eq!(names.len(), 2);
    assert_eq!(names[0].address, IpAddr::from([192, 168, 0, 1]));
    assert_eq!(names[0].names, vec!["router", "gw"]);
    assert_eq!(names[1].address, "2001:db8::1".parse::<IpAddr>().unwrap());
    assert_eq!(names[1].names, vec!["six.example"]);
    assert_eq!(r.frames_read(), 4);
    assert!(r.next_frame().unwrap().is_none());
}

#[test]
fn every_block_type_little_endian() {
    let mut r = CaptureReader::from_bytes(every_block(false)).unwrap();
    check_every_block(&mut r, false);
}

#[test]
fn every_block_type_big_endian() {
    let mut r = CaptureReader::from_bytes(every_block(true)).unwrap();
    check_every_block(&mut r, true);
}

#[test]
fn every_block_type_streamed_a_few_bytes_at_a_time() {
    for be in [false, true] {
        let data = Arc::new(every_block(be));
        for step in [1, 3, 7, 64, 100_000] {
            let end = data.len();
            let t = Trickle {
                data: data.clone(),
                pos: 0,
                end,
                step,
            };
            let mut r = CaptureReader::from_read(Box::new(t)).unwrap();
            assert!(!r.supports_random_access());
            check_every_block(&mut r, be);
        }
    }
}

#[test]
fn every_block_type_from_a_mapped_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every.pcapng");
    std::fs::write(&path, every_block(false)).unwrap();
    let mut r = CaptureReader::open(&path).unwrap();
    assert!(r.supports_random_access());
    assert_eq!(r.compression(), Compression::None);
    check_every_block(&mut r, false);
}

#[test]
fn pcap_magics_and_byte_orders() {
    for be in [false, true] {
        for nanos in [false, true] {
            let frac = if nanos { 123_456_789 } else { 123_456 };
            let bytes = pcap_file(
                be,
                nanos,
                113,
                &[
                    (1_262_893_114, frac, &PKT, 60),
                    (1_262_893_115, 0, &PKT[..10], 1500),
                ],
            );
            let mut r = CaptureReader::from_bytes(bytes).unwrap();
            assert_eq!(
                r.format(),
                FileFormat::Pcap {
                    nanosecond: nanos,
                    big_endian: be,
                    version_major: 2,
                    version_minor: 4
                }
            );
            let i = &r.interfaces()[0];
            assert_eq!(i.link_type, LinkType::LINUX_SLL);
            assert_eq!(i.snaplen, 65535);
            assert_eq!(
                i.ts_units_per_sec,
                if nanos { 1_000_000_000 } else { 1_000_000 }
            );
            let (frames, err) = read_all(&mut r);
            assert!(err.is_none());
            assert_eq!(frames.len(), 2);
            let want_ns = if nanos { 123_456_789 } else { 123_456_000 };
            assert_eq!(frames[0].timestamp, ts(1_262_893_114, want_ns));
            assert_eq!(frames[0].data, PKT);
            assert_eq!(frames[0].file_offset, 24);
            assert_eq!(frames[1].timestamp, ts(1_262_893_115, 0));
            assert_eq!(frames[1].original_len, 1500);
            assert_eq!(frames[1].data.len(), 10);
            assert_eq!(frames[1].file_offset, 24 + 16 + 60);
            assert!(
                frames
                    .iter()
                    .all(|f| f.interface_id == 0 && f.link_type == 113)
            );
        }
    }
}

#[test]
fn pcap_fcs_bits_and_reserved_bits() {
    let bytes = pcap_file(false, false, 0x1400_0001, &[(1, 0, &PKT, 60)]);
    let r = CaptureReader::from_bytes(bytes).unwrap();
    assert_eq!(r.interfaces()[0].link_type, LinkType::ETHERNET);
    assert_eq!(r.interfaces()[0].fcs_len, Some(2));
    let bytes = pcap_file(false, false, 0x0001_0001, &[(1, 0, &PKT, 60)]);
    assert!(matches!(
        CaptureReader::from_bytes(bytes),
        Err(CapfileError::Malformed { offset: 20, .. })
    ));
}

#[test]
fn pcap_out_of_range_fractions_follow_wiretap() {
    // wiretap multiplies microseconds by 1000 in 32 bits: 1,000,000 us is one second, 2^31 us wraps to 0.
    let bytes = pcap_file(
        false,
        false,
        1,
        &[(100, 1_000_000, &PKT, 60), (100, 0x8000_0000, &PKT, 60)],
    );
    let mut r = CaptureReader::from_bytes(bytes).unwrap();
    let (frames, _) = read_all(&mut r);
    assert_eq!(frames[0].timestamp, ts(101, 0));
    assert_eq!(frames[1].timestamp, ts(100, 0));
}

#[test]
fn pcap_only_header_and_empty_files() {
    let mut r = CaptureReader::from_bytes(pcap_file(false, false, 1, &[])).unwrap();
    assert!(r.next_frame().unwrap().is_none());
    let e = CaptureReader::from_bytes(Vec::new()).err().unwrap();
    assert!(e.to_string().contains("the file is empty"), "{e}");
    let mut ng = Ng::new(false);
    ng.shb(&[]).idb(1, 0, &[]);
    let mut r = CaptureReader::from_bytes(ng.out).unwrap();
    assert!(r.next_frame().unwrap().is_none());
    assert_eq!(r.interfaces().len(), 1);
}

#[test]
fn pcap_version_other_than_2_is_unsupported() {
    let mut b = pcap_file(false, false, 1, &[]);
    b[4] = 1;
    assert!(matches!(
        CaptureReader::from_bytes(b),
        Err(CapfileError::Unsupported(_))
    ));
}

#[test]
fn timestamp_resolutions_and_offsets() {
    let cases: &[(u8, i64, u64, Timestamp)] = &[
        (6, 0, 1_000_000_500_000, ts(1_000_000, 500_000_000)),
        (9, 0, 1_500_000_000_123, ts(1500, 123)),
        (3, 0, 1_234_567, ts(1234, 567_000_000)),
        (0, 0, 77, ts(77, 0)),
        // 10^-12: finer than a nanosecond, truncated.
        (
            12,
            0,
            1000 * 1_000_000_000_000 + 123_456_789_999,
            ts(1000, 123_456_789),
        ),
        // 2^-10: 1 tick = 976562.5 ns.
        (0x80 | 10, 0, (5 << 10) + 1, ts(5, 976_562)),
        (0x80 | 30, 0, (5 << 30) + 1, ts(5, 0)),
        (0x80 | 30, 0, (5 << 30) + 2, ts(5, 1)),
        (6, 3600, 1_000_000, ts(3601, 0)),
        (6, -3600, 7200 * 1_000_000, ts(3600, 0)),
    ];
    for &(tsresol, offset, ticks, want) in cases {
        for be in [false, true] {
            let mut ng = Ng::new(be);
            let off = ng.u64b(offset as u64);
            ng.shb(&[]).idb(1, 0, &[(9, &[tsresol]), (14, &off)]);
            ng.epb(0, ticks, &PKT, 60, &[]);
            let mut r = CaptureReader::from_bytes(ng.out).unwrap();
            let f = r.next_frame().unwrap().unwrap();
            assert_eq!(
                f.timestamp, want,
                "tsresol {tsresol:#x} offset {offset} ticks {ticks}"
            );
        }
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

fn frames_of(r: CaptureReader) -> (Vec<OwnedFrame>, Option<CapfileError>) {
    let mut r = r;
    read_all(&mut r)
}

#[test]
fn gzip_and_zstd_inputs() {
    let plain = every_block(false);
    let (want, _) = frames_of(CaptureReader::from_bytes(plain.clone()).unwrap());
    let half = plain.len() / 2;
    let mut multi_gz = gzip(&plain[..half]);
    multi_gz.extend_from_slice(&gzip(&plain[half..]));
    let mut multi_zstd = zstd(&plain[..half]);
    // A skippable frame between two zstd frames.
    multi_zstd.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    multi_zstd.extend_from_slice(&zstd(&plain[half..]));
    let cases = [
        (gzip(&plain), Compression::Gzip),
        (multi_gz, Compression::Gzip),
        (zstd(&plain), Compression::Zstd),
        (multi_zstd, Compression::Zstd),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (bytes, comp)) in cases.into_iter().enumerate() {
        let r = CaptureReader::from_bytes(bytes.clone()).unwrap();
        assert_eq!(r.compression(), comp);
        assert!(!r.supports_random_access());
        let (got, err) = frames_of(r);
        assert!(err.is_none(), "case {i}: {err:?}");
        assert_eq!(got, want, "case {i}");
        let path = dir.path().join(format!("c{i}"));
        std::fs::write(&path, &bytes).unwrap();
        let r = CaptureReader::open(&path).unwrap();
        assert_eq!(r.compression(), comp);
        assert_eq!(frames_of(r).0, want, "case {i} from a file");
        let r = CaptureReader::from_read(Box::new(std::io::Cursor::new(bytes))).unwrap();
        assert_eq!(frames_of(r).0, want, "case {i} from a stream");
    }
}

#[test]
fn zstd_fixture_from_the_cli_if_installed() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("p.pcapng");
    std::fs::write(&plain, every_block(true)).unwrap();
    let Ok(status) = std::process::Command::new("zstd")
        .arg("-q")
        .arg(&plain)
        .status()
    else {
        eprintln!("zstd CLI not installed: skipped");
        return;
    };
    assert!(status.success());
    let r = CaptureReader::open(&dir.path().join("p.pcapng.zst")).unwrap();
    assert_eq!(r.compression(), Compression::Zstd);
    let (frames, err) = frames_of(r);
    assert!(err.is_none());
    assert_eq!(frames.len(), 4);
}

#[test]
fn compressed_truncated_input_is_cut_short() {
    let plain = pcap_file(false, false, 1, &[(1, 0, &PKT[..], 60); 50]);
    for packed in [gzip(&plain), zstd(&plain)] {
        let cut = packed[..packed.len() * 2 / 3].to_vec();
        let (frames, err) = match CaptureReader::from_bytes(cut) {
            Ok(r) => frames_of(r),
            Err(e) => (Vec::new(), Some(e)),
        };
        assert!(frames.len() < 50);
        assert!(err.is_some());
    }
}

#[test]
fn not_a_capture_guesses() {
    let cases: &[(&[u8], &str)] = &[
        (b"GET / HTTP/1.1\r\nHost: x\r\n", "text: \"GET / HTTP/1.1\""),
        (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
    ];
    for (bytes, want) in cases {
        let e = CaptureReader::from_bytes(bytes.to_vec()).err().unwrap();
        match &e {
            CapfileError::NotACapture {
                first_bytes,
                looks_like,
            } => {
                assert!(first_bytes.starts_with(&format!("{:02x}", bytes[0])));
                assert_eq!(looks_like.as_deref(), Some(*want));
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains(want), "{e}");
    }
    let e = CaptureReader::from_bytes(gzip(b"hello world, not a capture"))
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("gzip-compressed data that is not a capture"),
        "{e}"
    );
}

#[test]
fn absurd_pcap_length_after_good_frames() {
    let mut b = pcap_file(false, false, 1, &[(1, 0, &PKT, 60), (2, 0, &PKT, 60)]);
    let off = b.len() as u64;
    b.extend_from_slice(&3u32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&16_711_424u32.to_le_bytes());
    b.extend_from_slice(&60u32.to_le_bytes());
    b.extend_from_slice(&[0; 100]);
    let mut r = CaptureReader::from_bytes(b).unwrap();
    let (frames, err) = read_all(&mut r);
    assert_eq!(frames.len(), 2);
    match err {
        Some(CapfileError::AbsurdLength {
            frame_number: 3,
            offset,
            length: 16_711_424,
            max: 262_144,
        }) => assert_eq!(offset, off),
        other => panic!("{other:?}"),
    }
    assert!(
        r.next_frame().unwrap().is_none(),
        "after an error: Ok(None)"
    );
}

#[test]
fn damaged_pcapng_blocks() {
    let good = || {
        let mut ng = Ng::new(false);
        ng.shb(&[]).idb(1, 0, &[]).epb(0, 1, &PKT, 60, &[]);
        ng
    };
    // Total length over the limit.
    let mut ng = good();
    let off = ng.out.len() as u64;
    ng.out.extend_from_slice(&6u32.to_le_bytes());
    ng.out.extend_from_slice(&0x7000_0000u32.to_le_bytes());
    ng.out.extend_from_slice(&[0; 64]);
    let (frames, err) = frames_of(CaptureReader::from_bytes(ng.out).unwrap());
    assert_eq!(frames.len(), 1);
    assert!(
        matches!(err, Some(CapfileError::AbsurdLength { frame_number: 2, offset, .. }) if offset == off),
        "{err:?}"
    );
    // Not a multiple of 4, and below the minimum.
    for bad_len in [30u32, 8] {
        let mut ng = good();
        ng.out.extend_from_slice(&6u32.to_le_bytes());
        ng.out.extend_from_slice(&bad_len.to_le_bytes());
        ng.out.extend_from_slice(&[0; 64]);
        let (frames, err) = frames_of(CaptureReader::from_bytes(ng.out).unwrap());
        assert_eq!(frames.len(), 1);
        assert!(
            matches!(err, Some(CapfileError::Malformed { .. })),
            "{err:?}"
        );
    }
    // Trailing length mismatch.
    let mut ng = good();
    let n = ng.out.len();
    ng.out[n - 1] = 0x55;
    let (frames, err) = frames_of(CaptureReader::from_bytes(ng.out).unwrap());
    assert_eq!(frames.len(), 0);
    assert!(
        matches!(&err, Some(CapfileError::Malformed { what, .. }) if what.contains("don't match")),
        "{err:?}"
    );
    // Interface index out of range.
    let mut ng = good();
    ng.epb(3, 1, &PKT, 60, &[]);
    let (frames, err) = frames_of(CaptureReader::from_bytes(ng.out).unwrap());
    assert_eq!(frames.len(), 1);
    assert!(
        matches!(&err, Some(CapfileError::Malformed { what, .. }) if what.contains("interface index 3")),
        "{err:?}"
    );
    // Captured length larger than the block.
    let mut ng = good();
    let start = ng.out.len();
    ng.epb(0, 1, &PKT, 60, &[]);
    ng.out[start + 20..start + 24].copy_from_slice(&300_000u32.to_le_bytes());
    let (frames, err) = frames_of(CaptureReader::from_bytes(ng.out).unwrap());
    assert_eq!(frames.len(), 1);
    assert!(
        matches!(err, Some(CapfileError::Malformed { .. })),
        "{err:?}"
    );
    // A first block that is not a section header.
    let mut ng = Ng::new(false);
    ng.shb(&[]);
    ng.out[0] = 0x0a;
    let bad = {
        let mut b = ng.out.clone();
        b[8..12].copy_from_slice(&[1, 2, 3, 4]);
        b
    };
    assert!(matches!(
        CaptureReader::from_bytes(bad),
        Err(CapfileError::Malformed { offset: 8, .. })
    ));
}

#[test]
fn cut_short_pcap_and_pcapng() {
    let full = pcap_file(false, false, 1, &[(1, 0, &PKT, 60), (2, 0, &PKT, 60)]);
    for cut in [24 + 76 + 1, 24 + 76 + 8, 24 + 76 + 16, full.len() - 1] {
        let (frames, err) = frames_of(CaptureReader::from_bytes(full[..cut].to_vec()).unwrap());
        assert_eq!(frames.len(), 1, "cut {cut}");
        assert!(
            matches!(err, Some(CapfileError::CutShort { frame_number: 2 })),
            "{err:?}"
        );
    }
    assert!(matches!(
        CaptureReader::from_bytes(full[..10].to_vec()),
        Err(CapfileError::CutShort { frame_number: 1 })
    ));
    let mut ng = Ng::new(true);
    ng.shb(&[]).idb(1, 0, &[]).epb(0, 1, &PKT, 60, &[]);
    let cut = ng.out.len() - 10;
    let (frames, err) = frames_of(CaptureReader::from_bytes(ng.out[..cut].to_vec()).unwrap());
    assert!(frames.is_empty());
    assert!(matches!(
        err,
        Some(CapfileError::CutShort { frame_number: 1 })
    ));
}

#[test]
fn random_access_and_packet_index() {
    for be in [false, true] {
        let bytes = every_block(be);
        let mut r = CaptureReader::from_bytes(bytes.clone()).unwrap();
        let (want, _) = read_all(&mut r);
        // build() rewinds a reader that has been read already.
        let index = PacketIndex::build(&mut r).unwrap();
        assert_eq!(index.len(), 4);
        assert!(index.read_error().is_none());
        assert_eq!(index.get(0), None);
        assert_eq!(index.get(5), None);
        for n in (1..=4u64).rev() {
            let off = index.get(n).unwrap();
            let f = r.frame_at(off, n).unwrap();
            assert_eq!(OwnedFrame::of(&f), want[n as usize - 1]);
        }
        assert!(r.frame_at(0, 1).is_err());
        assert!(r.frame_at(index.get(1).unwrap() + 4, 1).is_err());
        let mut streamed = CaptureReader::from_read(Box::new(std::io::Cursor::new(bytes))).unwrap();
        assert!(matches!(
            PacketIndex::build(&mut streamed),
            Err(CapfileError::Unsupported(_))
        ));
    }
    let bytes = pcap_file(false, true, 1, &[(1, 5, &PKT, 60), (2, 6, &PKT[..7], 60)]);
    let mut r = CaptureReader::from_bytes(bytes).unwrap();
    let index = PacketIndex::build(&mut r).unwrap();
    let f = r.frame_at(index.get(2).unwrap(), 2).unwrap();
    assert_eq!(f.data, &PKT[..7]);
    assert_eq!(f.timestamp, ts(2, 6));
}

#[test]
fn spb_captured_length_is_bounded_by_snaplen_and_block() {
    let mut ng = Ng::new(false);
    ng.shb(&[]).idb(1, 30, &[]);
    ng.spb(60, &PKT[..32]);
    ng.spb(20, &PKT[..20]);
    ng.spb(60, &PKT[..24]);
    let (frames, err) = frames_of(CaptureReader::from_bytes(ng.out).unwrap());
    assert!(err.is_none());
    let lens: Vec<_> = frames
        .iter()
        .map(|f| (f.data.len(), f.original_len))
        .collect();
    assert_eq!(lens, vec![(30, 60), (20, 20), (24, 60)]);
}

/// Large records (a bulk transfer's segments with acknowledgements between them), whose headers the
/// mapped reader fetches with `pread` instead of through the map: the same frames as the streaming
/// reader, whole and cut at offsets inside headers and data of large and small records alike.
#[test]
fn large_records_read_alike_mapped_and_streamed() {
    let big: Vec<Vec<u8>> = (0..24u32)
        .map(|i| (0..40_000u32).map(|j| (i * 7 + j) as u8).collect())
        .collect();
    let mut records: Vec<(u32, u32, &[u8], u32)> = Vec::new();
    for (i, data) in big.iter().enumerate() {
        records.push((i as u32, 1000, data, 40_000));
        records.push((i as u32, 2000, &PKT, 60));
    }
    let bytes = pcap_file(false, false, 1, &records);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.pcap");
    let header_of_record =
        |n: usize| 24 + (0..n).map(|k| 16 + records[k].2.len() as u64).sum::<u64>();
    let mut cuts = vec![bytes.len() as u64];
    for n in [20usize, 21, 33, 47] {
        let at = header_of_record(n);
        cuts.extend([
            at + 3,
            at + 15,
            at + 16,
            (at + 100).min(bytes.len() as u64 - 1),
        ]);
    }
    for cut in cuts {
        let part = &bytes[..cut as usize];
        std::fs::write(&path, part).unwrap();
        let mut streamed =
            CaptureReader::from_read(Box::new(std::io::Cursor::new(part.to_vec()))).unwrap();
        let (want, want_err) = read_all(&mut streamed);
        let want_err = want_err.map(|e| e.to_string());
        for how in SPARSE_MODES {
            let mut mapped = CaptureReader::open(&path).unwrap();
            mapped.set_sparse_headers(how);
            let (frames, err) = read_all(&mut mapped);
            assert_eq!(frames, want, "cut at {cut}, {how:?}");
            assert_eq!(
                err.map(|e| e.to_string()),
                want_err,
                "cut at {cut}, {how:?}"
            );
        }
        if cut == bytes.len() as u64 {
            assert_eq!(want.len(), 48);
            assert_eq!(want[46].data, big[23]);
        }
    }
}

/// Every way the headers of large records can be read.
const SPARSE_MODES: [SparseHeaders; 3] = [
    SparseHeaders::Measured,
    SparseHeaders::Map,
    SparseHeaders::Pread,
];

/// A file of large records over many 2 MiB chunks, so that the measured mode counts faults and may
/// switch between the map and `pread` on the way (a file just written is cached in small folios,
/// whose faults are dear): the same frames in every mode, through both loops, as the streaming reader
/// gives, with records of every size from a few bytes to 64 KiB among them.
#[test]
fn large_records_over_many_chunks_read_alike_in_every_mode() {
    let sizes = [65_483usize, 65_483, 66, 40_000, 1, 65_535, 86, 20_000];
    let payloads: Vec<Vec<u8>> = (0..512usize)
        .map(|i| {
            let len = sizes[i % sizes.len()];
            (0..len).map(|j| (i * 13 + j) as u8).collect()
        })
        .collect();
    let records: Vec<(u32, u32, &[u8], u32)> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u32, 500, p.as_slice(), p.len() as u32 + 4))
        .collect();
    let bytes = pcap_file(false, true, 1, &records);
    assert!(bytes.len() > 12 << 20, "a file over several chunks");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.pcap");
    // Written 4 KiB at a time, as a capture program writes: the page cache then holds it in small
    // folios, whose faults the measured mode finds dear.
    let mut file = std::fs::File::create(&path).unwrap();
    for piece in bytes.chunks(4096) {
        file.write_all(piece).unwrap();
    }
    drop(file);
    let mut streamed = CaptureReader::from_read(Box::new(std::io::Cursor::new(bytes))).unwrap();
    let (want, want_err) = read_all(&mut streamed);
    assert!(want_err.is_none());
    assert_eq!(want.len(), 512);
    assert_eq!(want[511].data, payloads[511]);
    for how in SPARSE_MODES {
        let mut mapped = CaptureReader::open(&path).unwrap();
        mapped.set_sparse_headers(how);
        let (frames, err) = read_all(&mut mapped);
        assert!(err.is_none(), "{how:?}: {err:?}");
        assert!(frames == want, "next_frame, {how:?}");
        let mut mapped = CaptureReader::open(&path).unwrap();
        mapped.set_sparse_headers(how);
        let (frames, err) = read_each(&mut mapped);
        assert!(err.is_none(), "{how:?}: {err:?}");
        assert!(frames == want, "for_each_frame, {how:?}");
    }
}

/// The fast path for files of small records (whole files, mapped or in memory, read straight from their
/// bytes) gives what the streaming reader gives, record by record and in the final error: around its
/// size limit (records of 16 KiB go the slow way), with invalid fractions of a second, a captured length
/// above the original one (swapped in files before pcap 2.3), an absurd length, both byte orders and
/// both resolutions, and cut at every few bytes.
#[test]
fn small_records_read_alike_mapped_in_memory_and_streamed() {
    let sizes = [60usize, 16_383, 16_384, 16_385, 1, 0, 300, 20_000, 42];
    let payloads: Vec<Vec<u8>> = sizes
        .iter()
        .map(|&n| (0..n).map(|j| (j * 13 + n) as u8).collect())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.pcap");
    for (be, nanos, minor) in [(false, false, 4u16), (true, true, 4), (false, false, 2)] {
        let mut records: Vec<(u32, u32, &[u8], u32)> = Vec::new();
        for (i, data) in payloads.iter().enumerate() {
            let frac = match i % 3 {
                0 => 999_999,
                1 => 1_500_000,
                _ => 0xFFFF_FFF0,
            };
            // Every fourth record claims a shorter original length than it holds.
            let orig = if i % 4 == 0 {
                data.len() as u32 / 2
            } else {
                data.len() as u32 + 4
            };
            records.push((1_000 + i as u32, frac, data, orig));
        }
        let mut bytes = pcap_file(be, nanos, 1, &records);
        let minor_bytes = if be {
            minor.to_be_bytes()
        } else {
            minor.to_le_bytes()
        };
        bytes[6..8].copy_from_slice(&minor_bytes);
        // Then a record claiming an absurd captured length.
        let mut absurd = bytes.clone();
        for v in [7u32, 0, 0x7FFF_FFFF, 0x7FFF_FFFF] {
            absurd.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() });
        }
        absurd.extend_from_slice(&[0; 64]);
        let mut cuts: Vec<usize> = (24..bytes.len()).step_by(997).collect();
        let mut at = 24;
        for data in &payloads {
            cuts.extend([at, at + 1, at + 15, at + 16, at + 16 + data.len() / 2]);
            at += 16 + data.len();
        }
        for input in [&bytes, &absurd] {
            cuts.push(input.len());
            for &cut in &cuts {
                let part = &input[..cut.min(input.len())];
                let streamed =
                    CaptureReader::from_read(Box::new(std::io::Cursor::new(part.to_vec())));
                let in_memory = CaptureReader::from_bytes(part.to_vec());
                std::fs::write(&path, part).unwrap();
                let mapped = CaptureReader::open(&path);
                let (want, want_err) = frames_of(streamed.unwrap());
                for (how, reader) in [("in memory", in_memory), ("mapped", mapped)] {
                    let (frames, err) = frames_of(reader.unwrap());
                    let at = format!("{how}, be {be}, nanos {nanos}, minor {minor}, cut at {cut}");
                    assert_eq!(frames, want, "{at}");
                    assert_eq!(
                        err.map(|e| e.to_string()),
                        want_err.as_ref().map(|e| e.to_string()),
                        "{at}"
                    );
                }
                // (Before 2.3, the short original lengths are taken for captured ones, and the walk goes
                // astray: the readers need only agree.)
                if cut == input.len() && minor >= 3 {
                    assert_eq!(want.len(), sizes.len(), "be {be}, minor {minor}");
                    assert_eq!(want_err.is_some(), std::ptr::eq(input, &absurd));
                }
            }
        }
    }
}

/// The same for pcapng, whose fast path takes Enhanced Packet Blocks without options: blocks with
/// options (comments, flags), packets of 16 KiB and more, an interface the section has not described,
/// a second section in the other byte order with its own interfaces and time resolution, an EPB whose
/// captured length overruns it, and cuts everywhere give what the streaming reader gives.
#[test]
fn plain_packet_blocks_read_alike_mapped_in_memory_and_streamed() {
    let sizes = [60usize, 1, 0, 3, 16_383, 16_384, 300, 42];
    let payloads: Vec<Vec<u8>> = sizes
        .iter()
        .map(|&n| (0..n).map(|j| (j * 7 + n) as u8).collect())
        .collect();
    let mut file = Vec::new();
    for be in [false, true] {
        let mut ng = Ng::new(be);
        let nanos: &[u8] = &[9];
        let offset = ng.u64b(100);
        ng.shb(&[])
            .idb(1, 0, &[])
            .idb(101, 0, &[(9, nanos), (14, &offset)]);
        for (i, data) in payloads.iter().enumerate() {
            let ts = 1_700_000_000_000_000u64 + i as u64 * 1_234_567;
            let flags = ng.u32b(1);
            let opts: &[(u16, &[u8])] = match i % 3 {
                0 => &[],
                1 => &[(2, &flags)],
                _ => &[(1, b"a comment")],
            };
            ng.epb((i % 2) as u32, ts, data, data.len() as u32 + 10, opts);
            ng.epb((i % 2) as u32, ts + 1, data, data.len() as u32, &[]);
        }
        if be {
            // An interface this section never described.
            ng.epb(5, 1, &payloads[0], 60, &[]);
        }
        file.extend_from_slice(&ng.out);
    }
    // A block claiming more packet data than it holds.
    let mut overrun = file.clone();
    let mut ng = Ng::new(true);
    ng.epb(0, 1, &payloads[6], 300, &[]);
    let at = 20; // the captured length of that block
    ng.out[at..at + 4].copy_from_slice(&400u32.to_be_bytes());
    overrun.extend_from_slice(&ng.out);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.pcapng");
    for input in [&file, &overrun] {
        let mut cuts: Vec<usize> = (0..input.len()).step_by(211).collect();
        cuts.push(input.len());
        for cut in cuts {
            let part = &input[..cut];
            let Ok(streamed) =
                CaptureReader::from_read(Box::new(std::io::Cursor::new(part.to_vec())))
            else {
                continue;
            };
            let (want, want_err) = frames_of(streamed);
            std::fs::write(&path, part).unwrap();
            for (how, reader) in [
                ("in memory", CaptureReader::from_bytes(part.to_vec())),
                ("mapped", CaptureReader::open(&path)),
            ] {
                let (frames, err) = frames_of(reader.unwrap());
                assert_eq!(frames, want, "{how}, cut at {cut}");
                assert_eq!(
                    err.map(|e| e.to_string()),
                    want_err.as_ref().map(|e| e.to_string()),
                    "{how}, cut at {cut}"
                );
            }
            if cut == input.len() {
                // Both sections' packets, up to the block of an undescribed interface.
                assert_eq!(want.len(), 4 * sizes.len(), "{want_err:?}");
                assert!(want_err.is_some());
                assert_eq!(
                    want[1].timestamp,
                    Timestamp {
                        secs: 1_700_000_000,
                        nanos: 1000
                    }
                );
            }
        }
    }
}

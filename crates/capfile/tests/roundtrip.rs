//! Read → write (pcap and pcapng) → read again gives the same frames; an interrupted writer leaves nothing.

mod common;

use std::path::Path;

use capfile::{
    CapfileError, CaptureReader, CaptureWriter, DecryptionSecrets, FileFormat, Interface, LinkType,
    NameRecord, OutputFormat, Section, Timestamp,
};
use common::{Ng, OwnedFrame, corpus, read_all, shared_dir};

/// Copies `input` to `out` in `format`; the error of the first frame that cannot be written, if any.
fn copy(input: &Path, out: &Path, format: OutputFormat) -> Result<(), CapfileError> {
    let mut r = CaptureReader::open(input)?;
    let section = r.sections().first().cloned();
    let mut w = CaptureWriter::create(out, format, section.as_ref())?;
    let mut secrets_written = 0;
    loop {
        w.write_interfaces(r.interfaces())?;
        // Secrets are written as soon as they are seen, before the packets that follow them.
        let new_secrets: Vec<DecryptionSecrets> = r.secrets()[secrets_written..].to_vec();
        for s in &new_secrets {
            w.write_secrets(s)?;
        }
        secrets_written += new_secrets.len();
        match r.next_frame()? {
            Some(f) => w.write_frame(&f, f.interface)?,
            None => break,
        }
    }
    w.write_name_records(r.name_records())?;
    w.finish()
}

fn frames_without_offsets(path: &Path) -> (Vec<OwnedFrame>, CaptureReader) {
    let mut r = CaptureReader::open(path).unwrap();
    let (mut frames, err) = read_all(&mut r);
    assert!(err.is_none(), "{}: {err:?}", path.display());
    for f in &mut frames {
        f.file_offset = 0;
    }
    (frames, r)
}

#[test]
fn corpus_round_trips_through_pcapng_and_pcap() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared is absent: round-trip test skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut files, mut frames_checked, mut pcap_refused) = (0, 0, 0);
    for entry in corpus(&shared) {
        if entry.notes.contains("DAMAGED FILE") {
            continue;
        }
        files += 1;
        let input = shared.join("captures").join(&entry.path);
        let (want, orig) = frames_without_offsets(&input);

        let ng = dir.path().join("out.pcapng");
        copy(&input, &ng, OutputFormat::Pcapng).unwrap();
        let (got, back) = frames_without_offsets(&ng);
        assert_eq!(got.len(), want.len(), "{}", entry.path);
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{} frame {} via pcapng", entry.path, w.number);
        }
        frames_checked += got.len();
        assert_eq!(back.secrets(), orig.secrets(), "{}", entry.path);
        assert_eq!(back.name_records(), orig.name_records(), "{}", entry.path);
        let (s0, s1) = (&orig.sections()[0], &back.sections()[0]);
        assert_eq!(s0.comments, s1.comments, "{}", entry.path);
        if matches!(orig.format(), FileFormat::Pcapng) {
            assert_eq!(s0.hardware, s1.hardware);
            assert_eq!(s0.os, s1.os);
        }
        assert_eq!(s1.user_application.as_deref(), Some("wiresift"));
        for (a, b) in orig.interfaces().iter().zip(back.interfaces()) {
            assert_eq!(a.link_type, b.link_type, "{}", entry.path);
            assert_eq!(a.snaplen, b.snaplen);
            assert_eq!(a.name, b.name);
            assert_eq!(a.description, b.description);
            assert_eq!(a.filter, b.filter);
            assert_eq!(a.os, b.os);
            assert_eq!(a.ts_units_per_sec, b.ts_units_per_sec);
        }

        let pcap = dir.path().join("out.pcap");
        let one_link_type = want.iter().all(|f| f.link_type == want[0].link_type);
        match copy(&input, &pcap, OutputFormat::Pcap) {
            Ok(()) => {
                assert!(one_link_type, "{}", entry.path);
                let (got, _) = frames_without_offsets(&pcap);
                assert_eq!(got.len(), want.len(), "{}", entry.path);
                for (g, w) in got.iter().zip(&want) {
                    let w = OwnedFrame {
                        interface_id: 0,
                        comments: Vec::new(),
                        flags: None,
                        ..w.clone()
                    };
                    assert_eq!(g, &w, "{} frame {} via pcap", entry.path, w.number);
                }
                frames_checked += got.len();
            }
            Err(e) => {
                assert!(!one_link_type, "{}: {e}", entry.path);
                assert!(e.to_string().contains("write pcapng instead"), "{e}");
                assert!(!pcap.exists() || pcap.metadata().is_ok());
                pcap_refused += 1;
            }
        }
    }
    println!(
        "round trip: {files} captures, {frames_checked} frames re-read, pcap refused for {pcap_refused} (several link types)"
    );
    // Nothing but the two outputs was left in the directory.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "out.pcap" && n != "out.pcapng")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Hand-built input with odd resolutions, offsets, comments, flags and several sections.
fn odd_input() -> Vec<u8> {
    let mut ng = Ng::new(true);
    ng.shb(&[(1, b"section comment"), (2, b"hw"), (3, b"os")]);
    let off = ng.u64b((-5i64) as u64);
    ng.idb(1, 0, &[(9, &[0x80 | 20]), (14, &off), (2, b"if0")]);
    ng.idb(1, 9000, &[(9, &[12])]);
    ng.idb(1, 0, &[(9, &[3])]);
    let flags = ng.u32b(0x1_0002);
    ng.epb(
        0,
        (1_700_000_000 << 20) + 12345,
        &[1; 33],
        40,
        &[(1, b"c1"), (2, &flags)],
    );
    ng.epb(1, 1_000_000_123_456_789_123, &[2; 64], 64, &[]);
    ng.epb(2, 1_700_000_000_123, &[3; 1], 1, &[(1, b"x"), (1, b"y")]);
    let mut second = Ng::new(false);
    second.shb(&[]).idb(1, 0, &[]);
    second.epb(0, 1_700_000_001_000_001, &[4; 10], 10, &[]);
    ng.out.extend_from_slice(&second.out);
    ng.out
}

#[test]
fn odd_resolutions_round_trip_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.pcapng");
    std::fs::write(&input, odd_input()).unwrap();
    let (want, _) = frames_without_offsets(&input);
    assert_eq!(want.len(), 4);
    let out = dir.path().join("out.pcapng");
    copy(&input, &out, OutputFormat::Pcapng).unwrap();
    let (got, back) = frames_without_offsets(&out);
    assert_eq!(got, want);
    assert_eq!(back.interfaces().len(), 4);
    assert_eq!(back.interfaces()[0].ts_units_per_sec, 1 << 20);
    assert_eq!(back.interfaces()[0].ts_offset_secs, -5);
    assert_eq!(back.interfaces()[1].snaplen, 9000);
    assert_eq!(back.sections()[0].comments, vec!["section comment"]);
    // pcap: one link type, nanosecond magic because the first interface is finer than microseconds.
    let pcap = dir.path().join("out.pcap");
    copy(&input, &pcap, OutputFormat::Pcap).unwrap();
    let (got, r) = frames_without_offsets(&pcap);
    assert!(matches!(
        r.format(),
        FileFormat::Pcap {
            nanosecond: true,
            ..
        }
    ));
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.timestamp, w.timestamp);
        assert_eq!(g.data, w.data);
    }
}

#[test]
fn microsecond_pcap_stays_microsecond() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.pcap");
    std::fs::write(
        &input,
        common::pcap_file(false, false, 1, &[(10, 999_999, &[7; 20], 20)]),
    )
    .unwrap();
    let out = dir.path().join("out.pcap");
    copy(&input, &out, OutputFormat::Pcap).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
    // Same header (snapshot length copied) and same record: byte for byte the input.
    assert_eq!(bytes, std::fs::read(&input).unwrap());
}

#[test]
fn interrupted_writer_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("never.pcapng");
    {
        let mut w = CaptureWriter::create(&target, OutputFormat::Pcapng, None).unwrap();
        let mut r = CaptureReader::from_bytes(odd_input()).unwrap();
        let f = r.next_frame().unwrap().unwrap();
        w.write_frame(&f, f.interface).unwrap();
        // Dropped without finish().
    }
    assert!(!target.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // An existing file is only replaced by finish().
    std::fs::write(&target, b"old").unwrap();
    {
        let _w = CaptureWriter::create(&target, OutputFormat::Pcap, None).unwrap();
    }
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
}

#[test]
fn empty_outputs_are_valid_captures() {
    let dir = tempfile::tempdir().unwrap();
    let pcap = dir.path().join("e.pcap");
    let mut w = CaptureWriter::create(&pcap, OutputFormat::Pcap, None).unwrap();
    let mut sll = Interface::new(LinkType::LINUX_SLL);
    sll.snaplen = 1000;
    w.set_default_interface(&sll);
    w.finish().unwrap();
    let mut r = CaptureReader::open(&pcap).unwrap();
    assert_eq!(r.interfaces()[0].link_type, LinkType::LINUX_SLL);
    assert_eq!(r.interfaces()[0].snaplen, 1000);
    assert!(r.next_frame().unwrap().is_none());

    let ng = dir.path().join("e.pcapng");
    let section = Section {
        comments: vec!["hello".into()],
        ..Section::default()
    };
    CaptureWriter::create(&ng, OutputFormat::Pcapng, Some(&section))
        .unwrap()
        .finish()
        .unwrap();
    let mut r = CaptureReader::open(&ng).unwrap();
    assert!(r.next_frame().unwrap().is_none());
    assert_eq!(r.sections()[0].comments, vec!["hello"]);
}

#[test]
fn pcap_refuses_a_second_link_type() {
    let dir = tempfile::tempdir().unwrap();
    let mut ng = Ng::new(false);
    ng.shb(&[]).idb(1, 0, &[]).idb(113, 0, &[]);
    ng.epb(0, 1, &[0; 14], 14, &[]).epb(1, 2, &[0; 16], 16, &[]);
    let mut r = CaptureReader::from_bytes(ng.out).unwrap();
    let target = dir.path().join("x.pcap");
    let mut w = CaptureWriter::create(&target, OutputFormat::Pcap, None).unwrap();
    let f = r.next_frame().unwrap().unwrap();
    w.write_frame(&f, f.interface).unwrap();
    let f = r.next_frame().unwrap().unwrap();
    let e = w.write_frame(&f, f.interface).unwrap_err();
    assert!(
        e.to_string().contains(
            "pcap holds one link type; this capture has several interfaces of different link types"
        ),
        "{e}"
    );
    assert!(e.to_string().contains("(-F pcapng)"), "{e}");
}

#[test]
fn secrets_and_names_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("s.pcapng");
    let mut w = CaptureWriter::create(&target, OutputFormat::Pcapng, None).unwrap();
    let secrets = DecryptionSecrets {
        secrets_type: DecryptionSecrets::TLS_KEY_LOG,
        data: b"CLIENT_RANDOM aa bb\n".to_vec(),
    };
    w.write_secrets(&secrets).unwrap();
    let names = vec![
        NameRecord {
            address: "10.0.0.1".parse().unwrap(),
            names: vec!["a".into(), "b".into()],
        },
        NameRecord {
            address: "::1".parse().unwrap(),
            names: vec!["localhost".into()],
        },
    ];
    w.write_name_records(&names).unwrap();
    let mut iface = Interface::new(LinkType::RAW);
    iface.ts_units_per_sec = 1_000_000_000;
    let frame = capfile::Frame {
        number: 1,
        timestamp: Timestamp {
            secs: 1,
            nanos: 999_999_999,
        },
        has_timestamp: true,
        interface_id: 7,
        interface: &iface,
        link_type: LinkType::RAW,
        data: &[0x45; 20],
        original_len: 20,
        file_offset: 0,
        comments: vec!["note".into()],
        flags: Some(3),
    };
    w.write_frame(&frame, &iface).unwrap();
    assert_eq!(w.frames_written(), 1);
    w.finish().unwrap();
    let mut r = CaptureReader::open(&target).unwrap();
    let f = r.next_frame().unwrap().unwrap();
    assert_eq!(f.timestamp, frame.timestamp);
    assert_eq!(f.interface_id, 0, "output interface ids start at 0");
    assert_eq!(f.comments, vec!["note"]);
    assert_eq!(f.flags, Some(3));
    assert_eq!(r.secrets(), &[secrets]);
    assert_eq!(r.name_records(), &names[..]);
}

//! Every corpus capture cut at many offsets: the reader never panics, returns exactly the complete frames
//! before the cut, and reports a cut inside a packet as `CutShort`. Cuts are read both from memory (the
//! random-access path) and as a stream delivered in small pieces.

mod common;

use std::sync::Arc;

use capfile::{CapfileError, CaptureReader, FileFormat};
use common::{OwnedFrame, Trickle, corpus, corpus_bytes, read_all, read_each, shared_dir};

/// Where each frame's record ends, from an uncut read.
fn record_ends(bytes: &[u8], reader: &CaptureReader, frames: &[OwnedFrame]) -> Vec<u64> {
    frames
        .iter()
        .map(|f| match reader.format() {
            FileFormat::Pcap { .. } => f.file_offset + 16 + f.data.len() as u64,
            FileFormat::Pcapng => {
                let be = reader
                    .sections()
                    .iter()
                    .rev()
                    .find(|s| s.offset < f.file_offset)
                    .expect("section")
                    .big_endian;
                let o = f.file_offset as usize + 4;
                let raw: [u8; 4] = bytes[o..o + 4].try_into().unwrap();
                let len = if be {
                    u32::from_be_bytes(raw)
                } else {
                    u32::from_le_bytes(raw)
                };
                f.file_offset + len as u64
            }
        })
        .collect()
}

fn cuts(len: usize) -> Vec<usize> {
    if len <= 4096 {
        (0..len).collect()
    } else {
        (0..200).map(|i| i * len / 200).chain([len - 1]).collect()
    }
}

fn check_cut(
    name: &str,
    cut: usize,
    result: Result<CaptureReader, CapfileError>,
    header_len: usize,
    full: &[OwnedFrame],
    ends: &[u64],
) {
    let mut reader = match result {
        Ok(r) => r,
        Err(e) => {
            assert!(
                cut < header_len,
                "{name} cut at {cut}: open failed after the file header: {e}"
            );
            assert!(
                matches!(
                    e,
                    CapfileError::CutShort { frame_number: 1 } | CapfileError::NotACapture { .. }
                ),
                "{name} cut at {cut}: {e:?}"
            );
            return;
        }
    };
    let (frames, err) = read_all(&mut reader);
    let complete = ends.iter().take_while(|&&e| e <= cut as u64).count();
    assert_eq!(
        frames.len(),
        complete,
        "{name} cut at {cut}: frame count ({err:?})"
    );
    assert!(
        frames == full[..complete],
        "{name} cut at {cut}: frames differ"
    );
    if let Some(e) = &err {
        assert!(
            matches!(e, CapfileError::CutShort { frame_number } if *frame_number == complete as u64 + 1),
            "{name} cut at {cut}: {e:?}"
        );
    }
    if complete < full.len() && (full[complete].file_offset as usize) < cut {
        assert!(
            err.is_some(),
            "{name} cut at {cut}: cut inside a packet unreported"
        );
    }
}

#[test]
fn every_corpus_capture_cut_anywhere() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared is absent: truncation test skipped");
        return;
    };
    let mut files = 0;
    let mut cut_reads = 0;
    for entry in corpus(&shared) {
        let bytes = corpus_bytes(&shared, &entry.path);
        let mut reader = CaptureReader::from_bytes(bytes.clone()).unwrap();
        let (full, err) = read_all(&mut reader);
        let ends = record_ends(&bytes, &reader, &full);
        let header_len = match reader.format() {
            FileFormat::Pcap { .. } => 24,
            FileFormat::Pcapng => {
                // The first section header's length.
                let be = reader.sections()[0].big_endian;
                let raw: [u8; 4] = bytes[4..8].try_into().unwrap();
                (if be {
                    u32::from_be_bytes(raw)
                } else {
                    u32::from_le_bytes(raw)
                }) as usize
            }
        };
        if err.is_some() {
            // A damaged file: only check that no cut makes the reader panic.
            for cut in cuts(bytes.len()) {
                if let Ok(mut r) = CaptureReader::from_bytes(bytes[..cut].to_vec()) {
                    read_all(&mut r);
                }
            }
            continue;
        }
        files += 1;
        let shared_bytes = Arc::new(bytes);
        let all_cuts = cuts(shared_bytes.len());
        for (i, &cut) in all_cuts.iter().enumerate() {
            let result = CaptureReader::from_bytes(shared_bytes[..cut].to_vec());
            check_cut(&entry.path, cut, result, header_len, &full, &ends);
            cut_reads += 1;
            // `for_each_frame` on every 4th cut: the same frames and the same error.
            if i % 4 == 0
                && let (Ok(mut a), Ok(mut b)) = (
                    CaptureReader::from_bytes(shared_bytes[..cut].to_vec()),
                    CaptureReader::from_bytes(shared_bytes[..cut].to_vec()),
                )
            {
                let (by_next, by_each) = (read_all(&mut a), read_each(&mut b));
                assert!(
                    by_next.0 == by_each.0
                        && format!("{:?}", by_next.1) == format!("{:?}", by_each.1),
                    "{} cut at {cut}: for_each_frame and next_frame differ",
                    entry.path
                );
            }
            // The stream path on every 8th cut.
            if i % 8 == 0 {
                let t = Trickle {
                    data: shared_bytes.clone(),
                    pos: 0,
                    end: cut,
                    step: 1 + i % 5000,
                };
                let result = CaptureReader::from_read(Box::new(t));
                check_cut(&entry.path, cut, result, header_len, &full, &ends);
                cut_reads += 1;
            }
        }
    }
    println!("truncation: {files} captures, {cut_reads} cut reads");
}

//! Helpers shared by the integration tests: the shared corpus and a comparable copy of a frame.

#![allow(dead_code)]

use std::path::PathBuf;

use capfile::{CapfileError, CaptureReader, Frame, Timestamp};

/// `../shared` beside the workspace, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("captures/MANIFEST.tsv").is_file().then_some(dir)
}

/// One capture listed in MANIFEST.tsv.
pub struct CorpusEntry {
    /// Relative to `captures/`.
    pub path: String,
    pub packets: u64,
    pub notes: String,
}

/// The captures of the manifest (rows whose link_type is not `-`).
pub fn corpus(shared: &std::path::Path) -> Vec<CorpusEntry> {
    let text = std::fs::read_to_string(shared.join("captures/MANIFEST.tsv")).expect("manifest");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (c_path, c_link, c_packets, c_notes) =
        (col("path"), col("link_type"), col("packets"), col("notes"));
    lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f.get(c_link).is_some_and(|l| *l != "-"))
        .map(|f| CorpusEntry {
            path: f[c_path].to_string(),
            packets: f[c_packets].parse().unwrap_or(0),
            notes: f.get(c_notes).unwrap_or(&"").to_string(),
        })
        .collect()
}

/// An owned copy of everything a frame says, for comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedFrame {
    pub number: u64,
    pub timestamp: Timestamp,
    pub has_timestamp: bool,
    pub interface_id: u32,
    pub link_type: u32,
    pub data: Vec<u8>,
    pub original_len: u32,
    pub file_offset: u64,
    pub comments: Vec<String>,
    pub flags: Option<u32>,
}

impl OwnedFrame {
    pub fn of(f: &Frame<'_>) -> Self {
        OwnedFrame {
            number: f.number,
            timestamp: f.timestamp,
            has_timestamp: f.has_timestamp,
            interface_id: f.interface_id,
            link_type: f.link_type.0,
            data: f.data.to_vec(),
            original_len: f.original_len,
            file_offset: f.file_offset,
            comments: f.comments.iter().map(|c| c.to_string()).collect(),
            flags: f.flags,
        }
    }
}

/// Every frame of a reader, and the error that ended it, if any.
pub fn read_all(reader: &mut CaptureReader) -> (Vec<OwnedFrame>, Option<CapfileError>) {
    let mut frames = Vec::new();
    loop {
        match reader.next_frame() {
            Ok(Some(f)) => frames.push(OwnedFrame::of(&f)),
            Ok(None) => return (frames, None),
            Err(e) => return (frames, Some(e)),
        }
    }
}

/// The bytes of a corpus capture, decompressed if it is gzip.
pub fn corpus_bytes(shared: &std::path::Path, path: &str) -> Vec<u8> {
    let raw = std::fs::read(shared.join("captures").join(path)).expect("read capture");
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&raw[..]), &mut out)
            .expect("gunzip");
        out
    } else {
        raw
    }
}

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

/// [`read_all`] through `for_each_frame` instead of `next_frame`: the two must give the same frames and
/// the same error.
pub fn read_each(reader: &mut CaptureReader) -> (Vec<OwnedFrame>, Option<CapfileError>) {
    let mut frames = Vec::new();
    let result = reader.for_each_frame(|f| {
        frames.push(OwnedFrame::of(f));
        std::ops::ControlFlow::Continue(())
    });
    (frames, result.err())
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

/// Builds pcapng files in either byte order, block by block.
pub struct Ng {
    pub be: bool,
    pub out: Vec<u8>,
}

impl Ng {
    pub fn new(be: bool) -> Self {
        Ng {
            be,
            out: Vec::new(),
        }
    }
    pub fn u16b(&self, v: u16) -> [u8; 2] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    pub fn u32b(&self, v: u32) -> [u8; 4] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    pub fn u64b(&self, v: u64) -> [u8; 8] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    /// An option list (with opt_endofopt) from (code, value) pairs; empty input gives no bytes.
    pub fn opts(&self, list: &[(u16, &[u8])]) -> Vec<u8> {
        let mut b = Vec::new();
        if list.is_empty() {
            return b;
        }
        for (code, v) in list {
            b.extend_from_slice(&self.u16b(*code));
            b.extend_from_slice(&self.u16b(v.len() as u16));
            b.extend_from_slice(v);
            b.resize(b.len().next_multiple_of(4), 0);
        }
        b.extend_from_slice(&[0; 4]);
        b
    }
    /// Appends a block; `body` is padded to a multiple of 4 here.
    pub fn block(&mut self, btype: u32, body: &[u8]) -> &mut Self {
        let mut body = body.to_vec();
        body.resize(body.len().next_multiple_of(4), 0);
        let total = (12 + body.len()) as u32;
        let (t, l) = (self.u32b(btype), self.u32b(total));
        self.out.extend_from_slice(&t);
        self.out.extend_from_slice(&l);
        self.out.extend_from_slice(&body);
        self.out.extend_from_slice(&l);
        self
    }
    pub fn shb(&mut self, opts: &[(u16, &[u8])]) -> &mut Self {
        let mut body = self.u32b(0x1A2B_3C4D).to_vec();
        body.extend_from_slice(&self.u16b(1));
        body.extend_from_slice(&self.u16b(0));
        body.extend_from_slice(&self.u64b(u64::MAX));
        body.extend_from_slice(&self.opts(opts));
        self.block(0x0A0D_0D0A, &body)
    }
    pub fn idb(&mut self, link_type: u16, snaplen: u32, opts: &[(u16, &[u8])]) -> &mut Self {
        let mut body = self.u16b(link_type).to_vec();
        body.extend_from_slice(&self.u16b(0));
        body.extend_from_slice(&self.u32b(snaplen));
        body.extend_from_slice(&self.opts(opts));
        self.block(1, &body)
    }
    pub fn epb(
        &mut self,
        iface: u32,
        ts: u64,
        data: &[u8],
        orig: u32,
        opts: &[(u16, &[u8])],
    ) -> &mut Self {
        let mut body = self.u32b(iface).to_vec();
        body.extend_from_slice(&self.u32b((ts >> 32) as u32));
        body.extend_from_slice(&self.u32b(ts as u32));
        body.extend_from_slice(&self.u32b(data.len() as u32));
        body.extend_from_slice(&self.u32b(orig));
        body.extend_from_slice(data);
        body.resize(body.len().next_multiple_of(4), 0);
        body.extend_from_slice(&self.opts(opts));
        self.block(6, &body)
    }
    pub fn spb(&mut self, orig: u32, data: &[u8]) -> &mut Self {
        let mut body = self.u32b(orig).to_vec();
        body.extend_from_slice(data);
        self.block(3, &body)
    }
    pub fn pb(
        &mut self,
        iface: u16,
        ts: u64,
        data: &[u8],
        orig: u32,
        opts: &[(u16, &[u8])],
    ) -> &mut Self {
        let mut body = self.u16b(iface).to_vec();
        body.extend_from_slice(&self.u16b(7)); // drops count
        body.extend_from_slice(&self.u32b((ts >> 32) as u32));
        body.extend_from_slice(&self.u32b(ts as u32));
        body.extend_from_slice(&self.u32b(data.len() as u32));
        body.extend_from_slice(&self.u32b(orig));
        body.extend_from_slice(data);
        body.resize(body.len().next_multiple_of(4), 0);
        body.extend_from_slice(&self.opts(opts));
        self.block(2, &body)
    }
    pub fn isb(&mut self, iface: u32, ts: u64, opts: &[(u16, &[u8])]) -> &mut Self {
        let mut body = self.u32b(iface).to_vec();
        body.extend_from_slice(&self.u32b((ts >> 32) as u32));
        body.extend_from_slice(&self.u32b(ts as u32));
        body.extend_from_slice(&self.opts(opts));
        self.block(5, &body)
    }
    pub fn dsb(&mut self, secrets_type: u32, data: &[u8]) -> &mut Self {
        let mut body = self.u32b(secrets_type).to_vec();
        body.extend_from_slice(&self.u32b(data.len() as u32));
        body.extend_from_slice(data);
        self.block(10, &body)
    }
}

/// A pcap file: header then records `(ts_sec, ts_frac, data, orig_len)`.
pub fn pcap_file(
    be: bool,
    nanos: bool,
    link_type: u32,
    records: &[(u32, u32, &[u8], u32)],
) -> Vec<u8> {
    let u32b = |v: u32| if be { v.to_be_bytes() } else { v.to_le_bytes() };
    let u16b = |v: u16| if be { v.to_be_bytes() } else { v.to_le_bytes() };
    let mut b = Vec::new();
    b.extend_from_slice(&u32b(if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 }));
    b.extend_from_slice(&u16b(2));
    b.extend_from_slice(&u16b(4));
    b.extend_from_slice(&u32b(0));
    b.extend_from_slice(&u32b(0));
    b.extend_from_slice(&u32b(65535));
    b.extend_from_slice(&u32b(link_type));
    for (s, f, data, orig) in records {
        b.extend_from_slice(&u32b(*s));
        b.extend_from_slice(&u32b(*f));
        b.extend_from_slice(&u32b(data.len() as u32));
        b.extend_from_slice(&u32b(*orig));
        b.extend_from_slice(data);
    }
    b
}

/// A reader over shared bytes that hands out at most `step` bytes per read (to exercise the stream path).
pub struct Trickle {
    pub data: std::sync::Arc<Vec<u8>>,
    pub pos: usize,
    pub end: usize,
    pub step: usize,
}

impl std::io::Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.step).min(self.end - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

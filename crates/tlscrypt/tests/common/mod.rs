//! Test-only helpers: TCP streams of a capture pulled out naively (no reassembly engine: in-order
//! segments, retransmitted bytes dropped), and TLS records cut from them. Enough for the small, clean
//! captures of the corpus; the real dissector does this properly.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use capfile::{CaptureReader, DecryptionSecrets};

/// `../shared` beside the workspace, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("captures/MANIFEST.tsv").is_file().then_some(dir)
}

/// One direction's bytes, and for each segment the stream offset where it ends and its frame number.
#[derive(Default)]
pub struct Direction {
    pub bytes: Vec<u8>,
    pub ends: Vec<(usize, u64)>,
    next_seq: Option<u32>,
    /// A segment beyond the next expected byte was seen: the capture lost data.
    pub gap: bool,
}

impl Direction {
    /// The frame in which stream byte `offset` arrived.
    pub fn frame_of(&self, offset: usize) -> u64 {
        let i = self.ends.partition_point(|&(end, _)| end <= offset);
        self.ends.get(i).map_or(0, |&(_, f)| f)
    }

    fn push(&mut self, seq: u32, syn: bool, payload: &[u8], frame: u64) {
        let start = if syn { seq.wrapping_add(1) } else { seq };
        let next = *self.next_seq.get_or_insert(start);
        // Segments without data say nothing about the stream (and a FIN moves the sequence by one).
        if syn || payload.is_empty() {
            return;
        }
        let ahead = seq.wrapping_sub(next) as i32;
        if ahead > 0 {
            self.gap = true;
            return;
        }
        // Bytes before `next` were seen already (a retransmission or an overlap).
        let skip = (-ahead) as usize;
        if skip >= payload.len() {
            return;
        }
        let new = &payload[skip..];
        self.bytes.extend_from_slice(new);
        self.ends.push((self.bytes.len(), frame));
        self.next_seq = Some(next.wrapping_add(new.len() as u32));
    }
}

/// An address and port.
pub type Endpoint = (IpAddr, u16);

/// A TCP connection: `dirs[0]` from the side that sent the first segment (the client), `dirs[1]` back.
pub struct Connection {
    pub client: Endpoint,
    pub server: Endpoint,
    pub dirs: [Direction; 2],
}

/// Every TCP connection of a capture, in order of first segment, and the capture's Decryption Secrets
/// Blocks (TLS key logs).
pub fn tcp_connections(path: &Path) -> (Vec<Connection>, Vec<Vec<u8>>) {
    let mut reader =
        CaptureReader::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut conns: Vec<Connection> = Vec::new();
    let mut index: HashMap<(Endpoint, Endpoint), usize> = HashMap::new();
    while let Some(frame) = reader.next_frame().unwrap() {
        let Some(seg) = tcp_segment(frame.link_type.0, frame.data) else {
            continue;
        };
        let (a, b) = (seg.src, seg.dst);
        let key = if a <= b { (a, b) } else { (b, a) };
        let i = *index.entry(key).or_insert_with(|| {
            conns.push(Connection {
                client: a,
                server: b,
                dirs: [Direction::default(), Direction::default()],
            });
            conns.len() - 1
        });
        let d = usize::from(conns[i].client != a);
        conns[i].dirs[d].push(seg.seq, seg.syn, seg.payload, frame.number);
    }
    let secrets = reader
        .secrets()
        .iter()
        .filter(|s| s.secrets_type == DecryptionSecrets::TLS_KEY_LOG)
        .map(|s| s.data.clone())
        .collect();
    (conns, secrets)
}

struct Segment<'a> {
    src: Endpoint,
    dst: Endpoint,
    seq: u32,
    syn: bool,
    payload: &'a [u8],
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// The TCP segment in a frame of link type NULL (0), Ethernet (1) or raw IP (101), over IPv4 or IPv6
/// without extension headers.
fn tcp_segment(link: u32, data: &[u8]) -> Option<Segment<'_>> {
    let ip = match link {
        0 => data.get(4..)?,
        1 => {
            let mut at = 12;
            let mut ty = be16(data, at)?;
            while ty == 0x8100 {
                at += 4;
                ty = be16(data, at)?;
            }
            data.get(at + 2..)?
        }
        101 => data,
        _ => return None,
    };
    let (src, dst, proto, l4) = match ip.first()? >> 4 {
        4 => {
            let ihl = usize::from(ip[0] & 0x0f) * 4;
            let total = usize::from(be16(ip, 2)?);
            let src = IpAddr::from(<[u8; 4]>::try_from(ip.get(12..16)?).ok()?);
            let dst = IpAddr::from(<[u8; 4]>::try_from(ip.get(16..20)?).ok()?);
            // The IP length, not the frame's: Ethernet pads short frames.
            (src, dst, ip[9], ip.get(ihl..total.min(ip.len()))?)
        }
        6 => {
            let plen = usize::from(be16(ip, 4)?);
            let src = IpAddr::from(<[u8; 16]>::try_from(ip.get(8..24)?).ok()?);
            let dst = IpAddr::from(<[u8; 16]>::try_from(ip.get(24..40)?).ok()?);
            (src, dst, ip[6], ip.get(40..(40 + plen).min(ip.len()))?)
        }
        _ => return None,
    };
    if proto != 6 {
        return None;
    }
    let off = usize::from(l4.get(12)? >> 4) * 4;
    Some(Segment {
        src: (src, be16(l4, 0)?),
        dst: (dst, be16(l4, 2)?),
        seq: u32::from_be_bytes(l4.get(4..8)?.try_into().ok()?),
        syn: l4.get(13)? & 0x02 != 0,
        payload: l4.get(off..)?,
    })
}

/// A TLS record cut from a stream.
pub struct Record<'a> {
    pub content_type: u8,
    pub version: u16,
    pub body: &'a [u8],
    /// Stream offset of the record's last byte.
    pub last_byte: usize,
}

/// The TLS records of one direction, from the first handshake record carrying `first_handshake_type`
/// (ClientHello 1 or ServerHello 2: STARTTLS streams start with plain text) to the last complete one.
pub fn records(stream: &[u8], first_handshake_type: u8) -> Vec<Record<'_>> {
    let start = (0..stream.len()).find(|&i| {
        stream
            .get(i..i + 6)
            .is_some_and(|h| h[0] == 22 && h[1] == 3 && h[2] <= 4 && h[5] == first_handshake_type)
    });
    let Some(mut at) = start else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Some(h) = stream.get(at..at + 5) {
        let len = usize::from(u16::from_be_bytes([h[3], h[4]]));
        let Some(body) = stream.get(at + 5..at + 5 + len) else {
            break;
        };
        out.push(Record {
            content_type: h[0],
            version: u16::from_be_bytes([h[1], h[2]]),
            body,
            last_byte: at + 5 + len - 1,
        });
        at += 5 + len;
    }
    out
}

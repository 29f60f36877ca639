//! `-z follow,tcp|udp|tls,MODE,STREAM`: a conversation's payload, direction by direction, as tshark
//! 4.0's follow report prints it (`ascii`, `hex`, `raw`, `yaml`); for `tls`, the decrypted application
//! data of a TCP stream, record by record (see [`Stream::tls`]).
//!
//! The stream is chosen by index (`tcp.stream eq N`, `udp.stream eq N`) or by its two endpoints
//! (`ADDR:PORT,ADDR:PORT`, IPv6 in brackets), which becomes tshark's address filter, evaluated on each
//! frame as that filter would be (every field compared with "any occurrence" semantics).
//!
//! TCP payload is put in sequence order per direction the way Wireshark's follow listener does it:
//!
//! - the first segment of a direction sets its next expected sequence number (a SYN counts one
//!   sequence number; FIN is not counted, and its segment's payload, if any, is taken like any other);
//! - bytes before the expected number (retransmissions, overlaps) are dropped, and only the new tail of
//!   a segment that reaches past it is kept;
//! - a segment that starts after the expected number is held back, in arrival order, until the bytes
//!   before it arrive, or until a segment of the other direction acknowledges data beyond the lowest
//!   held sequence number: then the gap is declared lost and a chunk `[N bytes missing in capture
//!   file]` (with a NUL after it, as tshark has it) stands in for it;
//! - a segment cut short by the snapshot length moves the expected number by its full length (from the
//!   IP header) but contributes only the bytes captured, so the lost bytes simply do not appear; a held
//!   segment, once applied, moves it only by the bytes captured, as Wireshark's does.
//!
//! Every chunk is kept until the end of the capture, since the report prints after the last frame, as
//! tshark keeps them. The out-of-order buffer, which in Wireshark grows without limit, is capped here
//! (see [`MAX_HELD_BYTES`] and [`MAX_HELD_SEGMENTS`]).

use std::fmt::Write as _;
use std::net::IpAddr;

use fields::{FieldId, Interest, PacketTree, Registry, Value};

use super::{Tap, TapError};
use crate::summary::FrameTimes;

/// Bytes held back in one direction waiting for a gap to fill. When a new held segment would pass this
/// (or [`MAX_HELD_SEGMENTS`]), the gap before the lowest held segment is declared missing, as an
/// acknowledgement beyond it would, so memory stays bounded on captures that never fill their gaps.
pub const MAX_HELD_BYTES: usize = 16 << 20;
/// Segments held back in one direction; see [`MAX_HELD_BYTES`].
pub const MAX_HELD_SEGMENTS: usize = 4096;

/// The transport whose stream is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Tcp,
    Udp,
    /// The decrypted application data of TLS over a TCP stream (chosen by `tcp.stream` or endpoints).
    Tls,
}

impl Transport {
    /// The name the report's `Follow:` line gives.
    fn name(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
            Transport::Tls => "tls",
        }
    }

    /// The transport layer whose fields choose the stream (`tcp.stream`, `udp.srcport` ...).
    fn layer(self) -> &'static str {
        match self {
            Transport::Tcp | Transport::Tls => "tcp",
            Transport::Udp => "udp",
        }
    }
}

/// How the report prints the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Printable ASCII, `.` for other bytes except CR and LF; each chunk after its length.
    Ascii,
    /// A hex dump per chunk, offsets counted per direction.
    Hex,
    /// Each chunk as one line of lower-case hex.
    Raw,
    /// YAML with the peers and each chunk's frame, time and base64 data.
    Yaml,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Ascii => "ascii",
            Mode::Hex => "hex",
            Mode::Raw => "raw",
            Mode::Yaml => "yaml",
        }
    }
}

/// A network address of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addr {
    V4([u8; 4]),
    V6([u8; 16]),
}

impl Addr {
    /// Appends the address as tshark prints it (no brackets).
    pub fn write(self, out: &mut String) {
        match self {
            Addr::V4(a) => fields::format::push_ipv4(out, a),
            Addr::V6(a) => fields::format::push_ipv6(out, a),
        }
    }
}

/// One side of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub addr: Addr,
    pub port: u16,
}

impl Endpoint {
    /// Appends `addr:port`, with the address in brackets for IPv6, as tshark's `Node` lines show it.
    pub fn write(self, out: &mut String) {
        if let Addr::V6(_) = self.addr {
            out.push('[');
            self.addr.write(out);
            out.push(']');
        } else {
            self.addr.write(out);
        }
        out.push(':');
        fields::format::push_decimal(out, self.port as u64);
    }
}

/// Which conversation is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `tcp.stream` / `udp.stream` index.
    Stream(u32),
    /// The two endpoints, in the order given.
    Endpoints(Endpoint, Endpoint),
}

impl Target {
    /// Reads tshark's forms: a stream index (optionally followed by `,SUBSTREAM`, which tshark accepts
    /// and ignores for TCP and UDP), or `ADDR:PORT,ADDR:PORT` with IPv6 addresses in brackets.
    pub fn parse(text: &str) -> Result<Target, String> {
        let parts: Vec<&str> = text.split(',').collect();
        let is_index = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match parts.as_slice() {
            [n] | [n, _] if is_index(n) && parts.get(1).is_none_or(|s| is_index(s)) => n
                .parse()
                .map(Target::Stream)
                .map_err(|_| format!("stream index {n} is too large")),
            [a, b] => {
                let a = parse_endpoint(a)?;
                let b = parse_endpoint(b)?;
                if matches!(a.addr, Addr::V4(_)) != matches!(b.addr, Addr::V4(_)) {
                    return Err("the two addresses must both be IPv4 or both IPv6".into());
                }
                Ok(Target::Endpoints(a, b))
            }
            _ => Err(
                "expected a stream index or two endpoints, e.g. 0 or 10.0.0.1:80,10.0.0.2:5000 or [::1]:80,[::1]:5000"
                    .into(),
            ),
        }
    }

    /// tshark's `Filter:` line for this target.
    fn filter(self, transport: Transport, out: &mut String) {
        let t = transport.layer();
        match self {
            Target::Stream(n) => {
                let _ = write!(out, "{t}.stream eq {n}");
            }
            Target::Endpoints(a, b) => {
                let ip = if matches!(a.addr, Addr::V6(_)) {
                    "ipv6"
                } else {
                    "ip"
                };
                let half = |out: &mut String, x: Endpoint, y: Endpoint| {
                    let _ = write!(out, "(({ip}.src eq ");
                    x.addr.write(out);
                    let _ = write!(out, " and {t}.srcport eq {}) and ({ip}.dst eq ", x.port);
                    y.addr.write(out);
                    let _ = write!(out, " and {t}.dstport eq {}))", y.port);
                };
                half(out, a, b);
                out.push_str(" or ");
                half(out, b, a);
            }
        }
    }
}

fn parse_endpoint(s: &str) -> Result<Endpoint, String> {
    let bad = || format!("\"{s}\" is not ADDR:PORT (IPv6 addresses in brackets: [::1]:80)");
    let (addr, port) = if let Some(rest) = s.strip_prefix('[') {
        let (a, p) = rest.split_once("]:").ok_or_else(bad)?;
        let a: std::net::Ipv6Addr = a.parse().map_err(|_| bad())?;
        (Addr::V6(a.octets()), p)
    } else {
        let (a, p) = s.rsplit_once(':').ok_or_else(bad)?;
        let a: std::net::Ipv4Addr = a.parse().map_err(|_| bad())?;
        (Addr::V4(a.octets()), p)
    };
    let port = port.parse().map_err(|_| bad())?;
    Ok(Endpoint { addr, port })
}

impl From<IpAddr> for Addr {
    fn from(a: IpAddr) -> Addr {
        match a {
            IpAddr::V4(a) => Addr::V4(a.octets()),
            IpAddr::V6(a) => Addr::V6(a.octets()),
        }
    }
}

/// One chunk of the followed stream: bytes one side sent, in the order the report prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// 0: the side that sent the first frame of the conversation the report saw (tshark's "client",
    /// `Node 0`); 1: the other side.
    pub node: usize,
    /// The frame the bytes came from (for a missing-data marker, the frame that acknowledged past the
    /// gap).
    pub frame: u64,
    /// The frame's time since the epoch; zero for a missing-data marker, as tshark has it.
    pub secs: i64,
    pub nanos: u32,
    /// A marker for bytes the capture lost (`[N bytes missing in capture file]`), not sent data.
    pub missing: bool,
    start: usize,
    len: usize,
}

/// A segment held back until the bytes before it arrive.
#[derive(Debug)]
struct Held {
    seq: u32,
    frame: u64,
    secs: i64,
    nanos: u32,
    data: Vec<u8>,
}

/// Reassembly state of one direction.
#[derive(Debug, Default)]
struct Direction {
    /// Next expected sequence number (0 until the first segment sets it).
    next: u32,
    /// Payload bytes taken in order so far (gap markers and held segments aside, as in Wireshark).
    written: u64,
    /// Out-of-order segments, in arrival order.
    held: Vec<Held>,
    held_bytes: usize,
}

fn seq_lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

fn seq_gt(a: u32, b: u32) -> bool {
    (b.wrapping_sub(a) as i32) < 0
}

/// What one frame tells about the TCP segment or UDP datagram the report takes from it.
#[derive(Debug, Clone, Copy)]
pub struct Packet<'a> {
    pub src: Endpoint,
    pub dst: Endpoint,
    /// TCP: relative sequence and acknowledgement numbers, flags, segment length (from the IP header,
    /// so including bytes cut off by the snapshot length).
    pub seq: u32,
    pub ack: u32,
    pub flags: u16,
    pub seg_len: u32,
    /// The payload bytes captured.
    pub payload: &'a [u8],
}

/// The followed stream: the conversation's two sides and its chunks, built frame by frame.
#[derive(Debug, Default)]
pub struct Stream {
    /// tshark's client (the source of the first frame) and server.
    peers: Option<[Endpoint; 2]>,
    /// Only the client is known (TLS: tshark's TLS follow listener never sets the server).
    client_only: bool,
    dirs: [Direction; 2],
    chunks: Vec<Chunk>,
    bytes: Vec<u8>,
}

impl Stream {
    pub fn new() -> Stream {
        Stream::default()
    }

    /// The two sides, `Node 0` first, once a frame has been seen.
    pub fn peers(&self) -> Option<[Endpoint; 2]> {
        self.peers
    }

    /// The side `node` (0 or 1) as the report names it: none before any frame, and none for the server
    /// of a TLS stream, which tshark 4.0 prints as ":0".
    pub fn peer(&self, node: usize) -> Option<Endpoint> {
        if node == 1 && self.client_only {
            return None;
        }
        self.peers.map(|p| p[node])
    }

    /// The chunks in the order they are printed.
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// A chunk's bytes.
    pub fn bytes(&self, chunk: &Chunk) -> &[u8] {
        &self.bytes[chunk.start..chunk.start + chunk.len]
    }

    /// The side `src` is: 0 for the client (set by the first frame), 1 for anything else, as tshark
    /// tells them apart.
    fn node_of(&mut self, src: Endpoint, dst: Endpoint) -> usize {
        let peers = *self.peers.get_or_insert([src, dst]);
        usize::from(peers[0] != src)
    }

    fn push_chunk(&mut self, node: usize, frame: u64, secs: i64, nanos: u32, data: &[u8]) {
        self.push(node, frame, secs, nanos, data, false);
    }

    fn push(&mut self, node: usize, frame: u64, secs: i64, nanos: u32, data: &[u8], missing: bool) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(data);
        self.chunks.push(Chunk {
            node,
            frame,
            secs,
            nanos,
            missing,
            start,
            len: data.len(),
        });
    }

    /// Takes a UDP datagram: every datagram with captured payload is a chunk.
    pub fn udp(&mut self, p: &Packet<'_>, times: &FrameTimes) {
        let node = self.node_of(p.src, p.dst);
        if !p.payload.is_empty() {
            self.push_chunk(
                node,
                times.number,
                times.epoch_secs,
                times.epoch_nanos,
                p.payload,
            );
        }
    }

    /// Takes the decrypted records of a TLS frame sent by `src` to `dst`: `app_data`, the plaintext of
    /// each application data record in order, each a chunk. As tshark's TLS follow listener, the sender
    /// of the first frame with any decrypted record (`decrypted`, a handshake one too: in TLS 1.3 the
    /// server's) is `Node 0`, and the other side stays unnamed.
    pub fn tls(
        &mut self,
        src: Endpoint,
        dst: Endpoint,
        decrypted: bool,
        app_data: &[&[u8]],
        times: &FrameTimes,
    ) {
        if !decrypted {
            return;
        }
        self.client_only = true;
        let node = self.node_of(src, dst);
        for bytes in app_data {
            self.push_chunk(
                node,
                times.number,
                times.epoch_secs,
                times.epoch_nanos,
                bytes,
            );
        }
    }

    /// Takes a TCP segment (one with a segment length: not one quoted in an ICMP error).
    pub fn tcp(&mut self, p: &Packet<'_>, times: &FrameTimes) {
        let node = self.node_of(p.src, p.dst);
        let frame = times.number;
        // The other direction's held segments that this segment acknowledges were seen by this side:
        // whatever is missing before them was lost by the capture, not by the network.
        while self.apply_held(1 - node, Some(p.ack), frame) {}

        let mut seq = p.seq.wrapping_add(u32::from(p.flags & 0x002 != 0));
        let mut len = p.seg_len;
        let mut data = p.payload;
        let d = &mut self.dirs[node];
        if d.written == 0 && d.next == 0 {
            d.next = seq;
        }
        if seq_lt(seq, d.next) {
            let end = seq.wrapping_add(len);
            if seq_gt(end, d.next) {
                // A retransmission with more data than before: keep the part not seen yet.
                let skip = d.next.wrapping_sub(seq) as usize;
                data = data.get(skip..).unwrap_or(&[]);
                seq = d.next;
                len = end.wrapping_sub(d.next);
            }
        }
        if data.is_empty() || seq_lt(seq, d.next) {
            return;
        }
        if seq == d.next {
            d.next = d.next.wrapping_add(len);
            d.written += data.len() as u64;
            self.push_chunk(node, frame, times.epoch_secs, times.epoch_nanos, data);
            while self.apply_held(node, None, frame) {}
        } else {
            d.held_bytes += data.len();
            d.held.push(Held {
                seq,
                frame,
                secs: times.epoch_secs,
                nanos: times.epoch_nanos,
                data: data.to_vec(),
            });
            if d.held_bytes > MAX_HELD_BYTES || d.held.len() > MAX_HELD_SEGMENTS {
                // Give up waiting for the oldest gap: declare it missing, as an acknowledgement past
                // the lowest held segment would, and take what then fits.
                let lowest = d
                    .held
                    .iter()
                    .map(|h| h.seq)
                    .fold(seq, |lo, s| if seq_lt(s, lo) { s } else { lo });
                while self.apply_held(node, Some(lowest.wrapping_add(1)), frame) {}
            }
        }
    }

    /// Applies one held segment of direction `node` that now fits (or, given an acknowledgement beyond
    /// the lowest held segment, declares the gap before it missing). Returns whether anything changed.
    fn apply_held(&mut self, node: usize, ack: Option<u32>, frame: u64) -> bool {
        let d = &mut self.dirs[node];
        let Some(first) = d.held.first() else {
            return false;
        };
        let mut lowest = first.seq;
        let mut found = None;
        for (i, h) in d.held.iter().enumerate() {
            if seq_gt(lowest, h.seq) {
                lowest = h.seq;
            }
            if seq_lt(h.seq, d.next) || h.seq == d.next {
                found = Some(i);
                break;
            }
        }
        if let Some(i) = found {
            let h = d.held.remove(i);
            d.held_bytes -= h.data.len();
            // Bytes of the segment already taken (none when it starts at the expected number).
            let skip = d.next.wrapping_sub(h.seq) as usize;
            if h.data.len() > skip {
                // A held segment moves the expected number by the bytes it holds.
                d.next = d.next.wrapping_add((h.data.len() - skip) as u32);
                self.push_chunk(node, h.frame, h.secs, h.nanos, &h.data[skip..]);
            }
            return true;
        }
        match ack {
            Some(ack) if seq_gt(ack, lowest) => {
                let missing = lowest.wrapping_sub(d.next) as i32;
                d.next = lowest;
                let mut marker = format!("[{missing} bytes missing in capture file]").into_bytes();
                marker.push(0);
                self.push(node, frame, 0, 0, &marker, true);
                true
            }
            _ => false,
        }
    }
}

/// Field ids the report reads, looked up once.
#[derive(Debug, Clone, Copy)]
struct Ids {
    ip_src: FieldId,
    ip_dst: FieldId,
    ipv6_src: FieldId,
    ipv6_dst: FieldId,
    /// A type 0 routing header's segments left and addresses: with segments left, the last address
    /// is the destination Wireshark gives the upper layers.
    rh_segleft: FieldId,
    rh0_addr: FieldId,
    /// The ICMP types: a transport layer after one is quoted in an ICMP error.
    icmp_type: FieldId,
    icmpv6_type: FieldId,
    srcport: FieldId,
    dstport: FieldId,
    stream: FieldId,
    payload: FieldId,
    /// `tcp.reset_cause`: a RST's payload, shown as text instead of `tcp.payload` but followed all the same.
    reset_cause: Option<FieldId>,
    /// TCP only.
    len: Option<FieldId>,
    hdr_len: Option<FieldId>,
    seq: Option<FieldId>,
    ack: Option<FieldId>,
    flags: Option<FieldId>,
    /// TLS only: the protocol, whose records the follower needs dissected.
    tls: Option<FieldId>,
}

impl Ids {
    fn new(registry: &Registry, t: Transport) -> Result<Ids, String> {
        let get = |name: &str| {
            registry
                .lookup(name)
                .ok_or_else(|| format!("the field {name} is not registered"))
        };
        let p = t.layer();
        let tcp = |name: &str| -> Result<Option<FieldId>, String> {
            match t {
                Transport::Tcp | Transport::Tls => get(name).map(Some),
                Transport::Udp => Ok(None),
            }
        };
        Ok(Ids {
            ip_src: get("ip.src")?,
            ip_dst: get("ip.dst")?,
            ipv6_src: get("ipv6.src")?,
            ipv6_dst: get("ipv6.dst")?,
            rh_segleft: get("ipv6.routing.segleft")?,
            rh0_addr: get("ipv6.routing.src.addr")?,
            icmp_type: get("icmp.type")?,
            icmpv6_type: get("icmpv6.type")?,
            srcport: get(&format!("{p}.srcport"))?,
            dstport: get(&format!("{p}.dstport"))?,
            stream: get(&format!("{p}.stream"))?,
            payload: get(&format!("{p}.payload"))?,
            reset_cause: registry.lookup("tcp.reset_cause").filter(|_| p == "tcp"),
            len: tcp("tcp.len")?,
            hdr_len: tcp("tcp.hdr_len")?,
            seq: tcp("tcp.seq")?,
            ack: tcp("tcp.ack")?,
            flags: tcp("tcp.flags")?,
            tls: match t {
                Transport::Tls => Some(get("tls")?),
                _ => None,
            },
        })
    }

    fn all(&self) -> impl Iterator<Item = FieldId> + '_ {
        [
            self.ip_src,
            self.ip_dst,
            self.ipv6_src,
            self.ipv6_dst,
            self.rh_segleft,
            self.rh0_addr,
            self.icmp_type,
            self.icmpv6_type,
            self.srcport,
            self.dstport,
            self.stream,
            self.payload,
        ]
        .into_iter()
        .chain(
            [
                self.len,
                self.hdr_len,
                self.seq,
                self.ack,
                self.flags,
                self.reset_cause,
                self.tls,
            ]
            .into_iter()
            .flatten(),
        )
    }
}

/// One transport layer of a frame, as read from the tree.
#[derive(Debug, Clone, Copy, Default)]
struct Layer {
    src: Option<Addr>,
    dst: Option<Addr>,
    sport: u16,
    dport: u16,
    len: Option<u32>,
    /// TCP: whether the whole header, options included, was captured.
    header_complete: bool,
    /// Inside the datagram an ICMP error quotes.
    quoted: bool,
    seq: u32,
    ack: u32,
    flags: u16,
    /// Index of the payload item.
    payload: Option<usize>,
}

/// Reads a frame's tree for the follow report: the transport layers, and whether the frame passes the
/// report's filter.
#[derive(Debug)]
pub struct Follower {
    transport: Transport,
    target: Target,
    ids: Ids,
    layers: Vec<Layer>,
    stream: Stream,
}

impl Follower {
    /// A follower of `target` over `transport`; fails only if a field it reads is not registered.
    pub fn new(
        registry: &Registry,
        transport: Transport,
        target: Target,
    ) -> Result<Follower, String> {
        Ok(Follower {
            transport,
            target,
            ids: Ids::new(registry, transport)?,
            layers: Vec::new(),
            stream: Stream::new(),
        })
    }

    /// Adds the fields the follower reads to the interest set.
    pub fn add_interest(&self, interest: &mut Interest) {
        for id in self.ids.all() {
            interest.add_field(id);
        }
    }

    /// The stream built so far.
    pub fn stream(&self) -> &Stream {
        &self.stream
    }

    /// Takes one dissected frame.
    pub fn frame(&mut self, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        if !self.matches(tree) {
            return;
        }
        self.read_layers(tree, data);
        let items = tree.items();
        for i in 0..self.layers.len() {
            let l = self.layers[i];
            let (Some(src), Some(dst)) = (l.src, l.dst) else {
                continue;
            };
            let payload = l
                .payload
                .map_or(&[][..], |p| tree.item_bytes(data, &items[p]));
            let packet = Packet {
                src: Endpoint {
                    addr: src,
                    port: l.sport,
                },
                dst: Endpoint {
                    addr: dst,
                    port: l.dport,
                },
                seq: l.seq,
                ack: l.ack,
                flags: l.flags,
                seg_len: l.len.unwrap_or(0),
                payload,
            };
            match self.transport {
                // Wireshark hands the follow listener only segments with a length (not those quoted
                // in ICMP errors, not those with a bogus header) whose options were captured whole
                // (it stops at the first byte missing from a header).
                _ if l.quoted => {}
                Transport::Tcp if l.len.is_some() && l.header_complete => {
                    self.stream.tcp(&packet, times)
                }
                Transport::Tcp => {}
                // Nor does it get the datagrams quoted in ICMP errors.
                Transport::Udp => self.stream.udp(&packet, times),
                // TLS's records are the frame's, shown once whatever the layers.
                Transport::Tls => {}
            }
        }
        if let (Transport::Tls, Some(tls)) = (self.transport, self.ids.tls)
            && let Some(l) = self.layers.iter().rev().find(|l| !l.quoted)
            && let (Some(src), Some(dst)) = (l.src, l.dst)
        {
            // Every decrypted record gets a "Decrypted TLS" source (as Wireshark's tabs); those of
            // application data are marked as TLS's payload.
            let sources = tree.sources();
            let decrypted = sources.iter().any(|s| s.name == "Decrypted TLS");
            let app: Vec<&[u8]> = (1..=sources.len())
                .filter(|&i| sources[i - 1].payload_of == Some(tls.proto))
                .map(|i| tree.source_bytes(data, i as u16))
                .collect();
            self.stream.tls(
                Endpoint {
                    addr: src,
                    port: l.sport,
                },
                Endpoint {
                    addr: dst,
                    port: l.dport,
                },
                decrypted,
                &app,
                times,
            );
        }
    }

    /// Whether the frame passes tshark's filter for the target.
    fn matches(&self, tree: &PacketTree) -> bool {
        let ids = &self.ids;
        match self.target {
            Target::Stream(n) => tree
                .occurrences(ids.stream)
                .any(|i| i.value == Value::UInt(n as u64)),
            Target::Endpoints(a, b) => {
                let (src, dst) = match a.addr {
                    Addr::V4(_) => (ids.ip_src, ids.ip_dst),
                    Addr::V6(_) => (ids.ipv6_src, ids.ipv6_dst),
                };
                let has_addr = |field: FieldId, addr: Addr| {
                    tree.occurrences(field)
                        .any(|i| item_addr(&i.value) == Some(addr))
                };
                let has_port = |field: FieldId, port: u16| {
                    tree.occurrences(field)
                        .any(|i| i.value == Value::UInt(port as u64))
                };
                let one_way = |x: Endpoint, y: Endpoint| {
                    has_addr(src, x.addr)
                        && has_port(ids.srcport, x.port)
                        && has_addr(dst, y.addr)
                        && has_port(ids.dstport, y.port)
                };
                one_way(a, b) || one_way(b, a)
            }
        }
    }

    /// Collects the transport layers of the frame, each with the innermost network addresses before it.
    fn read_layers(&mut self, tree: &PacketTree, data: &[u8]) {
        let ids = self.ids;
        self.layers.clear();
        let (mut src, mut dst) = (None, None);
        let (mut header_start, mut source_len) = (0, 0);
        let (mut segments_left, mut quoted) = (0, false);
        for (idx, item) in tree.items().iter().enumerate() {
            let f = item.field;
            if f == ids.ip_src || f == ids.ipv6_src {
                src = item_addr(&item.value);
            } else if f == ids.ip_dst || f == ids.ipv6_dst {
                dst = item_addr(&item.value);
                segments_left = 0;
            } else if f == ids.rh_segleft {
                segments_left = uint(&item.value);
            } else if f == ids.rh0_addr && segments_left > 0 {
                dst = item_addr(&item.value);
            } else if f == ids.icmp_type || f == ids.icmpv6_type {
                quoted = true;
            } else if f == ids.srcport {
                self.layers.push(Layer {
                    src,
                    dst,
                    sport: uint(&item.value) as u16,
                    // Until tcp.hdr_len says otherwise; UDP has nothing to check.
                    header_complete: true,
                    quoted,
                    ..Layer::default()
                });
                header_start = item.offset as usize;
                source_len = tree.source_bytes(data, item.source).len();
            } else if let Some(l) = self.layers.last_mut() {
                if f == ids.dstport {
                    l.dport = uint(&item.value) as u16;
                } else if Some(f) == ids.len {
                    l.len = Some(uint(&item.value) as u32);
                } else if Some(f) == ids.hdr_len {
                    l.header_complete = header_start + uint(&item.value) as usize <= source_len;
                } else if Some(f) == ids.seq {
                    l.seq = uint(&item.value) as u32;
                } else if Some(f) == ids.ack {
                    l.ack = uint(&item.value) as u32;
                } else if Some(f) == ids.flags {
                    l.flags = uint(&item.value) as u16;
                } else if (f == ids.payload || Some(f) == ids.reset_cause) && l.payload.is_none() {
                    l.payload = Some(idx);
                }
            }
        }
    }
}

fn uint(v: &Value) -> u64 {
    match v {
        Value::UInt(u) => *u,
        _ => 0,
    }
}

fn item_addr(v: &Value) -> Option<Addr> {
    match v {
        Value::Ipv4(a) => Some(Addr::V4(*a)),
        Value::Ipv6(a) => Some(Addr::V6(*a)),
        _ => None,
    }
}

/// The `-z follow,...` report.
#[derive(Debug)]
pub struct FollowReport {
    mode: Mode,
    follower: Follower,
}

/// Builds the report for `-z follow,PARAMS` (`arg` is the whole argument, for messages).
pub(super) fn parse(
    arg: &str,
    params: &str,
    registry: &Registry,
) -> Result<Box<dyn Tap>, TapError> {
    let bad = |message: String| TapError::BadArgument {
        arg: arg.to_string(),
        message,
    };
    let usage = "expected follow,tcp|udp|tls,ascii|hex|raw|yaml,STREAM where STREAM is an index or ADDR:PORT,ADDR:PORT";
    let mut parts = params.splitn(3, ',');
    let transport = match parts.next() {
        Some("tcp") => Transport::Tcp,
        Some("udp") => Transport::Udp,
        Some("tls") => Transport::Tls,
        Some(other @ ("http" | "http2" | "quic" | "sip" | "dccp" | "websocket")) => {
            return Err(bad(format!(
                "following {other} streams is not supported; wiresift follows tcp, udp and tls"
            )));
        }
        _ => return Err(bad(usage.into())),
    };
    let mode = match parts.next() {
        Some("ascii") => Mode::Ascii,
        Some("hex") => Mode::Hex,
        Some("raw") => Mode::Raw,
        Some("yaml") => Mode::Yaml,
        Some("ebcdic") => return Err(bad("the ebcdic mode is not supported".into())),
        Some(other) => {
            return Err(bad(format!(
                "invalid display mode \"{other}\": use ascii, hex, raw or yaml"
            )));
        }
        None => return Err(bad(usage.into())),
    };
    let target = Target::parse(parts.next().unwrap_or("")).map_err(bad)?;
    let follower = Follower::new(registry, transport, target).map_err(bad)?;
    Ok(Box::new(FollowReport { mode, follower }))
}

impl FollowReport {
    /// A report for `target`, printed in `mode`.
    pub fn new(
        registry: &Registry,
        transport: Transport,
        mode: Mode,
        target: Target,
    ) -> Result<FollowReport, String> {
        Ok(FollowReport {
            mode,
            follower: Follower::new(registry, transport, target)?,
        })
    }

    /// Appends the report in tshark's format.
    pub fn write(&self, out: &mut String) {
        let stream = self.follower.stream();
        if self.mode == Mode::Yaml {
            write_yaml(stream, out);
            return;
        }
        const SEPARATOR: &str =
            "===================================================================\n";
        out.push('\n');
        out.push_str(SEPARATOR);
        let _ = writeln!(
            out,
            "Follow: {},{}",
            self.follower.transport.name(),
            self.mode.name()
        );
        out.push_str("Filter: ");
        self.follower.target.filter(self.follower.transport, out);
        out.push('\n');
        for node in 0..2 {
            let _ = write!(out, "Node {node}: ");
            match stream.peer(node) {
                Some(p) => p.write(out),
                None => out.push_str(":0"),
            }
            out.push('\n');
        }
        let mut offsets = [0usize; 2];
        for chunk in stream.chunks() {
            let bytes = stream.bytes(chunk);
            let indent = if chunk.node == 1 { "\t" } else { "" };
            match self.mode {
                Mode::Ascii => {
                    let _ = writeln!(out, "{indent}{}", bytes.len());
                    out.extend(bytes.iter().map(|&b| match b {
                        b'\r' | b'\n' | 0x20..=0x7e => b as char,
                        _ => '.',
                    }));
                    out.push('\n');
                }
                Mode::Hex => {
                    write_hex_chunk(out, indent, offsets[chunk.node], bytes);
                }
                Mode::Raw => {
                    out.push_str(indent);
                    fields::format::write_hex(bytes, out);
                    out.push('\n');
                }
                Mode::Yaml => unreachable!("printed above"),
            }
            offsets[chunk.node] += bytes.len();
        }
        out.push_str(SEPARATOR);
    }
}

/// tshark's hex dump of one chunk: the offset (counted per direction, upper-case hex), 16 bytes in hex
/// with an extra space after the eighth, then the bytes as ASCII with a space after the eighth; the
/// ASCII column starts at the same place on every line, and one trailing space is dropped.
fn write_hex_chunk(out: &mut String, indent: &str, mut offset: usize, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for line in bytes.chunks(16) {
        out.push_str(indent);
        let _ = write!(out, "{:08X}  ", offset as u32);
        let mut ascii = String::with_capacity(17);
        for (i, &b) in line.iter().enumerate() {
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
            out.push(' ');
            ascii.push(if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            });
            if i == 7 {
                out.push(' ');
                ascii.push(' ');
            }
        }
        // Pad the hex column: 3 characters a byte, one more for the middle gap, then two spaces.
        let width = 16 * 3 + 1;
        let used = line.len() * 3 + usize::from(line.len() >= 8);
        for _ in used..width {
            out.push(' ');
        }
        out.push(' ');
        if ascii.ends_with(' ') {
            ascii.pop();
        }
        out.push_str(&ascii);
        out.push('\n');
        offset += 16;
    }
}

fn write_yaml(stream: &Stream, out: &mut String) {
    out.push_str("peers:\n");
    for node in 0..2 {
        let peer = stream.peer(node);
        let _ = writeln!(out, "  - peer: {node}");
        out.push_str("    host: ");
        if let Some(p) = peer {
            p.addr.write(out);
        }
        out.push('\n');
        let _ = writeln!(out, "    port: {}", peer.map_or(0, |p| p.port));
    }
    out.push_str("packets:\n");
    for chunk in stream.chunks() {
        let _ = writeln!(out, "  - packet: {}", chunk.frame);
        let _ = writeln!(out, "    peer: {}", chunk.node);
        // tshark goes through a double here, so the nanoseconds it prints are the double's.
        let t = chunk.secs as f64 + chunk.nanos as f64 / 1e9;
        let _ = writeln!(out, "    timestamp: {t:.9}");
        out.push_str("    data: !!binary |\n");
        let encoded = base64(stream.bytes(chunk));
        for line in encoded.as_bytes().chunks(76) {
            out.push_str("      ");
            out.push_str(std::str::from_utf8(line).unwrap_or(""));
            out.push('\n');
        }
    }
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            group.get(1).copied().unwrap_or(0),
            group.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= group.len() {
                s.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

impl Tap for FollowReport {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        self.follower.add_interest(interest);
    }

    fn frame(&mut self, _registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        self.follower.frame(tree, data, times);
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        self.write(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(number: u64) -> FrameTimes {
        FrameTimes {
            number,
            epoch_secs: 1_000 + number as i64,
            epoch_nanos: 5,
            relative_ns: 0,
            delta_ns: 0,
            delta_displayed_ns: 0,
            cap_len: 0,
            wire_len: 0,
        }
    }

    const A: Endpoint = Endpoint {
        addr: Addr::V4([10, 0, 0, 1]),
        port: 1234,
    };
    const B: Endpoint = Endpoint {
        addr: Addr::V4([10, 0, 0, 2]),
        port: 80,
    };

    fn seg(s: &mut Stream, n: u64, from_a: bool, seq: u32, ack: u32, flags: u16, data: &[u8]) {
        let (src, dst) = if from_a { (A, B) } else { (B, A) };
        s.tcp(
            &Packet {
                src,
                dst,
                seq,
                ack,
                flags,
                seg_len: data.len() as u32,
                payload: data,
            },
            &times(n),
        );
    }

    fn text(s: &Stream) -> Vec<(usize, String)> {
        s.chunks()
            .iter()
            .map(|c| (c.node, String::from_utf8_lossy(s.bytes(c)).into_owned()))
            .collect()
    }

    /// As tshark 4.0 on the TLS 1.3 fixture (tests/data/tls/tls13-chacha20.pcap): the server's
    /// encrypted handshake is the first decrypted record, so the server is Node 0, the client's GET is
    /// Node 1's, and Node 1 is never named.
    #[test]
    fn tls_node_0_is_the_first_decrypted_record_sender() {
        let mut s = Stream::new();
        s.tls(A, B, false, &[], &times(4));
        assert_eq!(s.peer(0), None);
        s.tls(B, A, true, &[], &times(6));
        s.tls(A, B, true, &[b"GET /"], &times(10));
        s.tls(B, A, true, &[b"HTTP/1.1 200", b"body"], &times(11));
        assert_eq!(s.peer(0), Some(B));
        assert_eq!(s.peer(1), None);
        assert_eq!(
            text(&s),
            [
                (1, "GET /".into()),
                (0, "HTTP/1.1 200".into()),
                (0, "body".into())
            ]
        );
    }

    #[test]
    fn retransmissions_and_overlaps_are_trimmed() {
        let mut s = Stream::new();
        seg(&mut s, 1, true, 0, 0, 0x002, b"");
        seg(&mut s, 2, true, 1, 1, 0x018, b"hello");
        seg(&mut s, 3, true, 1, 1, 0x018, b"hello");
        seg(&mut s, 4, true, 3, 1, 0x018, b"llo world");
        assert_eq!(
            text(&s),
            vec![(0, "hello".to_string()), (0, " world".to_string())]
        );
    }

    #[test]
    fn out_of_order_segments_wait_for_the_gap() {
        let mut s = Stream::new();
        seg(&mut s, 1, true, 1, 1, 0x018, b"abc");
        seg(&mut s, 2, true, 7, 1, 0x018, b"ghi");
        seg(&mut s, 3, true, 4, 1, 0x018, b"def");
        assert_eq!(
            text(&s),
            vec![
                (0, "abc".to_string()),
                (0, "def".to_string()),
                (0, "ghi".to_string())
            ]
        );
    }

    #[test]
    fn an_acknowledged_gap_is_marked_missing() {
        let mut s = Stream::new();
        seg(&mut s, 1, true, 1, 1, 0x018, b"abc");
        seg(&mut s, 2, true, 10, 1, 0x018, b"xyz");
        seg(&mut s, 3, false, 1, 13, 0x010, b"");
        let t = text(&s);
        assert_eq!(t[1], (0, "[6 bytes missing in capture file]\0".to_string()));
        assert_eq!(t[2], (0, "xyz".to_string()));
        assert_eq!(s.chunks()[1].secs, 0);
        assert_eq!(s.chunks()[1].frame, 3);
    }

    #[test]
    fn the_held_buffer_is_capped() {
        let mut s = Stream::new();
        seg(&mut s, 1, true, 1, 1, 0x018, b"a");
        let big = vec![b'x'; 1024];
        // Never-filled gaps: each segment starts 2 bytes after the previous one's end.
        let mut seq = 10u32;
        for n in 0..(MAX_HELD_SEGMENTS as u64 + 10) {
            seg(&mut s, n + 2, true, seq, 1, 0x018, &big);
            seq = seq.wrapping_add(1026);
        }
        assert!(s.dirs[0].held.len() <= MAX_HELD_SEGMENTS);
        assert!(s.dirs[0].held_bytes <= MAX_HELD_BYTES);
    }

    #[test]
    fn targets_parse_as_tshark_reads_them() {
        assert_eq!(Target::parse("3"), Ok(Target::Stream(3)));
        assert_eq!(Target::parse("3,1"), Ok(Target::Stream(3)));
        assert!(Target::parse("abc").is_err());
        assert!(Target::parse("").is_err());
        let t = Target::parse("[::1]:80,[fe80::1]:5000").unwrap();
        let mut f = String::new();
        t.filter(Transport::Udp, &mut f);
        assert_eq!(
            f,
            "((ipv6.src eq ::1 and udp.srcport eq 80) and (ipv6.dst eq fe80::1 and udp.dstport eq 5000)) or ((ipv6.src eq fe80::1 and udp.srcport eq 5000) and (ipv6.dst eq ::1 and udp.dstport eq 80))"
        );
        assert!(Target::parse("10.0.0.1:80,[::1]:80").is_err());
        assert!(Target::parse("10.0.0.1:99999,10.0.0.2:80").is_err());
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn hex_lines_match_tshark() {
        let mut out = String::new();
        write_hex_chunk(&mut out, "\t", 0x170, b"-alive\r\n\r\n");
        assert_eq!(
            out,
            "\t00000170  2d 61 6c 69 76 65 0d 0a  0d 0a                    -alive.. ..\n"
        );
        out.clear();
        write_hex_chunk(&mut out, "", 0, b"ote syste");
        assert_eq!(
            out,
            "00000000  6f 74 65 20 73 79 73 74  65                       ote syst e\n"
        );
    }
}

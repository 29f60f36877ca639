//! What the fuzz targets run, kept out of the `fuzz_target!` bodies so that the seed generator
//! (`fuzz-seed`) writes inputs in exactly the format the targets read, and so that a crashing input can be
//! replayed by a plain test.
//!
//! Every function here panics only when wiresift breaks one of its own rules (a dissector panics, an item
//! points outside its bytes, random access disagrees with sequential reading): a panic is a bug found.

use std::borrow::Cow;

mod display_filter;

pub use display_filter::{GENERATED, check_text, dictionary, filter_input, generate, test_filters};

use dissect::{Dissector, FrameMeta, Interest, PacketTree};
use fields::format::write_field_value;
use output::summary::{FrameTimes, SummaryOptions, TimeFormat, write_summary};

/// The link types a dissect input can choose, by its selector byte modulo the table length: every
/// LINKTYPE_ that `dissect::dispatch::by_link_type` dispatches on, then two it does not (802.11 and
/// radiotap, which tshark dissects but wiresift shows as undissected `WTAP_ENCAP` frames).
pub const LINK_TYPES: &[u32] = &[
    1,   // Ethernet
    0,   // BSD loopback (NULL)
    108, // OpenBSD loopback (LOOP)
    101, // raw IP
    12,  // raw IP (OpenBSD's number)
    14,  // raw IP (another old number)
    228, // raw IPv4
    229, // raw IPv6
    113, // Linux cooked v1 (SLL)
    276, // Linux cooked v2 (SLL2)
    9,   // PPP
    50,  // PPP in HDLC framing
    10,  // FDDI
    239, // NFLOG
    105, // 802.11 (not dissected)
    127, // radiotap (not dissected)
];

/// Bytes in front of each frame of a dissect input.
pub const RECORD_HEADER: usize = 5;

/// One frame of a dissect input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    pub link_type: u32,
    /// The length on the wire minus the captured length (negative values are corrupt files' lengths).
    pub wire_delta: i8,
    /// Seconds since the previous frame (negative: time went backwards, as in merged captures).
    pub time_step: i8,
    pub data: &'a [u8],
}

/// Splits a dissect input into frames. Each record is
///
/// ```text
/// selector: u8   link type = LINK_TYPES[selector % LINK_TYPES.len()]
/// length:   u16  big-endian; the last record takes whatever is left when fewer bytes remain
/// delta:    i8   original length = captured length + delta (at least 0)
/// step:     i8   timestamp = previous frame's + step seconds
/// data:     [u8; length]
/// ```
///
/// so one input is several frames through one [`Dissector`], and IP reassembly, ARP and ICMP echo state
/// carry from frame to frame as in a real capture. Trailing bytes too short for a header are ignored.
pub fn records(mut input: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        if input.len() < RECORD_HEADER {
            return None;
        }
        let link_type = LINK_TYPES[input[0] as usize % LINK_TYPES.len()];
        let len =
            (u16::from_be_bytes([input[1], input[2]]) as usize).min(input.len() - RECORD_HEADER);
        let wire_delta = input[3] as i8;
        let time_step = input[4] as i8;
        let data = &input[RECORD_HEADER..RECORD_HEADER + len];
        input = &input[RECORD_HEADER + len..];
        Some(Record {
            link_type,
            wire_delta,
            time_step,
            data,
        })
    })
}

/// Appends one record to a dissect input (the inverse of [`records`]); `None` if the link type is not in
/// [`LINK_TYPES`] or the frame is longer than a record can say.
pub fn push_record(
    out: &mut Vec<u8>,
    link_type: u32,
    original_len: u32,
    time_step: i8,
    data: &[u8],
) -> Option<()> {
    let selector = LINK_TYPES.iter().position(|&l| l == link_type)? as u8;
    let len = u16::try_from(data.len()).ok()?;
    let delta =
        (original_len as i64 - data.len() as i64).clamp(i8::MIN as i64, i8::MAX as i64) as i8;
    out.push(selector);
    out.extend_from_slice(&len.to_be_bytes());
    out.push(delta as u8);
    out.push(time_step as u8);
    out.extend_from_slice(data);
    Some(())
}

/// A frame of a dissect input as the dissector sees it, numbered and timed.
#[derive(Debug, Clone, Copy)]
pub struct InputFrame<'a> {
    pub number: u64,
    pub secs: i64,
    pub nanos: u32,
    pub link_type: u32,
    pub original_len: u32,
    pub data: &'a [u8],
}

/// The frames of a dissect input: [`records`] numbered from 1 and timed from an arbitrary epoch (the
/// nanoseconds vary so that time deltas are not all whole seconds).
pub fn frames(input: &[u8]) -> impl Iterator<Item = InputFrame<'_>> {
    let mut secs: i64 = 1_600_000_000;
    records(input).enumerate().map(move |(i, record)| {
        secs += record.time_step as i64;
        InputFrame {
            number: i as u64 + 1,
            secs,
            nanos: (i as u32).wrapping_mul(1_000_003) % 1_000_000_000,
            link_type: record.link_type,
            original_len: (record.data.len() as i64 + record.wire_delta as i64).max(0) as u32,
            data: record.data,
        }
    })
}

/// Dissects every frame of a dissect input twice, each pass with its own [`Dissector`] for the whole input:
/// once wanting everything (as `-V` does), once wanting only the columns (the default summary output, where
/// dissectors skip the fields nobody asked for). Every item is rendered and checked.
pub fn dissect_input(input: &[u8]) {
    let mut runs = [
        Run::new(Interest::everything(dissect::registry())),
        Run::new(columns_only()),
    ];
    for frame in frames(input) {
        let meta = FrameMeta {
            number: frame.number,
            secs: frame.secs,
            nanos: frame.nanos,
            interface_id: None,
            section_number: None,
            link_type: frame.link_type,
            original_len: frame.original_len,
            comments: &[],
            interface_name: None,
            interface_description: None,
        };
        for run in &mut runs {
            run.frame(&meta, frame.data);
        }
    }
}

/// Opens bytes as a capture file (pcap or pcapng, maybe compressed), reads every frame and dissects it as
/// `wiresift -r` would, then, when the input allows random access, reads every frame again by its offset and
/// checks it is the frame read in sequence.
pub fn read_capture(input: &[u8]) {
    let Ok(mut reader) = capfile::CaptureReader::from_bytes(input.to_vec()) else {
        return;
    };
    let _ = reader.interfaces().len() + reader.sections().len() + reader.secrets().len();
    let is_pcapng = matches!(reader.format(), capfile::FileFormat::Pcapng);
    let mut run = Run::new(Interest::everything(dissect::registry()));
    let mut seen: Vec<(u64, u64, Vec<u8>)> = Vec::new();
    while let Ok(Some(frame)) = reader.next_frame() {
        let comments: &[Cow<'_, str>] = &frame.comments;
        let meta = FrameMeta {
            number: frame.number,
            secs: frame.timestamp.secs,
            nanos: frame.timestamp.nanos,
            interface_id: is_pcapng.then_some(frame.interface_id),
            section_number: None,
            link_type: frame.link_type.0,
            original_len: frame.original_len,
            comments,
            interface_name: frame.interface.name.as_deref(),
            interface_description: frame.interface.description.as_deref(),
        };
        run.frame(&meta, frame.data);
        // Only the first frames are kept for the random-access check: memory stays bounded by the input.
        if seen.len() < 64 {
            seen.push((frame.number, frame.file_offset, frame.data.to_vec()));
        }
    }
    let _ = reader.name_records().len();
    if reader.supports_random_access() {
        for (number, offset, data) in &seen {
            let frame = reader
                .frame_at(*offset, *number)
                .expect("a frame read in sequence can be read again at its offset");
            assert_eq!(frame.number, *number);
            assert_eq!(
                frame.data,
                &data[..],
                "frame {number} read at its offset differs"
            );
        }
    }
}

/// The interest of a plain `wiresift -r FILE`: the columns, no fields.
fn columns_only() -> Interest {
    let mut interest = Interest::nothing(dissect::registry());
    interest.columns = true;
    interest
}

/// One pass over a capture: a dissector, its tree, and the text every frame is rendered into.
struct Run {
    dissector: Dissector,
    tree: PacketTree,
    text: String,
    first_ns: Option<i128>,
    previous_ns: Option<i128>,
}

impl Run {
    fn new(interest: Interest) -> Run {
        Run {
            dissector: Dissector::new(),
            tree: PacketTree::new(interest),
            text: String::new(),
            first_ns: None,
            previous_ns: None,
        }
    }

    fn frame(&mut self, meta: &FrameMeta<'_>, data: &[u8]) {
        self.dissector.dissect(meta, data, &mut self.tree);
        check_tree(&self.tree, data);
        self.text.clear();
        let registry = dissect::registry();
        for item in self.tree.items() {
            write_field_value(registry, &self.tree, data, item, &mut self.text);
            if let Some(label) = self.tree.label(item) {
                self.text.push_str(label);
            }
            self.text.clear();
        }
        let now = meta.secs as i128 * 1_000_000_000 + meta.nanos as i128;
        let first = *self.first_ns.get_or_insert(now);
        let previous = self.previous_ns.replace(now).unwrap_or(now);
        let times = FrameTimes {
            number: meta.number,
            epoch_secs: meta.secs,
            epoch_nanos: meta.nanos,
            relative_ns: now - first,
            delta_ns: now - previous,
            delta_displayed_ns: now - previous,
            cap_len: data.len(),
            wire_len: meta.original_len,
        };
        for time_format in [TimeFormat::Relative, TimeFormat::Epoch, TimeFormat::UtcDate] {
            let options = SummaryOptions {
                time_format,
                precision: 9,
            };
            write_summary(&mut self.text, &self.tree, &times, &options);
            self.text.clear();
        }
        self.dissector.mark_displayed(meta);
    }
}

/// The tree's own invariants: parents come before their children, and every item read from the packet lies
/// within its source (the frame, or reassembled data in the arena). Generated items are exempt from the
/// latter because tshark's are too: a too-long IP fragment is listed with its own length over the shorter
/// reassembled data (tshark's PDML shows it as "field length invalid!"), and printers must cope.
fn check_tree(tree: &PacketTree, frame: &[u8]) {
    let registry = dissect::registry();
    for (i, item) in tree.items().iter().enumerate() {
        let name = registry.field(item.field).abbrev;
        assert!(
            item.parent == fields::ItemIdx::ROOT.0 || (item.parent as usize) < i,
            "item {i} ({name}) has parent {} after it",
            item.parent
        );
        assert!(
            (item.source as usize) <= tree.sources().len(),
            "item {i} ({name}) names source {} of {}",
            item.source,
            tree.sources().len()
        );
        if item.flags & fields::tree::flags::GENERATED != 0 {
            continue;
        }
        let source_len = tree.source_bytes(frame, item.source).len() as u64;
        assert!(
            item.offset as u64 + item.len as u64 <= source_len,
            "item {i} ({name}) covers {}..{} of a {source_len}-byte source",
            item.offset,
            item.offset as u64 + item.len as u64
        );
    }
}

/// TCP stream reassembly fed random segments: each record of the input is a segment (a sequence
/// number offset, a skip bit as the analysis would set it for a retransmission, and its payload) of one
/// direction, cut into PDUs by a two-byte length prefix (DNS over TCP's framing). Small limits make the
/// caps trip often; after every segment the bytes held must stay within them and agree with the count.
pub fn reassembly_input(input: &[u8]) {
    use dissect::flow::stream::{PduLength, StreamDirection, StreamLimits, StreamProtocol};

    fn prefixed(bytes: &[u8]) -> PduLength {
        match bytes {
            [a, b, ..] => PduLength::Known(2 + u16::from_be_bytes([*a, *b]) as usize),
            _ => PduLength::NeedMore,
        }
    }
    fn nothing(_: &mut dissect::Cx, _: &[u8], _: usize, _: fields::ItemIdx) -> usize {
        0
    }
    static PREFIXED: StreamProtocol = StreamProtocol {
        name: "fuzz",
        proto: fields::ProtoId(0),
        pdu_length: |bytes, _| prefixed(bytes),
        pdu_found: None,
        dissect: nothing,
        held: None,
        pdu_size: true,
        layer_per_run: false,
        item_per_run: false,
        hands_over_to: &[],
        called_on_start: false,
    };
    let limits = StreamLimits {
        max_pdu_bytes: 4096,
        max_total_bytes: 6000,
    };
    let mut dirs = [StreamDirection::default(), StreamDirection::default()];
    let mut held = 0usize;
    let mut seq = [0u32; 2];
    let mut out = Vec::new();
    for (frame, r) in records(input).enumerate() {
        let d = (r.link_type & 1) as usize;
        let skip = r.link_type & 2 != 0;
        // The sequence number moves on from the last segment by a signed step from the record, so that
        // overlaps, gaps, repeats and wrap-around all come up.
        let step = r.wire_delta as i32 * 97 + r.time_step as i32;
        seq[d] = seq[d].wrapping_add(step as u32);
        out.clear();
        let (direction, peer) = dissect::flow::stream::split(&mut dirs, d);
        direction.segment(
            peer,
            &PREFIXED,
            frame as u64 + 1,
            seq[d],
            r.data,
            skip,
            limits,
            &mut held,
            &mut out,
        );
        seq[d] = seq[d].wrapping_add(r.data.len() as u32);
        assert!(held <= limits.max_total_bytes, "held {held}");
        assert_eq!(held, dirs[0].held_bytes() + dirs[1].held_bytes());
        assert!(dirs[d].held_bytes() <= limits.max_pdu_bytes);
    }
}

/// DNS messages over UDP and TCP: each record of the input (kind: u8, length: u16, step: i8, then the
/// bytes) becomes an IPv4 frame carrying its bytes, by the low bits of `kind`, as a DNS, mDNS or LLMNR
/// datagram or as a segment of one DNS-over-TCP connection in either direction (the sequence number moves
/// on by the previous segment's length plus `step`, so gaps, overlaps and retransmissions come up and
/// messages run across segments). Every frame goes through a run wanting everything and one wanting the
/// columns, and every item is rendered and checked, as in [`dissect_input`].
pub fn dns_input(mut input: &[u8]) {
    let mut runs = [
        Run::new(Interest::everything(dissect::registry())),
        Run::new(columns_only()),
    ];
    let mut seq = [1000u32, 5000u32];
    let mut number = 0u64;
    let mut frame = Vec::new();
    while input.len() >= 4 {
        let kind = input[0];
        let len = (u16::from_be_bytes([input[1], input[2]]) as usize).min(input.len() - 4);
        let step = input[3] as i8;
        let payload = &input[4..4 + len];
        input = &input[4 + len..];
        number += 1;
        let reply = kind & 4 != 0;
        let (client, server) = ([10, 0, 0, 1], [10, 0, 0, 2]);
        let (src, dst) = if reply {
            (server, client)
        } else {
            (client, server)
        };
        let tcp = kind & 3 == 3;
        let port: u16 = match kind & 3 {
            0 | 3 => 53,
            1 => 5353,
            _ => 5355,
        };
        let (sport, dport) = if reply { (port, 40000) } else { (40000, port) };
        let header = if tcp { 20 } else { 8 };
        let total = (20 + header + payload.len()).min(u16::MAX as usize);
        frame.clear();
        frame.extend_from_slice(&[
            0x45,
            0,
            0,
            0,
            0,
            1,
            0x40,
            0,
            64,
            if tcp { 6 } else { 17 },
            0,
            0,
        ]);
        frame[2..4].copy_from_slice(&(total as u16).to_be_bytes());
        frame.extend_from_slice(&src);
        frame.extend_from_slice(&dst);
        frame.extend_from_slice(&sport.to_be_bytes());
        frame.extend_from_slice(&dport.to_be_bytes());
        if tcp {
            let d = reply as usize;
            seq[d] = seq[d].wrapping_add(step as i32 as u32);
            frame.extend_from_slice(&seq[d].to_be_bytes());
            frame.extend_from_slice(&seq[1 - d].to_be_bytes());
            frame.extend_from_slice(&[0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
            seq[d] = seq[d].wrapping_add(payload.len() as u32);
        } else {
            let udp_len = (8 + payload.len()).min(u16::MAX as usize) as u16;
            frame.extend_from_slice(&udp_len.to_be_bytes());
            frame.extend_from_slice(&[0, 0]);
        }
        frame.extend_from_slice(payload);
        let meta = FrameMeta {
            number,
            secs: 1_600_000_000 + number as i64 * (step as i64 & 7),
            nanos: (number as u32).wrapping_mul(1_000_003) % 1_000_000_000,
            interface_id: None,
            section_number: None,
            link_type: 228,
            original_len: frame.len() as u32,
            comments: &[],
            interface_name: None,
            interface_description: None,
        };
        for run in &mut runs {
            run.frame(&meta, &frame);
        }
    }
}

/// One application payload sent over UDP, in an Ethernet frame with an IPv4 (or, for `v6`, IPv6)
/// header whose lengths fit it, so that the fuzzer's bytes reach the port's dissector whole.
pub fn udp_frame(v6: bool, sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    // IPv4's total length is 16 bits; keep the datagram within it.
    let payload = &payload[..payload.len().min(65_000)];
    let udp_len = (8 + payload.len()) as u16;
    let mut f = vec![0xff; 6];
    f.extend_from_slice(&[0x02, 0, 0, 0, 0, 1]);
    if v6 {
        f.extend_from_slice(&[0x86, 0xdd, 0x60, 0, 0, 0]);
        f.extend_from_slice(&udp_len.to_be_bytes());
        f.extend_from_slice(&[17, 1]);
        f.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        f.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2]);
    } else {
        f.extend_from_slice(&[0x08, 0x00, 0x45, 0]);
        f.extend_from_slice(&(udp_len + 20).to_be_bytes());
        f.extend_from_slice(&[0, 0, 0, 0, 64, 17, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255]);
    }
    f.extend_from_slice(&sport.to_be_bytes());
    f.extend_from_slice(&dport.to_be_bytes());
    f.extend_from_slice(&udp_len.to_be_bytes());
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(payload);
    f
}

/// Dissects whole frames (Ethernet) as [`dissect_input`] does its records: twice, wanting everything and
/// wanting the columns only, every item rendered and checked.
fn dissect_ethernet_frames(frames: &[Vec<u8>]) {
    let mut runs = [
        Run::new(Interest::everything(dissect::registry())),
        Run::new(columns_only()),
    ];
    for (i, data) in frames.iter().enumerate() {
        let meta = FrameMeta {
            number: i as u64 + 1,
            secs: 1_600_000_000 + i as i64,
            nanos: 0,
            interface_id: None,
            section_number: None,
            link_type: 1,
            original_len: data.len() as u32,
            comments: &[],
            interface_name: None,
            interface_description: None,
        };
        for run in &mut runs {
            run.frame(&meta, data);
        }
    }
}

/// The bytes as a DHCP/BOOTP message from client to server (UDP 68 to 67), and again from server to
/// client, so that both directions' paths run.
pub fn dhcp_input(payload: &[u8]) {
    dissect_ethernet_frames(&[
        udp_frame(false, 68, 67, payload),
        udp_frame(false, 67, 68, payload),
    ]);
}

/// The bytes as a DHCPv6 message from client to server (UDP 546 to 547), and as one between relays
/// (547 to 547).
pub fn dhcpv6_input(payload: &[u8]) {
    dissect_ethernet_frames(&[
        udp_frame(true, 546, 547, payload),
        udp_frame(true, 547, 547, payload),
    ]);
}

/// HTTP over one TCP connection on port 80: each record of the input (direction and flags: u8,
/// length: u16, step: i8, then the bytes) is a segment from the client (low bit 0) or the server, its
/// sequence number moved on by the previous segment's length plus `step` (gaps, overlaps and
/// retransmissions come up, messages run across segments); bit 1 sets FIN. Every frame goes through a
/// run wanting everything and one wanting the columns, and every item is rendered and checked.
pub fn http_input(input: &[u8]) {
    tcp_stream_input(&[], input);
}

/// WebSocket after an HTTP upgrade: a handshake (with permessage-deflate and its parameters picked by
/// the first byte), then the rest of the input as segments, as in [`http_input`].
pub fn websocket_input(input: &[u8]) {
    let Some((&pick, rest)) = input.split_first() else {
        return;
    };
    let request: &[u8] =
        b"GET /chat HTTP/1.1\r\nHost: fuzz\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
    let extensions: &[u8] = match pick & 3 {
        0 => b"",
        1 => b"Sec-WebSocket-Extensions: permessage-deflate\r\n",
        2 => b"Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n",
        _ => b"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n",
    };
    let mut response =
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            .to_vec();
    response.extend_from_slice(extensions);
    response.extend_from_slice(b"\r\n");
    // The server's first frames may share the segment of the 101.
    let mut rest = rest;
    if pick & 4 != 0 && !rest.is_empty() {
        let n = (rest[0] as usize).min(rest.len() - 1);
        response.extend_from_slice(&rest[1..1 + n]);
        rest = &rest[1 + n..];
    }
    tcp_stream_input(&[(false, request), (true, &response)], rest);
}

/// SSH on port 22: a version exchange (both lines in whole segments when the first byte says so), then
/// the rest of the input as segments, as in [`http_input`]: KEXINITs, key exchange, NEWKEYS and
/// encrypted packets, with the per-direction state they drive.
pub fn ssh_input(input: &[u8]) {
    let Some((&pick, rest)) = input.split_first() else {
        return;
    };
    let client: &[u8] = b"SSH-2.0-OpenSSH_9.2p1 fuzz\r\n";
    let server: &[u8] = b"SSH-2.0-OpenSSH_9.2p1 server\r\n";
    let preamble: &[(bool, &[u8])] = if pick & 1 != 0 {
        &[(false, client), (true, server)]
    } else {
        &[]
    };
    tcp_stream_input_on(22, preamble, rest);
}

/// TLS on port 443: records of any content type, handshake messages and extensions, SSLv2 hellos,
/// cut across segments as the input says.
pub fn tls_input(input: &[u8]) {
    tcp_stream_input_on(443, &[], input);
}

/// TLS 1.2 with a NULL-encryption suite on port 443: a ClientHello offering it, a ServerHello choosing
/// it (TLS_RSA_WITH_NULL_SHA256, TLS_RSA_WITH_NULL_SHA or TLS_PSK_WITH_NULL_SHA384 by the first byte, so
/// MACs of 32, 20 and 48 bytes are stripped) and a ChangeCipherSpec each way, then the rest of the input
/// as segments, as in [`http_input`]. NULL suites are read without keys, so every record after the
/// preamble goes through the decrypted-plaintext path: handshake messages (Finished, renegotiation,
/// tickets), alerts and application data handed to HTTP and reassembled across records.
pub fn tls_null_input(input: &[u8]) {
    tls_null_runs(input);
}

/// [`tls_null_input`], returning the runs (`None` for an empty input).
fn tls_null_runs(input: &[u8]) -> Option<[Run; 2]> {
    let (&pick, rest) = input.split_first()?;
    let suite: u16 = match pick & 3 {
        1 => 0x0002,
        2 => 0x00b1,
        _ => 0x003b,
    };
    let [hi, lo] = suite.to_be_bytes();
    let client_hello = tls_handshake_record(1, &{
        let mut body = vec![3, 3];
        body.extend((0..32u8).map(|i| i.wrapping_mul(7)));
        body.push(0); // no session id
        body.extend_from_slice(&[0, 2, hi, lo]);
        body.extend_from_slice(&[1, 0]); // null compression
        body.extend_from_slice(&[0, 0]); // no extensions
        body
    });
    let server_hello = tls_handshake_record(2, &{
        let mut body = vec![3, 3];
        body.extend((0..32u8).map(|i| i.wrapping_mul(13).wrapping_add(1)));
        body.push(0);
        body.extend_from_slice(&[hi, lo, 0]);
        body.extend_from_slice(&[0, 0]);
        body
    });
    let ccs: &[u8] = &[20, 3, 3, 0, 1, 1];
    tcp_stream_runs(
        443,
        &[
            (false, &client_hello),
            (true, &server_hello),
            (false, ccs),
            (true, ccs),
        ],
        rest,
    )
    .into()
}

/// One TLS 1.2 handshake record holding one message of `kind`.
fn tls_handshake_record(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut record = vec![22, 3, 3];
    record.extend_from_slice(&((body.len() + 4) as u16).to_be_bytes());
    record.push(kind);
    record.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    record.extend_from_slice(body);
    record
}

/// Runs `preamble` (whole segments, `true` from the server) and then the records of `input` over one
/// TCP connection between 10.0.0.1:40000 and 10.0.0.2:80.
fn tcp_stream_input(preamble: &[(bool, &[u8])], input: &[u8]) {
    tcp_stream_input_on(80, preamble, input);
}

/// [`tcp_stream_input`] with the server on `port`.
fn tcp_stream_input_on(port: u16, preamble: &[(bool, &[u8])], input: &[u8]) {
    tcp_stream_runs(port, preamble, input);
}

/// [`tcp_stream_input_on`], returning the two runs (everything wanted, columns only) with the last
/// frame's trees, so that a test can see where the input went.
fn tcp_stream_runs(port: u16, preamble: &[(bool, &[u8])], mut input: &[u8]) -> [Run; 2] {
    let mut runs = [
        Run::new(Interest::everything(dissect::registry())),
        Run::new(columns_only()),
    ];
    let mut seq = [1000u32, 5000u32];
    let mut number = 0u64;
    let mut frame = Vec::new();
    let mut segment = |number: u64, reply: bool, fin: bool, step: i8, payload: &[u8]| {
        let (client, server) = ([10, 0, 0, 1], [10, 0, 0, 2]);
        let (src, dst, sport, dport) = if reply {
            (server, client, port, 40000u16)
        } else {
            (client, server, 40000, port)
        };
        let payload = &payload[..payload.len().min(65_000)];
        let total = 40 + payload.len();
        frame.clear();
        frame.extend_from_slice(&[0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 6, 0, 0]);
        frame[2..4].copy_from_slice(&(total as u16).to_be_bytes());
        frame.extend_from_slice(&src);
        frame.extend_from_slice(&dst);
        frame.extend_from_slice(&sport.to_be_bytes());
        frame.extend_from_slice(&dport.to_be_bytes());
        let d = reply as usize;
        seq[d] = seq[d].wrapping_add(step as i32 as u32);
        frame.extend_from_slice(&seq[d].to_be_bytes());
        frame.extend_from_slice(&seq[1 - d].to_be_bytes());
        frame.extend_from_slice(&[0x50, if fin { 0x19 } else { 0x18 }, 0xff, 0xff, 0, 0, 0, 0]);
        seq[d] = seq[d].wrapping_add(payload.len() as u32 + u32::from(fin));
        frame.extend_from_slice(payload);
        let meta = FrameMeta {
            number,
            secs: 1_600_000_000 + number as i64,
            nanos: (number as u32).wrapping_mul(1_000_003) % 1_000_000_000,
            interface_id: None,
            section_number: None,
            link_type: 228,
            original_len: frame.len() as u32,
            comments: &[],
            interface_name: None,
            interface_description: None,
        };
        for run in &mut runs {
            run.frame(&meta, &frame);
        }
    };
    for &(reply, bytes) in preamble {
        number += 1;
        segment(number, reply, false, 0, bytes);
    }
    while input.len() >= 4 {
        let kind = input[0];
        let len = (u16::from_be_bytes([input[1], input[2]]) as usize).min(input.len() - 4);
        let step = input[3] as i8;
        let payload = &input[4..4 + len];
        input = &input[4 + len..];
        number += 1;
        segment(number, kind & 1 != 0, kind & 2 != 0, step, payload);
    }
    runs
}

/// SMTP on port 25 and the mail it carries (IMF, MIME multipart): the first byte picks a preamble of
/// greeting, EHLO and DATA with its 354, so that the rest is often in the DATA phase (a message put
/// together up to ".", then dissected as IMF with its multipart parts); otherwise the input starts in
/// the command phase.
pub fn smtp_input(input: &[u8]) {
    let Some((&pick, rest)) = input.split_first() else {
        return;
    };
    let preamble: &[(bool, &[u8])] = if pick & 1 != 0 {
        &[
            (true, b"220 mail.example ESMTP\r\n"),
            (false, b"EHLO fuzz.example\r\n"),
            (true, b"250-mail.example\r\n250 AUTH PLAIN LOGIN\r\n"),
            (false, b"DATA\r\n"),
            (true, b"354 End data with <CR><LF>.<CR><LF>\r\n"),
        ]
    } else {
        &[]
    };
    tcp_stream_input_on(25, preamble, rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The NULL-suite preamble really puts the fuzzed records on the decrypted path: a client record of
    /// application data (an HTTP request and a 32-byte SHA-256 MAC) becomes a "Decrypted TLS" source
    /// dissected as HTTP.
    #[test]
    fn tls_null_records_are_decrypted_and_reach_http() {
        let mut record = vec![23, 3, 3];
        let request = b"GET /fuzz HTTP/1.1\r\nHost: x\r\n\r\n";
        record.extend_from_slice(&((request.len() + 32) as u16).to_be_bytes());
        record.extend_from_slice(request);
        record.extend_from_slice(&[0xaa; 32]);
        let mut input = vec![0u8, 0];
        input.extend_from_slice(&(record.len() as u16).to_be_bytes());
        input.push(0);
        input.extend_from_slice(&record);
        let runs = tls_null_runs(&input).expect("runs");
        let tree = &runs[0].tree;
        assert!(
            tree.sources().iter().any(|s| s.name == "Decrypted TLS"),
            "no decrypted source: {:?}",
            tree.sources()
        );
        assert!(tree.layers.contains(&"http"), "layers {:?}", tree.layers);
        let uri = dissect::registry()
            .lookup("http.request.uri")
            .expect("field");
        let mut text = String::new();
        for item in tree.occurrences(uri) {
            write_field_value(dissect::registry(), tree, &[], item, &mut text);
        }
        assert_eq!(text, "/fuzz");
    }
}

//! WebSocket (RFC 6455) after HTTP's Upgrade, with permessage-deflate (RFC 7692), as tshark 4.0 shows it.
//!
//! HTTP hands the connection over on a `101 Switching Protocols` whose Upgrade header says `websocket`
//! ([`upgraded`] keeps what the handshake negotiated); TCP's stream reassembly then cuts frames with
//! [`pdu_length`] and [`dissect`] shows each one. What tshark 4.0 does, and so what this does (checked
//! with hand-made captures and the corpus):
//! - Info is set afresh by each frame (`WebSocket Text [FIN] [MASKED]`), so a segment of several frames
//!   shows the last; the layer is listed once per run of frames in a segment (`layer_per_run`).
//! - Fragments of a data message are put together per conversation and pair of addresses (so both
//!   directions of a loopback conversation share one message), each continuation appended to what is
//!   there. The message takes the opcode of the conversation's latest first fragment, whichever
//!   direction sent it; a lone final continuation is a message of one fragment.
//! - A frame is decompressed when the extension was negotiated and its own RSV1 bit is set: a message
//!   compressed in fragments is shown as it is (its last fragment has no RSV1). The contexts follow
//!   Wireshark's reading of the parameters: messages *to* the server port use `server_no_context_takeover`,
//!   messages to the client `client_no_context_takeover`. A context that failed once stays failed.
//! - Payloads are unmasked up to [`MAX_UNMASKED`] bytes, as Wireshark's default limit.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity};
use crate::flow::stream::{PduLength, StreamProtocol};
use crate::reassembly::{FragmentFields, FragmentInfo, Reassembled};

fields::declare_protocol! {
    proto WEBSOCKET = super::ids::WEBSOCKET, "WebSocket", "WebSocket", "websocket";
    FIN: "websocket.fin", "Fin", Boolean, Bits(8), mask 0x80, tf ("True", "False"), blurb "Indicates that this is the final fragment in a message";
    RSV: "websocket.rsv", "Reserved", UInt8, Hex, mask 0x70, blurb "Must be zero";
    PMC: "websocket.pmc", "Per-Message Compressed", Boolean, Bits(8), mask 0x40, tf ("True", "False"), blurb "Whether a message is compressed or not";
    OPCODE: "websocket.opcode", "Opcode", UInt8, Dec, mask 0x0f, values OPCODE_NAMES, blurb "Defines the interpretation of the Payload data";
    MASK: "websocket.mask", "Mask", Boolean, Bits(8), mask 0x80, tf ("True", "False"), blurb "Defines whether the Payload data is masked";
    PAYLOAD_LENGTH: "websocket.payload_length", "Payload length", UInt8, Dec, mask 0x7f, blurb "The length of the Payload data";
    PAYLOAD_LENGTH_EXT_16: "websocket.payload_length_ext_16", "Extended Payload length (16 bits)", UInt16, Dec, blurb "The length (16 bits) of the Payload data";
    PAYLOAD_LENGTH_EXT_64: "websocket.payload_length_ext_64", "Extended Payload length (64 bits)", UInt64, Dec, blurb "The length (64 bits) of the Payload data";
    MASKING_KEY: "websocket.masking_key", "Masking-Key", Bytes, None, blurb "All frames sent from the client to the server are masked by a 32-bit value that is contained within the frame";
    PAYLOAD: "websocket.payload", "Payload", None, None, blurb "Payload (after unmasking)";
    MASKED_PAYLOAD: "websocket.masked_payload", "Masked payload", None, None;
    PAYLOAD_CONTINUE: "websocket.payload.continue", "Continue", Bytes, None;
    PAYLOAD_TEXT: "websocket.payload.text", "Text", String, None;
    PAYLOAD_CLOSE: "websocket.payload.close", "Close", None, None;
    CLOSE_STATUS_CODE: "websocket.payload.close.status_code", "Status code", UInt16, Dec, values CLOSE_STATUS_NAMES;
    CLOSE_REASON: "websocket.payload.close.reason", "Reason", String, None;
    PAYLOAD_PING: "websocket.payload.ping", "Ping", Bytes, None;
    PAYLOAD_PONG: "websocket.payload.pong", "Pong", Bytes, None;
    PAYLOAD_UNKNOWN: "websocket.payload.unknown", "Unknown", Bytes, None;
    FRAGMENTS: "websocket.fragments", "Reassembled websocket Fragments", None, None, blurb "Fragments";
    FRAGMENT: "websocket.fragment", "Websocket Fragment", FrameNum, None;
    FRAGMENT_OVERLAP: "websocket.fragment.overlap", "Fragment overlap", Boolean, Bits(0), blurb "Fragment overlaps with other fragments";
    FRAGMENT_OVERLAP_CONFLICT: "websocket.fragment.overlap.conflict", "Conflicting data in fragment overlap", Boolean, Bits(0), blurb "Overlapping fragments contained conflicting data";
    FRAGMENT_MULTIPLE_TAILS: "websocket.fragment.multipletails", "Multiple tail fragments found", Boolean, Bits(0), blurb "Several tails were found when defragmenting the packet";
    FRAGMENT_TOO_LONG: "websocket.fragment.toolongfragment", "Fragment too long", Boolean, Bits(0), blurb "Fragment contained data past end of packet";
    FRAGMENT_ERROR: "websocket.fragment.error", "Defragmentation error", FrameNum, None, blurb "Defragmentation error due to illegal fragments";
    FRAGMENT_COUNT: "websocket.fragment.count", "Fragment count", UInt32, Dec;
    REASSEMBLED_LENGTH: "websocket.reassembled.length", "Reassembled websocket Payload length", UInt32, Dec, blurb "The total length of the reassembled payload";
    UNKNOWN_EXPERT: "websocket.payload.unknown.expert", "Dissector for Websocket Opcode", None, None;
    DECOMPRESSION_FAILED: "websocket.decompression.failed.expert", "Decompression failed", None, None;
}

static OPCODE_NAMES: &[(u64, &str)] = &[
    (0, "Continuation"),
    (1, "Text"),
    (2, "Binary"),
    (8, "Connection Close"),
    (9, "Ping"),
    (10, "Pong"),
];

static CLOSE_STATUS_NAMES: &[(u64, &str)] = &[
    (1000, "Normal Closure"),
    (1001, "Going Away"),
    (1002, "Protocol error"),
    (1003, "Unsupported Data"),
    (1004, "---Reserved----"),
    (1005, "No Status Rcvd"),
    (1006, "Abnormal Closure"),
    (1007, "Invalid frame payload data"),
    (1008, "Policy Violation"),
    (1009, "Message Too Big"),
    (1010, "Mandatory Ext."),
    (1011, "Internal Server"),
    (1015, "TLS handshake"),
];

const CONTINUATION: u8 = 0;
const TEXT: u8 = 1;
const BINARY: u8 = 2;

/// WebSocket as a TCP stream protocol (after HTTP handed the connection over).
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "websocket",
    proto: WEBSOCKET,
    pdu_length: |bytes, _| pdu_length(bytes),
    pdu_found: None,
    dissect: dissect_pdus,
    held: None,
    called_on_start: false,
    pdu_size: true,
    layer_per_run: true,
    item_per_run: false,
    hands_over_to: &[],
};

static FRAGMENT_FIELDS: FragmentFields = FragmentFields {
    name: "Reassembled websocket",
    noun: "Fragments",
    source_name: "Reassembled Message",
    fragments: FRAGMENTS,
    fragments_are_bytes: false,
    fragment: FRAGMENT,
    error: FRAGMENT_ERROR,
    overlap: FRAGMENT_OVERLAP,
    overlap_conflict: FRAGMENT_OVERLAP_CONFLICT,
    multiple_tails: FRAGMENT_MULTIPLE_TAILS,
    too_long: FRAGMENT_TOO_LONG,
    count: FRAGMENT_COUNT,
    reassembled_length: REASSEMBLED_LENGTH,
    reassembled_data: None,
};

/// Masked payloads are unmasked (and dissected) up to this many bytes, Wireshark's default limit.
pub const MAX_UNMASKED: usize = 256 * 1024;

/// A decompressed message is cut at this size; a note says so. Small enough that a compression bomb
/// costs little.
pub const MAX_DECOMPRESSED: usize = 10 << 20;

/// Bytes one fragmented message may hold while it is put together; past it the message is given up.
pub const MAX_MESSAGE: usize = 16 << 20;

/// Fragments one message may have; past it the message is given up.
const MAX_FRAGMENTS: usize = 4096;

/// Bytes all messages in reassembly may hold together.
const MAX_HELD: usize = 64 << 20;

/// Conversations whose state is kept (each may hold two inflate contexts of some 40 KiB); the oldest are
/// dropped past this.
const MAX_CONVERSATIONS: usize = 1024;

/// WebSocket state of the run, per TCP stream.
#[derive(Debug, Default)]
pub struct State {
    conversations: crate::flow::StreamTable<Conversation>,
    /// Bytes held by fragmented messages of all conversations.
    held: usize,
}

#[derive(Debug, Default)]
struct Conversation {
    /// The port of the HTTP server that accepted the upgrade (0 when unknown).
    server_port: u16,
    /// permessage-deflate was negotiated (RSV1 is the Per-Message Compressed bit).
    deflate: Option<Deflate>,
    /// The opcode of the latest first fragment of a data message, the reassembled message's opcode.
    first_fragment_opcode: u8,
    /// Messages being put together, by pair of addresses (see [`message_slot`]).
    messages: [Option<Message>; 2],
}

#[derive(Debug, Default)]
struct Message {
    data: Vec<u8>,
    fragments: Vec<FragmentInfo>,
}

/// The inflate contexts of a conversation that negotiated permessage-deflate.
#[derive(Debug)]
struct Deflate {
    /// For messages sent to the server port, and to the client.
    to_server: Inflater,
    to_client: Inflater,
}

/// How one direction's messages are inflated.
#[derive(Debug)]
enum Inflater {
    /// A fresh context for each message (`*_no_context_takeover`).
    PerMessage,
    /// One context for the direction's whole stream; `None` once it failed, as a zlib stream stays in
    /// error.
    Shared(Option<Box<flate2::Decompress>>),
}

impl Inflater {
    fn new(no_takeover: bool) -> Inflater {
        if no_takeover {
            Inflater::PerMessage
        } else {
            Inflater::Shared(Some(Box::new(flate2::Decompress::new(false))))
        }
    }
}

impl State {
    fn conversation(&mut self, stream: u32) -> &mut Conversation {
        let (conversation, dropped) = self.conversations.entry(stream, MAX_CONVERSATIONS);
        if let Some(c) = dropped {
            self.held -= c.held();
        }
        conversation
    }
}

impl Conversation {
    fn held(&self) -> usize {
        self.messages.iter().flatten().map(|m| m.data.len()).sum()
    }
}

/// Starts the WebSocket state of TCP stream `stream` when HTTP upgrades it: the server's port and the
/// 101 response's Sec-WebSocket-Extensions value (what the server accepted; tshark reads no other).
pub fn upgraded(cx: &mut Cx, stream: u32, server_port: u16, extensions: Option<&str>) {
    let state = &mut cx.state.websocket;
    let old = state.conversation(stream).held();
    state.held -= old;
    let conv = state.conversation(stream);
    *conv = Conversation {
        server_port,
        ..Conversation::default()
    };
    // Wireshark looks for the names anywhere in the header, as substrings.
    if let Some(e) = extensions
        && (e.contains("permessage-deflate") || e.contains("x-webkit-deflate-frame"))
    {
        conv.deflate = Some(Deflate {
            to_server: Inflater::new(e.contains("server_no_context_takeover")),
            to_client: Inflater::new(e.contains("client_no_context_takeover")),
        });
    }
}

/// The length of the frame at `bytes[0]`, as Wireshark reads it: a 64-bit payload length is taken in
/// 32 bits, and the sum wraps as Wireshark's unsigned arithmetic does.
pub fn pdu_length(bytes: &[u8]) -> PduLength {
    let [_, b1, rest @ ..] = bytes else {
        return PduLength::NeedMore;
    };
    let short = u32::from(b1 & 0x7f);
    let (ext, payload) = match short {
        126 => match rest {
            [a, b, ..] => (2, u32::from(u16::from_be_bytes([*a, *b]))),
            _ => return PduLength::NeedMore,
        },
        127 => match rest.get(..8) {
            Some(l) => (8, u64::from_be_bytes(l.try_into().expect("8 bytes")) as u32),
            None => return PduLength::NeedMore,
        },
        n => (0, n),
    };
    let mask = if b1 & 0x80 != 0 { 4 } else { 0 };
    let len = (2u32 + ext + mask).wrapping_add(payload);
    // A wrapped length shorter than the header cannot be a frame: Wireshark gives up on the rest of
    // the segment; here it is one PDU that the dissector reports cut short.
    if len < 2 + ext + mask {
        return PduLength::Known(bytes.len());
    }
    PduLength::Known(len as usize)
}

/// The stream protocol's dissector: the frames in `data[offset..]` (one, when TCP reassembly cut them;
/// all of a segment's when it did not run).
fn dissect_pdus(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let mut at = offset;
    while at < data.len() {
        let n = dissect(cx, data, at, parent);
        if n == 0 {
            break;
        }
        at += n;
    }
    at - offset
}

/// The header of one frame.
struct Header {
    b0: u8,
    b1: u8,
    /// Length of the header (through the masking key).
    len: usize,
    payload_len: u32,
    masking_key: Option<[u8; 4]>,
}

fn header(bytes: &[u8]) -> Option<Header> {
    let (&b0, &b1) = (bytes.first()?, bytes.get(1)?);
    let (ext, payload_len) = match b1 & 0x7f {
        126 => (
            2,
            u32::from(u16::from_be_bytes([*bytes.get(2)?, *bytes.get(3)?])),
        ),
        127 => (
            8,
            u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?) as u32,
        ),
        n => (0, u32::from(n)),
    };
    let key_at = 2 + ext;
    let masking_key = if b1 & 0x80 != 0 {
        Some(bytes.get(key_at..key_at + 4)?.try_into().ok()?)
    } else {
        None
    };
    Some(Header {
        b0,
        b1,
        len: key_at + if masking_key.is_some() { 4 } else { 0 },
        payload_len,
        masking_key,
    })
}

/// Dissects the frame at `data[offset..]` and returns how many bytes it covers (0 when not even its
/// header is there).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let bytes = data.get(offset..).unwrap_or(&[]);
    if bytes.is_empty() {
        return 0;
    }
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    let deflate = cx.state.websocket.conversation(stream).deflate.is_some();
    let outer = cx.layer_parent(parent);
    cx.set_protocol("WebSocket");
    cx.set_info(format_args!("WebSocket"));
    let Some(h) = header(bytes) else {
        // The header itself is cut short.
        cx.tree
            .add(outer, PROTOCOL_FIELD, offset, bytes.len(), Value::None);
        cx.cut_short(data.len(), data.len(), "WebSocket");
        return bytes.len();
    };
    let top = cx
        .tree
        .add(outer, PROTOCOL_FIELD, offset, h.len, Value::None);
    let (b0, b1) = (u64::from(h.b0), u64::from(h.b1));
    cx.bits(top, FIN, offset, 1, b0);
    cx.bits(top, RSV, offset, 1, b0);
    let pmc = deflate && h.b0 & 0x40 != 0;
    if deflate {
        cx.bits(top, PMC, offset, 1, b0);
    }
    cx.bits(top, OPCODE, offset, 1, b0);
    let fin = h.b0 & 0x80 != 0;
    let opcode = h.b0 & 0x0f;
    let name = OPCODE_NAMES
        .iter()
        .find(|&&(v, _)| v == u64::from(opcode))
        .map_or("Unknown Opcode", |&(_, n)| n);
    cx.append_info(format_args!(
        " {name}{}{}",
        if fin { " [FIN]" } else { "[FRAGMENT] " },
        if h.masking_key.is_some() {
            " [MASKED]"
        } else {
            " "
        }
    ));
    cx.bits(top, MASK, offset + 1, 1, b1);
    let short = h.b1 & 0x7f;
    let li = cx.bits(top, PAYLOAD_LENGTH, offset + 1, 1, b1);
    if short >= 126 && li.is_stored() && li != top {
        let mut label = String::new();
        fields::label::write_bit_pattern(&mut label, 8, 0x7f, b1);
        let bits = if short == 126 { 16 } else { 64 };
        cx.tree.set_label(
            li,
            format_args!("{label}Payload length: {short} Extended Payload Length ({bits} bits)"),
        );
    }
    if short == 126 {
        cx.uint(
            top,
            PAYLOAD_LENGTH_EXT_16,
            offset + 2,
            2,
            u64::from(h.payload_len),
        );
    } else if short == 127 {
        let full = u64::from_be_bytes(bytes[2..10].try_into().expect("header checked"));
        cx.uint(top, PAYLOAD_LENGTH_EXT_64, offset + 2, 8, full);
    }
    if h.masking_key.is_some() {
        cx.tree
            .add(top, MASKING_KEY, offset + h.len - 4, 4, Value::Bytes);
    }
    let total = h.len.saturating_add(h.payload_len as usize);
    if h.payload_len == 0 {
        return h.len;
    }
    let at = offset + h.len;
    let avail = bytes.len() - h.len;
    let len = (h.payload_len as usize).min(avail);
    let frame_source = cx.tree.current_source();
    match h.masking_key {
        Some(key) => {
            cx.tree.add(top, MASKED_PAYLOAD, at, len, Value::None);
            let n = len.min(MAX_UNMASKED);
            let unmasked: Vec<u8> = data[at..at + n]
                .iter()
                .enumerate()
                .map(|(i, b)| b ^ key[i % 4])
                .collect();
            let source = cx.tree.add_source("Unmasked data", &unmasked);
            cx.tree.set_current_source(source);
            payload(cx, outer, top, &unmasked, 0, fin, opcode, pmc);
            cx.tree.set_current_source(frame_source);
        }
        None => payload(cx, outer, top, &data[..at + len], at, fin, opcode, pmc),
    }
    if total > bytes.len() {
        cx.cut_short(data.len(), data.len(), "WebSocket");
        return bytes.len();
    }
    total
}

/// The payload `data[offset..]` (in the current source) of a frame whose item is `top`; `outer` is
/// where the frame's protocol item sits (reassembled messages and what the payload is handed to go
/// there too).
#[allow(clippy::too_many_arguments)]
fn payload(
    cx: &mut Cx,
    outer: ItemIdx,
    top: ItemIdx,
    data: &[u8],
    offset: usize,
    fin: bool,
    opcode: u8,
    pmc: bool,
) {
    let len = data.len() - offset;
    let pl = cx.tree.add(top, PAYLOAD, offset, len, Value::None);
    if opcode & 8 != 0 {
        control(cx, pl, data, offset, opcode);
        return;
    }
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    let slot = message_slot(cx);
    let mut opcode = opcode;
    let mut message: Option<Reassembled> = None;
    let mut fragmented = false;
    if !fin || opcode == CONTINUATION {
        fragmented = true;
        let frame = cx.meta.number;
        let state = &mut cx.state.websocket;
        let held = state.held;
        let conv = state.conversation(stream);
        if opcode != CONTINUATION {
            conv.first_fragment_opcode = opcode;
        }
        let m = conv.messages[slot].get_or_insert_with(Message::default);
        let bytes = &data[offset..];
        let fits = m.data.len() + bytes.len() <= MAX_MESSAGE
            && m.fragments.len() < MAX_FRAGMENTS
            && held + bytes.len() <= MAX_HELD;
        let mut freed = 0;
        let mut added = 0;
        if fits {
            m.fragments.push(FragmentInfo {
                frame,
                offset: m.data.len(),
                len: bytes.len(),
                overlap: false,
                overlap_conflict: false,
                multiple_tails: false,
                too_long: false,
            });
            m.data.extend_from_slice(bytes);
            added = bytes.len();
        } else {
            // Too large to keep: the message is given up (it will not reassemble).
            freed = m.data.len();
            conv.messages[slot] = None;
        }
        if fin && let Some(m) = conv.messages[slot].take() {
            freed += m.data.len();
            fragmented = false;
            opcode = conv.first_fragment_opcode;
            message = Some(Reassembled {
                data: m.data,
                fragments: m.fragments,
            });
        }
        state.held = state.held + added - freed;
    }
    let previous = cx.tree.current_source();
    let mut app: (&[u8], usize) = (data, offset);
    let mut reassembled_source = None;
    if let Some(r) = &message {
        // One fragment alone is shown as it is; more get the reassembly tree and their own source.
        if r.fragments.len() > 1 {
            let source = crate::reassembly::show(cx, outer, &FRAGMENT_FIELDS, r);
            reassembled_source = Some(source);
            app = (&r.data, 0);
        }
    }
    if let Some(s) = reassembled_source {
        cx.tree.set_current_source(s);
    }
    if fragmented && opcode == CONTINUATION {
        // A fragment in the middle of a message.
        let (d, o) = app;
        cx.tree
            .add(outer, PAYLOAD_CONTINUE, o, d.len() - o, Value::Bytes);
    } else if !fragmented {
        data_frame(cx, outer, pl, app.0, app.1, opcode, pmc);
    }
    cx.tree.set_current_source(previous);
}

/// Which of a conversation's two message slots a frame's fragments go to: Wireshark keys them by the
/// source and destination addresses, so both directions share one when the addresses are equal.
fn message_slot(cx: &Cx) -> usize {
    cx.net.map_or(0, |n| usize::from(n.src > n.dst))
}

/// Close, Ping, Pong and unknown control frames.
fn control(cx: &mut Cx, pl: ItemIdx, data: &[u8], offset: usize, opcode: u8) {
    let len = data.len() - offset;
    match opcode {
        8 => {
            let close = cx.tree.add(pl, PAYLOAD_CLOSE, offset, len, Value::None);
            if len >= 2 {
                let code = u16::from_be_bytes([data[offset], data[offset + 1]]);
                cx.uint(close, CLOSE_STATUS_CODE, offset, 2, u64::from(code));
                if len > 2 {
                    let it = cx
                        .tree
                        .add(close, CLOSE_REASON, offset + 2, len - 2, Value::Str);
                    truncated_label(cx, it, "Reason", &data[offset + 2..]);
                }
            }
        }
        9 => {
            cx.tree.add(pl, PAYLOAD_PING, offset, len, Value::Bytes);
        }
        10 => {
            cx.tree.add(pl, PAYLOAD_PONG, offset, len, Value::Bytes);
        }
        _ => unknown(cx, pl, offset, len, opcode),
    }
}

/// The Unknown item with its note.
fn unknown(cx: &mut Cx, parent: ItemIdx, offset: usize, len: usize, opcode: u8) {
    let it = cx
        .tree
        .add(parent, PAYLOAD_UNKNOWN, offset, len, Value::Bytes);
    cx.expert(
        it,
        UNKNOWN_EXPERT,
        Severity::Note,
        Group::Undecoded,
        format_args!(
            "Dissector for Websocket Opcode ({opcode}) code not implemented, Contact Wireshark developers if you want this supported"
        ),
    );
}

/// Wireshark cuts a label short of 240 bytes and says so after the field's name; a string value long
/// enough gets that label here.
fn truncated_label(cx: &mut Cx, it: ItemIdx, name: &str, value: &[u8]) {
    const ITEM_LABEL_LENGTH: usize = 240;
    if !it.is_stored() || name.len() + 2 + value.len() < ITEM_LABEL_LENGTH {
        return;
    }
    let text = String::from_utf8_lossy(value);
    let prefix = format!("{name} [truncated]: ");
    // What is left of the label after the marker, as tshark 4.0 cuts it (238 bytes in all).
    let mut cut = ITEM_LABEL_LENGTH - 2 - prefix.len();
    while !text.is_char_boundary(cut.min(text.len())) {
        cut -= 1;
    }
    let shown = &text[..cut.min(text.len())];
    cx.tree.set_label(it, format_args!("{prefix}{shown}"));
}

/// A whole data message (`data[offset..]`, in the current source): decompressed when it says so, then
/// shown as text or handed to `data`.
fn data_frame(
    cx: &mut Cx,
    outer: ItemIdx,
    pl: ItemIdx,
    data: &[u8],
    offset: usize,
    opcode: u8,
    pmc: bool,
) {
    let mut decompressed: Option<Vec<u8>> = None;
    if pmc {
        match inflate(cx, &data[offset..]) {
            Some((out, capped)) => {
                if capped {
                    cx.expert(
                        outer,
                        DECOMPRESSION_FAILED,
                        Severity::Warning,
                        Group::Protocol,
                        format_args!(
                            "Decompressed payload cut at {MAX_DECOMPRESSED} bytes (possible decompression bomb)"
                        ),
                    );
                }
                if !out.is_empty() {
                    decompressed = Some(out);
                }
            }
            None => {
                cx.expert(
                    outer,
                    DECOMPRESSION_FAILED,
                    Severity::Warning,
                    Group::Protocol,
                    format_args!("Decompression failed"),
                );
                return;
            }
        }
    }
    let previous = cx.tree.current_source();
    let (bytes, at) = match &decompressed {
        Some(d) => {
            let s = cx.tree.add_source("Decompressed payload", d);
            cx.tree.set_current_source(s);
            (d.as_slice(), 0)
        }
        None => (data, offset),
    };
    let len = bytes.len() - at;
    match opcode {
        TEXT => {
            cx.tree.add(pl, PAYLOAD_TEXT, at, len, Value::Str);
            crate::protocols::http::lines(cx, bytes, at, outer, None);
        }
        BINARY => crate::protocols::data::dissect(cx, bytes, at, outer),
        _ => unknown(cx, pl, at, len, opcode),
    }
    cx.tree.set_current_source(previous);
}

/// Inflates one message with its direction's context; `None` when the data is not valid deflate. The
/// flag says the output was cut at [`MAX_DECOMPRESSED`].
fn inflate(cx: &mut Cx, compressed: &[u8]) -> Option<(Vec<u8>, bool)> {
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    let to_port = cx.transport.map_or(0, |(_, dport, _)| dport);
    let conv = cx.state.websocket.conversation(stream);
    let server_port = conv.server_port;
    let deflate = conv.deflate.as_mut()?;
    let inflater = if to_port == server_port {
        &mut deflate.to_server
    } else {
        &mut deflate.to_client
    };
    // RFC 7692 7.2.2: the sender removed the empty stored block's tail; put it back.
    let mut input = Vec::with_capacity(compressed.len() + 4);
    input.extend_from_slice(compressed);
    input.extend_from_slice(&[0, 0, 0xff, 0xff]);
    match inflater {
        Inflater::PerMessage => inflate_with(&mut flate2::Decompress::new(false), &input),
        Inflater::Shared(slot) => {
            let d = slot.as_mut()?;
            let out = inflate_with(d, &input);
            if out.is_none() {
                *slot = None;
            }
            out
        }
    }
}

/// Runs `input` through `d` until it is used up, the stream ends or the output reaches the cap.
fn inflate_with(d: &mut flate2::Decompress, input: &[u8]) -> Option<(Vec<u8>, bool)> {
    let mut out: Vec<u8> = Vec::new();
    let mut used = 0;
    loop {
        if out.len() >= MAX_DECOMPRESSED {
            out.truncate(MAX_DECOMPRESSED);
            return Some((out, true));
        }
        out.reserve((2 * input.len()).clamp(64, MAX_DECOMPRESSED - out.len()));
        let (in_before, out_before) = (d.total_in(), d.total_out());
        let status = d
            .decompress_vec(&input[used..], &mut out, flate2::FlushDecompress::Sync)
            .ok()?;
        used += (d.total_in() - in_before) as usize;
        let produced = d.total_out() - out_before;
        match status {
            flate2::Status::StreamEnd => return Some((out, false)),
            _ if used >= input.len() && out.len() < out.capacity() => return Some((out, false)),
            _ if produced == 0 && d.total_in() == in_before => return Some((out, false)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_lengths() {
        assert_eq!(pdu_length(&[0x81]), PduLength::NeedMore);
        assert_eq!(pdu_length(&[0x81, 0x05]), PduLength::Known(7));
        assert_eq!(pdu_length(&[0x81, 0x85]), PduLength::Known(11));
        assert_eq!(pdu_length(&[0x82, 126, 0x01]), PduLength::NeedMore);
        assert_eq!(pdu_length(&[0x82, 126, 0x01, 0x00]), PduLength::Known(260));
        let mut long = vec![0x82, 127, 0, 0, 0, 1, 0, 0, 0, 10];
        // The 64-bit length is read in 32 bits, as Wireshark does.
        assert_eq!(pdu_length(&long), PduLength::Known(20));
        long[5] = 0;
        long[6] = 0xff;
        assert_eq!(pdu_length(&long[..9]), PduLength::NeedMore);
        // A length that wraps past the header is the rest of the data.
        let wrap = [0x82, 127, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xfa, 1, 2];
        assert_eq!(pdu_length(&wrap), PduLength::Known(12));
    }

    #[test]
    fn inflates_a_sync_flushed_message() {
        use std::io::Write as _;
        let mut enc =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"hello hello hello").unwrap();
        enc.flush().unwrap();
        let mut bytes = enc.get_ref().clone();
        assert!(bytes.ends_with(&[0, 0, 0xff, 0xff]));
        bytes.truncate(bytes.len() - 4);
        bytes.extend_from_slice(&[0, 0, 0xff, 0xff]);
        let (out, capped) = inflate_with(&mut flate2::Decompress::new(false), &bytes).unwrap();
        assert_eq!(out, b"hello hello hello");
        assert!(!capped);
        assert!(inflate_with(&mut flate2::Decompress::new(false), &[0xff; 8]).is_none());
    }
}

//! HTTP/1.0 and 1.1 (RFC 9110, 9112) over reassembled TCP streams: request and status lines, headers,
//! bodies (by Content-Length, chunked, or to the end of the data for a response without either),
//! Content-Encoding gzip/deflate/br decoded under a size cap, request/response matching, and the media
//! type dissectors that tshark hands bodies to (line-based text, URL-encoded forms, images by their magic).
//!
//! PDU boundaries come from [`pdu_length`], which the TCP stream reassembly calls on the bytes at the start
//! of a PDU; [`dissect`] then sees one whole message.

use std::io::Read;

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity};
use crate::flow::stream::{Expected, PduLength, StreamProtocol};
use fields::format::FormatText;

fields::declare_protocol! {
    proto HTTP = super::ids::HTTP, "Hypertext Transfer Protocol", "HTTP", "http";
    RESPONSE: "http.response", "Response", Boolean, None;
    REQUEST: "http.request", "Request", Boolean, None;
    RESPONSE_NUMBER: "http.response_number", "Response number", UInt32, Dec;
    REQUEST_NUMBER: "http.request_number", "Request number", UInt32, Dec;
    RESPONSE_LINE: "http.response.line", "Response line", String, None;
    REQUEST_LINE: "http.request.line", "Request line", String, None;
    REQUEST_METHOD: "http.request.method", "Request Method", String, None;
    REQUEST_URI: "http.request.uri", "Request URI", String, None;
    REQUEST_VERSION: "http.request.version", "Request Version", String, None;
    RESPONSE_VERSION: "http.response.version", "Response Version", String, None;
    FULL_URI: "http.request.full_uri", "Full request URI", String, None;
    RESPONSE_CODE: "http.response.code", "Status Code", UInt16, Dec;
    RESPONSE_CODE_DESC: "http.response.code.desc", "Status Code Description", String, None;
    RESPONSE_FOR_URI: "http.response_for.uri", "Request URI", String, None;
    RESPONSE_PHRASE: "http.response.phrase", "Response Phrase", String, None;
    AUTHORIZATION: "http.authorization", "Authorization", String, None;
    CONTENT_TYPE: "http.content_type", "Content-Type", String, None;
    CONTENT_LENGTH_HEADER: "http.content_length_header", "Content-Length", String, None;
    CONTENT_LENGTH: "http.content_length", "Content length", UInt64, Dec;
    CONTENT_ENCODING: "http.content_encoding", "Content-Encoding", String, None;
    TRANSFER_ENCODING: "http.transfer_encoding", "Transfer-Encoding", String, None;
    UPGRADE: "http.upgrade", "Upgrade", String, None;
    USER_AGENT: "http.user_agent", "User-Agent", String, None;
    HOST: "http.host", "Host", String, None;
    CONNECTION: "http.connection", "Connection", String, None;
    COOKIE: "http.cookie", "Cookie", String, None;
    ACCEPT: "http.accept", "Accept", String, None;
    REFERER: "http.referer", "Referer", String, None;
    ACCEPT_LANGUAGE: "http.accept_language", "Accept-Language", String, None;
    ACCEPT_ENCODING: "http.accept_encoding", "Accept Encoding", String, None;
    DATE: "http.date", "Date", String, None;
    CACHE_CONTROL: "http.cache_control", "Cache-Control", String, None;
    SERVER: "http.server", "Server", String, None;
    LOCATION: "http.location", "Location", String, None;
    SEC_WEBSOCKET_ACCEPT: "http.sec_websocket_accept", "Sec-WebSocket-Accept", String, None;
    SEC_WEBSOCKET_EXTENSIONS: "http.sec_websocket_extensions", "Sec-WebSocket-Extensions", String, None;
    SEC_WEBSOCKET_KEY: "http.sec_websocket_key", "Sec-WebSocket-Key", String, None;
    SEC_WEBSOCKET_PROTOCOL: "http.sec_websocket_protocol", "Sec-WebSocket-Protocol", String, None;
    SEC_WEBSOCKET_VERSION: "http.sec_websocket_version", "Sec-WebSocket-Version", String, None;
    SET_COOKIE: "http.set_cookie", "Set-Cookie", String, None;
    LAST_MODIFIED: "http.last_modified", "Last-Modified", String, None;
    X_FORWARDED_FOR: "http.x_forwarded_for", "X-Forwarded-For", String, None;
    PROXY_AUTHENTICATE: "http.proxy_authenticate", "Proxy-Authenticate", String, None;
    PROXY_AUTHORIZATION: "http.proxy_authorization", "Proxy-Authorization", String, None;
    WWW_AUTHENTICATE: "http.www_authenticate", "WWW-Authenticate", String, None;
    HTTP2_SETTINGS: "http.http2_settings", "HTTP2-Settings", String, None;
    UNKNOWN_HEADER: "http.unknown_header", "Unknown header", String, None;
    REQUEST_URI_PATH: "http.request.uri.path", "Request URI Path", String, None;
    REQUEST_URI_QUERY: "http.request.uri.query", "Request URI Query", String, None;
    REQUEST_URI_QUERY_PARAMETER: "http.request.uri.query.parameter", "Request URI Query Parameter", String, None;
    NEXT_REQUEST_IN: "http.next_request_in", "Next request in frame", FrameNum, None;
    NEXT_RESPONSE_IN: "http.next_response_in", "Next response in frame", FrameNum, None;
    COOKIE_PAIR: "http.cookie_pair", "Cookie pair", String, None;
    CHUNK_SIZE: "http.chunk_size", "Chunk size", UInt32, Dec;
    CHUNK_DATA: "http.chunk_data", "Chunk data", Bytes, None;
    CHUNK_BOUNDARY: "http.chunk_boundary", "Chunk boundary", Bytes, None;
    CHUNKED_TRAILER_PART: "http.chunked_trailer_part", "trailer-part", String, None;
    TLS_PORT: "http.tls_port", "Unencrypted HTTP protocol detected over encrypted port, could indicate a dangerous misconfiguration.", None, None;
    TE_AND_LENGTH: "http.te_and_length", "The Content-Length and Transfer-Encoding header must not be set together", None, None;
    SUBDISSECTOR_FAILED: "http.subdissector_failed", "HTTP body subdissector failed, trying heuristic subdissector", None, None;
    BAD_HEADER_NAME: "http.bad_header_name", "Illegal characters found in header name", None, None;
    REQUEST_IN: "http.request_in", "Request in frame", FrameNum, None;
    RESPONSE_IN: "http.response_in", "Response in frame", FrameNum, None;
    PREV_REQUEST_IN: "http.prev_request_in", "Prev request in frame", FrameNum, None;
    PREV_RESPONSE_IN: "http.prev_response_in", "Prev response in frame", FrameNum, None;
    TIME: "http.time", "Time since request", RelativeTime, None;
    FILE_DATA: "http.file_data", "File Data", String, None;
    CHAT: "http.chat", "Formatted text", None, None;
    DECOMPRESSION_FAILED: "http.decompression_failed", "Decompression failed", None, None;
}

/// Line-based text bodies (`data-text-lines`): no fields of its own, one text item per line.
pub mod text_lines {
    fields::declare_protocol! {
        proto DATA_TEXT_LINES = super::super::ids::DATA_TEXT_LINES, "Line-based text data", "Line-based text data", "data-text-lines";
    }
}

/// Bodies of a media type no dissector knows (`media`).
pub mod media {
    fields::declare_protocol! {
        proto MEDIA = super::super::ids::MEDIA, "Media Type", "Media", "media";
        TYPE: "media.type", "Media type", Bytes, None;
    }
}

/// `application/x-www-form-urlencoded` bodies.
pub mod urlencoded {
    fields::declare_protocol! {
        proto URLENCODED_FORM = super::super::ids::URLENCODED_FORM, "HTML Form URL Encoded", "URLENCODED-FORM", "urlencoded-form";
        KEY: "urlencoded-form.key", "Key", StringZ, None;
        VALUE: "urlencoded-form.value", "Value", StringZ, None;
    }
}

/// HTTP as a TCP stream protocol.
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "http",
    proto: HTTP,
    pdu_length: pdu_length_expecting,
    pdu_found: Some(pdu_found),
    dissect: dissect_pdu,
    held: Some(held),
    called_on_start: false,
    pdu_size: false,
    layer_per_run: false,
    item_per_run: false,
    // WebSocket after an Upgrade, and the protocols of the bodies: a filter or field of a body's
    // protocol alone needs the messages reassembled to see bodies that span segments.
    hands_over_to: &[
        super::ids::WEBSOCKET,
        super::ids::URLENCODED_FORM,
        super::ids::DATA_TEXT_LINES,
        super::ids::MEDIA,
        super::ids::PNG,
        super::ids::IMAGE_GIF,
        super::ids::IMAGE_JFIF,
        super::ids::JSON,
        super::ids::XML,
    ],
};

/// Decoded bodies (de-chunked or decompressed) are cut at this size; the note says so. Larger than any
/// page a test capture carries, small enough that a compression bomb costs little.
pub const MAX_DECODED_BODY: usize = 10 << 20;

/// Conversations whose request/response state is kept; the oldest are dropped past this.
const MAX_CONVERSATIONS: usize = 65536;

/// Request/response matching state for the run.
#[derive(Debug, Default)]
pub struct State {
    conversations: crate::flow::StreamTable<Conversation>,
    /// Where the last message ended: frame, the buffer's address and the offset. A message that starts
    /// there is part of the same run of bytes, which tshark's HTTP dissects in one call: listed once in
    /// `frame.protocols`, the messages' Info appended one after the other.
    run_end: Option<(u64, usize, usize)>,
}

/// One numbered exchange of a conversation: tshark numbers requests and responses together, a request
/// opening an entry and a response joining the latest request's while that one is unanswered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The request's frame.
    pub request: Option<u64>,
    /// The response's frame.
    pub response: Option<u64>,
}

#[derive(Debug, Default)]
struct Conversation {
    /// Entries so far.
    entries: u32,
    /// The newest entry and the one before it (the Prev links of the newest and of the next).
    newest: Entry,
    before: Entry,
    /// The latest request, while it is not answered (always the newest entry).
    latest: Option<Request>,
    /// The full URI of the latest request, answered or not.
    last_uri: Option<String>,
}

#[derive(Debug, Clone)]
struct Request {
    frame: u64,
    ns: i128,
    /// Its entry's number.
    number: u32,
    full_uri: Option<String>,
}

impl State {
    /// Whether a request or response was dissected on the TCP stream.
    fn has_seen_message(&self, stream: u32) -> bool {
        self.conversations
            .get(stream)
            .is_some_and(|c| c.entries > 0)
    }

    fn conversation(&mut self, stream: u32) -> &mut Conversation {
        self.conversations.entry(stream, MAX_CONVERSATIONS).0
    }
}

/// Methods whose request line tshark recognises (RFC 9110 and the WebDAV, versioning and other
/// registered extensions).
const METHODS: &[&str] = &[
    "GET",
    "POST",
    "HEAD",
    "PUT",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "PATCH",
    "PROPFIND",
    "PROPPATCH",
    "MKCOL",
    "COPY",
    "MOVE",
    "LOCK",
    "UNLOCK",
    "SEARCH",
    "REPORT",
    "CHECKOUT",
    "CHECKIN",
    "UNCHECKOUT",
    "MKACTIVITY",
    "MERGE",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
    "MKWORKSPACE",
    "LABEL",
    "UPDATE",
    "ORDERPATCH",
    "ACL",
    "BIND",
    "UNBIND",
    "REBIND",
    "NOTIFY",
    "SUBSCRIBE",
    "UNSUBSCRIBE",
    "M-SEARCH",
    "POLL",
    "BCOPY",
    "BMOVE",
    "BDELETE",
    "BPROPFIND",
    "BPROPPATCH",
];

/// What the first line of a message says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstLine {
    Request { method_len: usize },
    Response,
}

/// Classifies a first line (without its terminator). Like tshark, a line that starts with a known
/// method, alone or followed by a space, is a request whatever follows: no version at all ("GET
/// /page", as HTTP/0.9 sent it), or more words than three.
fn first_line_kind(line: &[u8]) -> Option<FirstLine> {
    if line.len() >= 8 && line.starts_with(b"HTTP/1.") {
        return Some(FirstLine::Response);
    }
    let sp = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
    METHODS
        .iter()
        .any(|m| m.as_bytes() == &line[..sp])
        .then_some(FirstLine::Request { method_len: sp })
}

/// [`first_line_kind`] for a line on a port HTTP is not registered on, which must look more like HTTP:
/// a request line ends with its version.
fn first_line_kind_strict(line: &[u8]) -> Option<FirstLine> {
    let kind = first_line_kind(line)?;
    if let FirstLine::Request { method_len } = kind {
        let rest = line.get(method_len + 1..)?;
        let last = rest.iter().rposition(|&b| b == b' ')?;
        if !rest[last + 1..].starts_with(b"HTTP/") {
            return None;
        }
    }
    Some(kind)
}

/// The end of the line starting at `from` (index of its terminator's last byte, or None), and the line
/// without its terminator. Like tshark, a CR, an LF or a CR LF ends a line; a CR at the end of the bytes
/// may be the first half of a CR LF, so that line is not complete yet.
fn line_at(bytes: &[u8], from: usize) -> Option<(usize, &[u8])> {
    let rel = bytes
        .get(from..)?
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')?;
    let end = from + rel;
    let line = &bytes[from..end];
    match (bytes[end], bytes.get(end + 1)) {
        (b'\r', None) => None,
        (b'\r', Some(b'\n')) => Some((end + 1, line)),
        _ => Some((end, line)),
    }
}

/// The parsed head of a message.
#[derive(Debug, Default)]
struct Head {
    /// Where the body starts.
    body_start: usize,
    content_length: Option<u64>,
    chunked: bool,
    response_code: Option<u16>,
    is_request: bool,
}

/// Parses the head of a message that starts at `bytes[0]`; `None` when the empty line is not there yet.
///
/// `whole` says `bytes` is a whole PDU already cut by [`pdu_length`]: its head may then end at a line
/// that is no header, without the empty line after it.
fn parse_head(bytes: &[u8], kind: FirstLine, whole: bool) -> Option<Head> {
    let (lf, first) = line_at(bytes, 0)?;
    let mut head = Head {
        is_request: matches!(kind, FirstLine::Request { .. }),
        ..Head::default()
    };
    if kind == FirstLine::Response {
        head.response_code = response_code(first);
    }
    let mut at = lf + 1;
    // tshark waits for the empty line, but its head ends at the first line that is no header (no
    // colon): the body starts there, and the headers after it are not read.
    let mut ended_at: Option<usize> = None;
    loop {
        let line_start = at;
        let Some((lf, line)) = line_at(bytes, at) else {
            if !whole {
                return None;
            }
            head.body_start = ended_at.unwrap_or(line_start);
            return Some(head);
        };
        at = lf + 1;
        if line.is_empty() {
            head.body_start = ended_at.unwrap_or(at);
            return Some(head);
        }
        if ended_at.is_some() {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            ended_at = Some(line_start);
            continue;
        };
        let name = &line[..colon];
        let value = trim(&line[colon + 1..]);
        if name.eq_ignore_ascii_case(b"content-length") {
            head.content_length = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            // Chunked is the last coding applied; a list whose last element is empty or another
            // coding is not read as chunked (tshark does not either).
            head.chunked = value
                .rsplit(|&b| b == b',')
                .next()
                .is_some_and(|c| trim(c).eq_ignore_ascii_case(b"chunked"));
        }
    }
}

fn trim(mut v: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = v {
        v = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = v {
        v = rest;
    }
    v
}

/// Whether a response with this status code never has a body (RFC 9110 section 6.4.1).
fn bodiless(code: Option<u16>) -> bool {
    matches!(code, Some(100..=199 | 204 | 304))
}

/// The length of the chunked body at `bytes[0]` up to the end of its trailer, if all there.
fn chunked_length(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let (lf, line) = line_at(bytes, at)?;
        let size_text = line.split(|&b| b == b';').next().unwrap_or(&[]);
        let size = usize::from_str_radix(std::str::from_utf8(trim(size_text)).ok()?, 16).ok()?;
        at = lf + 1;
        if size == 0 {
            // Trailer fields, then the empty line.
            loop {
                let (lf, line) = line_at(bytes, at)?;
                at = lf + 1;
                if line.is_empty() {
                    return Some(at);
                }
            }
        }
        at = at.checked_add(size)?;
        // The CRLF after the chunk data.
        let (lf, _) = line_at(bytes, at)?;
        at = lf + 1;
    }
}

/// The tag [`pdu_found`] gives an expected response to HEAD; other requests' answers get 0.
const ANSWERS_HEAD: u8 = 1;

/// How long the HTTP message at `bytes[0]` is, when no request is known to be waiting for it. Bytes
/// that do not start a message are one PDU as they are (tshark's "Continuation").
pub fn pdu_length(bytes: &[u8]) -> PduLength {
    length(bytes, false)
}

/// [`pdu_length`] in a connection: a response to HEAD ends with its head, as tshark reads it (its
/// Content-Length is the length a GET would have had, RFC 9110 9.3.2).
fn pdu_length_expecting(bytes: &[u8], expected: &Expected) -> PduLength {
    length(bytes, expected.next() == Some(ANSWERS_HEAD))
}

/// Notes, for each request, what its response will be, and takes each final (not 1xx) response off
/// its direction's list, so that responses are matched to requests in order as HTTP/1.1 pipelines them.
fn pdu_found(pdu: &[u8], own: &mut Expected, peer: &mut Expected) {
    let Some((_, first)) = line_at(pdu, 0) else {
        return;
    };
    match first_line_kind(first) {
        Some(FirstLine::Request { method_len }) => {
            peer.push(u8::from(&first[..method_len] == b"HEAD") * ANSWERS_HEAD);
        }
        // A final (not 1xx) response answers the oldest request.
        Some(FirstLine::Response) if !matches!(response_code(first), Some(100..=199)) => {
            own.pop();
        }
        _ => {}
    }
}

/// [`pdu_length`], with `head_response` set when a response would answer a HEAD request.
fn length(bytes: &[u8], head_response: bool) -> PduLength {
    // tshark looks no further than a first byte that is not printable: such bytes start no message and
    // are never held for more.
    if bytes
        .first()
        .is_some_and(|&b| b != b' ' && !b.is_ascii_graphic())
    {
        return PduLength::Known(bytes.len());
    }
    // tshark waits for a whole first line before it tells a message from a continuation.
    let Some((_, first)) = line_at(bytes, 0) else {
        return PduLength::NeedMore;
    };
    let Some(kind) = first_line_kind(first) else {
        return PduLength::Known(bytes.len());
    };
    let Some(head) = parse_head(bytes, kind, false) else {
        return PduLength::NeedMore;
    };
    if !head.is_request && (bodiless(head.response_code) || head_response) {
        return PduLength::Known(head.body_start);
    }
    if head.chunked {
        return match chunked_length(&bytes[head.body_start..]) {
            Some(n) => PduLength::Known(head.body_start + n),
            None => PduLength::NeedMore,
        };
    }
    match head.content_length {
        Some(n) => match usize::try_from(n) {
            Ok(n) => PduLength::Known(head.body_start.saturating_add(n)),
            Err(_) => PduLength::Known(bytes.len()),
        },
        // A request without a length has no body; a response's body runs to the end of the
        // connection (tshark waits for the FIN).
        None if head.is_request => PduLength::Known(head.body_start),
        None => PduLength::ToEnd,
    }
}

/// Whether `payload` starts with an HTTP request or status line (for ports HTTP is not registered on).
pub fn looks_like_http(payload: &[u8]) -> bool {
    // A cheap test of the first word before the line is looked for: this runs on every segment of
    // conversations on other ports.
    let word_end = payload.iter().take(20).position(|&b| b == b' ');
    let plausible = payload.starts_with(b"HTTP/1.")
        || word_end.is_some_and(|e| METHODS.iter().any(|m| m.as_bytes() == &payload[..e]));
    plausible && line_at(payload, 0).is_some_and(|(_, l)| first_line_kind_strict(l).is_some())
}

/// Shows the first line of a message whose PDU is held for later segments in Info, as tshark does
/// before it asks TCP for the rest.
pub fn held(cx: &mut Cx, bytes: &[u8]) {
    if let Some((_, first)) = line_at(bytes, 0)
        && first_line_kind(first).is_some()
    {
        let text = String::from_utf8_lossy(first);
        cx.set_info(format_args!("{text} "));
    }
}

fn dissect_pdu(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    dissect(cx, data, offset, parent);
    data.len().saturating_sub(offset)
}

/// Which header field a header name maps to.
fn header_field(name: &[u8]) -> Option<fields::FieldId> {
    const TABLE: &[(&str, fields::FieldId)] = &[
        ("host", HOST),
        ("user-agent", USER_AGENT),
        ("accept", ACCEPT),
        ("accept-language", ACCEPT_LANGUAGE),
        ("accept-encoding", ACCEPT_ENCODING),
        ("connection", CONNECTION),
        ("cookie", COOKIE),
        ("referer", REFERER),
        ("content-type", CONTENT_TYPE),
        ("content-length", CONTENT_LENGTH_HEADER),
        ("content-encoding", CONTENT_ENCODING),
        ("transfer-encoding", TRANSFER_ENCODING),
        ("upgrade", UPGRADE),
        ("location", LOCATION),
        ("server", SERVER),
        ("date", DATE),
        ("cache-control", CACHE_CONTROL),
        ("set-cookie", SET_COOKIE),
        ("last-modified", LAST_MODIFIED),
        ("authorization", AUTHORIZATION),
        ("x-forwarded-for", X_FORWARDED_FOR),
        ("proxy-authenticate", PROXY_AUTHENTICATE),
        ("proxy-authorization", PROXY_AUTHORIZATION),
        ("www-authenticate", WWW_AUTHENTICATE),
        ("http2-settings", HTTP2_SETTINGS),
        ("sec-websocket-accept", SEC_WEBSOCKET_ACCEPT),
        ("sec-websocket-extensions", SEC_WEBSOCKET_EXTENSIONS),
        ("sec-websocket-key", SEC_WEBSOCKET_KEY),
        ("sec-websocket-protocol", SEC_WEBSOCKET_PROTOCOL),
        ("sec-websocket-version", SEC_WEBSOCKET_VERSION),
    ];
    TABLE
        .iter()
        .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(name))
        .map(|&(_, f)| f)
}

/// The message's HTTP item: a layer of its own, or, for a message that continues a run of bytes, an
/// item beside the run's first that is not listed again (tshark's one call for the run).
fn message_item(
    cx: &mut Cx,
    in_run: bool,
    parent: ItemIdx,
    column: &'static str,
    offset: usize,
    len: usize,
) -> ItemIdx {
    if in_run {
        let outer = cx.layer_parent(parent);
        if !column.is_empty() {
            cx.set_protocol(column);
        }
        cx.tree.add(outer, PROTOCOL_FIELD, offset, len, Value::None)
    } else {
        cx.push_layer(parent, PROTOCOL_FIELD, "http", column, offset, len)
    }
}

/// Sets Info for a message, or appends to it for one that continues a run.
fn message_info(cx: &mut Cx, in_run: bool, text: std::fmt::Arguments<'_>) {
    if in_run {
        cx.append_info(text);
    } else {
        cx.set_info(text);
    }
}

/// Whether a header name holds only the token characters of RFC 9110 (section 5.6.2); tshark notes
/// any other as an illegal character, an empty name too.
fn legal_header_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Where the header values that matter beyond their own items lie in the message (start, length).
#[derive(Debug, Default, Clone, Copy)]
struct HeaderSpans {
    content_type: Option<(usize, usize)>,
    content_encoding: Option<(usize, usize)>,
    host: Option<(usize, usize)>,
    upgrade: Option<(usize, usize)>,
    websocket_extensions: Option<(usize, usize)>,
}

/// How a message's header section ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadersEnd {
    /// At the empty line; the body starts at this offset of the message.
    Blank(usize),
    /// At a line that is no header (no colon), or at the end of the bytes: tshark ends the head
    /// there and takes what follows for the body.
    Line(usize),
    /// In a line without a terminator, which tshark reads past the end of the data.
    Unterminated(usize),
}

/// Shows the header lines of the message at `data[offset..]` from `start` (relative to the message)
/// as tshark does: a header it knows as its field, labelled with the whole line, with the line itself
/// as a hidden `line_field`; any other as a visible `line_field` (or, when the message is no request
/// or response, `http.unknown_header`); an illegal name with a warning; the empty line as a text item.
fn header_lines(
    cx: &mut Cx,
    top: ItemIdx,
    data: &[u8],
    offset: usize,
    start: usize,
    line_field: Option<fields::FieldId>,
    spans: &mut HeaderSpans,
) -> HeadersEnd {
    let msg = &data[offset..];
    let source = cx.tree.current_source();
    let mut at = start;
    // Content-Length and Transfer-Encoding seen so far: the second of the two is noted.
    let (mut length_seen, mut coding_seen) = (false, false);
    loop {
        let Some((lf, line)) = line_at(msg, at) else {
            return if at >= msg.len() {
                HeadersEnd::Line(at)
            } else {
                HeadersEnd::Unterminated(at)
            };
        };
        let line_start = at;
        let next = lf + 1;
        if line.is_empty() {
            let label = FormatText(&msg[line_start..next]);
            cx.text_item(
                top,
                offset + line_start,
                next - line_start,
                format_args!("{label}"),
            );
            return HeadersEnd::Blank(next);
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return HeadersEnd::Line(line_start);
        };
        at = next;
        let name = &line[..colon];
        let raw = &line[colon + 1..];
        let lead = raw.len() - raw.trim_ascii_start().len();
        // tshark skips the blanks before a header's value, not those at its end.
        let value = &raw[lead..];
        let vstart = line_start + colon + 1 + lead;
        let label = FormatText(&msg[line_start..next]);
        let whole = (offset + line_start, next - line_start);
        let field = header_field(name);
        let shown = match (field, line_field) {
            (Some(field), _) => {
                let v = cx.ascii_value(value);
                let it = cx.tree.add(top, field, offset + vstart, value.len(), v);
                cx.tree.set_label(it, format_args!("{label}"));
                if let Some(lf) = line_field {
                    let v = cx.ascii_value(&msg[line_start..next]);
                    cx.tree.add_in(
                        top,
                        lf,
                        source,
                        whole.0,
                        whole.1,
                        v,
                        fields::tree::flags::HIDDEN,
                    );
                }
                it
            }
            (None, Some(lf)) => {
                let v = cx.ascii_value(&msg[line_start..next]);
                let it = cx.tree.add(top, lf, whole.0, whole.1, v);
                cx.tree.set_label(it, format_args!("{label}"));
                it
            }
            (None, None) => {
                let v = cx.ascii_value(&msg[line_start..next]);
                let it = cx.tree.add(top, UNKNOWN_HEADER, whole.0, whole.1, v);
                cx.tree.set_label(it, format_args!("{label}"));
                it
            }
        };
        if !legal_header_name(name) {
            cx.expert(
                shown,
                BAD_HEADER_NAME,
                Severity::Warning,
                Group::Protocol,
                format_args!("Illegal characters found in header name"),
            );
        }
        let span = Some((vstart, value.len()));
        let is_length = field == Some(CONTENT_LENGTH_HEADER);
        let is_coding = field == Some(TRANSFER_ENCODING);
        if (is_length && coding_seen) || (is_coding && length_seen) {
            cx.expert(
                shown,
                TE_AND_LENGTH,
                Severity::Warning,
                Group::Malformed,
                format_args!(
                    "The Content-Length and Transfer-Encoding header must not be set together"
                ),
            );
        }
        length_seen |= is_length;
        coding_seen |= is_coding;
        match field {
            Some(f) if f == CONTENT_LENGTH_HEADER => {
                if let Some(n) = std::str::from_utf8(trim(value))
                    .ok()
                    .and_then(|v| v.parse::<u64>().ok())
                {
                    let c = cx.tree.add_generated(
                        shown,
                        CONTENT_LENGTH,
                        offset + vstart,
                        value.len(),
                        Value::UInt(n),
                    );
                    cx.tree.set_label(c, format_args!("Content length: {n}"));
                }
            }
            Some(f) if f == COOKIE => {
                // Each `;`-separated pair, blanks before it skipped, empty ones left out.
                let mut at = vstart;
                for part in value.split(|&b| b == b';') {
                    let lead = part.len() - part.trim_ascii_start().len();
                    if part.len() > lead {
                        let v = cx.ascii_value(&part[lead..]);
                        cx.tree
                            .add(shown, COOKIE_PAIR, offset + at + lead, part.len() - lead, v);
                    }
                    at += part.len() + 1;
                }
            }
            Some(f) if f == CONTENT_TYPE => spans.content_type = span,
            Some(f) if f == CONTENT_ENCODING => spans.content_encoding = span,
            Some(f) if f == HOST => spans.host = span,
            Some(f) if f == UPGRADE => spans.upgrade = span,
            Some(f) if f == SEC_WEBSOCKET_EXTENSIONS => spans.websocket_extensions = span,
            _ => {}
        }
    }
}

/// Dissects one HTTP message: `data[offset..]` is the whole PDU.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    let msg = data.get(offset..).unwrap_or(&[]);
    if msg.is_empty() {
        return;
    }
    let here = (cx.meta.number, data.as_ptr() as usize);
    let in_run = cx.state.http.run_end == Some((here.0, here.1, offset));
    cx.state.http.run_end = Some((here.0, here.1, data.len()));
    let kind = line_at(msg, 0).and_then(|(_, l)| first_line_kind(l));
    let Some(kind) = kind else {
        // Bytes that start no message: tshark calls them a continuation once the conversation has
        // shown a message; before that, binary bytes are not taken for HTTP at all, and text is
        // shown under HTTP without a word in Info.
        let seen = cx
            .tcp_stream
            .is_some_and(|s| cx.state.http.has_seen_message(s));
        if seen {
            let top = message_item(cx, in_run, parent, "HTTP", offset, msg.len());
            message_info(cx, in_run, format_args!("Continuation"));
            // The bytes are the message's "file data" all the same (tshark exports them as an object).
            let fd = cx.tree.add(top, FILE_DATA, offset, msg.len(), Value::Str);
            cx.tree
                .set_label(fd, format_args!("File Data: {} bytes", msg.len()));
            // tshark shows the bytes inside the HTTP tree (no data layer under HTTP in its hierarchy).
            cx.within(top, |cx| {
                crate::protocols::data::dissect(cx, data, offset, top)
            });
            return;
        }
        // Unseen: text whose first line looks like a header line (a colon) or is empty is shown under
        // HTTP as header lines and a body, leaving the Protocol and Info columns to TCP; other bytes
        // are not taken for HTTP.
        let printable = msg[0] == b' ' || msg[0].is_ascii_graphic();
        let headerish = line_at(msg, 0).is_some_and(|(_, l)| l.is_empty() || l.contains(&b':'));
        if !printable || !headerish {
            return;
        }
        let top = message_item(cx, in_run, parent, "", offset, msg.len());
        let mut spans = HeaderSpans::default();
        let at = match header_lines(cx, top, data, offset, 0, None, &mut spans) {
            HeadersEnd::Blank(at) | HeadersEnd::Line(at) => at,
            HeadersEnd::Unterminated(_) => {
                cx.malformed(offset, "HTTP");
                return;
            }
        };
        if at < msg.len() {
            // What follows the header-like lines is the message's file data, and tshark shows its
            // bytes inside the HTTP tree (so the Protocol Hierarchy counts no data layer under HTTP).
            let fd = cx
                .tree
                .add(top, FILE_DATA, offset + at, msg.len() - at, Value::Str);
            cx.tree
                .set_label(fd, format_args!("File Data: {} bytes", msg.len() - at));
            cx.within(top, |cx| {
                crate::protocols::data::dissect(cx, data, offset + at, top)
            });
        }
        return;
    };
    let top = message_item(cx, in_run, parent, "HTTP", offset, msg.len());
    // tshark warns of plain HTTP on the port its TLS preference names (443).
    if !cx.over_tls && cx.transport.is_some_and(|(s, d, _)| s == 443 || d == 443) {
        cx.expert(
            top,
            TLS_PORT,
            Severity::Warning,
            Group::Security,
            format_args!(
                "Unencrypted HTTP protocol detected over encrypted port, could indicate a dangerous misconfiguration."
            ),
        );
    }
    let Some(head) = parse_head(msg, kind, true) else {
        // Headers cut short (the stream ended): show what there is.
        first_line(cx, top, data, offset, kind, in_run);
        request_flag(cx, top, offset, matches!(kind, FirstLine::Request { .. }));
        return;
    };
    let first = first_line(cx, top, data, offset, kind, in_run);

    // Headers.
    let at = line_at(msg, 0).map_or(msg.len(), |(lf, _)| lf + 1);
    let line_field = if head.is_request {
        REQUEST_LINE
    } else {
        RESPONSE_LINE
    };
    let mut spans = HeaderSpans::default();
    header_lines(cx, top, data, offset, at, Some(line_field), &mut spans);
    // tshark adds a request's flag after its full URI, which `matching` adds for a request in a TCP
    // stream; every other message's here.
    let flag_with_uri = head.is_request && cx.tcp_stream.is_some();
    if !flag_with_uri {
        request_flag(cx, top, offset, head.is_request);
    }
    let HeaderSpans {
        content_type,
        content_encoding,
        host,
        upgrade,
        websocket_extensions: extensions,
    } = spans;

    let slice = |r: Option<(usize, usize)>| r.map(|(s, l)| &msg[s..s + l]);
    let host = slice(host).map(|h| String::from_utf8_lossy(h).into_owned());
    let upgrade = Upgrade {
        protocol: slice(upgrade),
        websocket_extensions: slice(extensions),
    };
    matching(cx, top, offset, &head, first, host.as_deref(), upgrade);

    // Body.
    let body_start = head.body_start.min(msg.len());
    let mut body_end = msg.len();
    if !head.is_request && bodiless(head.response_code) {
        body_end = body_start;
    } else if let Some(n) = head.content_length.and_then(|n| usize::try_from(n).ok()) {
        body_end = body_start.saturating_add(n).min(msg.len());
    } else if head.is_request && !head.chunked {
        body_end = body_start;
    }
    if body_end <= body_start {
        return;
    }
    let raw_body = &msg[body_start..body_end];
    let mut decoded: Option<Vec<u8>> = None;
    if head.chunked {
        chunks(cx, top, data, offset + body_start, raw_body);
        decoded = Some(dechunk(raw_body));
    }
    let encoding = slice(content_encoding).map(|e| e.to_ascii_lowercase());
    if let Some(enc) = encoding.as_deref()
        && matches!(enc, b"gzip" | b"x-gzip" | b"deflate" | b"br")
    {
        let input = decoded.as_deref().unwrap_or(raw_body);
        match decompress(enc, input) {
            Some((out, capped)) => {
                let name = slice(content_encoding).map(trim).unwrap_or_default();
                cx.text_item(
                    top,
                    offset + body_start,
                    raw_body.len(),
                    format_args!(
                        "Content-encoded entity body ({}): {} bytes -> {} bytes",
                        String::from_utf8_lossy(name),
                        input.len(),
                        out.len()
                    ),
                );
                if capped {
                    cx.expert(
                        top,
                        DECOMPRESSION_FAILED,
                        Severity::Warning,
                        Group::Protocol,
                        format_args!(
                            "Decompressed body cut at {MAX_DECODED_BODY} bytes (possible decompression bomb)"
                        ),
                    );
                }
                decoded = Some(out);
            }
            None => {
                cx.expert(
                    top,
                    DECOMPRESSION_FAILED,
                    Severity::Warning,
                    Group::Malformed,
                    format_args!("Decompression failed"),
                );
            }
        }
    }
    let content_type = slice(content_type).map(|t| String::from_utf8_lossy(t).into_owned());
    let previous = cx.tree.current_source();
    let (bytes, body_offset, source) = match &decoded {
        Some(d) => {
            let s = cx.tree.add_source(
                if head.chunked && encoding.is_none() {
                    "De-chunked entity body"
                } else {
                    "Uncompressed entity body"
                },
                d,
            );
            cx.tree.set_current_source(s);
            (d.as_slice(), 0, Some(s))
        }
        None => (&data[..offset + body_end], offset + body_start, None),
    };
    let body_len = bytes.len() - body_offset;
    let fd = cx
        .tree
        .add(top, FILE_DATA, body_offset, body_len, Value::Str);
    cx.tree
        .set_label(fd, format_args!("File Data: {body_len} bytes"));
    body(
        cx,
        bytes,
        body_offset,
        top,
        content_type.as_deref(),
        BodyCarrier::Http,
    );
    if source.is_some() {
        cx.tree.set_current_source(previous);
    }
}

/// The request or status line's fields and Info; returns the request's method, URI and version spans
/// (relative to the message) for matching.
/// `in_run`: the message continues a run of messages (see [`State`]'s `run_end`).
fn first_line(
    cx: &mut Cx,
    top: ItemIdx,
    data: &[u8],
    offset: usize,
    kind: FirstLine,
    in_run: bool,
) -> FirstInfo {
    let msg = &data[offset..];
    let (lf, line) = line_at(msg, 0).unwrap_or((msg.len(), msg));
    let end = (lf + 1).min(msg.len());
    let text = String::from_utf8_lossy(line).into_owned();
    message_info(cx, in_run, format_args!("{text} "));
    // tshark shows the line as a heading over its parts, labelled with the line and its terminator.
    let label = FormatText(&msg[..end]);
    let heading = cx.text_item(top, offset, end, format_args!("{label}"));
    // tshark marks every request and status line with a Chat note.
    cx.expert(
        heading,
        CHAT,
        Severity::Chat,
        Group::Sequence,
        format_args!("{label}"),
    );
    let top = heading;
    let mut info = FirstInfo::default();
    match kind {
        FirstLine::Request { method_len } => {
            let v = cx.ascii_value(&line[..method_len]);
            cx.tree.add(top, REQUEST_METHOD, offset, method_len, v);
            // tshark's URI ends at the first space after the method, and the version is all the rest
            // ("GET /a b HTTP/1.1": URI "/a", version "b HTTP/1.1"); either may be empty.
            let uri_at = (method_len + 1).min(line.len());
            let rest = &line[uri_at..];
            let uri_len = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
            let v = cx.ascii_value(&rest[..uri_len]);
            let uri = cx.tree.add(top, REQUEST_URI, offset + uri_at, uri_len, v);
            uri_parts(cx, uri, offset + uri_at, &rest[..uri_len]);
            let ver_at = (uri_at + uri_len + 1).min(line.len());
            let v = cx.ascii_value(&line[ver_at..]);
            cx.tree.add(
                top,
                REQUEST_VERSION,
                offset + ver_at,
                line.len() - ver_at,
                v,
            );
            info.method = String::from_utf8_lossy(&line[..method_len]).into_owned();
            info.uri = String::from_utf8_lossy(&rest[..uri_len]).into_owned();
        }
        FirstLine::Response => {
            let sp = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
            let v = cx.ascii_value(&line[..sp]);
            cx.tree.add(top, RESPONSE_VERSION, offset, sp, v);
            if let Some((at, code)) = status_code(line) {
                // A negative code shows as its 32 bits, as tshark's unsigned field does.
                cx.tree.add(
                    top,
                    RESPONSE_CODE,
                    offset + at,
                    3,
                    Value::UInt(u64::from(code as u32)),
                );
                if cx.tree.wants(RESPONSE_CODE_DESC) {
                    let v = cx.tree.text_value(&status_description(code));
                    cx.tree
                        .add_generated(top, RESPONSE_CODE_DESC, offset + at, 3, v);
                }
                // The phrase starts after the code's word and the spaces after it; none if empty.
                let mut phrase_at = at + 3;
                while line.get(phrase_at).is_some_and(|&b| b != b' ') {
                    phrase_at += 1;
                }
                while line.get(phrase_at) == Some(&b' ') {
                    phrase_at += 1;
                }
                if phrase_at < line.len() {
                    let v = cx.ascii_value(&line[phrase_at..]);
                    cx.tree.add(
                        top,
                        RESPONSE_PHRASE,
                        offset + phrase_at,
                        line.len() - phrase_at,
                        v,
                    );
                }
            }
        }
    }
    info
}

/// The image formats an HTTP body may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Image {
    Png,
    Gif,
    Jfif,
}

/// Dissects the body at `data[offset..]` as the image `only` names (or any image its magic shows, for
/// `None`); false when it is not one.
fn image_by(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, only: Option<Image>) -> bool {
    let bytes = &data[offset..];
    let wanted = |k: Image| only.is_none_or(|o| o == k);
    if wanted(Image::Png) && bytes.starts_with(crate::protocols::png::SIGNATURE_BYTES) {
        crate::protocols::png::dissect(cx, data, offset, top);
    } else if wanted(Image::Gif) && crate::protocols::gif::takes(bytes) {
        crate::protocols::gif::dissect(cx, data, offset, top);
    } else if wanted(Image::Jfif) && crate::protocols::jfif::takes(bytes) {
        crate::protocols::jfif::dissect(cx, data, offset, top);
    } else {
        return false;
    }
    true
}

/// The hidden `http.request` or `http.response` flag, which tshark adds after the header lines.
fn request_flag(cx: &mut Cx, top: ItemIdx, offset: usize, is_request: bool) {
    let flag = if is_request { REQUEST } else { RESPONSE };
    let source = cx.tree.current_source();
    let hidden = fields::tree::flags::HIDDEN;
    cx.tree
        .add_in(top, flag, source, offset, 0, Value::UInt(1), hidden);
}

/// The path and query of a request URI under its item, the query's `&`-separated parameters under the
/// query (empty ones left out), as tshark shows them when the query is not empty.
fn uri_parts(cx: &mut Cx, uri_item: ItemIdx, at: usize, uri: &[u8]) {
    let Some(q) = uri.iter().position(|&b| b == b'?') else {
        return;
    };
    if q + 1 >= uri.len() {
        return;
    }
    let v = cx.ascii_value(&uri[..q]);
    cx.tree.add(uri_item, REQUEST_URI_PATH, at, q, v);
    let v = cx.ascii_value(&uri[q + 1..]);
    let query = cx.tree.add(
        uri_item,
        REQUEST_URI_QUERY,
        at + q + 1,
        uri.len() - q - 1,
        v,
    );
    let mut start = q + 1;
    for part in uri[q + 1..].split(|&b| b == b'&') {
        if !part.is_empty() {
            let v = cx.ascii_value(part);
            cx.tree.add(
                query,
                REQUEST_URI_QUERY_PARAMETER,
                at + start,
                part.len(),
                v,
            );
        }
        start += part.len() + 1;
    }
}

/// The headers of a message that say what a 101 response switches to.
struct Upgrade<'a> {
    /// The Upgrade header's value.
    protocol: Option<&'a [u8]>,
    /// The Sec-WebSocket-Extensions header's value (the extensions the server accepted).
    websocket_extensions: Option<&'a [u8]>,
}

/// What matching needs from a request line.
#[derive(Debug, Default)]
struct FirstInfo {
    method: String,
    uri: String,
}

/// Numbers requests and responses of the conversation and pairs responses with requests, as tshark's
/// single pass shows them (its second pass, `-2`, adds the links to later frames and the totals).
/// A 101 response hands the connection over to the protocol its `upgrade` names. A request's hidden
/// `http.request` flag goes in after its full URI (`offset`: where the message starts).
fn matching(
    cx: &mut Cx,
    top: ItemIdx,
    offset: usize,
    head: &Head,
    first: FirstInfo,
    host: Option<&str>,
    upgrade: Upgrade,
) {
    let Some(stream) = cx.tcp_stream else {
        return;
    };
    let frame = cx.meta.number;
    let ns = cx.meta.secs as i128 * 1_000_000_000 + cx.meta.nanos as i128;
    // What the first pass left for this stream: every entry, and the URI its last request had.
    let (later, final_uri) = match &cx.state.pass {
        crate::Pass::Second(l) => match l.http_entries.get(&stream) {
            Some((entries, uri)) => (Some(entries.clone()), uri.clone()),
            None => (Some(Vec::new()), None),
        },
        _ => (None, None),
    };
    let total = |n: u32| later.as_ref().map_or(n, |e| (e.len() as u32).max(n));
    let next = |n: u32| later.as_ref().and_then(|e| e.get(n as usize).copied());
    let frame_item = |cx: &mut Cx, field, f: Option<u64>| {
        if let Some(f) = f {
            cx.tree.add_generated(top, field, 0, 0, Value::UInt(f));
        }
    };
    if head.is_request {
        // tshark builds the full URI from the Host header only.
        let full_uri = host.map(|h| {
            if first.uri.contains("://") {
                first.uri.clone()
            } else if cx.over_tls {
                format!("https://{h}{}", first.uri)
            } else {
                format!("http://{h}{}", first.uri)
            }
        });
        let conv = cx.state.http.conversation(stream);
        conv.entries += 1;
        let number = conv.entries;
        let prev = conv.newest;
        conv.before = prev;
        conv.newest = Entry {
            request: Some(frame),
            response: None,
        };
        conv.latest = Some(Request {
            frame,
            ns,
            number,
            full_uri: Some(full_uri.clone().unwrap_or_else(|| first.uri.clone())),
        });
        // A response names its request's full URI, or the URI itself when there is none.
        conv.last_uri = Some(full_uri.clone().unwrap_or_else(|| first.uri.clone()));
        let entry = conv.newest;
        let last_uri = conv.last_uri.clone();
        if let crate::Pass::First(l) = &mut cx.state.pass {
            l.record_http_entry(stream, number, entry, last_uri.as_deref());
        }
        if let Some(uri) = &full_uri
            && cx.tree.wants(FULL_URI)
        {
            let v = cx.tree.text_value(uri);
            cx.tree.add_generated(top, FULL_URI, 0, 0, v);
        }
        request_flag(cx, top, offset, true);
        let it = cx
            .tree
            .add_generated(top, REQUEST_NUMBER, 0, 0, Value::UInt(number as u64));
        cx.tree
            .set_label(it, format_args!("HTTP request {number}/{}", total(number)));
        frame_item(cx, PREV_REQUEST_IN, prev.request);
        let own = later
            .as_ref()
            .and_then(|e| e.get(number as usize - 1).copied());
        frame_item(cx, RESPONSE_IN, own.and_then(|e| e.response));
        frame_item(cx, NEXT_REQUEST_IN, next(number).and_then(|e| e.request));
    } else {
        // tshark switches on the 101's own Upgrade header: without one the connection stays HTTP.
        match upgrade.protocol {
            Some(u)
                if head.response_code == Some(101)
                    && trim(u).eq_ignore_ascii_case(b"websocket") =>
            {
                let extensions = upgrade
                    .websocket_extensions
                    .map(|e| String::from_utf8_lossy(e).into_owned());
                let server_port = cx.transport.map_or(0, |(sport, _, _)| sport);
                crate::protocols::websocket::upgraded(
                    cx,
                    stream,
                    server_port,
                    extensions.as_deref(),
                );
                crate::protocols::tcp::hand_over(
                    cx,
                    &STREAM,
                    Some(&crate::protocols::websocket::STREAM),
                );
            }
            // A protocol wiresift does not dissect: the bytes are shown as data.
            Some(_) if head.response_code == Some(101) => {
                crate::protocols::tcp::hand_over(cx, &STREAM, None);
            }
            _ => {}
        }
        let conv = cx.state.http.conversation(stream);
        // tshark pairs a response with the conversation's latest request while that one is not
        // answered yet (so a response lost from the capture does not shift the pairs after it); any
        // other response opens an entry of its own.
        let request = conv.latest.take();
        let (number, prev) = match &request {
            Some(r) => {
                conv.newest.response = Some(frame);
                (r.number, conv.before)
            }
            None => {
                conv.entries += 1;
                let prev = conv.newest;
                conv.before = prev;
                conv.newest = Entry {
                    request: None,
                    response: Some(frame),
                };
                (conv.entries, prev)
            }
        };
        let entry = conv.newest;
        let last_uri = conv.last_uri.clone();
        if let crate::Pass::First(l) = &mut cx.state.pass {
            l.record_http_entry(stream, number, entry, last_uri.as_deref());
        }
        let it = cx
            .tree
            .add_generated(top, RESPONSE_NUMBER, 0, 0, Value::UInt(number as u64));
        cx.tree
            .set_label(it, format_args!("HTTP response {number}/{}", total(number)));
        if let Some(r) = &request {
            cx.tree
                .add_generated(top, TIME, 0, 0, Value::RelTime((ns - r.ns) as i64));
        }
        frame_item(cx, PREV_REQUEST_IN, prev.request);
        frame_item(cx, PREV_RESPONSE_IN, prev.response);
        frame_item(cx, REQUEST_IN, request.as_ref().map(|r| r.frame));
        let following = next(number);
        frame_item(cx, NEXT_REQUEST_IN, following.and_then(|e| e.request));
        frame_item(cx, NEXT_RESPONSE_IN, following.and_then(|e| e.response));
        // An unanswered response names the conversation's latest request URI; before any request,
        // the second pass names the one the first pass ended with, as tshark does.
        let uri = match &request {
            Some(r) => r.full_uri.clone(),
            None => last_uri.or(final_uri),
        };
        if let Some(uri) = uri
            && cx.tree.wants(RESPONSE_FOR_URI)
        {
            let v = cx.tree.text_value(&uri);
            cx.tree.add_generated(top, RESPONSE_FOR_URI, 0, 0, v);
        }
    }
}

/// The chunks of a chunked body at `data[at..]` (`raw`), as tshark shows them: each chunk's size line,
/// data and boundary, the last chunk, the trailer lines and the empty line.
fn chunks(cx: &mut Cx, top: ItemIdx, data: &[u8], at: usize, raw: &[u8]) {
    let _ = data;
    // tshark 4.0 says "response" for requests too.
    let tree = cx.text_item(top, at, raw.len(), format_args!("HTTP chunked response"));
    let mut i = 0;
    while let Some((lf, line)) = line_at(raw, i) {
        let size_text = line.split(|&b| b == b';').next().unwrap_or(&[]);
        let Some(size) = std::str::from_utf8(trim(size_text))
            .ok()
            .and_then(|t| u32::from_str_radix(t, 16).ok())
        else {
            break;
        };
        let line_end = lf + 1;
        let unit = if size == 1 { "octet" } else { "octets" };
        if size == 0 {
            let last = cx.text_item(
                tree,
                at + i,
                line_end - i,
                format_args!("End of chunked encoding"),
            );
            let it = cx
                .tree
                .add(last, CHUNK_SIZE, at + i, line_end - i, Value::UInt(0));
            cx.tree.set_label(it, format_args!("Chunk size: 0 octets"));
            i = line_end;
            while let Some((lf, line)) = line_at(raw, i) {
                let label = FormatText(&raw[i..lf + 1]);
                if line.is_empty() {
                    cx.text_item(tree, at + i, lf + 1 - i, format_args!("{label}"));
                    break;
                }
                let v = cx.ascii_value(&raw[i..lf + 1]);
                let it = cx
                    .tree
                    .add(tree, CHUNKED_TRAILER_PART, at + i, lf + 1 - i, v);
                cx.tree.set_label(it, format_args!("trailer-part: {label}"));
                i = lf + 1;
            }
            return;
        }
        let data_end = line_end.saturating_add(size as usize).min(raw.len());
        let boundary_end = line_at(raw, data_end).map_or(raw.len(), |(lf, _)| lf + 1);
        let chunk = cx.text_item(
            tree,
            at + i,
            boundary_end - i,
            format_args!("Data chunk ({size} octets)"),
        );
        let it = cx.tree.add(
            chunk,
            CHUNK_SIZE,
            at + i,
            line_end - i,
            Value::UInt(size as u64),
        );
        cx.tree
            .set_label(it, format_args!("Chunk size: {size} {unit}"));
        cx.tree.add(
            chunk,
            CHUNK_DATA,
            at + line_end,
            data_end - line_end,
            Value::Bytes,
        );
        if boundary_end > data_end {
            cx.tree.add(
                chunk,
                CHUNK_BOUNDARY,
                at + data_end,
                boundary_end - data_end,
                Value::Bytes,
            );
        }
        if boundary_end <= i {
            break;
        }
        i = boundary_end;
    }
}

/// Joins the chunks of a chunked body (cut at [`MAX_DECODED_BODY`]).
fn dechunk(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((lf, line)) = line_at(bytes, at) {
        let size_text = line.split(|&b| b == b';').next().unwrap_or(&[]);
        let Some(size) = std::str::from_utf8(trim(size_text))
            .ok()
            .and_then(|s| usize::from_str_radix(s, 16).ok())
        else {
            break;
        };
        at = lf + 1;
        if size == 0 {
            break;
        }
        let end = at.saturating_add(size).min(bytes.len());
        let room = MAX_DECODED_BODY.saturating_sub(out.len());
        out.extend_from_slice(&bytes[at..end.min(at + room)]);
        at = end;
        match line_at(bytes, at) {
            Some((lf, _)) => at = lf + 1,
            None => break,
        }
    }
    out
}

/// Decompresses a body; the flag says the output was cut at [`MAX_DECODED_BODY`]. `None` when the data
/// is not valid for the coding.
fn decompress(coding: &[u8], input: &[u8]) -> Option<(Vec<u8>, bool)> {
    let limit = MAX_DECODED_BODY as u64 + 1;
    let mut out = Vec::new();
    let result = match coding {
        b"gzip" | b"x-gzip" => flate2::read::MultiGzDecoder::new(input)
            .take(limit)
            .read_to_end(&mut out),
        b"deflate" => {
            // Servers send either zlib-wrapped or raw deflate under this name.
            let zlib = flate2::read::ZlibDecoder::new(input)
                .take(limit)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(input)
                    .take(limit)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        b"br" => brotli_decompressor::Decompressor::new(input, 4096)
            .take(limit)
            .read_to_end(&mut out),
        _ => return None,
    };
    if result.is_err() && out.is_empty() {
        return None;
    }
    let capped = out.len() > MAX_DECODED_BODY;
    out.truncate(MAX_DECODED_BODY);
    Some((out, capped))
}

/// Media types tshark shows as line-based text.
pub(crate) const TEXT_TYPES: &[&str] = &[
    "text/html",
    "text/plain",
    "text/css",
    "text/javascript",
    "text/scriptlet",
    "application/xml-external-parsed-entity",
    "text/xml-external-parsed-entity",
    "text/vnd.wap.wmlscript",
    "application/x-javascript",
    "application/x-tia-p3p",
    "application/x-ns-proxy-autoconfig",
    "text/vnd.sun.j2me.app-descriptor",
];

/// Hands a body (`data[offset..]`) to the dissector for its content or media type; `untyped_inside`
/// puts an untyped body's data inside `top`'s tree, as tshark does for HTTP's own bodies.
pub(crate) fn body(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    top: ItemIdx,
    content_type: Option<&str>,
    carrier: BodyCarrier,
) {
    let untyped_inside = carrier == BodyCarrier::Http;
    let bytes = &data[offset..];
    if bytes.is_empty() {
        return;
    }
    let media_type = content_type.map(|t| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    // A media type with an image dissector of its own goes to it; when that one does not take the
    // bytes, tshark notes it and tries its heuristics (the images, by their magic), then media.
    let image_type = match media_type.as_deref() {
        Some("image/png") => Some(Image::Png),
        Some("image/gif") => Some(Image::Gif),
        Some("image/jpeg" | "image/jpg" | "image/jfif" | "image/pjpeg") => Some(Image::Jfif),
        _ => None,
    };
    if let Some(kind) = image_type {
        if image_by(cx, data, offset, top, Some(kind)) {
            return;
        }
        if carrier == BodyCarrier::MultipartPart {
            // The note and the heuristics are HTTP's: a part's image that does not parse is media.
            media(cx, data, offset, top, content_type.unwrap_or(""), carrier);
            return;
        }
        cx.expert(
            top,
            SUBDISSECTOR_FAILED,
            Severity::Note,
            Group::Malformed,
            format_args!("HTTP body subdissector failed, trying heuristic subdissector"),
        );
        if image_by(cx, data, offset, top, None) {
            return;
        }
    } else if media_type.is_none() && image_by(cx, data, offset, top, None) {
        // Images are recognised by their magic, as tshark's heuristics do.
        return;
    }
    let Some(media_type) = media_type else {
        // An HTTP body without a type is data inside the HTTP tree (tshark hands it the HTTP tree).
        if untyped_inside {
            cx.within(top, |cx| {
                crate::protocols::data::dissect(cx, data, offset, top)
            });
        } else {
            crate::protocols::data::dissect(cx, data, offset, top);
        }
        return;
    };
    if media_type.starts_with("multipart/")
        && crate::protocols::mime_multipart::dissect(
            cx,
            data,
            offset,
            top,
            content_type.unwrap_or(""),
            0,
        )
    {
        // Done: the parts went to their own dissectors.
    } else if media_type == "application/x-www-form-urlencoded" {
        form(cx, data, offset, top, &media_type);
    } else if TEXT_TYPES.contains(&media_type.as_str()) {
        lines(cx, data, offset, top, Some(&media_type));
    } else if media_type == "application/octet-stream" {
        crate::protocols::data::dissect(cx, data, offset, top);
    } else if crate::protocols::xml::handles(&media_type) {
        crate::protocols::xml::dissect(cx, data, offset, top);
    } else if crate::protocols::json::handles(&media_type) {
        crate::protocols::json::dissect(cx, data, offset, top, &media_type);
    } else if image_type.is_none()
        && !media_type.starts_with("multipart/")
        && image_by(cx, data, offset, top, None)
    {
        // A type no dissector here takes (a multipart body that did not parse aside): the images'
        // heuristics, by their magic. An image type tried them above already.
    } else {
        media(cx, data, offset, top, content_type.unwrap_or(""), carrier);
    }
}

/// What carries a body handed to [`body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyCarrier {
    /// An HTTP message: an untyped body is data inside HTTP's tree, and an image type that does not
    /// parse gets HTTP's note and the image heuristics.
    Http,
    /// A MIME multipart part: the media type is shown with its parameters.
    MultipartPart,
}

/// The Media layer for a body no dissector takes: its type (with its parameters, after a
/// multipart part's `;`) and size.
fn media(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    top: ItemIdx,
    content_type: &str,
    carrier: BodyCarrier,
) {
    let bytes = &data[offset..];
    let (ty, params) = content_type.split_once(';').unwrap_or((content_type, ""));
    let media_type = ty.trim().to_ascii_lowercase();
    let params = params.trim();
    let it = cx.push_layer(top, media::PROTOCOL_FIELD, "media", "", offset, bytes.len());
    let item = cx
        .tree
        .add(it, media::TYPE, offset, bytes.len(), Value::Bytes);
    if carrier == BodyCarrier::MultipartPart && !params.is_empty() {
        cx.tree.set_label(
            item,
            format_args!("Media type: {media_type}; {params} ({} bytes)", bytes.len()),
        );
    } else {
        cx.tree.set_label(
            item,
            format_args!("Media type: {media_type} ({} bytes)", bytes.len()),
        );
    }
    cx.append_info(format_args!(" ({media_type})"));
}

/// Where the text line starting at `at` ends, past its terminator: LF, CR LF, or a CR alone (as
/// Wireshark's line finder takes them), or the end of the data.
fn text_line_end(data: &[u8], at: usize) -> usize {
    match data[at..].iter().position(|&b| b == b'\n' || b == b'\r') {
        None => data.len(),
        Some(p) if data[at + p] == b'\r' && data.get(at + p + 1) == Some(&b'\n') => at + p + 2,
        Some(p) => at + p + 1,
    }
}

/// Line-based text: one text item per line.
///
/// With a media type (HTTP bodies) the label names it and Info gets it; without (WebSocket text, which
/// Wireshark hands on without one) neither does.
pub(crate) fn lines(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    top: ItemIdx,
    media_type: Option<&str>,
) {
    let bytes = &data[offset..];
    let mut count = 0;
    let mut at = offset;
    while at < data.len() {
        at = text_line_end(data, at);
        count += 1;
    }
    let it = cx.push_layer(
        top,
        text_lines::PROTOCOL_FIELD,
        "data-text-lines",
        "",
        offset,
        bytes.len(),
    );
    match media_type {
        Some(media_type) => {
            cx.tree.set_label(
                it,
                format_args!("Line-based text data: {media_type} ({count} lines)"),
            );
            // tshark's Info never starts with the space (a message part with no From or Subject).
            cx.append_info_sep(" ", format_args!("({media_type})"));
        }
        None => cx
            .tree
            .set_label(it, format_args!("Line-based text data ({count} lines)")),
    }
    if !it.is_stored() || !cx.tree.wants(crate::protocols::ws::TEXT) {
        return;
    }
    let src = cx.tree.current_source();
    let mut at = offset;
    while at < data.len() {
        let end = text_line_end(data, at);
        let line = cx.tree.add_in(
            it,
            crate::protocols::ws::TEXT,
            src,
            at,
            end - at,
            Value::None,
            fields::tree::flags::TEXT,
        );
        // Escaped as Wireshark's format_text escapes them.
        let label = FormatText(&data[at..end]);
        cx.tree.set_label(line, format_args!("{label}"));
        at = end;
    }
}

/// `key=value&...` pairs, percent-decoded.
fn form(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, media_type: &str) {
    let bytes = &data[offset..];
    let it = cx.push_layer(
        top,
        urlencoded::PROTOCOL_FIELD,
        "urlencoded-form",
        "",
        offset,
        bytes.len(),
    );
    cx.tree
        .set_label(it, format_args!("HTML Form URL Encoded: {media_type}"));
    cx.append_info(format_args!(" ({media_type})"));
    // tshark reads a key up to the next `=` (an `&` does not end it) and its value up to the next
    // `&`; a key without `=` has an empty value, and a value that does not percent-decode is left out.
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let key_end = bytes[at..]
            .iter()
            .position(|&b| b == b'=')
            .map_or(bytes.len(), |p| at + p);
        let key = &bytes[start..key_end];
        let (value_at, value_end) = if key_end < bytes.len() {
            let v = key_end + 1;
            let e = bytes[v..]
                .iter()
                .position(|&b| b == b'&')
                .map_or(bytes.len(), |p| v + p);
            (v, e)
        } else {
            (bytes.len(), bytes.len())
        };
        at = value_end + 1;
        let k = percent_decode(key).unwrap_or_else(|| String::from_utf8_lossy(key).into_owned());
        let v = percent_decode(&bytes[value_at..value_end]);
        let item = match &v {
            Some(v) => cx.text_item(
                it,
                offset + start,
                value_end - start,
                format_args!("Form item: \"{k}\" = \"{v}\""),
            ),
            None => cx.text_item(
                it,
                offset + start,
                key_end - start,
                format_args!("Form item: \"{k}\""),
            ),
        };
        let kv = cx.tree.text_value(&k);
        cx.tree
            .add(item, urlencoded::KEY, offset + start, key.len(), kv);
        if let Some(v) = v {
            let vv = cx.tree.text_value(&v);
            cx.tree.add(
                item,
                urlencoded::VALUE,
                offset + value_at,
                value_end - value_at,
                vv,
            );
        }
    }
}

/// Form text with `+` as a space and `%hh` escapes decoded; `None` when a `%` is not followed by two
/// hex digits (tshark then shows no value).
fn percent_decode(bytes: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                let h = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(h, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// A status code's description as tshark gives it: the registry's name (RFC 9110 and the codes other
/// RFCs added), a class's "Others" entry for x99, otherwise "Unknown (N)".
fn status_description(code: i32) -> std::borrow::Cow<'static, str> {
    match u16::try_from(code).ok().and_then(status_text) {
        Some(text) => text.into(),
        None => format!("Unknown ({code})").into(),
    }
}

/// Status code names, as tshark has them.
fn status_text(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Time-out",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Time-out",
        505 => "HTTP Version not supported",
        507 => "Insufficient Storage",
        511 => "Network Authentication Required",
        208 => "Already Reported",
        226 => "IM Used",
        421 => "Misdirected Request",
        425 => "Too Early",
        506 => "Variant Also Negotiates",
        508 => "Loop Detected",
        510 => "Not Extended",
        199 => "Informational - Others",
        299 => "Success - Others",
        399 => "Redirection - Others",
        499 => "Client Error - Others",
        599 => "Server Error - Others",
        _ => return None,
    })
}

/// Where a status line's code is and what tshark reads there: the three bytes after the version and
/// the spaces that follow it, if the line has them and none is a space, read as `strtol` reads a
/// number ("200x" is 200, "2a0" 2, "abc" 0, "-20" -20).
fn status_code(line: &[u8]) -> Option<(usize, i32)> {
    let sp = line.iter().position(|&b| b == b' ')?;
    let at = sp + line[sp..].iter().position(|&b| b != b' ')?;
    let code = line.get(at..at + 3)?;
    if code.contains(&b' ') {
        return None;
    }
    let (sign, digits) = match code[0] {
        b'-' => (-1, &code[1..]),
        b'+' => (1, &code[1..]),
        _ => (1, code),
    };
    let value = digits
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0i32, |n, &b| n * 10 + i32::from(b - b'0'));
    Some((at, sign * value))
}

/// [`status_code`] as a code the other rules use (bodiless responses, 1xx, 101): none if negative.
fn response_code(line: &[u8]) -> Option<u16> {
    status_code(line).and_then(|(_, code)| u16::try_from(code).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A response to HEAD ends with its head although its Content-Length says 1234 (tshark shows
    /// "HTTP/1.1 200 OK" on frame 2, Content-Length 1234, no body), and the next response on the
    /// connection, to a GET, has its body again (frame 4, file data "hello"). Raw IPv4 frames checked
    /// with tshark 4.0 (`-T fields -e _ws.col.Info -e http.response.code -e http.file_data`).
    #[test]
    fn response_to_head_has_no_body() {
        use crate::testutil::{Frame, dissect_all};
        let frames = [
            "4500004400014000400600000a0000010a0000029c400050000003e8000013885018ffff0000000048454144202f20485454502f312e310d0a486f73743a20780d0a0d0a",
            "4500005100014000400600000a0000020a00000100509c4000001388000004035018ffff00000000485454502f312e3120323030204f4b0d0a436f6e74656e742d4c656e6774683a20313233340d0a0d0a",
            "4500004300014000400600000a0000010a0000029c40005000000403000013b15018ffff00000000474554202f20485454502f312e310d0a486f73743a20780d0a0d0a",
            "4500005300014000400600000a0000020a00000100509c40000013b10000041d5018ffff00000000485454502f312e3120323030204f4b0d0a436f6e74656e742d4c656e6774683a20350d0a0d0a68656c6c6f",
        ]
        .map(|hex| Frame {
            link_type: 228,
            hex,
            original_len: None,
        });
        let d = dissect_all(&frames);
        assert_eq!(d[1].field("http.response.code"), "200");
        assert_eq!(d[1].field("http.content_length_header"), "1234");
        assert!(d[1].info().contains("HTTP/1.1 200 OK"), "{}", d[1].info());
        assert_eq!(d[3].field("http.response.code"), "200");
        assert_eq!(d[3].field("http.file_data"), "hello");
    }

    /// Answers are taken off in order, interim 1xx responses do not count, and a connection that never
    /// answers keeps at most `Expected::MAX` of them.
    #[test]
    fn expected_answers_follow_the_requests() {
        let mut client = Expected::default();
        let mut server = Expected::default();
        pdu_found(b"HEAD / HTTP/1.1\r\n\r\n", &mut client, &mut server);
        pdu_found(b"GET / HTTP/1.1\r\n\r\n", &mut client, &mut server);
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n";
        assert_eq!(
            pdu_length_expecting(head, &server),
            PduLength::Known(head.len())
        );
        pdu_found(b"HTTP/1.1 100 Continue\r\n\r\n", &mut server, &mut client);
        assert_eq!(server.next(), Some(ANSWERS_HEAD));
        pdu_found(head, &mut server, &mut client);
        assert_eq!(
            pdu_length_expecting(head, &server),
            PduLength::Known(head.len() + 9)
        );
        for _ in 0..1000 {
            pdu_found(b"GET / HTTP/1.1\r\n\r\n", &mut client, &mut server);
        }
        let mut n = 0;
        while server.pop().is_some() {
            n += 1;
        }
        assert_eq!(n, Expected::MAX);
    }

    #[test]
    fn lengths() {
        let get = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        assert_eq!(pdu_length(get), PduLength::Known(get.len()));
        assert_eq!(pdu_length(&get[..10]), PduLength::NeedMore);
        let resp = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        assert_eq!(pdu_length(&resp[..40]), PduLength::Known(resp.len()));
        // Without a length a response runs to the end of the stream (tshark shows it at the FIN).
        let lf = b"HTTP/1.0 200 OK\n\nHello World";
        assert_eq!(pdu_length(lf), PduLength::ToEnd);
        let head_only = b"HTTP/1.1 304 Not Modified\r\n\r\n";
        assert_eq!(pdu_length(head_only), PduLength::Known(head_only.len()));
        // A CR alone ends a line; one at the end may still get its LF.
        assert_eq!(pdu_length(b"junk\rmore"), PduLength::Known(9));
        assert_eq!(pdu_length(b"GET / HTTP/1.1\r"), PduLength::NeedMore);
        let chunked =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        assert_eq!(pdu_length(chunked), PduLength::Known(chunked.len()));
        assert_eq!(pdu_length(&chunked[..60]), PduLength::NeedMore);
        // Bytes that start with a byte that is not printable are no message, whole as they are.
        assert_eq!(pdu_length(b"\x00\x01junk"), PduLength::Known(6));
        assert_eq!(pdu_length(b"\x00\x01junk\n"), PduLength::Known(7));
        assert_eq!(dechunk(b"5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"), b"helloabc");
        // tshark: "c=%41+x" is "A x"; "%zz" and a cut "%4" decode to nothing.
        assert_eq!(percent_decode(b"%41+x").as_deref(), Some("A x"));
        assert_eq!(percent_decode(b"a+b%21%zz"), None);
        assert_eq!(percent_decode(b"%4"), None);
    }
}

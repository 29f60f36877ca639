//! IMAP (RFC 3501) as tshark 4.0 shows it: each line with its tag, command or status, and the
//! message literals of FETCH responses handed to IMF, over TCP reassembly.
//!
//! What tshark 4.0 does, and so what this does (checked on suricata/imap.pcap and the STARTTLS
//! captures):
//! - The dissector runs over the bytes at hand line by line and asks TCP for more at the first line
//!   that is not complete: a line without its end, or an untagged (`*`) line one of whose first three
//!   words is FETCH (or a prefix of it, as Wireshark compares) whose literal `{N}` and the `)` after it
//!   are not all there yet. What comes before that line is one PDU; reassembly hands the protocol
//!   everything held, and the bytes past the PDU's end start the next one ([`PduLength::Dissected`]).
//! - A FETCH line with a literal has its literal dissected as IMF; its other `*` lines are shown as a
//!   line alone. Other lines are split into tag, then the request command (after UID, the word after
//!   it) or the response status, then the response command; a request's folder (SELECT, EXAMINE,
//!   CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, STATUS, APPEND, SEARCH; COPY's second word) and
//!   LOGIN's user name and password (without quotes) are shown too.
//! - Info is "Request: " or "Response: " and the first tagged line (the first line when all are
//!   untagged and none was a message).
//! - A tagged response names the latest request with its tag in the connection ("Request In" and the
//!   time since it).
//!
//! After a STARTTLS that the server accepts with a tagged OK, TCP hands the connection to TLS.

use std::collections::HashMap;

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read::line_end;
use crate::flow::stream::{PduLength, StreamProtocol};

fields::declare_protocol! {
    proto IMAP = super::ids::IMAP, "Internet Message Access Protocol", "IMAP", "imap";
    ISREQUEST: "imap.isrequest", "Request", Boolean, Bits(0), tf ("True", "False"), blurb "TRUE if IMAP request, FALSE otherwise";
    LINE: "imap.line", "Line", StringZ, None, blurb "A line of an IMAP message";
    REQUEST: "imap.request", "Request", StringZ, None, blurb "Remainder of request line";
    REQUEST_TAG: "imap.request_tag", "Request Tag", StringZ, None, blurb "First token of request line";
    RESPONSE: "imap.response", "Response", StringZ, None, blurb "Remainder of response line";
    RESPONSE_TAG: "imap.response_tag", "Response Tag", StringZ, None, blurb "First token of response line";
    REQUEST_COMMAND: "imap.request.command", "Request Command", StringZ, None, blurb "Request command name";
    RESPONSE_COMMAND: "imap.response.command", "Response Command", StringZ, None, blurb "Response command name";
    RESPONSE_STATUS: "imap.response.status", "Response Status", StringZ, None, blurb "Response status code";
    TAG: "imap.tag", "Tag", StringZ, None, blurb "First token of line";
    COMMAND: "imap.command", "Command", StringZ, None, blurb "Request or Response command name";
    REQUEST_FOLDER: "imap.request.folder", "Request Folder", StringZ, None, blurb "Request command folder";
    REQUEST_UID: "imap.request.command.uid", "Request isUID", Boolean, Bits(0), tf ("True", "False"), blurb "Request command uid";
    REQUEST_USERNAME: "imap.request.username", "Request Username", StringZ, None, blurb "Request command username";
    REQUEST_PASSWORD: "imap.request.password", "Request Password", StringZ, None, blurb "Request command password";
    // Known only in the second pass of `-2` (not set yet): registered for filters.
    RESPONSE_IN: "imap.response_in", "Response In", FrameNum, None, blurb "The response to this IMAP request is in this frame";
    RESPONSE_TO: "imap.response_to", "Request In", FrameNum, None, blurb "This is a response to the IMAP request in this frame";
    TIME: "imap.time", "Response Time", RelativeTime, None, blurb "The time between the request and response";
}

/// The TCP port tshark 4.0 takes for IMAP.
pub const PORT: u16 = 143;

/// Tags remembered per connection; past this the connection's are forgotten.
const MAX_TAGS: usize = 256;

/// Connections whose requests are remembered; past this all are forgotten.
const MAX_CONVERSATIONS: usize = 1024;

/// IMAP over TCP, reassembled as tshark's asks TCP for more at the first line it cannot finish.
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "imap",
    proto: IMAP,
    pdu_length: |bytes, _| pdu_length(bytes),
    pdu_found: None,
    dissect,
    held: Some(held),
    called_on_start: true,
    pdu_size: false,
    layer_per_run: false,
    hands_over_to: &[],
    item_per_run: false,
};

/// IMAP state of the run: per TCP stream, the frame and time of the latest request with each tag.
#[derive(Debug, Default)]
pub struct State {
    requests: HashMap<u32, HashMap<Vec<u8>, (u64, i128)>, foldhash::fast::RandomState>,
}

/// The first word of `data[at..end]`: its end, and where the next word starts (blanks skipped).
fn token(data: &[u8], at: usize, end: usize) -> (usize, usize) {
    let stop = data[at..end]
        .iter()
        .position(|&b| matches!(b, b' ' | b'\r' | b'\n'))
        .map_or(end, |p| at + p);
    let mut next = stop;
    while next < end && data[next] == b' ' {
        next += 1;
    }
    (stop, next)
}

/// Whether `word` is `full` or a start of it, ignoring case (Wireshark compares only the word's length).
fn prefix_of(word: &[u8], full: &str) -> bool {
    !word.is_empty()
        && word.len() <= full.len()
        && word.eq_ignore_ascii_case(&full.as_bytes()[..word.len()])
}

/// What an untagged FETCH line at `line..next` holds, its `FETCH` word ending at `fetch_end`: `None`
/// when more bytes are needed, else the literal to hand to IMF (offset and length, clipped to the
/// data) if it has one.
fn fetch(data: &[u8], fetch_end: usize, next: usize) -> Option<Option<(usize, usize)>> {
    let paren = fetch_end + data[fetch_end..].iter().position(|&b| b == b'(')?;
    // Wireshark looks no further than the byte before the last for the literal's `{`.
    let last = data.len().checked_sub(1)?;
    if paren + 1 > last {
        return None;
    }
    match data[paren..last].iter().position(|&b| b == b'{') {
        Some(p) => {
            let open = paren + p;
            let close = open + 1 + data[open + 1..].iter().position(|&b| b == b'}')?;
            let digits = &data[open + 1..close];
            if digits.is_empty() || digits.len() > 10 || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let size: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
            let size = size as usize;
            // The `)` that closes the response is looked for from `size` bytes after the `}`.
            let from = close.checked_add(size)?;
            if from >= data.len() || !data[from..].contains(&b')') {
                return None;
            }
            Some(Some((next, size.min(data.len().saturating_sub(next)))))
        }
        // No literal: the line must end after the `(`.
        None => line_end(data, paren).map(|_| None),
    }
}

/// Where the first line that needs more bytes starts in `data`, or `None` when every line is complete.
fn stop(data: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at < data.len() {
        let Some((_, mut next)) = line_end(data, at) else {
            return Some(at);
        };
        if data[at] == b'*'
            && let Some(fetch_end) = fetch_word(data, at, next)
        {
            match fetch(data, fetch_end, next) {
                None => return Some(at),
                Some(Some((literal, size))) => next = literal + size,
                Some(None) => {}
            }
        }
        at = next;
    }
    None
}

/// For an untagged line `at..next`: the end of the first of its three first words that is FETCH (or a
/// start of it), when the line has at least two words.
fn fetch_word(data: &[u8], at: usize, next: usize) -> Option<usize> {
    let mut words = Vec::with_capacity(3);
    let mut pos = at;
    while words.len() < 3 {
        let start = pos + 1;
        if start > next {
            break;
        }
        match data[start..next]
            .iter()
            .position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            Some(p) => {
                if p > 0 {
                    words.push((start, start + p));
                }
                pos = start + p;
            }
            None => break,
        }
    }
    if words.len() < 2 {
        return None;
    }
    words
        .iter()
        .find(|&&(s, e)| prefix_of(&data[s..e], "FETCH"))
        .map(|&(_, e)| e)
}

/// The PDU at the start of `bytes`: up to the first line that needs more.
fn pdu_length(bytes: &[u8]) -> PduLength {
    match stop(bytes) {
        _ if bytes.is_empty() => PduLength::NeedMore,
        Some(0) => PduLength::NeedMore,
        Some(n) => PduLength::Dissected(n),
        None => PduLength::Dissected(bytes.len()),
    }
}

/// The bytes of a PDU still held: Wireshark's IMAP, called on them, adds its item when their first
/// line is complete, though TCP shows the frame as its own.
fn held(cx: &mut Cx, bytes: &[u8]) {
    if line_end(bytes, 0).is_none() {
        return;
    }
    let request = cx.transport.is_some_and(|(_, d, _)| d == PORT);
    let top = cx.push_layer(ItemIdx::ROOT, PROTOCOL_FIELD, "imap", "", 0, 0);
    add_isrequest(cx, top, 0, request);
}

fn add_isrequest(cx: &mut Cx, top: ItemIdx, at: usize, request: bool) {
    let source = cx.tree.current_source();
    cx.tree.add_in(
        top,
        ISREQUEST,
        source,
        at,
        0,
        Value::UInt(u64::from(request)),
        fields::tree::flags::HIDDEN,
    );
}

fn hidden(cx: &mut Cx, parent: ItemIdx, field: fields::FieldId, at: usize, len: usize) {
    let source = cx.tree.current_source();
    cx.tree.add_in(
        parent,
        field,
        source,
        at,
        len,
        Value::Str,
        fields::tree::flags::HIDDEN,
    );
}

/// Dissects the IMAP lines of `data[offset..]`, up to the first that needs more bytes; returns the
/// bytes taken.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let request = cx.transport.is_some_and(|(_, d, _)| d == PORT);
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    let pdu = &data[..offset + stop(&data[offset..]).unwrap_or(data.len() - offset)];
    // Nothing is shown of bytes whose first line is not complete.
    if line_end(data, offset).is_none() {
        return data.len() - offset;
    }
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "imap",
        "IMAP",
        offset,
        data.len() - offset,
    );
    add_isrequest(cx, top, offset, request);
    let mut first_line = true;
    let mut last_text = 0;
    // Each message appends IMF to the Protocol column ("IMAP/IMF/IMF").
    let mut messages = 0;
    let mut at = offset;
    while at < pdu.len() {
        let Some((text_end, mut next)) = line_end(pdu, at) else {
            break;
        };
        last_text = text_end - at;
        if pdu[at] == b'*' {
            let literal = fetch_word(pdu, at, next).and_then(|e| fetch(pdu, e, next).flatten());
            cx.tree.add(top, LINE, at, next - at, Value::Str);
            if let Some((start, size)) = literal {
                first_line = false;
                crate::protocols::imf::dissect_appending(
                    cx,
                    &pdu[..start + size],
                    start,
                    top,
                    messages > 0,
                );
                messages += 1;
                let mut column = String::from("IMAP");
                for _ in 0..messages.min(16) {
                    column.push_str("/IMF");
                }
                cx.set_protocol(&column);
                next = start + size;
            }
        } else {
            if first_line {
                let side = if request { "Request" } else { "Response" };
                let mut text = String::new();
                fields::format::write_text(&pdu[at..text_end], &mut text);
                cx.set_info(format_args!("{side}: {text}"));
                first_line = false;
            }
            line(cx, pdu, at, text_end, next, top, request, stream);
        }
        at = next;
    }
    if first_line {
        let mut text = String::new();
        fields::format::write_text(&pdu[offset..(offset + last_text).min(pdu.len())], &mut text);
        let side = if request { "Request" } else { "Response" };
        cx.set_info(format_args!("{side}: {text}"));
    }
    data.len() - offset
}

/// A tagged line `at..text_end` (its end of line up to `next`) under `top`.
#[allow(clippy::too_many_arguments)]
fn line(
    cx: &mut Cx,
    data: &[u8],
    at: usize,
    text_end: usize,
    next: usize,
    top: ItemIdx,
    request: bool,
    stream: u32,
) {
    let it = cx.tree.add(top, LINE, at, next - at, Value::Str);
    if text_end > at {
        let field = if request { REQUEST } else { RESPONSE };
        cx.tree.add(it, field, at, text_end - at, Value::Str);
    }
    let (tag_end, second) = token(data, at, text_end);
    let tag = &data[at..tag_end];
    if tag.is_empty() {
        return;
    }
    let field = if request { REQUEST_TAG } else { RESPONSE_TAG };
    cx.tree.add(it, field, at, tag.len(), Value::Str);
    hidden(cx, it, TAG, at, tag.len());
    let (word_end, third) = token(data, second, text_end);
    let word = &data[second..word_end];
    if !word.is_empty() {
        // The command and the place of its first argument.
        let mut command = None;
        if request && prefix_of(word, "UID") {
            cx.tree
                .add(it, REQUEST_UID, second, word.len(), Value::UInt(1));
            let (end, args) = token(data, third, text_end);
            cx.tree
                .add(it, REQUEST_COMMAND, third, end - third, Value::Str);
            // Wireshark marks the UID word as the command.
            hidden(cx, it, COMMAND, second, word.len());
            command = Some((third, end, args));
        } else if request {
            cx.tree
                .add(it, REQUEST_COMMAND, second, word.len(), Value::Str);
            hidden(cx, it, COMMAND, second, word.len());
            command = Some((second, word_end, third));
        } else {
            cx.tree
                .add(it, RESPONSE_STATUS, second, word.len(), Value::Str);
        }
        if let Some((start, end, args)) = command.filter(|(s, e, _)| e > s) {
            arguments(cx, it, data, &data[start..end], args, text_end);
            if prefix_of(&data[start..end], "STARTTLS") {
                crate::protocols::tls::starttls_asked(cx, stream, tag);
            }
        }
        if !request {
            let (end, _) = token(data, third, text_end);
            if end > third {
                cx.tree
                    .add(it, RESPONSE_COMMAND, third, end - third, Value::Str);
                hidden(cx, it, COMMAND, third, end - third);
            }
            if tag != b"*"
                && crate::protocols::tls::starttls_answered(cx, stream, tag, prefix_of(word, "OK"))
            {
                crate::protocols::tcp::start_tls(cx, dissect, IMAP);
            }
        }
    }
    matching(cx, it, tag, request, stream, at);
}

/// A request's folder, or LOGIN's user name and password, from its arguments at `args`.
fn arguments(cx: &mut Cx, it: ItemIdx, data: &[u8], command: &[u8], args: usize, text_end: usize) {
    let (first_end, second) = token(data, args, text_end);
    const FOLDER_FIRST: [&str; 10] = [
        "select",
        "examine",
        "create",
        "delete",
        "rename",
        "subscribe",
        "unsubscribe",
        "status",
        "append",
        "search",
    ];
    if FOLDER_FIRST.iter().any(|c| prefix_of(command, c)) {
        if first_end > args {
            cx.tree
                .add(it, REQUEST_FOLDER, args, first_end - args, Value::Str);
        }
    } else if prefix_of(command, "copy") {
        let (end, _) = token(data, second, text_end);
        if end > second {
            cx.tree
                .add(it, REQUEST_FOLDER, second, end - second, Value::Str);
        }
    } else if prefix_of(command, "login") {
        if first_end > args {
            cx.tree
                .add(it, REQUEST_USERNAME, args, first_end - args, Value::Str);
        }
        let (end, _) = token(data, second, text_end);
        if end > second {
            // Shown without its quotes.
            let word = &data[second..end];
            let bare = word
                .strip_prefix(b"\"")
                .and_then(|w| w.strip_suffix(b"\""))
                .unwrap_or(word);
            let value = cx.tree.text_value(&String::from_utf8_lossy(bare));
            cx.tree
                .add(it, REQUEST_PASSWORD, second, end - second, value);
        }
    }
}

/// Remembers a request's tag, or names the request a tagged response answers.
fn matching(cx: &mut Cx, it: ItemIdx, tag: &[u8], request: bool, stream: u32, at: usize) {
    let key = tag.to_ascii_lowercase();
    let frame = cx.meta.number;
    let ns = cx.meta.secs as i128 * 1_000_000_000 + cx.meta.nanos as i128;
    let requests = &mut cx.state.imap.requests;
    if request {
        if requests.len() >= MAX_CONVERSATIONS && !requests.contains_key(&stream) {
            requests.clear();
        }
        let tags = requests.entry(stream).or_default();
        if tags.len() >= MAX_TAGS && !tags.contains_key(&key) {
            tags.clear();
        }
        tags.insert(key, (frame, ns));
    } else if let Some(&(req, req_ns)) = requests.get(&stream).and_then(|t| t.get(&key))
        && req <= frame
    {
        cx.tree
            .add_generated(it, RESPONSE_TO, at, 0, Value::UInt(req));
        cx.tree
            .add_generated(it, TIME, at, 0, Value::RelTime((ns - req_ns) as i64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdu_ends_at_the_first_line_that_needs_more() {
        // suricata/imap.pcap frame 37: a FETCH line not ended yet.
        assert_eq!(pdu_length(b"* 12 FETCH (RFC822 "), PduLength::NeedMore);
        // ... and with its literal not all there.
        assert_eq!(
            pdu_length(b"* 12 FETCH (RFC822 {10}\r\n0123"),
            PduLength::NeedMore
        );
        // The literal and the `)` are there: all of it.
        let whole = b"* 12 FETCH (RFC822 {4}\r\nab\r\n)\r\na7 OK FETCH completed.\r\n";
        assert_eq!(pdu_length(whole), PduLength::Dissected(whole.len()));
        // Complete lines, then a line cut short (frame 16's last 6 bytes): the PDU stops before it.
        assert_eq!(
            pdu_length(b"a1 OK done\r\n* 3 FE"),
            PduLength::Dissected(12)
        );
        // FETCH without a parenthesis waits; without a literal, the line after the `(` must end.
        assert_eq!(pdu_length(b"* 1 FETCH\r\n"), PduLength::NeedMore);
        assert_eq!(
            pdu_length(b"* 1 FETCH (FLAGS (\\Seen))\r\n"),
            PduLength::Dissected(27)
        );
        // A CR at the end may be followed by its LF.
        assert_eq!(pdu_length(b"a1 NOOP\r"), PduLength::NeedMore);
    }

    /// Bytes made of IMAP's own punctuation never make the PDU search panic or claim more than it
    /// was given.
    #[test]
    fn pdu_length_takes_any_bytes() {
        const ALPHABET: &[u8] = b"* FETCH({}09)\r\na";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                bytes.push(ALPHABET[(seed % ALPHABET.len() as u64) as usize]);
            }
            match pdu_length(&bytes) {
                PduLength::Dissected(n) => assert!(n >= 1 && n <= bytes.len(), "{bytes:?}"),
                PduLength::NeedMore => {}
                other => panic!("{other:?} for {bytes:?}"),
            }
        }
    }

    /// Hand-made frames (Ethernet/IPv4/TCP written out by a script): a FETCH response whose first line, literal and
    /// closing line come in three segments, then a FETCH line cut in two. tshark 4.0 on the same bytes:
    /// frames 2 and 3 "[TCP segment of a reassembled PDU]" (IMAP listed in 3 only, where the first line
    /// is complete), frame 4 IMAP/IMF from segments 2,3,4 with all 122 bytes held and Info
    /// "subject: hi,  (text/plain)", frame 5 IMAP from segments 4,5 (27 bytes).
    #[test]
    fn fetch_literal_reassembled_as_tshark_does() {
        use crate::testutil::{Frame, dissect_all};
        let d = dissect_all(&[
            Frame {
                link_type: 1,
                hex: concat!(
                    "02000000000202000000000108004500003b00014000400626ba0a0000010a0000020fa0008f000003e8000013885018",
                    "ffff6efe000061312046455443482031205246433832320d0a",
                ),
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: concat!(
                    "02000000000202000000000108004500003b00014000400626ba0a0000020a000001008f0fa000001388000003fb5018",
                    "ffffe23300002a20312046455443482028524643383232207b",
                ),
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: concat!(
                    "02000000000202000000000108004500004100014000400626b40a0000020a000001008f0fa00000139b000003fb5018",
                    "ffff3834000036357d0d0a5375626a6563743a2068690d0a436f6e74656e74",
                ),
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: concat!(
                    "020000000002020000000001080045000076000140004006267f0a0000020a000001008f0fa0000013b4000003fb5018",
                    "ffff657200002d547970653a20746578742f706c61696e3b20636861727365743d75732d61736369690d0a0d0a626f64",
                    "790d0a290d0a6131204f4b20464554434820636f6d706c657465642e0d0a2a2032204645",
                ),
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: concat!(
                    "02000000000202000000000108004500003d00014000400626b80a0000020a000001008f0fa000001402000003fb5018",
                    "ffff983300005443482028464c41475320285c5365656e29290d0a",
                ),
                original_len: None,
            },
        ]);
        assert_eq!(d[0].info(), "Request: a1 FETCH 1 RFC822");
        for f in &d[1..3] {
            assert_eq!(f.protocol(), "TCP");
            assert!(f.info().ends_with(" [TCP segment of a reassembled PDU]"));
        }
        assert_eq!(d[1].protocols(), "eth:ethertype:ip:tcp");
        assert_eq!(d[2].protocols(), "eth:ethertype:ip:tcp:imap");
        assert_eq!(
            d[3].protocols(),
            "eth:ethertype:ip:tcp:imap:imf:data-text-lines"
        );
        assert_eq!(d[3].protocol(), "IMAP/IMF");
        assert_eq!(d[3].info(), "subject: hi,  (text/plain)");
        assert_eq!(d[3].field("tcp.segment"), "2,3,4");
        assert_eq!(d[3].field("tcp.reassembled.length"), "122");
        assert_eq!(
            d[3].field("imap.line"),
            "* 1 FETCH (RFC822 {65}\\r\\n,)\\r\\n,a1 OK FETCH completed.\\r\\n"
        );
        assert_eq!(d[3].field("imap.response_to"), "1");
        assert_eq!(d[3].field("imf.subject"), "hi");
        assert_eq!(d[4].info(), "Response: * 2 FETCH (FLAGS (\\Seen))");
        assert_eq!(d[4].field("tcp.segment"), "4,5");
        assert_eq!(d[4].field("tcp.reassembled.length"), "27");
    }
}

//! IMAP (RFC 3501) as tshark 4.0 shows it: each line with its tag and command, and the message
//! literals (`{N}` at a line's end) of a server segment handed to IMF.
//!
//! What tshark 4.0 does, and so what this does (checked on suricata/imap.pcap): Info is "Request: " or
//! "Response: " and the first line; the literals are dissected as IMF one segment at a time (the
//! bytes of a literal in this segment, not put together across segments), the first IMF replacing
//! the Info column and the others appending to it. Left to do: request folder, user name, password,
//! response_in/response_to. After a STARTTLS that the server accepts with a tagged OK, TCP hands the
//! connection to TLS.

use std::collections::HashMap;

use fields::{ItemIdx, Value};

use crate::Cx;

fields::declare_protocol! {
    proto IMAP = super::ids::IMAP, "Internet Message Access Protocol", "IMAP", "imap";
    ISREQUEST: "imap.isrequest", "Request", Boolean, None, blurb "TRUE if IMAP request, FALSE otherwise";
    LINE: "imap.line", "Line", String, None, blurb "A line of an IMAP message";
    REQUEST: "imap.request", "Request", String, None, blurb "Remainder of request line";
    REQUEST_TAG: "imap.request_tag", "Request Tag", String, None, blurb "First field of request line";
    RESPONSE: "imap.response", "Response", String, None, blurb "Remainder of response line";
    RESPONSE_TAG: "imap.response_tag", "Response Tag", String, None, blurb "First field of response line";
    REQUEST_COMMAND: "imap.request.command", "Request Command", String, None, blurb "Request command name";
    RESPONSE_COMMAND: "imap.response.command", "Response Command", String, None, blurb "Response command name";
    RESPONSE_STATUS: "imap.response.status", "Response Status", String, None, blurb "Response status code";
}

/// The TCP port tshark 4.0 takes for IMAP.
pub const PORT: u16 = 143;

/// Bytes of one literal handed to IMF at most (a literal's length is the peer's word).
const MAX_LITERAL: usize = 16 << 20;

/// Connections whose held literal is kept; past this all are dropped.
const MAX_CONVERSATIONS: usize = 1024;

/// IMAP state of the run: per TCP stream, the server's bytes from the line announcing a literal that
/// did not end in its segment (tshark has TCP hold them until the literal is complete).
#[derive(Debug, Default)]
pub struct State {
    held: HashMap<u32, Vec<u8>, foldhash::fast::RandomState>,
}

/// Dissects a TCP payload `data[offset..]` on the IMAP port.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let (_, dport) = cx.transport.map_or((0, 0), |(s, d, _)| (s, d));
    let request = dport == PORT;
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    if !request && let Some(mut held) = cx.state.imap.held.remove(&stream) {
        // The literal held from earlier segments goes on with this one: the lines are dissected
        // from the bytes put together.
        held.extend_from_slice(&data[offset..]);
        let top = cx.push_layer(
            parent,
            PROTOCOL_FIELD,
            "imap",
            "IMAP",
            offset,
            data.len() - offset,
        );
        let source = cx.tree.add_source("Reassembled TCP", &held);
        let previous = cx.tree.current_source();
        cx.tree.set_current_source(source);
        lines(cx, &held, 0, top, request, stream);
        cx.tree.set_current_source(previous);
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
    lines(cx, data, offset, top, request, stream);
    data.len() - offset
}

/// The lines of `data[offset..]` under `top`, with the literals they announce.
fn lines(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, request: bool, stream: u32) {
    cx.tree
        .add(top, ISREQUEST, offset, 0, Value::UInt(u64::from(request)));
    let mut at = offset;
    let mut messages = 0;
    while at < data.len() {
        let end = data[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |p| at + p + 1);
        let mut text_end = end;
        while text_end > at && matches!(data[text_end - 1], b'\n' | b'\r') {
            text_end -= 1;
        }
        if !request && data[end - 1] != b'\n' && at > offset {
            // A server line cut at the segment's end is held for the next one, as a literal is.
            hold(cx, stream, &data[at..]);
            break;
        }
        let text = &data[at..text_end];
        let line = cx.tree.add(top, LINE, at, end - at, Value::Str);
        let tag_len = text.iter().position(|&b| b == b' ').unwrap_or(text.len());
        let (tag_field, rest_field) = if request {
            (REQUEST_TAG, REQUEST)
        } else {
            (RESPONSE_TAG, RESPONSE)
        };
        cx.tree.add(line, tag_field, at, tag_len, Value::Str);
        if tag_len + 1 < text.len() {
            let rest = at + tag_len + 1;
            cx.tree
                .add(line, rest_field, rest, text_end - rest, Value::Str);
            let word = data[rest..text_end]
                .iter()
                .position(|&b| b == b' ')
                .unwrap_or(text_end - rest);
            let field = if request {
                REQUEST_COMMAND
            } else {
                RESPONSE_COMMAND
            };
            cx.tree.add(line, field, rest, word, Value::Str);
            // STARTTLS (RFC 3501 §6.2.1) and its tagged OK: TLS from the next segment on.
            let command = &data[rest..rest + word];
            let tag = &data[at..at + tag_len];
            if request && command.eq_ignore_ascii_case(b"STARTTLS") {
                crate::protocols::tls::starttls_asked(cx, stream, tag);
            } else if !request
                && tag != b"*"
                && crate::protocols::tls::starttls_answered(
                    cx,
                    stream,
                    tag,
                    command.eq_ignore_ascii_case(b"OK"),
                )
            {
                crate::protocols::tcp::start_tls(cx, dissect, IMAP);
            }
        }
        if messages == 0 {
            // Each line sets Info afresh, until a message does.
            let side = if request { "Request" } else { "Response" };
            cx.set_info(format_args!("{side}: {}", String::from_utf8_lossy(text)));
        }
        let line_start = at;
        at = end;
        if !request
            && let Some(n) = literal_length(text)
            && n > 0
        {
            let stop = at.saturating_add(n.min(MAX_LITERAL));
            // tshark waits for the line that goes on after the literal too.
            if stop >= data.len() || !data[stop..].contains(&b'\n') {
                hold(cx, stream, &data[line_start..]);
                break;
            }
            crate::protocols::imf::dissect_appending(cx, &data[..stop], at, top, messages > 0);
            messages += 1;
            at = stop;
        }
    }
    if messages > 0 {
        cx.set_protocol("IMAP/IMF");
    }
}

/// Holds `bytes` (at most [`MAX_LITERAL`] and a line) for the stream's next server segment.
fn hold(cx: &mut Cx, stream: u32, bytes: &[u8]) {
    if bytes.len() > MAX_LITERAL + 4096 {
        return;
    }
    if cx.state.imap.held.len() >= MAX_CONVERSATIONS {
        cx.state.imap.held.clear();
    }
    cx.state.imap.held.insert(stream, bytes.to_vec());
}

/// The length of the literal a line announces by ending in `{N}`.
fn literal_length(text: &[u8]) -> Option<usize> {
    let inner = text.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&b| b == b'{')?;
    let digits = &inner[open + 1..];
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

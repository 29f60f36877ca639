//! POP3 (RFC 1939) as tshark 4.0 shows it: a request line split into command and parameter, a
//! response's first line into indicator and description and its other lines as data, each line
//! labelled with its own text.
//!
//! What tshark 4.0 does, and so what this does (checked on the corpus): a server segment that does not
//! start with `+OK` or `-ERR` (the lines of a RETR, a SASL `+ ` challenge) is handed to IMF as it is,
//! one segment at a time (the message is not put together), and the Protocol column says "POP/IMF".
//! After an STLS that the server accepts with +OK, TCP hands the connection to TLS.

use fields::format::FormatText;
use fields::{ItemIdx, Value};

use crate::Cx;

fields::declare_protocol! {
    proto POP = super::ids::POP, "Post Office Protocol", "POP", "pop";
    RESPONSE: "pop.response", "Response", String, None;
    RESPONSE_INDICATOR: "pop.response.indicator", "Response indicator", String, None;
    RESPONSE_DESCRIPTION: "pop.response.description", "Response description", String, None;
    RESPONSE_DATA: "pop.response.data", "Data", String, None, blurb "Response Data";
    REQUEST: "pop.request", "Request", String, None;
    REQUEST_COMMAND: "pop.request.command", "Request command", String, None;
    REQUEST_PARAMETER: "pop.request.parameter", "Request parameter", String, None;
    REQUEST_DATA: "pop.request.data", "Data", String, None, blurb "Request data";
}

/// The TCP port tshark 4.0 takes for POP.
pub const PORT: u16 = 110;

/// Dissects a TCP payload `data[offset..]` on the POP port.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let (_, dport) = cx.transport.map_or((0, 0), |(s, d, _)| (s, d));
    let request = dport == PORT;
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "pop",
        "POP",
        offset,
        data.len() - offset,
    );
    let payload = &data[offset..];
    // STLS (RFC 2595) accepted with +OK: TLS from the next segment on.
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    if request && payload.len() >= 4 && payload[..4].eq_ignore_ascii_case(b"STLS") {
        crate::protocols::tls::starttls_asked(cx, stream, b"");
    } else if !request
        && crate::protocols::tls::starttls_answered(cx, stream, b"", payload.starts_with(b"+OK"))
    {
        crate::protocols::tcp::start_tls(cx, dissect, POP);
    }
    if !request && !payload.starts_with(b"+OK") && !payload.starts_with(b"-ERR") {
        crate::protocols::imf::dissect(cx, data, offset, top);
        cx.set_protocol("POP/IMF");
        return data.len() - offset;
    }
    let mut first = true;
    let mut at = offset;
    while at < data.len() {
        let end = data[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |p| at + p + 1);
        let mut text_end = end;
        while text_end > at && matches!(data[text_end - 1], b'\n' | b'\r') {
            text_end -= 1;
        }
        if first {
            let text = &data[at..text_end];
            let field = if request { REQUEST } else { RESPONSE };
            let line = cx.tree.add(top, field, at, end - at, Value::Str);
            cx.tree
                .set_label(line, format_args!("{}", FormatText(&data[at..end])));
            let word = text.iter().position(|&b| b == b' ').unwrap_or(text.len());
            let (word_field, rest_field) = if request {
                (REQUEST_COMMAND, REQUEST_PARAMETER)
            } else {
                (RESPONSE_INDICATOR, RESPONSE_DESCRIPTION)
            };
            cx.tree.add(line, word_field, at, word, Value::Str);
            if word + 1 < text.len() {
                cx.tree.add(
                    line,
                    rest_field,
                    at + word + 1,
                    text.len() - word - 1,
                    Value::Str,
                );
            }
            let side = if request { 'C' } else { 'S' };
            cx.set_info(format_args!("{side}: {}", String::from_utf8_lossy(text)));
            first = false;
        } else {
            let field = if request { REQUEST_DATA } else { RESPONSE_DATA };
            let line = cx.tree.add(top, field, at, end - at, Value::Str);
            cx.tree
                .set_label(line, format_args!("{}", FormatText(&data[at..end])));
        }
        at = end;
    }
    data.len() - offset
}

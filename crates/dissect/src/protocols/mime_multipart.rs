//! MIME multipart bodies (RFC 2046 section 5.1) as tshark 4.0's `mime_multipart` shows them, for the
//! protocols whose bodies may be multipart: IMF (mail, and so SMTP, POP, IMAP) and HTTP.
//!
//! What tshark 4.0 does, and so what this does: the body is cut at the lines `--BOUNDARY`; the bytes
//! before the first are the preamble, those after the closing `--BOUNDARY--` the trailer. Each part is
//! an item "Encapsulated multipart part:  (TYPE)" holding its headers (the known ones as
//! `mime_multipart.header.*` fields, whose values are unfolded with the blanks around `;` `=` `,`
//! dropped; others as text) and its body, handed on by its Content-Type as an HTTP body is (text
//! lines, media, a nested multipart, a message/rfc822 as IMF). Boundaries between parts include the
//! line end before them and after them. Content-Transfer-Encoding is shown, not undone (tshark's
//! default); export objects undo it (`output::objects`).
//!
//! Bounds: nested multiparts are followed [`MAX_DEPTH`] deep, and at most [`MAX_PARTS`] parts of a body
//! are shown.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::protocols::imf::{next_line, trim_eol};

fields::declare_protocol! {
    proto MIME_MULTIPART = super::ids::MIME_MULTIPART, "MIME Multipart Media Encapsulation", "MIME multipart", "mime_multipart";
    TYPE: "mime_multipart.type", "Type", String, None, blurb "MIME multipart encapsulation type";
    PART: "mime_multipart.part", "Encapsulated multipart part", String, None;
    HEADER_CONTENT_DESCRIPTION: "mime_multipart.header.content-description", "Content-Description", String, None, blurb "Content-Description Header";
    HEADER_CONTENT_DISPOSITION: "mime_multipart.header.content-disposition", "Content-Disposition", String, None, blurb "RFC 2183: Content-Disposition Header";
    HEADER_CONTENT_ENCODING: "mime_multipart.header.content-encoding", "Content-Encoding", String, None, blurb "Content-Encoding Header";
    HEADER_CONTENT_ID: "mime_multipart.header.content-id", "Content-Id", String, None, blurb "RFC 2045: Content-Id Header";
    HEADER_CONTENT_LANGUAGE: "mime_multipart.header.content-language", "Content-Language", String, None, blurb "Content-Language Header";
    HEADER_CONTENT_LENGTH: "mime_multipart.header.content-length", "Content-Length", String, None, blurb "Content-Length Header";
    HEADER_CONTENT_TRANSFER_ENCODING: "mime_multipart.header.content-transfer-encoding", "Content-Transfer-Encoding", String, None, blurb "RFC 2045: Content-Transfer-Encoding Header";
    NO_REQUIRED_PARAMETER: "mime_multipart.no_required_parameter", "The multipart dissector could not find a required parameter.", None, None;
    HEADER_CONTENT_TYPE: "mime_multipart.header.content-type", "Content-Type", String, None, blurb "Content-Type Header";
    HEADER_ORIGINALCONTENT: "mime_multipart.header.originalcontent", "OriginalContent", String, None, blurb "Original Content-Type Header";
    FIRST_BOUNDARY: "mime_multipart.first_boundary", "First boundary", String, None;
    PREAMBLE: "mime_multipart.preamble", "Preamble", Bytes, None;
    LAST_BOUNDARY: "mime_multipart.last_boundary", "Last boundary", String, None;
    BOUNDARY: "mime_multipart.boundary", "Boundary", String, None;
    TRAILER: "mime_multipart.trailer", "Trailer", Bytes, None;
}

/// Nested multipart bodies (a multipart part of a multipart) are dissected down to this depth.
pub const MAX_DEPTH: u32 = 8;

/// Parts of one body shown; the rest is left undissected.
pub const MAX_PARTS: usize = 1000;

/// The part headers tshark knows, by lower-case name.
const HEADERS: &[(&str, fields::FieldId)] = &[
    ("content-description", HEADER_CONTENT_DESCRIPTION),
    ("content-disposition", HEADER_CONTENT_DISPOSITION),
    ("content-encoding", HEADER_CONTENT_ENCODING),
    ("content-id", HEADER_CONTENT_ID),
    ("content-language", HEADER_CONTENT_LANGUAGE),
    ("content-length", HEADER_CONTENT_LENGTH),
    (
        "content-transfer-encoding",
        HEADER_CONTENT_TRANSFER_ENCODING,
    ),
    ("content-type", HEADER_CONTENT_TYPE),
    ("originalcontent", HEADER_ORIGINALCONTENT),
];

/// The `boundary` parameter of a Content-Type value, its case kept (boundaries are case-sensitive).
pub fn boundary(content_type: &str) -> Option<&str> {
    let lower = content_type.to_ascii_lowercase();
    let mut search = 0;
    let at = loop {
        let p = search + lower[search..].find("boundary")?;
        let before_ok = p == 0 || matches!(lower.as_bytes()[p - 1], b';' | b' ' | b'\t');
        let after = lower[p + 8..].trim_start();
        if before_ok && after.starts_with('=') {
            let eq = p + 8 + (lower[p + 8..].len() - after.len());
            break eq + 1;
        }
        search = p + 8;
    };
    let rest = content_type[at..].trim_start();
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([';', ' ', '\t', '\r', '\n']).next()?,
    };
    (!value.is_empty()).then_some(value)
}

/// The media type of a Content-Type value, lower-cased, without parameters.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Dissects the multipart body `data[offset..]` of the given Content-Type value (with its boundary
/// parameter) as a layer handed `parent` (callers that nest it wrap the call in [`Cx::within`]).
/// Without a boundary, or past [`MAX_DEPTH`], the body is left to the caller (returns false).
pub fn dissect(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    parent: ItemIdx,
    content_type: &str,
    depth: u32,
) -> bool {
    let Some(boundary) = boundary(content_type) else {
        return false;
    };
    // An empty body is still shown, with its type.
    if depth >= MAX_DEPTH || offset > data.len() {
        return false;
    }
    let media = media_type(content_type);
    let top = if offset == data.len() {
        // tshark shows an empty body's item but counts no layer for it (frame.protocols).
        let parent = cx.layer_parent(parent);
        cx.tree.add(parent, PROTOCOL_FIELD, offset, 0, Value::None)
    } else {
        cx.push_layer(
            parent,
            PROTOCOL_FIELD,
            "mime_multipart",
            "",
            offset,
            data.len() - offset,
        )
    };
    cx.tree.set_label(
        top,
        format_args!("MIME Multipart Media Encapsulation, Type: {media}, Boundary: \"{boundary}\""),
    );
    let value = cx.tree.text_value(&media);
    cx.tree.add_generated(top, TYPE, offset, 0, value);
    let mut delimiters = find_delimiters(data, offset, boundary.as_bytes());
    // The line end before the first boundary belongs to the preamble in tshark's tree.
    if let Some(first) = delimiters.first_mut()
        && !first.closing
        && data[first.start..].starts_with(b"\r\n")
    {
        first.start += 2;
    }
    let Some(first) = delimiters.first() else {
        // A body without its first boundary (a segment of the message, say) is data to tshark.
        if offset < data.len() {
            cx.within(top, |cx| {
                crate::protocols::data::dissect(cx, data, offset, top)
            });
        }
        return true;
    };
    if first.start > offset {
        cx.tree
            .add(top, PREAMBLE, offset, first.start - offset, Value::Bytes);
    }
    for (n, d) in delimiters.iter().enumerate() {
        let field = match (n, d.closing) {
            (_, true) => LAST_BOUNDARY,
            (0, false) => FIRST_BOUNDARY,
            _ => BOUNDARY,
        };
        cx.tree
            .add(top, field, d.start, d.end - d.start, Value::Str);
        if d.closing {
            if d.end < data.len() {
                cx.tree
                    .add(top, TRAILER, d.end, data.len() - d.end, Value::Bytes);
            }
            break;
        }
        if n >= MAX_PARTS {
            break;
        }
        // A part runs to the next delimiter (or, cut short, to the end of the data).
        let part_end = delimiters.get(n + 1).map_or(data.len(), |next| next.start);
        if part_end > d.end {
            part(cx, &data[..part_end], d.end, top, depth);
        }
    }
    true
}

/// One delimiter line: from the line end before it (if any) to past the line end after it.
struct Delimiter {
    start: usize,
    end: usize,
    closing: bool,
}

/// The delimiter lines of a body: `--BOUNDARY` at the start of the body or of a line, followed by
/// blanks and a line end (or `--` for the closing one).
fn find_delimiters(data: &[u8], from: usize, boundary: &[u8]) -> Vec<Delimiter> {
    let mut out = Vec::new();
    let mut at = from;
    while at + 2 + boundary.len() <= data.len() {
        let Some(p) = memchr_dashes(data, at, boundary) else {
            break;
        };
        at = p + 2 + boundary.len();
        let at_line_start = p == from || data[p - 1] == b'\n';
        if !at_line_start {
            continue;
        }
        let closing = data[at..].starts_with(b"--");
        let mut end = if closing { at + 2 } else { at };
        while end < data.len() && matches!(data[end], b' ' | b'\t') {
            end += 1;
        }
        if data[end..].starts_with(b"\r\n") {
            end += 2;
        } else if data[end..].starts_with(b"\n") {
            end += 1;
        } else if !(closing || end == data.len()) {
            // "--BOUNDARYX": a longer line, not this delimiter.
            continue;
        }
        let mut start = p;
        if p > from && data[p - 1] == b'\n' {
            start -= 1;
            if start > from && data[start - 1] == b'\r' {
                start -= 1;
            }
        }
        out.push(Delimiter {
            start,
            end,
            closing,
        });
        at = end;
        if closing {
            break;
        }
    }
    out
}

/// Where `--BOUNDARY` next occurs in `data[from..]`.
fn memchr_dashes(data: &[u8], from: usize, boundary: &[u8]) -> Option<usize> {
    let needle_len = 2 + boundary.len();
    data[from..]
        .windows(needle_len)
        .position(|w| w.starts_with(b"--") && &w[2..] == boundary)
        .map(|p| from + p)
}

/// A part `data[offset..]`: its headers, up to the empty line, then its body.
fn part(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, depth: u32) {
    // tshark's part item is a string field whose value is empty; the label says what it holds.
    let empty = cx.tree.text_value("");
    let item = cx.tree.add(top, PART, offset, data.len() - offset, empty);
    let mut at = offset;
    let mut content_type: Option<String> = None;
    let mut last_header: Option<ItemIdx> = None;
    let mut headers = Vec::new();
    let mut body_at = data.len();
    while at < data.len() {
        let line_end = next_line(data, at);
        let text = trim_eol(&data[at..line_end]);
        if text.is_empty() {
            // The empty line ends the headers; tshark counts it into the last header's item.
            body_at = line_end;
            if let Some(item) = last_header.and_then(|h| cx.tree.item_mut(h)) {
                item.len = (line_end - item.offset as usize) as u32;
            }
            break;
        }
        let mut end = line_end;
        while end < data.len() && matches!(data[end], b' ' | b'\t') {
            end = next_line(data, end);
        }
        let header = &data[at..end];
        let value_end = at + trim_eol(header).len();
        let colon = header.iter().position(|&b| b == b':');
        if colon.is_none() {
            // A line without a colon ends the headers too: the body starts with it (tshark 4.0).
            body_at = at;
            break;
        }
        let known = colon.and_then(|c| {
            let name = String::from_utf8_lossy(&header[..c])
                .trim()
                .to_ascii_lowercase();
            HEADERS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, f)| (c, f))
        });
        let it = match known {
            Some((c, field)) => {
                let mut vstart = at + c + 1;
                while vstart < value_end && matches!(data[vstart], b' ' | b'\t') {
                    vstart += 1;
                }
                let value = compact(&data[vstart..value_end]);
                if field == HEADER_CONTENT_TYPE {
                    content_type = Some(value.clone());
                }
                let value = cx.tree.text_value(&value);
                cx.tree.add(item, field, at, end - at, value)
            }
            None => {
                let src = cx.tree.current_source();
                cx.tree.add_in(
                    item,
                    crate::protocols::ws::TEXT,
                    src,
                    at,
                    end - at,
                    Value::None,
                    fields::tree::flags::TEXT,
                )
            }
        };
        if it.is_stored() {
            headers.push(it);
            last_header = Some(it);
        }
        at = end;
    }
    // Each header's label is the bytes its item covers (the last one's take in the empty line).
    for h in headers {
        let it = *cx.tree.item(h);
        let from = it.offset as usize;
        let shown = fields::format::FormatText(&data[from..from + it.len as usize]);
        cx.tree.set_label(h, format_args!("{shown}"));
    }
    let media = content_type.as_deref().map(media_type);
    // Without a Content-Type tshark leaves the parenthesis out.
    match media.as_deref() {
        Some(m) => cx
            .tree
            .set_label(item, format_args!("Encapsulated multipart part:  ({m})")),
        None => cx
            .tree
            .set_label(item, format_args!("Encapsulated multipart part: ")),
    }
    if body_at >= data.len() {
        return;
    }
    match media.as_deref() {
        Some(m) if m.starts_with("multipart/") => {
            let ct = content_type.clone().unwrap_or_default();
            if !cx.within(item, |cx| dissect(cx, data, body_at, item, &ct, depth + 1)) {
                cx.within(item, |cx| {
                    crate::protocols::data::dissect(cx, data, body_at, item)
                });
            }
        }
        Some("message/rfc822") => {
            cx.within(item, |cx| {
                crate::protocols::imf::nested(cx, data, body_at, item, true, depth + 1)
            });
        }
        _ => cx.within(item, |cx| {
            crate::protocols::http::body(
                cx,
                data,
                body_at,
                item,
                content_type.as_deref(),
                crate::protocols::http::BodyCarrier::MultipartPart,
            )
        }),
    }
}

/// A header value as tshark's fields hold it: unfolded, and without the blanks around `;`, `=` and
/// `,` (quoted strings kept as they are).
fn compact(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    let mut pending_blank = false;
    for c in text.chars() {
        if quoted {
            out.push(c);
            if c == '"' {
                quoted = false;
            }
            continue;
        }
        match c {
            '\r' | '\n' => {}
            ' ' | '\t' => pending_blank = true,
            _ => {
                let glue = matches!(c, ';' | '=' | ',')
                    || out.is_empty()
                    || out.ends_with([';', '=', ',']);
                if pending_blank && !glue {
                    out.push(' ');
                }
                pending_blank = false;
                if c == '"' {
                    quoted = true;
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_keeps_its_case_and_takes_quotes_off() {
        assert_eq!(
            boundary("multipart/mixed; boundary=\"==Outer-1==\""),
            Some("==Outer-1==")
        );
        assert_eq!(
            boundary("multipart/mixed;BOUNDARY=abc; charset=x"),
            Some("abc")
        );
        assert_eq!(boundary("text/plain"), None);
    }

    #[test]
    fn header_values_are_compacted_as_tshark_shows_them() {
        assert_eq!(
            compact(b"text/plain; charset=\"utf-8\""),
            "text/plain;charset=\"utf-8\""
        );
        assert_eq!(
            compact(b"multipart/alternative;\r\n boundary=\"a b\""),
            "multipart/alternative;boundary=\"a b\""
        );
        assert_eq!(compact(b"my file"), "my file");
    }
}

//! The Internet Message Format (RFC 5322) as tshark 4.0 shows a message SMTP (or POP, IMAP) carried:
//! each header as its own field (`imf.from`, `imf.subject` ...), others as `imf.extension` with their
//! name and value, then the body.
//!
//! What tshark 4.0 does, and so what this does: a header's value starts after the colon and the blanks
//! that follow it and runs to the end of the header, continuation lines included, without the final
//! line end; the Info column is "from: F, subject: S, ". Left to do: address lists itemised
//! (`imf.address_list.item`, `imf.display_name`, `imf.address`), Content-Type split into type and
//! parameters. Multipart bodies go to [`crate::protocols::mime_multipart`].

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;

fields::declare_protocol! {
    proto IMF = super::ids::IMF, "Internet Message Format", "IMF", "imf";
    DATE: "imf.date", "Date", String, None, blurb "DateTime";
    FROM: "imf.from", "From", String, None, blurb "MailboxList";
    SENDER: "imf.sender", "Sender", String, None;
    REPLY_TO: "imf.reply_to", "Reply-To", String, None;
    TO: "imf.to", "To", String, None;
    CC: "imf.cc", "Cc", String, None;
    BCC: "imf.bcc", "Bcc", String, None;
    MESSAGE_ID: "imf.message_id", "Message-ID", String, None;
    IN_REPLY_TO: "imf.in_reply_to", "In-Reply-To", String, None;
    REFERENCES: "imf.references", "References", String, None;
    SUBJECT: "imf.subject", "Subject", String, None;
    COMMENTS: "imf.comments", "Comments", String, None;
    USER_AGENT: "imf.user_agent", "User-Agent", String, None;
    KEYWORDS: "imf.keywords", "Keywords", String, None;
    RESENT_DATE: "imf.resent.date", "Resent-Date", String, None;
    RESENT_FROM: "imf.resent.from", "Resent-From", String, None;
    RESENT_SENDER: "imf.resent.sender", "Resent-Sender", String, None;
    RESENT_TO: "imf.resent.to", "Resent-To", String, None;
    RESENT_CC: "imf.resent.cc", "Resent-Cc", String, None;
    RESENT_BCC: "imf.resent.bcc", "Resent-Bcc", String, None;
    RESENT_MESSAGE_ID: "imf.resent.message_id", "Resent-Message-ID", String, None;
    RETURN_PATH: "imf.return_path", "Return-Path", String, None;
    RECEIVED: "imf.received", "Received", String, None;
    CONTENT_TYPE: "imf.content.type", "Content-Type", String, None;
    CONTENT_DESCRIPTION: "imf.content.description", "Content-Description", String, None;
    CONTENT_ID: "imf.content.id", "Content-ID", String, None;
    CONTENT_TRANSFER_ENCODING: "imf.content.transfer_encoding", "Content-Transfer-Encoding", String, None;
    MIME_VERSION: "imf.mime_version", "MIME-Version", String, None;
    DELIVERED_TO: "imf.delivered_to", "Delivered-To", String, None;
    IMPORTANCE: "imf.importance", "Importance", String, None;
    PRIORITY: "imf.priority", "Priority", String, None;
    EXPIRES: "imf.expires", "Expires", String, None;
    SENSITIVITY: "imf.sensitivity", "Sensitivity", String, None;
    EXT_MAILER: "imf.ext.mailer", "X-Mailer", String, None;
    EXT_MIMEOLE: "imf.ext.mimeole", "X-MimeOLE", String, None;
    EXT_EXPIRY_DATE: "imf.ext.expiry-date", "Expiry-Date", String, None;
    EXT_TNEF_CORRELATOR: "imf.ext.tnef-correlator", "X-MS-TNEF-Correlator", String, None;
    EXT_UIDL: "imf.ext.uidl", "X-UIDL", String, None;
    EXT_AUTHENTICATION_WARNING: "imf.ext.authentication_warning", "X-Authentication-Warning", String, None;
    EXT_VIRUS_SCANNED: "imf.ext.virus_scanned", "X-Virus-Scanned", String, None;
    EXT_ORIGINAL_TO: "imf.ext.original-to", "X-Original-To", String, None;
    THREAD_INDEX: "imf.thread-index", "Thread-Index", String, None;
    LINES: "imf.lines", "Lines", String, None;
    PRECEDENCE: "imf.precedence", "Precedence", String, None;
    EXTENSION: "imf.extension", "Unknown-Extension", String, None;
    EXTENSION_TYPE: "imf.extension.type", "Type", String, None;
    EXTENSION_VALUE: "imf.extension.value", "Value", String, None;
}

/// Header names (lower case) and their fields.
static HEADERS: &[(&str, FieldId)] = &[
    ("date", DATE),
    ("from", FROM),
    ("sender", SENDER),
    ("reply-to", REPLY_TO),
    ("to", TO),
    ("cc", CC),
    ("bcc", BCC),
    ("message-id", MESSAGE_ID),
    ("in-reply-to", IN_REPLY_TO),
    ("references", REFERENCES),
    ("subject", SUBJECT),
    ("comments", COMMENTS),
    ("user-agent", USER_AGENT),
    ("keywords", KEYWORDS),
    ("resent-date", RESENT_DATE),
    ("resent-from", RESENT_FROM),
    ("resent-sender", RESENT_SENDER),
    ("resent-to", RESENT_TO),
    ("resent-cc", RESENT_CC),
    ("resent-bcc", RESENT_BCC),
    ("resent-message-id", RESENT_MESSAGE_ID),
    ("return-path", RETURN_PATH),
    ("received", RECEIVED),
    ("content-type", CONTENT_TYPE),
    ("content-description", CONTENT_DESCRIPTION),
    ("content-id", CONTENT_ID),
    ("content-transfer-encoding", CONTENT_TRANSFER_ENCODING),
    ("mime-version", MIME_VERSION),
    ("delivered-to", DELIVERED_TO),
    ("importance", IMPORTANCE),
    ("priority", PRIORITY),
    ("expires", EXPIRES),
    ("sensitivity", SENSITIVITY),
    ("x-mailer", EXT_MAILER),
    ("x-mimeole", EXT_MIMEOLE),
    ("expiry-date", EXT_EXPIRY_DATE),
    ("x-ms-tnef-correlator", EXT_TNEF_CORRELATOR),
    ("x-uidl", EXT_UIDL),
    ("x-authentication-warning", EXT_AUTHENTICATION_WARNING),
    ("x-virus-scanned", EXT_VIRUS_SCANNED),
    ("x-original-to", EXT_ORIGINAL_TO),
    ("thread-index", THREAD_INDEX),
    ("lines", LINES),
    ("precedence", PRECEDENCE),
];

/// Dissects the message `data[offset..]` (in the current source) under `parent`; its From and Subject
/// replace the Info column.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    dissect_appending(cx, data, offset, parent, false);
}

/// [`dissect`], appending to the Info column when `append` is set (a further message in a segment).
pub fn dissect_appending(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx, append: bool) {
    nested(cx, data, offset, parent, append, 0);
}

/// Messages enclosed in multipart bodies are dissected down to this depth.
const MAX_DEPTH: u32 = 8;

/// [`dissect_appending`] for a message `depth` levels inside others (a message/rfc822 part of a
/// multipart body): the depth bounds the nesting of messages and multiparts together.
pub(crate) fn nested(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    parent: ItemIdx,
    append: bool,
    depth: u32,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "imf",
        "",
        offset,
        data.len() - offset,
    );
    let mut at = offset;
    // Info names From and Subject in the order the headers come.
    let mut info = String::new();
    let mut content_type: Option<String> = None;
    let mut headers_ended = false;
    while at < data.len() {
        let line_end = next_line(data, at);
        let text = trim_eol(&data[at..line_end]);
        if text.is_empty() {
            // The empty line ends the headers.
            at = line_end;
            headers_ended = true;
            break;
        }
        // A header runs on over the lines that start with a blank.
        let mut end = line_end;
        while end < data.len() && matches!(data[end], b' ' | b'\t') {
            end = next_line(data, end);
        }
        let header = &data[at..end];
        let value_end = at + trim_eol(header).len();
        let Some(colon) = header.iter().position(|&b| b == b':') else {
            at = end;
            continue;
        };
        let name = String::from_utf8_lossy(&header[..colon]).to_ascii_lowercase();
        let mut vstart = at + colon + 1;
        while vstart < value_end && matches!(data[vstart], b' ' | b'\t') {
            vstart += 1;
        }
        let value = &data[vstart..value_end];
        match HEADERS.iter().find(|(n, _)| *n == name.trim_end()) {
            Some(&(_, field)) => {
                cx.tree
                    .add(top, field, vstart, value_end - vstart, Value::Str);
                match field {
                    FROM | SUBJECT => {
                        let name = if field == FROM { "from" } else { "subject" };
                        info.push_str(name);
                        info.push_str(": ");
                        // As Wireshark's format_text shows it: a folded value's line end is `\r\n`.
                        fields::format::write_text(value, &mut info);
                        info.push_str(", ");
                    }
                    CONTENT_TYPE => {
                        content_type = Some(String::from_utf8_lossy(value).into_owned())
                    }
                    _ => {}
                }
            }
            None => {
                let it = cx.tree.add(top, EXTENSION, at, value_end - at, Value::Str);
                cx.tree.add(it, EXTENSION_TYPE, at, colon, Value::Str);
                cx.tree
                    .add(it, EXTENSION_VALUE, vstart, value_end - vstart, Value::Str);
            }
        }
        at = end;
    }
    let media_at = cx.state.imf_media_info_at.take();
    if append {
        if let Some(m) = media_at
            && m <= cx.tree.info.len()
            && m >= cx.info_fence
        {
            cx.tree.info.truncate(m);
        }
        cx.append_info(format_args!("{info}"));
    } else {
        cx.set_info(format_args!("{info}"));
    }
    let info_end = cx.tree.info.len();
    if at == data.len() && headers_ended {
        // An empty body of a text type is still shown as lines (none), inside IMF's tree. Wireshark
        // takes the type only from a Content-Type with parameters (`text/plain; charset=...`).
        if let Some(media) = content_type
            .as_deref()
            .filter(|c| c.contains(';'))
            .map(crate::protocols::mime_multipart::media_type)
            .filter(|m| m.starts_with("text/"))
        {
            let it = cx.tree.add(
                top,
                crate::protocols::http::text_lines::PROTOCOL_FIELD,
                at,
                0,
                Value::None,
            );
            cx.tree
                .set_label(it, format_args!("Line-based text data: {media} (0 lines)"));
            cx.append_info(format_args!(" ({media})"));
            cx.state.imf_media_info_at = Some(info_end);
        }
    }
    if at < data.len() {
        let media = content_type
            .as_deref()
            .map(crate::protocols::mime_multipart::media_type);
        if media.as_deref().is_none_or(|m| m.starts_with("text/")) {
            // Inside IMF's tree, as tshark shows it (io,phs lists no child under imf).
            cx.within(top, |cx| {
                crate::protocols::http::lines(cx, data, at, top, media.as_deref())
            });
            if media.is_some() {
                cx.state.imf_media_info_at = Some(info_end);
            }
        } else if media
            .as_deref()
            .is_some_and(|m| m.starts_with("multipart/"))
        {
            let content_type = content_type.unwrap_or_default();
            cx.within(top, |cx| {
                crate::protocols::mime_multipart::dissect(
                    cx,
                    data,
                    at,
                    top,
                    &content_type,
                    depth + 1,
                )
            });
        }
    }
}

/// Where the line starting at `at` ends: past its LF, or the end of the data.
pub(crate) fn next_line(data: &[u8], at: usize) -> usize {
    data[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(data.len(), |p| at + p + 1)
}

/// `line` without its final LF or CR LF.
pub(crate) fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

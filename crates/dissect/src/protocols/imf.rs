//! The Internet Message Format (RFC 5322) as tshark 4.0 shows a message SMTP (or POP, IMAP) carried:
//! each header as its own field (`imf.from`, `imf.subject` ...), others as `imf.extension` with their
//! name and value, then the body.
//!
//! What tshark 4.0 does, and so what this does (probed with crafted messages, tests/imf_crafted.rs):
//! a header is found by its colon and ends at the first CR LF no blank follows; its value starts after
//! the blanks after the colon. Address and mailbox lists are split at every comma (quoted or not) into
//! items with a display name and an address, groups in address lists included; Content-Type is split
//! into type and parameters; the Info column is "from: F, subject: S, ". A body is line-based text or
//! multipart only for a Content-Type with parameters, and Message-Text otherwise. Left to do: SIO-Label
//! headers, and bodies of other media types (tshark's media table).

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
    CONTENT_TYPE_TYPE: "imf.content.type.type", "Type", String, None;
    CONTENT_TYPE_PARAMETERS: "imf.content.type.parameters", "Parameters", String, None;
    CONTENT_DESCRIPTION: "imf.content.description", "Content-Description", String, None;
    CONTENT_ID: "imf.content.id", "Content-ID", String, None;
    CONTENT_TRANSFER_ENCODING: "imf.content.transfer_encoding", "Content-Transfer-Encoding", String, None;
    MIME_VERSION: "imf.mime_version", "MIME-Version", String, None;
    AUTOFORWARDED: "imf.autoforwarded", "Autoforwarded", String, None;
    AUTOSUBMITTED: "imf.autosubmitted", "Autosubmitted", String, None;
    X400_CONTENT_IDENTIFIER: "imf.x400_content_identifier", "X400-Content-Identifier", String, None;
    CONTENT_LANGUAGE: "imf.content_language", "Content-Language", String, None;
    CONVERSION: "imf.conversion", "Conversion", String, None;
    CONVERSION_WITH_LOSS: "imf.conversion_with_loss", "Conversion-With-Loss", String, None;
    DELIVERY_DATE: "imf.delivery_date", "Delivery-Date", String, None;
    DISCARDED_X400_IPMS_EXTENSIONS: "imf.discarded_x400_ipms_extensions", "Discarded-X400-IPMS-Extensions", String, None;
    DISCARDED_X400_MTS_EXTENSIONS: "imf.discarded_x400_mts_extensions", "Discarded-X400-MTS-Extensions", String, None;
    DL_EXPANSION_HISTORY: "imf.dl_expansion_history", "DL-Expansion-History", String, None;
    DEFERRED_DELIVERY: "imf.deferred_delivery", "Deferred-Delivery", String, None;
    DELIVERED_TO: "imf.delivered_to", "Delivered-To", String, None;
    IMPORTANCE: "imf.importance", "Importance", String, None;
    INCOMPLETE_COPY: "imf.incomplete_copy", "Incomplete-Copy", String, None;
    LATEST_DELIVERY_TIME: "imf.latest_delivery_time", "Latest-Delivery-Time", String, None;
    MESSAGE_TYPE: "imf.message_type", "Message-Type", String, None;
    ORIGINAL_ENCODED_INFORMATION_TYPES: "imf.original_encoded_information_types", "Original-Encoded-Information-Types", String, None;
    ORIGINATOR_RETURN_ADDRESS: "imf.originator_return_address", "Originator-Return-Address", String, None;
    PRIORITY: "imf.priority", "Priority", String, None;
    REPLY_BY: "imf.reply_by", "Reply-By", String, None;
    EXPIRES: "imf.expires", "Expires", String, None;
    SENSITIVITY: "imf.sensitivity", "Sensitivity", String, None;
    SUPERSEDES: "imf.supersedes", "Supersedes", String, None;
    X400_CONTENT_TYPE: "imf.x400_content_type", "X400-Content-Type", String, None;
    X400_MTS_IDENTIFIER: "imf.x400_mts_identifier", "X400-MTS-Identifier", String, None;
    X400_ORIGINATOR: "imf.x400_originator", "X400-Originator", String, None;
    X400_RECEIVED: "imf.x400_received", "X400-Received", String, None;
    X400_RECIPIENTS: "imf.x400_recipients", "X400-Recipients", String, None;
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
    DISPLAY_NAME: "imf.display_name", "Display-Name", String, None;
    ADDRESS: "imf.address", "Address", String, None;
    ADDRESS_LIST_ITEM: "imf.address_list.item", "Item", String, None;
    MAILBOX_LIST_ITEM: "imf.mailbox_list.item", "Item", String, None;
    MESSAGE_TEXT: "imf.message_text", "Message-Text", None, None;
}

/// Header names (lower case), their fields and how tshark takes their values apart.
static HEADERS: &[(&str, FieldId, Shape)] = &[
    ("date", DATE, Shape::Text),
    ("from", FROM, Shape::MailboxList),
    ("sender", SENDER, Shape::Mailbox),
    ("reply-to", REPLY_TO, Shape::AddressList),
    ("to", TO, Shape::AddressList),
    ("cc", CC, Shape::AddressList),
    ("bcc", BCC, Shape::AddressList),
    ("message-id", MESSAGE_ID, Shape::Text),
    ("in-reply-to", IN_REPLY_TO, Shape::Text),
    ("references", REFERENCES, Shape::Text),
    ("subject", SUBJECT, Shape::Text),
    ("comments", COMMENTS, Shape::Text),
    ("user-agent", USER_AGENT, Shape::Text),
    ("keywords", KEYWORDS, Shape::Text),
    ("resent-date", RESENT_DATE, Shape::Text),
    ("resent-from", RESENT_FROM, Shape::MailboxList),
    ("resent-sender", RESENT_SENDER, Shape::Mailbox),
    ("resent-to", RESENT_TO, Shape::AddressList),
    ("resent-cc", RESENT_CC, Shape::AddressList),
    ("resent-bcc", RESENT_BCC, Shape::AddressList),
    ("resent-message-id", RESENT_MESSAGE_ID, Shape::Text),
    ("return-path", RETURN_PATH, Shape::Text),
    ("received", RECEIVED, Shape::Text),
    ("content-type", CONTENT_TYPE, Shape::ContentType),
    ("content-description", CONTENT_DESCRIPTION, Shape::Text),
    ("content-id", CONTENT_ID, Shape::Text),
    (
        "content-transfer-encoding",
        CONTENT_TRANSFER_ENCODING,
        Shape::Text,
    ),
    ("mime-version", MIME_VERSION, Shape::Text),
    ("delivered-to", DELIVERED_TO, Shape::Mailbox),
    ("importance", IMPORTANCE, Shape::Text),
    ("priority", PRIORITY, Shape::Text),
    ("expires", EXPIRES, Shape::Text),
    ("sensitivity", SENSITIVITY, Shape::Text),
    ("x-mailer", EXT_MAILER, Shape::Text),
    ("x-mimeole", EXT_MIMEOLE, Shape::Text),
    ("expiry-date", EXT_EXPIRY_DATE, Shape::Text),
    ("x-ms-tnef-correlator", EXT_TNEF_CORRELATOR, Shape::Text),
    ("x-uidl", EXT_UIDL, Shape::Text),
    (
        "x-authentication-warning",
        EXT_AUTHENTICATION_WARNING,
        Shape::Text,
    ),
    ("x-virus-scanned", EXT_VIRUS_SCANNED, Shape::Text),
    ("x-original-to", EXT_ORIGINAL_TO, Shape::AddressList),
    ("thread-index", THREAD_INDEX, Shape::Text),
    ("lines", LINES, Shape::Text),
    ("precedence", PRECEDENCE, Shape::Text),
    ("autoforwarded", AUTOFORWARDED, Shape::Text),
    ("autosubmitted", AUTOSUBMITTED, Shape::Text),
    (
        "x400-content-identifier",
        X400_CONTENT_IDENTIFIER,
        Shape::Text,
    ),
    ("content-language", CONTENT_LANGUAGE, Shape::Text),
    ("conversion", CONVERSION, Shape::Text),
    ("conversion-with-loss", CONVERSION_WITH_LOSS, Shape::Text),
    ("delivery-date", DELIVERY_DATE, Shape::Text),
    (
        "discarded-x400-ipms-extensions",
        DISCARDED_X400_IPMS_EXTENSIONS,
        Shape::Text,
    ),
    (
        "discarded-x400-mts-extensions",
        DISCARDED_X400_MTS_EXTENSIONS,
        Shape::Text,
    ),
    ("dl-expansion-history", DL_EXPANSION_HISTORY, Shape::Text),
    ("deferred-delivery", DEFERRED_DELIVERY, Shape::Text),
    ("incomplete-copy", INCOMPLETE_COPY, Shape::Text),
    ("latest-delivery-time", LATEST_DELIVERY_TIME, Shape::Text),
    ("message-type", MESSAGE_TYPE, Shape::Text),
    (
        "original-encoded-information-types",
        ORIGINAL_ENCODED_INFORMATION_TYPES,
        Shape::Text,
    ),
    (
        "originator-return-address",
        ORIGINATOR_RETURN_ADDRESS,
        Shape::Text,
    ),
    ("reply-by", REPLY_BY, Shape::Text),
    ("supersedes", SUPERSEDES, Shape::Text),
    ("x400-content-type", X400_CONTENT_TYPE, Shape::Text),
    ("x400-mts-identifier", X400_MTS_IDENTIFIER, Shape::Text),
    ("x400-originator", X400_ORIGINATOR, Shape::Text),
    ("x400-received", X400_RECEIVED, Shape::Text),
    ("x400-recipients", X400_RECIPIENTS, Shape::Text),
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
    // Info names From and Subject in the order the headers come.
    let mut info = String::new();
    let mut content_type: Option<String> = None;
    let body_start = headers(cx, data, offset, top, &mut info, &mut content_type);
    let at = body_start;
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
    // tshark takes the body's media type only from a Content-Type with parameters
    // (`text/plain; charset=...`), as it is before the `;` (blanks kept); without one the body is
    // Message-Text.
    let media = content_type
        .as_deref()
        .and_then(|c| c.split_once(';'))
        .map(|(m, _)| m);
    let lower = media.map(str::to_ascii_lowercase);
    match lower.as_deref() {
        None => message_text(cx, data, at, top),
        Some(m) if crate::protocols::http::TEXT_TYPES.contains(&m) => {
            // Labels and Info show the type as the header writes it.
            let m = media.unwrap_or(m);
            if at < data.len() {
                // Inside IMF's tree, as tshark shows it (io,phs lists no child under imf).
                cx.within(top, |cx| {
                    crate::protocols::http::lines(cx, data, at, top, Some(m))
                });
            } else {
                // An empty body is still shown as lines (none), but not as a layer.
                let it = cx.tree.add(
                    top,
                    crate::protocols::http::text_lines::PROTOCOL_FIELD,
                    at,
                    0,
                    Value::None,
                );
                cx.tree
                    .set_label(it, format_args!("Line-based text data: {m} (0 lines)"));
                cx.append_info_sep(" ", format_args!("({m})"));
            }
            cx.state.imf_media_info_at = Some(info_end);
        }
        Some(m) if m.starts_with("multipart/") => {
            let content_type = content_type.unwrap_or_default();
            let shown = cx.within(top, |cx| {
                crate::protocols::mime_multipart::dissect(
                    cx,
                    data,
                    at,
                    top,
                    &content_type,
                    depth + 1,
                )
            });
            if !shown && crate::protocols::mime_multipart::boundary(&content_type).is_none() {
                // The multipart dissector's own note, left in IMF's tree when it gives up.
                cx.expert_item(
                    top,
                    at,
                    data.len() - at,
                    crate::protocols::mime_multipart::NO_REQUIRED_PARAMETER,
                    crate::cx::Severity::Error,
                    crate::cx::Group::Protocol,
                    format_args!("The multipart dissector could not find a required parameter."),
                );
            }
        }
        Some(_) => {}
    }
}

/// How tshark takes a header's value apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// The value as it is.
    Text,
    /// One mailbox: a display name and an address.
    Mailbox,
    /// Mailboxes separated by commas (`imf.mailbox_list.item`).
    MailboxList,
    /// Mailboxes or groups separated by commas (`imf.address_list.item`).
    AddressList,
    /// A media type, then its parameters after the first `;`.
    ContentType,
}

/// Adds the header fields of the message `data[offset..]` under `top` and returns where its body
/// starts.
///
/// tshark finds a header by its colon first (so a line without one is part of the next header's
/// name), and its end at the first CR LF after the colon that no blank follows. A CR LF that ends
/// the data closes the last header (its value runs to the end of the data) and leaves an empty body.
/// When no colon or no CR LF follows, the header section has no proper end and tshark shows the whole
/// message, from its first byte, as the body.
fn headers(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    top: ItemIdx,
    info: &mut String,
    content_type: &mut Option<String>,
) -> usize {
    let mut at = offset;
    loop {
        if at >= data.len() {
            return data.len();
        }
        if data[at..].starts_with(b"\r\n") {
            return at + 2;
        }
        let Some(colon) = data[at..].iter().position(|&b| b == b':').map(|p| at + p) else {
            return offset;
        };
        let Some((crlf, ends_data)) = header_end(data, colon + 1) else {
            return offset;
        };
        let mut vstart = colon + 1;
        while vstart < crlf && matches!(data[vstart], b' ' | b'\t') {
            vstart += 1;
        }
        let name = String::from_utf8_lossy(&data[at..colon]).to_ascii_lowercase();
        match HEADERS.iter().find(|(n, _, _)| *n == name.trim_end()) {
            Some(&(_, field, shape)) => {
                let blanks = vstart - colon - 1;
                let shown =
                    header_value(cx, data, top, field, shape, vstart, crlf, ends_data, blanks);
                let value = &data[vstart..shown];
                match field {
                    FROM | SUBJECT => {
                        let name = if field == FROM { "from" } else { "subject" };
                        info.push_str(name);
                        info.push_str(": ");
                        // A text value the data ends (its CR LF included) leaves Info empty in
                        // tshark 4.0.
                        if !(ends_data && shape == Shape::Text) {
                            // As Wireshark's format_text shows it: a folded value's line end is
                            // `\r\n`.
                            fields::format::write_format_text(value, info);
                        }
                        info.push_str(", ");
                    }
                    CONTENT_TYPE => {
                        *content_type = Some(String::from_utf8_lossy(value).into_owned())
                    }
                    _ => {}
                }
            }
            None => {
                let value_end = if ends_data { data.len() } else { crlf };
                let v = cx.ascii_value(&data[at..value_end]);
                let it = cx.tree.add(top, EXTENSION, at, value_end - at, v);
                appended_label(
                    cx,
                    it,
                    EXTENSION,
                    &data[at..value_end],
                    format_args!(" (Contact Wireshark developers if you want this supported.)"),
                );
                let v = cx.ascii_value(&data[at..colon]);
                cx.tree.add(it, EXTENSION_TYPE, at, colon - at, v);
                let v = cx.ascii_value(&data[vstart..value_end]);
                cx.tree
                    .add(it, EXTENSION_VALUE, vstart, value_end - vstart, v);
            }
        }
        at = if ends_data { data.len() } else { crlf + 2 };
    }
}

/// The CR LF that ends a header whose value starts at or after `from`, and whether it ends the data
/// too; None when no CR LF ends it.
fn header_end(data: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut search = from;
    loop {
        let p = search + data.get(search..)?.windows(2).position(|w| w == b"\r\n")?;
        if p + 2 >= data.len() {
            return Some((p, true));
        }
        if !matches!(data[p + 2], b' ' | b'\t') {
            return Some((p, false));
        }
        search = p + 2;
    }
}

/// Adds a known header's item and what tshark shows under it. The value starts at `vstart` after
/// `blanks` blanks and ends at the CR LF at `crlf`.
///
/// What tshark 4.0 does, probed: the mailbox parts cover the value with its CR LF, and when that
/// CR LF ends the data, every range of an address header ends two bytes earlier, while a text value
/// runs to the end; a Content-Type's parameters end two bytes short when no blank follows the colon.
/// Returns where the value as shown ends.
#[allow(clippy::too_many_arguments)]
fn header_value(
    cx: &mut Cx,
    data: &[u8],
    top: ItemIdx,
    field: FieldId,
    shape: Shape,
    vstart: usize,
    crlf: usize,
    ends_data: bool,
    blanks: usize,
) -> usize {
    let add = |cx: &mut Cx, parent: ItemIdx, field: FieldId, start: usize, end: usize| {
        let end = end.max(start);
        let v = cx.ascii_value(&data[start..end]);
        cx.tree.add(parent, field, start, end - start, v)
    };
    if shape == Shape::Text {
        let end = if ends_data { data.len() } else { crlf };
        add(cx, top, field, vstart, end);
        return end;
    }
    // The value as shown, and the region its parts are read from.
    let (value_end, parts_end) = if ends_data {
        (crlf.saturating_sub(2), crlf)
    } else {
        (crlf, crlf + 2)
    };
    let it = add(cx, top, field, vstart, value_end);
    match shape {
        Shape::Text => {}
        Shape::Mailbox => mailbox(cx, data, vstart, parts_end.max(vstart), it),
        Shape::MailboxList | Shape::AddressList => {
            let item = if shape == Shape::MailboxList {
                MAILBOX_LIST_ITEM
            } else {
                ADDRESS_LIST_ITEM
            };
            let n = list(
                cx,
                data,
                vstart,
                parts_end.max(vstart),
                it,
                item,
                shape == Shape::AddressList,
            );
            count_label(cx, it, field, &data[vstart..value_end.max(vstart)], n);
        }
        Shape::ContentType => {
            let value = &data[vstart..value_end.max(vstart)];
            if let Some(semi) = value.iter().position(|&b| b == b';').map(|p| vstart + p) {
                add(cx, it, CONTENT_TYPE_TYPE, vstart, semi);
                if !ends_data {
                    let end = if blanks == 0 {
                        value_end.saturating_sub(2)
                    } else {
                        value_end
                    };
                    add(cx, it, CONTENT_TYPE_PARAMETERS, semi + 1, end);
                }
            }
        }
    }
    value_end.max(vstart)
}

/// Replaces the label of a list's item with tshark's: the value, then how many items it holds.
fn count_label(cx: &mut Cx, it: ItemIdx, field: FieldId, value: &[u8], n: usize) {
    let items = if n == 1 { "item" } else { "items" };
    appended_label(cx, it, field, value, format_args!(", {n} {items}"));
}

/// Sets the label "Name: value" of `field`'s item, then appends `more` to it as Wireshark appends
/// text to a label it has already cut (so a long value loses the appended text).
fn appended_label(
    cx: &mut Cx,
    it: ItemIdx,
    field: FieldId,
    value: &[u8],
    more: std::fmt::Arguments<'_>,
) {
    if !it.is_stored() {
        return;
    }
    let name = crate::registry().field(field).name;
    let mut label = format!("{name}: {}", AsciiText(value));
    if label.len() >= fields::label::LABEL_BUFFER {
        label = fields::label::mark_truncated(&label, name);
    }
    let _ = std::fmt::Write::write_fmt(&mut label, more);
    fields::label::cut_to_label_buffer(&mut label);
    cx.tree.set_label(it, format_args!("{label}"));
}

/// The comma-separated items of `data[start..end]` under `parent`, as `item` fields, each read as a
/// mailbox or (in an address list, when it holds a colon) a group. tshark splits at every comma,
/// quoted or not, and keeps the blanks after one in the next item. Returns the number of items.
fn list(
    cx: &mut Cx,
    data: &[u8],
    start: usize,
    end: usize,
    parent: ItemIdx,
    item: FieldId,
    groups: bool,
) -> usize {
    let mut n = 0;
    let mut at = start;
    loop {
        let stop = data[at..end]
            .iter()
            .position(|&b| b == b',')
            .map_or(end, |p| at + p);
        let v = cx.ascii_value(&data[at..stop]);
        let it = cx.tree.add(parent, item, at, stop - at, v);
        n += 1;
        match data[at..stop].iter().position(|&b| b == b':') {
            Some(c) if groups => group(cx, data, at, at + c, stop, it),
            _ => mailbox(cx, data, at, stop, it),
        }
        if stop >= end {
            return n;
        }
        at = stop + 1;
    }
}

/// A group `name: mailbox, ...;` in `data[start..end]` (its colon at `colon`): tshark's display name
/// ends one byte before the colon, and the mailboxes after it, if any before a `;`, are counted in its
/// label.
fn group(cx: &mut Cx, data: &[u8], start: usize, colon: usize, end: usize, parent: ItemIdx) {
    let name_end = colon.saturating_sub(1).max(start);
    let v = cx.ascii_value(&data[start..name_end]);
    let dn = cx
        .tree
        .add(parent, DISPLAY_NAME, start, name_end - start, v);
    let mut at = colon + 1;
    while at < end && data[at].is_ascii_whitespace() {
        at += 1;
    }
    if at >= end || data[at] == b';' {
        return;
    }
    let n = list(cx, data, at, end, dn, MAILBOX_LIST_ITEM, false);
    count_label(cx, dn, DISPLAY_NAME, &data[start..name_end], n);
}

/// One mailbox in `data[start..end]`: with an angle bracket, the display name before it (left out
/// when empty) and the address inside it (left out without a closing bracket);
/// without one, all of it is the address.
fn mailbox(cx: &mut Cx, data: &[u8], start: usize, end: usize, parent: ItemIdx) {
    let text = &data[start..end];
    let Some(lt) = text.iter().position(|&b| b == b'<') else {
        let v = cx.ascii_value(text);
        cx.tree.add(parent, ADDRESS, start, end - start, v);
        return;
    };
    // The name starts after the blanks and line ends before it and stops one byte before the bracket
    // (tshark takes that byte for the space between them, whatever it is).
    let lead = text[..lt]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let name_end = lt.saturating_sub(1);
    if name_end > lead {
        let v = cx.ascii_value(&text[lead..name_end]);
        cx.tree
            .add(parent, DISPLAY_NAME, start + lead, name_end - lead, v);
    }
    if let Some(gt) = text[lt + 1..].iter().position(|&b| b == b'>') {
        let a = start + lt + 1;
        let v = cx.ascii_value(&data[a..a + gt]);
        cx.tree.add(parent, ADDRESS, a, gt, v);
    }
}

/// A body tshark has no media type for: `Message-Text`, one text item per line, each labelled with
/// the line's text and its blanks and line end as spaces.
fn message_text(cx: &mut Cx, data: &[u8], at: usize, top: ItemIdx) {
    let it = cx
        .tree
        .add(top, MESSAGE_TEXT, at, data.len() - at, Value::None);
    let items = it.is_stored() && cx.tree.wants(crate::protocols::ws::TEXT);
    if !items && !cx.writes_columns() {
        return;
    }
    let src = cx.tree.current_source();
    let mut line_start = at;
    let mut line = Vec::new();
    while line_start < data.len() {
        let end = next_line(data, line_start);
        line.clear();
        line.extend(data[line_start..end].iter().map(|&b| match b {
            b'\t' | b'\n' | b'\r' | 0x0c => b' ',
            b => b,
        }));
        let text = fields::format::FormatText(&line);
        if items {
            let item = cx.tree.add_in(
                it,
                crate::protocols::ws::TEXT,
                src,
                line_start,
                end - line_start,
                Value::None,
                fields::tree::flags::TEXT,
            );
            cx.tree.set_label(item, format_args!("{text}"));
        }
        // Each line goes to Info too.
        cx.append_info_sep(", ", format_args!("{text}"));
        line_start = end;
    }
}

/// Bytes as a label shows an ASCII string: each byte past 0x7f a U+FFFD, controls escaped.
struct AsciiText<'a>(&'a [u8]);

impl std::fmt::Display for AsciiText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut ascii = Vec::with_capacity(self.0.len());
        for &b in self.0 {
            if b.is_ascii() {
                ascii.push(b);
            } else {
                ascii.extend_from_slice("\u{fffd}".as_bytes());
            }
        }
        fields::format::FormatText(&ascii).fmt(f)
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

#[cfg(test)]
mod tests {
    use crate::testutil::tcp_segment;

    /// A message with every kind of header tshark takes apart, and a multipart body.
    const MESSAGE: &[u8] = b"From: \"Doe, John\" <jd@example.com>\r\n\
        To: a@b.c, G: x@y.z, w@v.u;, <plain@x.y\r\nSender: S <s@e.com>\r\n\
        Content-Type: multipart/mixed;\r\n\tboundary=\"zz\"\r\nX-Foo: bar\r\n\r\n\
        --zz\r\nContent-Type: text/plain\r\n\r\npart\r\n--zz--\r\n";

    /// POP hands a server segment that is no reply to IMF as it is: every cut of the message, at
    /// every byte, dissects without a panic, and the headers that are whole keep their values.
    #[test]
    fn every_cut_of_a_message_dissects() {
        for cut in 0..=MESSAGE.len() {
            let d = tcp_segment(crate::protocols::pop::PORT, 40000, &MESSAGE[..cut]);
            if cut > 40 {
                assert_eq!(
                    d.field("imf.from"),
                    "\"Doe, John\" <jd@example.com>",
                    "cut {cut}"
                );
            }
        }
        let d = tcp_segment(crate::protocols::pop::PORT, 40000, MESSAGE);
        assert_eq!(
            d.values("imf.address_list.item"),
            ["a@b.c", " G: x@y.z", " w@v.u;", " <plain@x.y\\r\\n"]
        );
        assert_eq!(
            d.values("imf.address"),
            // tshark splits at the quoted comma too: `"Doe` is an address.
            [
                "\"Doe",
                "jd@example.com",
                "a@b.c",
                "x@y.z",
                " w@v.u;",
                "s@e.com"
            ]
        );
        assert_eq!(d.field("imf.content.type.type"), "multipart/mixed");
        assert!(
            d.protocols()
                .ends_with("imf:mime_multipart:data-text-lines")
        );
    }
}

//! XML bodies as tshark 4.0's `xml` dissector shows them: a flat walk over the markup that nests each
//! element's item (`xml.tag`) under its parent's, with its attributes (`xml.attribute`), its text
//! (`xml.cdata`), comments, CDATA sections and processing instructions inside, and the closing tag as a
//! text item.
//!
//! What tshark 4.0 does, and so what this does (checked against tshark on hand-made bodies):
//! - An element's item runs from its start tag to the end of its closing tag (just the start tag if it
//!   is never closed); it is labelled with the start tag whole when it has no attributes (`<b>`,
//!   `<empty/>`), else with `<name`, the last attribute's label then ending in `>` or `/>`.
//! - A closing tag closes the innermost open element whatever its name; one with no element open is
//!   shown, followed by the "Closing an unopened tag" error.
//! - Text is shown from its first non-blank character to the next `<`, trailing blanks kept; text of
//!   blanks only is not shown. Entities are not decoded.
//! - `<?xml ...?>` is `xml.xmlpi.xml` with its version, encoding and standalone pseudo-attributes as
//!   their own fields (their values without quotes); other instructions are `xml.xmlpi` with their
//!   attributes. A DOCTYPE is `xml.doctype` over its name, holding the declarations of an internal
//!   subset as `xml.dtdtag`.
//! - The Protocol column gets `/XML`; the Info column is left alone.
//!
//! Left to do: the fields tshark builds from its DTDs for known vocabularies (`rss.channel.title`,
//! `dc.title` ...): those elements are shown with the same labels but under the generic fields.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity};

fields::declare_protocol! {
    proto XML = super::ids::XML, "eXtensible Markup Language", "XML", "xml";
    XMLPI: "xml.xmlpi", "XMLPI", String, None;
    CDATASECTION: "xml.cdatasection", "CDATASection", String, None;
    COMMENT: "xml.comment", "Comment", String, None;
    ATTRIBUTE: "xml.attribute", "Attribute", String, None;
    DOCTYPE: "xml.doctype", "Doctype", String, None;
    DTDTAG: "xml.dtdtag", "DTD Tag", String, None;
    CDATA: "xml.cdata", "CDATA", String, None;
    TAG: "xml.tag", "Tag", String, None;
    UNKNOWN: "xml.unknown", "Unknown", String, None;
    XMLPI_XML: "xml.xmlpi.xml", "xml.xmlpi.xml", String, None;
    XMLPI_XML_VERSION: "xml.xmlpi.xml.version", "version", String, None;
    XMLPI_XML_STANDALONE: "xml.xmlpi.xml.standalone", "standalone", String, None;
    XMLPI_XML_ENCODING: "xml.xmlpi.xml.encoding", "encoding", String, None;
    CLOSING_UNOPENED_TAG: "xml.closing_unopened_tag", "Closing an unopened tag", None, None;
    CLOSING_UNOPENED_XMPLI_TAG: "xml.closing_unopened_xmpli_tag", "Closing an unopened xmpli tag", None, None;
    UNRECOGNIZED_TEXT: "xml.unrecognized_text", "Unrecognized text", None, None;
}

/// The media types tshark 4.0 hands to its XML dissector, lower case (checked one by one: types ending
/// in `+xml` that are not listed, such as `application/xhtml+xml`, go to `media`).
const MEDIA_TYPES: &[&str] = &[
    "application/3gpp-ims+xml",
    "application/atom+xml",
    "application/auth-policy+xml",
    "application/ccmp+xml",
    "application/conference-info+xml",
    "application/cpim-pidf+xml",
    "application/cpl+xml",
    "application/im-iscomposing+xml",
    "application/mathml+xml",
    "application/media_control+xml",
    "application/mediaservercontrol+xml",
    "application/pidf+xml",
    "application/pidf-diff+xml",
    "application/poc-settings+xml",
    "application/rdf+xml",
    "application/reginfo+xml",
    "application/resource-lists+xml",
    "application/rlmi+xml",
    "application/rls-services+xml",
    "application/rss+xml",
    "application/simple-filter+xml",
    "application/smil",
    "application/soap+xml",
    "application/vnd.3gpp-prose+xml",
    "application/vnd.3gpp-prose-pc3ch+xml",
    "application/vnd.3gpp.access-transfer-events+xml",
    "application/vnd.3gpp.bsf+xml",
    "application/vnd.3gpp.cw+xml",
    "application/vnd.3gpp.mcdata-info+xml",
    "application/vnd.3gpp.mcptt-affiliation-command+xml",
    "application/vnd.3gpp.mcptt-floor-request+xml",
    "application/vnd.3gpp.mcptt-info+xml",
    "application/vnd.3gpp.mcptt-location-info+xml",
    "application/vnd.3gpp.mcptt-mbms-usage-info+xml",
    "application/vnd.3gpp.mcptt-regroup+xml",
    "application/vnd.3gpp.mcptt-service-config+xml",
    "application/vnd.3gpp.mcptt-signed+xml",
    "application/vnd.3gpp.mcptt-ue-config+xml",
    "application/vnd.3gpp.mcptt-ue-init-config+xml",
    "application/vnd.3gpp.mcptt-user-profile+xml",
    "application/vnd.3gpp.mcvideo-info+xml",
    "application/vnd.3gpp.mid-call+xml",
    "application/vnd.3gpp.sms+xml",
    "application/vnd.3gpp.srvcc-ext+xml",
    "application/vnd.3gpp.srvcc-info+xml",
    "application/vnd.3gpp.state-and-event-info+xml",
    "application/vnd.3gpp.ussd+xml",
    "application/vnd.etsi.aoc+xml",
    "application/vnd.etsi.cug+xml",
    "application/vnd.etsi.iptvcommand+xml",
    "application/vnd.etsi.mcid+xml",
    "application/vnd.etsi.pstn+xml",
    "application/vnd.etsi.sci+xml",
    "application/vnd.oma.bcast.sgdd+xml",
    "application/vnd.oma.bcast.sprov+xml",
    "application/vnd.oma.drm.risd+xml",
    "application/vnd.oma.pal+xml",
    "application/vnd.oma.poc.groups+xml",
    "application/vnd.wv.csp.xml",
    "application/watcherinfo+xml",
    "application/x-crd+xml",
    "application/x-wms-logconnectstats",
    "application/xcap-att+xml",
    "application/xcap-caps+xml",
    "application/xcap-diff+xml",
    "application/xcap-el+xml",
    "application/xcap-error+xml",
    "application/xml",
    "application/xml-dtd",
    "application/xslt+xml",
    "image/svg+xml",
    "text/vnd.wap.wml",
    "text/xml",
];

/// Whether a body of this (lower-case, parameterless) media type is XML to tshark.
pub fn handles(media_type: &str) -> bool {
    MEDIA_TYPES.contains(&media_type)
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') || b >= 0x80
}

/// The end of the name at `at`: name characters with at most one `:` inside (`soap:Body`).
fn name_end(data: &[u8], at: usize) -> Option<usize> {
    let run = |p: usize| {
        let mut q = p;
        while data.get(q).is_some_and(|&b| is_name_char(b)) {
            q += 1;
        }
        (q > p).then_some(q)
    };
    let end = run(at)?;
    if data.get(end) == Some(&b':') {
        return run(end + 1);
    }
    Some(end)
}

fn find(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn skip_blanks(data: &[u8], mut at: usize) -> usize {
    while data.get(at).is_some_and(|&b| is_blank(b)) {
        at += 1;
    }
    at
}

/// One attribute of a tag or instruction: its whole text `start..end` and its value `value.0..value.1`
/// (without quotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attribute {
    start: usize,
    end: usize,
    name_end: usize,
    value: (usize, usize),
}

/// Reads the attributes from `at` on; returns them and where they stop (at `>`, `/>`, `?>` or
/// whatever is not an attribute).
fn attributes(data: &[u8], mut at: usize) -> (Vec<Attribute>, usize) {
    let mut out = Vec::new();
    loop {
        let start = skip_blanks(data, at);
        let Some(ne) = name_end(data, start) else {
            return (out, start);
        };
        let eq = skip_blanks(data, ne);
        if data.get(eq) != Some(&b'=') {
            return (out, start);
        }
        let v = skip_blanks(data, eq + 1);
        let (value, end) = match data.get(v) {
            Some(&q @ (b'"' | b'\'')) => match data
                .get(v + 1..)
                .and_then(|r| r.iter().position(|&b| b == q))
            {
                Some(p) => ((v + 1, v + 1 + p), v + 2 + p),
                None => return (out, start),
            },
            // Unquoted values, which tshark takes too: up to a blank or the end of the tag.
            Some(_) => {
                let mut q = v;
                while data
                    .get(q)
                    .is_some_and(|&b| !is_blank(b) && !matches!(b, b'>' | b'/' | b'?'))
                {
                    q += 1;
                }
                if q == v {
                    return (out, start);
                }
                ((v, q), q)
            }
            None => return (out, start),
        };
        out.push(Attribute {
            start,
            end,
            name_end: ne,
            value,
        });
        at = end;
    }
}

/// Adds a text-valued item labelled with `label_bytes` as format_text shows them (and `suffix`).
#[allow(clippy::too_many_arguments)]
fn add_labelled(
    cx: &mut Cx,
    parent: ItemIdx,
    field: fields::FieldId,
    offset: usize,
    len: usize,
    value: Value,
    label_bytes: &[u8],
    suffix: &str,
) -> ItemIdx {
    let it = cx.tree.add(parent, field, offset, len, value);
    if it.is_stored() {
        let mut label = String::new();
        fields::format::write_text(label_bytes, &mut label);
        label.push_str(suffix);
        cx.tree.set_label(it, format_args!("{label}"));
    }
    it
}

/// A text item (no field) showing `data[offset..offset + len]`.
fn text(cx: &mut Cx, parent: ItemIdx, data: &[u8], offset: usize, len: usize) -> ItemIdx {
    let mut label = String::new();
    fields::format::write_text(&data[offset..offset + len], &mut label);
    cx.text_item(parent, offset, len, format_args!("{label}"))
}

/// Dissects the XML body `data[offset..]` under `parent`.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "xml",
        "",
        offset,
        data.len() - offset,
    );
    if cx.tree.wants_columns() {
        let proto = format!("{}/XML", cx.tree.protocol_column);
        cx.set_protocol(&proto);
    }
    // Open elements, innermost last: their items and where they start. On the heap, so nesting depth
    // costs no stack.
    let mut open: Vec<(ItemIdx, usize)> = Vec::new();
    let mut at = offset;
    loop {
        at = skip_blanks(data, at);
        if at >= data.len() {
            break;
        }
        let here = open.last().map_or(top, |&(it, _)| it);
        if data[at] != b'<' {
            let end = find(data, at, b"<").unwrap_or(data.len());
            let v = Value::Str;
            add_labelled(cx, here, CDATA, at, end - at, v, &data[at..end], "");
            at = end;
            continue;
        }
        let rest = &data[at..];
        if rest.starts_with(b"<!--") {
            let end = find(data, at + 4, b"-->").map_or(data.len(), |p| p + 3);
            add_labelled(
                cx,
                here,
                COMMENT,
                at,
                end - at,
                Value::Str,
                &data[at..end],
                "",
            );
            at = end;
        } else if rest.starts_with(b"<![CDATA[") {
            let end = find(data, at + 9, b"]]>").map_or(data.len(), |p| p + 3);
            let v = Value::Str;
            add_labelled(cx, here, CDATASECTION, at, end - at, v, &data[at..end], "");
            at = end;
        } else if rest.starts_with(b"<!DOCTYPE") {
            at = doctype(cx, data, at, here);
        } else if rest.starts_with(b"<?") {
            at = instruction(cx, data, at, here);
        } else if rest.starts_with(b"</") {
            let end = find(data, at, b">").map_or(data.len(), |p| p + 1);
            match open.pop() {
                Some((item, start)) => {
                    text(cx, item, data, at, end - at);
                    cx.tree.set_len(item, end - start);
                }
                None => {
                    text(cx, here, data, at, end - at);
                    let t =
                        cx.text_item(here, at, end - at, format_args!("Closing an unopened tag"));
                    cx.expert(
                        t,
                        CLOSING_UNOPENED_TAG,
                        Severity::Error,
                        Group::Malformed,
                        format_args!("Closing an unopened tag"),
                    );
                }
            }
            at = end;
        } else if let Some(ne) = name_end(data, at + 1) {
            let (attrs, stop) = attributes(data, ne);
            let stop = skip_blanks(data, stop);
            let closer: &[u8] = match data.get(stop..) {
                Some(r) if r.starts_with(b"/>") => b"/>",
                Some(r) if r.starts_with(b">") => b">",
                _ => {
                    at = unrecognized(cx, data, at, here);
                    continue;
                }
            };
            let end = stop + closer.len();
            // Without attributes the label is the tag rebuilt from its name (`<b />` shows as `<b/>`).
            let suffix = match (attrs.is_empty(), closer) {
                (true, b"/>") => "/>",
                (true, _) => ">",
                _ => "",
            };
            let label = &data[at..ne];
            // The value is the start tag alone, though the item runs on to the closing tag.
            let v = if cx.tree.wants(TAG) {
                cx.tree.text_value(&String::from_utf8_lossy(&data[at..end]))
            } else {
                Value::None
            };
            let item = add_labelled(cx, here, TAG, at, end - at, v, label, suffix);
            let last = attrs.len().saturating_sub(1);
            for (i, a) in attrs.iter().enumerate() {
                let suffix = if i == last {
                    std::str::from_utf8(closer).unwrap_or_default()
                } else {
                    ""
                };
                let bytes = &data[a.start..a.end];
                add_labelled(
                    cx,
                    item,
                    ATTRIBUTE,
                    a.start,
                    a.end - a.start,
                    Value::Str,
                    bytes,
                    suffix,
                );
            }
            if closer == b">" {
                open.push((item, at));
            }
            at = end;
        } else {
            at = unrecognized(cx, data, at, here);
        }
    }
}

/// `<` that starts nothing tshark knows: the "Unrecognized text" warning over it and the name-like
/// characters after it; returns where to go on.
fn unrecognized(cx: &mut Cx, data: &[u8], at: usize, parent: ItemIdx) -> usize {
    let mut end = at + 1;
    while data
        .get(end)
        .is_some_and(|&b| !is_blank(b) && !matches!(b, b'<' | b'>'))
    {
        end += 1;
    }
    let t = cx.text_item(parent, at, end - at, format_args!("Unrecognized text"));
    cx.expert(
        t,
        UNRECOGNIZED_TEXT,
        Severity::Warning,
        Group::Protocol,
        format_args!("Unrecognized text"),
    );
    end
}

/// A processing instruction at `at` (`<?`); returns where it ends.
fn instruction(cx: &mut Cx, data: &[u8], at: usize, parent: ItemIdx) -> usize {
    let Some(ne) = name_end(data, at + 2) else {
        return unrecognized(cx, data, at, parent);
    };
    let (attrs, stop) = attributes(data, ne);
    let stop = skip_blanks(data, stop);
    let end = match find(data, stop, b"?>") {
        Some(p) => p + 2,
        None => return unrecognized(cx, data, at, parent),
    };
    let name = &data[at + 2..ne];
    let is_xml = name == b"xml";
    let field = if is_xml { XMLPI_XML } else { XMLPI };
    let item = add_labelled(
        cx,
        parent,
        field,
        at,
        end - at,
        Value::Str,
        &data[at..ne],
        "",
    );
    for a in &attrs {
        let pseudo = match (is_xml, &data[a.start..a.name_end]) {
            (true, b"version") => Some(XMLPI_XML_VERSION),
            (true, b"encoding") => Some(XMLPI_XML_ENCODING),
            (true, b"standalone") => Some(XMLPI_XML_STANDALONE),
            _ => None,
        };
        let bytes = &data[a.start..a.end];
        match pseudo {
            Some(f) => {
                let (vs, ve) = a.value;
                add_labelled(cx, item, f, vs, ve - vs, Value::Str, bytes, "");
            }
            None => {
                add_labelled(
                    cx,
                    item,
                    ATTRIBUTE,
                    a.start,
                    a.end - a.start,
                    Value::Str,
                    bytes,
                    "",
                );
            }
        }
    }
    text(cx, item, data, end - 2, 2);
    end
}

/// A DOCTYPE at `at`; returns where it ends.
fn doctype(cx: &mut Cx, data: &[u8], at: usize, parent: ItemIdx) -> usize {
    let name_at = skip_blanks(data, at + 9);
    let Some(ne) = name_end(data, name_at) else {
        return unrecognized(cx, data, at, parent);
    };
    // An internal subset, `[` ... `]>`, holds declarations; without one the DOCTYPE ends at `>`.
    let gt = find(data, ne, b">");
    let bracket = find(data, ne, b"[");
    match (bracket, gt) {
        (Some(b), Some(g)) if b < g => {
            let item = add_labelled(
                cx,
                parent,
                DOCTYPE,
                name_at,
                ne - name_at,
                Value::Str,
                &data[at..b + 1],
                "",
            );
            let mut p = b + 1;
            loop {
                p = skip_blanks(data, p);
                match data.get(p..) {
                    Some(r) if r.starts_with(b"]") => {
                        let close = skip_blanks(data, p + 1);
                        let end = if data.get(close) == Some(&b'>') {
                            close + 1
                        } else {
                            p + 1
                        };
                        text(cx, item, data, p, end - p);
                        return end;
                    }
                    Some(r) if r.starts_with(b"<!--") => {
                        let end = find(data, p + 4, b"-->").map_or(data.len(), |e| e + 3);
                        add_labelled(cx, item, COMMENT, p, end - p, Value::Str, &data[p..end], "");
                        p = end;
                    }
                    Some(r) if r.starts_with(b"<") => {
                        let end = dtd_tag_end(data, p);
                        add_labelled(cx, item, DTDTAG, p, end - p, Value::Str, &data[p..end], "");
                        p = end;
                    }
                    _ => return p.min(data.len()),
                }
            }
        }
        (_, Some(g)) => {
            let end = g + 1;
            add_labelled(
                cx,
                parent,
                DOCTYPE,
                name_at,
                ne - name_at,
                Value::Str,
                &data[at..end],
                "",
            );
            end
        }
        _ => unrecognized(cx, data, at, parent),
    }
}

/// The end of the declaration at `at` in an internal subset: its `>`, quoted `>` skipped.
fn dtd_tag_end(data: &[u8], at: usize) -> usize {
    let mut quote = None;
    let mut p = at + 1;
    while let Some(&b) = data.get(p) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return p + 1,
            _ => {}
        }
        p += 1;
    }
    data.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_attributes() {
        assert_eq!(name_end(b"soap:Body>", 0), Some(9));
        assert_eq!(name_end(b"a:b:c", 0), Some(3));
        assert_eq!(name_end(b">", 0), None);
        let data = br#" id="bk101" lang='en' b=1>"#;
        let (attrs, stop) = attributes(data, 0);
        assert_eq!(attrs.len(), 3);
        assert_eq!(&data[attrs[0].start..attrs[0].end], br#"id="bk101""#);
        assert_eq!(&data[attrs[1].value.0..attrs[1].value.1], b"en");
        assert_eq!(&data[attrs[2].start..attrs[2].end], b"b=1");
        assert_eq!(data[stop], b'>');
        // Unterminated quotes stop the list without panicking.
        let (attrs, _) = attributes(br#" a="x"#, 0);
        assert!(attrs.is_empty());
        assert_eq!(dtd_tag_end(b"<!ATTLIST a b CDATA \">\">x", 0), 24);
    }
}

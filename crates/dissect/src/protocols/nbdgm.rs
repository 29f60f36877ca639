//! The NetBIOS datagram service (RFC 1002 4.4, UDP port 138) as tshark 4.0 shows it: the header (type,
//! flags, datagram id, source address and port), then by type the datagram's length, offset and two
//! NetBIOS names before the payload (direct unique, direct group, broadcast), an error code, or the
//! name a query asks about. The payload goes to SMB when it starts with SMB's signature (mailslot
//! messages, such as the Windows browser protocol, travel this way), else it is data.
//!
//! NetBIOS names are DNS-style label sequences (with compression pointers) whose first label is the
//! 16-byte name in first-level encoding, each nibble a letter from 'A'; tshark shows the decoded name
//! with its trailing spaces dropped, unprintable bytes as `<hh>`, the suffix byte as `<hh>`, the scope
//! after it, and names the suffix. Datagram fragments are not put together (tshark 4.0 does not
//! either by default). A message cut short shows what was read, then "[Malformed Packet: NBDS]".

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto NBDGM = super::ids::NBDGM, "NetBIOS Datagram Service", "NBDS", "nbdgm";
    TYPE: "nbdgm.type", "Message Type", UInt8, Dec, values MESSAGE_TYPES, blurb "NBDGM message type";
    FLAGS: "nbdgm.flags", "Flags", UInt8, Hex;
    NEXT: "nbdgm.next", "More fragments follow", Boolean, Bits(8), mask 0x01, tf ("Yes", "No"), blurb "TRUE if more fragments follow";
    FIRST: "nbdgm.first", "This is first fragment", Boolean, Bits(8), mask 0x02, tf ("Yes", "No"), blurb "TRUE if first fragment";
    NODE_TYPE: "nbdgm.node_type", "Node Type", UInt8, Dec, mask 0x0c, values NODE_TYPES;
    DGRAM_ID: "nbdgm.dgram_id", "Datagram ID", UInt16, Hex, blurb "Datagram identifier";
    SRC_IP: "nbdgm.src.ip", "Source IP", Ipv4, None, blurb "Source IPv4 address";
    SRC_PORT: "nbdgm.src.port", "Source Port", UInt16, Dec;
    DGRAM_LEN: "nbdgm.dgram_len", "Datagram length", UInt16, Dec, unit "bytes";
    PKT_OFFSET: "nbdgm.pkt_offset", "Packet offset", UInt16, Dec, unit "bytes";
    ERROR_CODE: "nbdgm.error_code", "Error code", UInt8, Hex, values ERROR_CODES;
    SOURCE_NAME: "nbdgm.source_name", "Source name", String, None;
    DESTINATION_NAME: "nbdgm.destination_name", "Destination name", String, None;
}

/// The UDP port of the datagram service.
pub const PORT: u16 = 138;

include!("nbdgm_tables.rs");

/// `nbdgm.type` (`tshark -G values`).
static MESSAGE_TYPES: &[(u64, &str)] = &[
    (0x10, "Direct_unique datagram"),
    (0x11, "Direct_group datagram"),
    (0x12, "Broadcast datagram"),
    (0x13, "Datagram error"),
    (0x14, "Datagram query request"),
    (0x15, "Datagram positive query response"),
    (0x16, "Datagram negative query response"),
];

static NODE_TYPES: &[(u64, &str)] = &[(0, "B node"), (1, "P node"), (2, "M node"), (3, "NBDD")];

static ERROR_CODES: &[(u64, &str)] = &[
    (0x82, "Destination name not present"),
    (0x83, "Invalid source name format"),
    (0x84, "Invalid destination name format"),
];

/// A NetBIOS name read from a message.
struct NbName {
    /// What tshark shows: the decoded name or why it is illegal.
    text: String,
    /// The suffix byte's name, for a legal name.
    kind: Option<&'static str>,
    /// Bytes the name takes where it stands (up to and including its first pointer).
    len: usize,
}

/// Reads the NetBIOS name at `start` of `msg` (the datagram service message, which compression
/// pointers count from), or `None` when the bytes run out. DNS's name reader is not used: it escapes
/// the labels, and the first label's raw letters are needed here.
fn read_name(msg: &[u8], start: usize) -> Option<NbName> {
    let mut labels: Vec<&[u8]> = Vec::new();
    let mut at = start;
    let mut in_place = None;
    // Pointers may loop: each can be followed once per byte of the message at most.
    let mut hops = 0;
    loop {
        let b = *msg.get(at)?;
        match b & 0xc0 {
            0x00 if b == 0 => {
                at += 1;
                break;
            }
            0x00 => {
                labels.push(msg.get(at + 1..at + 1 + b as usize)?);
                at += 1 + b as usize;
            }
            0xc0 => {
                let low = *msg.get(at + 1)?;
                in_place.get_or_insert(at + 2 - start);
                hops += 1;
                if hops > msg.len() {
                    break;
                }
                at = (((b & 0x3f) as usize) << 8) | low as usize;
            }
            _ => break,
        }
    }
    let len = in_place.unwrap_or(at - start);
    // The whole name as DNS writes it; an empty one is DNS's "<Root>", whose '<' is no letter.
    let first: &[u8] = labels.first().copied().unwrap_or(b"<Root>");
    let mut raw = Vec::with_capacity(16);
    for pair in first.chunks(2) {
        let (hi, lo) = (pair[0], pair.get(1).copied().unwrap_or(0));
        let bad = if !hi.is_ascii_uppercase() {
            Some("1st")
        } else if !lo.is_ascii_uppercase() {
            Some("2nd")
        } else {
            None
        };
        if let Some(which) = bad {
            return Some(NbName {
                text: format!(
                    "Illegal NetBIOS name ({which} character not between A and Z in first-level encoding)"
                ),
                kind: None,
                len,
            });
        }
        raw.push(((hi - b'A') << 4) | ((lo - b'A') & 0x0f));
    }
    if raw.len() != 16 {
        return Some(NbName {
            text: format!("Illegal NetBIOS name ({} bytes long)", raw.len()),
            kind: None,
            len,
        });
    }
    let mut text = String::new();
    let name = &raw[..15];
    let shown = name.len() - name.iter().rev().take_while(|&&c| c == b' ').count();
    for &c in &name[..shown] {
        push_name_byte(&mut text, c);
    }
    let suffix = raw[15];
    text.push_str(&format!("<{suffix:02x}>"));
    for label in &labels[1..] {
        text.push('.');
        for &c in *label {
            push_name_byte(&mut text, c);
        }
    }
    let kind = fields::Strings::Values(NAME_TYPES)
        .name_of(suffix as u64)
        .or(Some("Unknown"));
    Some(NbName { text, kind, len })
}

fn push_name_byte(out: &mut String, c: u8) {
    if (0x20..0x7f).contains(&c) {
        out.push(c as char);
    } else {
        out.push_str(&format!("<{c:02x}>"));
    }
}

/// Adds the name at `at` of the message `data[offset..]` as `field`, or returns `None` when it is cut.
fn name_item(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    at: usize,
    top: ItemIdx,
    field: fields::FieldId,
) -> Option<usize> {
    let name = read_name(&data[offset..], at - offset)?;
    let value = cx.tree.text_value(&name.text);
    let it = cx.tree.add(top, field, at, name.len, value);
    if it.is_stored() {
        let what = crate::registry().field(field).name;
        match name.kind {
            Some(kind) => cx
                .tree
                .set_label(it, format_args!("{what}: {} ({kind})", name.text)),
            None => cx.tree.set_label(it, format_args!("{what}: {}", name.text)),
        }
    }
    Some(at + name.len)
}

/// Dissects the datagram service message `data[offset..]`.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let total = data.len() - offset;
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "nbdgm", "NBDS", offset, total);
    let kind = data[offset];
    match fields::Strings::Values(MESSAGE_TYPES).name_of(kind as u64) {
        Some(name) => cx.set_info(format_args!("{name}")),
        None => cx.set_info(format_args!("Unknown message type (0x{kind:02X})")),
    }
    let end = header(cx, data, offset, top, kind);
    cx.tree.set_len(top, end.unwrap_or(data.len()) - offset);
    match end {
        None => cx.malformed(data.len(), "NBDS"),
        Some(end) if matches!(kind, 0x10..=0x12) && end < data.len() => {
            if data[end..].starts_with(crate::protocols::smb::SIGNATURE) {
                crate::protocols::smb::dissect(cx, data, end, top);
            } else {
                crate::protocols::data::dissect(cx, data, end, top);
            }
        }
        Some(_) => {}
    }
    total
}

/// The header and the names; returns where the payload starts, or `None` when the bytes run out.
fn header(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, kind: u8) -> Option<usize> {
    cx.uint(top, TYPE, offset, 1, kind as u64);
    let flags = read::u8(data, offset + 1)?;
    let it = cx.uint(top, FLAGS, offset + 1, 1, flags as u64);
    if it.is_stored() {
        let mut label = format!("Flags: 0x{flags:02x}");
        if flags & 1 != 0 {
            label.push_str(", More fragments follow");
        }
        if flags & 2 != 0 {
            label.push_str(", This is first fragment");
        }
        let node = fields::Strings::Values(NODE_TYPES).name_of(((flags >> 2) & 3) as u64);
        label.push_str(", Node Type: ");
        label.push_str(node.unwrap_or("Unknown"));
        cx.tree.set_label(it, format_args!("{label}"));
    }
    for field in [NEXT, FIRST, NODE_TYPE] {
        cx.bits(it, field, offset + 1, 1, flags as u64);
    }
    let id = read::be16(data, offset + 2)?;
    cx.uint(top, DGRAM_ID, offset + 2, 2, id as u64);
    let ip = read::array::<4>(data, offset + 4)?;
    cx.tree.add(top, SRC_IP, offset + 4, 4, Value::Ipv4(ip));
    let port = read::be16(data, offset + 8)?;
    cx.uint(top, SRC_PORT, offset + 8, 2, port as u64);
    let mut at = offset + 10;
    match kind {
        0x10..=0x12 => {
            let len = read::be16(data, at)?;
            cx.uint(top, DGRAM_LEN, at, 2, len as u64);
            let pkt_offset = read::be16(data, at + 2)?;
            cx.uint(top, PKT_OFFSET, at + 2, 2, pkt_offset as u64);
            at = name_item(cx, data, offset, at + 4, top, SOURCE_NAME)?;
            at = name_item(cx, data, offset, at, top, DESTINATION_NAME)?;
        }
        0x13 => {
            let code = read::u8(data, at)?;
            cx.uint(top, ERROR_CODE, at, 1, code as u64);
            at += 1;
        }
        0x14..=0x16 => {
            at = name_item(cx, data, offset, at, top, DESTINATION_NAME)?;
        }
        _ => {}
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(name: &str, suffix: u8) -> Vec<u8> {
        let mut raw = format!("{name:<15}").into_bytes();
        raw.push(suffix);
        let mut out = vec![0x20];
        for b in raw {
            out.push(b'A' + (b >> 4));
            out.push(b'A' + (b & 15));
        }
        out.push(0);
        out
    }

    #[test]
    fn names_as_tshark_shows_them() {
        let n = read_name(&encode("ALPHA", 0x1d), 0).unwrap();
        assert_eq!(n.text, "ALPHA<1d>");
        assert_eq!(n.kind, Some("Local Master Browser"));
        assert_eq!(n.len, 34);
        let n = read_name(&encode("\u{1}\u{2}__MSBROWSE__\u{2}", 1), 0).unwrap();
        assert_eq!(n.text, "<01><02>__MSBROWSE__<02><01>");
        assert_eq!(n.kind, Some("Browser"));
        // A scope after the name.
        let mut scoped = encode("FIXTUREWG", 0x1d);
        scoped.pop();
        scoped.extend_from_slice(b"\x03ABC\x00");
        assert_eq!(read_name(&scoped, 0).unwrap().text, "FIXTUREWG<1d>.ABC");
        // Too short, a letter past 'Z', the root name, and bytes that run out.
        let mut short = vec![0x10];
        short.extend_from_slice(&[b'A'; 16]);
        short.push(0);
        assert_eq!(
            read_name(&short, 0).unwrap().text,
            "Illegal NetBIOS name (8 bytes long)"
        );
        let mut lower = vec![0x20];
        lower.extend_from_slice(&[b'a'; 32]);
        lower.push(0);
        assert!(read_name(&lower, 0).unwrap().text.contains("1st character"));
        assert!(read_name(&[0], 0).unwrap().text.contains("1st character"));
        let good = encode("ALPHA", 0);
        for cut in 0..good.len() {
            assert!(read_name(&good[..cut], 0).is_none(), "cut at {cut}");
        }
        // A pointer to itself ends.
        assert!(read_name(&[0xc0, 0x00], 0).is_some());
    }
}

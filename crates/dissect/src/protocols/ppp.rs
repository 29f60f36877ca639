//! The Point-to-Point Protocol (RFC 1661) as a carrier of network layers: on PPP links (LINKTYPE_PPP 9
//! and LINKTYPE_PPP_HDLC 50, HDLC-like framing of RFC 1662) and inside PPP-over-Ethernet sessions
//! (RFC 2516, ethertype 0x8864; discovery on 0x8863). The control and authentication protocols it
//! carries (LCP, IPCP, IPv6CP, PAP, CHAP) are in [`crate::protocols::ppp_control`].

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::{Cx, protocols};

fields::declare_protocol! {
    proto PPP = super::ids::PPP, "Point-to-Point Protocol", "PPP", "ppp";
    ADDRESS: "ppp.address", "Address", UInt8, Hex;
    CONTROL: "ppp.control", "Control", UInt8, Hex;
    PPP_PROTOCOL: "ppp.protocol", "Protocol", UInt16, Hex, values PPP_PROTOCOL_NAMES;
    CODE: "ppp.code", "Code", UInt8, Dec;
    IDENTIFIER: "ppp.identifier", "Identifier", UInt8, DecHex;
    LENGTH: "ppp.length", "Length", UInt16, Dec;
    DATA: "ppp.data", "Data", Bytes, None;
    OPT_LEN_INVALID: "ppp.opt.len.invalid", "Invalid length for option", None, None;
}

/// The PPPoE header fields, shared by the session and discovery stages (Wireshark registers them under
/// `pppoe` and shows them under `pppoes` or `pppoed`).
pub mod pppoe {
    fields::declare_protocol! {
        proto PPPOE = super::super::ids::PPPOE, "PPP-over-Ethernet", "PPPoE", "pppoe";
        VERSION: "pppoe.version", "Version", UInt8, Dec, mask 0xf0;
        TYPE: "pppoe.type", "Type", UInt8, Dec, mask 0x0f;
        CODE: "pppoe.code", "Code", UInt8, Hex, values CODE_NAMES;
        SESSION_ID: "pppoe.session_id", "Session ID", UInt16, Hex;
        PAYLOAD_LENGTH: "pppoe.payload_length", "Payload Length", UInt16, Dec;
        PAYLOAD_LENGTH_BAD: "pppoe.payload_length.bad", "Possible bad payload length", None, None;
    }

    /// PPPoE codes (RFC 2516 and its extensions).
    pub(super) static CODE_NAMES: &[(u64, &str)] = &[
        (0x00, "Session Data"),
        (0x07, "Active Discovery Offer (PADO)"),
        (0x09, "Active Discovery Initiation (PADI)"),
        (0x0a, "Active Discovery Session-Grant (PADG)"),
        (0x0b, "Active Discovery Session-Credit Resp.(PADC)"),
        (0x0c, "Active Discovery Quality (PADQ)"),
        (0x19, "Active Discovery Request (PADR)"),
        (0x65, "Active Discovery Session-confirmation (PADS)"),
        (0xa7, "Active Discovery Terminate (PADT)"),
        (0xd3, "Active Discovery Message (PADM)"),
        (0xd4, "Active Discovery Network (PADN)"),
    ];
}

/// The PPPoE session stage: the protocol item only; its fields are `pppoe.*`.
pub mod pppoes {
    fields::declare_protocol! {
        proto PPPOES = super::super::ids::PPPOES, "PPP-over-Ethernet Session", "PPPoES", "pppoes";
    }
}

/// The PPPoE discovery stage: the header and its tags (type, length, value).
pub mod pppoed {
    fields::declare_protocol! {
        proto PPPOED = super::super::ids::PPPOED, "PPP-over-Ethernet Discovery", "PPPoED", "pppoed";
        TAGS: "pppoed.tags", "PPPoE Tags", None, None;
        TAG: "pppoed.tag", "Tag", UInt16, Hex, values TAG_NAMES;
        TAG_LENGTH: "pppoed.tag_length", "Tag Length", UInt16, Dec;
        SERVICE_NAME: "pppoed.tags.service_name", "Service-Name", String, None;
        AC_NAME: "pppoed.tags.ac_name", "AC-Name", String, None;
        HOST_UNIQ: "pppoed.tags.host_uniq", "Host-Uniq", Bytes, None;
        AC_COOKIE: "pppoed.tags.ac_cookie", "AC-Cookie", Bytes, None;
        UNKNOWN_DATA: "pppoed.tag.unknown_data", "Unknown Data", Bytes, None;
    }

    /// Discovery tag types (RFC 2516 appendix A).
    static TAG_NAMES: &[(u64, &str)] = &[
        (0x0000, "End-Of-List"),
        (0x0101, "Service-Name"),
        (0x0102, "AC-Name"),
        (0x0103, "Host-Uniq"),
        (0x0104, "AC-Cookie"),
        (0x0105, "Vendor-Specific"),
        (0x0110, "Relay-Session-Id"),
        (0x0120, "PPP-Max-Payload"),
        (0x0201, "Service-Name-Error"),
        (0x0202, "AC-System-Error"),
        (0x0203, "Generic-Error"),
    ];
}

/// PPP DLL protocol numbers (IANA "PPP DLL Protocol Numbers"), the ones seen in practice.
pub(crate) static PPP_PROTOCOL_NAMES: &[(u64, &str)] = &[
    (0x0001, "Padding Protocol"),
    (0x0021, "Internet Protocol version 4"),
    (0x002d, "Van Jacobson Compressed TCP/IP"),
    (0x002f, "Van Jacobson Uncompressed TCP/IP"),
    (0x0031, "Bridging PDU"),
    (0x003d, "Multi-Link"),
    (0x0057, "Internet Protocol version 6"),
    (0x00fd, "Compressed datagram"),
    (0x0281, "MPLS Unicast"),
    (0x0283, "MPLS Multicast"),
    (0x8021, "Internet Protocol Control Protocol"),
    (0x8057, "IPv6 Control Protocol"),
    (0x80fd, "Compression Control Protocol"),
    (0x8281, "MPLS Control Protocol"),
    (0xc021, "Link Control Protocol"),
    (0xc023, "Password Authentication Protocol"),
    (0xc025, "Link Quality Report"),
    (0xc223, "Challenge Handshake Authentication Protocol"),
    (0xc227, "Extensible Authentication Protocol"),
];

/// PPP in HDLC-like framing (the PPP link types): the address and control bytes `ff 03` when present,
/// then the protocol.
pub fn dissect_hdlc(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_addresses(&"N/A", &"N/A");
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "ppp", "PPP", offset, avail.min(4));
    let mut at = offset;
    if read::u8(data, offset) == Some(0xff) {
        cx.uint(top, ADDRESS, offset, 1, 0xff);
        let Some(control) = read::u8(data, offset + 1) else {
            cx.malformed(offset + 1, "PPP header cut short");
            return avail;
        };
        cx.uint(top, CONTROL, offset + 1, 1, control as u64);
        at += 2;
    }
    protocol_and_payload(cx, data, offset, at, top);
    avail
}

/// PPP without address and control (as PPPoE carries it): the protocol, then the payload.
pub fn dissect_bare(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "ppp", "PPP", offset, avail.min(2));
    protocol_and_payload(cx, data, offset, offset, top);
    avail
}

/// Reads the protocol at `at` (one byte when compressed: RFC 1661 protocol field compression leaves out a
/// zero high byte, and every protocol number has an odd low byte), sets the PPP item's length to the
/// header, and hands the payload on.
fn protocol_and_payload(cx: &mut Cx, data: &[u8], start: usize, at: usize, top: ItemIdx) {
    let (protocol, len) = match read::u8(data, at) {
        Some(b) if b & 1 == 1 => (b as u16, 1),
        Some(_) => match read::be16(data, at) {
            Some(p) => (p, 2),
            None => {
                cx.malformed(at, "PPP protocol cut short");
                return;
            }
        },
        None => {
            cx.malformed(at, "PPP protocol missing");
            return;
        }
    };
    cx.uint(top, PPP_PROTOCOL, at, len, protocol as u64);
    cx.tree.set_len(top, at + len - start);
    payload(cx, data, at + len, protocol, top);
}

/// Hands `data[payload..]` to the dissector of PPP protocol `protocol` (data when there is none).
pub(crate) fn payload(cx: &mut Cx, data: &[u8], payload: usize, protocol: u16, top: ItemIdx) {
    match protocol {
        0x0021 => {
            protocols::ip::dissect(cx, data, payload, top);
        }
        0x0057 => {
            protocols::ipv6::dissect(cx, data, payload, top);
        }
        _ if protocols::ppp_control::dissect(cx, protocol, data, payload, top) => {}
        _ => {
            if cx.tree.wants_columns() {
                let names = fields::Strings::Values(PPP_PROTOCOL_NAMES);
                match names.name_of(protocol as u64) {
                    Some(name) => cx.set_info(format_args!("{name}")),
                    None => cx.set_info(format_args!("PPP protocol 0x{protocol:04x}")),
                }
            }
            if payload < data.len() {
                protocols::data::dissect(cx, data, payload, top);
            }
        }
    }
}

/// The six-byte PPPoE header under `top`; returns the payload length it announces.
fn pppoe_header(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx) -> Option<u16> {
    let Some(vt) = read::u8(data, offset) else {
        cx.malformed(offset, "PPPoE header cut short");
        return None;
    };
    cx.bits(top, pppoe::VERSION, offset, 1, vt as u64);
    cx.bits(top, pppoe::TYPE, offset, 1, vt as u64);
    let (Some(code), Some(session), Some(len)) = (
        read::u8(data, offset + 1),
        read::be16(data, offset + 2),
        read::be16(data, offset + 4),
    ) else {
        cx.malformed(offset, "PPPoE header cut short");
        return None;
    };
    cx.uint(top, pppoe::CODE, offset + 1, 1, code as u64);
    cx.uint(top, pppoe::SESSION_ID, offset + 2, 2, session as u64);
    cx.uint(top, pppoe::PAYLOAD_LENGTH, offset + 4, 2, len as u64);
    Some(len)
}

/// The bytes a PPPoE packet covers: the header and the payload length it gives, or what is there when it
/// claims more (noted as a possibly bad length, as Wireshark does).
fn pppoe_end(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, len: u16) -> usize {
    let wanted = offset + 6 + len as usize;
    if wanted > data.len() {
        cx.tree
            .add(top, pppoe::PAYLOAD_LENGTH_BAD, offset + 4, 2, Value::None);
        data.len()
    } else {
        wanted
    }
}

/// PPPoE session stage (ethertype 0x8864): header, then PPP without address and control.
pub fn dissect_session(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let top = cx.push_layer(
        parent,
        pppoes::PROTOCOL_FIELD,
        "pppoes",
        "PPPoES",
        offset,
        avail.min(6),
    );
    let Some(len) = pppoe_header(cx, data, offset, top) else {
        return avail;
    };
    let end = pppoe_end(cx, data, offset, top, len);
    if end > offset + 6 {
        dissect_bare(cx, &data[..end], offset + 6, top);
    }
    // Wireshark's PPPoE claims the whole frame: the Ethernet padding after the payload is not shown.
    avail
}

/// PPPoE discovery stage (ethertype 0x8863): header and tags.
pub fn dissect_discovery(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let top = cx.push_layer(
        parent,
        pppoed::PROTOCOL_FIELD,
        "pppoed",
        "PPPoED",
        offset,
        avail,
    );
    let Some(len) = pppoe_header(cx, data, offset, top) else {
        return avail;
    };
    if cx.tree.wants_columns() {
        let code = data[offset + 1];
        match fields::Strings::Values(pppoe::CODE_NAMES).name_of(code as u64) {
            Some(name) => cx.set_info(format_args!("{name}")),
            None => cx.set_info(format_args!("Unknown (0x{code:02x})")),
        }
    }
    let end = pppoe_end(cx, data, offset, top, len);
    cx.tree.set_len(top, end - offset);
    let mut at = offset + 6;
    if at < end {
        let tags = cx.tree.add(top, pppoed::TAGS, at, end - at, Value::None);
        while at + 4 <= end {
            let tag = u16::from_be_bytes([data[at], data[at + 1]]);
            let tag_len = u16::from_be_bytes([data[at + 2], data[at + 3]]) as usize;
            // Wireshark shows the tag and length items only when its preference
            // pppoed.show_tags_and_lengths, off by default, is on.
            let value = at + 4;
            if value + tag_len > end {
                cx.malformed(at + 2, "PPPoE tag runs past the payload");
                break;
            }
            let field = match tag {
                0x0101 => Some((pppoed::SERVICE_NAME, Value::Str)),
                0x0102 => Some((pppoed::AC_NAME, Value::Str)),
                0x0103 => Some((pppoed::HOST_UNIQ, Value::Bytes)),
                0x0104 => Some((pppoed::AC_COOKIE, Value::Bytes)),
                0x0000 => None,
                _ => Some((pppoed::UNKNOWN_DATA, Value::Bytes)),
            };
            if let Some((field, v)) = field
                && tag_len > 0
            {
                cx.tree.add(tags, field, value, tag_len, v);
            }
            at = value + tag_len;
            if tag == 0x0000 {
                break;
            }
        }
    }
    avail
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// An ICMPv6 MLDv2 report in a PPPoE session (zeek/pppoe.pcap frame 22), values as tshark 4.0 shows
    /// them.
    #[test]
    fn pppoe_session_carries_ipv6() {
        let frame = "cc050e880000ca010e880006886411000011004e00576e00000000240001fe80000000000000c801\
                     0efffe880008ff0200000000000000000000000000163a000502000001008f009a770000000104000000\
                     ff020000000000000000000000000002";
        let t = dissect(1, frame);
        assert_eq!(
            t.protocols(),
            "eth:ethertype:pppoes:ppp:ipv6:ipv6.hopopts:icmpv6"
        );
        assert_eq!(t.field("pppoe.version"), "1");
        assert_eq!(t.field("pppoe.type"), "1");
        assert_eq!(t.field("pppoe.code"), "0x00");
        assert_eq!(t.field("pppoe.session_id"), "0x0011");
        assert_eq!(t.field("pppoe.payload_length"), "78");
        assert_eq!(t.field("ppp.protocol"), "0x0057");
        assert_eq!(t.field("ipv6.src"), "fe80::c801:eff:fe88:8");
        assert_eq!(t.field("icmpv6.type"), "143");
    }

    /// PPP in HDLC framing carrying IPv4 (LINKTYPE_PPP).
    #[test]
    fn ppp_hdlc_carries_ipv4() {
        let frame = "ff03 0021 4500001c000100004001f8d80a0400020c040404 0800f7ff00000000";
        let t = dissect(9, frame);
        assert_eq!(t.protocols(), "ppp:ip:icmp");
        assert_eq!(t.field("ppp.address"), "0xff");
        assert_eq!(t.field("ppp.control"), "0x03");
        assert_eq!(t.field("ppp.protocol"), "0x0021");
        assert_eq!(t.field("ip.dst"), "12.4.4.4");
    }

    /// A header cut anywhere never panics.
    #[test]
    fn cut_headers() {
        let frame = "ffffffffffffca010e8800068863 1109 0000 000c 0101 0000 0103 0004 41424344";
        let digits: String = frame.split_whitespace().collect();
        for cut in (0..digits.len()).step_by(2) {
            let _ = dissect(1, &digits[..cut]);
        }
        let t = dissect(1, frame);
        assert_eq!(t.field("pppoed.tag"), "");
        assert_eq!(t.field("pppoed.tags.host_uniq"), "41424344");
        assert_eq!(t.info(), "Active Discovery Initiation (PADI)");
    }
}

//! BSD loopback encapsulation: LINKTYPE_NULL (0), a 4-byte address family in the byte order of the
//! capturing host, and LINKTYPE_LOOP (108), the same in network byte order.

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::protocols::eth::ETHERTYPE_NAMES;
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto NULL = super::ids::NULL, "Null/Loopback", "Null", "null";
    TYPE: "null.type", "Type", UInt16, Hex, values ETHERTYPE_NAMES;
    FAMILY: "null.family", "Family", UInt32, Dec, values FAMILY_NAMES;
}

/// BSD address families (the numbers differ between the BSDs for IPv6).
static FAMILY_NAMES: &[(u64, &str)] = &[
    (2, "IP"),
    (7, "OSI"),
    (16, "Appletalk"),
    (23, "Netware IPX/SPX"),
    (24, "IPv6"),
    (28, "IPv6"),
    (30, "IPv6"),
];

/// Columns Wireshark fills before looking at the header; the network layer replaces them.
fn set_columns(cx: &mut Cx) {
    cx.set_addresses(&"N/A", &"N/A");
    cx.set_protocol("N/A");
    cx.set_info(format_args!("Null/Loopback"));
}

/// The family as Wireshark reads it from a DLT_NULL header. Wireshark takes the four bytes in its own
/// host's byte order (tshark here runs little-endian) and then guesses what the capturing host did:
/// a value with its upper 16 bits set was written in the other byte order (or by IRIX/UNICOS snoop as a
/// 16-bit family followed by two zero bytes), and a small value whose low byte is zero is such a snoop
/// header read in the other byte order.
pub fn family_from_header(bytes: [u8; 4]) -> u32 {
    let host = u32::from_le_bytes(bytes);
    if host & 0xffff_0000 != 0 {
        if host & 0xff00_0000 == 0 && host & 0x00ff_0000 < 0x0006_0000 {
            host >> 16
        } else {
            host.swap_bytes()
        }
    } else if host & 0x0000_00ff == 0 && host & 0x0000_ff00 < 0x0000_0600 {
        (host as u16).swap_bytes() as u32
    } else {
        host
    }
}

/// The protocol a BSD address family stands for, if wiresift dissects it.
fn by_family(family: u32) -> Option<dispatch::DissectFn> {
    match family {
        2 => dispatch::by_ethertype(0x0800),
        24 | 28 | 30 => dispatch::by_ethertype(0x86dd),
        _ => None,
    }
}

/// LINKTYPE_NULL. A header that starts with 0xff 0x03 is PPP in HDLC framing, which wiresift shows as
/// data; a family above 1500 is an ethertype (old Linux loopback captures).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.tree.layers.push("null");
    let Some(first) = read::be16(data, offset) else {
        cx.malformed(offset, "Null/Loopback header cut short");
        return avail;
    };
    if first == 0xff03 {
        crate::protocols::data::dissect(cx, data, offset, parent);
        return avail;
    }
    set_columns(cx);
    let Some(header) = read::array::<4>(data, offset) else {
        cx.malformed(offset, "Null/Loopback header cut short");
        return avail;
    };
    let family = family_from_header(header);
    let top = cx.tree.add(parent, PROTOCOL_FIELD, offset, 4, Value::None);
    let payload = offset + 4;
    let next = if family > 1500 {
        cx.uint(top, TYPE, offset, 4, (family as u16) as u64);
        dispatch::by_ethertype(family as u16)
    } else {
        cx.uint(top, FAMILY, offset, 4, family as u64);
        by_family(family)
    };
    match next {
        Some(f) => {
            f(cx, data, payload, top);
        }
        None => crate::protocols::data::dissect(cx, data, payload, top),
    }
    avail
}

/// LINKTYPE_LOOP: the family in network byte order, never an ethertype.
pub fn dissect_loop(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.tree.layers.push("null");
    set_columns(cx);
    let Some(family) = read::be32(data, offset) else {
        cx.malformed(offset, "Null/Loopback header cut short");
        return avail;
    };
    let top = cx.tree.add(parent, PROTOCOL_FIELD, offset, 4, Value::None);
    cx.uint(top, FAMILY, offset, 4, family as u64);
    match by_family(family) {
        Some(f) => {
            f(cx, data, offset + 4, top);
        }
        None => crate::protocols::data::dissect(cx, data, offset + 4, top),
    }
    avail
}

#[cfg(test)]
mod tests {
    use super::family_from_header;
    use crate::testutil::dissect;

    #[test]
    fn byte_order_guess() {
        assert_eq!(family_from_header([2, 0, 0, 0]), 2);
        assert_eq!(family_from_header([0, 0, 0, 2]), 2);
        assert_eq!(family_from_header([0x1e, 0, 0, 0]), 30);
        // IRIX snoop: a big-endian 16-bit family, then two zero bytes.
        assert_eq!(family_from_header([0, 2, 0, 0]), 2);
        assert_eq!(family_from_header([0, 0, 2, 0]), 2);
        // Old Linux loopback: an ethertype after two zero bytes.
        assert_eq!(family_from_header([0, 0, 8, 0]), 0x0800);
        assert_eq!(family_from_header([8, 0, 0, 0]), 8);
    }

    /// illustrated-tls/tls13-capture.pcap frame 1: IPv4 over loopback, little-endian family 2.
    #[test]
    fn ipv4_as_tshark_shows_it() {
        let d = dissect(
            0,
            "02000000 4500004000004000400600007f0000017f000001e75320d0794ea8ba00000000b002ffff\
             fe34000002043fd8010303060101080aba6687d90000000004020000",
        );
        assert_eq!(d.protocols(), "null:ip:tcp");
        assert_eq!(d.field("null.family"), "2");
        assert!(!d.has("null.type"));
        assert!(d.has("null"));
        assert_eq!(d.protocol(), "TCP");
        assert_eq!(d.tree.src_column, "127.0.0.1");
        assert_eq!(d.field("frame.encap_type"), "15");
    }

    #[test]
    fn ethertype_and_unknown_families() {
        let ip = "45000020000000004011000001020304050607089c409c41000c0000deadbeef";
        let d = dissect(0, &format!("00000800{ip}"));
        assert_eq!(d.protocols(), "null:ip:udp:data");
        assert_eq!(d.field("null.type"), "0x0800");
        assert!(!d.has("null.family"));
        let d = dissect(0, &format!("08000000{ip}"));
        assert_eq!(d.protocols(), "null:data");
        assert_eq!(d.field("null.family"), "8");
        assert_eq!((d.protocol(), d.info()), ("N/A", "Null/Loopback"));
        assert_eq!(
            (d.tree.src_column.as_str(), d.tree.dst_column.as_str()),
            ("N/A", "N/A")
        );
    }

    #[test]
    fn loop_is_big_endian() {
        let ip = "45000020000000004011000001020304050607089c409c41000c0000deadbeef";
        let d = dissect(108, &format!("00000002{ip}"));
        assert_eq!(d.protocols(), "null:ip:udp:data");
        assert_eq!(d.field("null.family"), "2");
        let d = dissect(108, &format!("02000000{ip}"));
        assert_eq!(d.protocols(), "null:data");
        assert_eq!(d.field("null.family"), "33554432");
        // No ethertypes on LOOP.
        let d = dissect(108, &format!("00000800{ip}"));
        assert_eq!(d.field("null.family"), "2048");
        assert_eq!(d.protocols(), "null:data");
    }

    #[test]
    fn cut_short_headers_are_malformed() {
        let d = dissect(0, "02");
        assert_eq!(d.protocols(), "null");
        assert_eq!((d.protocol(), d.info()), ("", "[Malformed Packet]"));
        let d = dissect(0, "020000");
        assert_eq!(d.protocols(), "null");
        assert_eq!(
            (d.protocol(), d.info()),
            ("N/A", "Null/Loopback[Malformed Packet]")
        );
        assert!(!d.has("null.family"));
        let d = dissect(108, "000000");
        assert_eq!(
            (d.protocol(), d.info()),
            ("N/A", "Null/Loopback[Malformed Packet]")
        );
        assert!(d.has("_ws.malformed"));
    }
}

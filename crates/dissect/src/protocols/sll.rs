//! Linux cooked-mode capture, the pseudo link layer of captures on Linux's "any" device: version 1
//! (LINKTYPE_LINUX_SLL, 113, 16 bytes) and version 2 (LINKTYPE_LINUX_SLL2, 276, 20 bytes, with the
//! interface index). Wireshark names both `sll`.

use fields::{FieldId, ItemIdx, Value};

use crate::cx::read;
use crate::protocols::arp::HARDWARE_TYPE_NAMES;
use crate::protocols::eth::{self, ETHERTYPE_NAMES, Fcs};
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto SLL = super::ids::SLL, "Linux cooked-mode capture", "SLL", "sll";
    PKTTYPE: "sll.pkttype", "Packet type", UInt16, Dec, values PACKET_TYPE_NAMES;
    HATYPE: "sll.hatype", "Link-layer address type", UInt16, Dec, values HARDWARE_TYPE_NAMES;
    HALEN: "sll.halen", "Link-layer address length", UInt16, Dec;
    SRC_ETH: "sll.src.eth", "Source", Ether, None, blurb "Source link-layer address";
    SRC_IPV4: "sll.src.ipv4", "Source", Ipv4, None, blurb "Source link-layer address";
    SRC_OTHER: "sll.src.other", "Source", Bytes, None, blurb "Source link-layer address";
    UNUSED: "sll.unused", "Unused", Bytes, None, blurb "Unused bytes";
    LTYPE: "sll.ltype", "Protocol", UInt16, Hex, values LINUX_PROTOCOL_NAMES, blurb "Linux protocol type";
    GRETYPE: "sll.gretype", "Protocol", UInt16, Hex, values ETHERTYPE_NAMES, blurb "GRE protocol type";
    ETYPE: "sll.etype", "Protocol", UInt16, Hex, values ETHERTYPE_NAMES, blurb "Ethernet protocol type";
    TRAILER: "sll.trailer", "Trailer", Bytes, None;
    IFINDEX: "sll.ifindex", "Interface index", UInt32, Dec;
}

/// Direction of the packet as Linux saw it.
static PACKET_TYPE_NAMES: &[(u64, &str)] = &[
    (0, "Unicast to us"),
    (1, "Broadcast"),
    (2, "Multicast"),
    (3, "Unicast to another host"),
    (4, "Sent by us"),
];

/// Linux protocol numbers that are not ethertypes (1536 and below).
static LINUX_PROTOCOL_NAMES: &[(u64, &str)] = &[
    (0x0001, "Raw 802.3"),
    (0x0003, "Ethernet"),
    (0x0004, "802.2 LLC"),
    (0x0007, "PPP (HDLC)"),
    (0x000c, "CAN"),
    (0x000d, "CAN FD"),
    (0x0017, "IrDA LAP"),
];

/// ARPHRD_IPGRE: the protocol field is a GRE protocol type.
const HATYPE_IPGRE: u16 = 778;

/// The Info column: the packet type's name, or "Unknown (n)".
fn set_packet_type_info(cx: &mut Cx, pkttype: u16) {
    match fields::Strings::Values(PACKET_TYPE_NAMES).name_of(pkttype as u64) {
        Some(name) => cx.set_info(format_args!("{name}")),
        None => cx.set_info(format_args!("Unknown ({pkttype})")),
    }
}

/// Version 1: packet type, address type and length, up to 8 address bytes, protocol.
pub fn dissect_v1(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let (Some(pkttype), Some(hatype)) = (read::be16(data, offset), read::be16(data, offset + 2))
    else {
        cx.tree.layers.push("sll");
        cx.malformed(offset, "Linux cooked header cut short");
        return avail;
    };
    cx.set_protocol("SLL");
    set_packet_type_info(cx, pkttype);
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "sll", "", offset, avail.min(16));
    cx.tree
        .set_label(top, format_args!("Linux cooked capture v1"));
    cx.uint(top, PKTTYPE, offset, 2, pkttype as u64);
    cx.uint(top, HATYPE, offset + 2, 2, hatype as u64);
    let Some(halen) = read::be16(data, offset + 4) else {
        cx.malformed(offset, "Linux cooked header cut short");
        return avail;
    };
    cx.uint(top, HALEN, offset + 4, 2, halen as u64);
    if !address(cx, top, data, offset + 6, halen) {
        return avail;
    }
    let Some(protocol) = read::be16(data, offset + 14) else {
        cx.malformed(offset, "Linux cooked header cut short");
        return avail;
    };
    cx.uint(
        top,
        protocol_field(protocol, hatype),
        offset + 14,
        2,
        protocol as u64,
    );
    hand_on(cx, data, offset + 16, top, protocol, hatype);
    avail
}

/// Version 2: protocol, reserved, interface index, address type, packet type, address length, up to 8
/// address bytes.
pub fn dissect_v2(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    // Wireshark 4.0 names the packet type in the Info column from two bytes (the packet type and the
    // address length), so only 0..=4 with a zero packet type byte have names; we show the same.
    let Some(info_type) = read::be16(data, offset + 10) else {
        cx.tree.layers.push("sll");
        cx.malformed(offset, "Linux cooked header cut short");
        return avail;
    };
    let protocol = read::be16(data, offset).unwrap_or(0);
    let ifindex = read::be32(data, offset + 4).unwrap_or(0);
    let hatype = read::be16(data, offset + 8).unwrap_or(0);
    let pkttype = data[offset + 10];
    let halen = data[offset + 11];
    cx.set_protocol("SLL");
    set_packet_type_info(cx, info_type);
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "sll", "", offset, avail.min(20));
    cx.tree
        .set_label(top, format_args!("Linux cooked capture v2"));
    cx.uint(
        top,
        protocol_field(protocol, hatype),
        offset,
        2,
        protocol as u64,
    );
    cx.uint(top, IFINDEX, offset + 4, 4, ifindex as u64);
    cx.uint(top, HATYPE, offset + 8, 2, hatype as u64);
    cx.uint(top, PKTTYPE, offset + 10, 1, pkttype as u64);
    cx.uint(top, HALEN, offset + 11, 1, halen as u64);
    if !address(cx, top, data, offset + 12, halen as u16) {
        return avail;
    }
    hand_on(cx, data, offset + 20, top, protocol, hatype);
    avail
}

/// Which field the protocol number is shown as.
fn protocol_field(protocol: u16, hatype: u16) -> FieldId {
    if protocol <= 1536 {
        LTYPE
    } else if hatype == HATYPE_IPGRE {
        GRETYPE
    } else {
        ETYPE
    }
}

/// The 8-byte address field: the source address (its length says how to show it), the rest unused.
/// Sets the Source column for Ethernet and IPv4 addresses. False (after flagging the packet) if the field
/// is cut short.
fn address(cx: &mut Cx, top: ItemIdx, data: &[u8], o: usize, halen: u16) -> bool {
    let shown = (halen as usize).min(8);
    if data.len() < o + shown {
        cx.malformed(o, "Linux cooked address cut short");
        return false;
    }
    match halen {
        4 => {
            let a = read::array::<4>(data, o).expect("checked length");
            cx.tree.add(top, SRC_IPV4, o, 4, Value::Ipv4(a));
            cx.set_addresses(&std::net::Ipv4Addr::from(a), &"");
        }
        6 => {
            let m = read::array::<6>(data, o).expect("checked length");
            cx.tree.add(top, SRC_ETH, o, 6, Value::Ether(m));
            cx.set_addresses(&crate::protocols::Mac(m), &"");
        }
        0 => {}
        _ => {
            cx.tree.add(top, SRC_OTHER, o, shown, Value::Bytes);
        }
    }
    if shown < 8 {
        if data.len() < o + 8 {
            cx.malformed(o, "Linux cooked address cut short");
            return false;
        }
        cx.tree.add(top, UNUSED, o + shown, 8 - shown, Value::Bytes);
    }
    true
}

/// The payload by protocol: Linux's own numbers up to 1536, GRE types on GRE tunnels, ethertypes
/// otherwise (those with padding and trailer as on Ethernet).
fn hand_on(cx: &mut Cx, data: &[u8], payload: usize, top: ItemIdx, protocol: u16, hatype: u16) {
    match protocol_field(protocol, hatype) {
        LTYPE => match protocol {
            0x0003 => {
                eth::dissect(cx, data, payload, top);
            }
            0x0004 => {
                crate::protocols::llc::dissect(cx, data, payload, top);
            }
            _ => crate::protocols::data::dissect(cx, data, payload, top),
        },
        GRETYPE => {
            // Without a dissector for the GRE type, Wireshark leaves the payload alone.
            if let Some(next) = dispatch::by_ethertype(protocol) {
                next(cx, data, payload, top);
            }
        }
        _ => {
            let consumed = eth::hand_on(cx, data, payload, top, protocol);
            eth::add_trailer(cx, top, TRAILER, data, payload + consumed, Fcs::Absent);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// zeek/linuxsll-arp.pcap frame 1: a broadcast ARP request, padded, with a 2-byte trailer.
    const SLL_ARP: &str = "000100010006cc2de0261999000008060001080006040001cc2de0261999c0a81601\
        000000000000c0a816a0000000000000000000000000000000000000";

    #[test]
    fn v1_arp_as_tshark_shows_it() {
        let d = dissect(113, SLL_ARP);
        assert_eq!(d.protocols(), "sll:ethertype:arp");
        assert_eq!(d.field("sll.pkttype"), "1");
        assert_eq!(d.field("sll.hatype"), "1");
        assert_eq!(d.field("sll.halen"), "6");
        assert_eq!(d.field("sll.src.eth"), "cc:2d:e0:26:19:99");
        assert_eq!(d.field("sll.unused"), "0000");
        assert_eq!(d.field("sll.etype"), "0x0806");
        assert_eq!(d.field("eth.padding"), "00000000000000000000000000000000");
        assert_eq!(d.field("sll.trailer"), "0000");
        assert_eq!(d.protocol(), "ARP");
        assert_eq!(d.info(), "Who has 192.168.22.160? Tell 192.168.22.1");
        assert_eq!(d.tree.src_column, "cc:2d:e0:26:19:99");
        assert_eq!(d.tree.dst_column, "");
        assert_eq!(d.field("frame.encap_type"), "25");
    }

    /// tcpdump/tcp-handshake-nano.pcap frame 1: PPP interface, no link-layer address.
    #[test]
    fn v1_without_address() {
        let d = dissect(
            113,
            "0004 0200 0000 0000000000000000 0800 \
             4500003c29a940004006db5f839bd7458974515eb64000502f842acb00000000a0026a4050c4\
             0000020405500402080a436a03620000000001030307",
        );
        assert_eq!(d.protocols(), "sll:ethertype:ip:tcp");
        assert_eq!(d.field("sll.pkttype"), "4");
        assert_eq!(d.field("sll.hatype"), "512");
        assert_eq!(d.field("sll.unused"), "0000000000000000");
        assert!(!d.has("sll.src.eth"));
        assert_eq!(d.tree.src_column, "131.155.215.69");
    }

    /// suricata/decode-sll2-01.pcap frame 1: version 2, sent by us.
    #[test]
    fn v2_as_tshark_shows_it() {
        let d = dissect(
            276,
            "0800 0000 00000002 0001 04 06 aa763071b0e7 0000 \
             4500003c45a94000400670b0c0a801fdc0a80115dc9e00508b0b439300000000a002faf0d70c\
             0000020405b40402080ac5be80530000000001030307",
        );
        assert_eq!(d.protocols(), "sll:ethertype:ip:tcp");
        assert_eq!(d.field("sll.etype"), "0x0800");
        assert_eq!(d.field("sll.ifindex"), "2");
        assert_eq!(d.field("sll.hatype"), "1");
        assert_eq!(d.field("sll.pkttype"), "4");
        assert_eq!(d.field("sll.halen"), "6");
        assert_eq!(d.field("sll.src.eth"), "aa:76:30:71:b0:e7");
        assert_eq!(d.field("sll.unused"), "0000");
        assert_eq!(d.field("frame.encap_type"), "210");
    }

    #[test]
    fn other_addresses_and_protocols() {
        let arp = "0001080006040001cc2de0261999c0a81601000000000000c0a816a0";
        let d = dissect(113, &format!("0000 0001 0004 c0a80101 00000000 0806 {arp}"));
        assert_eq!(d.field("sll.src.ipv4"), "192.168.1.1");
        assert_eq!(d.field("sll.unused"), "00000000");
        assert_eq!(d.tree.src_column, "192.168.1.1");
        let d = dissect(113, &format!("0000 0001 000a 0102030405060708 0806 {arp}"));
        assert_eq!(d.field("sll.src.other"), "0102030405060708");
        assert!(!d.has("sll.unused"));
        let d = dissect(113, "0000 0001 0003 0102030405060708 1234 00");
        assert_eq!(d.field("sll.src.other"), "010203");
        assert_eq!(d.field("sll.unused"), "0405060708");
        assert_eq!(d.protocols(), "sll:ethertype:data");
        assert_eq!((d.protocol(), d.info()), ("0x1234", "Unicast to us"));
        let d = dissect(
            113,
            &format!("0003 0001 0006 cc2de0261999 0000 0004 aaaa030000000806 {arp}"),
        );
        assert_eq!(d.protocols(), "sll:llc:arp");
        assert_eq!(d.field("sll.ltype"), "0x0004");
        let d = dissect(113, "0000 0001 0006 cc2de0261999 0000 0600 00");
        assert_eq!(d.protocols(), "sll:data");
        assert_eq!((d.protocol(), d.info()), ("SLL", "Unicast to us"));
        // GRE tunnel interface: the protocol is a GRE type, handed straight to IPv4.
        let d = dissect(
            113,
            "0009 030a 0000 0000000000000000 0800 \
             45000020000000004011000001020304050607089c409c41000c0000deadbeef",
        );
        assert_eq!(d.protocols(), "sll:ip:udp:data");
        assert_eq!(d.field("sll.gretype"), "0x0800");
        // Version 2 names the packet type in Info from two bytes, as Wireshark 4.0 does.
        let d = dissect(
            276,
            "1234 0000 00000002 0001 03 06 cc2de0261999 0000 deadbeef",
        );
        assert_eq!(d.info(), "Unknown (774)");
        assert_eq!(d.field("sll.pkttype"), "3");
    }

    #[test]
    fn cut_short_headers_are_malformed() {
        for (link, hex, protocol, info, fields) in [
            (113, "0009", "", "[Malformed Packet]", 0),
            (113, "00090001", "SLL", "Unknown (9)[Malformed Packet]", 2),
            (
                113,
                "000900010006",
                "SLL",
                "Unknown (9)[Malformed Packet]",
                3,
            ),
            (
                113,
                "0009 0001 0006 cc2de0261999",
                "SLL",
                "Unknown (9)[Malformed Packet]",
                4,
            ),
            (
                276,
                "0800 0000 00000002 0001 09",
                "",
                "[Malformed Packet]",
                0,
            ),
            (
                276,
                "0800 0000 00000002 0001 09 06 cc2de0261999",
                "SLL",
                "Unknown (2310)[Malformed Packet]",
                6,
            ),
        ] {
            let d = dissect(link, hex);
            assert_eq!(d.protocols(), "sll", "{hex}");
            assert_eq!((d.protocol(), d.info()), (protocol, info), "{hex}");
            let n = d
                .tree
                .items()
                .iter()
                .filter(|i| i.field.proto == crate::protocols::ids::SLL && i.field.index > 0)
                .count();
            assert_eq!(n, fields, "{hex}");
        }
    }
}

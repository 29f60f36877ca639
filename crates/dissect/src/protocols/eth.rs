//! Ethernet II (and the ethertype pseudo-layer Wireshark 4.0 lists in `frame.protocols`).

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto ETH = super::ids::ETH, "Ethernet", "Ethernet", "eth";
    DST: "eth.dst", "Destination", Ether, None;
    DST_LG: "eth.dst.lg", "LG bit", Boolean, Bits(24), mask 0x20000, tf ("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)");
    DST_IG: "eth.dst.ig", "IG bit", Boolean, Bits(24), mask 0x10000, tf ("Group address (multicast/broadcast)", "Individual address (unicast)");
    SRC: "eth.src", "Source", Ether, None;
    SRC_LG: "eth.src.lg", "LG bit", Boolean, Bits(24), mask 0x20000, tf ("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)");
    SRC_IG: "eth.src.ig", "IG bit", Boolean, Bits(24), mask 0x10000, tf ("Group address (multicast/broadcast)", "Individual address (unicast)");
    ADDR: "eth.addr", "Address", Ether, None;
    LG: "eth.lg", "LG bit", Boolean, Bits(24), mask 0x20000;
    IG: "eth.ig", "IG bit", Boolean, Bits(24), mask 0x10000;
    LEN: "eth.len", "Length", UInt16, Dec;
    TYPE: "eth.type", "Type", UInt16, Hex, values ETHERTYPE_NAMES;
    PADDING: "eth.padding", "Padding", Bytes, None;
    TRAILER: "eth.trailer", "Trailer", Bytes, None;
    FCS: "eth.fcs", "Frame check sequence", UInt32, Hex;
    FCS_STATUS: "eth.fcs.status", "FCS Status", UInt8, None, values &[(0, "Bad"), (1, "Good"), (2, "Unverified")];
}

/// The EtherType pseudo-protocol: Wireshark 4.0 shows it in `frame.protocols` between a link layer and
/// the protocol the ethertype names.
pub mod ethertype {
    fields::declare_protocol! {
        proto ETHERTYPE = crate::protocols::ids::ETHERTYPE, "EtherType", "EtherType", "ethertype";
    }
}

/// Ethertype names shown by `-V` and accepted by filters (`eth.type == ARP`... by value name).
pub static ETHERTYPE_NAMES: &[(u64, &str)] = &[
    (0x0800, "IPv4"),
    (0x0806, "ARP"),
    (0x8035, "RARP"),
    (0x8100, "802.1Q Virtual LAN"),
    (0x86dd, "IPv6"),
    (0x8847, "MPLS label switched packet"),
    (0x8863, "PPPoE Discovery"),
    (0x8864, "PPPoE Session"),
    (0x888e, "802.1X Authentication"),
    (0x88a8, "802.1ad Provider Bridge (Q-in-Q)"),
    (0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)"),
    (0x9100, "VLAN-tagged frame (Q-in-Q)"),
];

/// Ethernet frames shorter than this are padded by the sender.
const MIN_FRAME: usize = 60;

fn mac(m: [u8; 6]) -> Value {
    Value::Ether(m)
}

pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let (Some(dst), Some(src), Some(ethertype)) = (
        read::array::<6>(data, offset),
        read::array::<6>(data, offset + 6),
        read::be16(data, offset + 12),
    ) else {
        cx.set_protocol("Ethernet");
        let top = cx.push_layer(
            parent,
            PROTOCOL_FIELD,
            "eth",
            "",
            offset,
            data.len() - offset,
        );
        let _ = top;
        cx.malformed(offset, "Ethernet header cut short");
        return data.len() - offset;
    };
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "eth", "", offset, 14);
    if top.is_stored() {
        cx.tree.set_label(
            top,
            format_args!(
                "Ethernet II, Src: {}, Dst: {}",
                crate::protocols::fmt_mac(src),
                crate::protocols::fmt_mac(dst)
            ),
        );
    }
    cx.set_addresses(
        &crate::protocols::fmt_mac(src),
        &crate::protocols::fmt_mac(dst),
    );
    let d = cx.tree.add(top, DST, offset, 6, mac(dst));
    let dst24 = u32::from_be_bytes([0, dst[0], dst[1], dst[2]]) as u64;
    cx.bits(d, DST_LG, offset, 3, dst24);
    cx.bits(d, DST_IG, offset, 3, dst24);
    add_hidden_addr(cx, top, offset, dst, dst24);
    let s = cx.tree.add(top, SRC, offset + 6, 6, mac(src));
    let src24 = u32::from_be_bytes([0, src[0], src[1], src[2]]) as u64;
    cx.bits(s, SRC_LG, offset + 6, 3, src24);
    cx.bits(s, SRC_IG, offset + 6, 3, src24);
    add_hidden_addr(cx, top, offset + 6, src, src24);

    let payload = offset + 14;
    if ethertype < 1536 {
        // IEEE 802.3 length field: LLC follows (dissected in a later step; shown as data meanwhile).
        cx.uint(top, LEN, offset + 12, 2, ethertype as u64);
        cx.set_protocol("LLC");
        let end = (payload + ethertype as usize).min(data.len());
        crate::protocols::data::dissect(cx, &data[..end], payload, top);
        return data.len() - offset;
    }
    cx.uint(top, TYPE, offset + 12, 2, ethertype as u64);
    let consumed = hand_on(cx, data, payload, top, ethertype);
    trailer(cx, top, data, offset, payload + consumed);
    data.len() - offset
}

/// Hands the payload to the protocol named by `ethertype`, or shows it as data. Shared by every layer
/// that carries an ethertype (Ethernet, VLAN tags, Linux cooked capture). Returns the bytes consumed.
pub fn hand_on(cx: &mut Cx, data: &[u8], payload: usize, parent: ItemIdx, ethertype: u16) -> usize {
    cx.tree.layers.push("ethertype");
    match dispatch::by_ethertype(ethertype) {
        Some(next) => next(cx, data, payload, parent),
        None => {
            if cx.tree.wants_columns() {
                cx.set_protocol(&format!("0x{ethertype:04x}"));
                cx.set_info(format_args!("Ethernet II"));
            }
            crate::protocols::data::dissect(cx, data, payload, parent);
            data.len().saturating_sub(payload)
        }
    }
}

fn add_hidden_addr(cx: &mut Cx, top: ItemIdx, offset: usize, m: [u8; 6], m24: u64) {
    let a = cx
        .tree
        .add_in(top, ADDR, 0, offset, 6, mac(m), fields::tree::flags::HIDDEN);
    cx.bits(a, LG, offset, 3, m24);
    cx.bits(a, IG, offset, 3, m24);
}

/// Bytes after the payload: padding up to the 60-byte minimum, anything beyond is a trailer.
fn trailer(cx: &mut Cx, top: ItemIdx, data: &[u8], frame_start: usize, payload_end: usize) {
    if payload_end >= data.len() {
        return;
    }
    let pad_end = (frame_start + MIN_FRAME).clamp(payload_end, data.len());
    if pad_end > payload_end {
        cx.tree.add(
            top,
            PADDING,
            payload_end,
            pad_end - payload_end,
            Value::Bytes,
        );
    }
    if data.len() > pad_end {
        cx.tree
            .add(top, TRAILER, pad_end, data.len() - pad_end, Value::Bytes);
    }
}

//! Ethernet II (and the ethertype pseudo-layer Wireshark 4.0 lists in `frame.protocols`).

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto ETH = super::ids::ETH, "Ethernet", "Ethernet", "eth";
    DST: "eth.dst", "Destination", Ether, None, blurb "Destination Hardware Address";
    DST_RESOLVED: "eth.dst_resolved", "Destination (resolved)", String, None, blurb "Destination Hardware Address (resolved)";
    DST_OUI: "eth.dst.oui", "Destination OUI", UInt24, Oui, blurb "Destination Organizationally Unique Identifier";
    DST_LG: "eth.dst.lg", "LG bit", Boolean, Bits(24), mask 0x20000, tf ("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"), blurb "Specifies if this is a locally administered or globally unique (IEEE assigned) address";
    DST_IG: "eth.dst.ig", "IG bit", Boolean, Bits(24), mask 0x10000, tf ("Group address (multicast/broadcast)", "Individual address (unicast)"), blurb "Specifies if this is an individual (unicast) or group (broadcast/multicast) address";
    SRC: "eth.src", "Source", Ether, None, blurb "Source Hardware Address";
    SRC_RESOLVED: "eth.src_resolved", "Source (resolved)", String, None, blurb "Source Hardware Address (resolved)";
    SRC_OUI: "eth.src.oui", "Source OUI", UInt24, Oui, blurb "Source Organizationally Unique Identifier";
    SRC_LG: "eth.src.lg", "LG bit", Boolean, Bits(24), mask 0x20000, tf ("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"), blurb "Specifies if this is a locally administered or globally unique (IEEE assigned) address";
    SRC_IG: "eth.src.ig", "IG bit", Boolean, Bits(24), mask 0x10000, tf ("Group address (multicast/broadcast)", "Individual address (unicast)"), blurb "Specifies if this is an individual (unicast) or group (broadcast/multicast) address";
    ADDR: "eth.addr", "Address", Ether, None, blurb "Source or Destination Hardware Address";
    ADDR_RESOLVED: "eth.addr_resolved", "Address (resolved)", String, None, blurb "Source or Destination Hardware Address (resolved)";
    ADDR_OUI: "eth.addr.oui", "Address OUI", UInt24, Oui, blurb "Address Organizationally Unique Identifier";
    LG: "eth.lg", "LG bit", Boolean, Bits(24), mask 0x20000, tf ("Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)"), blurb "Specifies if this is a locally administered or globally unique (IEEE assigned) address";
    IG: "eth.ig", "IG bit", Boolean, Bits(24), mask 0x10000, tf ("Group address (multicast/broadcast)", "Individual address (unicast)"), blurb "Specifies if this is an individual (unicast) or group (broadcast/multicast) address";
    LEN: "eth.len", "Length", UInt16, Dec;
    TYPE: "eth.type", "Type", UInt16, Hex, values ETHERTYPE_NAMES;
    PADDING: "eth.padding", "Padding", Bytes, None, blurb "Ethernet Padding";
    TRAILER: "eth.trailer", "Trailer", Bytes, None, blurb "Ethernet Trailer or Checksum";
    SRC_NOT_GROUP: "eth.src_not_group", "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)", None, None;
    PADDING_BAD: "eth.padding_bad", "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.", None, None;
    FCS: "eth.fcs", "Frame check sequence", UInt32, Hex, blurb "Ethernet checksum";
    FCS_STATUS: "eth.fcs.status", "FCS Status", UInt8, None, values &[(0, "Bad"), (1, "Good"), (2, "Unverified")];
    INVALID_LENTYPE: "eth.invalid_lentype", "Invalid length/type", UInt16, HexDec;
    INVALID_LENTYPE_EXPERT: "eth.invalid_lentype.expert", "Invalid length/type", None, None;
    LEN_PAST_END: "eth.len.past_end", "Length field value goes past the end of the payload", None, None;
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
        // Cut by the snapshot length inside the header: like tshark, no Ethernet item (its fields
        // could not be read), only the layer's name and the note that the capture stopped there.
        if cx.lost_to_snaplen(data.len()) {
            cx.tree.layers.push("eth");
            cx.short(offset, "Ethernet truncated");
            return data.len() - offset;
        }
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
    // The address columns show the MACs only if no network layer above sets its own (see
    // `Cx::link_addresses`), so they are not formatted now.
    cx.link_addresses = Some((src, dst));
    if cx.tree.wants_columns() {
        // A tunnelled Ethernet frame's addresses replace the outer network layer's, as in tshark.
        cx.tree.src_column.clear();
        cx.tree.dst_column.clear();
    }
    let payload = offset + 14;
    // Type/length: up to 1500 an IEEE 802.3 length (0 is Ethernet II's "unknown" type), from 1536 an
    // Ethernet II type, in between neither.
    let kind = match ethertype {
        1..=1500 => Kind::Ieee8023,
        1501..=1535 => Kind::Invalid,
        _ => Kind::EthernetII,
    };
    if top.is_stored() {
        let (s, d) = (crate::protocols::Mac(src), crate::protocols::Mac(dst));
        match kind {
            Kind::EthernetII => cx
                .tree
                .set_label(top, format_args!("Ethernet II, Src: {s}, Dst: {d}")),
            Kind::Invalid => cx
                .tree
                .set_label(top, format_args!("Ethernet Unknown, Src: {s}, Dst: {d}")),
            Kind::Ieee8023 => {
                let raw = if read::be16(data, payload) == Some(0xffff) {
                    "Raw "
                } else {
                    ""
                };
                cx.tree
                    .set_label(top, format_args!("IEEE 802.3 Ethernet {raw}"))
            }
        }
    }
    let d = cx.tree.add(top, DST, offset, 6, mac(dst));
    add_address_bits(cx, d, offset, dst, [DST_RESOLVED, DST_OUI, DST_LG, DST_IG]);
    let s = cx.tree.add(top, SRC, offset + 6, 6, mac(src));
    if src[0] & 1 != 0 {
        cx.expert(
            s,
            SRC_NOT_GROUP,
            crate::cx::Severity::Warning,
            crate::cx::Group::Protocol,
            format_args!(
                "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)"
            ),
        );
    }
    add_address_bits(
        cx,
        s,
        offset + 6,
        src,
        [SRC_RESOLVED, SRC_OUI, SRC_LG, SRC_IG],
    );

    match kind {
        Kind::Ieee8023 => {
            cx.set_protocol("Ethernet");
            let raw = read::be16(data, payload) == Some(0xffff);
            cx.set_info(format_args!(
                "IEEE 802.3 Ethernet {}",
                if raw { "Raw " } else { "" }
            ));
            crate::protocols::llc::dissect_802_3(
                cx,
                data,
                offset + 12,
                top,
                crate::protocols::llc::LengthFields {
                    len: LEN,
                    past_end: LEN_PAST_END,
                    trailer: TRAILER,
                    fcs: Fcs::Maybe,
                },
            );
        }
        Kind::Invalid => {
            cx.set_protocol("Ethernet");
            cx.set_info(format_args!(
                "Ethernet Unknown: Invalid length/type: 0x{ethertype:04x} ({ethertype})"
            ));
            let it = cx.uint(top, INVALID_LENTYPE, offset + 12, 2, ethertype as u64);
            cx.tree
                .add(it, INVALID_LENTYPE_EXPERT, offset + 12, 2, Value::None);
            crate::protocols::data::dissect(cx, data, payload, top);
        }
        Kind::EthernetII => {
            cx.uint(top, TYPE, offset + 12, 2, ethertype as u64);
            if dispatch::by_ethertype(ethertype).is_none() {
                cx.set_info(format_args!("Ethernet II"));
            }
            let consumed = hand_on(cx, data, payload, top, ethertype);
            add_trailer(cx, top, TRAILER, data, payload + consumed, Fcs::Maybe);
        }
    }
    data.len() - offset
}

/// What the type/length field makes of a frame.
#[derive(Clone, Copy)]
enum Kind {
    EthernetII,
    Ieee8023,
    Invalid,
}

/// Hands the payload to the protocol named by `ethertype`, or shows it as data. Shared by every layer
/// that carries an ethertype (Ethernet, VLAN tags, Linux cooked capture); the Protocol column names an
/// unknown type by its number, the Info column is left to the caller. Returns the bytes consumed.
pub fn hand_on(cx: &mut Cx, data: &[u8], payload: usize, parent: ItemIdx, ethertype: u16) -> usize {
    match dispatch::by_ethertype(ethertype) {
        Some(next) => {
            cx.tree.layers.push("ethertype");
            next(cx, data, payload, parent)
        }
        None => {
            if cx.tree.wants_columns() {
                cx.set_protocol(&format!("0x{ethertype:04x}"));
            }
            // Wireshark lists the ethertype layer only when something follows it.
            if payload < data.len() {
                cx.tree.layers.push("ethertype");
                crate::protocols::data::dissect(cx, data, payload, parent);
            }
            data.len().saturating_sub(payload)
        }
    }
}

/// The items in an address's subtree, in Wireshark's order: the hidden resolved name and OUI of the
/// address as destination or source and then as either address (`eth.addr`), then each bit as the
/// address's own field followed by the hidden either-address field. Names are not resolved (`-n`), so
/// the resolved name is the address itself.
fn add_address_bits(
    cx: &mut Cx,
    address: ItemIdx,
    offset: usize,
    m: [u8; 6],
    [own_resolved, own_oui, own_lg, own_ig]: [fields::FieldId; 4],
) {
    if !cx.tree.interest().wants_fields_of(PROTOCOL_FIELD.proto) {
        return;
    }
    if !address.is_stored()
        && ![
            own_resolved,
            own_oui,
            own_lg,
            own_ig,
            ADDR,
            ADDR_RESOLVED,
            ADDR_OUI,
            LG,
            IG,
        ]
        .iter()
        .any(|&f| cx.tree.wants(f))
    {
        return;
    }
    let m24 = u32::from_be_bytes([0, m[0], m[1], m[2]]) as u64;
    let flags = fields::tree::flags::HIDDEN | fields::tree::flags::GENERATED;
    let source = cx.tree.current_source();
    let resolved = |cx: &mut Cx, field| {
        if cx.tree.wants(field) {
            let v = cx.tree.text_value(&crate::protocols::fmt_mac(m));
            cx.tree.add_in(address, field, source, offset, 6, v, flags);
        }
    };
    resolved(cx, own_resolved);
    cx.tree
        .add_in(address, own_oui, source, offset, 3, Value::UInt(m24), flags);
    cx.tree.add(address, ADDR, offset, 6, mac(m));
    resolved(cx, ADDR_RESOLVED);
    cx.tree.add_in(
        address,
        ADDR_OUI,
        source,
        offset,
        3,
        Value::UInt(m24),
        flags,
    );
    for (own, either) in [(own_lg, LG), (own_ig, IG)] {
        cx.bits(address, own, offset, 3, m24);
        let def = crate::registry().field(either);
        let v = (m24 & def.bitmask) >> def.shift();
        cx.hidden(address, either, offset, 3, Value::UInt(v));
    }
}

/// Whether the bytes after a payload may end in an Ethernet frame check sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fcs {
    /// Never (encapsulations that carry no FCS: VLAN tags, Linux cooked captures).
    Absent,
    /// Perhaps: Wireshark assumes one when the frame is at least 64 bytes long and at least 4 bytes are
    /// left after the payload and any padding.
    Maybe,
}

/// Adds what follows a payload that ends at `payload_end` (frame-absolute) as Wireshark 4.0 does for
/// Ethernet-like layers: `eth.padding` up to the 60-byte minimum frame (only when the frame on the wire is
/// at least 60 bytes and the padding was captured and is all zeros), then an FCS if `fcs` allows it, and
/// the rest as `trailer` (`eth.trailer`, `vlan.trailer`, `sll.trailer` ...), all under `parent`.
pub fn add_trailer(
    cx: &mut Cx,
    parent: ItemIdx,
    trailer: fields::FieldId,
    data: &[u8],
    payload_end: usize,
    fcs: Fcs,
) {
    if payload_end >= data.len() {
        return;
    }
    let frame_len = (cx.meta.original_len as usize).max(data.len());
    let mut captured = data.len() - payload_end;
    let mut reported = frame_len - payload_end;
    let mut at = payload_end;
    // Padding must be all zeros, or it is taken for part of the trailer, which Wireshark notes.
    let padded =
        frame_len >= MIN_FRAME && payload_end < MIN_FRAME && MIN_FRAME - payload_end <= captured;
    let bad_padding = padded && !data[payload_end..MIN_FRAME].iter().all(|b| *b == 0);
    if padded && !bad_padding {
        let padding = MIN_FRAME - payload_end;
        cx.tree.add(parent, PADDING, at, padding, Value::Bytes);
        at += padding;
        captured -= padding;
        reported -= padding;
    }
    let mut fcs_at = None;
    if fcs == Fcs::Maybe && frame_len >= MIN_FRAME + 4 && reported >= 4 {
        if captured < reported {
            // The FCS was not captured (only what of it the snapshot length kept).
            captured = captured.min(reported - 4);
        } else {
            captured -= 4;
            fcs_at = Some(at + captured);
        }
    }
    if captured > 0 {
        let it = cx.tree.add(parent, trailer, at, captured, Value::Bytes);
        if bad_padding {
            cx.expert(
                it,
                PADDING_BAD,
                crate::cx::Severity::Note,
                crate::cx::Group::Protocol,
                format_args!(
                    "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros."
                ),
            );
        }
    }
    if let Some(o) = fcs_at {
        let v = read::be32(data, o).unwrap_or(0);
        let fcs = cx.uint(parent, FCS, o, 4, v as u64);
        // Wireshark does not check the FCS by default, and its label says so.
        if fcs.is_stored() {
            cx.tree.set_label(
                fcs,
                format_args!("Frame check sequence: 0x{v:08x} [unverified]"),
            );
        }
        cx.tree
            .add_generated(parent, FCS_STATUS, o, 4, Value::UInt(2));
    }
}

//! IEEE 802.2 Logical-Link Control, with SNAP (OUI and protocol id), and the IEEE 802.3 length field
//! that introduces it in Ethernet and 802.1Q frames.

use fields::{FieldId, ItemIdx, Value};

use crate::cx::read;
use crate::protocols::eth::{self, Fcs};
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto LLC = super::ids::LLC, "Logical-Link Control", "LLC", "llc";
    DSAP: "llc.dsap", "DSAP", UInt8, Hex, values SAP_NAMES, blurb "Destination Service Access Point";
    DSAP_SAP: "llc.dsap.sap", "SAP", UInt8, Custom, mask 0xfe, blurb "Service Access Point";
    DSAP_IG: "llc.dsap.ig", "IG Bit", Boolean, Bits(8), mask 0x01, tf ("Group", "Individual"), blurb "Individual/Group";
    SSAP: "llc.ssap", "SSAP", UInt8, Hex, values SAP_NAMES, blurb "Source Service Access Point";
    SSAP_SAP: "llc.ssap.sap", "SAP", UInt8, Custom, mask 0xfe, blurb "Service Access Point";
    SSAP_CR: "llc.ssap.cr", "CR Bit", Boolean, Bits(8), mask 0x01, tf ("Response", "Command"), blurb "Command/Response";
    CONTROL: "llc.control", "Control", UInt16, Hex;
    CONTROL_N_R: "llc.control.n_r", "N(R)", UInt16, Dec, mask 0xfe00;
    CONTROL_N_S: "llc.control.n_s", "N(S)", UInt16, Dec, mask 0xfe;
    CONTROL_P: "llc.control.p", "Poll", Boolean, Bits(8), mask 0x10;
    CONTROL_F: "llc.control.f", "Final", Boolean, Bits(8), mask 0x10;
    CONTROL_S_FTYPE: "llc.control.s_ftype", "Supervisory frame type", UInt16, Hex, mask 0xc, values &[(0, "Receiver ready"), (1, "Receiver not ready"), (2, "Reject"), (3, "Selective reject")];
    CONTROL_U_MODIFIER_CMD: "llc.control.u_modifier_cmd", "Command", UInt8, Hex, mask 0xec, values U_COMMAND_NAMES;
    CONTROL_U_MODIFIER_RESP: "llc.control.u_modifier_resp", "Response", UInt8, Hex, mask 0xec, values U_RESPONSE_NAMES;
    CONTROL_FTYPE: "llc.control.ftype", "Frame type", UInt16, Hex, mask 0x1, values &[(0, "Information frame"), (1, "Supervisory frame"), (3, "Unnumbered frame")];
    TYPE: "llc.type", "Type", UInt16, Hex, values eth::ETHERTYPE_NAMES;
    OUI: "llc.oui", "Organization Code", UInt24, Oui;
    PID: "llc.pid", "Protocol ID", UInt16, Hex;
    APPLE_AWDL_PID: "llc.apple_awdl_pid", "PID", UInt16, Hex, blurb "Protocol ID";
    HPTEAM_PID: "llc.hpteam_pid", "PID", UInt16, Hex;
    CIMETRICS_PID: "llc.cimetrics_pid", "PID", UInt16, Hex;
    WLCCP_PID: "llc.wlccp_pid", "PID", UInt16, Hex;
    IANA_PID: "llc.iana_pid", "PID", UInt16, Hex;
    CISCO_PID: "llc.cisco_pid", "PID", UInt16, Hex, blurb "Protocol ID";
    NORTEL_PID: "llc.nortel_pid", "PID", UInt16, Hex;
    APPLE_ATALK_PID: "llc.apple_atalk_pid", "PID", UInt16, Hex, blurb "Protocol ID";
    FOUNDRY_PID: "llc.foundry_pid", "PID", UInt16, Hex;
    FORCE10_PID: "llc.force10_pid", "PID", UInt16, Hex;
    BLUETOOTH_PID: "llc.bluetooth_pid", "PID", UInt16, Hex, blurb "Protocol ID";
    EXTREME_PID: "llc.extreme_pid", "PID", UInt16, Hex;
}

/// Service access point names (the SAP with its low bit clear).
pub static SAP_NAMES: &[(u64, &str)] = &[
    (0x00, "NULL LSAP"),
    (0x02, "LLC Sub-Layer Management"),
    (0x04, "SNA Path Control"),
    (0x06, "TCP/IP"),
    (0x08, "SNA"),
    (0x0c, "SNA"),
    (
        0x0e,
        "PROWAY (IEC955) Network Management and Initialization",
    ),
    (0x10, "NetWare (unofficial?)"),
    (0x14, "ISO Network Layer (OSLAN 1)"),
    (0x18, "Texas Instruments"),
    (0x20, "ISO Network Layer (unofficial?)"),
    (0x34, "ISO Network Layer (unofficial?)"),
    (0x42, "Spanning Tree BPDU"),
    (0x4e, "EIA RS-511 Manufacturing Message Service"),
    (0x54, "ISO Network Layer (OSLAN 2)"),
    (0x7e, "ISO 8208 (X.25 over 802.2)"),
    (0x80, "XNS"),
    (0x82, "BACnet"),
    (0x86, "Nestar"),
    (0x8e, "PROWAY (IEC955) Active Station List Maintenance"),
    (0x98, "ARP"),
    (0xaa, "SNAP"),
    (0xb4, "HP JetDirect Printer"),
    (0xba, "Banyan Vines"),
    (0xbc, "Banyan Vines"),
    (0xe0, "NetWare"),
    (0xf0, "NetBIOS"),
    (0xf4, "IBM Net Management"),
    (0xf8, "HP Extended LLC"),
    (0xfa, "Ungermann-Bass"),
    (0xfc, "Remote Program Load"),
    (0xfe, "ISO Network Layer"),
];

/// Unnumbered commands by modifier (the control byte masked with 0xec, shifted right by 2), as
/// abbreviated in the Info column.
static U_COMMANDS: &[(u8, &str)] = &[
    (0x00, "UI"),
    (0x01, "SIM"),
    (0x03, "SARM"),
    (0x08, "UP"),
    (0x0b, "SABM"),
    (0x10, "DISC"),
    (0x13, "SARME"),
    (0x18, "UA"),
    (0x1b, "SABME"),
    (0x20, "SNRM"),
    (0x21, "FRMR"),
    (0x23, "RESET"),
    (0x2b, "XID"),
    (0x31, "CFGR"),
    (0x33, "SNRME"),
    (0x38, "TEST"),
    (0x3b, "BCN"),
];

/// Unnumbered responses: as commands, except for three modifiers.
static U_RESPONSES: &[(u8, &str)] = &[
    (0x00, "UI"),
    (0x01, "RIM"),
    (0x03, "DM"),
    (0x08, "UP"),
    (0x0b, "SABM"),
    (0x10, "RD"),
    (0x13, "SARME"),
    (0x18, "UA"),
    (0x1b, "SABME"),
    (0x20, "SNRM"),
    (0x21, "FRMR"),
    (0x23, "RESET"),
    (0x2b, "XID"),
    (0x31, "CFGR"),
    (0x33, "SNRME"),
    (0x38, "TEST"),
    (0x3b, "BCN"),
];

static U_COMMAND_NAMES: &[(u64, &str)] = &[
    (0x00, "Unnumbered Information"),
    (0x01, "Set Initialization Mode"),
    (0x03, "Set Asynchronous Response Mode"),
    (0x08, "Unnumbered Poll"),
    (0x0b, "Set Asynchronous Balanced Mode"),
    (0x10, "Disconnect"),
    (0x13, "Set Asynchronous Response Mode Extended"),
    (0x18, "Unnumbered Acknowledge"),
    (0x1b, "Set Asynchronous Balanced Mode Extended"),
    (0x20, "Set Normal Response Mode"),
    (0x21, "Frame reject"),
    (0x23, "Reset"),
    (0x2b, "Exchange identification"),
    (0x31, "Configure"),
    (0x33, "Set Normal Response Mode Extended"),
    (0x38, "Test"),
    (0x3b, "Beacon"),
];

static U_RESPONSE_NAMES: &[(u64, &str)] = &[
    (0x00, "Unnumbered Information"),
    (0x01, "Request Initialization Mode"),
    (0x03, "Disconnected mode"),
    (0x08, "Unnumbered Poll"),
    (0x0b, "Set Asynchronous Balanced Mode"),
    (0x10, "Request Disconnect"),
    (0x13, "Set Asynchronous Response Mode Extended"),
    (0x18, "Unnumbered Acknowledge"),
    (0x1b, "Set Asynchronous Balanced Mode Extended"),
    (0x20, "Set Normal Response Mode"),
    (0x21, "Frame reject"),
    (0x23, "Reset"),
    (0x2b, "Exchange identification"),
    (0x31, "Configure"),
    (0x33, "Set Normal Response Mode Extended"),
    (0x38, "Test"),
    (0x3b, "Beacon"),
];

/// SNAP organization codes whose protocol ids have a field of their own, and the field.
static VENDOR_PID_FIELDS: &[(u32, FieldId)] = &[
    (0x00_000c, CISCO_PID),
    (0x08_0007, APPLE_ATALK_PID),
    (0x00_0081, NORTEL_PID),
    (0x00_e052, FOUNDRY_PID),
    (0x00_01e8, FORCE10_PID),
    (0x00_1958, BLUETOOTH_PID),
    (0x00_e02b, EXTREME_PID),
    (0x00_4096, WLCCP_PID),
    (0x00_005e, IANA_PID),
    (0x00_805f, HPTEAM_PID),
    (0x00_17f2, APPLE_AWDL_PID),
];

/// The organization [`OUI_NAMES`] gives an OUI.
pub(crate) fn oui_name(oui: u32) -> Option<&'static str> {
    OUI_NAMES
        .iter()
        .find(|(code, _)| *code == oui)
        .map(|&(_, n)| n)
}

/// Organization names tshark shows in the Info column for the best-known codes (it takes the others from
/// its vendor database, which wiresift does not carry; those show as "Unknown").
static OUI_NAMES: &[(u32, &str)] = &[
    (
        0x00_0000,
        "Officially Xerox, but 0:0:0:0:0:0 is more common",
    ),
    (0x00_00f8, "Digital Equipment Corporation"),
    (0x00_000c, "Cisco Systems, Inc"),
    (0x08_0007, "Apple, Inc."),
    (0x00_0081, "Bay Networks"),
    (0x00_e052, "Brocade Communications Systems LLC"),
    (0x00_01e8, "Force10 Networks, Inc."),
    (0x00_1958, "Bluetooth SIG, Inc."),
    (0x00_e02b, "Extreme Networks Headquarters"),
    (0x00_4096, "Cisco Systems, Inc"),
    (0x00_005e, "ICANN, IANA Department"),
    (0x00_805f, "Hewlett Packard"),
    (0x00_17f2, "Apple, Inc."),
    (0x00_80c2, "IEEE"),
    (0x00_0d3a, "Microsoft Corp."),
    (0x00_a0c6, "Qualcomm Inc."),
    (0x00_1018, "Broadcom"),
    (0x00_601d, "Lucent Technologies"),
    (0x00_e0fc, "Huawei Technologies Co.,Ltd"),
    (0x00_032f, "Global Sun Technology, Inc."),
    (0x00_037f, "Atheros Communications, Inc."),
    (0x00_50f2, "Microsoft Corp."),
    (0x00_904c, "Epigram, Inc."),
];

/// Labels an OUI field as Wireshark 4.0 does (`OUI: 00:50:f2 (Microsoft Corp.)`): the value with the
/// organization's name, formatted into a 32-byte buffer, so that a long name loses its end and the
/// closing parenthesis (`00:03:7f (Atheros Communication`).
pub fn oui_label(cx: &mut Cx, item: ItemIdx, oui: u32) {
    if !item.is_stored() {
        return;
    }
    let [_, a, b, c] = oui.to_be_bytes();
    let mut value = format!("{a:02x}:{b:02x}:{c:02x}");
    if let Some(name) = oui_name(oui) {
        value.push_str(" (");
        value.push_str(name);
        value.push(')');
    }
    value.truncate(value.floor_char_boundary(31));
    let name = crate::registry().field(cx.tree.item(item).field).name;
    cx.tree.set_label(item, format_args!("{name}: {value}"));
}

/// The fields of the layer that carries an IEEE 802.3 length: Ethernet (`eth.len` ...) or 802.1Q
/// (`vlan.len` ...).
#[derive(Debug, Clone, Copy)]
pub struct LengthFields {
    pub len: FieldId,
    pub past_end: FieldId,
    pub trailer: FieldId,
    pub fcs: Fcs,
}

/// An IEEE 802.3 length field at `len_offset` (under `parent`) and the payload it measures: LLC, or
/// Novell's "raw 802.3" IPX when the payload starts with 0xffff (shown as data), then padding and trailer.
pub fn dissect_802_3(
    cx: &mut Cx,
    data: &[u8],
    len_offset: usize,
    parent: ItemIdx,
    fields: LengthFields,
) {
    let length = read::be16(data, len_offset).unwrap_or(0) as usize;
    let payload = len_offset + 2;
    let len_item = cx.uint(parent, fields.len, len_offset, 2, length as u64);
    // The length is checked against the frame as sent; a shorter capture is not the sender's fault.
    let reported_end = (cx.meta.original_len as usize).max(data.len());
    let mut length = length;
    if payload + length > reported_end {
        cx.tree
            .add(len_item, fields.past_end, len_offset, 2, Value::None);
        length = reported_end.saturating_sub(payload);
    }
    let end = (payload + length).min(data.len());
    if read::be16(data, payload) == Some(0xffff) {
        crate::protocols::data::dissect(cx, &data[..end], payload, parent);
    } else {
        dissect(cx, &data[..end], payload, parent);
    }
    eth::add_trailer(cx, parent, fields.trailer, data, end, fields.fcs);
}

/// LLC header (DSAP, SSAP, control) and, for SNAP, the organization code and protocol id; the payload
/// goes to the protocol the SAP or the SNAP type names. Covers everything to the end of `data`.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_protocol("LLC");
    cx.set_info(format_args!(""));
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "llc", "", offset, avail.min(3));
    let Some(dsap) = read::u8(data, offset) else {
        cx.cut_short(offset, data.len(), "LLC");
        return avail;
    };
    let d = cx.uint(top, DSAP, offset, 1, dsap as u64);
    let sap = cx.bits(d, DSAP_SAP, offset, 1, dsap as u64);
    sap_label(cx, sap, dsap);
    cx.bits(d, DSAP_IG, offset, 1, dsap as u64);
    let Some(ssap) = read::u8(data, offset + 1) else {
        cx.cut_short(offset, data.len(), "LLC");
        return avail;
    };
    let s = cx.uint(top, SSAP, offset + 1, 1, ssap as u64);
    let sap = cx.bits(s, SSAP_SAP, offset + 1, 1, ssap as u64);
    sap_label(cx, sap, ssap);
    cx.bits(s, SSAP_CR, offset + 1, 1, ssap as u64);
    let response = ssap & 1 != 0;

    let Some(first) = read::u8(data, offset + 2) else {
        cx.cut_short(offset, data.len(), "LLC");
        return avail;
    };
    let is_information;
    let header_len;
    if first & 0x03 == 0x03 {
        // Unnumbered: one byte.
        header_len = 3;
        is_information = first & 0xef == 0x03;
        unnumbered(cx, top, offset + 2, first, response);
    } else {
        // Information or supervisory: two bytes, little-endian.
        let Some(control) = read::le16(data, offset + 2) else {
            cx.cut_short(offset, data.len(), "LLC");
            return avail;
        };
        header_len = 4;
        is_information = control & 1 == 0;
        numbered(cx, top, offset + 2, control, response);
    }
    if let Some(item) = cx.tree.item_mut(top) {
        item.len = header_len.min(avail) as u32;
    }
    let payload = offset + header_len;

    if dsap == 0xaa && ssap == 0xaa {
        return snap(cx, data, payload, top, avail);
    }
    if cx.tree.wants_columns() {
        let names = fields::Strings::Values(SAP_NAMES);
        let side = |sap: u8, bit: &str| match names.name_of((sap & 0xfe) as u64) {
            Some(name) => format!("{name} {bit}"),
            None => format!("0x{:02x} {bit}", sap & 0xfe),
        };
        let d = side(dsap, if dsap & 1 != 0 { "Group" } else { "Individual" });
        let s = side(ssap, if response { "Response" } else { "Command" });
        cx.append_info(format_args!("; DSAP {d}, SSAP {s}"));
    }
    if payload >= data.len() {
        return avail;
    }
    // Only I and UI frames carry a payload for the protocol the DSAP names.
    let next = if is_information && dsap == 0x06 {
        dispatch::by_ethertype(0x0800)
    } else {
        None
    };
    match next {
        Some(f) => {
            f(cx, data, payload, top);
        }
        None => crate::protocols::data::dissect(cx, data, payload, top),
    }
    avail
}

/// A SAP's label (`llc.dsap.sap`, `llc.ssap.sap`): its name when it has one (`1010 101. = SAP: SNAP`).
fn sap_label(cx: &mut Cx, item: ItemIdx, sap: u8) {
    if let Some(name) = fields::Strings::Values(SAP_NAMES).name_of((sap & 0xfe) as u64) {
        cx.set_bits_label(item, 8, 0xfe, sap as u64, format_args!("SAP: {name}"));
    }
}

/// The one-byte control field of an unnumbered frame.
fn unnumbered(cx: &mut Cx, top: ItemIdx, o: usize, control: u8, response: bool) {
    let c = cx.uint(top, CONTROL, o, 1, control as u64);
    let modifier = (control & 0xec) >> 2;
    let poll_final = control & 0x10 != 0;
    let (field, table) = if response {
        (CONTROL_U_MODIFIER_RESP, U_RESPONSES)
    } else {
        (CONTROL_U_MODIFIER_CMD, U_COMMANDS)
    };
    cx.bits(c, field, o, 1, control as u64);
    let ftype = cx.uint(c, CONTROL_FTYPE, o, 1, 3);
    // One byte here: the frame type is its two low bits.
    cx.set_bits_label(
        ftype,
        8,
        0x03,
        control as u64,
        format_args!("Frame type: Unnumbered frame (0x3)"),
    );
    if poll_final {
        let pf = if response { CONTROL_F } else { CONTROL_P };
        cx.bits(c, pf, o, 1, control as u64);
    }
    let entry = table.iter().find(|(m, _)| *m == modifier);
    if cx.tree.wants_columns() {
        let pf = match (poll_final, response) {
            (false, _) => "",
            (true, false) => " P",
            (true, true) => " F",
        };
        let abbrev = entry.map_or("Unknown", |(_, a)| a);
        cx.set_info(format_args!("U{pf}, func={abbrev}"));
    }
    if c.is_stored() {
        let abbrev = entry.map_or("Unknown", |(_, a)| a);
        let pf = match (poll_final, response) {
            (false, _) => "",
            (true, false) => " P",
            (true, true) => " F",
        };
        cx.tree.set_label(
            c,
            format_args!("Control field: U{pf}, func={abbrev} (0x{control:02X})"),
        );
    }
}

/// The two-byte control field of an information or supervisory frame.
fn numbered(cx: &mut Cx, top: ItemIdx, o: usize, control: u16, response: bool) {
    let c = cx.uint(top, CONTROL, o, 2, control as u64);
    let n_r = (control >> 9) as u64;
    let poll_final = control & 0x0100 != 0;
    cx.uint(c, CONTROL_N_R, o, 2, n_r);
    let information = control & 1 == 0;
    let summary = if information {
        let n_s = ((control & 0xfe) >> 1) as u64;
        cx.uint(c, CONTROL_N_S, o, 2, n_s);
        // Information frames always show the bit as Poll.
        if poll_final {
            cx.uint(c, CONTROL_P, o, 2, 1);
        }
        cx.uint(c, CONTROL_FTYPE, o, 2, 0);
        format!(
            "I{}, N(R)={n_r}, N(S)={n_s}",
            if poll_final { " P" } else { "" }
        )
    } else {
        let kind = (control & 0x0c) >> 2;
        cx.uint(c, CONTROL_S_FTYPE, o, 2, kind as u64);
        if poll_final {
            let pf = if response { CONTROL_F } else { CONTROL_P };
            cx.uint(c, pf, o, 2, 1);
        }
        cx.uint(c, CONTROL_FTYPE, o, 2, 1);
        let func = ["RR", "RNR", "REJ", "SREJ"][kind as usize];
        let pf = match (poll_final, response) {
            (false, _) => "",
            (true, false) => " P",
            (true, true) => " F",
        };
        format!("S{pf}, func={func}, N(R)={n_r}")
    };
    cx.set_info(format_args!("{summary}"));
    if c.is_stored() {
        cx.tree.set_label(
            c,
            format_args!("Control field: {summary} (0x{control:04X})"),
        );
    }
}

/// SNAP: organization code and protocol id after an LLC header with DSAP and SSAP 0xaa.
fn snap(cx: &mut Cx, data: &[u8], o: usize, top: ItemIdx, avail: usize) -> usize {
    let (Some(oui), Some(pid)) = (read::be24(data, o), read::be16(data, o + 3)) else {
        cx.cut_short(o, data.len(), "LLC");
        return avail;
    };
    if let Some(item) = cx.tree.item_mut(top) {
        item.len += 5;
    }
    let item = cx.uint(top, OUI, o, 3, oui as u64);
    oui_label(cx, item, oui);
    let payload = o + 5;
    let next = if oui == 0x00_0000 || oui == 0x00_00f8 {
        // Encapsulated Ethernet: the protocol id is an ethertype.
        cx.uint(top, TYPE, o + 3, 2, pid as u64);
        dispatch::by_ethertype(pid)
    } else {
        let field = VENDOR_PID_FIELDS
            .iter()
            .find(|(code, _)| *code == oui)
            .map_or(PID, |(_, f)| *f);
        cx.uint(top, field, o + 3, 2, pid as u64);
        None
    };
    match next {
        Some(f) => {
            f(cx, data, payload, top);
        }
        None => {
            if cx.tree.wants_columns() {
                let name = oui_name(oui).unwrap_or("Unknown");
                cx.append_info(format_args!(
                    "; SNAP, OUI 0x{oui:06X} ({name}), PID 0x{pid:04X}"
                ));
            }
            crate::protocols::data::dissect(cx, data, payload, top);
        }
    }
    avail
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// zeek/snap-arp.pcapng frame 1: an ARP request in SNAP in an 802.3 frame, padded to 60 bytes.
    const SNAP_ARP: &str = "ffffffffffff c23d196c0001 0024 aaaa03 000000 0806 \
        0006080006040001c23d196c00010a000001000000000000 0a000002 00000000000000000000";

    #[test]
    fn snap_arp_as_tshark_shows_it() {
        let d = dissect(1, SNAP_ARP);
        assert_eq!(d.protocols(), "eth:llc:arp");
        assert_eq!(d.field("eth.len"), "36");
        assert_eq!(d.field("eth.padding"), "00000000000000000000");
        assert_eq!(d.field("llc.dsap"), "0xaa");
        assert_eq!(d.field("llc.dsap.sap"), "85");
        assert_eq!(d.field("llc.dsap.ig"), "0");
        assert_eq!(d.field("llc.ssap.cr"), "0");
        assert_eq!(d.field("llc.control"), "0x0003");
        assert_eq!(d.field("llc.control.u_modifier_cmd"), "0x00");
        assert_eq!(d.field("llc.oui"), "0");
        assert_eq!(d.field("llc.type"), "0x0806");
        assert_eq!(d.protocol(), "ARP");
        assert_eq!(d.info(), "Who has 10.0.0.2? Tell 10.0.0.1");
        let eth = &d.tree.items()[d
            .tree
            .items()
            .iter()
            .position(|i| i.field == crate::protocols::eth::PROTOCOL_FIELD)
            .unwrap()];
        assert_eq!(d.tree.label(eth), Some("IEEE 802.3 Ethernet "));
    }

    const H: &str = "0180c2000000 001122334455";

    #[test]
    fn unnumbered_frames_summarise_in_info() {
        // XID command with DSAP/SSAP 0x42, length 3 (what follows is trailer).
        let d = dissect(1, &format!("{H} 0003 4242af 818000"));
        assert_eq!(d.protocols(), "eth:llc");
        assert_eq!(d.protocol(), "LLC");
        assert_eq!(
            d.info(),
            "U, func=XID; DSAP Spanning Tree BPDU Individual, SSAP Spanning Tree BPDU Command"
        );
        assert_eq!(d.field("llc.control"), "0x00af");
        assert_eq!(d.field("llc.control.u_modifier_cmd"), "0x2b");
        assert_eq!(d.field("eth.trailer"), "818000");
        // TEST response with the final bit.
        let d = dissect(1, &format!("{H} 0003 4243f3 818000"));
        assert_eq!(
            d.info(),
            "U F, func=TEST; DSAP Spanning Tree BPDU Individual, SSAP Spanning Tree BPDU Response"
        );
        assert_eq!(d.field("llc.control.u_modifier_resp"), "0x38");
        assert_eq!(d.field("llc.control.f"), "1");
        // DISC with poll, NetBIOS SAPs.
        let d = dissect(1, &format!("{H} 0003 f0f053"));
        assert_eq!(
            d.info(),
            "U P, func=DISC; DSAP NetBIOS Individual, SSAP NetBIOS Command"
        );
        assert_eq!(d.field("llc.control.p"), "1");
    }

    #[test]
    fn numbered_frames_use_two_byte_control() {
        let d = dissect(1, &format!("{H} 0004 42430002 00"));
        assert_eq!(
            d.info(),
            "I, N(R)=1, N(S)=0; DSAP Spanning Tree BPDU Individual, SSAP Spanning Tree BPDU Response"
        );
        assert_eq!(d.field("llc.control"), "0x0200");
        assert_eq!(d.field("llc.control.n_r"), "1");
        assert_eq!(d.field("llc.control.n_s"), "0");
        assert_eq!(d.field("llc.control.ftype"), "0x0000");
        let d = dissect(1, &format!("{H} 0004 42430511"));
        assert_eq!(
            d.info(),
            "S F, func=RNR, N(R)=8; DSAP Spanning Tree BPDU Individual, SSAP Spanning Tree BPDU Response"
        );
        assert_eq!(d.field("llc.control"), "0x1105");
        assert_eq!(d.field("llc.control.s_ftype"), "0x0001");
        assert_eq!(d.field("llc.control.ftype"), "0x0001");
        assert_eq!(d.field("llc.control.f"), "1");
    }

    #[test]
    fn snap_with_unknown_protocol_is_data() {
        let d = dissect(
            1,
            &format!("{H} 0010 aaaa03 123456 9999 01020304050607080910"),
        );
        assert_eq!(d.protocols(), "eth:llc:data");
        assert_eq!(d.protocol(), "LLC");
        assert_eq!(
            d.info(),
            "U, func=UI; SNAP, OUI 0x123456 (Unknown), PID 0x9999"
        );
        assert_eq!(d.field("llc.oui"), "1193046");
        assert_eq!(d.field("llc.pid"), "0x9999");
        assert_eq!(d.field("data.data"), "0102030405060708");
        // The frame is under 60 bytes: what follows the length is trailer, not padding.
        assert_eq!(d.field("eth.trailer"), "0910");
        assert!(!d.has("eth.padding"));
        let d = dissect(1, &format!("{H} 000c aaaa03 00000c 1234 aabbcc01"));
        assert_eq!(d.field("llc.cisco_pid"), "0x1234");
        assert_eq!(
            d.info(),
            "U, func=UI; SNAP, OUI 0x00000C (Cisco Systems, Inc), PID 0x1234"
        );
    }

    #[test]
    fn sap_without_snap_and_unknown_sap() {
        let d = dissect(1, &format!("{H} 000a 121203 01020304050607"));
        assert_eq!(d.protocols(), "eth:llc:data");
        assert_eq!(
            d.info(),
            "U, func=UI; DSAP 0x12 Individual, SSAP 0x12 Command"
        );
        // 0xab is the SNAP SAP with the group/response bit: not SNAP.
        let d = dissect(1, &format!("{H} 0005 aaab03 0000"));
        assert_eq!(d.protocols(), "eth:llc:data");
        assert_eq!(
            d.info(),
            "U, func=UI; DSAP SNAP Individual, SSAP SNAP Response"
        );
    }

    #[test]
    fn cut_short_headers_are_malformed() {
        for (hex, info) in [
            ("0001 aa", "[Malformed Packet]"),
            ("0002 aaaa", "[Malformed Packet]"),
            ("0003 aaaa03", "U, func=UI[Malformed Packet]"),
            ("0005 aaaa03 0000", "U, func=UI[Malformed Packet]"),
            ("0003 424201", "[Malformed Packet]"),
        ] {
            let d = dissect(1, &format!("{H} {hex}"));
            assert_eq!(d.protocol(), "LLC", "{hex}");
            assert_eq!(d.info(), info, "{hex}");
            assert!(d.has("_ws.malformed"), "{hex}");
        }
    }

    #[test]
    fn length_past_the_end_is_flagged() {
        let d = dissect(1, &format!("{H} 0080 aaaa03 000000 0806 0001"));
        assert!(d.has("eth.len.past_end"));
        assert_eq!(d.protocols(), "eth:llc:arp");
    }

    #[test]
    fn invalid_length_type() {
        let d = dissect(1, &format!("{H} 05dd 0102"));
        assert_eq!(d.protocols(), "eth:data");
        assert_eq!(d.protocol(), "Ethernet");
        assert_eq!(
            d.info(),
            "Ethernet Unknown: Invalid length/type: 0x05dd (1501)"
        );
        assert_eq!(d.field("eth.invalid_lentype"), "0x05dd");
    }
}

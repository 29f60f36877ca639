//! ARP and RARP (RFC 826, RFC 903; ethertypes 0x0806 and 0x8035), with Wireshark's gratuitous, probe and
//! announcement flags and its detection of one IPv4 address claimed by two MAC addresses.

use std::collections::HashMap;

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::protocols::eth::ETHERTYPE_NAMES;

fields::declare_protocol! {
    proto ARP = super::ids::ARP, "Address Resolution Protocol", "ARP/RARP", "arp";
    HW_TYPE: "arp.hw.type", "Hardware type", UInt16, Dec, values HARDWARE_TYPE_NAMES;
    PROTO_TYPE: "arp.proto.type", "Protocol type", UInt16, Hex, values ETHERTYPE_NAMES;
    HW_SIZE: "arp.hw.size", "Hardware size", UInt8, Dec;
    SRC_HTYPE: "arp.src.htype", "Sender ATM number type", Boolean, Bits(8), mask 0x40, tf ("E.164", "ATM Forum NSAPA");
    SRC_HLEN: "arp.src.hlen", "Sender ATM number length", UInt8, Dec, mask 0x3f;
    SRC_STYPE: "arp.src.stype", "Sender ATM subaddress type", Boolean, Bits(8), mask 0x40, tf ("E.164", "ATM Forum NSAPA");
    SRC_SLEN: "arp.src.slen", "Sender ATM subaddress length", UInt8, Dec, mask 0x3f;
    PROTO_SIZE: "arp.proto.size", "Protocol size", UInt8, Dec;
    OPCODE: "arp.opcode", "Opcode", UInt16, Dec, values OPCODE_NAMES;
    ISGRATUITOUS: "arp.isgratuitous", "Is gratuitous", Boolean, Bits(0), tf ("True", "False");
    ISPROBE: "arp.isprobe", "Is probe", Boolean, Bits(0), tf ("True", "False");
    ISANNOUNCEMENT: "arp.isannouncement", "Is announcement", Boolean, Bits(0), tf ("True", "False");
    SRC_PLN: "arp.src.pln", "Sender protocol size", UInt8, Dec;
    DST_HTYPE: "arp.dst.htype", "Target ATM number type", Boolean, Bits(8), mask 0x40, tf ("E.164", "ATM Forum NSAPA");
    DST_HLEN: "arp.dst.hlen", "Target ATM number length", UInt8, Dec, mask 0x3f;
    DST_STYPE: "arp.dst.stype", "Target ATM subaddress type", Boolean, Bits(8), mask 0x40, tf ("E.164", "ATM Forum NSAPA");
    DST_SLEN: "arp.dst.slen", "Target ATM subaddress length", UInt8, Dec, mask 0x3f;
    DST_PLN: "arp.dst.pln", "Target protocol size", UInt8, Dec;
    SRC_HW: "arp.src.hw", "Sender hardware address", Bytes, None;
    SRC_HW_MAC: "arp.src.hw_mac", "Sender MAC address", Ether, None;
    SRC_ATM_NUM_E164: "arp.src.atm_num_e164", "Sender ATM number (E.164)", String, None;
    SRC_ATM_NUM_NSAP: "arp.src.atm_num_nsap", "Sender ATM number (NSAP)", Bytes, None;
    SRC_ATM_SUBADDR: "arp.src.atm_subaddr", "Sender ATM subaddress", Bytes, None;
    SRC_PROTO: "arp.src.proto", "Sender protocol address", Bytes, None;
    SRC_PROTO_IPV4: "arp.src.proto_ipv4", "Sender IP address", Ipv4, None;
    DST_HW: "arp.dst.hw", "Target hardware address", Bytes, None;
    DST_HW_MAC: "arp.dst.hw_mac", "Target MAC address", Ether, None;
    DST_ATM_NUM_E164: "arp.dst.atm_num_e164", "Target ATM number (E.164)", String, None;
    DST_ATM_NUM_NSAP: "arp.dst.atm_num_nsap", "Target ATM number (NSAP)", Bytes, None;
    DST_ATM_SUBADDR: "arp.dst.atm_subaddr", "Target ATM subaddress", Bytes, None;
    DST_PROTO: "arp.dst.proto", "Target protocol address", Bytes, None;
    DST_PROTO_IPV4: "arp.dst.proto_ipv4", "Target IP address", Ipv4, None;
    DST_DRARP_ERROR_STATUS: "arp.dst.drarp_error_status", "DRARP error status", UInt16, Dec, values &[(1, "restricted"), (2, "no address"), (3, "serverdown"), (4, "moved"), (5, "failure")];
    DUPLICATE_ADDRESS_FRAME: "arp.duplicate-address-frame", "Frame showing earlier use of IP address", FrameNum, None;
    SECONDS_SINCE_DUPLICATE_ADDRESS_FRAME: "arp.seconds-since-duplicate-address-frame", "Seconds since earlier frame seen", UInt32, Dec;
    SRC_ATM_DATA_COUNTRY_CODE: "arp.src.atm_data_country_code", "Data Country Code", UInt16, Hex;
    SRC_ATM_DATA_COUNTRY_CODE_GROUP: "arp.src.atm_data_country_code_group", "Data Country Code (group)", UInt16, Hex;
    SRC_ATM_HIGH_ORDER_DSP: "arp.src.atm_high_order_dsp", "High Order DSP", Bytes, None;
    SRC_ATM_END_SYSTEM_IDENTIFIER: "arp.src.atm_end_system_identifier", "End System Identifier", Bytes, None;
    SRC_ATM_SELECTOR: "arp.src.atm_selector", "Selector", UInt8, Hex;
    SRC_ATM_INTERNATIONAL_CODE_DESIGNATOR: "arp.src.atm_international_code_designator", "International Code Designator", UInt16, Hex;
    SRC_ATM_INTERNATIONAL_CODE_DESIGNATOR_GROUP: "arp.src.atm_international_code_designator_group", "International Code Designator (group)", UInt16, Hex;
    SRC_ATM_E164_ISDN: "arp.src.atm_e.164_isdn", "E.164 ISDN", Bytes, None;
    SRC_ATM_E164_ISDN_GROUP: "arp.src.atm_e.164_isdn_group", "E.164 ISDN", Bytes, None;
    SRC_ATM_REST_OF_ADDRESS: "arp.src.atm_rest_of_address", "Rest of address", Bytes, None;
    SRC_ATM_AFI: "arp.src.atm_afi", "AFI", UInt8, Hex, values &[(0x39, "DCC ATM format"), (0xbd, "DCC ATM group format"), (0x47, "ICD ATM format"), (0xc5, "ICD ATM group format"), (0x45, "E.164 ATM format"), (0xc3, "E.164 ATM group format")];
    DUPLICATE_ADDRESS_DETECTED: "arp.duplicate-address-detected", "Duplicate IP address configured", None, None;
    PACKET_STORM_DETECTED: "arp.packet-storm-detected", "ARP packet storm detected", None, None;
    SRC_ATM_AFI_UNKNOWN: "arp.src.atm_afi.unknown", "Unknown AFI", None, None;
}

/// ARP hardware types (IANA, plus the Linux values Linux cooked captures carry), shared with
/// `sll.hatype`.
pub static HARDWARE_TYPE_NAMES: &[(u64, &str)] = &[
    (0, "NET/ROM pseudo"),
    (1, "Ethernet"),
    (2, "Experimental Ethernet"),
    (3, "AX.25"),
    (4, "ProNET"),
    (5, "Chaos"),
    (6, "IEEE 802"),
    (7, "ARCNET"),
    (8, "Hyperchannel"),
    (9, "Lanstar"),
    (10, "Autonet Short Address"),
    (11, "Localtalk"),
    (12, "LocalNet"),
    (13, "Ultra link"),
    (14, "SMDS"),
    (15, "Frame Relay DLCI"),
    (16, "ATM"),
    (17, "HDLC"),
    (18, "Fibre Channel"),
    (19, "ATM (RFC 2225)"),
    (20, "Serial Line"),
    (21, "ATM"),
    (22, "MIL-STD-188-220"),
    (23, "Metricom STRIP"),
    (24, "IEEE 1394.1995"),
    (25, "MAPOS"),
    (26, "Twinaxial"),
    (27, "EUI-64"),
    (28, "HIPARP"),
    (29, "IP and ARP over ISO 7816-3"),
    (30, "ARPSec"),
    (31, "IPsec tunnel"),
    (32, "InfiniBand"),
    (33, "TIA-102 Project 25 CAI"),
    (34, "Wiegand Interface"),
    (35, "Pure IP"),
    (36, "Experimental 1"),
    (37, "HFI"),
    (256, "Experimental 2"),
    (257, "AEthernet"),
    (260, "Notional KISS type"),
    (264, "ADAPT"),
    (270, "ROSE"),
    (271, "CCITT X.25"),
    (272, "Boards with X.25 in firmware"),
    (280, "Controller Area Network"),
    (512, "PPP"),
    (513, "Cisco HDLC"),
    (516, "LAPB"),
    (517, "Digital's DDCMP protocol"),
    (518, "Raw HDLC"),
    (519, "Raw IP"),
    (768, "IPIP tunnel"),
    (769, "IP6IP6 tunnel"),
    (770, "Frame Relay Access Device"),
    (771, "SKIP vif"),
    (772, "Loopback"),
    (774, "Fiber Distributed Data Interface"),
    (775, "AP1000 BIF"),
    (776, "sit0 device - IPv6-in-IPv4"),
    (777, "IP over DDP tunneller"),
    (778, "GRE over IP"),
    (779, "PIMSM register interface"),
    (780, "High Performance Parallel Interface"),
    (781, "Nexus 64Mbps Ash"),
    (782, "Acorn Econet"),
    (783, "Linux-IrDA"),
    (784, "Point to point fibrechannel"),
    (785, "Fibrechannel arbitrated loop"),
    (786, "Fibrechannel public loop"),
    (787, "Fibrechannel fabric"),
    (800, "Magic type ident for TR"),
    (801, "IEEE 802.11"),
    (802, "IEEE 802.11 + Prism2 header"),
    (803, "IEEE 802.11 + radiotap header"),
    (804, "IEEE 802.15.4"),
    (805, "IEEE 802.15.4 network monitor"),
    (820, "PhoNet media type"),
    (821, "PhoNet pipe header"),
    (822, "CAIF media type"),
    (823, "GRE over IPv6"),
    (824, "Netlink"),
    (825, "IPv6 over LoWPAN"),
    (826, "Vsock monitor header"),
    (65534, "zero header length"),
    (65535, "Void type, nothing is known"),
];

/// Operation codes.
static OPCODE_NAMES: &[(u64, &str)] = &[
    (1, "request"),
    (2, "reply"),
    (3, "reverse request"),
    (4, "reverse reply"),
    (5, "drarp request"),
    (6, "drarp reply"),
    (7, "drarp error"),
    (8, "inverse request"),
    (9, "inverse reply"),
    (10, "arp nak"),
    (11, "mars request"),
    (12, "mars multi"),
    (13, "mars mserv"),
    (14, "mars join"),
    (15, "mars leave"),
    (16, "mars nak"),
    (17, "mars unserv"),
    (18, "mars sjoin"),
    (19, "mars sleave"),
    (20, "mars grouplist request"),
    (21, "mars gruoplist reply"),
    (22, "mars redirect map"),
    (23, "mapos unarp"),
    (24, "experimental 1"),
    (25, "experimental 2"),
    (0, "reserved"),
    (65535, "reserved"),
];

const REQUEST: u16 = 1;
const REPLY: u16 = 2;
const DRARP_ERROR: u16 = 7;

/// Which MAC address last claimed each IPv4 address, for duplicate detection across frames.
#[derive(Debug, Default)]
pub struct State {
    claims: HashMap<[u8; 4], Claim>,
}

#[derive(Debug, Clone, Copy)]
struct Claim {
    mac: [u8; 6],
    frame: u64,
    secs: i64,
}

/// An address found claimed by another MAC, with that earlier claim.
type Duplicate = ([u8; 4], Claim);

impl State {
    /// Records that `mac` uses `ip` in this frame; returns the earlier claim if another MAC made it
    /// (and then keeps the earlier claim, as Wireshark does).
    fn check(&mut self, ip: [u8; 4], mac: [u8; 6], frame: u64, secs: i64) -> Option<Claim> {
        match self.claims.get_mut(&ip) {
            Some(claim) => {
                if frame <= claim.frame {
                    None
                } else if claim.mac == mac {
                    claim.frame = frame;
                    claim.secs = secs;
                    None
                } else {
                    Some(*claim)
                }
            }
            None => {
                self.claims.insert(ip, Claim { mac, frame, secs });
                None
            }
        }
    }
}

fn is_ether(hrd: u16, hln: u8) -> bool {
    (hrd == 1 || hrd == 6) && hln == 6
}

fn is_ipv4(pro: u16, pln: u8) -> bool {
    // IPv4 by ethertype, or by AX.25 protocol id.
    (pro == 0x0800 || pro == 0xcc) && pln == 4
}

/// Hex without separators, cut at 36 bytes with an ellipsis, as Wireshark's bytes_to_str.
fn hex_str(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len().min(36) * 2 + 3);
    fields::format::write_hex(&b[..b.len().min(36)], &mut s);
    if b.len() > 36 {
        s.push('…');
    }
    s
}

fn hw_str(b: &[u8], hrd: u16) -> String {
    if b.is_empty() {
        "<No address>".into()
    } else if is_ether(hrd, b.len() as u8) {
        crate::protocols::fmt_mac(b.try_into().expect("six bytes"))
    } else {
        hex_str(b)
    }
}

fn proto_str(b: &[u8], pro: u16) -> String {
    if b.is_empty() {
        "<No address>".into()
    } else if is_ipv4(pro, b.len() as u8) {
        std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()
    } else {
        hex_str(b)
    }
}

/// ARP and RARP. Covers the ARP datagram only (its header says how long it is), so the layer below can
/// show what follows as padding and trailer.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_protocol("ARP");
    cx.set_info(format_args!(""));
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "arp", "", offset, avail.min(8));
    let Some(hrd) = read::be16(data, offset) else {
        cx.malformed(offset, "ARP header cut short");
        return avail;
    };
    cx.uint(top, HW_TYPE, offset, 2, hrd as u64);
    let Some(pro) = read::be16(data, offset + 2) else {
        cx.malformed(offset, "ARP header cut short");
        return avail;
    };
    cx.uint(top, PROTO_TYPE, offset + 2, 2, pro as u64);
    let Some(hln) = read::u8(data, offset + 4) else {
        cx.malformed(offset, "ARP header cut short");
        return avail;
    };
    cx.uint(top, HW_SIZE, offset + 4, 1, hln as u64);
    let Some(pln) = read::u8(data, offset + 5) else {
        cx.malformed(offset, "ARP header cut short");
        return avail;
    };
    cx.uint(top, PROTO_SIZE, offset + 5, 1, pln as u64);
    let Some(op) = read::be16(data, offset + 6) else {
        cx.malformed(offset, "ARP header cut short");
        return avail;
    };
    cx.uint(top, OPCODE, offset + 6, 2, op as u64);
    let (h, p) = (hln as usize, pln as usize);
    let total = 8 + 2 * h + 2 * p;
    if total > avail {
        cx.malformed(offset, "ARP addresses cut short");
        return avail;
    }
    let sha = offset + 8;
    let spa = sha + h;
    let tha = spa + p;
    let tpa = tha + h;
    let column = match op {
        3 | 4 => "RARP",
        5..=7 => "DRARP",
        8 | 9 => "Inverse ARP",
        11..=22 => "MARS",
        23 => "MAPOS",
        _ => "ARP",
    };
    cx.set_protocol(column);

    let duplicates = if (op == REQUEST || op == REPLY) && is_ether(hrd, hln) && is_ipv4(pro, pln) {
        check_duplicates(cx, data, sha, spa, tha, tpa, op)
    } else {
        (Vec::new(), None)
    };

    let spa_bytes = &data[spa..spa + p];
    let tpa_bytes = &data[tpa..tpa + p];
    let tha_zero = data.get(tha..tha + 6) == Some(&[0u8; 6][..]);
    let gratuitous = (op == REQUEST || op == REPLY) && p > 0 && spa_bytes == tpa_bytes;
    let announcement = gratuitous && op == REQUEST && tha_zero;
    let probe =
        !gratuitous && op == REQUEST && tha_zero && data.get(spa..spa + 4) == Some(&[0u8; 4][..]);

    if cx.tree.wants_columns() {
        let sha_s = || hw_str(&data[sha..sha + h], hrd);
        let tha_s = || hw_str(&data[tha..tha + h], hrd);
        let spa_s = || proto_str(spa_bytes, pro);
        let tpa_s = || proto_str(tpa_bytes, pro);
        let info = match op {
            REQUEST if announcement => format!("ARP Announcement for {}", tpa_s()),
            REQUEST if gratuitous => format!("Gratuitous ARP for {} (Request)", tpa_s()),
            REQUEST if probe => format!("Who has {}? (ARP Probe)", tpa_s()),
            REQUEST => format!("Who has {}? Tell {}", tpa_s(), spa_s()),
            REPLY if gratuitous => format!("Gratuitous ARP for {} (Reply)", spa_s()),
            REPLY => format!("{} is at {}", spa_s(), sha_s()),
            3 | 8 | 5 => format!("Who is {}? Tell {}", tha_s(), sha_s()),
            4 | 6 => format!("{} is at {}", tha_s(), tpa_s()),
            DRARP_ERROR => "DRARP Error".into(),
            9 => format!("{} is at {}", sha_s(), spa_s()),
            10 => "ARP NAK".into(),
            11..=23 => {
                let what = match op {
                    11 => "MARS request from",
                    12 => "MARS MULTI request from",
                    13 => "MARS MSERV request from",
                    14 => "MARS JOIN request from",
                    15 => "MARS LEAVE from",
                    16 => "MARS NAK from",
                    17 => "MARS UNSERV request from",
                    18 => "MARS SJOIN request from",
                    19 => "MARS SLEAVE from",
                    20 => "MARS grouplist request from",
                    21 => "MARS grouplist reply from",
                    22 => "MARS redirect map from",
                    _ => "MAPOS UNARP request from",
                };
                format!("{what} {} at {}", sha_s(), spa_s())
            }
            24 => format!("Experimental 1 ( opcode {op} )"),
            25 => format!("Experimental 2 ( opcode {op} )"),
            0 | 65535 => format!("Reserved opcode {op}"),
            _ => format!("Unknown ARP opcode 0x{op:04x}"),
        };
        cx.set_info(format_args!("{info}"));
    }

    if let Some(item) = cx.tree.item_mut(top) {
        item.len = total as u32;
    }
    if top.is_stored() {
        match fields::Strings::Values(OPCODE_NAMES).name_of(op as u64) {
            Some(name) => {
                let name = if probe {
                    "ARP Probe"
                } else if announcement {
                    "ARP Announcement"
                } else if gratuitous && op == REQUEST {
                    "request/gratuitous ARP"
                } else if gratuitous {
                    "reply/gratuitous ARP"
                } else {
                    name
                };
                cx.tree
                    .set_label(top, format_args!("Address Resolution Protocol ({name})"));
            }
            None => cx.tree.set_label(
                top,
                format_args!("Address Resolution Protocol (opcode 0x{op:04x})"),
            ),
        }
    }
    for (flag, field) in [
        (gratuitous, ISGRATUITOUS),
        (probe, ISPROBE),
        (announcement, ISANNOUNCEMENT),
    ] {
        if flag {
            cx.tree.add_generated(top, field, offset, 0, Value::UInt(1));
        }
    }
    let ether = is_ether(hrd, hln);
    let ipv4 = is_ipv4(pro, pln);
    let add_hw = |cx: &mut Cx, at: usize, mac_field, bytes_field| {
        if h == 0 {
        } else if ether {
            let m = read::array::<6>(data, at).expect("checked length");
            cx.tree.add(top, mac_field, at, 6, Value::Ether(m));
        } else {
            cx.tree.add(top, bytes_field, at, h, Value::Bytes);
        }
    };
    let add_proto = |cx: &mut Cx, at: usize, ipv4_field, bytes_field| {
        if p == 0 {
        } else if ipv4 {
            let a = read::array::<4>(data, at).expect("checked length");
            cx.tree.add(top, ipv4_field, at, 4, Value::Ipv4(a));
        } else {
            cx.tree.add(top, bytes_field, at, p, Value::Bytes);
        }
    };
    add_hw(cx, sha, SRC_HW_MAC, SRC_HW);
    add_proto(cx, spa, SRC_PROTO_IPV4, SRC_PROTO);
    add_hw(cx, tha, DST_HW_MAC, DST_HW);
    if op == DRARP_ERROR {
        if p != 0 {
            cx.uint(top, DST_DRARP_ERROR_STATUS, tpa, 1, data[tpa] as u64);
        }
    } else {
        add_proto(cx, tpa, DST_PROTO_IPV4, DST_PROTO);
    }

    let (found, reported) = duplicates;
    for (ip, earlier) in found {
        let f = cx.tree.add_generated(
            ItemIdx::ROOT,
            DUPLICATE_ADDRESS_FRAME,
            offset,
            0,
            Value::UInt(earlier.frame),
        );
        cx.expert(
            f,
            DUPLICATE_ADDRESS_DETECTED,
            crate::cx::Severity::Warning,
            crate::cx::Group::Sequence,
            format_args!(
                "Duplicate IP address configured ({})",
                std::net::Ipv4Addr::from(ip)
            ),
        );
        let seconds = (cx.meta.secs - earlier.secs) as u32;
        cx.tree.add_generated(
            ItemIdx::ROOT,
            SECONDS_SINCE_DUPLICATE_ADDRESS_FRAME,
            offset,
            0,
            Value::UInt(seconds as u64),
        );
    }
    if let Some(ip) = reported {
        cx.append_info(format_args!(
            " (duplicate use of {} detected!)",
            std::net::Ipv4Addr::from(ip)
        ));
    }
    total
}

/// Wireshark's duplicate address check: the sender's binding, then (for replies) the target's. Returns
/// every duplicate found (the address and its earlier claim), and the address the Info column reports: as in Wireshark, checking the target
/// decides that, so a duplicate found for the sender goes unreported when the target is checked.
fn check_duplicates(
    cx: &mut Cx,
    data: &[u8],
    sha: usize,
    spa: usize,
    tha: usize,
    tpa: usize,
    op: u16,
) -> (Vec<Duplicate>, Option<[u8; 4]>) {
    let frame = cx.meta.number;
    let secs = cx.meta.secs;
    let usable = |mac: [u8; 6], ip: [u8; 4]| mac[0] & 1 == 0 && mac != [0; 6] && ip != [0; 4];
    let mut found = Vec::new();
    let mut reported = None;
    let (Some(smac), Some(sip), Some(tmac), Some(tip)) = (
        read::array::<6>(data, sha),
        read::array::<4>(data, spa),
        read::array::<6>(data, tha),
        read::array::<4>(data, tpa),
    ) else {
        return (found, reported);
    };
    if usable(smac, sip)
        && let Some(earlier) = cx.state.arp.check(sip, smac, frame, secs)
    {
        found.push((sip, earlier));
        reported = Some(sip);
    }
    if usable(tmac, tip) && op != REQUEST && reported != Some(tip) {
        reported = None;
        if let Some(earlier) = cx.state.arp.check(tip, tmac, frame, secs) {
            found.push((tip, earlier));
            reported = Some(tip);
        }
    }
    (found, reported)
}

#[cfg(test)]
mod tests {
    use crate::testutil::{Frame, dissect, dissect_all};

    /// ppa/arp_resolution.pcapng frames 1 and 2 (the reply carries four bytes of trailer).
    const REQUEST: &str = "ffffffffffff0016ce6e8b240806 0001080006040001 0016ce6e8b24 c0a80072 \
        000000000000 c0a80001";
    const REPLY: &str = "0016ce6e8b240013460b22ba0806 0001080006040002 0013460b22ba c0a80001 \
        0016ce6e8b24 c0a80072 c0a80072";

    #[test]
    fn request_and_reply_as_tshark_shows_them() {
        let d = dissect(1, REQUEST);
        assert_eq!(d.protocols(), "eth:ethertype:arp");
        assert_eq!(d.protocol(), "ARP");
        assert_eq!(d.info(), "Who has 192.168.0.1? Tell 192.168.0.114");
        assert_eq!(d.field("arp.opcode"), "1");
        assert_eq!(d.field("arp.hw.type"), "1");
        assert_eq!(d.field("arp.proto.type"), "0x0800");
        assert_eq!(d.field("arp.src.hw_mac"), "00:16:ce:6e:8b:24");
        assert_eq!(d.field("arp.src.proto_ipv4"), "192.168.0.114");
        assert_eq!(d.field("arp.dst.hw_mac"), "00:00:00:00:00:00");
        assert_eq!(d.field("arp.dst.proto_ipv4"), "192.168.0.1");
        assert_eq!(d.tree.src_column, "00:16:ce:6e:8b:24");
        assert_eq!(d.tree.dst_column, "ff:ff:ff:ff:ff:ff");
        let d = dissect(1, REPLY);
        assert_eq!(d.info(), "192.168.0.1 is at 00:13:46:0b:22:ba");
        assert_eq!(d.field("arp.opcode"), "2");
        // A 46-byte frame: what follows the ARP datagram is trailer, not padding.
        assert_eq!(d.field("eth.trailer"), "c0a80072");
        assert!(!d.has("eth.padding"));
        assert!(!d.has("arp.isgratuitous"));
    }

    /// ppa/arp_gratuitous.pcapng frame 1: an announcement (request, target MAC zero, sender IP = target IP).
    #[test]
    fn announcement() {
        let d = dissect(
            1,
            "ffffffffffff000347b7f2f50806 0001080006040001 000347b7f2f5 18067d13 \
             000000000000 18067d13 000000000000000000000000000000000000",
        );
        assert_eq!(d.info(), "ARP Announcement for 24.6.125.19");
        assert_eq!(
            d.field("eth.padding"),
            "000000000000000000000000000000000000"
        );
        assert_eq!(d.field("arp.isgratuitous"), "1");
        assert_eq!(d.field("arp.isannouncement"), "1");
        assert!(!d.has("arp.isprobe"));
    }

    const H: &str = "ffffffffffff0011223344550806";

    #[test]
    fn probe_gratuitous_reply_and_other_opcodes() {
        let d = dissect(
            1,
            &format!("{H} 0001080006040001 001122334455 00000000 000000000000 c0a80105"),
        );
        assert_eq!(d.info(), "Who has 192.168.1.5? (ARP Probe)");
        assert_eq!(d.field("arp.isprobe"), "1");
        let d = dissect(
            1,
            &format!("{H} 0001080006040002 001122334455 c0a80105 ffffffffffff c0a80105"),
        );
        assert_eq!(d.info(), "Gratuitous ARP for 192.168.1.5 (Reply)");
        let d = dissect(
            1,
            &format!("{H} 0001080006040003 001122334455 c0a80101 000000000000 c0a80102"),
        );
        assert_eq!(d.protocol(), "RARP");
        assert_eq!(d.info(), "Who is 00:00:00:00:00:00? Tell 00:11:22:33:44:55");
        let d = dissect(
            1,
            &format!("{H} 000108000604001a 001122334455 c0a80101 000000000000 c0a80102"),
        );
        assert_eq!(d.info(), "Unknown ARP opcode 0x001a");
        let d = dissect(
            1,
            &format!("{H} 0001080006040007 001122334455 c0a80101 000000000000 03a80102"),
        );
        assert_eq!(d.protocol(), "DRARP");
        assert_eq!(d.field("arp.dst.drarp_error_status"), "3");
    }

    #[test]
    fn non_ethernet_and_non_ipv4_addresses() {
        let d = dissect(
            1,
            &format!(
                "{H} 000186dd06100001 001122334455 20010db8000000000000000000000001 \
                 000000000000 20010db8000000000000000000000002"
            ),
        );
        assert_eq!(
            d.info(),
            "Who has 20010db8000000000000000000000002? Tell 20010db8000000000000000000000001"
        );
        assert_eq!(d.field("arp.src.proto"), "20010db8000000000000000000000001");
        assert_eq!(d.field("arp.src.hw_mac"), "00:11:22:33:44:55");
        let d = dissect(1, &format!("{H} 0001080000000001"));
        assert_eq!(d.info(), "Who has <No address>? Tell <No address>");
        // tcpdump/arp-too-long-tha.pcap: 14-byte hardware addresses of an unknown hardware type.
        let d = dissect(
            1,
            "303030303030303030303030 88a8 3030 0806 3030 0800 0e04 0001 \
             3030303030303030303030303030 30303030 3030303030303030303030303030 30303030 3030",
        );
        assert_eq!(d.protocols(), "eth:ethertype:ieee8021ad:ethertype:arp");
        assert_eq!(d.info(), "Gratuitous ARP for 48.48.48.48 (Request)");
        assert_eq!(d.field("arp.src.hw"), "3030303030303030303030303030");
        assert_eq!(d.field("arp.hw.type"), "12336");
        assert_eq!(d.field("ieee8021ah.trailer"), "3030");
    }

    #[test]
    fn duplicate_addresses() {
        let frames = [
            format!("{H} 0001080006040002 00000000000a 0a000001 001122334455 0a000002"),
            format!("{H} 0001080006040002 00000000000b 0a000001 001122334455 0a000002"),
            format!("{H} 0001080006040001 00000000000b 0a000001 000000000000 0a000003"),
            format!("{H} 0001080006040002 00000000000c 0a000002 00000000000a 0a000001"),
        ];
        let frames: Vec<Frame> = frames
            .iter()
            .map(|hex| Frame {
                link_type: 1,
                hex,
                original_len: None,
            })
            .collect();
        let d = dissect_all(&frames);
        assert!(!d[0].has("arp.duplicate-address-frame"));
        assert_eq!(d[1].info(), "10.0.0.1 is at 00:00:00:00:00:0b");
        assert_eq!(d[1].field("arp.duplicate-address-frame"), "1");
        assert_eq!(d[1].field("arp.seconds-since-duplicate-address-frame"), "1");
        assert_eq!(d[1].field("arp.duplicate-address-detected"), "1");
        assert_eq!(
            d[2].info(),
            "Who has 10.0.0.3? Tell 10.0.0.1 (duplicate use of 10.0.0.1 detected!)"
        );
        assert_eq!(d[2].field("arp.duplicate-address-frame"), "1");
        assert_eq!(d[2].field("arp.seconds-since-duplicate-address-frame"), "2");
        assert_eq!(d[3].info(), "10.0.0.2 is at 00:00:00:00:00:0c");
        assert_eq!(d[3].field("arp.duplicate-address-frame"), "2");
    }

    #[test]
    fn cut_short_is_malformed() {
        let full = "0001080006040001001122334455c0a80101000000000000c0a80102";
        for cut in [2, 8, 20, 27] {
            let d = dissect(1, &format!("{H}{}", &full[..cut * 2]));
            assert_eq!(d.protocol(), "ARP", "{cut}");
            assert_eq!(d.info(), "[Malformed Packet]", "{cut}");
            assert!(d.has("arp.hw.type"), "{cut}");
            assert_eq!(d.has("arp.opcode"), cut >= 8, "{cut}");
            assert!(!d.has("arp.src.hw_mac"), "{cut}");
        }
        let d = dissect(1, &format!("{H}00"));
        assert!(d.has("_ws.malformed"));
    }
}

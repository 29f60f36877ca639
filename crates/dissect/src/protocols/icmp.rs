//! ICMP for IPv4 (RFC 792 and successors): type, code, checksum, the bodies of echo, timestamp, address
//! mask, router and redirect messages, and for error messages the quoted datagram, dissected as IPv4 without
//! touching the columns. Echo replies are matched to their request as Wireshark does in a single pass.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity, read};
use crate::protocols::{fold_checksum, ones_complement_sum};

fields::declare_protocol! {
    proto ICMP = super::ids::ICMP, "Internet Control Message Protocol", "ICMP", "icmp";
    TYPE: "icmp.type", "Type", UInt8, Dec;
    CODE: "icmp.code", "Code", UInt8, Dec;
    CHECKSUM: "icmp.checksum", "Checksum", UInt16, Hex;
    CHECKSUM_STATUS: "icmp.checksum.status", "Checksum Status", UInt8, None, values crate::protocols::ip::CHECKSUM_STATUS_NAMES;
    UNUSED: "icmp.unused", "Unused", Bytes, None;
    RESERVED: "icmp.reserved", "Reserved", Bytes, None;
    IDENT: "icmp.ident", "Identifier (BE)", UInt16, DecHex, blurb "Identifier (big endian representation)";
    IDENT_LE: "icmp.ident_le", "Identifier (LE)", UInt16, DecHex, blurb "Identifier (little endian representation)";
    SEQ: "icmp.seq", "Sequence Number (BE)", UInt16, DecHex, blurb "Sequence Number (big endian representation)";
    SEQ_LE: "icmp.seq_le", "Sequence Number (LE)", UInt16, DecHex, blurb "Sequence Number (little endian representation)";
    MTU: "icmp.mtu", "MTU of next hop", UInt16, Dec;
    NUM_ADDRS: "icmp.num_addrs", "Number of addresses", UInt8, Dec;
    ADDR_ENTRY_SIZE: "icmp.addr_entry_size", "Address entry size", UInt8, Dec;
    LIFETIME: "icmp.lifetime", "Lifetime", UInt16, Dec;
    POINTER: "icmp.pointer", "Pointer", UInt32, Dec;
    ROUTER_ADDRESS: "icmp.router_address", "Router address", Ipv4, None;
    PREF_LEVEL: "icmp.pref_level", "Preference level", Int32, Dec;
    ORIGINATE_TIMESTAMP: "icmp.originate_timestamp", "Originate Timestamp", UInt32, Dec;
    RECEIVE_TIMESTAMP: "icmp.receive_timestamp", "Receive Timestamp", UInt32, Dec;
    TRANSMIT_TIMESTAMP: "icmp.transmit_timestamp", "Transmit Timestamp", UInt32, Dec;
    ADDRESS_MASK: "icmp.address_mask", "Address Mask", Ipv4, None;
    REDIR_GW: "icmp.redir_gw", "Gateway Address", Ipv4, None;
    EXT: "icmp.ext", "ICMP Extensions", None, None;
    EXT_VERSION: "icmp.ext.version", "Version", UInt8, Dec;
    EXT_RES: "icmp.ext.res", "Reserved", UInt16, Hex, mask 0x0fff;
    EXT_CHECKSUM: "icmp.ext.checksum", "Checksum", UInt16, Hex;
    EXT_CHECKSUM_STATUS: "icmp.ext.checksum.status", "Checksum Status", UInt8, None, values crate::protocols::ip::CHECKSUM_STATUS_NAMES;
    EXT_LENGTH: "icmp.ext.length", "Length", UInt16, Dec;
    EXT_CLASS: "icmp.ext.class", "Class", UInt8, Dec, values EXT_CLASS_NAMES;
    EXT_CTYPE: "icmp.ext.ctype", "C-Type", UInt8, Dec;
    EXT_DATA: "icmp.ext.data", "Data", Bytes, None;
    EXT_ECHO_SEQ: "icmp.ext.echo.seq", "Sequence Number", UInt8, DecHex;
    EXT_ECHO_REQ_RES: "icmp.ext.echo.req.res", "Reserved", UInt8, Hex, mask 0xfe;
    EXT_ECHO_REQ_LOCAL: "icmp.ext.echo.req.local", "Local bit", Boolean, Bits(8), mask 0x01;
    EXT_ECHO_RSP_STATE: "icmp.ext.echo.rsp.state", "State", UInt8, Dec, mask 0xe0, values &[(0, "Reserved"), (1, "Incomplete"), (2, "Reachable"), (3, "Stale"), (4, "Delay"), (5, "Probe"), (6, "Failed")];
    EXT_ECHO_RSP_RES: "icmp.ext.echo.rsp.res", "Reserved", UInt8, Hex, mask 0x18;
    EXT_ECHO_RSP_ACTIVE: "icmp.ext.echo.rsp.active", "Active bit", Boolean, Bits(8), mask 0x04;
    EXT_ECHO_RSP_IPV4: "icmp.ext.echo.rsp.ipv4", "IPv4 bit", Boolean, Bits(8), mask 0x02;
    EXT_ECHO_RSP_IPV6: "icmp.ext.echo.rsp.ipv6", "IPv6 bit", Boolean, Bits(8), mask 0x01;
    MPLS_LABEL: "icmp.mpls.label", "Label", UInt24, Dec, mask 0xfffff0;
    MPLS_EXP: "icmp.mpls.exp", "Experimental", UInt24, Dec, mask 0x00000e;
    MPLS_S: "icmp.mpls.s", "Stack bit", Boolean, Bits(24), mask 0x000001;
    MPLS_TTL: "icmp.mpls.ttl", "Time to live", UInt8, Dec;
    MPLS_DATA: "icmp.mpls.data", "Data", Bytes, None;
    INT_INFO_ROLE: "icmp.int_info.role", "Interface Role", UInt8, Dec, mask 0xc0, values INTERFACE_ROLE_NAMES;
    INT_INFO_RESERVED: "icmp.int_info.reserved", "Reserved", UInt8, Dec, mask 0x30;
    INT_INFO_IFINDEX: "icmp.int_info.ifindex", "ifIndex", Boolean, Bits(8), mask 0x08, tf ("True", "False");
    INT_INFO_IPADDR: "icmp.int_info.ipaddr", "IP Address", Boolean, Bits(8), mask 0x04, tf ("Present", "Not Present");
    INT_INFO_NAME_PRESENT: "icmp.int_info.name_present", "Interface Name", Boolean, Bits(8), mask 0x02, tf ("Present", "Not Present");
    INT_INFO_MTU_PRESENT: "icmp.int_info.mtu_present", "MTU", Boolean, Bits(8), mask 0x01, tf ("Present", "Not Present");
    INT_INFO_INDEX: "icmp.int_info.index", "Interface Index", UInt32, Dec;
    INT_INFO_AFI: "icmp.int_info.afi", "Address Family Identifier", UInt16, Dec;
    INT_INFO_IPV4: "icmp.int_info.ipv4", "Source", Ipv4, None;
    INT_INFO_IPV6: "icmp.int_info.ipv6", "Source", Ipv6, None;
    INT_INFO_NAME_LENGTH: "icmp.int_info.name_length", "Name Length", UInt8, Dec;
    INT_INFO_NAME: "icmp.int_info.name", "Name", String, None;
    INT_INFO_MTU: "icmp.int_info.mtu", "Maximum Transmission Unit", UInt32, Dec;
    INT_IDENT_NAME: "icmp.int_ident.name", "Name", String, None;
    INT_IDENT_INDEX: "icmp.int_ident.index", "Interface Index", UInt32, Dec;
    INT_IDENT_AFI: "icmp.int_ident.afi", "Address Family Identifier", UInt16, Dec, values ADDRESS_FAMILY_NAMES, blurb "Address Family of the interface address";
    INT_IDENT_ADDR_LENGTH: "icmp.int_ident.addr_length", "Address Length", UInt8, Dec;
    INT_IDENT_RESERVED: "icmp.int_ident.reserved", "Reserved", Bytes, None;
    INT_IDENT_IPV4: "icmp.int_ident.ipv4", "Address", Ipv4, None;
    INT_IDENT_IPV6: "icmp.int_ident.ipv6", "Address", Ipv6, None;
    INT_IDENT_ADDRESS: "icmp.int_ident.address", "Address", Bytes, None;
    RESP_IN: "icmp.resp_in", "Response frame", FrameNum, None, blurb "The frame number of the corresponding response";
    NO_RESP: "icmp.no_resp", "No response seen", None, None, blurb "No corresponding response frame was seen";
    RESP_NOT_FOUND: "icmp.resp_not_found", "Response not found", None, None;
    RESP_TO: "icmp.resp_to", "Request frame", FrameNum, None, blurb "The frame number of the corresponding request";
    RESPTIME: "icmp.resptime", "Response time", Double, None, unit "ms", blurb "The time between the request and the response, in ms.";
    DATA_TIME: "icmp.data_time", "Timestamp from icmp data", AbsoluteTime, None, blurb "The timestamp in the first 8 bytes of the icmp data";
    DATA_TIME_RELATIVE: "icmp.data_time_relative", "Timestamp from icmp data (relative)", RelativeTime, None, blurb "The timestamp of the packet, relative to the timestamp in the first 8 bytes of the icmp data";
    LENGTH: "icmp.length", "Length", UInt8, Dec, blurb "The length of the original datagram";
    LENGTH_ORIGINAL_DATAGRAM: "icmp.length.original_datagram", "Length of original datagram", UInt8, Dec, blurb "The length of the original datagram (length * 4)";
    CHECKSUM_BAD: "icmp.checksum_bad", "Bad checksum", None, None;
    EXT_CHECKSUM_BAD: "icmp.ext.checksum_bad", "Bad checksum", None, None;
}

/// Classes of extension objects (IANA's ICMP Extension Object Classes) that Wireshark reads.
const EXT_CLASS_NAMES: &[(u64, &str)] = &[
    (1, "MPLS Label Stack Class"),
    (2, "Interface Information Object"),
    (3, "Interface Identification Object"),
];

/// RFC 5837's interface roles, as tshark 4.0 names them.
const INTERFACE_ROLE_NAMES: &[(u64, &str)] = &[
    (0, "IP interface upon which datagram arrived"),
    (
        1,
        "sub-IP component of an IP interface upon which datagram arrived",
    ),
    (2, "IP interface through which datagram would be forwarded"),
    (3, "IP next-hop to which datagram would be forwarded"),
];

/// IANA's address family numbers, as tshark 4.0 names them (`tshark -G values`, `icmp.int_ident.afi`).
const ADDRESS_FAMILY_NAMES: &[(u64, &str)] = &[
    (0, "Reserved"),
    (1, "IPv4"),
    (2, "IPv6"),
    (3, "NSAP"),
    (4, "HDLC (8-bit multidrop)"),
    (5, "BBN 1822"),
    (6, "802 (includes all 802 media plus Ethernet)"),
    (7, "E.163"),
    (8, "E.164 (SMDS, Frame Relay, ATM)"),
    (9, "F.69 (Telex)"),
    (10, "X.121 (X.25, Frame Relay)"),
    (11, "IPX"),
    (12, "Appletalk"),
    (13, "Decnet IV"),
    (14, "Banyan Vines"),
    (15, "E.164 with NSAP subaddress"),
    (16, "DNS (Domain Name System)"),
    (17, "Distinguished Name"),
    (18, "AS Number"),
    (19, "XTP over IP version 4"),
    (20, "XTP over IP version 6"),
    (21, "XTP native mode XTP"),
    (22, "Fibre Channel World-Wide Port Name"),
    (23, "Fibre Channel World-Wide Node Name"),
    (24, "GWID"),
    (25, "Layer-2 VPN"),
    (196, "Layer-2 VPN (old)"),
    (26, "MPLS-TP Section Endpoint Identifier"),
    (27, "MPLS-TP LSP Endpoint Identifier"),
    (28, "MPLS-TP Pseudowire Endpoint Identifier"),
    (29, "MT IP: Multi-Topology IP version 4"),
    (30, "MT IPv6: Multi-Topology IP version 6"),
    (16384, "EIGRP Common Service Family"),
    (16385, "EIGRP IPv4 Service Family"),
    (16386, "EIGRP IPv6 Service Family"),
    (16387, "LISP Canonical Address Format (LCAF)"),
    (16388, "BGP-LS"),
    (16389, "48-bit MAC Address"),
    (16390, "64-bit MAC Address"),
    (16391, "OUI"),
    (16392, "MAC/24"),
    (16393, "MAC/40"),
    (16394, "IPv6/64"),
    (16395, "RBridge Port ID"),
    (16396, "TRILL Nickname"),
    (65535, "Reserved"),
];

/// Type names as Wireshark shows them in the Info column and the tree.
fn type_name(t: u8) -> &'static str {
    match t {
        0 => "Echo (ping) reply",
        1 | 2 => "Reserved",
        3 => "Destination unreachable",
        4 => "Source quench (flow control)",
        5 => "Redirect",
        6 => "Alternate host address",
        8 => "Echo (ping) request",
        9 => "Router advertisement",
        10 => "Router solicitation",
        11 => "Time-to-live exceeded",
        12 => "Parameter problem",
        13 => "Timestamp request",
        14 => "Timestamp reply",
        15 => "Information request",
        16 => "Information reply",
        17 => "Address mask request",
        18 => "Address mask reply",
        19 => "Reserved (for security)",
        30 => "Traceroute",
        31 => "Datagram Conversion Error",
        32 => "Mobile Host Redirect",
        33 => "IPv6 Where-Are-You",
        34 => "IPv6 I-Am-Here",
        35 => "Mobile Registration Request",
        36 => "Mobile Registration Reply",
        37 => "Domain Name Request",
        38 => "Domain Name Reply",
        39 => "SKIP",
        40 => "Photuris",
        41 => "Experimental mobility protocols",
        42 => "Extended Echo request",
        43 => "Extended Echo reply",
        _ => "Unknown ICMP (obsolete or malformed?)",
    }
}

/// Code names for the types whose codes have names (`None`: the type shows no code).
fn code_name(t: u8, code: u8) -> Option<Option<&'static str>> {
    let names: &[&str] = match t {
        3 => &[
            "Network unreachable",
            "Host unreachable",
            "Protocol unreachable",
            "Port unreachable",
            "Fragmentation needed",
            "Source route failed",
            "Destination network unknown",
            "Destination host unknown",
            "Source host isolated",
            "Network administratively prohibited",
            "Host administratively prohibited",
            "Network unreachable for TOS",
            "Host unreachable for TOS",
            "Communication administratively filtered",
            "Host precedence violation",
            "Precedence cutoff in effect",
        ],
        5 => &[
            "Redirect for network",
            "Redirect for host",
            "Redirect for TOS and network",
            "Redirect for TOS and host",
        ],
        6 => &["Alternate address for host"],
        9 => {
            return Some(match code {
                0 => Some("Normal router advertisement"),
                16 => Some("Does not route common traffic"),
                _ => None,
            });
        }
        11 => &[
            "Time to live exceeded in transit",
            "Fragment reassembly time exceeded",
        ],
        12 => &[
            "Pointer indicates the error",
            "Required option missing",
            "Bad length",
        ],
        40 => &[
            "Bad SPI",
            "Authentication Failed",
            "Decompression Failed",
            "Decryption Failed",
            "Need Authentication",
            "Need Authorization",
        ],
        42 => &["No error"],
        43 => &[
            "No error",
            "Malformed Query",
            "No Such Interface",
            "No Such Table Entry",
            "Multiple Interfaces Satisfy Query",
        ],
        _ => return None,
    };
    Some(names.get(code as usize).copied())
}

/// Echo requests waiting for their reply, ICMP and ICMPv6 alike: keyed by the two addresses (either
/// order), identifier and sequence number. Bounded: the oldest requests are forgotten past
/// [`EchoTable::MAX`].
#[derive(Debug, Default)]
pub struct EchoTable {
    pending: HashMap<EchoKey, Request>,
    order: VecDeque<(EchoKey, u64)>,
}

/// Which echo exchange a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EchoKey {
    low: IpAddr,
    high: IpAddr,
    ident: u16,
    seq: u16,
}

impl EchoKey {
    /// The key of an exchange between `a` and `b` (in either direction).
    pub fn new(a: IpAddr, b: IpAddr, ident: u16, seq: u16) -> EchoKey {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        EchoKey {
            low,
            high,
            ident,
            seq,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Request {
    frame: u64,
    time_ns: i128,
    answered: bool,
}

/// A reply matched to its request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matched {
    pub request_frame: u64,
    /// Milliseconds from request to reply.
    pub response_ms: f64,
}

impl EchoTable {
    /// Requests remembered at most.
    pub const MAX: usize = 65536;

    /// Records a request (a repeated one replaces the earlier).
    pub fn request(&mut self, key: EchoKey, frame: u64, time_ns: i128) {
        if self.pending.len() >= Self::MAX {
            while let Some((k, f)) = self.order.pop_front() {
                if self.pending.get(&k).is_some_and(|r| r.frame == f) {
                    self.pending.remove(&k);
                    break;
                }
            }
        }
        self.pending.insert(
            key,
            Request {
                frame,
                time_ns,
                answered: false,
            },
        );
        self.order.push_back((key, frame));
        if self.order.len() > 2 * self.pending.len() + 64 {
            let pending = &self.pending;
            self.order
                .retain(|(k, f)| pending.get(k).is_some_and(|r| r.frame == *f));
        }
    }

    /// Matches a reply to the latest unanswered request with the same key.
    pub fn reply(&mut self, key: EchoKey, time_ns: i128) -> Option<Matched> {
        let r = self.pending.get_mut(&key)?;
        if r.answered {
            return None;
        }
        r.answered = true;
        let delta = time_ns - r.time_ns;
        let secs = delta.div_euclid(1_000_000_000);
        let nanos = delta.rem_euclid(1_000_000_000);
        Some(Matched {
            request_frame: r.frame,
            response_ms: secs as f64 * 1000.0 + nanos as f64 / 1_000_000.0,
        })
    }
}

/// The frame's arrival time in nanoseconds since the epoch.
pub(crate) fn frame_time_ns(cx: &Cx) -> i128 {
    cx.meta.secs as i128 * 1_000_000_000 + cx.meta.nanos as i128
}

/// What a quoted datagram saves of the packet's columns and addresses, restored after it.
pub(crate) struct SavedColumns {
    protocol: String,
    info: String,
    src: String,
    dst: String,
    net: Option<crate::cx::NetInfo>,
}

/// Enters the quoted datagram of an error message: columns are left as the error message set them, and
/// (as Wireshark catches exceptions there) a quoted datagram cut short is not reported.
pub(crate) fn enter_error(cx: &mut Cx) -> SavedColumns {
    cx.in_error += 1;
    SavedColumns {
        protocol: cx.tree.protocol_column.clone(),
        info: cx.tree.info.clone(),
        src: cx.tree.src_column.clone(),
        dst: cx.tree.dst_column.clone(),
        net: cx.net,
    }
}

/// Leaves the quoted datagram: the columns and network information come back as they were.
pub(crate) fn leave_error(cx: &mut Cx, saved: SavedColumns) {
    cx.in_error -= 1;
    cx.tree.protocol_column = saved.protocol;
    cx.tree.info = saved.info;
    cx.tree.src_column = saved.src;
    cx.tree.dst_column = saved.dst;
    cx.net = saved.net;
}

/// Sets the Protocol column unless inside a quoted datagram.
fn column_protocol(cx: &mut Cx, name: &str) {
    if cx.in_error == 0 {
        cx.set_protocol(name);
    }
}

/// ICMP at `offset`: the header, the body its type calls for, the quoted datagram of error messages.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    if cx.in_error > 0 && avail < 6 {
        // Quoted in an error message, a message too short for its header leaves no trace (Wireshark
        // catches the exception there), but still ends the dissection of the quoting message.
        cx.suppressed_errors += 1;
        return 0;
    }
    cx.tree.layers.push("icmp");
    column_protocol(cx, "ICMP");
    let parent = cx.layer_parent(parent);
    let top = cx
        .tree
        .add(parent, PROTOCOL_FIELD, offset, avail, Value::None);
    if cx.in_error == 0 {
        cx.set_info(format_args!(""));
    }
    // Wireshark reads the first six bytes before showing any field.
    let (Some(t), Some(code), true) = (
        read::u8(data, offset),
        read::u8(data, offset + 1),
        avail >= 6,
    ) else {
        cx.cut_short(offset, data.len(), "ICMP");
        return avail;
    };
    let ti = cx.uint(top, TYPE, offset, 1, t as u64);
    cx.tree
        .set_label(ti, format_args!("Type: {t} ({})", type_name(t)));
    let ci = cx.uint(top, CODE, offset + 1, 1, code as u64);
    match code_name(t, code) {
        Some(Some(n)) => cx.tree.set_label(ci, format_args!("Code: {code} ({n})")),
        Some(None) => cx
            .tree
            .set_label(ci, format_args!("Code: {code} (Unknown code: {code})")),
        None => {}
    }
    // The Info column names the type, padded as Wireshark pads it, and the code where codes have names.
    if cx.in_error == 0 && cx.tree.wants_columns() {
        let name = type_name(t);
        match code_name(t, code) {
            Some(Some(c)) => cx.set_info(format_args!("{name:<20} ({c})")),
            Some(None) => cx.set_info(format_args!("{name:<20} (Unknown code: {code})")),
            None => cx.set_info(format_args!("{name:<20}")),
        }
    }
    let Some(checksum) = read::be16(data, offset + 2) else {
        cx.cut_short(offset, data.len(), "ICMP");
        return avail;
    };
    let item = cx.uint(top, CHECKSUM, offset + 2, 2, checksum as u64);
    // Wireshark checks the checksum when the whole message was captured, except in a quoted datagram.
    let whole = !cx.lost_to_snaplen(data.len());
    let verdict = if cx.in_error > 0 {
        ChecksumVerdict::InError
    } else if !whole {
        ChecksumVerdict::NotWhole
    } else {
        let msg = &data[offset..];
        let sum = ones_complement_sum(ones_complement_sum(0, &msg[..2]), &msg[4..]);
        ChecksumVerdict::of(checksum, sum)
    };
    checksum_notes(
        cx,
        top,
        item,
        offset + 2,
        checksum,
        verdict,
        (CHECKSUM_STATUS, CHECKSUM_BAD),
    );
    let body = offset + 4;
    match t {
        0 | 8 | 13 | 14 | 15 | 16 | 17 | 18 => {
            let Some(ident) = read::be16(data, body) else {
                cx.cut_short(body, data.len(), "ICMP");
                return avail;
            };
            cx.uint(top, IDENT, body, 2, ident as u64);
            cx.uint(top, IDENT_LE, body, 2, ident.swap_bytes() as u64);
            let Some(seq) = read::be16(data, body + 2) else {
                cx.cut_short(body + 2, data.len(), "ICMP");
                return avail;
            };
            cx.uint(top, SEQ, body + 2, 2, seq as u64);
            cx.uint(top, SEQ_LE, body + 2, 2, seq.swap_bytes() as u64);
            if cx.in_error == 0 && cx.tree.wants_columns() {
                let ttl = cx.net.map(|n| n.ttl);
                let name = type_name(t);
                cx.set_info(format_args!(
                    "{name:<20} id=0x{ident:04x}, seq={seq}/{}",
                    seq.swap_bytes()
                ));
                if let Some(ttl) = ttl {
                    cx.append_info(format_args!(", ttl={ttl}"));
                }
            }
            let rest = body + 4;
            match t {
                0 | 8 => {
                    // Wireshark tracks requests only with code 0, but looks every request up in its
                    // second pass (where an untracked one has "no response found!").
                    echo_match(cx, top, offset, t == 8, t == 0 || code == 0, ident, seq);
                    echo_data(cx, data, rest, top);
                }
                13 | 14 => {
                    for (i, f) in [ORIGINATE_TIMESTAMP, RECEIVE_TIMESTAMP, TRANSMIT_TIMESTAMP]
                        .into_iter()
                        .enumerate()
                    {
                        let Some(v) = read::be32(data, rest + 4 * i) else {
                            cx.cut_short(rest + 4 * i, data.len(), "ICMP");
                            return avail;
                        };
                        cx.uint(top, f, rest + 4 * i, 4, v as u64);
                    }
                }
                17 | 18 => {
                    let Some(m) = read::array::<4>(data, rest) else {
                        cx.cut_short(rest, data.len(), "ICMP");
                        return avail;
                    };
                    cx.tree.add(top, ADDRESS_MASK, rest, 4, Value::Ipv4(m));
                }
                _ => {}
            }
        }
        3 | 4 | 5 | 11 | 12 => {
            error_message(cx, data, offset, t, code, top);
        }
        9 => router_advertisement(cx, data, body, top),
        42 | 43 => extended_echo(cx, data, body, t == 42, top),
        // Other types: Wireshark shows nothing after the checksum.
        _ => {}
    }
    avail
}

/// Records a request, or matches a reply and shows the match (`icmp.resp_to`, `icmp.resptime`).
fn echo_match(
    cx: &mut Cx,
    top: ItemIdx,
    offset: usize,
    request: bool,
    tracked: bool,
    ident: u16,
    seq: u16,
) {
    if cx.in_error > 0 {
        return;
    }
    let Some(net) = cx.net else {
        return;
    };
    let key = EchoKey::new(net.src, net.dst, ident, seq);
    let now = frame_time_ns(cx);
    if request {
        if tracked {
            let number = cx.meta.number;
            cx.state.echo.request(key, number, now);
        }
        if let Some(reply) = second_pass_reply(cx, key) {
            match reply {
                Some(frame) => {
                    cx.tree
                        .add_generated(top, RESP_IN, offset, 0, Value::UInt(frame));
                    cx.append_info(format_args!(" (reply in {frame})"));
                }
                None => {
                    let item = cx.tree.add_generated(top, NO_RESP, offset, 0, Value::None);
                    cx.expert(
                        item,
                        RESP_NOT_FOUND,
                        Severity::Warning,
                        Group::Sequence,
                        format_args!("No response seen to ICMP request"),
                    );
                    cx.append_info(format_args!(" (no response found!)"));
                }
            }
        }
    } else if let Some(m) = cx.state.echo.reply(key, now) {
        record_reply(cx, key, m.request_frame);
        cx.tree
            .add_generated(top, RESP_TO, offset, 0, Value::UInt(m.request_frame));
        response_time(cx, top, RESPTIME, offset, m.response_ms);
        cx.append_info(format_args!(" (request in {})", m.request_frame));
    }
}

/// The generated response time of an echo reply (ICMP's or ICMPv6's `field`), in milliseconds: its
/// value is tshark's "%g" (`-T fields`: 0.95), its label "%.3f ms" (0.950 ms).
pub(crate) fn response_time(cx: &mut Cx, top: ItemIdx, field: FieldId, at: usize, ms: f64) {
    let it = cx.tree.add_generated(top, field, at, 0, Value::Double(ms));
    let name = crate::registry().field(field).name;
    cx.tree.set_label(it, format_args!("{name}: {ms:.3} ms"));
}

/// In the first pass of a two-pass run, remembers which frame answered the request, for the request's
/// `resp_in` in the second pass.
pub(crate) fn record_reply(cx: &mut Cx, key: EchoKey, request_frame: u64) {
    let reply_frame = cx.meta.number;
    if let crate::Pass::First(l) = &mut cx.state.pass {
        l.record_reply(key, request_frame, reply_frame);
    }
}

/// In the second pass of a two-pass run, the frame that answered this request (`Some(None)`: none did);
/// `None` in a single pass or the first, where Wireshark shows neither, not having seen the later frames.
pub(crate) fn second_pass_reply(cx: &Cx, key: EchoKey) -> Option<Option<u64>> {
    match &cx.state.pass {
        crate::Pass::Second(l) => Some(l.echo_replies.get(&(key, cx.meta.number)).copied()),
        _ => None,
    }
}

/// The data of an echo message: a timestamp in its first 8 bytes when it looks like one (seconds within a
/// day of the frame's time, big- or little-endian, then microseconds), then the rest as data.
fn echo_data(cx: &mut Cx, data: &[u8], o: usize, top: ItemIdx) {
    if data.len() <= o {
        return;
    }
    let mut rest = o;
    if data.len() >= o + 8
        && let Some((secs, usec)) = guess_timestamp(cx.meta.secs, &data[o..o + 8])
    {
        cx.tree.add(
            top,
            DATA_TIME,
            o,
            8,
            Value::AbsTime {
                secs,
                nanos: usec * 1000,
            },
        );
        let ts = secs as i128 * 1_000_000_000 + usec as i128 * 1000;
        let rel = frame_time_ns(cx) - ts;
        cx.tree
            .add_generated(top, DATA_TIME_RELATIVE, o, 8, Value::RelTime(rel as i64));
        rest = o + 8;
    }
    cx.within(top, |cx| {
        crate::protocols::data::dissect(cx, data, rest, top)
    });
}

/// Seconds and microseconds of a timestamp in `b` (8 bytes) close to `frame_secs`, big-endian first.
fn guess_timestamp(frame_secs: i64, b: &[u8]) -> Option<(i64, u32)> {
    let be = (
        u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
    );
    let le = (
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        u32::from_le_bytes([b[4], b[5], b[6], b[7]]),
    );
    [be, le].into_iter().find_map(|(secs, usec)| {
        ((secs as i64 - frame_secs).abs() < 86_400 && usec < 1_000_000)
            .then_some((secs as i64, usec))
    })
}

/// Destination unreachable, source quench, redirect, time exceeded, parameter problem: the word after the
/// checksum, then the quoted datagram, and RFC 4884 extensions after it where the length field (or, without
/// one, a quoted datagram shorter than 128 bytes followed by more bytes) says they are.
fn error_message(cx: &mut Cx, data: &[u8], offset: usize, t: u8, code: u8, top: ItemIdx) {
    let body = offset + 4;
    // The dissector was entered with at least six bytes: the word after the checksum is shown as far as
    // it goes.
    let length = data[body + 1];
    let has_length = matches!(t, 3 | 11 | 12) && length != 0;
    let whole_word = data.len() >= body + 4;
    match t {
        5 if whole_word => {
            let gw = read::array::<4>(data, body).unwrap_or_default();
            cx.tree.add(top, REDIR_GW, body, 4, Value::Ipv4(gw));
        }
        12 => {
            cx.uint(top, POINTER, body, 1, data[body] as u64);
            if has_length {
                add_length(cx, body + 1, length, top);
                if whole_word {
                    cx.tree.add(top, UNUSED, body + 2, 2, Value::Bytes);
                }
            } else if whole_word {
                cx.tree.add(top, UNUSED, body + 1, 3, Value::Bytes);
            }
        }
        3 | 11 => {
            let mtu = t == 3 && code == 4;
            if has_length {
                cx.tree.add(top, UNUSED, body, 1, Value::Bytes);
                add_length(cx, body + 1, length, top);
            } else if mtu {
                cx.tree.add(top, UNUSED, body, 2, Value::Bytes);
            }
            if whole_word {
                if mtu {
                    let v = read::be16(data, body + 2).unwrap_or(0);
                    cx.uint(top, MTU, body + 2, 2, v as u64);
                } else if has_length {
                    cx.tree.add(top, UNUSED, body + 2, 2, Value::Bytes);
                } else {
                    cx.tree.add(top, UNUSED, body, 4, Value::Bytes);
                }
            }
        }
        _ => {}
    }
    if !whole_word {
        cx.cut_short(body, data.len(), "ICMP");
        return;
    }
    let quoted = body + 4;
    if quoted >= data.len() {
        return;
    }
    let quoted_len = data.len() - quoted;
    let original = if has_length {
        Some(length as usize * 4)
    } else {
        let inner_len = read::be16(data, quoted + 2).map_or(usize::MAX, |l| l as usize);
        (quoted_len > 128 && inner_len <= 128).then_some(128)
    };
    // A quoted datagram shorter than its own total length ends the dissection of the message as an error
    // inside it would (Wireshark's exception there is caught).
    let inner_total = read::be16(data, quoted + 2).map_or(usize::MAX, |l| l as usize);
    let saved = enter_error(cx);
    let errors_before = cx.suppressed_errors;
    match original {
        Some(len) if len <= quoted_len => {
            cx.within(top, |cx| {
                crate::protocols::ip::dissect(cx, &data[..quoted + len], quoted, top)
            });
            leave_error(cx, saved);
            if cx.suppressed_errors != errors_before || inner_total > len {
                // The quoted datagram raised an error, which ends the message's dissection.
            } else if quoted_len - len >= 4 {
                extensions(cx, data, quoted + len, top);
            } else if quoted_len > len {
                // Too short for an extension header: Wireshark shows the extension item alone.
                cx.tree
                    .add(top, EXT, quoted + len, quoted_len - len, Value::None);
            }
        }
        Some(_) => {
            // The length points past the message: the first 128 bytes are taken for the quoted
            // datagram, and any byte beyond them makes reading the extensions fail.
            let inner_end = quoted + quoted_len.min(128);
            cx.within(top, |cx| {
                crate::protocols::ip::dissect(cx, &data[..inner_end], quoted, top)
            });
            leave_error(cx, saved);
            if cx.suppressed_errors == errors_before && quoted_len > 128 {
                cx.malformed(data.len(), "ICMP");
            }
        }
        None => {
            cx.within(top, |cx| {
                crate::protocols::ip::dissect(cx, data, quoted, top)
            });
            leave_error(cx, saved);
        }
    }
}

/// Extended echo request or reply (RFC 8335): identifier, sequence number, flags, then (requests) the
/// extension structure naming the interface probed.
fn extended_echo(cx: &mut Cx, data: &[u8], body: usize, request: bool, top: ItemIdx) {
    let (Some(ident), Some(seq), Some(flags)) = (
        read::be16(data, body),
        read::u8(data, body + 2),
        read::u8(data, body + 3),
    ) else {
        cx.cut_short(body, data.len(), "ICMP");
        return;
    };
    cx.uint(top, IDENT, body, 2, ident as u64);
    cx.uint(top, IDENT_LE, body, 2, ident.swap_bytes() as u64);
    cx.uint(top, EXT_ECHO_SEQ, body + 2, 1, seq as u64);
    let fields: &[fields::FieldId] = if request {
        &[EXT_ECHO_REQ_RES, EXT_ECHO_REQ_LOCAL]
    } else {
        &[
            EXT_ECHO_RSP_STATE,
            EXT_ECHO_RSP_RES,
            EXT_ECHO_RSP_ACTIVE,
            EXT_ECHO_RSP_IPV4,
            EXT_ECHO_RSP_IPV6,
        ]
    };
    for f in fields {
        cx.bits(top, *f, body + 3, 1, flags as u64);
    }
    if request && data.len() >= body + 8 {
        extensions(cx, data, body + 4, top);
    }
}

/// RFC 4884's length of the original datagram in 32-bit words, and the length in bytes it gives.
fn add_length(cx: &mut Cx, o: usize, length: u8, top: ItemIdx) {
    cx.uint(top, LENGTH, o, 1, length as u64);
    cx.tree.add_generated(
        top,
        LENGTH_ORIGINAL_DATAGRAM,
        o,
        1,
        Value::UInt(length as u64 * 4),
    );
}

/// RFC 4884 extension structure: header (version, checksum) and objects, each shown as its class says:
/// an MPLS label stack (RFC 4950), interface information (RFC 5837), the interface an extended echo
/// request probes (RFC 8335), or the data of one Wireshark does not read. Bytes an object needs beyond
/// the message end its dissection as malformed, as Wireshark's exception does.
fn extensions(cx: &mut Cx, data: &[u8], o: usize, top: ItemIdx) {
    let vr = read::be16(data, o).unwrap_or(0);
    let version = (vr >> 12) as u8;
    let ext_len = if version == 2 { data.len() - o } else { 4 };
    let ext = cx.tree.add(top, EXT, o, ext_len, Value::None);
    if version == 2 {
        cx.tree
            .set_label(ext, format_args!("ICMP Multi-Part Extensions"));
    } else {
        cx.tree.set_label(
            ext,
            format_args!("ICMP Multi-Part Extensions (unsupported version)"),
        );
    }
    cx.uint(ext, EXT_VERSION, o, 1, version as u64);
    cx.bits(ext, EXT_RES, o, 2, vr as u64);
    let ck = read::be16(data, o + 2).unwrap_or(0);
    let item = cx.uint(ext, EXT_CHECKSUM, o + 2, 2, ck as u64);
    if ck == 0 {
        cx.tree
            .add_generated(ext, EXT_CHECKSUM_STATUS, o + 2, 2, Value::UInt(3));
    } else {
        // The sum over the structure with the checksum field taken as zero.
        let sum = ones_complement_sum(ones_complement_sum(0, &data[o..o + 2]), &data[o + 4..]);
        let should_be = !fold_checksum(sum);
        let verdict = if should_be == ck {
            ChecksumVerdict::Good
        } else {
            ChecksumVerdict::Bad(should_be)
        };
        checksum_notes(
            cx,
            ext,
            item,
            o + 2,
            ck,
            verdict,
            (EXT_CHECKSUM_STATUS, EXT_CHECKSUM_BAD),
        );
    }
    if version != 2 {
        return;
    }
    let mut p = o + 4;
    while p + 4 <= data.len() {
        let len = read::be16(data, p).unwrap_or(0) as usize;
        let (class, ctype) = (data[p + 2], data[p + 3]);
        if len < 4 {
            let obj = cx.text_item(ext, p, 4, format_args!("Object with bad length"));
            cx.uint(obj, EXT_LENGTH, p, 2, len as u64);
            cx.uint(obj, EXT_CLASS, p + 2, 1, class as u64);
            break;
        }
        let end = (p + len).min(data.len());
        let body = p + 4;
        let known = matches!((class, ctype), (1, 1) | (2, _) | (3, 1..=3));
        let heading: std::borrow::Cow<'_, str> = match class {
            1 if known && p + len > data.len() => "MPLS Stack Entry (truncated)".into(),
            1 if known => "MPLS Stack Entry".into(),
            2 => "Interface Information Object".into(),
            3 if known => "Interface Identification Object".into(),
            _ => format!("Unknown object ({class}/{ctype})").into(),
        };
        let obj = cx.text_item(ext, p, end - p, format_args!("{heading}"));
        cx.uint(obj, EXT_LENGTH, p, 2, len as u64);
        cx.uint(obj, EXT_CLASS, p + 2, 1, class as u64);
        let ct = cx.uint(obj, EXT_CTYPE, p + 3, 1, ctype as u64);
        let whole = match (class, known) {
            (1, true) => {
                mpls_label_stack(cx, data, body, end, obj);
                true
            }
            (2, _) => interface_information(cx, data, body, p + len, ctype, obj, ct),
            (3, true) => interface_identification(cx, data, body, end, ctype, obj, ct),
            _ => {
                // Wireshark's MPLS reader shows the C-Type it does not know a second time.
                if class == 1 {
                    cx.uint(obj, EXT_CTYPE, p + 3, 1, ctype as u64);
                }
                if end > body {
                    cx.tree.add(obj, EXT_DATA, body, end - body, Value::Bytes);
                }
                true
            }
        };
        if !whole {
            cx.malformed(data.len(), "ICMP");
            return;
        }
        p += len;
    }
}

/// The label stack entries of an MPLS object in `o..end`, each under a heading with its four values;
/// bytes short of a whole entry are the object's data.
fn mpls_label_stack(cx: &mut Cx, data: &[u8], mut o: usize, end: usize, obj: ItemIdx) {
    while o + 4 <= end {
        let raw = read::be24(data, o).unwrap_or(0) as u64;
        let ttl = data[o + 3];
        let (label, exp, bottom) = (raw >> 4, (raw >> 1) & 7, raw & 1);
        let entry = cx.text_item(
            obj,
            o,
            4,
            format_args!("Label: {label}, Exp: {exp}, S: {bottom}, TTL: {ttl}"),
        );
        cx.bits(entry, MPLS_LABEL, o, 3, raw);
        cx.bits(entry, MPLS_EXP, o + 2, 1, raw);
        cx.bits(entry, MPLS_S, o + 2, 1, raw);
        cx.uint(entry, MPLS_TTL, o + 3, 1, ttl as u64);
        o += 4;
    }
    if end > o {
        cx.tree.add(obj, MPLS_DATA, o, end - o, Value::Bytes);
    }
}

/// An RFC 5837 interface information object from `o` (`end`: where its length says it ends): the
/// C-Type's role and flags, then ifIndex, the address sub-object, the name sub-object and the MTU that
/// the flags announce. False when one of them runs past the message or has an address family
/// without a known length (Wireshark's exception).
fn interface_information(
    cx: &mut Cx,
    data: &[u8],
    mut o: usize,
    end: usize,
    ctype: u8,
    obj: ItemIdx,
    ct: ItemIdx,
) -> bool {
    let role = (ctype >> 6) as usize;
    if ct.is_stored() {
        let mut label = format!(
            "C-Type: {ctype}, Interface Role: {}",
            INTERFACE_ROLE_NAMES[role].1
        );
        for (bit, name) in [
            (0x08, ", ifIndex"),
            (0x04, ", IP Address"),
            (0x02, ", Interface Name"),
            (0x01, ", MTU"),
        ] {
            if ctype & bit != 0 {
                label.push_str(name);
            }
        }
        cx.tree.set_label(ct, format_args!("{label}"));
    }
    for f in [
        INT_INFO_ROLE,
        INT_INFO_RESERVED,
        INT_INFO_IFINDEX,
        INT_INFO_IPADDR,
        INT_INFO_NAME_PRESENT,
        INT_INFO_MTU_PRESENT,
    ] {
        cx.bits(ct, f, o - 1, 1, ctype as u64);
    }
    if ctype & 0x08 != 0 {
        let Some(index) = read::be32(data, o) else {
            return false;
        };
        cx.uint(obj, INT_INFO_INDEX, o, 4, index as u64);
        o += 4;
    }
    if ctype & 0x04 != 0 {
        let Some(afi) = read::be16(data, o) else {
            return false;
        };
        let size = match afi {
            1 => 4,
            2 => 16,
            _ => return false,
        };
        if o + 4 + size > data.len() {
            return false;
        }
        let sub = cx.text_item(obj, o, 4 + size, format_args!("IP Address Sub-Object"));
        cx.uint(sub, INT_INFO_AFI, o, 2, afi as u64);
        cx.tree.add(sub, RESERVED, o + 2, 2, Value::Bytes);
        if size == 4 {
            let a = read::array::<4>(data, o + 4).unwrap_or_default();
            cx.tree.add(sub, INT_INFO_IPV4, o + 4, 4, Value::Ipv4(a));
        } else {
            let a = read::array::<16>(data, o + 4).unwrap_or_default();
            cx.tree.add(sub, INT_INFO_IPV6, o + 4, 16, Value::Ipv6(a));
        }
        o += 4 + size;
    }
    if ctype & 0x02 != 0 {
        let Some(name_len) = read::u8(data, o) else {
            return false;
        };
        let name_len = name_len as usize;
        let span = name_len.min(data.len() - o);
        let sub = cx.text_item(obj, o, span, format_args!("Interface Name Sub-Object"));
        cx.uint(sub, INT_INFO_NAME_LENGTH, o, 1, name_len as u64);
        // Wireshark shows the name only when the sub-object ends before the object does.
        if name_len > 1 && o + name_len < end {
            if o + name_len > data.len() {
                return false;
            }
            cx.string(sub, INT_INFO_NAME, data, o + 1, name_len - 1);
        }
        o += name_len;
    }
    if ctype & 0x01 != 0 {
        let Some(mtu) = read::be32(data, o) else {
            return false;
        };
        cx.uint(obj, INT_INFO_MTU, o, 4, mtu as u64);
    }
    true
}

/// An RFC 8335 interface identification object in `o..end`: the interface by name, by index or by
/// address (family, length, reserved byte, address). False when it runs past the message.
fn interface_identification(
    cx: &mut Cx,
    data: &[u8],
    o: usize,
    end: usize,
    ctype: u8,
    obj: ItemIdx,
    ct: ItemIdx,
) -> bool {
    let how = match ctype {
        1 => "Name",
        2 => "Index",
        _ => "Address",
    };
    cx.tree.set_label(
        ct,
        format_args!("C-Type: {ctype} (Identifies Interface By {how})"),
    );
    match ctype {
        1 => {
            cx.string(obj, INT_IDENT_NAME, data, o, end - o);
        }
        2 => {
            let Some(index) = read::be32(data, o) else {
                return false;
            };
            cx.uint(obj, INT_IDENT_INDEX, o, 4, index as u64);
        }
        _ => {
            let (Some(afi), Some(addr_len)) = (read::be16(data, o), read::u8(data, o + 2)) else {
                return false;
            };
            cx.uint(obj, INT_IDENT_AFI, o, 2, afi as u64);
            cx.uint(obj, INT_IDENT_ADDR_LENGTH, o + 2, 1, addr_len as u64);
            if o + 4 > data.len() {
                return false;
            }
            cx.tree.add(obj, INT_IDENT_RESERVED, o + 3, 1, Value::Bytes);
            let at = o + 4;
            let addr_len = addr_len as usize;
            if at + addr_len > data.len() {
                return false;
            }
            match (afi, addr_len) {
                (1, 4) => {
                    let a = read::array::<4>(data, at).unwrap_or_default();
                    cx.tree.add(obj, INT_IDENT_IPV4, at, 4, Value::Ipv4(a));
                }
                (2, 16) => {
                    let a = read::array::<16>(data, at).unwrap_or_default();
                    cx.tree.add(obj, INT_IDENT_IPV6, at, 16, Value::Ipv6(a));
                }
                _ => {
                    cx.tree
                        .add(obj, INT_IDENT_ADDRESS, at, addr_len, Value::Bytes);
                }
            }
        }
    }
    true
}

/// Router advertisement (RFC 1256): address count, entry size, lifetime, then (address, preference) pairs.
fn router_advertisement(cx: &mut Cx, data: &[u8], body: usize, top: ItemIdx) {
    let (Some(n), Some(size), Some(life)) = (
        read::u8(data, body),
        read::u8(data, body + 1),
        read::be16(data, body + 2),
    ) else {
        cx.cut_short(body, data.len(), "ICMP");
        return;
    };
    cx.uint(top, NUM_ADDRS, body, 1, n as u64);
    cx.uint(top, ADDR_ENTRY_SIZE, body + 1, 1, size as u64);
    cx.uint(top, LIFETIME, body + 2, 2, life as u64);
    let step = (size as usize * 4).max(8);
    let mut o = body + 4;
    for _ in 0..n {
        let (Some(a), Some(p)) = (read::array::<4>(data, o), read::be32(data, o + 4)) else {
            cx.cut_short(o, data.len(), "ICMP");
            return;
        };
        cx.tree.add(top, ROUTER_ADDRESS, o, 4, Value::Ipv4(a));
        cx.tree
            .add(top, PREF_LEVEL, o + 4, 4, Value::Int(p as i32 as i64));
        o += step;
    }
    if data.len() > o {
        cx.within(top, |cx| crate::protocols::data::dissect(cx, data, o, top));
    }
}

/// What became of an ICMP or ICMPv6 checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChecksumVerdict {
    /// It matches.
    Good,
    /// It does not; the value it should have.
    Bad(u16),
    /// Not checked: the message is quoted in an ICMP error.
    InError,
    /// Not checked: the message was not captured whole.
    NotWhole,
}

impl ChecksumVerdict {
    /// The verdict on `checksum`, given the one's-complement sum of the message (and pseudo-header)
    /// without the checksum field.
    pub(crate) fn of(checksum: u16, sum_without: u32) -> ChecksumVerdict {
        let should_be = !fold_checksum(sum_without);
        if should_be == checksum {
            ChecksumVerdict::Good
        } else {
            ChecksumVerdict::Bad(should_be)
        }
    }
}

/// The checksum item's label, status and note as tshark 4.0 shows them for ICMP and ICMPv6:
/// `[correct]`, `incorrect, should be 0x...` with a warning, `[unverified] [in ICMP error packet]`
/// or, for a message not captured whole, `[unverified] [fragmented datagram]`.
pub(crate) fn checksum_notes(
    cx: &mut Cx,
    top: ItemIdx,
    item: ItemIdx,
    at: usize,
    checksum: u16,
    verdict: ChecksumVerdict,
    (status_field, bad_field): (FieldId, FieldId),
) {
    let status = match verdict {
        ChecksumVerdict::Good => {
            cx.tree
                .set_label(item, format_args!("Checksum: 0x{checksum:04x} [correct]"));
            1
        }
        ChecksumVerdict::Bad(should_be) => {
            cx.tree.set_label(
                item,
                format_args!("Checksum: 0x{checksum:04x} incorrect, should be 0x{should_be:04x}"),
            );
            cx.expert(
                item,
                bad_field,
                Severity::Warning,
                Group::Checksum,
                format_args!("Bad checksum [should be 0x{should_be:04x}]"),
            );
            0
        }
        ChecksumVerdict::InError => {
            cx.tree.set_label(
                item,
                format_args!("Checksum: 0x{checksum:04x} [unverified] [in ICMP error packet]"),
            );
            2
        }
        ChecksumVerdict::NotWhole => {
            cx.tree.set_label(
                item,
                format_args!("Checksum: 0x{checksum:04x} [unverified] [fragmented datagram]"),
            );
            2
        }
    };
    cx.tree
        .add_generated(top, status_field, at, 0, Value::UInt(status));
}

#[cfg(test)]
mod tests {
    use crate::testutil::{Frame, dissect, dissect_all, dissect_all_at};

    /// ppa/icmp_echo.pcapng frame 1 (74 bytes).
    const ECHO_REQUEST: &str = "\
        0012804bc07f0016d4b859b108004500003cfefd00008001f1e6c0a8648ac0a864010800145c05003400616263646566\
        6768696a6b6c6d6e6f7071727374757677616263646566676869\
    ";
    /// ppa/icmp_echo.pcapng frame 2 (74 bytes).
    const ECHO_REPLY: &str = "\
        0016d4b859b10012804bc07f08004500003cfefd0000ff0172e6c0a86401c0a8648a00001c5c05003400616263646566\
        6768696a6b6c6d6e6f7071727374757677616263646566676869\
    ";
    /// zeek/icmp/5-pings.pcap frame 1 (98 bytes).
    const LINUX_PING: &str = "\
        a683e70c9064000c29cf3015080045000054946a40004001bd04ac108502acd90b4e0800ef2404ca00018bcfcf5f0000\
        0000db0d0f0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435\
        3637\
    ";
    /// zeek/icmp/icmp-destunreach-udp.pcap frame 1 (194 bytes).
    const PORT_UNREACHABLE: &str = "\
        0019e3e75d23000bdb6358a60800450000b0281e000080018e77c0a80166c0a80101030303bb00000000450000a33711\
        00004011bf81c0a80101c0a801660035e747008f76d298a4818000010001000400000673656375726503656434036e65\
        740000010001c00c000100010000012c0004d05e140ec013000200010000012c000f05646e7330320665786f647573c0\
        17c013000200010000012c000805646e733031c042c013000200010000012c000805646e733034c042c013000200c914\
        6f2d\
    ";
    /// ppa/icmp_traceroute.pcapng frame 2 (70 bytes).
    const TTL_EXCEEDED: &str = "\
        0016d4b859b10012804bc07f080045c00038491a0000ff01280ec0a86401c0a8648a0b00f4ff000000004500005cff51\
        000001018f1ac0a8648a040202010800baff05003800\
    ";
    /// ppa/icmp_traceroute.pcapng frame 26 (182 bytes).
    const TTL_EXCEEDED_RFC4884: &str = "\
        0016d4b859b10012804bc07f0800450000a8e5110000f80126280c7a856ec0a8648a0b00e1a6ff5d00004500005cff5d\
        000001018f0ec0a8648a040202010800c2fa050044000000000000000000000000000000000000000000000000000000\
        000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\
        00000000000000000000000000000000000000000000000000002000382c0008010104cba1ff\
    ";

    fn eth(hex: &str) -> Frame<'_> {
        Frame {
            link_type: 1,
            hex,
            original_len: None,
        }
    }

    #[test]
    fn echo_request_and_reply_match() {
        let d = dissect_all(&[eth(ECHO_REQUEST), eth(ECHO_REPLY)]);
        let (req, rep) = (&d[0], &d[1]);
        assert_eq!(req.protocols(), "eth:ethertype:ip:icmp:data");
        assert_eq!(req.protocol(), "ICMP");
        assert_eq!(req.field("icmp.type"), "8");
        assert_eq!(req.field("icmp.code"), "0");
        assert_eq!(req.field("icmp.checksum"), "0x145c");
        assert_eq!(req.field("icmp.checksum.status"), "1");
        assert_eq!(req.field("icmp.ident"), "1280");
        assert_eq!(req.field("icmp.ident_le"), "5");
        assert_eq!(req.field("icmp.seq"), "13312");
        assert_eq!(req.field("icmp.seq_le"), "52");
        assert_eq!(req.field("data.len"), "32");
        assert!(!req.has("icmp.resp_to"));
        assert_eq!(
            req.info(),
            "Echo (ping) request  id=0x0500, seq=13312/52, ttl=128"
        );
        assert_eq!(rep.field("icmp.type"), "0");
        assert_eq!(rep.field("icmp.checksum"), "0x1c5c");
        assert_eq!(rep.field("icmp.resp_to"), "1");
        // The helper's frames are one second apart.
        assert_eq!(rep.field("icmp.resptime"), "1000");
        assert_eq!(
            rep.info(),
            "Echo (ping) reply    id=0x0500, seq=13312/52, ttl=255 (request in 1)"
        );
    }

    #[test]
    fn a_reply_matches_once() {
        let d = dissect_all(&[eth(ECHO_REQUEST), eth(ECHO_REPLY), eth(ECHO_REPLY)]);
        assert_eq!(d[1].field("icmp.resp_to"), "1");
        assert!(!d[2].has("icmp.resp_to"));
        assert!(!d[2].info().contains("request in"));
    }

    #[test]
    fn timestamp_in_echo_data() {
        // zeek/icmp/5-pings.pcap frame 1 arrived at 1607454603.986596.
        let d = dissect_all_at(&[eth(LINUX_PING)], &[(1_607_454_603, 986_596_000)]);
        let p = &d[0];
        assert_eq!(
            p.field("icmp.data_time"),
            "Dec  8, 2020 19:10:03.000000000 UTC"
        );
        assert_eq!(p.field("icmp.data_time_relative"), "0.986596000");
        assert_eq!(p.field("data.len"), "48");
        assert_eq!(
            p.info(),
            "Echo (ping) request  id=0x04ca, seq=1/256, ttl=64"
        );
        // Far from the frame's time the same bytes are plain data.
        let far = dissect(1, LINUX_PING);
        assert!(!far.has("icmp.data_time"));
        assert_eq!(far.field("data.len"), "56");
    }

    #[test]
    fn port_unreachable_quotes_the_datagram() {
        let p = dissect(1, PORT_UNREACHABLE);
        assert_eq!(p.protocols(), "eth:ethertype:ip:icmp:ip:udp:dns");
        assert_eq!(p.field("icmp.type"), "3");
        assert_eq!(p.field("icmp.code"), "3");
        assert_eq!(p.field("icmp.checksum.status"), "1");
        assert_eq!(p.field("icmp.unused"), "00000000");
        assert_eq!(p.field("ip.src"), "192.168.1.102,192.168.1.1");
        assert_eq!(p.field("ip.dst"), "192.168.1.1,192.168.1.102");
        assert_eq!(p.field("ip.proto"), "1,17");
        assert_eq!(p.field("udp.srcport"), "53");
        assert_eq!(p.field("udp.dstport"), "59207");
        // The quoted datagram leaves the columns alone.
        assert_eq!(p.protocol(), "ICMP");
        assert_eq!(p.info(), "Destination unreachable (Port unreachable)");
        assert_eq!(p.tree.src_column, "192.168.1.102");
        assert_eq!(p.tree.dst_column, "192.168.1.1");
    }

    #[test]
    fn time_exceeded_quotes_an_echo_request() {
        let p = dissect(1, TTL_EXCEEDED);
        assert_eq!(p.protocols(), "eth:ethertype:ip:icmp:ip:icmp");
        assert_eq!(p.field("icmp.type"), "11,8");
        assert_eq!(p.field("icmp.code"), "0,0");
        // The quoted message's checksum is not verified.
        assert_eq!(p.field("icmp.checksum.status"), "1,2");
        assert_eq!(p.field("icmp.ident"), "1280");
        assert_eq!(p.field("icmp.seq"), "14336");
        assert_eq!(p.field("ip.ttl"), "255,1");
        assert_eq!(p.field("ip.ttl.too_small"), "1");
        assert_eq!(
            p.info(),
            "Time-to-live exceeded (Time to live exceeded in transit)"
        );
    }

    #[test]
    fn rfc4884_length_past_the_message() {
        // At the frame's own time (at the helper's, near the epoch, the zeros would pass for a
        // timestamp).
        let d = dissect_all_at(
            &[eth(TTL_EXCEEDED_RFC4884)],
            &[(1_246_563_754, 679_342_000)],
        );
        let p = &d[0];
        assert_eq!(p.protocols(), "eth:ethertype:ip:icmp:ip:icmp:data");
        assert_eq!(p.field("icmp.length"), "93");
        assert_eq!(p.field("icmp.length.original_datagram"), "372");
        assert_eq!(p.field("icmp.unused"), "ff,0000");
        assert_eq!(p.field("ip.src"), "12.122.133.110,192.168.100.138");
        assert_eq!(p.field("data.len"), "64");
        assert_eq!(
            p.info(),
            "Time-to-live exceeded (Time to live exceeded in transit)[Malformed Packet]"
        );
    }

    /// Random mutations of ICMP frames (types, codes, lengths, quoted headers) never panic.
    #[test]
    fn mutated_frames_never_panic() {
        let samples: Vec<Vec<u8>> = [
            ECHO_REQUEST,
            PORT_UNREACHABLE,
            TTL_EXCEEDED,
            TTL_EXCEEDED_RFC4884,
        ]
        .iter()
        .map(|h| crate::testutil::hex(h))
        .collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut dissector = crate::Dissector::new();
        let mut tree = fields::PacketTree::new(fields::Interest::everything(crate::registry()));
        for i in 0..20_000u64 {
            let mut bytes = samples[(next() % samples.len() as u64) as usize].clone();
            for _ in 0..(next() % 4 + 1) {
                // Mostly the ICMP header and the quoted header, where the decisions are.
                let span = if next() % 2 == 0 {
                    40
                } else {
                    bytes.len() - 34
                };
                let at = 34 + (next() as usize) % span.min(bytes.len() - 34);
                bytes[at] = next() as u8;
            }
            let cut = 34 + (next() as usize) % (bytes.len() - 33);
            bytes.truncate(cut);
            let meta = crate::FrameMeta {
                number: i + 1,
                secs: 1_000,
                nanos: 0,
                interface_id: None,
                section_number: None,
                link_type: 1,
                original_len: bytes.len() as u32 + (next() % 2) as u32 * 100,
                comments: &[],
                interface_name: None,
                interface_description: None,
            };
            dissector.dissect(&meta, &bytes, &mut tree);
        }
    }

    #[test]
    fn cut_short_never_panics() {
        for sample in [
            ECHO_REQUEST,
            LINUX_PING,
            PORT_UNREACHABLE,
            TTL_EXCEEDED_RFC4884,
        ] {
            let bytes = crate::testutil::hex(sample);
            for cut in 0..bytes.len() {
                let h: String = bytes[..cut].iter().map(|b| format!("{b:02x}")).collect();
                for original in [cut as u32, bytes.len() as u32] {
                    let d = dissect_all(&[Frame {
                        link_type: 1,
                        hex: &h,
                        original_len: Some(original),
                    }]);
                    let _ = d[0].info();
                }
            }
        }
        // As tshark: an echo request cut after five ICMP bytes shows no ICMP field, after six the header.
        let bytes = crate::testutil::hex(ECHO_REQUEST);
        let h: String = bytes[..39].iter().map(|b| format!("{b:02x}")).collect();
        let p = dissect(1, &h);
        assert_eq!(p.protocols(), "eth:ethertype:ip:icmp");
        assert!(!p.has("icmp.type"));
        assert_eq!(p.info(), "[Malformed Packet]");
        let h: String = bytes[..40].iter().map(|b| format!("{b:02x}")).collect();
        let p = dissect(1, &h);
        assert_eq!(p.field("icmp.ident"), "1280");
        assert!(!p.has("icmp.seq"));
        assert_eq!(p.info(), "Echo (ping) request [Malformed Packet]");
        // Cut by the snapshot length instead.
        let short = dissect_all(&[Frame {
            link_type: 1,
            hex: &h,
            original_len: Some(74),
        }]);
        assert_eq!(
            short[0].info(),
            "Echo (ping) request [Packet size limited during capture]"
        );
    }
}

//! ICMPv6 (RFC 4443): errors with the quoted IPv6 datagram, echo, Neighbor Discovery (RFC 4861: router and
//! neighbor solicitation and advertisement, redirect) with its options, and Multicast Listener Discovery
//! (RFC 2710, RFC 3810). Echo replies are matched to their request as for ICMP.

use std::net::Ipv6Addr;

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::protocols::icmp::{ChecksumVerdict, checksum_notes};
use crate::protocols::icmp::{EchoKey, enter_error, frame_time_ns, leave_error};
use crate::protocols::{fmt_mac, ones_complement_sum};

fields::declare_protocol! {
    proto ICMPV6 = super::ids::ICMPV6, "Internet Control Message Protocol v6", "ICMPv6", "icmpv6";
    TYPE: "icmpv6.type", "Type", UInt8, Dec, values TYPE_NAMES, blurb "Indicates the type of the message";
    CODE: "icmpv6.code", "Code", UInt8, Dec, blurb "Depends on the message type.  It is used to create an additional level of message granularity";
    CHECKSUM: "icmpv6.checksum", "Checksum", UInt16, Hex, blurb "Used to detect data corruption in the ICMPv6 message and parts of the IPv6 header";
    CHECKSUM_STATUS: "icmpv6.checksum.status", "Checksum Status", UInt8, None, values crate::protocols::ip::CHECKSUM_STATUS_NAMES;
    RESERVED: "icmpv6.reserved", "Reserved", Bytes, None, blurb "Must be Zero";
    DATA: "icmpv6.data", "Data", Bytes, None;
    UNKNOWN_DATA: "icmpv6.unknown_data", "Unknown Data", Bytes, None, blurb "Not interpreted Data";
    MTU: "icmpv6.mtu", "MTU", UInt32, Dec, blurb "The Maximum Transmission Unit of the next-hop link";
    POINTER: "icmpv6.pointer", "Pointer", UInt32, Dec, blurb "Identifies the octet offset within the invoking packet where the error was detected";
    ECHO_IDENTIFIER: "icmpv6.echo.identifier", "Identifier", UInt16, Hex, blurb "An identifier to aid in matching with Request and Reply";
    ECHO_SEQUENCE_NUMBER: "icmpv6.echo.sequence_number", "Sequence", UInt16, Dec, blurb "A sequence number to aid in matching Echo Replies to this Echo Request";
    ND_RA_CUR_HOP_LIMIT: "icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", UInt8, Dec, blurb "The default value that should be placed in the Hop Count field of the IP header for outgoing IP packets";
    ND_RA_FLAG: "icmpv6.nd.ra.flag", "Flags", UInt8, Hex;
    ND_RA_FLAG_M: "icmpv6.nd.ra.flag.m", "Managed address configuration", Boolean, Bits(8), mask 0x80, blurb "When set, it indicates that addresses are available via DHCPv6";
    ND_RA_FLAG_O: "icmpv6.nd.ra.flag.o", "Other configuration", Boolean, Bits(8), mask 0x40, blurb "When set, it indicates that other configuration information is available via DHCPv6";
    ND_RA_FLAG_H: "icmpv6.nd.ra.flag.h", "Home Agent", Boolean, Bits(8), mask 0x20, blurb "When set, it indicate that the router sending this Router Advertisement is also functioning as a Mobile IPv6 home agent on this link";
    ND_RA_FLAG_PRF: "icmpv6.nd.ra.flag.prf", "Prf (Default Router Preference)", UInt8, Dec, mask 0x18, values PREFERENCE_NAMES, blurb "Indicates whether to prefer this router over other default routers";
    ND_RA_FLAG_P: "icmpv6.nd.ra.flag.p", "Proxy", Boolean, Bits(8), mask 0x04;
    ND_RA_FLAG_RSV: "icmpv6.nd.ra.flag.rsv", "Reserved", UInt8, Dec, mask 0x03, blurb "Must be Zero";
    ND_RA_ROUTER_LIFETIME: "icmpv6.nd.ra.router_lifetime", "Router lifetime (s)", UInt16, Dec, blurb "The lifetime associated with the default router";
    ND_RA_REACHABLE_TIME: "icmpv6.nd.ra.reachable_time", "Reachable time (ms)", UInt32, Dec, blurb "The time that a node assumes a neighbor is reachable after having received a reachability confirmation";
    ND_RA_RETRANS_TIMER: "icmpv6.nd.ra.retrans_timer", "Retrans timer (ms)", UInt32, Dec, blurb "The time between retransmitted Neighbor Solicitation messages";
    ND_NS_TARGET_ADDRESS: "icmpv6.nd.ns.target_address", "Target Address", Ipv6, None, blurb "The IP address of the target of the solicitation";
    ND_NA_FLAG: "icmpv6.nd.na.flag", "Flags", UInt32, Hex;
    ND_NA_FLAG_R: "icmpv6.nd.na.flag.r", "Router", Boolean, Bits(32), mask 0x80000000, blurb "When set, it indicates that the sender is a router";
    ND_NA_FLAG_S: "icmpv6.nd.na.flag.s", "Solicited", Boolean, Bits(32), mask 0x40000000, blurb "When set, it indicates that the advertisement was sent in response to a Neighbor Solicitation from the Destination address";
    ND_NA_FLAG_O: "icmpv6.nd.na.flag.o", "Override", Boolean, Bits(32), mask 0x20000000, blurb "When set, it indicates that the advertisement should override an existing cache entry and update the cached link-layer address";
    ND_NA_FLAG_RSV: "icmpv6.nd.na.flag.rsv", "Reserved", UInt32, Dec, mask 0x1fffffff, blurb "Must be Zero";
    ND_NA_TARGET_ADDRESS: "icmpv6.nd.na.target_address", "Target Address", Ipv6, None, blurb "the Target Address field in the Neighbor Solicitation message that prompted this advertisement";
    ND_RD_TARGET_ADDRESS: "icmpv6.nd.rd.target_address", "Target Address", Ipv6, None, blurb "An IP address that is a better first hop to use for the ICMP Destination Address";
    RD_NA_DESTINATION_ADDRESS: "icmpv6.rd.na.destination_address", "Destination Address", Ipv6, None, blurb "The IP address of the destination that is redirected to the target";
    OPT: "icmpv6.opt", "ICMPv6 Option", None, None, blurb "Option";
    OPT_TYPE: "icmpv6.opt.type", "Type", UInt8, Dec, values OPT_TYPE_NAMES, blurb "Options type";
    OPT_LENGTH: "icmpv6.opt.length", "Length", UInt8, Dec, blurb "The length (in units of 8 bytes) of the option (including the Type and Length fields)";
    OPT_RESERVED: "icmpv6.opt.reserved", "Reserved", None, None, blurb "Reserved (Must be 0)";
    OPT_PADDING: "icmpv6.opt.padding", "Padding", None, None, blurb "Padding (Must be 0)";
    OPT_LINKADDR: "icmpv6.opt.linkaddr", "Link-layer address", Bytes, None;
    OPT_SRC_LINKADDR: "icmpv6.opt.src_linkaddr", "Source Link-layer address", Bytes, None;
    OPT_TARGET_LINKADDR: "icmpv6.opt.target_linkaddr", "Target Link-layer address", Bytes, None;
    OPT_LINKADDR_EUI64: "icmpv6.opt.linkaddr_eui64", "Link-layer address", Eui64, None;
    OPT_SRC_LINKADDR_EUI64: "icmpv6.opt.src_linkaddr_eui64", "Source Link-layer address", Eui64, None;
    OPT_TARGET_LINKADDR_EUI64: "icmpv6.opt.target_linkaddr_eui64", "Target Link-layer address", Eui64, None;
    OPT_PREFIX_LENGTH: "icmpv6.opt.prefix.length", "Prefix Length", UInt8, Dec, blurb "The number of leading bits in the Prefix that are valid";
    OPT_PREFIX_FLAG: "icmpv6.opt.prefix.flag", "Flag", UInt8, Hex;
    OPT_PREFIX_FLAG_L: "icmpv6.opt.prefix.flag.l", "On-link flag(L)", Boolean, Bits(8), mask 0x80, blurb "When set, indicates that this prefix can be used for on-link determination";
    OPT_PREFIX_FLAG_A: "icmpv6.opt.prefix.flag.a", "Autonomous address-configuration flag(A)", Boolean, Bits(8), mask 0x40, blurb "When set indicates that this prefix can be used for stateless address configuration";
    OPT_PREFIX_FLAG_R: "icmpv6.opt.prefix.flag.r", "Router address flag(R)", Boolean, Bits(8), mask 0x20, blurb "When set indicates that the Prefix field contains a complete IP address assigned to the sending router";
    OPT_PREFIX_FLAG_RESERVED: "icmpv6.opt.prefix.flag.reserved", "Reserved", UInt8, Dec, mask 0x1f;
    OPT_PREFIX_VALID_LIFETIME: "icmpv6.opt.prefix.valid_lifetime", "Valid Lifetime", UInt32, Dec, values &[(0xffff_ffff, "Infinity")], blurb "The length of time in seconds that the prefix is valid for the purpose of on-link determination";
    OPT_PREFIX_PREFERRED_LIFETIME: "icmpv6.opt.prefix.preferred_lifetime", "Preferred Lifetime", UInt32, Dec, values &[(0xffff_ffff, "Infinity")], blurb "The length of time in seconds that addresses generated from the prefix via stateless address autoconfiguration remain preferred";
    OPT_PREFIX: "icmpv6.opt.prefix", "Prefix", Ipv6, None, blurb "An IP address or a prefix of an IP address";
    OPT_NONCE: "icmpv6.opt.nonce", "Nonce", Bytes, None, blurb "A field containing a random number selected by the sender of the solicitation message";
    OPT_REDIRECTED_PACKET: "icmpv6.opt.redirected_packet", "Redirected Packet", None, None;
    OPT_MTU: "icmpv6.opt.mtu", "MTU", UInt32, Dec, blurb "The recommended MTU for the link";
    OPT_ADVERTISEMENT_INTERVAL: "icmpv6.opt.advertisement_interval", "Advertisement Interval", UInt32, Dec, blurb "The maximum time (in milliseconds) between successive unsolicited Router Advertisement messages sent by this router on this network interface";
    OPT_HOME_AGENT_PREFERENCE: "icmpv6.opt.home_agent_preference", "Home Agent Preference", UInt16, Dec, blurb "The preference for the home agent sending this Router Advertisement";
    OPT_HOME_AGENT_LIFETIME: "icmpv6.opt.home_agent_lifetime", "Home Agent Preference", UInt16, Dec, blurb "The lifetime associated with the home agent in units of seconds.";
    OPT_ROUTE_INFO_FLAG: "icmpv6.opt.route_info.flag", "Flag", UInt8, Hex;
    OPT_ROUTE_INFO_FLAG_ROUTE_PREFERENCE: "icmpv6.opt.route_info.flag.route_preference", "Route Preference", UInt8, Dec, mask 0x18, values PREFERENCE_NAMES, blurb "The Route Preference indicates whether to prefer the router associated with this prefix over others";
    OPT_ROUTE_INFO_FLAG_RESERVED: "icmpv6.opt.route_info.flag.reserved", "Reserved", UInt8, Dec, mask 0xe7, blurb "Must be 0";
    OPT_ROUTE_LIFETIME: "icmpv6.opt.route_lifetime", "Route Lifetime", UInt32, Dec, values &[(0xffff_ffff, "Infinity")], blurb "The length of time in seconds that the prefix is valid for the purpose of route determination";
    OPT_RDNSS_LIFETIME: "icmpv6.opt.rdnss.lifetime", "Lifetime", UInt32, Dec, values &[(0, "RDNSS address MUST no longer be used"), (0xffff_ffff, "Infinity")];
    OPT_RDNSS: "icmpv6.opt.rdnss", "Recursive DNS Servers", Ipv6, None;
    OPT_EFO: "icmpv6.opt.efo", "Flags Expansion Option", UInt16, Hex;
    OPT_DNSSL_LIFETIME: "icmpv6.opt.dnssl.lifetime", "Lifetime", UInt32, Dec, values &[(0, "DNSSL domain name MUST no longer be used"), (0xffff_ffff, "Infinity")];
    OPT_DNSSL: "icmpv6.opt.dnssl", "Domain Names", String, None;
    OPT_CAPTIVE_PORTAL: "icmpv6.opt.captive_portal", "Captive Portal", String, None, blurb "The contact URI for the captive portal that the user should connect to";
    OPT_PREF64_SCALED_LIFETIME: "icmpv6.opt.pref64.scaled_lifetime", "Scaled Lifetime", UInt16, Dec, mask 0xfff8, blurb "The maximum time in units of 8 seconds over which this NAT64 prefix MAY be used";
    OPT_PREF64_PLC: "icmpv6.opt.pref64.plc", "PLC (Prefix Length Code)", UInt16, Hex, mask 0x0007, values PREF64_PLC_NAMES, blurb "This field encodes the NAT64 Prefix Length";
    OPT_PREF64_PREFIX: "icmpv6.opt.pref64.prefix", "Prefix", Ipv6, None, blurb "NAT64 Prefix";
    MLD_MAXIMUM_RESPONSE_DELAY: "icmpv6.mld.maximum_response_delay", "Maximum Response Delay [ms]", UInt16, Dec, blurb "Specifies the maximum allowed delay before sending a responding Report, in units of milliseconds";
    MLD_MULTICAST_ADDRESS: "icmpv6.mld.multicast_address", "Multicast Address", Ipv6, None, blurb "Specific IPv6 multicast address";
    MLD_MAXIMUM_RESPONSE_CODE: "icmpv6.mld.maximum_response_code", "Maximum Response Code", UInt16, Dec, blurb "Specifies the maximum allowed delay before sending a responding Report";
    MLD_FLAG: "icmpv6.mld.flag", "Flags", UInt8, Hex;
    MLD_FLAG_S: "icmpv6.mld.flag.s", "Suppress Router-Side Processing", Boolean, Bits(8), mask 0x08, tf ("True", "False"), blurb "Indicates to any receiving multicast routers that they have to suppress the normal timer updates they perform upon hearing a Query";
    MLD_FLAG_QRV: "icmpv6.mld.flag.qrv", "QRV (Querier's Robustness Variable)", UInt8, Dec, mask 0x07, blurb "Contains the RV (Robustness Variable) value used by the Querier";
    MLD_FLAG_RESERVED: "icmpv6.mld.flag.reserved", "Reserved", UInt8, Dec, mask 0xf0, blurb "Must Be Zero";
    MLD_QQI: "icmpv6.mld.qqi", "QQIC (Querier's Query Interval Code)", UInt8, Dec, blurb "Specifies the QI (Query Interval) used by the Querier";
    MLD_NB_SOURCES: "icmpv6.mld.nb_sources", "Number of Sources", UInt16, Dec, blurb "Specifies how many source addresses are present in the Query";
    MLD_SOURCE_ADDRESS: "icmpv6.mld.source_address", "Source Address", Ipv6, None, blurb "The Source Address fields are a vector of unicast addresses";
    MLDR_NB_MCAST_RECORDS: "icmpv6.mldr.nb_mcast_records", "Number of Multicast Address Records", UInt16, Dec, blurb "Specifies how many Multicast Address Records are present in this Report";
    MLDR_MAR: "icmpv6.mldr.mar", "Multicast Address Record", None, None, blurb "Each Multicast Address Record is a block of fields that contain information on the sender listening to a single multicast address on the interface from which the Report is sent";
    MLDR_MAR_RECORD_TYPE: "icmpv6.mldr.mar.record_type", "Record Type", UInt8, Dec, values MAR_RECORD_TYPE_NAMES, blurb "It specifies the type of the Multicast Address Record";
    MLDR_MAR_AUX_DATA_LEN: "icmpv6.mldr.mar.aux_data_len", "Aux Data Len", UInt8, Dec, blurb "The Aux Data Len field contains the length (in units of 32-bit words) of the Auxiliary Data Field in this Multicast Address Record";
    MLDR_MAR_NB_SOURCES: "icmpv6.mldr.mar.nb_sources", "Number of Sources", UInt16, Dec, blurb "The Number of Sources field specifies how many source addresses are present in this Multicast Address Record";
    MLDR_MAR_MULTICAST_ADDRESS: "icmpv6.mldr.mar.multicast_address", "Multicast Address", Ipv6, None, blurb "The Multicast Address field contains the multicast address to which this Multicast Address Record pertains";
    MLDR_MAR_SOURCE_ADDRESS: "icmpv6.mldr.mar.source_address", "Source Address", Ipv6, None, blurb "The Source Address fields are a vector of unicast addresses";
    MLDR_MAR_AUXILIARY_DATA: "icmpv6.mldr.mar.auxiliary_data", "Auxiliary Data", Bytes, None, blurb "Contains additional information that pertain to this Multicast Address Record";
    LENGTH: "icmpv6.length", "Length of original datagram", UInt8, Dec, blurb "The length of the original datagram";
    RESP_IN: "icmpv6.resp_in", "Response In", FrameNum, None, blurb "The response to this request is in this frame";
    NO_RESP: "icmpv6.no_resp", "No response seen", None, None, blurb "No corresponding response frame was seen";
    RESP_NOT_FOUND: "icmpv6.resp_not_found", "Response not found", None, None;
    RESP_TO: "icmpv6.resp_to", "Response To", FrameNum, None, blurb "This is the response to the request in this frame";
    RESPTIME: "icmpv6.resptime", "Response Time", Double, None, unit "ms", blurb "The time between the request and the response, in ms.";
    INVALID_OPTION_LENGTH: "icmpv6.invalid_option_length", "Invalid Option Length", None, None;
    UNKNOWN_DATA_EXPERT: "icmpv6.unknown_data.expert", "Unknown Data (not interpreted)", None, None;
    UNDECODED_OPTION: "icmpv6.undecoded.option", "Undecoded option", None, None;
    UNDECODED_TYPE: "icmpv6.undecoded.type", "Undecoded type", None, None;
    CHECKSUM_BAD_EXPERT: "icmpv6.checksum_bad.expert", "Bad checksum", None, None;
}

/// Message types (`icmpv6.type`).
static TYPE_NAMES: &[(u64, &str)] = &[
    (1, "Destination Unreachable"),
    (2, "Packet Too Big"),
    (3, "Time Exceeded"),
    (4, "Parameter Problem"),
    (100, "Private experimentation"),
    (101, "Private experimentation"),
    (127, "Reserved for expansion of ICMPv6 error messages"),
    (128, "Echo (ping) request"),
    (129, "Echo (ping) reply"),
    (130, "Multicast Listener Query"),
    (131, "Multicast Listener Report"),
    (132, "Multicast Listener Done"),
    (133, "Router Solicitation"),
    (134, "Router Advertisement"),
    (135, "Neighbor Solicitation"),
    (136, "Neighbor Advertisement"),
    (137, "Redirect"),
    (138, "Router Renumbering"),
    (139, "Node Information Query"),
    (140, "Node Information Reply"),
    (141, "Inverse Neighbor Discovery Solicitation"),
    (142, "Inverse Neighbor Discovery Advertisement"),
    (143, "Multicast Listener Report Message v2"),
    (144, "Home Agent Address Discovery Request"),
    (145, "Home Agent Address Discovery Reply"),
    (146, "Mobile Prefix Solicitation"),
    (147, "Mobile Prefix Advertisement"),
    (148, "Certification Path Solicitation"),
    (149, "Certification Path Advertisement"),
    (150, "Experimental Mobility"),
    (151, "Multicast Router Advertisement"),
    (152, "Multicast Router Solicitation"),
    (153, "Multicast Router Termination"),
    (154, "FMIPv6"),
    (155, "RPL Control"),
    (156, "Locator Update"),
    (157, "Duplicate Address Request"),
    (158, "Duplicate Address Confirmation"),
    (159, "MPL Control Message"),
    (160, "Extended Echo request"),
    (161, "Extended Echo reply"),
    (200, "Private experimentation"),
    (201, "Private experimentation"),
    (
        255,
        "Reserved for expansion of ICMPv6 informational messages",
    ),
];

/// Option types of Neighbor Discovery (`icmpv6.opt.type`).
static OPT_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "Source link-layer address"),
    (2, "Target link-layer address"),
    (3, "Prefix information"),
    (4, "Redirected header"),
    (5, "MTU"),
    (6, "NBMA Shortcut Limit Option"),
    (7, "Advertisement Interval"),
    (8, "Home Agent Information"),
    (9, "Source Address List"),
    (10, "Target Address List"),
    (11, "CGA"),
    (12, "RSA Signature"),
    (13, "Timestamp"),
    (14, "Nonce"),
    (15, "Trust Anchor"),
    (16, "Certificate"),
    (17, "IP Address/Prefix Option"),
    (18, "New Router Prefix Information"),
    (19, "Link-layer Address"),
    (20, "Neighbor Advertisement Acknowledgment"),
    (23, "MAP"),
    (24, "Route Information"),
    (25, "Recursive DNS Server"),
    (26, "RA Flags Extension"),
    (27, "Handover Key Request"),
    (28, "Handover Key Reply"),
    (29, "Handover Assist Information"),
    (30, "Mobile Node Identifier Option"),
    (31, "DNS Search List Option"),
    (32, "Proxy Signature (PS)"),
    (33, "Address Registration Option"),
    (34, "6LoWPAN Context Option"),
    (35, "Authoritative Border Router"),
    (36, "6LoWPAN Capability Indication Option"),
    (37, "DHCP Captive-Portal"),
    (38, "PREF64 Option"),
    (138, "CARD Request"),
    (139, "CARD Reply"),
    (253, "RFC3692-style Experiment 1"),
    (254, "RFC3692-style Experiment 2"),
];

/// A flags item's label as tshark writes it: the value, the names of the bits that are set, and (for
/// a router advertisement) the preference, always, then the Proxy bit.
fn flag_summary(
    cx: &mut Cx,
    item: ItemIdx,
    head: std::fmt::Arguments<'_>,
    flags: u64,
    names: &[(u64, &str)],
    preference: Option<(&str, bool)>,
) {
    if !item.is_stored() {
        return;
    }
    let mut label = head.to_string();
    for &(bit, name) in names {
        if flags & bit != 0 {
            label.push_str(", ");
            label.push_str(name);
        }
    }
    if let Some((prf, proxy)) = preference {
        label.push_str(", Prf (Default Router Preference): ");
        label.push_str(prf);
        if proxy {
            label.push_str(", Proxy");
        }
    }
    cx.tree.set_label(item, format_args!("{label}"));
}

/// A number whose declared names are special values only (Wireshark's `BASE_SPECIAL_VALS`): named
/// when it is one of them, plain otherwise.
fn special_uint(cx: &mut Cx, parent: ItemIdx, field: FieldId, at: usize, len: usize, v: u64) {
    let it = cx.uint(parent, field, at, len, v);
    let def = crate::registry().field(field);
    if it.is_stored() && def.strings.name_of(v).is_none() {
        cx.tree.set_label(it, format_args!("{}: {v}", def.name));
    }
}

static PREFERENCE_NAMES: &[(u64, &str)] =
    &[(0, "Medium"), (1, "High"), (2, "Reserved"), (3, "Low")];

static PREF64_PLC_NAMES: &[(u64, &str)] = &[
    (0, "96 bits prefix length"),
    (1, "64 bits prefix length"),
    (2, "56 bits prefix length"),
    (3, "48 bits prefix length"),
    (4, "40 bits prefix length"),
    (5, "32 bits prefix length"),
];

static MAR_RECORD_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "Include"),
    (2, "Exclude"),
    (3, "Changed to include"),
    (4, "Changed to exclude"),
    (5, "Allow new sources"),
    (6, "Block old sources"),
];

fn name_of(table: &[(u64, &'static str)], v: u64) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v).map(|(_, n)| *n)
}

/// The code text Wireshark adds to the Info column for error messages (`None`: no code shown).
fn code_text(t: u8, code: u8) -> Option<String> {
    let named = |names: &[&str]| names.get(code as usize).map(|s| s.to_string());
    match t {
        1 => Some(
            named(&[
                "no route to destination",
                "Administratively prohibited",
                "Beyond scope of source address",
                "Address unreachable",
                "Port unreachable",
                "Source address failed ingress/egress policy",
                "Reject route to destination",
                "Error in Source Routing Header",
            ])
            .unwrap_or_else(|| "Unknown".into()),
        ),
        3 => Some(
            named(&[
                "hop limit exceeded in transit",
                "fragment reassembly time exceeded",
            ])
            .unwrap_or_else(|| format!("Unknown ({code})")),
        ),
        4 => Some(
            named(&[
                "erroneous header field encountered",
                "unrecognized Next Header type encountered",
                "unrecognized IPv6 option encountered",
                "IPv6 First Fragment has incomplete IPv6 Header Chain",
            ])
            .unwrap_or_else(|| format!("Unknown ({code})")),
        ),
        160 | 161 => Some(if code == 0 {
            "No error".into()
        } else {
            format!("Unknown ({code})")
        }),
        _ => None,
    }
}

/// ICMPv6 at `offset`: the header (checksum verified over the IPv6 pseudo-header), then the body its type
/// calls for.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.tree.layers.push("icmpv6");
    if cx.in_error == 0 {
        cx.set_protocol("ICMPv6");
        cx.set_info(format_args!(""));
    }
    let parent = cx.layer_parent(parent);
    let top = cx
        .tree
        .add(parent, PROTOCOL_FIELD, offset, avail, Value::None);
    let Some(t) = read::u8(data, offset) else {
        cx.cut_short(offset, data.len(), "ICMPv6");
        return avail;
    };
    let ti = cx.uint(top, TYPE, offset, 1, t as u64);
    let type_name = name_of(TYPE_NAMES, t as u64);
    cx.tree.set_label(
        ti,
        format_args!("Type: {} ({t})", type_name.unwrap_or("Unknown")),
    );
    if cx.in_error == 0 && cx.tree.wants_columns() {
        match type_name {
            Some(n) => cx.set_info(format_args!("{n}")),
            None => cx.set_info(format_args!("Unknown ({t})")),
        }
    }
    let Some(code) = read::u8(data, offset + 1) else {
        cx.cut_short(offset, data.len(), "ICMPv6");
        return avail;
    };
    let ci = cx.uint(top, CODE, offset + 1, 1, code as u64);
    let code_text = code_text(t, code);
    if let Some(c) = &code_text {
        cx.tree.set_label(ci, format_args!("Code: {code} ({c})"));
        if cx.in_error == 0 {
            cx.append_info(format_args!(" ({c})"));
        }
    }
    let Some(checksum) = read::be16(data, offset + 2) else {
        cx.cut_short(offset, data.len(), "ICMPv6");
        return avail;
    };
    let item = cx.uint(top, CHECKSUM, offset + 2, 2, checksum as u64);
    let verdict = match cx.net {
        _ if cx.in_error > 0 => ChecksumVerdict::InError,
        Some(net) if !cx.lost_to_snaplen(data.len()) => {
            let (std::net::IpAddr::V6(src), std::net::IpAddr::V6(dst)) = (net.src, net.dst) else {
                return avail;
            };
            let msg = &data[offset..];
            let mut sum = ones_complement_sum(0, &src.octets());
            sum = ones_complement_sum(sum, &dst.octets());
            sum = ones_complement_sum(sum, &(msg.len() as u32).to_be_bytes());
            sum = ones_complement_sum(sum, &[0, 0, 0, 58]);
            sum = ones_complement_sum(sum, &msg[..2]);
            sum = ones_complement_sum(sum, &msg[4..]);
            ChecksumVerdict::of(checksum, sum)
        }
        _ => ChecksumVerdict::NotWhole,
    };
    checksum_notes(
        cx,
        top,
        item,
        offset + 2,
        checksum,
        verdict,
        (CHECKSUM_STATUS, CHECKSUM_BAD_EXPERT),
    );
    let body = offset + 4;
    match t {
        1..=4 => error_message(cx, data, body, t, top),
        128 | 129 => echo(cx, data, body, t == 128, top),
        130..=132 => mld(cx, data, body, t, top),
        143 => mld_report(cx, data, body, top),
        133 | 141 | 142 => {
            if fixed(cx, data, body, 4) {
                cx.tree.add(top, RESERVED, body, 4, Value::Bytes);
                nd_options(cx, data, body + 4, top);
            }
        }
        134 => router_advertisement(cx, data, body, top),
        135 => {
            if fixed(cx, data, body, 4) {
                cx.tree.add(top, RESERVED, body, 4, Value::Bytes);
                if fixed(cx, data, body + 4, 16) {
                    let a = read::array::<16>(data, body + 4).unwrap_or_default();
                    cx.tree
                        .add(top, ND_NS_TARGET_ADDRESS, body + 4, 16, Value::Ipv6(a));
                    if cx.in_error == 0 {
                        cx.append_info(format_args!(" for {}", Ipv6Addr::from(a)));
                    }
                    nd_options(cx, data, body + 20, top);
                }
            }
        }
        136 => {
            if fixed(cx, data, body, 4) {
                let flags = read::be32(data, body).unwrap_or(0);
                let f = cx.uint(top, ND_NA_FLAG, body, 4, flags as u64);
                flag_summary(
                    cx,
                    f,
                    format_args!("Flags: 0x{flags:08x}"),
                    flags as u64,
                    &[
                        (0x8000_0000, "Router"),
                        (0x4000_0000, "Solicited"),
                        (0x2000_0000, "Override"),
                    ],
                    None,
                );
                for field in [ND_NA_FLAG_R, ND_NA_FLAG_S, ND_NA_FLAG_O, ND_NA_FLAG_RSV] {
                    cx.bits(f, field, body, 4, flags as u64);
                }
                if fixed(cx, data, body + 4, 16) {
                    let a = read::array::<16>(data, body + 4).unwrap_or_default();
                    cx.tree
                        .add(top, ND_NA_TARGET_ADDRESS, body + 4, 16, Value::Ipv6(a));
                    if cx.in_error == 0 {
                        let names: Vec<&str> = [
                            (0x8000_0000, "rtr"),
                            (0x4000_0000, "sol"),
                            (0x2000_0000, "ovr"),
                        ]
                        .into_iter()
                        .filter(|(bit, _)| flags & bit != 0)
                        .map(|(_, n)| n)
                        .collect();
                        let names = if names.is_empty() {
                            "none".to_string()
                        } else {
                            names.join(", ")
                        };
                        cx.append_info(format_args!(" {} ({names})", Ipv6Addr::from(a)));
                    }
                    nd_options(cx, data, body + 20, top);
                }
            }
        }
        137 => {
            if fixed(cx, data, body, 4) {
                cx.tree.add(top, RESERVED, body, 4, Value::Bytes);
                if fixed(cx, data, body + 4, 16) {
                    let a = read::array::<16>(data, body + 4).unwrap_or_default();
                    cx.tree
                        .add(top, ND_RD_TARGET_ADDRESS, body + 4, 16, Value::Ipv6(a));
                    if fixed(cx, data, body + 20, 16) {
                        let d = read::array::<16>(data, body + 20).unwrap_or_default();
                        cx.tree.add(
                            top,
                            RD_NA_DESTINATION_ADDRESS,
                            body + 20,
                            16,
                            Value::Ipv6(d),
                        );
                        nd_options(cx, data, body + 36, top);
                    }
                }
            }
        }
        // Types Wireshark decodes further are left at their header; unknown, reserved and experimental
        // ones show their body as data.
        138..=140 | 144..=161 => {}
        _ => {
            if data.len() > body {
                let d = cx
                    .tree
                    .add(top, DATA, body, data.len() - body, Value::Bytes);
                cx.tree.add(d, UNDECODED_TYPE, body, 0, Value::None);
            }
        }
    }
    avail
}

/// Checks that `n` bytes of fixed fields follow `o`; reports the message cut short otherwise.
fn fixed(cx: &mut Cx, data: &[u8], o: usize, n: usize) -> bool {
    if data.len() >= o + n {
        true
    } else {
        cx.cut_short(o, data.len(), "ICMPv6");
        false
    }
}

/// Destination unreachable, packet too big, time exceeded, parameter problem: the word after the
/// checksum, then the quoted IPv6 datagram, dissected without touching the columns.
fn error_message(cx: &mut Cx, data: &[u8], body: usize, t: u8, top: ItemIdx) {
    if !fixed(cx, data, body, 4) {
        return;
    }
    let mut original = None;
    match t {
        2 => {
            let v = read::be32(data, body).unwrap_or(0);
            cx.uint(top, MTU, body, 4, v as u64);
        }
        4 => {
            let v = read::be32(data, body).unwrap_or(0);
            cx.uint(top, POINTER, body, 4, v as u64);
        }
        _ if data[body] != 0 => {
            // RFC 4884: the length of the original datagram in 64-bit words.
            cx.uint(top, LENGTH, body, 1, data[body] as u64);
            cx.tree.add(top, RESERVED, body + 1, 3, Value::Bytes);
            original = Some(data[body] as usize * 8);
        }
        _ => {
            cx.tree.add(top, RESERVED, body, 4, Value::Bytes);
        }
    }
    let quoted = body + 4;
    if quoted >= data.len() {
        return;
    }
    let end = original.map_or(data.len(), |l| (quoted + l).min(data.len()));
    let saved = enter_error(cx);
    cx.within(top, |cx| {
        crate::protocols::ipv6::dissect(cx, &data[..end], quoted, top)
    });
    leave_error(cx, saved);
}

/// Echo request or reply: identifier, sequence, request/reply matching, then the data.
fn echo(cx: &mut Cx, data: &[u8], body: usize, request: bool, top: ItemIdx) {
    if !fixed(cx, data, body, 4) {
        return;
    }
    let ident = read::be16(data, body).unwrap_or(0);
    let seq = read::be16(data, body + 2).unwrap_or(0);
    cx.uint(top, ECHO_IDENTIFIER, body, 2, ident as u64);
    cx.uint(top, ECHO_SEQUENCE_NUMBER, body + 2, 2, seq as u64);
    if cx.in_error == 0 {
        cx.append_info(format_args!(" id=0x{ident:04x}, seq={seq}"));
        if let Some(net) = cx.net {
            cx.append_info(format_args!(", hop limit={}", net.ttl));
            let key = EchoKey::new(net.src, net.dst, ident, seq);
            let now = frame_time_ns(cx);
            if request {
                let number = cx.meta.number;
                cx.state.echo.request(key, number, now);
                match crate::protocols::icmp::second_pass_reply(cx, key) {
                    Some(Some(frame)) => {
                        cx.tree
                            .add_generated(top, RESP_IN, body, 0, Value::UInt(frame));
                        cx.append_info(format_args!(" (reply in {frame})"));
                    }
                    Some(None) => {
                        let item = cx.tree.add_generated(top, NO_RESP, body, 0, Value::None);
                        cx.expert(
                            item,
                            RESP_NOT_FOUND,
                            crate::cx::Severity::Warning,
                            crate::cx::Group::Sequence,
                            format_args!("No response seen to ICMPv6 request in frame {number}"),
                        );
                        cx.append_info(format_args!(" (no response found!)"));
                    }
                    None => {}
                }
            } else if let Some(m) = cx.state.echo.reply(key, now) {
                crate::protocols::icmp::record_reply(cx, key, m.request_frame);
                cx.tree
                    .add_generated(top, RESP_TO, body, 0, Value::UInt(m.request_frame));
                crate::protocols::icmp::response_time(cx, top, RESPTIME, body, m.response_ms);
                cx.append_info(format_args!(" (request in {})", m.request_frame));
            }
        }
    }
    if data.len() > body + 4 {
        cx.within(top, |cx| {
            crate::protocols::data::dissect(cx, data, body + 4, top)
        });
    }
}

/// MLDv1 query, report and done; an MLDv2 query (RFC 3810) when a query is longer than 24 bytes.
fn mld(cx: &mut Cx, data: &[u8], body: usize, t: u8, top: ItemIdx) {
    if mld_fields(cx, data, body, t, top).is_err() {
        cx.cut_short(body, data.len(), "ICMPv6");
    }
}

fn mld_fields(cx: &mut Cx, data: &[u8], body: usize, t: u8, top: ItemIdx) -> Result<(), Short> {
    have(data, body, 2)?;
    let delay = read::be16(data, body).unwrap_or(0);
    let v2 = t == 130 && data.len() >= body + 24;
    let field = if v2 {
        MLD_MAXIMUM_RESPONSE_CODE
    } else {
        MLD_MAXIMUM_RESPONSE_DELAY
    };
    cx.uint(top, field, body, 2, delay as u64);
    have(data, body + 2, 2)?;
    cx.tree.add(top, RESERVED, body + 2, 2, Value::Bytes);
    have(data, body + 4, 16)?;
    let a = read::array::<16>(data, body + 4).unwrap_or_default();
    cx.tree
        .add(top, MLD_MULTICAST_ADDRESS, body + 4, 16, Value::Ipv6(a));
    if !v2 {
        return Ok(());
    }
    let o = body + 20;
    let flags = data[o] as u64;
    let f = cx.uint(top, MLD_FLAG, o, 1, flags);
    for field in [MLD_FLAG_S, MLD_FLAG_QRV, MLD_FLAG_RESERVED] {
        cx.bits(f, field, o, 1, flags);
    }
    cx.uint(top, MLD_QQI, o + 1, 1, data[o + 1] as u64);
    let n = read::be16(data, o + 2).unwrap_or(0);
    cx.uint(top, MLD_NB_SOURCES, o + 2, 2, n as u64);
    let mut p = o + 4;
    for _ in 0..n {
        have(data, p, 16)?;
        let s = read::array::<16>(data, p).unwrap_or_default();
        cx.tree.add(top, MLD_SOURCE_ADDRESS, p, 16, Value::Ipv6(s));
        p += 16;
    }
    Ok(())
}

/// MLDv2 report: the multicast address records, each shown as far as the bytes go.
fn mld_report(cx: &mut Cx, data: &[u8], body: usize, top: ItemIdx) {
    if mld_report_fields(cx, data, body, top).is_err() {
        cx.cut_short(body, data.len(), "ICMPv6");
    }
}

fn mld_report_fields(cx: &mut Cx, data: &[u8], body: usize, top: ItemIdx) -> Result<(), Short> {
    have(data, body, 2)?;
    cx.tree.add(top, RESERVED, body, 2, Value::Bytes);
    have(data, body + 2, 2)?;
    let n = read::be16(data, body + 2).unwrap_or(0);
    cx.uint(top, MLDR_NB_MCAST_RECORDS, body + 2, 2, n as u64);
    let mut o = body + 4;
    for _ in 0..n {
        // Records are read while bytes remain.
        if o >= data.len() {
            break;
        }
        let (kind, aux, sources) = (
            data[o],
            read::u8(data, o + 1).unwrap_or(0),
            read::be16(data, o + 2).unwrap_or(0),
        );
        let len = 20 + sources as usize * 16 + aux as usize * 4;
        let mar = cx
            .tree
            .add(top, MLDR_MAR, o, read::clamp(data, o, len), Value::None);
        cx.uint(mar, MLDR_MAR_RECORD_TYPE, o, 1, kind as u64);
        have(data, o + 1, 1)?;
        cx.uint(mar, MLDR_MAR_AUX_DATA_LEN, o + 1, 1, aux as u64);
        have(data, o + 2, 2)?;
        cx.uint(mar, MLDR_MAR_NB_SOURCES, o + 2, 2, sources as u64);
        have(data, o + 4, 16)?;
        let addr = read::array::<16>(data, o + 4).unwrap_or_default();
        cx.tree.add(
            mar,
            MLDR_MAR_MULTICAST_ADDRESS,
            o + 4,
            16,
            Value::Ipv6(addr),
        );
        cx.tree.set_label(
            mar,
            format_args!(
                "Multicast Address Record {}: {}",
                name_of(MAR_RECORD_TYPE_NAMES, kind as u64).unwrap_or("Unknown"),
                Ipv6Addr::from(addr)
            ),
        );
        let mut p = o + 20;
        for _ in 0..sources {
            have(data, p, 16)?;
            let s = read::array::<16>(data, p).unwrap_or_default();
            cx.tree
                .add(mar, MLDR_MAR_SOURCE_ADDRESS, p, 16, Value::Ipv6(s));
            p += 16;
        }
        if aux > 0 {
            let n = aux as usize * 4;
            have(data, p, n)?;
            cx.tree
                .add(mar, MLDR_MAR_AUXILIARY_DATA, p, n, Value::Bytes);
        }
        o += len;
    }
    Ok(())
}

/// Router advertisement: hop limit, flags, lifetimes, then options (each shown as far as the bytes go).
fn router_advertisement(cx: &mut Cx, data: &[u8], body: usize, top: ItemIdx) {
    if !fixed(cx, data, body, 1) {
        return;
    }
    cx.uint(top, ND_RA_CUR_HOP_LIMIT, body, 1, data[body] as u64);
    if !fixed(cx, data, body + 1, 1) {
        return;
    }
    let flags = data[body + 1] as u64;
    let f = cx.uint(top, ND_RA_FLAG, body + 1, 1, flags);
    // The default router preference is named whatever its value, between the H and P bits.
    let prf = super::tls::name_or(PREFERENCE_NAMES, (flags >> 3) & 3, "Unknown");
    flag_summary(
        cx,
        f,
        format_args!("Flags: 0x{flags:02x}"),
        flags,
        &[
            (0x80, "Managed address configuration"),
            (0x40, "Other configuration"),
            (0x20, "Home Agent"),
        ],
        Some((prf, flags & 0x04 != 0)),
    );
    for field in [
        ND_RA_FLAG_M,
        ND_RA_FLAG_O,
        ND_RA_FLAG_H,
        ND_RA_FLAG_PRF,
        ND_RA_FLAG_P,
        ND_RA_FLAG_RSV,
    ] {
        cx.bits(f, field, body + 1, 1, flags);
    }
    if !fixed(cx, data, body + 2, 2) {
        return;
    }
    let life = read::be16(data, body + 2).unwrap_or(0);
    cx.uint(top, ND_RA_ROUTER_LIFETIME, body + 2, 2, life as u64);
    if !fixed(cx, data, body + 4, 4) {
        return;
    }
    let reach = read::be32(data, body + 4).unwrap_or(0);
    cx.uint(top, ND_RA_REACHABLE_TIME, body + 4, 4, reach as u64);
    if !fixed(cx, data, body + 8, 4) {
        return;
    }
    let retrans = read::be32(data, body + 8).unwrap_or(0);
    cx.uint(top, ND_RA_RETRANS_TIMER, body + 8, 4, retrans as u64);
    nd_options(cx, data, body + 12, top);
}

/// Neighbor Discovery options from `o` to the end of the message. An option appears once its type and
/// length are there; its fields as far as the bytes go.
fn nd_options(cx: &mut Cx, data: &[u8], mut o: usize, top: ItemIdx) {
    while o < data.len() {
        if o + 2 > data.len() {
            cx.cut_short(o, data.len(), "ICMPv6");
            return;
        }
        let (t, len8) = (data[o], data[o + 1]);
        let len = len8 as usize * 8;
        let opt = cx
            .tree
            .add(top, OPT, o, read::clamp(data, o, len.max(2)), Value::None);
        let name = name_of(OPT_TYPE_NAMES, t as u64).unwrap_or("Unknown");
        cx.tree
            .set_label(opt, format_args!("ICMPv6 Option ({name})"));
        let ti = cx.uint(opt, OPT_TYPE, o, 1, t as u64);
        cx.tree.set_label(ti, format_args!("Type: {name} ({t})"));
        let li = cx.uint(opt, OPT_LENGTH, o + 1, 1, len8 as u64);
        cx.tree
            .set_label(li, format_args!("Length: {len8} ({len} bytes)"));
        if len == 0 {
            // Wireshark notes the length and stops reading options.
            cx.expert(
                li,
                INVALID_OPTION_LENGTH,
                crate::cx::Severity::Error,
                crate::cx::Group::Malformed,
                format_args!("Invalid Option Length"),
            );
            return;
        }
        match option_body(cx, data, t, o + 2, o + len, opt, li) {
            Ok(Some(summary)) => cx
                .tree
                .set_label(opt, format_args!("ICMPv6 Option ({name}{summary})")),
            Ok(None) => {}
            Err(Short) => {
                cx.cut_short(o, data.len(), "ICMPv6");
                return;
            }
        }
        o += len;
    }
}

/// An option's bytes ran out.
struct Short;

/// Checks that `n` bytes exist at `o`.
fn have(data: &[u8], o: usize, n: usize) -> Result<(), Short> {
    if o + n <= data.len() {
        Ok(())
    } else {
        Err(Short)
    }
}

/// The body of one option (`b..end`); returns what the option's summary line adds after its name.
fn option_body(
    cx: &mut Cx,
    data: &[u8],
    t: u8,
    b: usize,
    end: usize,
    opt: ItemIdx,
    length_item: ItemIdx,
) -> Result<Option<String>, Short> {
    let n = end - b;
    match t {
        1 | 2 => {
            have(data, b, n)?;
            let specific: FieldId = if t == 1 {
                OPT_SRC_LINKADDR
            } else {
                OPT_TARGET_LINKADDR
            };
            // Wireshark shows link-layer addresses with colons, whatever their length.
            let value = if n == 6 {
                Value::Ether(read::array(data, b).unwrap_or_default())
            } else {
                let text: Vec<String> = data[b..end].iter().map(|x| format!("{x:02x}")).collect();
                cx.tree.text_value(&text.join(":"))
            };
            cx.tree.add(opt, OPT_LINKADDR, b, n, value);
            cx.hidden(opt, specific, b, n, value);
            if n != 6 {
                return Ok(None);
            }
            let text = fmt_mac(read::array(data, b).unwrap_or_default());
            if cx.in_error == 0 {
                let verb = if t == 1 { "from" } else { "is at" };
                cx.append_info(format_args!(" {verb} {text}"));
            }
            Ok(Some(format!(" : {text}")))
        }
        3 if n == 30 => {
            have(data, b, 1)?;
            let plen = data[b];
            cx.uint(opt, OPT_PREFIX_LENGTH, b, 1, plen as u64);
            have(data, b + 1, 1)?;
            let flags = data[b + 1] as u64;
            let f = cx.uint(opt, OPT_PREFIX_FLAG, b + 1, 1, flags);
            flag_summary(
                cx,
                f,
                format_args!("Flag: 0x{flags:02x}"),
                flags,
                &[
                    (0x80, "On-link flag(L)"),
                    (0x40, "Autonomous address-configuration flag(A)"),
                    (0x20, "Router address flag(R)"),
                ],
                None,
            );
            for field in [
                OPT_PREFIX_FLAG_L,
                OPT_PREFIX_FLAG_A,
                OPT_PREFIX_FLAG_R,
                OPT_PREFIX_FLAG_RESERVED,
            ] {
                cx.bits(f, field, b + 1, 1, flags);
            }
            have(data, b + 2, 4)?;
            let valid = read::be32(data, b + 2).unwrap_or(0);
            special_uint(cx, opt, OPT_PREFIX_VALID_LIFETIME, b + 2, 4, valid as u64);
            have(data, b + 6, 4)?;
            let preferred = read::be32(data, b + 6).unwrap_or(0);
            special_uint(
                cx,
                opt,
                OPT_PREFIX_PREFERRED_LIFETIME,
                b + 6,
                4,
                preferred as u64,
            );
            // FT_NONE items are shown whether or not their bytes are there, covering those that are.
            cx.tree.add(
                opt,
                OPT_RESERVED,
                b + 10,
                read::clamp(data, b + 10, 4),
                Value::None,
            );
            have(data, b + 14, 16)?;
            let p = read::array::<16>(data, b + 14).unwrap_or_default();
            cx.tree.add(opt, OPT_PREFIX, b + 14, 16, Value::Ipv6(p));
            Ok(Some(format!(" : {}/{plen}", Ipv6Addr::from(p))))
        }
        4 => {
            cx.tree
                .add(opt, OPT_RESERVED, b, read::clamp(data, b, 6), Value::None);
            if end > b + 6 {
                have(data, b + 6, 0)?;
                let quoted_end = end.min(data.len());
                let rp = cx.tree.add(
                    opt,
                    OPT_REDIRECTED_PACKET,
                    b + 6,
                    quoted_end - b - 6,
                    Value::None,
                );
                if quoted_end > b + 6 {
                    let saved = enter_error(cx);
                    crate::protocols::ipv6::dissect(cx, &data[..quoted_end], b + 6, rp);
                    leave_error(cx, saved);
                }
                have(data, b, n)?;
            }
            Ok(None)
        }
        5 | 7 if n == 6 => {
            cx.tree
                .add(opt, OPT_RESERVED, b, read::clamp(data, b, 2), Value::None);
            have(data, b + 2, 4)?;
            let v = read::be32(data, b + 2).unwrap_or(0);
            let field = if t == 5 {
                OPT_MTU
            } else {
                OPT_ADVERTISEMENT_INTERVAL
            };
            cx.uint(opt, field, b + 2, 4, v as u64);
            Ok(Some(format!(" : {v}")))
        }
        8 if n == 6 => {
            cx.tree
                .add(opt, OPT_RESERVED, b, read::clamp(data, b, 2), Value::None);
            have(data, b + 2, 2)?;
            let pref = read::be16(data, b + 2).unwrap_or(0);
            cx.uint(opt, OPT_HOME_AGENT_PREFERENCE, b + 2, 2, pref as u64);
            have(data, b + 4, 2)?;
            let life = read::be16(data, b + 4).unwrap_or(0);
            cx.uint(opt, OPT_HOME_AGENT_LIFETIME, b + 4, 2, life as u64);
            Ok(None)
        }
        14 => {
            have(data, b, n)?;
            cx.tree.add(opt, OPT_NONCE, b, n, Value::Bytes);
            Ok(None)
        }
        24 if matches!(n, 6 | 14 | 22) => {
            have(data, b, 1)?;
            let plen = data[b];
            cx.uint(opt, OPT_PREFIX_LENGTH, b, 1, plen as u64);
            have(data, b + 1, 1)?;
            let flags = data[b + 1] as u64;
            let f = cx.uint(opt, OPT_ROUTE_INFO_FLAG, b + 1, 1, flags);
            let preference = super::tls::name_or(PREFERENCE_NAMES, (flags >> 3) & 3, "Unknown");
            cx.tree.set_label(
                f,
                format_args!("Flag: 0x{flags:02x}, Route Preference: {preference}"),
            );
            cx.bits(f, OPT_ROUTE_INFO_FLAG_ROUTE_PREFERENCE, b + 1, 1, flags);
            cx.bits(f, OPT_ROUTE_INFO_FLAG_RESERVED, b + 1, 1, flags);
            have(data, b + 2, 4)?;
            let life = read::be32(data, b + 2).unwrap_or(0);
            special_uint(cx, opt, OPT_ROUTE_LIFETIME, b + 2, 4, life as u64);
            let m = n - 6;
            let mut p = [0u8; 16];
            if m > 0 {
                have(data, b + 6, m)?;
                p[..m].copy_from_slice(&data[b + 6..end]);
                cx.tree.add(opt, OPT_PREFIX, b + 6, m, Value::Ipv6(p));
            }
            let preference = super::tls::name_or(PREFERENCE_NAMES, (flags >> 3) & 3, "Unknown");
            Ok(Some(format!(
                " : {preference} {}/{plen}",
                Ipv6Addr::from(p)
            )))
        }
        25 if n >= 6 => {
            cx.tree
                .add(opt, OPT_RESERVED, b, read::clamp(data, b, 2), Value::None);
            have(data, b + 2, 4)?;
            let life = read::be32(data, b + 2).unwrap_or(0);
            special_uint(cx, opt, OPT_RDNSS_LIFETIME, b + 2, 4, life as u64);
            let mut summary = String::new();
            let mut p = b + 6;
            while p + 16 <= end {
                have(data, p, 16)?;
                let a = read::array::<16>(data, p).unwrap_or_default();
                cx.tree.add(opt, OPT_RDNSS, p, 16, Value::Ipv6(a));
                summary.push(' ');
                summary.push_str(&Ipv6Addr::from(a).to_string());
                p += 16;
            }
            Ok(Some(summary))
        }
        31 if n >= 6 => {
            cx.tree
                .add(opt, OPT_RESERVED, b, read::clamp(data, b, 2), Value::None);
            have(data, b + 2, 4)?;
            let life = read::be32(data, b + 2).unwrap_or(0);
            special_uint(cx, opt, OPT_DNSSL_LIFETIME, b + 2, 4, life as u64);
            let mut summary = String::new();
            let mut p = b + 6;
            while p < end {
                have(data, p, 1)?;
                if data[p] == 0 {
                    break;
                }
                let stop = end.min(data.len());
                let Some((name, used)) = domain_name(&data[p..stop]) else {
                    have(data, p, end - p)?;
                    break;
                };
                let v = cx.tree.text_value(&name);
                cx.tree.add(opt, OPT_DNSSL, p, used, v);
                summary.push(' ');
                summary.push_str(&name);
                p += used;
            }
            if p < end {
                cx.tree.add(
                    opt,
                    OPT_PADDING,
                    p,
                    read::clamp(data, p, end - p),
                    Value::None,
                );
                have(data, p, end - p)?;
            }
            Ok(Some(summary))
        }
        37 => {
            have(data, b, n)?;
            let text_end = data[b..end]
                .iter()
                .position(|&c| c == 0)
                .map_or(end, |z| b + z);
            cx.tree
                .add(opt, OPT_CAPTIVE_PORTAL, b, text_end - b, Value::Str);
            Ok(None)
        }
        38 if n == 14 => {
            have(data, b, 2)?;
            let v = read::be16(data, b).unwrap_or(0) as u64;
            cx.bits(opt, OPT_PREF64_SCALED_LIFETIME, b, 2, v);
            cx.bits(opt, OPT_PREF64_PLC, b, 2, v);
            if v & 7 > 5 {
                cx.expert(
                    length_item,
                    INVALID_OPTION_LENGTH,
                    crate::cx::Severity::Error,
                    crate::cx::Group::Malformed,
                    format_args!("Invalid Option Length"),
                );
                return Ok(None);
            }
            have(data, b + 2, 12)?;
            let mut p = [0u8; 16];
            p[..12].copy_from_slice(&data[b + 2..b + 14]);
            cx.tree
                .add(opt, OPT_PREF64_PREFIX, b + 2, 12, Value::Ipv6(p));
            Ok(None)
        }
        _ => {
            if n > 0 {
                have(data, b, n)?;
                let u = cx.tree.add(opt, UNKNOWN_DATA, b, n, Value::Bytes);
                cx.tree.add(u, UNDECODED_OPTION, b, n, Value::None);
            }
            Ok(None)
        }
    }
}

/// A domain name in DNS label form at the start of `d`: its dotted text and the bytes it took (with the
/// terminating zero).
fn domain_name(d: &[u8]) -> Option<(String, usize)> {
    let mut name = String::new();
    let mut p = 0;
    loop {
        let n = *d.get(p)? as usize;
        if n == 0 {
            return Some((name, p + 1));
        }
        if n > 63 {
            return None;
        }
        let label = d.get(p + 1..p + 1 + n)?;
        if !name.is_empty() {
            name.push('.');
        }
        name.push_str(&String::from_utf8_lossy(label));
        p += 1 + n;
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{Frame, dissect, dissect_all};

    /// ppa/icmpv6_neighbor_solicitation.pcapng frame 1 (86 bytes).
    const NEIGHBOR_SOLICITATION: &str = "\
        3333ff001000000c292f803186dd6000000000203aff20010db8000100020000000000001003ff020000000000000000\
        0001ff001000870044b70000000020010db80001000200000000000010000101000c292f8031\
    ";
    /// ppa/icmpv6_neighbor_solicitation.pcapng frame 2 (86 bytes).
    const NEIGHBOR_ADVERTISEMENT: &str = "\
        000c292f8031000c291fa75586dd6000000000203aff20010db800010002000000000000100020010db8000100020000\
        00000000100388008beb6000000020010db80001000200000000000010000201000c291fa755\
    ";
    /// ppa/icmpv6_neighbor_solicitation.pcapng frame 4 (118 bytes).
    const ECHO_REQUEST: &str = "\
        7831c1cbb256000c292f803186dd6000000000403a4020010db800010002000000000000100320010db8000100020000\
        00000000100080009ed1eaf50002d588065400000000d3900c0000000000101112131415161718191a1b1c1d1e1f2021\
        22232425262728292a2b2c2d2e2f3031323334353637\
    ";
    /// ppa/icmpv6_neighbor_solicitation.pcapng frame 5 (118 bytes).
    const ECHO_REPLY: &str = "\
        000c292f80317831c1cbb25686dd6000000000403a4020010db800010002000000000000100020010db8000100020000\
        00000000100381009dd1eaf50002d588065400000000d3900c0000000000101112131415161718191a1b1c1d1e1f2021\
        22232425262728292a2b2c2d2e2f3031323334353637\
    ";
    /// tcpdump/icmpv6.pcap frame 1 (230 bytes).
    const ROUTER_ADVERTISEMENT: &str = "\
        333300000001b09928c8d66c86dd6000000000b03afffe80000000000000b29928fffec8d66cff020000000000000000\
        000000000001860024014020000f0000000000000000030448c000278d0000093a800000000022223333444455556600\
        0000000000001905000000000005abcd000000000000000000000000efef123456780000000000000000000000011f07\
        000000000005076578616d706c6503636f6d00076578616d706c65036f72670004646f6d3104646f6d3203746c640000\
        00000000000005010000000000640101b09928c8d66c070100000000138808010000c351000f\
    ";
    /// tcpdump/icmpv6.pcap frame 3 (90 bytes).
    const MLDV2_QUERY: &str = "\
        333300000001b0a86e0cd4e886dd6000000000240001fe80000000000000b2a86efffe0cd4e8ff020000000000000000\
        0000000000013a000502000001008200623a2710000000000000000000000000000000000000023c0000\
    ";
    /// tcpdump/icmpv6.pcap frame 4 (150 bytes).
    const MLDV2_REPORT: &str = "\
        333300000016001517cce54686dd6000000000600001fe80000000000000021517fffecce546ff020000000000000000\
        0000000000163a000502000001008f002a0e0000000402000000ff0200000000000000000db81122334402000000ff02\
        00000000000000000001ffcce54602000000ff0200000000000000000001ffa710ad02000000ff020000000000000000\
        0001ff000002\
    ";
    /// zeek/chksums/ip6-icmp6-bad-chksum.pcap frame 1 (69 bytes).
    const BAD_CHECKSUM: &str = "\
        ffffffffffff00000000000086dd60000000000f3a40200104f80004000702e081fffe52ffff200104f80004000702e0\
        81fffe529a6b8000000d00000000394d706f327143\
    ";
    /// tcpdump/icmpv6-ra-pref64.pcap frame 2 (126 bytes).
    const PREF64_BAD_PLC: &str = "\
        333300000001e21581b4b94586dd6009fc7200483afffe80000000000000e01581fffeb4b945ff020000000000000000\
        00000000000186000edb504001f400000000000000000101e21581b4b9450304408000000e1000000708000000002001\
        0db800cc00dd00000000000000002602070e20010db800000064ff9b0000\
    ";

    fn eth(hex: &str) -> Frame<'_> {
        Frame {
            link_type: 1,
            hex,
            original_len: None,
        }
    }

    #[test]
    fn neighbor_solicitation_and_advertisement() {
        let ns = dissect(1, NEIGHBOR_SOLICITATION);
        assert_eq!(ns.protocols(), "eth:ethertype:ipv6:icmpv6");
        assert_eq!(ns.protocol(), "ICMPv6");
        assert_eq!(ns.field("icmpv6.type"), "135");
        assert_eq!(ns.field("icmpv6.checksum"), "0x44b7");
        assert_eq!(ns.field("icmpv6.checksum.status"), "1");
        assert_eq!(
            ns.field("icmpv6.nd.ns.target_address"),
            "2001:db8:1:2::1000"
        );
        assert_eq!(ns.field("icmpv6.opt.type"), "1");
        assert_eq!(ns.field("icmpv6.opt.linkaddr"), "00:0c:29:2f:80:31");
        assert_eq!(ns.field("icmpv6.opt.src_linkaddr"), "00:0c:29:2f:80:31");
        assert_eq!(
            ns.info(),
            "Neighbor Solicitation for 2001:db8:1:2::1000 from 00:0c:29:2f:80:31"
        );
        let na = dissect(1, NEIGHBOR_ADVERTISEMENT);
        assert_eq!(na.field("icmpv6.nd.na.flag"), "0x60000000");
        assert_eq!(na.field("icmpv6.nd.na.flag.s"), "1");
        assert_eq!(na.field("icmpv6.nd.na.flag.r"), "0");
        assert_eq!(na.field("icmpv6.opt.target_linkaddr"), "00:0c:29:1f:a7:55");
        assert_eq!(
            na.info(),
            "Neighbor Advertisement 2001:db8:1:2::1000 (sol, ovr) is at 00:0c:29:1f:a7:55"
        );
    }

    #[test]
    fn echo_request_and_reply_match() {
        let d = dissect_all(&[eth(ECHO_REQUEST), eth(ECHO_REPLY)]);
        assert_eq!(d[0].protocols(), "eth:ethertype:ipv6:icmpv6:data");
        assert_eq!(d[0].field("icmpv6.echo.identifier"), "0xeaf5");
        assert_eq!(d[0].field("icmpv6.echo.sequence_number"), "2");
        assert_eq!(
            d[0].info(),
            "Echo (ping) request id=0xeaf5, seq=2, hop limit=64"
        );
        assert_eq!(d[1].field("icmpv6.checksum"), "0x9dd1");
        assert_eq!(d[1].field("icmpv6.resp_to"), "1");
        assert_eq!(d[1].field("icmpv6.resptime"), "1000");
        assert_eq!(
            d[1].info(),
            "Echo (ping) reply id=0xeaf5, seq=2, hop limit=64 (request in 1)"
        );
    }

    #[test]
    fn router_advertisement_options() {
        let ra = dissect(1, ROUTER_ADVERTISEMENT);
        assert_eq!(ra.field("icmpv6.nd.ra.cur_hop_limit"), "64");
        assert_eq!(ra.field("icmpv6.nd.ra.flag"), "0x20");
        assert_eq!(ra.field("icmpv6.nd.ra.flag.h"), "1");
        assert_eq!(ra.field("icmpv6.nd.ra.router_lifetime"), "15");
        assert_eq!(ra.field("icmpv6.opt.type"), "3,25,31,5,1,7,8");
        assert_eq!(ra.field("icmpv6.opt.prefix.length"), "72");
        assert_eq!(ra.field("icmpv6.opt.prefix.flag.l"), "1");
        assert_eq!(ra.field("icmpv6.opt.prefix.valid_lifetime"), "2592000");
        assert_eq!(ra.field("icmpv6.opt.prefix"), "2222:3333:4444:5555:6600::");
        assert_eq!(ra.field("icmpv6.opt.rdnss.lifetime"), "5");
        assert_eq!(ra.field("icmpv6.opt.rdnss"), "abcd::efef,1234:5678::1");
        assert_eq!(
            ra.field("icmpv6.opt.dnssl"),
            "example.com,example.org,dom1.dom2.tld"
        );
        assert_eq!(ra.field("icmpv6.opt.padding"), "1");
        assert_eq!(ra.field("icmpv6.opt.mtu"), "100");
        assert_eq!(ra.field("icmpv6.opt.advertisement_interval"), "5000");
        assert_eq!(ra.field("icmpv6.opt.home_agent_preference"), "50001");
        assert_eq!(ra.field("icmpv6.opt.home_agent_lifetime"), "15");
        assert_eq!(ra.info(), "Router Advertisement from b0:99:28:c8:d6:6c");
    }

    #[test]
    fn multicast_listener_discovery_v2() {
        let q = dissect(1, MLDV2_QUERY);
        assert_eq!(q.field("icmpv6.mld.maximum_response_code"), "10000");
        assert_eq!(q.field("icmpv6.mld.multicast_address"), "::");
        assert_eq!(q.field("icmpv6.mld.flag.qrv"), "2");
        assert_eq!(q.field("icmpv6.mld.qqi"), "60");
        assert_eq!(q.field("icmpv6.mld.nb_sources"), "0");
        assert_eq!(q.info(), "Multicast Listener Query");
        let r = dissect(1, MLDV2_REPORT);
        assert_eq!(r.protocols(), "eth:ethertype:ipv6:ipv6.hopopts:icmpv6");
        assert_eq!(r.field("icmpv6.mldr.nb_mcast_records"), "4");
        assert_eq!(r.field("icmpv6.mldr.mar.record_type"), "2,2,2,2");
        assert_eq!(r.field("icmpv6.mldr.mar.nb_sources"), "0,0,0,0");
        assert_eq!(
            r.field("icmpv6.mldr.mar.multicast_address"),
            "ff02::db8:1122:3344,ff02::1:ffcc:e546,ff02::1:ffa7:10ad,ff02::1:ff00:2"
        );
        assert_eq!(r.info(), "Multicast Listener Report Message v2");
    }

    #[test]
    fn bad_checksum_and_invalid_option() {
        let p = dissect(1, BAD_CHECKSUM);
        assert_eq!(p.field("icmpv6.checksum"), "0x000d");
        assert_eq!(p.field("icmpv6.checksum.status"), "0");
        assert!(p.has("icmpv6.checksum_bad.expert"));
        assert_eq!(
            p.info(),
            "Echo (ping) request id=0x0000, seq=0, hop limit=64"
        );
        let p = dissect(1, PREF64_BAD_PLC);
        assert_eq!(p.field("icmpv6.opt.pref64.scaled_lifetime"), "225");
        assert_eq!(p.field("icmpv6.opt.pref64.plc"), "0x0006");
        assert!(!p.has("icmpv6.opt.pref64.prefix"));
        assert!(p.has("icmpv6.invalid_option_length"));
    }

    /// Random mutations of Neighbor Discovery and MLD messages (option types and lengths, record counts)
    /// never panic.
    /// Found by the `dissect` fuzz target: an ND option and an MLDv2 record whose declared size runs past
    /// the packet. tshark 4.0 gives their items only the bytes there are (PDML `size="2"` at 56 of 58, and
    /// `size="1"` at 62 of 63) and ends in an exception; the items used to claim their declared size.
    #[test]
    fn option_and_record_running_past_the_packet_cover_what_is_there() {
        const RA_OPTION_PAST_END: &str = "6009fc2e00483afffeffff7e1007080000feffffffffffffff10000007fefffff620010db89b000086ffffff7e1007080000feffffffffffffff";
        const MLD_RECORD_PAST_END: &str = "3333fff50700000054f5000086dd6e00000000183aff0000000000000000000000000000001b000000f588009abba0000000fe8000008f005c1301ff020000";
        let span = |p: &crate::testutil::Dissected, name: &str| -> Vec<(u32, u32)> {
            let id = crate::registry().lookup(name).unwrap();
            p.tree.occurrences(id).map(|i| (i.offset, i.len)).collect()
        };
        let ra = dissect(101, RA_OPTION_PAST_END);
        assert_eq!(ra.protocols(), "raw:ipv6:icmpv6");
        assert_eq!(ra.field("icmpv6.opt.type"), "255");
        assert_eq!(ra.field("icmpv6.opt.length"), "255");
        assert_eq!(ra.info(), "Router Advertisement[Malformed Packet]");
        assert_eq!(span(&ra, "icmpv6.opt"), [(56, 2)]);
        let mld = dissect(1, MLD_RECORD_PAST_END);
        assert_eq!(mld.protocols(), "eth:ethertype:ipv6:icmpv6");
        assert_eq!(mld.field("icmpv6.mldr.nb_mcast_records"), "512");
        assert_eq!(mld.field("icmpv6.mldr.mar.record_type"), "0");
        assert_eq!(
            mld.info(),
            "Multicast Listener Report Message v2[Malformed Packet]"
        );
        assert_eq!(span(&mld, "icmpv6.mldr.mar"), [(62, 1)]);
    }

    /// Found by the `dissect` fuzz target: reserved fields of options cut short at their start. tshark 4.0
    /// still shows them, with no bytes (PDML `size="0"` at the end of the data); they used to claim their
    /// full size past the end.
    #[test]
    fn reserved_fields_at_the_end_cover_nothing() {
        let frames: [(u32, &str, Option<u32>, &str, u32); 3] = [
            (
                101,
                "6009fc7200483afffe80000000000000e00000000000000000020000000000000000000000000001860015000000008000000000000045030480",
                Some(0),
                "Router Advertisement[Malformed Packet]",
                58,
            ),
            (
                1,
                "0100000000000000f8ffffff86dd6000000000b03afffe80000000000000b29928ff950000000000000000ffffffffffffffff000001860024014020000f00000000000000030448",
                None,
                "Router Advertisement[Malformed Packet]",
                72,
            ),
            (
                0,
                "d66c86dd6000000000b03a360000000000000000b29928fffec8d66eff0200000000000000000000000000018600244020000f003d000000000000000448",
                Some(102),
                "Router Advertisement[Packet size limited during capture]",
                62,
            ),
        ];
        let reserved = crate::registry().lookup("icmpv6.opt.reserved").unwrap();
        for (link_type, hex, original_len, info, at) in frames {
            let d = dissect_all(&[Frame {
                link_type,
                hex,
                original_len,
            }]);
            let p = &d[0];
            assert_eq!(p.info(), info);
            let spans: Vec<_> = p
                .tree
                .occurrences(reserved)
                .map(|i| (i.offset, i.len))
                .collect();
            assert_eq!(spans, [(at, 0)], "{hex}");
        }
    }

    #[test]
    fn mutated_frames_never_panic() {
        let samples: Vec<Vec<u8>> = [
            NEIGHBOR_SOLICITATION,
            ROUTER_ADVERTISEMENT,
            MLDV2_QUERY,
            MLDV2_REPORT,
            PREF64_BAD_PLC,
        ]
        .iter()
        .map(|h| crate::testutil::hex(h))
        .collect();
        let mut state = 0x1234_5678_9abc_def1u64;
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
                let at = 54 + (next() as usize) % (bytes.len() - 54);
                bytes[at] = match next() % 3 {
                    0 => (next() % 40) as u8,
                    _ => next() as u8,
                };
            }
            let cut = 54 + (next() as usize) % (bytes.len() - 53);
            bytes.truncate(cut);
            let meta = crate::FrameMeta {
                number: i + 1,
                secs: 1_000,
                nanos: 0,
                interface_id: None,
                section_number: None,
                link_type: 1,
                original_len: bytes.len() as u32,
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
            NEIGHBOR_SOLICITATION,
            ROUTER_ADVERTISEMENT,
            MLDV2_QUERY,
            MLDV2_REPORT,
            ECHO_REPLY,
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
        // As tshark: a router advertisement cut inside its prefix option shows the option's first fields.
        let bytes = crate::testutil::hex(ROUTER_ADVERTISEMENT);
        let h: String = bytes[..76].iter().map(|b| format!("{b:02x}")).collect();
        let p = dissect(1, &h);
        assert_eq!(p.field("icmpv6.opt.prefix.length"), "72");
        assert_eq!(p.field("icmpv6.opt.prefix.flag"), "0xc0");
        assert!(!p.has("icmpv6.opt.prefix.valid_lifetime"));
        assert_eq!(p.info(), "Router Advertisement[Malformed Packet]");
    }
}

//! IPv6 (RFC 8200): the fixed header, the extension headers Wireshark 4.0 shows as protocols of their own
//! (`ipv6.hopopts`, `ipv6.routing`, `ipv6.fraghdr`, `ipv6.dstopts`), fragment reassembly, and the payload
//! handed on by next header.

use std::net::Ipv6Addr;

use fields::{ItemIdx, Value};

use crate::cx::{NetInfo, read};
use crate::protocols::ip::IP_PROTO_NAMES;
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto IPV6 = super::ids::IPV6, "Internet Protocol Version 6", "IPv6", "ipv6";
    VERSION: "ipv6.version", "Version", UInt8, Dec;
    TCLASS: "ipv6.tclass", "Traffic Class", UInt32, Hex, mask 0x0ff00000;
    TCLASS_DSCP: "ipv6.tclass.dscp", "Differentiated Services Codepoint", UInt32, Dec, mask 0x0fc00000, values DSCP_NAMES;
    TCLASS_ECN: "ipv6.tclass.ecn", "Explicit Congestion Notification", UInt32, Dec, mask 0x00300000, values ECN_NAMES;
    FLOW: "ipv6.flow", "Flow Label", UInt24, Hex, mask 0xfffff;
    PLEN: "ipv6.plen", "Payload Length", UInt16, Dec;
    NXT: "ipv6.nxt", "Next Header", UInt8, Dec, values IP_PROTO_NAMES;
    HLIM: "ipv6.hlim", "Hop Limit", UInt8, Dec;
    SRC: "ipv6.src", "Source Address", Ipv6, None, blurb "Source IPv6 Address";
    SRC_HOST: "ipv6.src_host", "Source Host", String, None, blurb "Source IPv6 Host";
    SRC_SLAAC_MAC: "ipv6.src_slaac_mac", "Source SLAAC MAC", Ether, None, blurb "Source IPv6 Stateless Address Autoconfiguration (SLAAC) 48-bit MAC Identifier";
    SRC_ISATAP_IPV4: "ipv6.src_isatap_ipv4", "Source ISATAP IPv4", Ipv4, None, blurb "Source IPv6 ISATAP Encapsulated IPv4 Address";
    SRC_6TO4_GW_IPV4: "ipv6.src_6to4_gw_ipv4", "Source 6to4 Gateway IPv4", Ipv4, None, blurb "Source IPv6 6to4 Gateway IPv4 Address";
    SRC_6TO4_SLA_ID: "ipv6.src_6to4_sla_id", "Source 6to4 SLA ID", UInt16, Dec, blurb "Source IPv6 6to4 SLA ID";
    SRC_TS_IPV4: "ipv6.src_ts_ipv4", "Source Teredo Server IPv4", Ipv4, None, blurb "Source IPv6 Teredo Server Encapsulated IPv4 Address";
    SRC_TC_PORT: "ipv6.src_tc_port", "Source Teredo Port", UInt16, Dec, blurb "Source IPv6 Teredo Client Mapped Port";
    SRC_TC_IPV4: "ipv6.src_tc_ipv4", "Source Teredo Client IPv4", Ipv4, None, blurb "Source IPv6 Teredo Client Encapsulated IPv4 Address";
    SRC_EMBED_IPV4: "ipv6.src_embed_ipv4", "Source Embedded IPv4", Ipv4, None, blurb "Source IPv4-Embedded IPv6 Address";
    DST: "ipv6.dst", "Destination Address", Ipv6, None, blurb "Destination IPv6 Address";
    DST_HOST: "ipv6.dst_host", "Destination Host", String, None, blurb "Destination IPv6 Host";
    DST_SLAAC_MAC: "ipv6.dst_slaac_mac", "Destination SLAAC MAC", Ether, None, blurb "Destination IPv6 Stateless Address Autoconfiguration (SLAAC) 48-bit MAC Identifier";
    DST_ISATAP_IPV4: "ipv6.dst_isatap_ipv4", "Destination ISATAP IPv4", Ipv4, None, blurb "Destination IPv6 ISATAP Encapsulated IPv4 Address";
    DST_6TO4_GW_IPV4: "ipv6.dst_6to4_gw_ipv4", "Destination 6to4 Gateway IPv4", Ipv4, None, blurb "Destination IPv6 6to4 Gateway IPv4 Address";
    DST_6TO4_SLA_ID: "ipv6.dst_6to4_sla_id", "Destination 6to4 SLA ID", UInt16, Dec, blurb "Destination IPv6 6to4 SLA ID";
    DST_TS_IPV4: "ipv6.dst_ts_ipv4", "Destination Teredo Server IPv4", Ipv4, None, blurb "Destination IPv6 Teredo Server Encapsulated IPv4 Address";
    DST_TC_PORT: "ipv6.dst_tc_port", "Destination Teredo Port", UInt16, Dec, blurb "Destination IPv6 Teredo Client Mapped Port";
    DST_TC_IPV4: "ipv6.dst_tc_ipv4", "Destination Teredo Client IPv4", Ipv4, None, blurb "Destination IPv6 Teredo Client Encapsulated IPv4 Address";
    DST_EMBED_IPV4: "ipv6.dst_embed_ipv4", "Destination Embedded IPv4", Ipv4, None, blurb "Destination IPv4-Embedded IPv6 Address";
    ADDR: "ipv6.addr", "Source or Destination Address", Ipv6, None;
    HOST: "ipv6.host", "Source or Destination Host", String, None;
    SLAAC_MAC: "ipv6.slaac_mac", "SLAAC MAC", Ether, None, blurb "IPv6 Stateless Address Autoconfiguration (SLAAC) 48-bit MAC Identifier";
    ISATAP_IPV4: "ipv6.isatap_ipv4", "ISATAP IPv4", Ipv4, None, blurb "IPv6 ISATAP Encapsulated IPv4 Address";
    SIXTO4_GW_IPV4: "ipv6.6to4_gw_ipv4", "6to4 Gateway IPv4", Ipv4, None, blurb "IPv6 6to4 Gateway IPv4 Address";
    SIXTO4_SLA_ID: "ipv6.6to4_sla_id", "6to4 SLA ID", UInt16, Dec, blurb "IPv6 6to4 SLA ID";
    TS_IPV4: "ipv6.ts_ipv4", "Teredo Server IPv4", Ipv4, None, blurb "IPv6 Teredo Server Encapsulated IPv4 Address";
    TC_PORT: "ipv6.tc_port", "Teredo Port", UInt16, Dec, blurb "IPv6 Teredo Client Mapped Port";
    TC_IPV4: "ipv6.tc_ipv4", "Teredo Client IPv4", Ipv4, None, blurb "IPv6 Teredo Client Encapsulated IPv4 Address";
    EMBED_IPV4_PREFIX: "ipv6.embed_ipv4_prefix", "Embedded IPv4 Prefix", Bytes, None, blurb "IPv4-Embedded IPv6 Address Prefix";
    EMBED_IPV4: "ipv6.embed_ipv4", "Embedded IPv4", Ipv4, None, blurb "IPv4-Embedded IPv6 Address";
    OPT: "ipv6.opt", "IPv6 Option", None, None, blurb "Option";
    OPT_TYPE: "ipv6.opt.type", "Type", UInt8, Hex, values OPT_TYPE_NAMES, blurb "Option type";
    OPT_TYPE_ACTION: "ipv6.opt.type.action", "Action", UInt8, Dec, mask 0xc0, values &[(0, "Skip and continue"), (1, "Discard"), (2, "Discard and send ICMP Parameter Problem"), (3, "Discard and send ICMP if not multicast")], blurb "Action for unrecognized option type";
    OPT_TYPE_CHANGE: "ipv6.opt.type.change", "May Change", Boolean, Bits(8), mask 0x20, tf ("Yes", "No"), blurb "Whether the option data may change en-route";
    OPT_TYPE_REST: "ipv6.opt.type.rest", "Low-Order Bits", UInt8, Hex, mask 0x1f, blurb "Remaining low-order bits";
    OPT_LENGTH: "ipv6.opt.length", "Length", UInt8, Dec, blurb "Option length in octets";
    OPT_PAD1: "ipv6.opt.pad1", "Pad1", None, None, blurb "Pad1 Option";
    OPT_PADN: "ipv6.opt.padn", "PadN", Bytes, None, blurb "PadN Option";
    OPT_ROUTER_ALERT: "ipv6.opt.router_alert", "Router Alert", UInt16, Dec, values &[(0, "MLD"), (1, "RSVP"), (2, "Active Network")], blurb "Router Alert Option";
    OPT_TEL: "ipv6.opt.tel", "Tunnel Encapsulation Limit", UInt8, Dec, blurb "How many further levels of encapsulation are permitted";
    OPT_JUMBO: "ipv6.opt.jumbo", "Payload Length", UInt32, Dec, blurb "IPv6 (Jumbo) Payload Length";
    OPT_MIPV6_HOME_ADDRESS: "ipv6.opt.mipv6.home_address", "MIPv6 Home Address", Ipv6, None;
    OPT_ILNP_NONCE: "ipv6.opt.ilnp_nonce", "ILNP Nonce", Bytes, None;
    OPT_EXPERIMENTAL: "ipv6.opt.experimental", "Experimental Option", Bytes, None;
    OPT_UNKNOWN: "ipv6.opt.unknown", "Unknown Option Payload", Bytes, None;
    FRAGMENT: "ipv6.fragment", "IPv6 Fragment", FrameNum, None;
    FRAGMENT_OVERLAP: "ipv6.fragment.overlap", "Fragment overlap", Boolean, Bits(0), blurb "Fragment overlaps with other fragments";
    FRAGMENT_OVERLAP_CONFLICT: "ipv6.fragment.overlap.conflict", "Conflicting data in fragment overlap", Boolean, Bits(0), blurb "Overlapping fragments contained conflicting data";
    FRAGMENT_MULTIPLETAILS: "ipv6.fragment.multipletails", "Multiple tail fragments found", Boolean, Bits(0), blurb "Several tails were found when defragmenting the packet";
    FRAGMENT_TOOLONGFRAGMENT: "ipv6.fragment.toolongfragment", "Fragment too long", Boolean, Bits(0), blurb "Fragment contained data past end of packet";
    FRAGMENT_ERROR: "ipv6.fragment.error", "Defragmentation error", FrameNum, None, blurb "Defragmentation error due to illegal fragments";
    FRAGMENT_COUNT: "ipv6.fragment.count", "Fragment count", UInt32, Dec;
    FRAGMENTS: "ipv6.fragments", "IPv6 Fragments", None, None;
    REASSEMBLED_IN: "ipv6.reassembled.in", "Reassembled IPv6 in frame", FrameNum, None, blurb "This IPv6 packet is reassembled in this frame";
    REASSEMBLED_LENGTH: "ipv6.reassembled.length", "Reassembled IPv6 length", UInt32, Dec, blurb "The total length of the reassembled payload";
    REASSEMBLED_DATA: "ipv6.reassembled.data", "Reassembled IPv6 data", Bytes, None, blurb "The reassembled payload";
    OPT_JUMBO_MISSING: "ipv6.opt.jumbo.missing", "IPv6 payload length equals 0 and Hop-By-Hop present and Jumbo Payload option missing", None, None;
    OPT_JUMBO_PROHIBITED: "ipv6.opt.jumbo.prohibited", "When IPv6 payload length does not equal 0 a Jumbo Payload option must not be present", None, None;
    OPT_JUMBO_TRUNCATED: "ipv6.opt.jumbo.truncated", "Jumbo Payload option present and jumbo length < 65536", None, None;
    OPT_INVALID_LEN: "ipv6.opt.invalid_len", "Invalid IPv6 option length", None, None;
    OPT_UNKNOWN_DATA_EXPERT: "ipv6.opt.unknown_data.expert", "Unknown Data (not interpreted)", None, None;
    PLEN_EXCEEDS_FRAMING: "ipv6.plen_exceeds_framing", "IPv6 payload length does not match expected framing length", None, None;
    PLEN_ZERO: "ipv6.plen_zero", "IPv6 payload length equals 0 (maybe because of \"TCP segmentation offload\" (TSO))", None, None;
    BOGUS_IPV6_VERSION: "ipv6.bogus_ipv6_version", "Bogus IP version", None, None;
    INVALID_HEADER: "ipv6.invalid_header", "Invalid IPv6 header", None, None;
    OPT_HEADER_MISMATCH: "ipv6.opt.header_mismatch", "Wrong options extension header for type", None, None;
}

/// The Hop-by-Hop Options header, a protocol of its own in Wireshark 4.0.
pub mod hopopts {
    fields::declare_protocol! {
        proto HOPOPTS = crate::protocols::ids::IPV6_HOPOPTS, "IPv6 Hop-by-Hop Option", "IPv6 Hop-by-Hop", "ipv6.hopopts";
        NXT: "ipv6.hopopts.nxt", "Next Header", UInt8, Dec, values crate::protocols::ip::IP_PROTO_NAMES;
        LEN: "ipv6.hopopts.len", "Length", UInt8, Dec, blurb "Extension header length in 8-octet words (minus 1)";
        LEN_OCT: "ipv6.hopopts.len_oct", "Length", UInt16, Dec, unit "bytes", blurb "Extension header length in octets";
        NOT_FIRST: "ipv6.hopopts.not_first", "IPv6 Hop-by-Hop extension header must appear immediately after IPv6 header", None, None;
    }
}

/// The Routing header.
pub mod routing {
    fields::declare_protocol! {
        proto ROUTING = crate::protocols::ids::IPV6_ROUTING, "Routing Header for IPv6", "IPv6 Routing", "ipv6.routing";
        NXT: "ipv6.routing.nxt", "Next Header", UInt8, Dec, values crate::protocols::ip::IP_PROTO_NAMES;
        LEN: "ipv6.routing.len", "Length", UInt8, Dec, blurb "Extension header length in 8-octet words (minus 1)";
        LEN_OCT: "ipv6.routing.len_oct", "Length", UInt16, Dec, unit "bytes", blurb "Extension header length in octets";
        TYPE: "ipv6.routing.type", "Type", UInt8, Dec, values super::ROUTING_TYPE_NAMES, blurb "Routing Header Type";
        SEGLEFT: "ipv6.routing.segleft", "Segments Left", UInt8, Dec, blurb "Routing Header Segments Left";
        UNKNOWN_DATA: "ipv6.routing.unknown_data", "Type-Specific Data", Bytes, None, blurb "Unknown routing header type-specific data";
        SRC_RESERVED: "ipv6.routing.src.reserved", "Reserved", Bytes, None, blurb "Must be zero";
        SRC_ADDR: "ipv6.routing.src.addr", "Address", Ipv6, None, blurb "Source Routing Header Address";
        MIPV6_RESERVED: "ipv6.routing.mipv6.reserved", "Reserved", Bytes, None, blurb "Must be zero";
        MIPV6_HOME_ADDRESS: "ipv6.routing.mipv6.home_address", "Home Address", Ipv6, None;
        SRH_LAST_ENTRY: "ipv6.routing.srh.last_entry", "Last Entry", UInt8, Dec, blurb "Index (zero based) of the last element of the Segment List";
        SRH_FLAGS: "ipv6.routing.srh.flags", "Flags", UInt8, Hex, blurb "Unused, 8 bits of flags";
        SRH_TAG: "ipv6.routing.srh.tag", "Tag", Bytes, None, blurb "Tag a packet as part of a class or group of packets";
        SRH_ADDR: "ipv6.routing.srh.addr", "Address", Ipv6, None, blurb "Segment address";
        INVALID_LENGTH: "ipv6.routing.invalid_length", "Invalid IPv6 Routing header length", None, None;
        INVALID_SEGLEFT: "ipv6.routing.invalid_segleft", "IPv6 Routing Header segments left field must not exceed address count", None, None;
        UNDECODED: "ipv6.routing.undecoded", "Undecoded IPv6 routing header field", None, None;
        DEPRECATED: "ipv6.routing.deprecated", "Routing header type is deprecated", None, None;
    }
}

/// The Fragment header.
pub mod fraghdr {
    fields::declare_protocol! {
        proto FRAGHDR = crate::protocols::ids::IPV6_FRAGHDR, "Fragment Header for IPv6", "IPv6 Fragment", "ipv6.fraghdr";
        NXT: "ipv6.fraghdr.nxt", "Next header", UInt8, Dec, values crate::protocols::ip::IP_PROTO_NAMES;
        RESERVED_OCTET: "ipv6.fraghdr.reserved_octet", "Reserved octet", UInt8, Hex, blurb "Should always be 0";
        OFFSET: "ipv6.fraghdr.offset", "Offset", UInt16, Dec, mask 0xfff8, blurb "Fragment Offset";
        RESERVED_BITS: "ipv6.fraghdr.reserved_bits", "Reserved bits", UInt16, Dec, mask 0x0006;
        MORE: "ipv6.fraghdr.more", "More Fragments", Boolean, Bits(16), mask 0x0001, tf ("Yes", "No");
        IDENT: "ipv6.fraghdr.ident", "Identification", UInt32, Hex, blurb "Fragment Identification";
    }
}

/// The Destination Options header.
pub mod dstopts {
    fields::declare_protocol! {
        proto DSTOPTS = crate::protocols::ids::IPV6_DSTOPTS, "Destination Options for IPv6", "IPv6 Destination", "ipv6.dstopts";
        NXT: "ipv6.dstopts.nxt", "Next Header", UInt8, Dec, values crate::protocols::ip::IP_PROTO_NAMES;
        LEN: "ipv6.dstopts.len", "Length", UInt8, Dec, blurb "Extension header length in 8-octet words (minus 1)";
        LEN_OCT: "ipv6.dstopts.len_oct", "Length", UInt16, Dec, unit "bytes", blurb "Extension header length in octets";
    }
}

static DSCP_NAMES: &[(u64, &str)] = &[
    (0, "Default"),
    (1, "Lower Effort"),
    (8, "Class Selector 1"),
    (10, "Assured Forwarding 11"),
    (12, "Assured Forwarding 12"),
    (14, "Assured Forwarding 13"),
    (16, "Class Selector 2"),
    (18, "Assured Forwarding 21"),
    (20, "Assured Forwarding 22"),
    (22, "Assured Forwarding 23"),
    (24, "Class Selector 3"),
    (26, "Assured Forwarding 31"),
    (28, "Assured Forwarding 32"),
    (30, "Assured Forwarding 33"),
    (32, "Class Selector 4"),
    (34, "Assured Forwarding 41"),
    (36, "Assured Forwarding 42"),
    (38, "Assured Forwarding 43"),
    (40, "Class Selector 5"),
    (44, "Voice Admit"),
    (46, "Expedited Forwarding"),
    (48, "Class Selector 6"),
    (56, "Class Selector 7"),
];

static ECN_NAMES: &[(u64, &str)] = &[
    (0, "Not ECN-Capable Transport"),
    (1, "ECN-Capable Transport codepoint '01'"),
    (2, "ECN-Capable Transport codepoint '10'"),
    (3, "Congestion Experienced"),
];

/// Option types of the Hop-by-Hop and Destination Options headers (`ipv6.opt.type`).
static OPT_TYPE_NAMES: &[(u64, &str)] = &[
    (0, "Pad1"),
    (1, "PadN"),
    (4, "Tunnel Encapsulation Limit"),
    (5, "Router Alert"),
    (7, "CALIPSO"),
    (8, "SMF_DPD"),
    (15, "Performance and Diagnostic Metrics"),
    (30, "Experimental (0x1E)"),
    (38, "Quick-Start"),
    (48, "Path MTU Option"),
    (49, "IOAM Option"),
    (62, "Experimental (0x3E)"),
    (65, "Tunnel Payload Forwarding (TPF) Information"),
    (94, "Experimental (0x5E)"),
    (99, "RPL Option"),
    (109, "MPL Option"),
    (126, "Experimental (0x7E)"),
    (138, "Endpoint Identification"),
    (139, "ILNP Nonce"),
    (140, "Line-Identification Option"),
    (158, "Experimental (0x9E)"),
    (190, "Experimental (0xBE)"),
    (194, "Jumbo Payload"),
    (201, "Home Address"),
    (222, "Experimental (0xDE)"),
    (238, "IP_DFF"),
    (254, "Experimental (0xFE)"),
];

/// Routing header types (`ipv6.routing.type`).
pub static ROUTING_TYPE_NAMES: &[(u64, &str)] = &[
    (0, "Source Route"),
    (1, "Nimrod"),
    (2, "Type 2 Routing"),
    (3, "RPL Source Route"),
    (4, "Segment Routing"),
    (5, "Compact Routing Header 16"),
    (6, "Compact Routing Header 32"),
    (253, "Experiment 1"),
    (254, "Experiment 2"),
];

/// The fields that show a reassembled IPv6 datagram.
pub static FRAGMENT_FIELDS: crate::reassembly::FragmentFields = crate::reassembly::FragmentFields {
    name: "IPv6",
    noun: "Fragments",
    source_name: "Reassembled IPv6",
    fragments: FRAGMENTS,
    fragments_are_bytes: false,
    fragment: FRAGMENT,
    error: FRAGMENT_ERROR,
    overlap: FRAGMENT_OVERLAP,
    overlap_conflict: FRAGMENT_OVERLAP_CONFLICT,
    multiple_tails: FRAGMENT_MULTIPLETAILS,
    too_long: FRAGMENT_TOOLONGFRAGMENT,
    count: FRAGMENT_COUNT,
    reassembled_length: REASSEMBLED_LENGTH,
    reassembled_data: Some(REASSEMBLED_DATA),
};

const HEADER_LEN: usize = 40;

fn name_of(table: &[(u64, &'static str)], v: u64) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v).map(|(_, n)| *n)
}

/// The IPv6 header and everything after it. Returns the bytes covered (header plus payload length).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let Some(first) = read::u8(data, offset) else {
        cx.push_layer(parent, PROTOCOL_FIELD, "ipv6", "IPv6", offset, 0);
        cx.cut_short(offset, data.len(), "IPv6");
        return avail;
    };
    if first >> 4 != 6 {
        // Wireshark's IPv6 dissector shows the version it refuses, then the packet is data to the layer
        // below (and `ipv6` is not among the frame's protocols).
        let version = (first >> 4) as u64;
        let parent = cx.layer_parent(parent);
        let it = cx.tree.add(parent, PROTOCOL_FIELD, offset, 1, Value::None);
        let v = cx.uint(it, VERSION, offset, 1, version);
        cx.set_bits_label(v, 8, 0xf0, first as u64, format_args!("Version: {version}"));
        cx.hidden(
            it,
            crate::protocols::ip::VERSION,
            offset,
            1,
            Value::UInt(version),
        );
        cx.expert(
            v,
            BOGUS_IPV6_VERSION,
            crate::cx::Severity::Error,
            crate::cx::Group::Malformed,
            format_args!("Bogus IPv6 version"),
        );
        if cx.tree.layers.last() == Some(&"ethertype") && cx.in_error == 0 {
            cx.set_protocol("0x86dd");
            cx.set_info(format_args!("IPv6"));
        }
        crate::protocols::data::dissect(cx, data, offset, parent);
        return avail;
    }
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "ipv6",
        "IPv6",
        offset,
        avail.min(HEADER_LEN),
    );
    let vi = cx.uint(top, VERSION, offset, 1, 6);
    cx.set_bits_label(vi, 8, 0xf0, first as u64, format_args!("Version: 6"));
    cx.hidden(
        top,
        crate::protocols::ip::VERSION,
        offset,
        1,
        Value::UInt(6),
    );
    if avail < HEADER_LEN && cx.in_error == 0 && !cx.lost_to_snaplen(data.len()) {
        cx.set_info(format_args!(
            "Invalid IPv6 header ({avail} bytes, need exactly 40)"
        ));
        cx.expert(
            top,
            INVALID_HEADER,
            crate::cx::Severity::Error,
            crate::cx::Group::Malformed,
            format_args!("IPv6 header must be exactly 40 bytes"),
        );
    }
    // The fields the bytes allow, in order; a header cut short ends in an exception as in Wireshark.
    let word = read::be32(data, offset);
    if let Some(w) = word {
        let tc = cx.bits(top, TCLASS, offset, 4, w as u64);
        let tclass = (w >> 20) as u8;
        cx.set_bits_label(
            tc,
            32,
            0x0ff0_0000,
            w as u64,
            format_args!(
                "Traffic Class: 0x{tclass:02x} (DSCP: {}, ECN: {})",
                crate::protocols::ip::dscp_short_name(tclass >> 2),
                crate::protocols::ip::ecn_short_name(tclass)
            ),
        );
        cx.bits(tc, TCLASS_DSCP, offset, 4, w as u64);
        cx.bits(tc, TCLASS_ECN, offset, 4, w as u64);
        cx.bits(top, FLOW, offset + 1, 3, w as u64);
    }
    // Wireshark reads the payload length and next header together.
    let (plen, nxt) = match (read::be16(data, offset + 4), read::u8(data, offset + 6)) {
        (Some(p), Some(n)) => {
            cx.uint(top, PLEN, offset + 4, 2, p as u64);
            cx.uint(top, NXT, offset + 6, 1, n as u64);
            (Some(p), Some(n))
        }
        _ => (None, None),
    };
    let hlim = read::u8(data, offset + 7);
    if let Some(h) = hlim {
        cx.uint(top, HLIM, offset + 7, 1, h as u64);
    }
    let src = read::array::<16>(data, offset + 8);
    if let Some(a) = src {
        add_address(cx, top, offset + 8, a, SRC, SRC_HOST);
    }
    let dst = read::array::<16>(data, offset + 24);
    let (Some(_), Some(plen), Some(nxt), Some(hlim), Some(src), Some(dst)) =
        (word, plen, nxt, hlim, src, dst)
    else {
        cx.cut_short(offset, data.len(), "IPv6");
        return avail;
    };
    add_address(cx, top, offset + 24, dst, DST, DST_HOST);
    address_details(cx, top, offset, &src, &dst);

    let (src_ip, dst_ip) = (Ipv6Addr::from(src), Ipv6Addr::from(dst));
    if top.is_stored() {
        cx.tree.set_label(
            top,
            format_args!("Internet Protocol Version 6, Src: {src_ip}, Dst: {dst_ip}"),
        );
    }
    if cx.in_error == 0 {
        cx.set_ipv6_addresses(src, dst);
    }
    cx.net = Some(NetInfo {
        src: src_ip.into(),
        dst: dst_ip.into(),
        ttl: hlim,
        reported_end: if plen == 0 {
            data.len()
        } else {
            offset + HEADER_LEN + plen as usize
        },
    });

    // The payload: as long as the payload length says, within what the layer below delivered. A zero
    // length (jumbograms, segmentation offload) takes everything.
    let payload = offset + HEADER_LEN;
    let framing = data.len() - payload;
    let end = if plen == 0 {
        // Wireshark notes a zero length (segmentation offload, or a jumbogram when a Hop-by-Hop header
        // follows) unless no header follows at all.
        if nxt != 59 && nxt != 0 {
            cx.tree.add(top, PLEN_ZERO, offset + 4, 2, Value::None);
        }
        data.len()
    } else {
        let wanted = plen as usize;
        if wanted > framing && cx.in_error == 0 && !cx.lost_to_snaplen(data.len()) {
            cx.tree
                .add(top, PLEN_EXCEEDS_FRAMING, offset + 4, 2, Value::None);
        }
        payload + wanted.min(framing)
    };
    let covered = HEADER_LEN + if plen == 0 { framing } else { plen as usize };
    let data = &data[..end];
    let mut chain = Chain {
        top,
        src,
        dst,
        first_header: true,
        plen_zero: plen == 0,
        info_headers: 0,
    };
    next_header(cx, data, payload, nxt, &mut chain);
    covered.min(avail)
}

/// What the extension header chain carries from one header to the next.
struct Chain {
    top: ItemIdx,
    src: [u8; 16],
    dst: [u8; 16],
    first_header: bool,
    plen_zero: bool,
    /// Extension headers already named in the Info column.
    info_headers: u8,
}

/// Names an extension header in the Info column: the first replaces what is there, the next ones are
/// appended with Wireshark's " , " separator.
fn ext_info(cx: &mut Cx, chain: &mut Chain, text: &str) {
    if cx.in_error > 0 {
        return;
    }
    if chain.info_headers == 0 {
        cx.set_info(format_args!("{text}"));
    } else {
        cx.append_info(format_args!(" , {text}"));
    }
    chain.info_headers = chain.info_headers.saturating_add(1);
}

/// Dissects the header `nxt` at `o` and what follows it: extension headers in turn, then the upper layer.
fn next_header(cx: &mut Cx, data: &[u8], mut o: usize, mut nxt: u8, chain: &mut Chain) {
    loop {
        let handled = match nxt {
            0 | 60 => options_header(cx, data, o, nxt, chain),
            43 => routing_header(cx, data, o, chain),
            44 => return fragment_header(cx, data, o, chain),
            _ => None,
        };
        match handled {
            Some((next, len)) => {
                nxt = next;
                o += len;
                chain.first_header = false;
            }
            None if matches!(nxt, 0 | 43 | 60) => return,
            None => break,
        }
    }
    upper_layer(cx, data, o, nxt, chain.top);
}

/// Hands the payload to the protocol `nxt` names.
fn upper_layer(cx: &mut Cx, data: &[u8], o: usize, nxt: u8, top: ItemIdx) {
    if nxt == 59 {
        cx.set_info(format_args!("IPv6 no next header"));
        crate::protocols::data::dissect(cx, data, o, top);
        return;
    }
    match dispatch::by_ip_proto(nxt) {
        Some(next) => {
            next(cx, data, o, top);
        }
        None => {
            cx.set_info(format_args!(
                "Unknown IP Protocol: {} ({nxt})",
                name_of(IP_PROTO_NAMES, nxt as u64).unwrap_or("Unknown")
            ));
            crate::protocols::data::dissect(cx, data, o, top);
        }
    }
}

/// Adds an address with its hidden companions (`ipv6.addr`, the host fields).
fn add_address(
    cx: &mut Cx,
    top: ItemIdx,
    offset: usize,
    a: [u8; 16],
    field: fields::FieldId,
    host_field: fields::FieldId,
) {
    cx.tree.add(top, field, offset, 16, Value::Ipv6(a));
    cx.hidden(top, ADDR, offset, 16, Value::Ipv6(a));
    if cx.tree.wants(host_field) || cx.tree.wants(HOST) {
        // Name resolution is off: the host fields hold the address text.
        let v = cx.tree.text_value(&Ipv6Addr::from(a).to_string());
        cx.hidden(top, host_field, offset, 16, v);
        cx.hidden(top, HOST, offset, 16, v);
    }
}

/// What Wireshark derives from special addresses: 6to4 gateways, Teredo servers and clients, SLAAC MACs,
/// ISATAP and IPv4-embedded addresses. Each kind is shown for the source, then the destination.
fn address_details(cx: &mut Cx, top: ItemIdx, offset: usize, src: &[u8; 16], dst: &[u8; 16]) {
    let g = fields::tree::flags::GENERATED;
    let h = fields::tree::flags::HIDDEN | g;
    let s = cx.tree.current_source();
    let sides = [(src, offset + 8, true), (dst, offset + 24, false)];
    // 6to4: 2002:gggg:gggg:ssss::/64.
    for (a, o, is_src) in sides {
        if a[0] == 0x20 && a[1] == 0x02 {
            let gw = Value::Ipv4([a[2], a[3], a[4], a[5]]);
            let sla = Value::UInt(u16::from_be_bytes([a[6], a[7]]) as u64);
            let (f_gw, f_sla) = if is_src {
                (SRC_6TO4_GW_IPV4, SRC_6TO4_SLA_ID)
            } else {
                (DST_6TO4_GW_IPV4, DST_6TO4_SLA_ID)
            };
            cx.tree.add_in(top, f_gw, s, o + 2, 4, gw, g);
            cx.tree.add_in(top, f_sla, s, o + 6, 2, sla, g);
            cx.tree.add_in(top, SIXTO4_GW_IPV4, s, o + 2, 4, gw, h);
            cx.tree.add_in(top, SIXTO4_SLA_ID, s, o + 6, 2, sla, h);
        }
    }
    // Teredo: 2001:0000:ssss:ssss:flags:port:client, port and client obfuscated.
    for (a, o, is_src) in sides {
        if a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0 {
            let server = Value::Ipv4([a[4], a[5], a[6], a[7]]);
            let port = Value::UInt((!u16::from_be_bytes([a[10], a[11]])) as u64);
            let client = Value::Ipv4([!a[12], !a[13], !a[14], !a[15]]);
            let (f_ts, f_port, f_tc) = if is_src {
                (SRC_TS_IPV4, SRC_TC_PORT, SRC_TC_IPV4)
            } else {
                (DST_TS_IPV4, DST_TC_PORT, DST_TC_IPV4)
            };
            cx.tree.add_in(top, f_ts, s, o + 4, 4, server, g);
            cx.tree.add_in(top, f_port, s, o + 10, 2, port, g);
            cx.tree.add_in(top, f_tc, s, o + 12, 4, client, g);
            cx.tree.add_in(top, TS_IPV4, s, o + 4, 4, server, h);
            cx.tree.add_in(top, TC_PORT, s, o + 10, 2, port, h);
            cx.tree.add_in(top, TC_IPV4, s, o + 12, 4, client, h);
        }
    }
    // SLAAC: a modified EUI-64 interface identifier (universal bit set, ff:fe in the middle).
    for (a, o, is_src) in sides {
        if a[8] & 0x02 != 0 && a[11] == 0xff && a[12] == 0xfe {
            let mac = Value::Ether([a[8] ^ 0x02, a[9], a[10], a[13], a[14], a[15]]);
            let f = if is_src { SRC_SLAAC_MAC } else { DST_SLAAC_MAC };
            cx.tree.add_in(top, f, s, o + 8, 8, mac, g);
            cx.tree.add_in(top, SLAAC_MAC, s, o + 8, 8, mac, h);
        }
    }
    // ISATAP: interface identifier 0000:5efe or 0200:5efe followed by the IPv4 address.
    for (a, o, is_src) in sides {
        if a[8] & 0xfd == 0 && a[9] == 0 && a[10] == 0x5e && a[11] == 0xfe {
            let v4 = Value::Ipv4([a[12], a[13], a[14], a[15]]);
            let f = if is_src {
                SRC_ISATAP_IPV4
            } else {
                DST_ISATAP_IPV4
            };
            cx.tree.add_in(top, f, s, o + 12, 4, v4, g);
            cx.tree.add_in(top, ISATAP_IPV4, s, o + 12, 4, v4, h);
        }
    }
    // IPv4-embedded addresses under the well-known prefix 64:ff9b::/96.
    for (a, o, is_src) in sides {
        if a[..12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] {
            let v4 = Value::Ipv4([a[12], a[13], a[14], a[15]]);
            let f = if is_src {
                SRC_EMBED_IPV4
            } else {
                DST_EMBED_IPV4
            };
            cx.tree
                .add_in(top, EMBED_IPV4_PREFIX, s, o, 12, Value::Bytes, g);
            cx.tree.add_in(top, f, s, o + 12, 4, v4, g);
            cx.tree.add_in(top, EMBED_IPV4, s, o + 12, 4, v4, g);
        }
    }
}

/// Reads the next-header and length octets of an extension header; reports a header cut short.
fn ext_header_start(cx: &mut Cx, data: &[u8], o: usize) -> Option<(u8, usize)> {
    let (Some(nxt), Some(len)) = (read::u8(data, o), read::u8(data, o + 1)) else {
        cx.cut_short(o, data.len(), "IPv6");
        return None;
    };
    Some((nxt, (len as usize + 1) * 8))
}

/// Hop-by-Hop (`nxt` 0) or Destination (`nxt` 60) Options header. Returns its next header and length.
fn options_header(
    cx: &mut Cx,
    data: &[u8],
    o: usize,
    which: u8,
    chain: &mut Chain,
) -> Option<(u8, usize)> {
    let hop = which == 0;
    let (proto, filter, f_nxt, f_len, f_len_oct) = if hop {
        (
            hopopts::PROTOCOL_FIELD,
            "ipv6.hopopts",
            hopopts::NXT,
            hopopts::LEN,
            hopopts::LEN_OCT,
        )
    } else {
        (
            dstopts::PROTOCOL_FIELD,
            "ipv6.dstopts",
            dstopts::NXT,
            dstopts::LEN,
            dstopts::LEN_OCT,
        )
    };
    let avail = data.len().saturating_sub(o);
    let declared = read::u8(data, o + 1).map_or(avail, |l| (l as usize + 1) * 8);
    let it = cx.push_sublayer(chain.top, proto, filter, "", o, declared.min(avail));
    extend_top(cx, chain.top, o + declared.min(avail));
    let text = if hop {
        "IPv6 hop-by-hop options"
    } else {
        "IPv6 destination options"
    };
    ext_info(cx, chain, text);
    let (nxt, len) = ext_header_start(cx, data, o)?;
    cx.uint(it, f_nxt, o, 1, nxt as u64);
    cx.uint(it, f_len, o + 1, 1, (len / 8 - 1) as u64);
    cx.tree
        .add_generated(it, f_len_oct, o + 1, 1, Value::UInt(len as u64));
    if hop && !chain.first_header {
        cx.tree.add(it, hopopts::NOT_FIRST, o, 1, Value::None);
    }
    // Options are read up to the header's end; one running past the packet's bytes ends the dissection
    // (an option running past the header's end is read all the same, as Wireshark does).
    if !options(cx, data, o + 2, o + len, it, hop, chain) {
        cx.cut_short(o, data.len(), "IPv6");
        return None;
    }
    Some((nxt, len))
}

/// The options of a Hop-by-Hop or Destination Options header, from `o` to `end`. False when the packet's
/// bytes ran out first.
fn options(
    cx: &mut Cx,
    data: &[u8],
    mut o: usize,
    end: usize,
    parent: ItemIdx,
    hop: bool,
    chain: &Chain,
) -> bool {
    let mut jumbo_seen = false;
    while o < end {
        let Some(t) = read::u8(data, o) else {
            return false;
        };
        let name = name_of(OPT_TYPE_NAMES, t as u64);
        if t == 0 {
            let opt = cx.tree.add(parent, OPT, o, 1, Value::None);
            cx.tree.set_label(opt, format_args!("Pad1"));
            let ti = cx.uint(opt, OPT_TYPE, o, 1, 0);
            cx.tree.set_label(ti, format_args!("Type: Pad1 (0x00)"));
            cx.tree.add(opt, OPT_PAD1, o, 1, Value::None);
            o += 1;
            continue;
        }
        // An option appears once its type and length are there.
        let Some(len) = read::u8(data, o + 1).map(|l| l as usize) else {
            return false;
        };
        let opt = cx
            .tree
            .add(parent, OPT, o, read::clamp(data, o, len + 2), Value::None);
        match name {
            Some(n) => cx.tree.set_label(opt, format_args!("{n}")),
            None => cx
                .tree
                .set_label(opt, format_args!("Unknown IPv6 Option ({t})")),
        }
        option_type(cx, opt, o, t, name);
        cx.uint(opt, OPT_LENGTH, o + 1, 1, len as u64);
        let body = o + 2;
        if body + len > data.len() {
            return false;
        }
        match t {
            1 if len == 0 => {
                let v = cx.tree.text_value("<none>");
                cx.tree.add(opt, OPT_PADN, body, 0, v);
            }
            1 => {
                cx.tree.add(opt, OPT_PADN, body, len, Value::Bytes);
            }
            4 if len == 1 => {
                cx.uint(opt, OPT_TEL, body, 1, data[body] as u64);
            }
            5 if len == 2 => {
                let v = read::be16(data, body).unwrap_or(0);
                cx.uint(opt, OPT_ROUTER_ALERT, body, 2, v as u64);
            }
            194 if len == 4 => {
                jumbo_seen = true;
                let v = read::be32(data, body).unwrap_or(0);
                cx.uint(opt, OPT_JUMBO, body, 4, v as u64);
                if !chain.plen_zero {
                    cx.tree.add(opt, OPT_JUMBO_PROHIBITED, body, 4, Value::None);
                } else if v < 65536 {
                    cx.tree.add(opt, OPT_JUMBO_TRUNCATED, body, 4, Value::None);
                }
            }
            201 if len == 16 => {
                let a = read::array::<16>(data, body).unwrap_or_default();
                cx.tree
                    .add(opt, OPT_MIPV6_HOME_ADDRESS, body, 16, Value::Ipv6(a));
            }
            139 => {
                cx.tree.add(opt, OPT_ILNP_NONCE, body, len, Value::Bytes);
            }
            _ if t & 0x1f == 0x1e => {
                let v = bytes_or_missing(cx, len);
                cx.tree.add(opt, OPT_EXPERIMENTAL, body, len, v);
            }
            _ if name.is_none() => {
                let v = bytes_or_missing(cx, len);
                let u = cx.tree.add(opt, OPT_UNKNOWN, body, len, v);
                cx.tree
                    .add(u, OPT_UNKNOWN_DATA_EXPERT, body, len, Value::None);
            }
            _ => {
                // A known option Wireshark decodes further; its body is left undecoded here.
                if len > 0 {
                    let u = cx.tree.add(opt, OPT_UNKNOWN, body, len, Value::Bytes);
                    cx.tree
                        .add(u, OPT_UNKNOWN_DATA_EXPERT, body, len, Value::None);
                }
            }
        }
        o = body + len;
    }
    if hop && chain.plen_zero && !jumbo_seen {
        cx.tree.add(parent, OPT_JUMBO_MISSING, end, 0, Value::None);
    }
    true
}

/// A byte field's value: its bytes, or tshark's "<MISSING>" for none.
fn bytes_or_missing(cx: &mut Cx, len: usize) -> Value {
    if len == 0 {
        cx.tree.text_value("<MISSING>")
    } else {
        Value::Bytes
    }
}

/// `ipv6.opt.type` with its action, change and rest bits.
fn option_type(cx: &mut Cx, opt: ItemIdx, o: usize, t: u8, name: Option<&str>) {
    let ti = cx.uint(opt, OPT_TYPE, o, 1, t as u64);
    cx.tree.set_label(
        ti,
        format_args!("Type: {} (0x{t:02x})", name.unwrap_or("Unknown")),
    );
    cx.bits(ti, OPT_TYPE_ACTION, o, 1, t as u64);
    cx.bits(ti, OPT_TYPE_CHANGE, o, 1, t as u64);
    cx.bits(ti, OPT_TYPE_REST, o, 1, t as u64);
}

/// The IPv6 item covers its extension headers too.
fn extend_top(cx: &mut Cx, top: ItemIdx, end: usize) {
    if let Some(item) = cx.tree.item_mut(top) {
        let start = item.offset as usize;
        if end > start + item.len as usize {
            item.len = (end - start) as u32;
        }
    }
}

/// Routing header: types 0 (source route), 2 (Mobile IPv6) and 4 (segment routing) decoded, others shown
/// as type-specific data.
fn routing_header(cx: &mut Cx, data: &[u8], o: usize, chain: &mut Chain) -> Option<(u8, usize)> {
    use routing as r;
    let avail = data.len().saturating_sub(o);
    let declared = read::u8(data, o + 1).map_or(avail, |l| (l as usize + 1) * 8);
    let it = cx.push_sublayer(
        chain.top,
        r::PROTOCOL_FIELD,
        "ipv6.routing",
        "",
        o,
        declared.min(avail),
    );
    extend_top(cx, chain.top, o + declared.min(avail));
    ext_info(cx, chain, "IPv6 routing");
    // The fields appear one by one as far as the bytes go.
    let Some(nxt) = read::u8(data, o) else {
        cx.cut_short(o, data.len(), "IPv6 Routing");
        return None;
    };
    let kind = read::u8(data, o + 2);
    if let Some(k) = kind
        && it.is_stored()
    {
        match name_of(ROUTING_TYPE_NAMES, k as u64) {
            Some(n) => cx
                .tree
                .set_label(it, format_args!("Routing Header for IPv6 ({n})")),
            None => cx.tree.set_label(
                it,
                format_args!("Routing Header for IPv6 (Unknown type {k})"),
            ),
        }
    }
    cx.uint(it, r::NXT, o, 1, nxt as u64);
    let Some(len) = read::u8(data, o + 1).map(|l| (l as usize + 1) * 8) else {
        cx.cut_short(o, data.len(), "IPv6 Routing");
        return None;
    };
    cx.uint(it, r::LEN, o + 1, 1, (len / 8 - 1) as u64);
    cx.tree
        .add_generated(it, r::LEN_OCT, o + 1, 1, Value::UInt(len as u64));
    let Some(kind) = kind else {
        cx.cut_short(o, data.len(), "IPv6 Routing");
        return None;
    };
    let ti = cx.uint(it, r::TYPE, o + 2, 1, kind as u64);
    let Some(segleft) = read::u8(data, o + 3) else {
        cx.cut_short(o, data.len(), "IPv6 Routing");
        return None;
    };
    cx.uint(it, r::SEGLEFT, o + 3, 1, segleft as u64);
    // The header is shown as far as the bytes go; a header longer than the packet then ends the
    // dissection.
    let declared_end = o + len;
    let end = declared_end.min(data.len());
    let body = o + 4;
    match kind {
        0 | 2 => {
            let (f_res, f_addr) = if kind == 0 {
                (r::SRC_RESERVED, r::SRC_ADDR)
            } else {
                (r::MIPV6_RESERVED, r::MIPV6_HOME_ADDRESS)
            };
            if body + 4 <= end {
                cx.tree.add(it, f_res, body, 4, Value::Bytes);
            }
            let mut a = body + 4;
            let mut n = 1;
            while a + 16 <= end {
                let addr = read::array::<16>(data, a).unwrap_or_default();
                let ai = cx.tree.add(it, f_addr, a, 16, Value::Ipv6(addr));
                cx.tree
                    .set_label(ai, format_args!("Address[{n}]: {}", Ipv6Addr::from(addr)));
                a += 16;
                n += 1;
            }
            if declared_end <= data.len() {
                if (len - 8) % 16 != 0 {
                    cx.tree.add(it, r::INVALID_LENGTH, o + 1, 1, Value::None);
                }
                if kind == 0 {
                    cx.expert(
                        ti,
                        r::DEPRECATED,
                        crate::cx::Severity::Note,
                        crate::cx::Group::Deprecated,
                        format_args!("Routing header type is deprecated"),
                    );
                }
            }
        }
        4 if body + 4 <= end => {
            let last = data[body] as usize;
            cx.uint(it, r::SRH_LAST_ENTRY, body, 1, last as u64);
            cx.uint(it, r::SRH_FLAGS, body + 1, 1, data[body + 1] as u64);
            cx.tree.add(it, r::SRH_TAG, body + 2, 2, Value::Bytes);
            let mut a = body + 4;
            for n in 0..=last {
                if a + 16 > end {
                    break;
                }
                let addr = read::array::<16>(data, a).unwrap_or_default();
                let ai = cx.tree.add(it, r::SRH_ADDR, a, 16, Value::Ipv6(addr));
                cx.tree
                    .set_label(ai, format_args!("Address[{n}]: {}", Ipv6Addr::from(addr)));
                a += 16;
            }
        }
        _ => {
            if end > body {
                let u = cx
                    .tree
                    .add(it, r::UNKNOWN_DATA, body, end - body, Value::Bytes);
                cx.tree.add(u, r::UNDECODED, body, end - body, Value::None);
            }
        }
    }
    if declared_end > data.len() {
        if cx.lost_to_snaplen(data.len()) {
            cx.short(o, "IPv6 Routing truncated");
        } else {
            // Wireshark reports this one as a contained item longer than its container.
            cx.malformed_contained(o, "IPv6 routing header longer than the packet");
        }
        return None;
    }
    Some((nxt, len))
}

/// Fragment header: an atomic fragment is dissected in place; other fragments go to reassembly, and the
/// one that completes a datagram dissects the whole of it.
fn fragment_header(cx: &mut Cx, data: &[u8], o: usize, chain: &mut Chain) {
    use fraghdr as f;
    let avail = data.len().saturating_sub(o);
    let it = cx.push_sublayer(
        chain.top,
        f::PROTOCOL_FIELD,
        "ipv6.fraghdr",
        "",
        o,
        avail.min(8),
    );
    extend_top(cx, chain.top, o + avail.min(8));
    let (Some(nxt), Some(res), Some(off_flags), Some(ident)) = (
        read::u8(data, o),
        read::u8(data, o + 1),
        read::be16(data, o + 2),
        read::be32(data, o + 4),
    ) else {
        cx.cut_short(o, data.len(), "IPv6 Fragment");
        return;
    };
    cx.uint(it, f::NXT, o, 1, nxt as u64);
    cx.uint(it, f::RESERVED_OCTET, o + 1, 1, res as u64);
    let offset_item = cx.bits(it, f::OFFSET, o + 2, 2, off_flags as u64);
    // The field holds 8-byte units; Wireshark adds what they come to in bytes.
    cx.set_bits_label(
        offset_item,
        16,
        0xfff8,
        off_flags as u64,
        format_args!("Offset: {} ({} bytes)", off_flags >> 3, off_flags & 0xfff8),
    );
    cx.bits(it, f::RESERVED_BITS, o + 2, 2, off_flags as u64);
    cx.bits(it, f::MORE, o + 2, 2, off_flags as u64);
    cx.uint(it, f::IDENT, o + 4, 4, ident as u64);
    let frag_offset = (off_flags & 0xfff8) as usize;
    let more = off_flags & 1 != 0;
    let payload = o + 8;
    chain.first_header = false;
    if frag_offset == 0 && !more {
        next_header(cx, data, payload, nxt, chain);
        return;
    }
    if !cx.lost_to_snaplen(data.len()) && cx.in_error == 0 && payload <= data.len() {
        let key = crate::reassembly::FragKey::V6 {
            src: chain.src,
            dst: chain.dst,
            id: ident,
        };
        let number = cx.meta.number;
        if let Some(r) = cx
            .state
            .fragments
            .add(key, number, frag_offset, &data[payload..], more)
        {
            crate::reassembly::completed(cx, key, &r);
            let source = crate::reassembly::show(cx, chain.top, &FRAGMENT_FIELDS, &r);
            let previous = cx.tree.set_current_source(source);
            next_header(cx, &r.data, 0, nxt, chain);
            cx.tree.set_current_source(previous);
            return;
        }
        if let Some(n) = crate::reassembly::reassembled_later(cx, key) {
            cx.tree
                .add_generated(chain.top, REASSEMBLED_IN, 0, 0, Value::UInt(n));
        }
    }
    if cx.in_error == 0 {
        cx.set_info(format_args!(
            "IPv6 fragment (off={frag_offset} more={} ident=0x{ident:08x} nxt={nxt})",
            if more { "y" } else { "n" }
        ));
    }
    crate::protocols::data::dissect(cx, data, payload, chain.top);
}

#[cfg(test)]
mod tests {
    use crate::testutil::{Frame, dissect, dissect_all};

    /// zeek/ipv6-hbh-routing0.pcap frame 1 (113 bytes).
    const HBH_ROUTING0: &str = "\
        ffffffffffff00000000000086dd60000000003b0040200104f80004000702e081fffe52ffff200104f80004000702e0\
        81fffe529a6b2b0001040000000011040002000000002001007800010032000000000000000120010078000100320000\
        00000000000200350035000b8631585858\
    ";
    /// zeek/ipv6-http-atomic-frag.pcap frame 13 (82 bytes).
    const ATOMIC_FRAGMENT: &str = "\
        aa0004000a0400101895316a86dd60000000001c2c4020010db800010000000000000000000220010db8000100000000\
        0000000000010600000000000000e92e005069817905000000005002200068660000\
    ";
    /// tcpdump/ipv6_invalid_length.pcap frame 1 (53 bytes).
    const INVALID_LENGTH: &str = "\
        c0d68236032bf04da23d5da386dd6009d8d8004011402605bc8030100104000000008cd309ce26003c00e00000190000\
        0000000000\
    ";
    /// tcpdump/ipv6-bad-version.pcap frame 2 (86 bytes).
    const BAD_VERSION: &str = "\
        33330000000124843feb3cee86dd0000000000203afffe80000000000000020c29fffe766c14ff020000000000000000\
        0000000000018800ab1300000000fe80000000000000020c29fffe766c14020124843feb3cee\
    ";
    /// tcpdump/ip6_frag_asan.pcap frame 1 (60 bytes).
    const FRAGMENT_CUT_SHORT: &str = "\
        c0ceffa0000400002949ff7586dd651b21006a002c100452002200190000041ae4ff10ff484d22430080140001000019\
        fffffffffffb0bff00000100\
    ";
    /// ppa/ipv6_fragments.pcapng frame 1 (1510 bytes).
    const FRAGMENT_1: &str = "\
        7831c1cbb256000c292f803186dd6000000005b02c4020010db800010002000000000000100320010db8000100020000\
        0000000010003a000001cde008178000b1e9ea400001b58406540000000015f002000000000010111213141516171819\
        1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243444546474849\
        4a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879\
        7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9\
        aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9\
        dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00010203040506070809\
        0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839\
        3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263646566676869\
        6a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899\
        9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9\
        cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9\
        fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526272829\
        2a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859\
        5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f80818283848586878889\
        8a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9\
        babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9\
        eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f10111213141516171819\
        1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243444546474849\
        4a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879\
        7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9\
        aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9\
        dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00010203040506070809\
        0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839\
        3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263646566676869\
        6a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899\
        9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9\
        cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9\
        fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526272829\
        2a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859\
        5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f80818283848586878889\
        8a8b8c8d8e8f909192939495969798999a9b9c9d9e9f\
    ";
    /// ppa/ipv6_fragments.pcapng frame 2 (122 bytes).
    const FRAGMENT_2: &str = "\
        7831c1cbb256000c292f803186dd6000000000442c4020010db800010002000000000000100320010db8000100020000\
        0000000010003a0005a8cde00817a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1\
        c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadb\
    ";

    fn eth(hex: &str) -> Frame<'_> {
        Frame {
            link_type: 1,
            hex,
            original_len: None,
        }
    }

    #[test]
    fn header_hop_by_hop_and_source_route() {
        let p = dissect(1, HBH_ROUTING0);
        assert_eq!(
            p.protocols(),
            "eth:ethertype:ipv6:ipv6.hopopts:ipv6.routing:udp:dns"
        );
        assert_eq!(p.field("ipv6.version"), "6");
        assert_eq!(p.field("ip.version"), "6");
        assert_eq!(p.field("ipv6.tclass"), "0x00000000");
        assert_eq!(p.field("ipv6.tclass.dscp"), "0");
        assert_eq!(p.field("ipv6.flow"), "0x000000");
        assert_eq!(p.field("ipv6.plen"), "59");
        assert_eq!(p.field("ipv6.nxt"), "0");
        assert_eq!(p.field("ipv6.hlim"), "64");
        assert_eq!(p.field("ipv6.src"), "2001:4f8:4:7:2e0:81ff:fe52:ffff");
        assert_eq!(p.field("ipv6.dst"), "2001:4f8:4:7:2e0:81ff:fe52:9a6b");
        assert_eq!(
            p.field("ipv6.addr"),
            "2001:4f8:4:7:2e0:81ff:fe52:ffff,2001:4f8:4:7:2e0:81ff:fe52:9a6b"
        );
        assert_eq!(p.field("ipv6.src_host"), "2001:4f8:4:7:2e0:81ff:fe52:ffff");
        assert_eq!(p.field("ipv6.src_slaac_mac"), "00:e0:81:52:ff:ff");
        assert_eq!(p.field("ipv6.dst_slaac_mac"), "00:e0:81:52:9a:6b");
        assert_eq!(
            p.field("ipv6.slaac_mac"),
            "00:e0:81:52:ff:ff,00:e0:81:52:9a:6b"
        );
        assert_eq!(p.field("ipv6.hopopts.nxt"), "43");
        assert_eq!(p.field("ipv6.hopopts.len_oct"), "8");
        assert_eq!(p.field("ipv6.opt.type"), "0x01");
        assert_eq!(p.field("ipv6.opt.length"), "4");
        assert_eq!(p.field("ipv6.opt.padn"), "00000000");
        assert_eq!(p.field("ipv6.routing.nxt"), "17");
        assert_eq!(p.field("ipv6.routing.len"), "4");
        assert_eq!(p.field("ipv6.routing.len_oct"), "40");
        assert_eq!(p.field("ipv6.routing.type"), "0");
        assert_eq!(p.field("ipv6.routing.segleft"), "2");
        assert_eq!(p.field("ipv6.routing.src.reserved"), "00000000");
        assert_eq!(
            p.field("ipv6.routing.src.addr"),
            "2001:78:1:32::1,2001:78:1:32::2"
        );
        assert!(p.has("ipv6.routing.deprecated"));
        assert_eq!(p.field("udp.length"), "11");
        assert_eq!(p.tree.src_column, "2001:4f8:4:7:2e0:81ff:fe52:ffff");
    }

    #[test]
    fn atomic_fragment_is_dissected_in_place() {
        let p = dissect(1, ATOMIC_FRAGMENT);
        assert_eq!(p.protocols(), "eth:ethertype:ipv6:ipv6.fraghdr:tcp");
        assert_eq!(p.field("ipv6.fraghdr.nxt"), "6");
        assert_eq!(p.field("ipv6.fraghdr.offset"), "0");
        assert_eq!(p.field("ipv6.fraghdr.more"), "0");
        assert_eq!(p.field("ipv6.fraghdr.ident"), "0x00000000");
        assert_eq!(p.field("ipv6.fraghdr.reserved_octet"), "0x00");
        assert_eq!(p.field("tcp.srcport"), "59694");
        assert!(!p.has("ipv6.fragment"));
    }

    #[test]
    fn fragments_reassemble() {
        let d = dissect_all(&[eth(FRAGMENT_1), eth(FRAGMENT_2)]);
        let (first, last) = (&d[0], &d[1]);
        assert_eq!(first.protocols(), "eth:ethertype:ipv6:ipv6.fraghdr:data");
        assert_eq!(first.protocol(), "IPv6");
        assert_eq!(first.field("ipv6.fraghdr.more"), "1");
        assert_eq!(first.field("data.len"), "1448");
        assert_eq!(
            first.info(),
            "IPv6 fragment (off=0 more=y ident=0xcde00817 nxt=58)"
        );
        // Single pass: the first fragment does not know where it is reassembled.
        assert!(!first.has("ipv6.reassembled.in"));
        assert_eq!(
            last.protocols(),
            "eth:ethertype:ipv6:ipv6.fraghdr:icmpv6:data"
        );
        assert_eq!(last.field("ipv6.fraghdr.offset"), "181");
        assert_eq!(last.field("ipv6.fragment"), "1,2");
        assert_eq!(last.field("ipv6.fragments"), "1");
        assert_eq!(last.field("ipv6.fragment.count"), "2");
        assert_eq!(last.field("ipv6.reassembled.length"), "1508");
        assert_eq!(last.field("icmpv6.type"), "128");
        assert_eq!(last.field("icmpv6.checksum.status"), "1");
        assert_eq!(last.field("data.len"), "1500");
        assert_eq!(
            last.info(),
            "Echo (ping) request id=0xea40, seq=1, hop limit=64"
        );
        // The reassembled payload is a data source of its own, holding the ICMPv6 items.
        assert_eq!(last.tree.sources().len(), 1);
        assert_eq!(last.tree.sources()[0].name, "Reassembled IPv6");
        let reg = crate::registry();
        let icmp_type = reg.lookup("icmpv6.type").expect("registered");
        let item = last
            .tree
            .occurrences(icmp_type)
            .next()
            .expect("icmpv6.type");
        assert_eq!((item.source, item.offset), (1, 0));
    }

    #[test]
    fn invalid_and_refused_headers() {
        let p = dissect(1, INVALID_LENGTH);
        assert_eq!(p.protocols(), "eth:ethertype:ipv6");
        assert_eq!(p.field("ipv6.plen"), "64");
        assert_eq!(p.field("ipv6.src"), "2605:bc80:3010:104::8cd3:9ce");
        assert!(!p.has("ipv6.dst"));
        assert!(p.has("ipv6.invalid_header"));
        assert_eq!(
            p.info(),
            "Invalid IPv6 header (39 bytes, need exactly 40)[Malformed Packet]"
        );
        let p = dissect(1, BAD_VERSION);
        assert_eq!(p.protocols(), "eth:ethertype:data");
        assert_eq!(p.field("ipv6.version"), "0");
        assert_eq!(p.field("ip.version"), "0");
        assert!(p.has("ipv6.bogus_ipv6_version"));
        assert_eq!(p.field("data.len"), "72");
        assert_eq!(p.protocol(), "0x86dd");
        assert_eq!(p.info(), "IPv6");
    }

    /// Found by the `dissect` fuzz target: a Hop-by-Hop option whose body runs past the packet. tshark 4.0
    /// shows the option with its type and length, its item covering only the bytes there are (PDML
    /// `size="2"` at 42 of 44 bytes, `size="12"` with ten more), then the exception; the item used to claim
    /// the option's 105 bytes.
    #[test]
    fn option_running_past_the_packet_covers_what_is_there() {
        const HOP_OPTION_PAST_END: &str = "67000c290e67000000005254000ceecf675254000ceecf67cf67000000005254000ceecf5254000ceecf6767";
        let longer = format!("{HOP_OPTION_PAST_END}{}", "00".repeat(10));
        for (hex, original_len, span) in [
            (HOP_OPTION_PAST_END, None, (42, 2)),
            (HOP_OPTION_PAST_END, Some(58), (42, 2)),
            (longer.as_str(), None, (42, 12)),
        ] {
            let d = dissect_all(&[Frame {
                link_type: 101,
                hex,
                original_len,
            }]);
            let p = &d[0];
            assert_eq!(p.protocols(), "raw:ipv6:ipv6.hopopts");
            assert_eq!(p.field("ipv6.opt.type"), "0x67");
            assert_eq!(p.field("ipv6.opt.length"), "103");
            let opt = crate::registry().lookup("ipv6.opt").unwrap();
            let spans: Vec<_> = p.tree.occurrences(opt).map(|i| (i.offset, i.len)).collect();
            assert_eq!(spans, [span]);
            if original_len.is_none() {
                assert!(p.has("_ws.malformed"));
            }
        }
    }

    #[test]
    fn cut_short_by_the_snapshot_length() {
        let d = dissect_all(&[Frame {
            link_type: 1,
            hex: FRAGMENT_CUT_SHORT,
            original_len: Some(262_144),
        }]);
        let p = &d[0];
        assert_eq!(p.protocols(), "eth:ethertype:ipv6:ipv6.fraghdr");
        assert_eq!(p.field("ipv6.plen"), "27136");
        assert_eq!(p.protocol(), "IPv6");
        assert_eq!(p.info(), "[Packet size limited during capture]");
        assert!(p.has("_ws.short"));
    }

    /// Random mutations of IPv6, ICMPv6 and fragment frames (bytes flipped, lengths and next headers
    /// rewritten) never panic, whatever state reassembly is in.
    #[test]
    fn mutated_frames_never_panic() {
        let samples: Vec<Vec<u8>> = [HBH_ROUTING0, ATOMIC_FRAGMENT, FRAGMENT_1, FRAGMENT_2]
            .iter()
            .map(|h| crate::testutil::hex(h))
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
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
                let at = 14 + (next() as usize) % (bytes.len() - 14);
                bytes[at] = match next() % 4 {
                    // Next headers the chain knows, to reach every extension header.
                    0 => [0u8, 43, 44, 60, 58, 17, 6, 59][(next() % 8) as usize],
                    _ => next() as u8,
                };
            }
            let cut = 14 + (next() as usize) % (bytes.len() - 13);
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
    fn cut_frames_never_panic() {
        for sample in [HBH_ROUTING0, ATOMIC_FRAGMENT, FRAGMENT_2] {
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
        // As tshark: the header's fields appear as far as the bytes go, the payload length with the next
        // header.
        let bytes = crate::testutil::hex(HBH_ROUTING0);
        let h: String = bytes[..20].iter().map(|b| format!("{b:02x}")).collect();
        let p = dissect(1, &h);
        assert_eq!(p.field("ipv6.flow"), "0x000000");
        assert!(!p.has("ipv6.plen"));
        assert_eq!(
            p.info(),
            "Invalid IPv6 header (6 bytes, need exactly 40)[Malformed Packet]"
        );
        let h: String = bytes[..57].iter().map(|b| format!("{b:02x}")).collect();
        let p = dissect(1, &h);
        assert_eq!(p.protocols(), "eth:ethertype:ipv6:ipv6.hopopts");
        assert_eq!(p.info(), "IPv6 hop-by-hop options[Malformed Packet]");
    }
}

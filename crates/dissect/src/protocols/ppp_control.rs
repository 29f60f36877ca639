//! PPP's control and authentication protocols, as PPP and PPP-over-Ethernet links carry them: LCP
//! (RFC 1661, with the options of RFC 1570, 1990, 2484 and others), IPCP (RFC 1332, 1877, 2290, 3544),
//! IPv6CP (RFC 5072), PAP (RFC 1334) and CHAP (RFC 1994).
//!
//! What tshark 4.0 shows, and so what this shows (checked on crafted messages of every code and option,
//! `scripts/make-ppp-control-cases.py`, and on zeek/pppoe.pcap): the code, identifier and length are
//! PPP's own fields (`ppp.code`, `ppp.identifier`, `ppp.length`) whichever control protocol carries
//! them; every option is a protocol of its own (`lcp.opt.mtu_bytes` ...) under an "Options: (N bytes),
//! Name, ..." heading that names the options it could read; an option whose length is wrong for its type
//! is named with the length it has and should have, under an expert warning; a header or body cut short
//! is malformed. Info names the code; PAP and CHAP add the names, passwords and values they carry.
//!
//! Left out: the Link Quality Report option's reporting period (tshark 4.0 cannot read it either), IPHC
//! and ROHC sub-options, CCP, BACP and the other control protocols (shown as PPP data).

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::cx::{Group, Severity};
use crate::protocols::{hex, plural};

/// LCP and the option protocols of its options.
pub mod lcp {
    fields::declare_protocol! {
        proto LCP = super::super::ids::LCP, "PPP Link Control Protocol", "PPP LCP", "lcp";
        MAGIC_NUMBER: "lcp.magic_number", "Magic Number", UInt32, Hex;
        DATA: "lcp.data", "Data", Bytes, None;
        MESSAGE: "lcp.message", "Message", String, None;
        SECS_REMAINING: "lcp.secs_remaining", "Seconds Remaining", UInt32, Dec, unit "seconds";
        REJ_PROTO: "lcp.rej_proto", "Rejected Protocol", UInt16, Hex, values super::super::ppp::PPP_PROTOCOL_NAMES;
        OPT_TYPE: "lcp.opt.type", "Type", UInt8, Dec, values super::LCP_OPTION_NAMES;
        OPT_LENGTH: "lcp.opt.length", "Length", UInt8, Dec;
        OPT_OUI: "lcp.opt.oui", "OUI", UInt24, Oui;
        OPT_KIND: "lcp.opt.kind", "Kind", UInt8, DecHex;
        OPT_DATA: "lcp.opt.data", "Data", Bytes, None;
        OPT_MRU: "lcp.opt.mru", "Maximum Receive Unit", UInt16, Dec;
        OPT_ASYNCMAP: "lcp.opt.asyncmap", "Async Control Character Map", UInt32, Hex;
        OPT_AUTH_PROTOCOL: "lcp.opt.auth_protocol", "Authentication Protocol", UInt16, Hex, values super::super::ppp::PPP_PROTOCOL_NAMES;
        OPT_ALGORITHM: "lcp.opt.algorithm", "Algorithm", UInt8, Dec, values super::CHAP_ALGORITHM_NAMES;
        OPT_QUALITY_PROTOCOL: "lcp.opt.quality_protocol", "Quality Protocol", UInt16, Hex, values super::super::ppp::PPP_PROTOCOL_NAMES;
        OPT_MAGIC_NUMBER: "lcp.opt.magic_number", "Magic Number", UInt32, Hex;
        OPT_REPORTING_PERIOD: "lcp.opt.reporting_period", "Reporting Period", UInt32, Dec, unit "microseconds";
        OPT_FCS_ALTERNATIVES: "lcp.opt.fcs_alternatives", "FCS Alternatives", UInt8, Hex;
        OPT_FCS_NULL: "lcp.opt.fcs_alternatives.null", "NULL FCS", Boolean, Bits(8), mask 0x1, tf ("True", "False");
        OPT_FCS_CCITT16: "lcp.opt.fcs_alternatives.ccitt16", "CCITT 16-bit", Boolean, Bits(8), mask 0x2, tf ("True", "False");
        OPT_FCS_CCITT32: "lcp.opt.fcs_alternatives.ccitt32", "CCITT 32-bit", Boolean, Bits(8), mask 0x4, tf ("True", "False");
        OPT_MAXIMUM: "lcp.opt.maximum", "Maximum", UInt8, Dec;
        OPT_WINDOW: "lcp.opt.window", "Window", UInt8, Dec;
        OPT_HDLC_ADDRESS: "lcp.opt.hdlc_address", "Address", Bytes, None;
        OPT_OPERATION: "lcp.opt.operation", "Operation", UInt8, Dec, values super::CALLBACK_NAMES;
        OPT_MESSAGE: "lcp.opt.message", "Message", Bytes, None;
        OPT_MRRU: "lcp.opt.mrru", "MRRU", UInt16, Dec;
        OPT_EP_DISC_CLASS: "lcp.opt.ep_disc_class", "Class", UInt8, Dec, values super::EP_DISC_CLASS_NAMES;
        OPT_IP_ADDRESS: "lcp.opt.ip_address", "IP Address", Ipv4, None;
        OPT_802_1_ADDRESS: "lcp.opt.802_1_address", "IEEE 802.1 Address", Ether, None;
        OPT_MAGIC_BLOCK: "lcp.opt.magic_block", "PPP Magic-Number Block", Bytes, None;
        OPT_PSNDN: "lcp.opt.psndn", "Public Switched Network Directory Number", Bytes, None;
        OPT_LINK_DISCRIM: "lcp.opt.link_discrim", "Link Discriminator", UInt16, DecHex;
        OPT_ID: "lcp.opt.id", "Identification", UIntBytes, None;
        OPT_MIBENUM: "lcp.opt.MIBenum", "MIBenum", UInt32, Dec, values super::MIBENUM_NAMES;
        OPT_LANGUAGE_TAG: "lcp.opt.language_tag", "Language-Tag", String, None;
    }

    option_protocols! {
        vendor = crate::protocols::ids::LCP_OPT_VENDOR, "Vendor Specific", "lcp.opt.vendor";
        mru = crate::protocols::ids::LCP_OPT_MRU, "Maximum Receive Unit", "lcp.opt.mtu_bytes";
        asyncmap = crate::protocols::ids::LCP_OPT_ASYNCMAP, "Async Control Character Map", "lcp.opt.asyncmap_bytes";
        auth_protocol = crate::protocols::ids::LCP_OPT_AUTH_PROTOCOL, "Authentication Protocol", "lcp.opt.auth_protocol_bytes";
        quality_protocol = crate::protocols::ids::LCP_OPT_QUALITY_PROTOCOL, "Quality Protocol", "lcp.opt.quality_protocol_bytes";
        magic_number = crate::protocols::ids::LCP_OPT_MAGIC_NUMBER, "Magic Number", "lcp.opt.magic_number_bytes";
        linkqualmon = crate::protocols::ids::LCP_OPT_LINKQUALMON, "Link Quality Monitoring", "lcp.opt.linkqualmon";
        field_compress = crate::protocols::ids::LCP_OPT_FIELD_COMPRESS, "Protocol Field Compression", "lcp.opt.field_compress";
        addr_field_compress = crate::protocols::ids::LCP_OPT_ADDR_FIELD_COMPRESS, "Address and Control Field Compression", "lcp.opt.addr_field_compress";
        fcs_alternatives = crate::protocols::ids::LCP_OPT_FCS_ALTERNATIVES, "FCS Alternatives", "lcp.opt.fcs_alternatives_bytes";
        self_desc_pad = crate::protocols::ids::LCP_OPT_SELF_DESC_PAD, "Self Describing Pad", "lcp.opt.self_desc_pad";
        numbered_mode = crate::protocols::ids::LCP_OPT_NUMBERED_MODE, "Numbered Mode", "lcp.opt.numbered_mode";
        callback = crate::protocols::ids::LCP_OPT_CALLBACK, "Callback", "lcp.opt.callback";
        multilink_mrru = crate::protocols::ids::LCP_OPT_MULTILINK_MRRU, "Multilink MRRU", "lcp.opt.multilink_mrru";
        multilink_ssnh = crate::protocols::ids::LCP_OPT_MULTILINK_SSNH, "Multilink Short Sequence Number Header", "lcp.opt.multilink_ssnh";
        multilink_ep_disc = crate::protocols::ids::LCP_OPT_MULTILINK_EP_DISC, "Multilink Endpoint Discriminator", "lcp.opt.multilink_ep_disc";
        link_discrim = crate::protocols::ids::LCP_OPT_LINK_DISCRIM, "Link Discriminator for BACP", "lcp.opt.link_discrim_bytes";
        auth = crate::protocols::ids::LCP_OPT_AUTH, "Authentication Option", "lcp.opt.auth";
        internationalization = crate::protocols::ids::LCP_OPT_INTERNATIONALIZATION, "Internationalization", "lcp.opt.internationalization";
    }
}

/// IPCP and its options.
pub mod ipcp {
    fields::declare_protocol! {
        proto IPCP = super::super::ids::IPCP, "PPP IP Control Protocol", "PPP IPCP", "ipcp";
        OPT_TYPE: "ipcp.opt.type", "Type", UInt8, Dec, values super::IPCP_OPTION_NAMES;
        OPT_LENGTH: "ipcp.opt.length", "Length", UInt8, Dec;
        OPT_SRC_ADDRESS: "ipcp.opt.src_address", "Source IP Address", Ipv4, None;
        OPT_DST_ADDRESS: "ipcp.opt.dst_address", "Destination IP Address", Ipv4, None;
        OPT_COMPRESS_PROTO: "ipcp.opt.compress_proto", "IP Compression Protocol", UInt16, Hex, values super::IP_COMPRESSION_NAMES;
        OPT_MAX_SLOT_ID: "ipcp.opt.max_slot_id", "Max Slot ID", UInt8, Dec;
        OPT_COMP_SLOT_ID: "ipcp.opt.comp_slot_id", "Comp Slot ID", Boolean, Bits(8), mask 0x1, tf ("The slot identifier may be compressed", "The slot identifier must not be compressed");
        OPT_TCP_SPACE: "ipcp.opt.tcp_space", "TCP Space", UInt16, Dec;
        OPT_NON_TCP_SPACE: "ipcp.opt.non_tcp_space", "Non TCP Space", UInt16, Dec;
        OPT_F_MAX_PERIOD: "ipcp.opt.f_max_period", "F Max Period", UInt16, Dec;
        OPT_F_MAX_TIME: "ipcp.opt.f_max_time", "F Max Time", UInt16, Dec;
        OPT_MAX_HEADER: "ipcp.opt.max_header", "Max Header", UInt16, Dec;
        DATA: "ipcp.data", "Data", Bytes, None;
        OPT_IP_ADDRESS: "ipcp.opt.ip_address", "IP Address", Ipv4, None;
        OPT_MOBILE_HOME: "ipcp.opt.mobilenodehomeaddress", "Mobile Node's Home Address", Ipv4, None;
        OPT_PRI_DNS_ADDRESS: "ipcp.opt.pri_dns_address", "Primary DNS Address", Ipv4, None;
        OPT_PRI_NBNS_ADDRESS: "ipcp.opt.pri_nbns_address", "Primary NBNS Address", Ipv4, None;
        OPT_SEC_DNS_ADDRESS: "ipcp.opt.sec_dns_address", "Secondary DNS Address", Ipv4, None;
        OPT_SEC_NBNS_ADDRESS: "ipcp.opt.sec_nbns_address", "Secondary NBNS Address", Ipv4, None;
    }

    option_protocols! {
        addrs = crate::protocols::ids::IPCP_OPT_ADDRS, "IP Addresses (deprecated)", "ipcp.opt.addrs";
        compress = crate::protocols::ids::IPCP_OPT_COMPRESS, "IP Compression Protocol", "ipcp.opt.compress";
        addr = crate::protocols::ids::IPCP_OPT_ADDR, "IP Address", "ipcp.opt.addr";
        mobileipv4 = crate::protocols::ids::IPCP_OPT_MOBILEIPV4, "Mobile Node's Home IP Address", "ipcp.opt.mobileipv4";
        pri_dns = crate::protocols::ids::IPCP_OPT_PRI_DNS, "Primary DNS Server IP Address", "ipcp.opt.pri_dns";
        pri_nbns = crate::protocols::ids::IPCP_OPT_PRI_NBNS, "Primary NBNS Server IP Address", "ipcp.opt.pri_nbns";
        sec_dns = crate::protocols::ids::IPCP_OPT_SEC_DNS, "Secondary DNS Server IP Address", "ipcp.opt.sec_dns";
        sec_nbns = crate::protocols::ids::IPCP_OPT_SEC_NBNS, "Secondary NBNS Server IP Address", "ipcp.opt.sec_nbns";
    }
}

/// IPv6CP and its options.
pub mod ipv6cp {
    fields::declare_protocol! {
        proto IPV6CP = super::super::ids::IPV6CP, "PPP IPv6 Control Protocol", "PPP IPV6CP", "ipv6cp";
        OPT_TYPE: "ipv6cp.opt.type", "Type", UInt8, Dec, values super::IPV6CP_OPTION_NAMES;
        OPT_LENGTH: "ipv6cp.opt.length", "Length", UInt8, Dec;
        INTERFACE_IDENTIFIER: "ipv6cp.interface_identifier", "Interface Identifier", Bytes, SepColon;
    }

    option_protocols! {
        interface_identifier = crate::protocols::ids::IPV6CP_OPT_INTERFACE_IDENTIFIER, "Interface Identifier", "ipv6cp.opt.interface_identifier";
        compress = crate::protocols::ids::IPV6CP_OPT_COMPRESS, "IPv6 compression", "ipv6cp.opt.compress";
    }
}

/// PAP.
pub mod pap {
    fields::declare_protocol! {
        proto PAP = super::super::ids::PAP, "PPP Password Authentication Protocol", "PPP PAP", "pap";
        CODE: "pap.code", "Code", UInt8, Dec, values super::PAP_CODE_NAMES;
        IDENTIFIER: "pap.identifier", "Identifier", UInt8, Dec;
        LENGTH: "pap.length", "Length", UInt16, Dec;
        DATA: "pap.data", "Data", None, None;
        PEER_ID_LENGTH: "pap.peer_id.length", "Peer-ID-Length", UInt8, Dec;
        PEER_ID: "pap.peer_id", "Peer-ID", String, None;
        PASSWORD_LENGTH: "pap.password.length", "Password-Length", UInt8, Dec;
        PASSWORD: "pap.password", "Password", String, None;
        MESSAGE_LENGTH: "pap.message.length", "Message-Length", UInt8, Dec;
        MESSAGE: "pap.message", "Message", String, None;
        STUFF: "pap.stuff", "stuff", Bytes, None;
    }
}

/// CHAP.
pub mod chap {
    fields::declare_protocol! {
        proto CHAP = super::super::ids::CHAP, "PPP Challenge Handshake Authentication Protocol", "PPP CHAP", "chap";
        CODE: "chap.code", "Code", UInt8, Dec, values super::CHAP_CODE_NAMES;
        IDENTIFIER: "chap.identifier", "Identifier", UInt8, Dec;
        LENGTH: "chap.length", "Length", UInt16, Dec;
        DATA: "chap.data", "Data", None, None;
        VALUE_SIZE: "chap.value_size", "Value Size", UInt8, Dec;
        VALUE: "chap.value", "Value", Bytes, None;
        NAME: "chap.name", "Name", String, None;
        MESSAGE: "chap.message", "Message", String, None;
        STUFF: "chap.stuff", "Stuff", Bytes, None;
    }
}

/// LCP codes (RFC 1661 section 5, RFC 1570 for 12 and 13).
static LCP_CODE_NAMES: &[(u64, &str)] = &[
    (1, "Configuration Request"),
    (2, "Configuration Ack"),
    (3, "Configuration Nak"),
    (4, "Configuration Reject"),
    (5, "Termination Request"),
    (6, "Termination Ack"),
    (7, "Code Reject"),
    (8, "Protocol Reject"),
    (9, "Echo Request"),
    (10, "Echo Reply"),
    (11, "Discard Request"),
    (12, "Identification"),
    (13, "Time Remaining"),
];

/// The codes network control protocols (IPCP, IPv6CP) share with LCP: the first seven.
static CP_CODE_NAMES: &[(u64, &str)] = &[
    (1, "Configuration Request"),
    (2, "Configuration Ack"),
    (3, "Configuration Nak"),
    (4, "Configuration Reject"),
    (5, "Termination Request"),
    (6, "Termination Ack"),
    (7, "Code Reject"),
];

static LCP_OPTION_NAMES: &[(u64, &str)] = &[
    (0, "Vendor Specific"),
    (1, "Maximum Receive Unit"),
    (2, "Async Control Character Map"),
    (3, "Authentication Protocol"),
    (4, "Quality Protocol"),
    (5, "Magic Number"),
    (6, "Link Quality Monitoring"),
    (7, "Protocol Field Compression"),
    (8, "Address and Control Field Compression"),
    (9, "FCS Alternatives"),
    (10, "Self Describing Pad"),
    (11, "Numbered Mode"),
    (13, "Callback"),
    (17, "Multilink MRRU"),
    (18, "Multilink Short Sequence Number Header"),
    (19, "Multilink Endpoint Discriminator"),
    (23, "Link Discriminator for BACP"),
    (24, "Authentication Option"),
    (28, "Internationalization"),
];

static IPCP_OPTION_NAMES: &[(u64, &str)] = &[
    (1, "IP Addresses (deprecated)"),
    (2, "IP Compression Protocol"),
    (3, "IP Address"),
    (4, "Mobile Node's Home IP Address"),
    (129, "Primary DNS Server IP Address"),
    (130, "Primary NBNS Server IP Address"),
    (131, "Secondary DNS Server IP Address"),
    (132, "Secondary NBNS Server IP Address"),
];

static IPV6CP_OPTION_NAMES: &[(u64, &str)] = &[(1, "Interface Identifier")];

static IP_COMPRESSION_NAMES: &[(u64, &str)] = &[
    (0x0003, "Robust Header Compression (ROHC)"),
    (0x002d, "VJ compression"),
    (0x0061, "IPHC compression"),
];

static CHAP_ALGORITHM_NAMES: &[(u64, &str)] = &[
    (0, "Reserved"),
    (5, "CHAP with MD5"),
    (128, "MS-CHAP"),
    (129, "MS-CHAP-2"),
];

/// Callback operations (RFC 1570 section 2.3).
static CALLBACK_NAMES: &[(u64, &str)] = &[
    (0, "Location is determined by user authentication"),
    (1, "Message is dialing string"),
    (2, "Message is location identifier"),
    (3, "Message is E.164"),
    (4, "Message is distinguished name"),
    (5, "unassigned"),
    (6, "Location is determined during CBCP negotiation"),
];

/// Endpoint discriminator classes (RFC 1990 section 5.1.3).
static EP_DISC_CLASS_NAMES: &[(u64, &str)] = &[
    (0, "Null"),
    (1, "Locally assigned address"),
    (2, "Internet Protocol (IP) address"),
    (3, "IEEE 802.1 globally assigned MAC address"),
    (4, "PPP magic-number block"),
    (5, "Public switched network directory number"),
];

/// The IANA character sets (MIBenum) seen in practice.
static MIBENUM_NAMES: &[(u64, &str)] = &[
    (3, "ANSI_X3.4-1968"),
    (4, "ISO_8859-1:1987"),
    (106, "UTF-8"),
    (1000, "ISO-10646-UCS-2"),
    (1015, "UTF-16"),
];

static PAP_CODE_NAMES: &[(u64, &str)] = &[
    (1, "Authenticate-Request"),
    (2, "Authenticate-Ack"),
    (3, "Authenticate-Nak"),
];

static CHAP_CODE_NAMES: &[(u64, &str)] = &[
    (1, "Challenge"),
    (2, "Response"),
    (3, "Success"),
    (4, "Failure"),
];

/// The Asynchronous Control Character Map's bits, highest first, as tshark lists the characters set.
static ASYNCMAP_CHARS: [&str; 32] = [
    "US",
    "RS",
    "GS",
    "FS",
    "ESC",
    "SUB",
    "EM",
    "CAN",
    "ETB",
    "SYN",
    "NAK",
    "DC4",
    "DC3 (XOFF)",
    "DC2",
    "DC1 (XON)",
    "DLE",
    "SI",
    "SO",
    "CR",
    "FF",
    "VT",
    "LF",
    "HT",
    "BS",
    "BEL",
    "ACK",
    "ENQ",
    "EOT",
    "ETX",
    "STX",
    "SOH",
    "NUL",
];

fn name_of(table: &'static [(u64, &'static str)], v: u64) -> Option<&'static str> {
    fields::Strings::Values(table).name_of(v)
}

/// How long an option of a type must be.
#[derive(Clone, Copy)]
enum Len {
    Exactly(usize),
    AtLeast(usize),
}

/// One option type a control protocol knows: its protocol item, the length it must have, and what reads
/// its body (`at` is where the option starts, `len` its whole length, checked against [`Len`]).
struct OptionDef {
    kind: u8,
    proto: FieldId,
    len: Len,
    body: fn(&mut Cx, &[u8], usize, usize, ItemIdx),
}

/// A control protocol's option space: its type and length fields and the options it knows.
struct OptionSpace {
    type_field: FieldId,
    length_field: FieldId,
    names: &'static [(u64, &'static str)],
    options: &'static [OptionDef],
    /// Option types whose type and length are another protocol's fields (IPv6CP's compression option
    /// is read as IPCP's).
    foreign_header: &'static [(u8, FieldId, FieldId)],
}

/// The control protocol of a PPP protocol number: its layer and how to read its codes and options.
struct ControlProtocol {
    proto: FieldId,
    filter_name: &'static str,
    column: &'static str,
    codes: &'static [(u64, &'static str)],
    options: &'static OptionSpace,
}

static LCP: ControlProtocol = ControlProtocol {
    proto: lcp::PROTOCOL_FIELD,
    filter_name: "lcp",
    column: "PPP LCP",
    codes: LCP_CODE_NAMES,
    options: &LCP_OPTIONS,
};

static IPCP: ControlProtocol = ControlProtocol {
    proto: ipcp::PROTOCOL_FIELD,
    filter_name: "ipcp",
    column: "PPP IPCP",
    codes: CP_CODE_NAMES,
    options: &IPCP_OPTIONS,
};

static IPV6CP: ControlProtocol = ControlProtocol {
    proto: ipv6cp::PROTOCOL_FIELD,
    filter_name: "ipv6cp",
    column: "PPP IPV6CP",
    codes: CP_CODE_NAMES,
    options: &IPV6CP_OPTIONS,
};

/// Dissects the PPP protocol `protocol` at `data[offset..]` when it is a control or authentication
/// protocol this module knows; false otherwise (nothing added).
pub fn dissect(cx: &mut Cx, protocol: u16, data: &[u8], offset: usize, parent: ItemIdx) -> bool {
    match protocol {
        0xc021 => control(cx, &LCP, data, offset, parent),
        0x8021 => control(cx, &IPCP, data, offset, parent),
        0x8057 => control(cx, &IPV6CP, data, offset, parent),
        0xc023 => pap_message(cx, data, offset, parent),
        0xc223 => chap_message(cx, data, offset, parent),
        _ => return false,
    }
    true
}

/// The code, identifier and length every control and authentication message starts with, read before
/// any item is added (tshark adds none when they are cut short). Returns them with the protocol item.
fn header(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    parent: ItemIdx,
    layer: (FieldId, &'static str, &'static str),
) -> Option<(u8, u8, usize, ItemIdx)> {
    let (Some(code), Some(ident), Some(length)) = (
        read::u8(data, offset),
        read::u8(data, offset + 1),
        read::be16(data, offset + 2),
    ) else {
        // tshark lists the protocol but adds no item for it.
        cx.tree.layers.push(layer.1);
        cx.cut_short(offset, data.len(), layer.2);
        return None;
    };
    let length = length as usize;
    let avail = data.len() - offset;
    let item_len = if length >= 4 {
        length.min(avail)
    } else {
        avail
    };
    let top = cx.push_layer(parent, layer.0, layer.1, layer.2, offset, item_len);
    Some((code, ident, length, top))
}

/// An LCP, IPCP or IPv6CP message.
fn control(cx: &mut Cx, cp: &ControlProtocol, data: &[u8], offset: usize, parent: ItemIdx) {
    let Some((code, ident, length, top)) = header(
        cx,
        data,
        offset,
        parent,
        (cp.proto, cp.filter_name, cp.column),
    ) else {
        return;
    };
    let code_name = name_of(cp.codes, code as u64).unwrap_or("Unknown");
    cx.set_info(format_args!("{code_name}"));
    let it = cx.uint(top, crate::protocols::ppp::CODE, offset, 1, code as u64);
    cx.tree
        .set_label(it, format_args!("Code: {code_name} ({code})"));
    cx.uint(
        top,
        crate::protocols::ppp::IDENTIFIER,
        offset + 1,
        1,
        ident as u64,
    );
    cx.uint(
        top,
        crate::protocols::ppp::LENGTH,
        offset + 2,
        2,
        length as u64,
    );
    if length < 4 {
        return;
    }
    let start = offset + 4;
    let end = offset + length;
    if end > data.len() {
        cx.cut_short(data.len(), data.len(), cp.column);
        return;
    }
    let body = &data[..end];
    match code {
        1..=4 => {
            if end > start {
                options(cx, body, start, end, top, cp.options);
            }
        }
        7 => {
            if end > start {
                let it = cx.tree.add(
                    top,
                    crate::protocols::ppp::DATA,
                    start,
                    end - start,
                    Value::Bytes,
                );
                cx.tree.set_label(
                    it,
                    format_args!(
                        "Rejected Packet ({} byte{}): {}",
                        end - start,
                        if end - start == 1 { "" } else { "s" },
                        hex(&body[start..end])
                    ),
                );
            }
        }
        8 => {
            let Some(rejected) = read::be16(body, start) else {
                cx.cut_short(start, body.len(), cp.column);
                return;
            };
            cx.uint(top, lcp::REJ_PROTO, start, 2, rejected as u64);
            if end > start + 2 {
                // The rejected packet, dissected by its own protocol inside this one's tree.
                cx.without_columns(|cx| {
                    cx.within(top, |cx| {
                        crate::protocols::ppp::payload(cx, body, start + 2, rejected, top)
                    })
                });
            }
        }
        9..=13 => {
            let Some(magic) = read::be32(body, start) else {
                cx.cut_short(start, body.len(), cp.column);
                return;
            };
            cx.uint(top, lcp::MAGIC_NUMBER, start, 4, magic as u64);
            let mut at = start + 4;
            if code == 13 {
                let Some(secs) = read::be32(body, at) else {
                    cx.cut_short(at, body.len(), cp.column);
                    return;
                };
                cx.uint(top, lcp::SECS_REMAINING, at, 4, secs as u64);
                at += 4;
            }
            if end > at {
                let field = if code >= 12 { lcp::MESSAGE } else { lcp::DATA };
                let v = if code >= 12 { Value::Str } else { Value::Bytes };
                cx.tree.add(top, field, at, end - at, v);
            }
        }
        _ => {
            if end > start {
                cx.tree.add(
                    top,
                    crate::protocols::ppp::DATA,
                    start,
                    end - start,
                    Value::Bytes,
                );
            }
        }
    }
}

/// A warning about an option's length, as tshark words it: a text item over the option holding the
/// expert note.
fn option_warning(cx: &mut Cx, parent: ItemIdx, at: usize, len: usize, message: String) {
    let it = cx.text_item(parent, at, len, format_args!("{message}"));
    cx.expert(
        it,
        crate::protocols::ppp::OPT_LEN_INVALID,
        Severity::Warning,
        Group::Protocol,
        format_args!("{message}"),
    );
}

/// The options of a Configure message, `data[start..end]`, under an "Options" heading naming the
/// options read.
fn options(
    cx: &mut Cx,
    data: &[u8],
    start: usize,
    end: usize,
    parent: ItemIdx,
    space: &OptionSpace,
) {
    let heading = cx.text_item(
        parent,
        start,
        end - start,
        format_args!("Options: ({} byte{})", end - start, plural(end - start)),
    );
    let mut listed = String::new();
    let mut at = start;
    while at < end {
        let kind = data[at];
        let def = space.options.iter().find(|d| d.kind == kind);
        let name = match (def, name_of(space.names, kind as u64)) {
            (Some(d), _) => crate::registry().field(d.proto).name,
            (None, Some(n)) => n,
            (None, None) => "",
        };
        let shown_name = if name.is_empty() {
            format!("Unknown (0x{kind:02x})")
        } else {
            name.to_string()
        };
        let remaining = end - at;
        if remaining < 2 {
            option_warning(
                cx,
                heading,
                at,
                remaining,
                format!("{shown_name} (length byte past end of options)"),
            );
            break;
        }
        let len = data[at + 1] as usize;
        if len < 2 {
            option_warning(
                cx,
                heading,
                at,
                remaining.min(2),
                format!(
                    "{shown_name} (with too-short option length = {len} byte{})",
                    plural(len)
                ),
            );
            break;
        }
        if len > remaining {
            option_warning(
                cx,
                heading,
                at,
                remaining,
                format!(
                    "{shown_name} (option length = {len} byte{} says option goes past end of options)",
                    plural(len)
                ),
            );
            break;
        }
        let Some(def) = def else {
            cx.text_item(heading, at, len, format_args!("{shown_name} ({len} bytes)"));
            at += len;
            continue;
        };
        let wrong = match def.len {
            Len::Exactly(n) if len != n => Some(format!(
                "{shown_name} (with option length = {len} byte{}; should be {n})",
                plural(len)
            )),
            Len::AtLeast(n) if len < n => Some(format!(
                "{shown_name} (with option length = {len} byte{}; should be at least {n})",
                plural(len)
            )),
            _ => None,
        };
        match wrong {
            Some(message) => option_warning(cx, heading, at, len, message),
            None => {
                let item = cx.tree.add(heading, def.proto, at, len, Value::Bytes);
                let (type_field, length_field) = space
                    .foreign_header
                    .iter()
                    .find(|h| h.0 == kind)
                    .map_or((space.type_field, space.length_field), |h| (h.1, h.2));
                cx.uint(item, type_field, at, 1, kind as u64);
                cx.uint(item, length_field, at + 1, 1, len as u64);
                (def.body)(cx, data, at, len, item);
            }
        }
        listed.push_str(", ");
        listed.push_str(&shown_name);
        at += len;
    }
    if heading.is_stored() && !listed.is_empty() {
        let mut label = format!(
            "Options: ({} byte{}){listed}",
            end - start,
            plural(end - start)
        );
        fields::label::cut_to_label_buffer(&mut label);
        cx.tree.set_label(heading, format_args!("{label}"));
    }
}

/// Sets an option item's label when it is shown.
fn label(cx: &mut Cx, item: ItemIdx, text: std::fmt::Arguments<'_>) {
    if item.is_stored() {
        cx.tree.set_label(item, text);
    }
}

fn be16_at(data: &[u8], at: usize) -> u64 {
    read::be16(data, at).unwrap_or(0) as u64
}

fn be32_at(data: &[u8], at: usize) -> u64 {
    read::be32(data, at).unwrap_or(0) as u64
}

/// The name a value table gives `v`, or "Unknown".
fn named(table: &'static [(u64, &'static str)], v: u64) -> &'static str {
    name_of(table, v).unwrap_or("Unknown")
}

fn no_body(_: &mut Cx, _: &[u8], _: usize, _: usize, _: ItemIdx) {}

static LCP_OPTIONS: OptionSpace = OptionSpace {
    type_field: lcp::OPT_TYPE,
    length_field: lcp::OPT_LENGTH,
    names: LCP_OPTION_NAMES,
    foreign_header: &[],
    options: &[
        OptionDef {
            kind: 0,
            proto: lcp::vendor::PROTOCOL_FIELD,
            len: Len::AtLeast(6),
            body: |cx, d, at, len, it| {
                let oui = read::be24(d, at + 2).unwrap_or(0);
                let o = cx.uint(it, lcp::OPT_OUI, at + 2, 3, oui as u64);
                let name = crate::protocols::llc::oui_name(oui).unwrap_or("Unknown");
                label(
                    cx,
                    o,
                    format_args!(
                        "OUI: {:02x}:{:02x}:{:02x} ({name})",
                        oui >> 16,
                        (oui >> 8) & 0xff,
                        oui & 0xff
                    ),
                );
                cx.uint(it, lcp::OPT_KIND, at + 5, 1, d[at + 5] as u64);
                if len > 6 {
                    cx.tree
                        .add(it, lcp::OPT_DATA, at + 6, len - 6, Value::Bytes);
                }
            },
        },
        OptionDef {
            kind: 1,
            proto: lcp::mru::PROTOCOL_FIELD,
            len: Len::Exactly(4),
            body: |cx, d, at, _, it| {
                let mru = be16_at(d, at + 2);
                label(cx, it, format_args!("Maximum Receive Unit: {mru}"));
                cx.uint(it, lcp::OPT_MRU, at + 2, 2, mru);
            },
        },
        OptionDef {
            kind: 2,
            proto: lcp::asyncmap::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| {
                let map = be32_at(d, at + 2) as u32;
                let set: Vec<&str> = ASYNCMAP_CHARS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| map & (1 << (31 - i)) != 0)
                    .map(|(_, n)| *n)
                    .collect();
                let field = cx.uint(it, lcp::OPT_ASYNCMAP, at + 2, 4, map as u64);
                // tshark 4.0 labels the option from the same text with a ", " dropped and a ")"
                // added: "0x000a0000DC3 (XOFF), DC1 (XON))".
                match map {
                    0 => {
                        label(
                            cx,
                            it,
                            format_args!("Async Control Character Map: 0x00000000 (None)"),
                        );
                        label(
                            cx,
                            field,
                            format_args!("Async Control Character Map: 0x00000000 (None)"),
                        );
                    }
                    u32::MAX => {
                        label(
                            cx,
                            it,
                            format_args!("Async Control Character Map: 0xffffffff (All)"),
                        );
                        label(
                            cx,
                            field,
                            format_args!(
                                "Async Control Character Map: 0xffffffff, {} (All)",
                                set.join(", ")
                            ),
                        );
                    }
                    _ => {
                        let list = set.join(", ");
                        label(
                            cx,
                            it,
                            format_args!("Async Control Character Map: 0x{map:08x}{list})"),
                        );
                        label(
                            cx,
                            field,
                            format_args!("Async Control Character Map: 0x{map:08x}, {list}"),
                        );
                    }
                }
                if field.is_stored() {
                    for (i, name) in ASYNCMAP_CHARS.iter().enumerate() {
                        let bit = 1u64 << (31 - i);
                        let b =
                            cx.tree
                                .add(field, crate::protocols::ws::TEXT, at + 2, 4, Value::None);
                        let state = if map as u64 & bit != 0 {
                            "True"
                        } else {
                            "False"
                        };
                        cx.set_bits_label(b, 32, bit, map as u64, format_args!("{name}: {state}"));
                    }
                }
            },
        },
        OptionDef {
            kind: 3,
            proto: lcp::auth_protocol::PROTOCOL_FIELD,
            len: Len::AtLeast(4),
            body: |cx, d, at, len, it| {
                let p = be16_at(d, at + 2);
                let name = named(crate::protocols::ppp::PPP_PROTOCOL_NAMES, p);
                label(
                    cx,
                    it,
                    format_args!("Authentication Protocol: {name} (0x{p:04x})"),
                );
                cx.uint(it, lcp::OPT_AUTH_PROTOCOL, at + 2, 2, p);
                if len > 4 {
                    if p == 0xc223 {
                        cx.uint(it, lcp::OPT_ALGORITHM, at + 4, 1, d[at + 4] as u64);
                    } else {
                        cx.tree
                            .add(it, lcp::OPT_DATA, at + 4, len - 4, Value::Bytes);
                    }
                }
            },
        },
        OptionDef {
            kind: 4,
            proto: lcp::quality_protocol::PROTOCOL_FIELD,
            len: Len::AtLeast(4),
            body: |cx, d, at, len, it| {
                let p = be16_at(d, at + 2);
                let name = named(crate::protocols::ppp::PPP_PROTOCOL_NAMES, p);
                label(cx, it, format_args!("Quality Protocol: {name} (0x{p:04x})"));
                cx.uint(it, lcp::OPT_QUALITY_PROTOCOL, at + 2, 2, p);
                if p == 0xc025 && len >= 8 {
                    cx.uint(it, lcp::OPT_REPORTING_PERIOD, at + 4, 4, be32_at(d, at + 4));
                } else if len > 4 {
                    cx.tree
                        .add(it, lcp::OPT_DATA, at + 4, len - 4, Value::Bytes);
                }
            },
        },
        OptionDef {
            kind: 5,
            proto: lcp::magic_number::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| {
                let m = be32_at(d, at + 2);
                label(cx, it, format_args!("Magic Number: 0x{m:08x}"));
                cx.uint(it, lcp::OPT_MAGIC_NUMBER, at + 2, 4, m);
            },
        },
        OptionDef {
            kind: 6,
            proto: lcp::linkqualmon::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| {
                let p = be32_at(d, at + 2);
                label(
                    cx,
                    it,
                    format_args!("Link Quality Monitoring: {p} microseconds"),
                );
                cx.uint(it, lcp::OPT_REPORTING_PERIOD, at + 2, 4, p);
            },
        },
        OptionDef {
            kind: 7,
            proto: lcp::field_compress::PROTOCOL_FIELD,
            len: Len::Exactly(2),
            body: no_body,
        },
        OptionDef {
            kind: 8,
            proto: lcp::addr_field_compress::PROTOCOL_FIELD,
            len: Len::Exactly(2),
            body: no_body,
        },
        OptionDef {
            kind: 9,
            proto: lcp::fcs_alternatives::PROTOCOL_FIELD,
            len: Len::Exactly(3),
            body: |cx, d, at, _, it| {
                let v = d[at + 2] as u64;
                label(cx, it, format_args!("FCS Alternatives: 0x{v:02x}"));
                let f = cx.uint(it, lcp::OPT_FCS_ALTERNATIVES, at + 2, 1, v);
                let mut text = format!("FCS Alternatives: 0x{v:02x}");
                for (bit, name) in [(4, "CCITT 32-bit"), (2, "CCITT 16-bit"), (1, "NULL FCS")] {
                    if v & bit != 0 {
                        text.push_str(", ");
                        text.push_str(name);
                    }
                }
                label(cx, f, format_args!("{text}"));
                for field in [
                    lcp::OPT_FCS_CCITT32,
                    lcp::OPT_FCS_CCITT16,
                    lcp::OPT_FCS_NULL,
                ] {
                    cx.bits(f, field, at + 2, 1, v);
                }
            },
        },
        OptionDef {
            kind: 10,
            proto: lcp::self_desc_pad::PROTOCOL_FIELD,
            len: Len::Exactly(3),
            body: |cx, d, at, _, it| {
                let v = d[at + 2] as usize;
                label(
                    cx,
                    it,
                    format_args!("Self Describing Pad: {v} octet{}", plural(v)),
                );
                let m = cx.uint(it, lcp::OPT_MAXIMUM, at + 2, 1, v as u64);
                label(cx, m, format_args!("Maximum: {v} octet{}", plural(v)));
            },
        },
        OptionDef {
            kind: 11,
            proto: lcp::numbered_mode::PROTOCOL_FIELD,
            len: Len::AtLeast(3),
            body: |cx, d, at, len, it| {
                let v = d[at + 2] as usize;
                label(
                    cx,
                    it,
                    format_args!("Numbered Mode: {v} frame{}", plural(v)),
                );
                let w = cx.uint(it, lcp::OPT_WINDOW, at + 2, 1, v as u64);
                label(cx, w, format_args!("Window: {v} frame{}", plural(v)));
                if len > 3 {
                    cx.tree
                        .add(it, lcp::OPT_HDLC_ADDRESS, at + 3, len - 3, Value::Bytes);
                }
            },
        },
        OptionDef {
            kind: 13,
            proto: lcp::callback::PROTOCOL_FIELD,
            len: Len::AtLeast(3),
            body: |cx, d, at, len, it| {
                let op = d[at + 2] as u64;
                label(
                    cx,
                    it,
                    format_args!("Callback: {}", named(CALLBACK_NAMES, op)),
                );
                cx.uint(it, lcp::OPT_OPERATION, at + 2, 1, op);
                if len > 3 {
                    cx.tree
                        .add(it, lcp::OPT_MESSAGE, at + 3, len - 3, Value::Bytes);
                }
            },
        },
        OptionDef {
            kind: 17,
            proto: lcp::multilink_mrru::PROTOCOL_FIELD,
            len: Len::Exactly(4),
            body: |cx, d, at, _, it| {
                let v = be16_at(d, at + 2);
                label(cx, it, format_args!("Multilink MRRU: {v}"));
                cx.uint(it, lcp::OPT_MRRU, at + 2, 2, v);
            },
        },
        OptionDef {
            kind: 18,
            proto: lcp::multilink_ssnh::PROTOCOL_FIELD,
            len: Len::Exactly(2),
            body: no_body,
        },
        OptionDef {
            kind: 19,
            proto: lcp::multilink_ep_disc::PROTOCOL_FIELD,
            len: Len::AtLeast(3),
            body: |cx, d, at, len, it| {
                let class = d[at + 2] as u64;
                label(
                    cx,
                    it,
                    format_args!(
                        "Multilink Endpoint Discriminator: Class: {}",
                        named(EP_DISC_CLASS_NAMES, class)
                    ),
                );
                cx.uint(it, lcp::OPT_EP_DISC_CLASS, at + 2, 1, class);
                let (a, n) = (at + 3, len - 3);
                match class {
                    0 => {}
                    2 if n >= 4 => {
                        let ip = read::array::<4>(d, a).unwrap_or_default();
                        cx.tree.add(it, lcp::OPT_IP_ADDRESS, a, 4, Value::Ipv4(ip));
                    }
                    3 if n >= 6 => {
                        let mac = read::array::<6>(d, a).unwrap_or_default();
                        cx.tree
                            .add(it, lcp::OPT_802_1_ADDRESS, a, 6, Value::Ether(mac));
                    }
                    4 if n > 0 => {
                        let block = cx.tree.add(it, lcp::OPT_MAGIC_BLOCK, a, n, Value::Bytes);
                        let mut m = a;
                        while m + 4 <= a + n {
                            cx.uint(block, lcp::MAGIC_NUMBER, m, 4, be32_at(d, m));
                            m += 4;
                        }
                    }
                    5 if n > 0 => {
                        cx.tree.add(it, lcp::OPT_PSNDN, a, n, Value::Bytes);
                    }
                    _ if n > 0 => {
                        cx.tree.add(it, lcp::OPT_DATA, a, n, Value::Bytes);
                    }
                    _ => {}
                }
            },
        },
        OptionDef {
            kind: 23,
            proto: lcp::link_discrim::PROTOCOL_FIELD,
            len: Len::Exactly(4),
            body: |cx, d, at, _, it| {
                let v = be16_at(d, at + 2);
                label(
                    cx,
                    it,
                    format_args!("Link Discriminator for BACP: {v} (0x{v:04x})"),
                );
                cx.uint(it, lcp::OPT_LINK_DISCRIM, at + 2, 2, v);
            },
        },
        OptionDef {
            kind: 24,
            proto: lcp::auth::PROTOCOL_FIELD,
            len: Len::AtLeast(3),
            body: |cx, _d, at, len, it| {
                // RFC 1968's identification: a length-prefixed run (Wireshark's FT_UINT_BYTES).
                cx.tree.add(it, lcp::OPT_ID, at + 2, 1, Value::Bytes);
                if len > 3 {
                    cx.tree
                        .add(it, lcp::OPT_DATA, at + 3, len - 3, Value::Bytes);
                }
            },
        },
        OptionDef {
            kind: 28,
            proto: lcp::internationalization::PROTOCOL_FIELD,
            len: Len::AtLeast(7),
            body: |cx, d, at, len, it| {
                cx.uint(it, lcp::OPT_MIBENUM, at + 2, 4, be32_at(d, at + 2));
                cx.tree
                    .add(it, lcp::OPT_LANGUAGE_TAG, at + 6, len - 6, Value::Str);
            },
        },
    ],
};

/// An IPv4 address option: its address field under the option item.
fn ipv4_option(cx: &mut Cx, d: &[u8], at: usize, field: FieldId, it: ItemIdx) {
    let ip = read::array::<4>(d, at + 2).unwrap_or_default();
    cx.tree.add(it, field, at + 2, 4, Value::Ipv4(ip));
}

/// The IP Compression Protocol option of IPCP and IPv6CP: the protocol, then its parameters.
fn compression_option(cx: &mut Cx, d: &[u8], at: usize, len: usize, it: ItemIdx) {
    let p = be16_at(d, at + 2);
    cx.uint(it, ipcp::OPT_COMPRESS_PROTO, at + 2, 2, p);
    let a = at + 4;
    match p {
        0x002d if len >= 6 => {
            cx.uint(it, ipcp::OPT_MAX_SLOT_ID, a, 1, d[a] as u64);
            cx.bits(it, ipcp::OPT_COMP_SLOT_ID, a + 1, 1, d[a + 1] as u64);
        }
        0x0061 if len >= 14 => {
            for (i, field) in [
                ipcp::OPT_TCP_SPACE,
                ipcp::OPT_NON_TCP_SPACE,
                ipcp::OPT_F_MAX_PERIOD,
                ipcp::OPT_F_MAX_TIME,
                ipcp::OPT_MAX_HEADER,
            ]
            .into_iter()
            .enumerate()
            {
                cx.uint(it, field, a + 2 * i, 2, be16_at(d, a + 2 * i));
            }
        }
        _ if len > 4 => {
            cx.tree.add(it, ipcp::DATA, a, len - 4, Value::Bytes);
        }
        _ => {}
    }
}

static IPCP_OPTIONS: OptionSpace = OptionSpace {
    type_field: ipcp::OPT_TYPE,
    length_field: ipcp::OPT_LENGTH,
    names: IPCP_OPTION_NAMES,
    foreign_header: &[],
    options: &[
        OptionDef {
            kind: 1,
            proto: ipcp::addrs::PROTOCOL_FIELD,
            len: Len::Exactly(10),
            body: |cx, d, at, _, it| {
                ipv4_option(cx, d, at, ipcp::OPT_SRC_ADDRESS, it);
                ipv4_option(cx, d, at + 4, ipcp::OPT_DST_ADDRESS, it);
            },
        },
        OptionDef {
            kind: 2,
            proto: ipcp::compress::PROTOCOL_FIELD,
            len: Len::AtLeast(4),
            body: compression_option,
        },
        OptionDef {
            kind: 3,
            proto: ipcp::addr::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| ipv4_option(cx, d, at, ipcp::OPT_IP_ADDRESS, it),
        },
        OptionDef {
            kind: 4,
            proto: ipcp::mobileipv4::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| ipv4_option(cx, d, at, ipcp::OPT_MOBILE_HOME, it),
        },
        OptionDef {
            kind: 129,
            proto: ipcp::pri_dns::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| ipv4_option(cx, d, at, ipcp::OPT_PRI_DNS_ADDRESS, it),
        },
        OptionDef {
            kind: 130,
            proto: ipcp::pri_nbns::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| ipv4_option(cx, d, at, ipcp::OPT_PRI_NBNS_ADDRESS, it),
        },
        OptionDef {
            kind: 131,
            proto: ipcp::sec_dns::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| ipv4_option(cx, d, at, ipcp::OPT_SEC_DNS_ADDRESS, it),
        },
        OptionDef {
            kind: 132,
            proto: ipcp::sec_nbns::PROTOCOL_FIELD,
            len: Len::Exactly(6),
            body: |cx, d, at, _, it| ipv4_option(cx, d, at, ipcp::OPT_SEC_NBNS_ADDRESS, it),
        },
    ],
};

static IPV6CP_OPTIONS: OptionSpace = OptionSpace {
    type_field: ipv6cp::OPT_TYPE,
    length_field: ipv6cp::OPT_LENGTH,
    names: IPV6CP_OPTION_NAMES,
    foreign_header: &[(2, ipcp::OPT_TYPE, ipcp::OPT_LENGTH)],
    options: &[
        OptionDef {
            kind: 1,
            proto: ipv6cp::interface_identifier::PROTOCOL_FIELD,
            len: Len::Exactly(10),
            body: |cx, _d, at, _, it| {
                cx.tree
                    .add(it, ipv6cp::INTERFACE_IDENTIFIER, at + 2, 8, Value::Bytes);
            },
        },
        OptionDef {
            kind: 2,
            proto: ipv6cp::compress::PROTOCOL_FIELD,
            len: Len::AtLeast(4),
            body: |cx, d, at, len, it| {
                // tshark labels the item as IPCP's option though the Options heading names IPv6CP's.
                label(cx, it, format_args!("IP Compression Protocol"));
                compression_option(cx, d, at, len, it);
            },
        },
    ],
};

/// A PAP message.
fn pap_message(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    let Some((code, ident, length, top)) = header(
        cx,
        data,
        offset,
        parent,
        (pap::PROTOCOL_FIELD, "pap", "PPP PAP"),
    ) else {
        return;
    };
    let code_name = name_of(PAP_CODE_NAMES, code as u64).unwrap_or("Unknown");
    cx.set_info(format_args!("{code_name}"));
    cx.uint(top, pap::CODE, offset, 1, code as u64);
    cx.uint(top, pap::IDENTIFIER, offset + 1, 1, ident as u64);
    cx.uint(top, pap::LENGTH, offset + 2, 2, length as u64);
    let start = offset + 4;
    let end = (offset + length).min(data.len());
    let body = if end > start {
        cx.tree.add(top, pap::DATA, start, end - start, Value::None)
    } else {
        top
    };
    // A length-prefixed string: its length and text; None when cut short.
    let counted = |cx: &mut Cx, at: usize, len_field: FieldId, field: FieldId| {
        let Some(n) = read::u8(data, at) else {
            cx.cut_short(at, data.len(), "PPP PAP");
            return None;
        };
        cx.uint(body, len_field, at, 1, n as u64);
        let n = n as usize;
        if at + 1 + n > data.len() {
            cx.cut_short(data.len(), data.len(), "PPP PAP");
            return None;
        }
        cx.tree.add(body, field, at + 1, n, Value::Str);
        Some((
            String::from_utf8_lossy(&data[at + 1..at + 1 + n]).into_owned(),
            at + 1 + n,
        ))
    };
    match code {
        1 => {
            let Some((peer, at)) = counted(cx, start, pap::PEER_ID_LENGTH, pap::PEER_ID) else {
                return;
            };
            let Some((password, _)) = counted(cx, at, pap::PASSWORD_LENGTH, pap::PASSWORD) else {
                return;
            };
            cx.append_info(format_args!(" (Peer-ID='{peer}', Password='{password}')"));
        }
        2 | 3 => {
            let Some((message, _)) = counted(cx, start, pap::MESSAGE_LENGTH, pap::MESSAGE) else {
                return;
            };
            cx.append_info(format_args!(" (Message='{message}')"));
        }
        _ => {
            if end > start {
                cx.tree
                    .add(body, pap::STUFF, start, end - start, Value::Bytes);
            }
        }
    }
}

/// A CHAP message.
fn chap_message(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    let Some((code, ident, length, top)) = header(
        cx,
        data,
        offset,
        parent,
        (chap::PROTOCOL_FIELD, "chap", "PPP CHAP"),
    ) else {
        return;
    };
    let code_name = name_of(CHAP_CODE_NAMES, code as u64).unwrap_or("Unknown");
    cx.set_info(format_args!("{code_name}"));
    cx.uint(top, chap::CODE, offset, 1, code as u64);
    cx.uint(top, chap::IDENTIFIER, offset + 1, 1, ident as u64);
    cx.uint(top, chap::LENGTH, offset + 2, 2, length as u64);
    let start = offset + 4;
    let end = (offset + length).min(data.len());
    match code {
        1 | 2 => {
            if end <= start {
                return;
            }
            let body = cx
                .tree
                .add(top, chap::DATA, start, end - start, Value::None);
            let size = data[start] as usize;
            let it = cx.uint(body, chap::VALUE_SIZE, start, 1, size as u64);
            let room = end - start - 1;
            if size > room {
                label(
                    cx,
                    it,
                    format_args!(
                        "Value Size: {size} byte{} (invalid, must be <= {room})",
                        plural(size)
                    ),
                );
                return;
            }
            let value = start + 1;
            if size > 0 {
                cx.tree.add(body, chap::VALUE, value, size, Value::Bytes);
            }
            let name = value + size;
            if end > name {
                cx.tree.add(body, chap::NAME, name, end - name, Value::Str);
            }
            if size > 0 {
                cx.append_info(format_args!(
                    " (NAME='{}', VALUE=0x{})",
                    String::from_utf8_lossy(&data[name..end]),
                    hex(&data[value..value + size])
                ));
            }
        }
        3 | 4 => {
            if end > start {
                cx.tree
                    .add(top, chap::MESSAGE, start, end - start, Value::Str);
            }
            cx.append_info(format_args!(
                " (MESSAGE='{}')",
                String::from_utf8_lossy(&data[start.min(end)..end])
            ));
        }
        _ => {
            if end > start {
                cx.tree
                    .add(top, chap::STUFF, start, end - start, Value::Bytes);
            }
        }
    }
}

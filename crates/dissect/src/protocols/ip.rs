//! IPv4 (RFC 791): header, options, checksum; payload handed on by protocol number.

use fields::{ItemIdx, Value};

use crate::cx::{Group, Severity, read};
use crate::protocols::{fold_checksum, ones_complement_sum};
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto IP = super::ids::IP, "Internet Protocol Version 4", "IPv4", "ip";
    VERSION: "ip.version", "Version", UInt8, Dec;
    HDR_LEN: "ip.hdr_len", "Header Length", UInt8, Dec, blurb "Header length in 32-bit words";
    DSFIELD: "ip.dsfield", "Differentiated Services Field", UInt8, Hex;
    DSFIELD_DSCP: "ip.dsfield.dscp", "Differentiated Services Codepoint", UInt8, Dec, mask 0xfc, values DSCP_NAMES;
    DSFIELD_ECN: "ip.dsfield.ecn", "Explicit Congestion Notification", UInt8, Dec, mask 0x03, values &[(0, "Not ECN-Capable Transport"), (1, "ECN-Capable Transport codepoint '01'"), (2, "ECN-Capable Transport codepoint '10'"), (3, "Congestion Experienced")];
    LEN: "ip.len", "Total Length", UInt16, Dec;
    ID: "ip.id", "Identification", UInt16, HexDec;
    DST: "ip.dst", "Destination Address", Ipv4, None;
    SRC: "ip.src", "Source Address", Ipv4, None;
    ADDR: "ip.addr", "Source or Destination Address", Ipv4, None;
    SRC_HOST: "ip.src_host", "Source Host", String, None;
    DST_HOST: "ip.dst_host", "Destination Host", String, None;
    HOST: "ip.host", "Source or Destination Host", String, None;
    FLAGS: "ip.flags", "Flags", UInt8, Hex, mask 0xe0, blurb "Flags (3 bits)";
    FLAGS_RB: "ip.flags.rb", "Reserved bit", Boolean, Bits(8), mask 0x80;
    FLAGS_DF: "ip.flags.df", "Don't fragment", Boolean, Bits(8), mask 0x40;
    FLAGS_MF: "ip.flags.mf", "More fragments", Boolean, Bits(8), mask 0x20;
    FRAG_OFFSET: "ip.frag_offset", "Fragment Offset", UInt16, Dec, mask 0x1fff, blurb "Fragment offset (13 bits)";
    TTL: "ip.ttl", "Time to Live", UInt8, Dec;
    PROTO: "ip.proto", "Protocol", UInt8, Dec, values IP_PROTO_NAMES;
    CHECKSUM: "ip.checksum", "Header Checksum", UInt16, Hex;
    CHECKSUM_CALCULATED: "ip.checksum_calculated", "Calculated Checksum", UInt16, Hex, blurb "The expected IP checksum field as calculated from the IP datagram";
    CHECKSUM_STATUS: "ip.checksum.status", "Header checksum status", UInt8, None, values CHECKSUM_STATUS_NAMES;
    OPT_TYPE: "ip.opt.type", "Type", UInt8, Dec;
    OPT_TYPE_COPY: "ip.opt.type.copy", "Copy on fragmentation", Boolean, Bits(8), mask 0x80, tf ("Yes", "No");
    OPT_TYPE_CLASS: "ip.opt.type.class", "Class", UInt8, Dec, mask 0x60, values &[(0, "Control"), (1, "Reserved for future use"), (2, "Debugging and measurement"), (3, "Reserved for future use")];
    OPT_TYPE_NUMBER: "ip.opt.type.number", "Number", UInt8, Dec, mask 0x1f, values OPTION_NUMBERS;
    OPT_SID: "ip.opt.sid", "Stream Identifier", UInt16, Dec;
    OPT_SEC_RFC791_SEC: "ip.opt.sec_rfc791_sec", "Security", UInt16, Hex, values RFC791_SECURITY;
    OPT_SEC_RFC791_COMP: "ip.opt.sec_rfc791_comp", "Compartments", UInt16, Dec;
    OPT_SEC_RFC791_HR: "ip.opt.sec_rfc791_hr", "Handling Restrictions", String, None;
    OPT_SEC_RFC791_TCC: "ip.opt.sec_rfc791_tcc", "Transmission Control Code", String, None;
    OPT_OVERFLOW: "ip.opt.overflow", "Overflow", UInt8, Dec, mask 0xf0;
    OPT_FLAG: "ip.opt.flag", "Flag", UInt8, Hex, mask 0x0f, values &[(0, "Time stamps only"), (1, "Time stamp and address"), (3, "Time stamps for prespecified addresses")];
    OPT_TIME_STAMP_ADDR: "ip.opt.time_stamp_addr", "Address", Ipv4, None;
    OPT_LEN_INVALID: "ip.opt.len.invalid", "Invalid length for option", None, None;
    OPT_LEN: "ip.opt.len", "Length", UInt8, Dec;
    OPT_PTR: "ip.opt.ptr", "Pointer", UInt8, Dec;
    OPT_MTU: "ip.opt.mtu", "MTU", UInt16, Dec;
    OPT_RA: "ip.opt.ra", "Router Alert", UInt16, Dec, values &[(0, "Router shall examine packet")];
    OPT_ADDR: "ip.opt.addr", "IP Address", Ipv4, None;
    OPT_PADDING: "ip.opt.padding", "Padding", Bytes, None;
    OPT_TIME_STAMP: "ip.opt.time_stamp", "Time stamp", UInt32, Dec;
    REC_RT: "ip.rec_rt", "Recorded Route", Ipv4, None;
    REC_RT_HOST: "ip.rec_rt_host", "Recorded Route Host", String, None;
    SRC_RT_HOST: "ip.src_rt_host", "Source Route Host", String, None;
    EMPTY_RT_HOST: "ip.empty_rt_host", "Empty Route Host", String, None;
    PTR_BEFORE_ADDRESS: "ip.opt.ptr.before_address", "Pointer points before first address", None, None;
    PTR_MIDDLE_ADDRESS: "ip.opt.ptr.middle_address", "Pointer points to middle of address", None, None;
    SRC_RT: "ip.src_rt", "Source Route", Ipv4, None;
    EMPTY_RT: "ip.empty_rt", "Empty Route", Ipv4, None;
    BOGUS_HEADER_LENGTH: "ip.bogus_header_length", "Bogus IP header length", None, None;
    BOGUS_IP_LENGTH: "ip.bogus_ip_length", "Bogus IP length", None, None;
    BOGUS_IP_VERSION: "ip.bogus_ip_version", "Bogus IP version", None, None;
    CHECKSUM_BAD_EXPERT: "ip.checksum_bad.expert", "Bad checksum", None, None;
    TTL_TOO_SMALL: "ip.ttl.too_small", "Time To Live", None, None;
    TTL_LNCB: "ip.ttl.lncb", "Time To Live", None, None;
    FRAGMENT_OVERLAP: "ip.fragment.overlap", "Fragment overlap", Boolean, Bits(0), blurb "Fragment overlaps with other fragments";
    FRAGMENT_OVERLAP_CONFLICT: "ip.fragment.overlap.conflict", "Conflicting data in fragment overlap", Boolean, Bits(0), blurb "Overlapping fragments contained conflicting data";
    FRAGMENT_MULTIPLETAILS: "ip.fragment.multipletails", "Multiple tail fragments found", Boolean, Bits(0), blurb "Several tails were found when defragmenting the packet";
    FRAGMENT_TOOLONGFRAGMENT: "ip.fragment.toolongfragment", "Fragment too long", Boolean, Bits(0), blurb "Fragment contained data past end of packet";
    FRAGMENT_ERROR: "ip.fragment.error", "Defragmentation error", FrameNum, None, blurb "Defragmentation error due to illegal fragments";
    FRAGMENT_COUNT: "ip.fragment.count", "Fragment count", UInt32, Dec;
    FRAGMENT: "ip.fragment", "IPv4 Fragment", FrameNum, None;
    FRAGMENTS: "ip.fragments", "IPv4 Fragments", Bytes, None;
    REASSEMBLED_IN: "ip.reassembled_in", "Reassembled IPv4 in frame", FrameNum, None, blurb "This IPv4 packet is reassembled in this frame";
    REASSEMBLED_LENGTH: "ip.reassembled.length", "Reassembled IPv4 length", UInt32, Dec, blurb "The total length of the reassembled payload";
    REASSEMBLED_DATA: "ip.reassembled.data", "Reassembled IPv4 data", Bytes, None, blurb "The reassembled payload";
}

/// The fields that show a reassembled IPv4 datagram.
pub static FRAGMENT_FIELDS: crate::reassembly::FragmentFields = crate::reassembly::FragmentFields {
    name: "IPv4",
    noun: "Fragments",
    source_name: "Reassembled IPv4",
    fragments: FRAGMENTS,
    fragments_are_bytes: true,
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

/// `ip.checksum.status` and the other checksum status fields.
pub static CHECKSUM_STATUS_NAMES: &[(u64, &str)] = &[
    (0, "Bad"),
    (1, "Good"),
    (2, "Unverified"),
    (3, "Not present"),
    (4, "Illegal"),
];

static DSCP_NAMES: &[(u64, &str)] = &[
    (0, "Default"),
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
    (1, "Lower Effort"),
];

/// IP protocol numbers by the names Wireshark shows (`ip.proto`, `ipv6.nxt`; Wireshark 4.0's table).
pub static IP_PROTO_NAMES: &[(u64, &str)] = &[
    (0, "IPv6 Hop-by-Hop Option"),
    (1, "ICMP"),
    (2, "IGMP"),
    (3, "GGP"),
    (4, "IPIP"),
    (5, "Stream"),
    (6, "TCP"),
    (7, "CBT"),
    (8, "EGP"),
    (9, "IGRP"),
    (10, "BBN RCC"),
    (11, "Network Voice"),
    (12, "PUP"),
    (13, "ARGUS"),
    (14, "EMCON"),
    (15, "XNET"),
    (16, "CHAOS"),
    (17, "UDP"),
    (18, "Multiplex"),
    (19, "DCN Measurement"),
    (20, "Host Monitoring"),
    (21, "Packet radio"),
    (22, "IDP"),
    (23, "Trunk-1"),
    (24, "Trunk-2"),
    (25, "Leaf-1"),
    (26, "Leaf-2"),
    (27, "Reliable Data"),
    (28, "IRT"),
    (29, "ISO TP4"),
    (30, "Bulk Data"),
    (31, "MFE NSP"),
    (32, "Merit Internodal"),
    (33, "Datagram Congestion Control Protocol"),
    (34, "3rd Party Connect"),
    (35, "Inter-Domain Policy Routing Protocol"),
    (36, "XTP"),
    (37, "Datagram delivery"),
    (38, "Control Message"),
    (39, "TP++"),
    (40, "IL"),
    (41, "IPv6"),
    (42, "Source demand routing"),
    (43, "Routing Header for IPv6"),
    (44, "Fragment Header for IPv6"),
    (45, "Inter-Domain Routing Protocol"),
    (46, "Reservation Protocol"),
    (47, "Generic Routing Encapsulation"),
    (48, "Dynamic source routing"),
    (49, "BNA"),
    (50, "Encap Security Payload"),
    (51, "Authentication Header"),
    (52, "INSLP"),
    (53, "SWIPE"),
    (54, "NBMA ARP"),
    (55, "IP Mobility"),
    (56, "TLSP Kryptonet"),
    (57, "SKIP"),
    (58, "ICMPv6"),
    (59, "No Next Header for IPv6"),
    (60, "Destination Options for IPv6"),
    (61, "any host internal protocol"),
    (62, "Mobile IPv6 (old)"),
    (63, "any local network"),
    (64, "SATNET EXPAK"),
    (65, "Kryptolan"),
    (66, "Remote Virtual Disk"),
    (67, "IPPC"),
    (68, "any distributed file system"),
    (69, "SATNET Monitoring"),
    (70, "VISA"),
    (71, "IPCV"),
    (72, "CPNX"),
    (73, "CPHB"),
    (74, "Wang Span"),
    (75, "Packet Video"),
    (76, "Backroom SATNET Mon"),
    (77, "Sun ND Protocol"),
    (78, "Wideband Mon"),
    (79, "Wideband Expak"),
    (80, "ISO Internet Protocol"),
    (81, "VMTP"),
    (82, "Secure VMTP"),
    (83, "VINES"),
    (84, "TTP"),
    (85, "NSFNET IGP"),
    (86, "Dissimilar Gateway"),
    (87, "TCF"),
    (88, "EIGRP"),
    (89, "OSPF IGP"),
    (90, "Sprite RPC"),
    (91, "Locus ARP"),
    (92, "Multicast Transport"),
    (93, "AX.25 Frames"),
    (94, "IP in IP"),
    (95, "MICP"),
    (96, "Semaphore"),
    (97, "Ether in IP"),
    (98, "ENCAP"),
    (99, "any private encryption scheme"),
    (100, "GMTP"),
    (101, "Ipsilon Flow"),
    (102, "PNNI over IP"),
    (103, "PIM"),
    (104, "ARIS"),
    (105, "SCPS"),
    (106, "QNX"),
    (107, "Active Networks"),
    (108, "IPComp"),
    (109, "Sitara Networks"),
    (110, "Compaq Peer"),
    (111, "IPX IN IP"),
    (112, "VRRP"),
    (113, "PGM"),
    (114, "any 0-hop protocol"),
    (115, "Layer 2 Tunneling"),
    (116, "DDX"),
    (117, "IATP"),
    (118, "STP"),
    (119, "SpectraLink"),
    (120, "UTI"),
    (121, "SMP"),
    (122, "SM"),
    (123, "PTP"),
    (124, "ISIS over IP"),
    (125, "FIRE"),
    (126, "CRTP"),
    (127, "CRUDP"),
    (128, "SSCOPMCE"),
    (129, "IPLT"),
    (130, "Secure Packet"),
    (131, "PIPE"),
    (132, "SCTP"),
    (133, "Fibre Channel"),
    (134, "RSVP E2EI"),
    (135, "Mobile IPv6"),
    (136, "UDPLite"),
    (137, "MPLS in IP"),
    (138, "MANET"),
    (139, "HIP"),
    (140, "Shim6 header"),
    (141, "WESP"),
    (142, "ROHC"),
    (143, "Ethernet"),
    (144, "Unassigned"),
    (145, "Unassigned"),
    (146, "Unassigned"),
    (147, "Unassigned"),
    (148, "Unassigned"),
    (149, "Unassigned"),
    (150, "Unassigned"),
    (151, "Unassigned"),
    (152, "Unassigned"),
    (153, "Unassigned"),
    (154, "Unassigned"),
    (155, "Unassigned"),
    (156, "Unassigned"),
    (157, "Unassigned"),
    (158, "Unassigned"),
    (159, "Unassigned"),
    (160, "Unassigned"),
    (161, "Unassigned"),
    (162, "Unassigned"),
    (163, "Unassigned"),
    (164, "Unassigned"),
    (165, "Unassigned"),
    (166, "Unassigned"),
    (167, "Unassigned"),
    (168, "Unassigned"),
    (169, "Unassigned"),
    (170, "Unassigned"),
    (171, "Unassigned"),
    (172, "Unassigned"),
    (173, "AX/4000 Testframe"),
    (174, "Unassigned"),
    (175, "Unassigned"),
    (176, "Unassigned"),
    (177, "Unassigned"),
    (178, "Unassigned"),
    (179, "Unassigned"),
    (180, "Unassigned"),
    (181, "Unassigned"),
    (182, "Unassigned"),
    (183, "Unassigned"),
    (184, "Unassigned"),
    (185, "Unassigned"),
    (186, "Unassigned"),
    (187, "Unassigned"),
    (188, "Unassigned"),
    (189, "Unassigned"),
    (190, "Unassigned"),
    (191, "Unassigned"),
    (192, "Unassigned"),
    (193, "Unassigned"),
    (194, "Unassigned"),
    (195, "Unassigned"),
    (196, "Unassigned"),
    (197, "Unassigned"),
    (198, "Unassigned"),
    (199, "Unassigned"),
    (200, "Unassigned"),
    (201, "Unassigned"),
    (202, "Unassigned"),
    (203, "Unassigned"),
    (204, "Unassigned"),
    (205, "Unassigned"),
    (206, "Unassigned"),
    (207, "Unassigned"),
    (208, "Unassigned"),
    (209, "Unassigned"),
    (210, "Unassigned"),
    (211, "Unassigned"),
    (212, "Unassigned"),
    (213, "Unassigned"),
    (214, "Unassigned"),
    (215, "Unassigned"),
    (216, "Unassigned"),
    (217, "Unassigned"),
    (218, "Unassigned"),
    (219, "Unassigned"),
    (220, "Unassigned"),
    (221, "Unassigned"),
    (222, "Unassigned"),
    (223, "Unassigned"),
    (224, "Novell NCS Heartbeat"),
];

/// The short DSCP names Wireshark shows in the Differentiated Services Field's summary.
pub(crate) fn dscp_short_name(dscp: u8) -> &'static str {
    match dscp {
        0 => "CS0",
        1 => "LE",
        8 => "CS1",
        10 => "AF11",
        12 => "AF12",
        14 => "AF13",
        16 => "CS2",
        18 => "AF21",
        20 => "AF22",
        22 => "AF23",
        24 => "CS3",
        26 => "AF31",
        28 => "AF32",
        30 => "AF33",
        32 => "CS4",
        34 => "AF41",
        36 => "AF42",
        38 => "AF43",
        40 => "CS5",
        44 => "VOICE-ADMIT",
        46 => "EF PHB",
        48 => "CS6",
        56 => "CS7",
        _ => "Unknown",
    }
}

/// The short ECN names of the same summary, from the low two bits of `tos`.
pub(crate) fn ecn_short_name(tos: u8) -> &'static str {
    ["Not-ECT", "ECT(1)", "ECT(0)", "CE"][(tos & 3) as usize]
}

/// The name Wireshark shows for an IP protocol number (used in Info texts of fragments and errors).
pub fn proto_name(p: u8) -> &'static str {
    IP_PROTO_NAMES
        .iter()
        .find(|(v, _)| *v == p as u64)
        .map_or("Unknown", |(_, n)| n)
}

pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len() - offset.min(data.len());
    let Some(vhl) = read::u8(data, offset) else {
        cx.push_layer(parent, PROTOCOL_FIELD, "ip", "IPv4", offset, 0);
        cx.malformed(offset, "IPv4 header missing");
        return avail;
    };
    let version = vhl >> 4;
    if version == 6 {
        // An IPv6 packet where IPv4 was announced (a raw-IPv4 link or a wrong ethertype): Wireshark
        // lists `ip` among the frame's protocols but adds no IPv4 item, and dissects it as IPv6.
        cx.tree.layers.push("ip");
        return crate::protocols::ipv6::dissect(cx, data, offset, parent);
    }
    let hdr_len = ((vhl & 0x0f) as usize) * 4;
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "ip",
        "IPv4",
        offset,
        hdr_len.min(avail),
    );
    let vi = cx.uint(top, VERSION, offset, 1, version as u64);
    cx.set_bits_label(vi, 8, 0xf0, vhl as u64, format_args!("Version: {version}"));
    if version != 4 {
        cx.tree.add(top, BOGUS_IP_VERSION, offset, 1, Value::None);
        cx.set_info(format_args!("Bogus IP version ({version})"));
        return avail;
    }
    if hdr_len < 20 {
        let hl = cx.uint(top, HDR_LEN, offset, 1, hdr_len as u64);
        cx.set_bits_label(
            hl,
            8,
            0x0f,
            vhl as u64,
            format_args!("Header Length: {hdr_len} bytes ({})", hdr_len / 4),
        );
        cx.expert(
            hl,
            BOGUS_HEADER_LENGTH,
            crate::cx::Severity::Error,
            crate::cx::Group::Protocol,
            format_args!("Bogus IP header length ({hdr_len}, must be at least 20)"),
        );
        cx.set_info(format_args!(
            "Bogus IP header length ({hdr_len}, must be at least 20)"
        ));
        return avail;
    }
    // A header the snapshot length (or an ICMP error's quote) cut short shows each field whose bytes
    // are all there, as Wireshark's, which stops at the first it cannot read.
    macro_rules! needs {
        ($bytes:expr) => {
            if avail < $bytes {
                cx.cut_short(offset, data.len(), "IPv4");
                return avail;
            }
        };
    }
    let hl = cx.uint(top, HDR_LEN, offset, 1, hdr_len as u64);
    cx.set_bits_label(
        hl,
        8,
        0x0f,
        vhl as u64,
        format_args!("Header Length: {hdr_len} bytes ({})", vhl & 0x0f),
    );
    needs!(2);
    let tos = data[offset + 1];
    let ds = cx.uint(top, DSFIELD, offset + 1, 1, tos as u64);
    if ds.is_stored() {
        cx.tree.set_label(
            ds,
            format_args!(
                "Differentiated Services Field: 0x{tos:02x} (DSCP: {}, ECN: {})",
                dscp_short_name(tos >> 2),
                ecn_short_name(tos)
            ),
        );
    }
    cx.bits(ds, DSFIELD_DSCP, offset + 1, 1, tos as u64);
    cx.bits(ds, DSFIELD_ECN, offset + 1, 1, tos as u64);
    needs!(4);
    let mut total_len = read::be16(data, offset + 2).unwrap_or(0) as usize;
    let len_item = if total_len == 0 && cx.in_error == 0 {
        // Wireshark presumes TCP segmentation offload and takes the length from the layer below.
        total_len = avail;
        let it = cx
            .tree
            .add_generated(top, LEN, offset + 2, 2, Value::UInt(total_len as u64));
        cx.tree.set_label(
            it,
            format_args!(
                "Total Length: {total_len} bytes (reported as 0, presumed to be because of \"TCP segmentation offload\" (TSO))"
            ),
        );
        it
    } else {
        cx.uint(top, LEN, offset + 2, 2, total_len as u64)
    };
    // A datagram longer than the frame that holds it (not one the snapshot length cut, nor one quoted
    // by an ICMP error, which holds only its start): tshark notes it under the length and dissects
    // the bytes there are.
    if total_len > avail
        && total_len >= hdr_len
        && cx.in_error == 0
        && !cx.lost_to_snaplen(data.len())
    {
        cx.expert(
            len_item,
            BOGUS_IP_LENGTH,
            Severity::Error,
            Group::Protocol,
            format_args!("IPv4 total length exceeds packet length ({avail} bytes)"),
        );
    }
    needs!(6);
    let id = read::be16(data, offset + 4).unwrap_or(0);
    cx.uint(top, ID, offset + 4, 2, id as u64);
    needs!(8);
    let flags_frag = read::be16(data, offset + 6).unwrap_or(0);
    let flags_byte = (flags_frag >> 8) as u64;
    let fl = cx.bits(top, FLAGS, offset + 6, 1, flags_byte);
    if fl.is_stored() {
        // Wireshark names the flags that are set after the value.
        let mut names = String::new();
        for (bit, name) in [
            (0x80, "Reserved bit"),
            (0x40, "Don't fragment"),
            (0x20, "More fragments"),
        ] {
            if flags_byte & bit != 0 {
                names.push_str(", ");
                names.push_str(name);
            }
        }
        cx.set_bits_label(
            fl,
            8,
            0xe0,
            flags_byte,
            format_args!("Flags: 0x{:x}{names}", flags_byte >> 5),
        );
    }
    cx.bits(fl, FLAGS_RB, offset + 6, 1, flags_byte);
    cx.bits(fl, FLAGS_DF, offset + 6, 1, flags_byte);
    cx.bits(fl, FLAGS_MF, offset + 6, 1, flags_byte);
    // The field holds the offset in 8-byte units, as on the wire; Wireshark labels it in bytes.
    let frag_item = cx.bits(top, FRAG_OFFSET, offset + 6, 2, flags_frag as u64);
    cx.set_bits_label(
        frag_item,
        16,
        0x1fff,
        flags_frag as u64,
        format_args!("Fragment Offset: {}", (flags_frag & 0x1fff) as u32 * 8),
    );
    needs!(9);
    let ttl = data[offset + 8];
    let ttl_item = cx.uint(top, TTL, offset + 8, 1, ttl as u64);
    needs!(10);
    let proto = data[offset + 9];
    // Wireshark's notes on the TTL: not 1 towards the local network control block (224.0.0.0/24), below 5
    // towards unicast and broadcast addresses (except for PIM and OSPF, which use small TTLs on purpose).
    let dst0 = data.get(offset + 16).copied().unwrap_or(0);
    if avail < 20 {
        // Wireshark notes the TTL against the destination, which it never reads.
    } else if dst0 == 224 && data[offset + 17] == 0 && data[offset + 18] == 0 {
        // Except VRRP, HSRPv2 and mDNS, which send with 255, and LLMNR.
        let last = data[offset + 19];
        let allowed = matches!((last, ttl), (18 | 102 | 251, 255)) || last == 252;
        if ttl != 1 && !allowed {
            cx.expert(
                ttl_item,
                TTL_LNCB,
                Severity::Note,
                Group::Sequence,
                format_args!(
                    "\"Time To Live\" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)"
                ),
            );
        }
    } else if !(224..240).contains(&dst0) && ttl < 5 && proto != 103 && proto != 89 {
        cx.expert(
            ttl_item,
            TTL_TOO_SMALL,
            Severity::Note,
            Group::Sequence,
            format_args!("\"Time To Live\" only {ttl}"),
        );
    }
    cx.uint(top, PROTO, offset + 9, 1, proto as u64);
    needs!(12);
    let checksum = read::be16(data, offset + 10).unwrap_or(0);
    let checksum_item = cx.uint(top, CHECKSUM, offset + 10, 2, checksum as u64);
    if checksum_item.is_stored() && !cx.state.prefs.ip_check_checksum {
        cx.tree.set_label(
            checksum_item,
            format_args!("Header Checksum: 0x{checksum:04x} [validation disabled]"),
        );
    }
    let mut checksum_bad = false;
    if cx.state.prefs.ip_check_checksum && avail >= hdr_len {
        // A header whose checksum field is included sums to 0xffff when intact.
        let sum = fold_checksum(ones_complement_sum(0, &data[offset..offset + hdr_len]));
        let good = sum == 0xffff;
        checksum_bad = !good;
        let computed = !fold_checksum(ones_complement_sum(
            0,
            &[
                &data[offset..offset + 10],
                &data[offset + 12..offset + hdr_len],
            ]
            .concat(),
        ));
        if checksum_item.is_stored() {
            if good {
                cx.tree.set_label(
                    checksum_item,
                    format_args!("Header Checksum: 0x{checksum:04x} [correct]"),
                );
            } else {
                cx.tree.set_label(
                    checksum_item,
                    format_args!(
                        "Header Checksum: 0x{checksum:04x} [incorrect, should be 0x{computed:04x} (may be caused by \"IP checksum offload\"?)]"
                    ),
                );
            }
        }
        cx.tree.add_generated(
            top,
            CHECKSUM_CALCULATED,
            offset + 10,
            2,
            Value::UInt(computed as u64),
        );
        cx.tree.add_generated(
            top,
            CHECKSUM_STATUS,
            offset + 10,
            2,
            Value::UInt(u64::from(good)),
        );
        if !good {
            cx.tree
                .add(top, CHECKSUM_BAD_EXPERT, offset + 10, 2, Value::None);
        }
    } else {
        cx.tree
            .add_generated(top, CHECKSUM_STATUS, 0, 0, Value::UInt(2));
    }
    needs!(16);
    let src = [
        data[offset + 12],
        data[offset + 13],
        data[offset + 14],
        data[offset + 15],
    ];
    cx.tree.add(top, SRC, offset + 12, 4, Value::Ipv4(src));
    cx.hidden(top, ADDR, offset + 12, 4, Value::Ipv4(src));
    add_host(cx, top, SRC_HOST, offset + 12, src);
    if avail < 20 {
        if top.is_stored() {
            cx.tree.set_label(
                top,
                format_args!(
                    "Internet Protocol Version 4, Src: {}",
                    std::net::Ipv4Addr::from(src)
                ),
            );
        }
        cx.set_ipv4_source(src);
        needs!(20);
    }
    let dst = [
        data[offset + 16],
        data[offset + 17],
        data[offset + 18],
        data[offset + 19],
    ];
    cx.tree.add(top, DST, offset + 16, 4, Value::Ipv4(dst));
    cx.hidden(top, ADDR, offset + 16, 4, Value::Ipv4(dst));
    add_host(cx, top, DST_HOST, offset + 16, dst);
    if top.is_stored() {
        cx.tree.set_label(
            top,
            format_args!(
                "Internet Protocol Version 4, Src: {}, Dst: {}",
                std::net::Ipv4Addr::from(src),
                std::net::Ipv4Addr::from(dst)
            ),
        );
    }
    cx.set_ipv4_addresses(src, dst);
    if hdr_len > 20 {
        options(
            cx,
            top,
            data,
            offset + 20,
            (offset + hdr_len).min(data.len()),
        );
    }

    if total_len < hdr_len {
        cx.expert(
            len_item,
            BOGUS_IP_LENGTH,
            Severity::Error,
            Group::Protocol,
            format_args!("Bogus IP length ({total_len}, less than header length {hdr_len})"),
        );
        cx.set_info(format_args!(
            "Bogus IP length ({total_len}, less than header length {hdr_len})"
        ));
        return avail;
    }
    if hdr_len > avail {
        cx.cut_short(offset, data.len(), "IPv4");
        return avail;
    }
    // The packet ends at the total length; what follows in the frame is link-layer padding or trailer.
    let end = (offset + total_len).min(data.len());
    let payload = offset + hdr_len;
    let more_fragments = flags_frag & 0x2000 != 0;
    let frag_offset = (flags_frag & 0x1fff) as usize * 8;
    cx.net = Some(crate::cx::NetInfo {
        src: std::net::Ipv4Addr::from(src).into(),
        dst: std::net::Ipv4Addr::from(dst).into(),
        ttl,
        reported_end: offset + total_len,
    });
    if more_fragments || frag_offset > 0 {
        // Set in the second pass of a two-pass run, for a fragment whose datagram a later frame completed.
        let mut reassembled_in = None;
        // Wireshark reassembles a fragment only when all of it was captured, its checksum is not known to
        // be bad, and it is not quoted in an ICMP error.
        let whole = offset + total_len <= data.len();
        if whole && total_len > hdr_len && cx.in_error == 0 && !checksum_bad {
            let key = crate::reassembly::FragKey::V4 {
                src,
                dst,
                id,
                proto,
            };
            let number = cx.meta.number;
            if let Some(r) = cx.state.fragments.add(
                key,
                number,
                frag_offset,
                &data[payload..end],
                more_fragments,
            ) {
                crate::reassembly::completed(cx, key, &r);
                let source = crate::reassembly::show(cx, top, &FRAGMENT_FIELDS, &r);
                cx.set_info(format_args!(""));
                let previous = cx.tree.set_current_source(source);
                match dispatch::by_ip_proto(proto) {
                    Some(next) => {
                        next(cx, &r.data, 0, top);
                    }
                    None => {
                        cx.set_info(format_args!("{} ({proto})", proto_name(proto)));
                        crate::protocols::data::dissect(cx, &r.data, 0, top)
                    }
                }
                cx.tree.set_current_source(previous);
                return total_len.min(avail);
            }
            reassembled_in = crate::reassembly::reassembled_later(cx, key);
            if let Some(n) = reassembled_in {
                cx.tree
                    .add_generated(top, REASSEMBLED_IN, 0, 0, Value::UInt(n));
            }
        }
        let attempted = whole && total_len > hdr_len && cx.in_error == 0 && !checksum_bad;
        if attempted || frag_offset > 0 {
            cx.set_info(format_args!(
                "Fragmented IP protocol (proto={} {proto}, off={frag_offset}, ID={id:04x})",
                proto_name(proto)
            ));
            if let Some(n) = reassembled_in {
                cx.append_info(format_args!(" [Reassembled in #{n}]"));
            }
            crate::protocols::data::dissect(cx, &data[..end], payload, top);
            return total_len.min(avail);
        }
        // A first fragment that could not go to reassembly (cut short, quoted in an ICMP error, bad
        // checksum) is dissected for what it holds, as Wireshark does.
    }
    // IPv4 leaves the Info column to the protocol it hands the payload to.
    cx.set_info(format_args!(""));
    // Wireshark hands on the payload only when the packet has one (as reported, not as captured).
    let reported_end = if cx.lost_to_snaplen(data.len()) {
        data.len() + (cx.meta.original_len as usize).saturating_sub(cx.captured)
    } else {
        data.len()
    };
    // (Inside an ICMP error the quoted datagram's payload is handed on even when none was quoted.)
    if (offset + total_len).min(reported_end) <= payload && cx.in_error == 0 {
        return total_len.min(avail);
    }
    match dispatch::by_ip_proto(proto) {
        Some(next) => {
            next(cx, &data[..end], payload, top);
        }
        None => {
            cx.set_info(format_args!("{} ({proto})", proto_name(proto)));
            crate::protocols::data::dissect(cx, &data[..end], payload, top)
        }
    }
    total_len.min(avail)
}

fn add_host(cx: &mut Cx, top: ItemIdx, field: fields::FieldId, offset: usize, a: [u8; 4]) {
    // With name resolution off (-n) the host fields hold the address text.
    if cx.tree.wants(field) || cx.tree.wants(HOST) {
        let text = std::net::Ipv4Addr::from(a).to_string();
        let v = cx.tree.text_value(&text);
        cx.hidden(top, field, offset, 4, v);
        cx.hidden(top, HOST, offset, 4, v);
    }
}

/// IPv4 options: type (copy/class/number), length, and the common bodies.
/// RFC 791's security levels (the 11-byte security option).
static RFC791_SECURITY: &[(u64, &str)] = &[
    (0x0000, "Unclassified"),
    (0xf135, "Confidential"),
    (0x789a, "EFTO"),
    (0xbc4d, "MMMM"),
    (0x5e26, "PROG"),
    (0xaf13, "Restricted"),
    (0xd788, "Secret"),
    (0x6bc5, "Top Secret"),
];

/// `ip.opt.type.number`: the option numbers tshark names.
static OPTION_NUMBERS: &[(u64, &str)] = &[
    (0, "End of Option List (EOL)"),
    (1, "No-Operation (NOP)"),
    (2, "Security"),
    (3, "Loose source route"),
    (4, "Time stamp"),
    (5, "Extended security"),
    (6, "Commercial IP security option"),
    (7, "Record route"),
    (8, "Stream identifier"),
    (9, "Strict source route"),
    (11, "MTU probe"),
    (12, "MTU Reply"),
    (18, "Traceroute"),
    (20, "Router Alert"),
    (21, "Selective Directed Broadcast"),
    (25, "Quick-Start"),
];

/// The option "protocols" Wireshark registers (`ip.options.routeralert` ...): each option's item, its
/// value the option's bytes.
pub mod option_protocols {
    option_protocols! {
        eol = crate::protocols::ids::IP_OPT_EOL, "IP Option - End of Options List (EOL)", "ip.options.eol";
        nop = crate::protocols::ids::IP_OPT_NOP, "IP Option - No-Operation (NOP)", "ip.options.nop";
        security = crate::protocols::ids::IP_OPT_SECURITY, "IP Option - Security", "ip.options.security";
        route = crate::protocols::ids::IP_OPT_ROUTE, "IP Option - Loose Source Route", "ip.options.route";
        timestamp = crate::protocols::ids::IP_OPT_TIMESTAMP, "IP Option - Time Stamp", "ip.options.timestamp";
        record_route = crate::protocols::ids::IP_OPT_RECORD_ROUTE, "IP Option - Record Route", "ip.options.record_route";
        sid = crate::protocols::ids::IP_OPT_SID, "IP Option - Stream ID", "ip.options.sid";
        source_route = crate::protocols::ids::IP_OPT_SOURCE_ROUTE, "IP Option - Strict Source Route", "ip.options.source_route";
        mtu_probe = crate::protocols::ids::IP_OPT_MTU_PROBE, "IP Option - MTU Probe", "ip.options.mtu_probe";
        mtu_reply = crate::protocols::ids::IP_OPT_MTU_REPLY, "IP Option - MTU Reply", "ip.options.mtu_reply";
        routeralert = crate::protocols::ids::IP_OPT_ROUTERALERT, "IP Option - Router Alert", "ip.options.routeralert";
        traceroute = crate::protocols::ids::IP_OPT_TRACEROUTE, "IP Option - Traceroute", "ip.options.traceroute";
        qs = crate::protocols::ids::IP_OPT_QS, "IP Option - Quick-Start", "ip.options.qs";
        sdb = crate::protocols::ids::IP_OPT_SDB, "IP Option - Selective Directed Broadcast", "ip.options.sdb";
        cipso = crate::protocols::ids::IP_OPT_CIPSO, "IP Option - Commercial Security", "ip.options.cipso";
        ext_security = crate::protocols::ids::IP_OPT_EXT_SECURITY, "IP Option - Extended Security", "ip.options.ext_security";
    }
}

/// An option type's item field and name, for the types tshark dissects.
fn option_kind(kind: u8) -> Option<(fields::FieldId, &'static str)> {
    use option_protocols as op;
    Some(match kind {
        0 => (op::eol::PROTOCOL_FIELD, "End of Options List (EOL)"),
        1 => (op::nop::PROTOCOL_FIELD, "No-Operation (NOP)"),
        130 => (op::security::PROTOCOL_FIELD, "Security"),
        131 => (op::route::PROTOCOL_FIELD, "Loose Source Route"),
        68 => (op::timestamp::PROTOCOL_FIELD, "Time Stamp"),
        7 => (op::record_route::PROTOCOL_FIELD, "Record Route"),
        136 => (op::sid::PROTOCOL_FIELD, "Stream ID"),
        137 => (op::source_route::PROTOCOL_FIELD, "Strict Source Route"),
        11 => (op::mtu_probe::PROTOCOL_FIELD, "MTU Probe"),
        12 => (op::mtu_reply::PROTOCOL_FIELD, "MTU Reply"),
        148 => (op::routeralert::PROTOCOL_FIELD, "Router Alert"),
        82 => (op::traceroute::PROTOCOL_FIELD, "Traceroute"),
        25 => (op::qs::PROTOCOL_FIELD, "Quick-Start"),
        149 => (op::sdb::PROTOCOL_FIELD, "Selective Directed Broadcast"),
        134 => (op::cipso::PROTOCOL_FIELD, "Commercial Security"),
        133 => (op::ext_security::PROTOCOL_FIELD, "Extended Security"),
        _ => return None,
    })
}

/// A record route (or, `source`, a loose or strict source route) option at `data[o..o + len]`: the
/// pointer, then each address as what the pointer makes of it. Addresses before the pointer are
/// recorded, the one it points at is next; a source route's last address is the datagram's final
/// destination (`ip.dst`). A pointer before the first address or into the middle of one is noted.
fn route(cx: &mut Cx, item: ItemIdx, data: &[u8], o: usize, len: usize, source: bool) {
    let ptr = usize::from(data[o + 2]);
    let p = cx.uint(item, OPT_PTR, o + 2, 1, ptr as u64);
    if ptr < 4 {
        cx.expert(
            p,
            PTR_BEFORE_ADDRESS,
            Severity::Warning,
            Group::Protocol,
            format_args!("Pointer points before first address"),
        );
        return;
    }
    if (ptr - 4) % 4 != 0 {
        cx.expert(
            p,
            PTR_MIDDLE_ADDRESS,
            Severity::Warning,
            Group::Protocol,
            format_args!("Pointer points to middle of address"),
        );
        return;
    }
    let slots = (len - 3) / 4;
    // A source route the pointer has run past is all recorded.
    let done = ptr > len;
    for i in 0..slots {
        let a = o + 3 + 4 * i;
        let addr = read::array::<4>(data, a).unwrap_or_default();
        let at = 4 + 4 * i;
        let shown = std::net::Ipv4Addr::from(addr);
        if source && !done && i + 1 == slots {
            let d = cx.tree.add(item, DST, a, 4, Value::Ipv4(addr));
            cx.tree
                .set_label(d, format_args!("Destination Address: {shown}"));
            cx.hidden(item, ADDR, a, 4, Value::Ipv4(addr));
            add_host(cx, item, DST_HOST, a, addr);
            continue;
        }
        let (field, host, next) = if at < ptr {
            (REC_RT, REC_RT_HOST, false)
        } else if source {
            (SRC_RT, SRC_RT_HOST, at == ptr)
        } else {
            (EMPTY_RT, EMPTY_RT_HOST, at == ptr)
        };
        let it = cx.tree.add(item, field, a, 4, Value::Ipv4(addr));
        if next {
            let name = if source {
                "Source Route"
            } else {
                "Empty Route"
            };
            cx.tree
                .set_label(it, format_args!("{name}: {shown} <- (next)"));
        }
        if cx.tree.wants(host) {
            let v = cx.tree.text_value(&shown.to_string());
            cx.hidden(item, host, a, 4, v);
        }
    }
}

/// The options in `data[o..end]` as tshark shows them: an "Options: (N bytes), names" heading, then an
/// item per option ("IP Option - Router Alert (4 bytes): ...") holding its type (with the copy,
/// class and number bits), length and fields.
fn options(cx: &mut Cx, top: ItemIdx, data: &[u8], start: usize, end: usize) {
    let heading = cx.text_item(top, start, end - start, format_args!("Options"));
    // The heading names the options shown that are neither NOP nor EOL, in order.
    let mut names = String::new();
    option_items(cx, heading, data, start, end, &mut names);
    // (`text_item` gives `top` back when text items are not wanted: its label stays.)
    if heading != top {
        cx.tree.set_label(
            heading,
            format_args!("Options: ({} bytes){names}", end - start),
        );
    }
}

/// The items of the options in `data[start..end]` under `heading`, adding the names of those the
/// heading lists to `names`.
fn option_items(
    cx: &mut Cx,
    heading: ItemIdx,
    data: &[u8],
    start: usize,
    end: usize,
    names: &mut String,
) {
    let mut o = start;
    while o < end {
        let kind = data[o];
        let known = option_kind(kind);
        // One-byte options have no length.
        let len = match kind {
            0 | 1 => 1,
            _ => match read::u8(data, o + 1).map(usize::from) {
                Some(l) => l,
                None => return,
            },
        };
        let name = known.map_or("Unknown", |(_, n)| n);
        if o + len > end {
            cx.expert_item(
                heading,
                o,
                end - o,
                OPT_LEN_INVALID,
                Severity::Warning,
                Group::Protocol,
                format_args!(
                    "{name} (option length = {len} bytes says option goes past end of options)"
                ),
            );
            return;
        }
        let Some((field, _)) = known else {
            cx.text_item(
                heading,
                o,
                len.max(1),
                format_args!("Unknown (0x{kind:02x}) ({len} bytes)"),
            );
            if len < 2 {
                return;
            }
            o += len;
            continue;
        };
        if kind > 1 {
            names.push_str(", ");
            names.push_str(name);
        }
        let item = cx.tree.add(heading, field, o, len, Value::Bytes);
        let t = cx.uint(item, OPT_TYPE, o, 1, kind as u64);
        cx.bits(t, OPT_TYPE_COPY, o, 1, kind as u64);
        cx.bits(t, OPT_TYPE_CLASS, o, 1, kind as u64);
        cx.bits(t, OPT_TYPE_NUMBER, o, 1, kind as u64);
        let mut summary = String::new();
        match kind {
            0 => {
                // tshark shows what follows the EOL only when it is not zeros.
                if o + 1 < end && data[o + 1..end].iter().any(|&b| b != 0) {
                    cx.tree
                        .add(heading, OPT_PADDING, o + 1, end - o - 1, Value::Bytes);
                }
            }
            1 => {}
            _ if len < 2 => {}
            _ => {
                cx.uint(item, OPT_LEN, o + 1, 1, len as u64);
                match kind {
                    7 | 131 | 137 if len >= 3 => route(cx, item, data, o, len, kind != 7),
                    148 if len == 4 => {
                        let v = read::be16(data, o + 2).unwrap_or(0);
                        let ra = cx.uint(item, OPT_RA, o + 2, 2, v as u64);
                        let text = if v == 0 {
                            "Router shall examine packet"
                        } else {
                            "Reserved"
                        };
                        cx.tree
                            .set_label(ra, format_args!("Router Alert: {text} ({v})"));
                        summary = format!(": {text} ({v})");
                    }
                    11 | 12 if len == 4 => {
                        let v = read::be16(data, o + 2).unwrap_or(0);
                        cx.uint(item, OPT_MTU, o + 2, 2, v as u64);
                    }
                    68 if len >= 4 => {
                        cx.uint(item, OPT_PTR, o + 2, 1, u64::from(data[o + 2]));
                        let of = u64::from(data[o + 3]);
                        cx.bits(item, OPT_OVERFLOW, o + 3, 1, of);
                        cx.bits(item, OPT_FLAG, o + 3, 1, of);
                        // Time stamps alone, or each after its address.
                        let with_address = data[o + 3] & 0x0f != 0;
                        let step = if with_address { 8 } else { 4 };
                        let mut a = o + 4;
                        while a + step <= o + len {
                            if with_address {
                                let addr = read::array::<4>(data, a).unwrap_or_default();
                                cx.tree
                                    .add(item, OPT_TIME_STAMP_ADDR, a, 4, Value::Ipv4(addr));
                            }
                            let t = a + step - 4;
                            let v = read::be32(data, t).unwrap_or(0);
                            cx.uint(item, OPT_TIME_STAMP, t, 4, u64::from(v));
                            a += step;
                        }
                    }
                    // RFC 791's form; RFC 1108's (other lengths) is not read.
                    130 if len == 11 => {
                        let sec = read::be16(data, o + 2).unwrap_or(0);
                        cx.uint(item, OPT_SEC_RFC791_SEC, o + 2, 2, u64::from(sec));
                        let comp = read::be16(data, o + 4).unwrap_or(0);
                        cx.uint(item, OPT_SEC_RFC791_COMP, o + 4, 2, u64::from(comp));
                        cx.tree.add(item, OPT_SEC_RFC791_HR, o + 6, 2, Value::Str);
                        cx.tree.add(item, OPT_SEC_RFC791_TCC, o + 8, 3, Value::Str);
                    }
                    136 if len == 4 => {
                        let v = read::be16(data, o + 2).unwrap_or(0);
                        cx.uint(item, OPT_SID, o + 2, 2, v as u64);
                    }
                    _ => {}
                }
            }
        }
        let bytes = if len == 1 {
            String::new()
        } else {
            format!(" ({len} bytes)")
        };
        cx.tree
            .set_label(item, format_args!("IP Option - {name}{bytes}{summary}"));
        if kind == 0 {
            return;
        }
        if len < 2 && kind != 1 {
            return;
        }
        o += len;
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{Frame, dissect_all, dissect_all_at};

    #[test]
    fn dscp_short_names_as_tshark_shows_them() {
        // tshark 4.0 -V on IPv4 headers with these DSCP values: "Differentiated Services Field: 0xb8
        // (DSCP: EF PHB, ...)", and so on.
        for (dscp, name) in [
            (0, "CS0"),
            (1, "LE"),
            (8, "CS1"),
            (10, "AF11"),
            (44, "VOICE-ADMIT"),
            (46, "EF PHB"),
            (48, "CS6"),
            (63, "Unknown"),
            (2, "Unknown"),
        ] {
            assert_eq!(super::dscp_short_name(dscp), name, "DSCP {dscp}");
        }
    }

    /// zeek/ipv4/fragmented-1.pcap frame 1 (60 bytes).
    const OVERLAP_1: &str = "\
        006097122f580020afba786508004500002600f2200040111af2a4017ba3a4017b3d007b00890012bfe2000000000000\
        000000000000000000000000\
    ";
    /// zeek/ipv4/fragmented-1.pcap frame 2 (150 bytes).
    const OVERLAP_2: &str = "\
        006097122f580020afba786508004500008800f2000640113a8aa4017ba3a4017b3d007b00890074bf1e000000000000\
        000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\
        000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\
        000000000000\
    ";
    /// zeek/ipv4/fragmented-1.pcap frame 3 (338 bytes).
    const OVERLAP_3: &str = "\
        006097122f580020afba786508004500014400f22000401119d4a4017ba3a4017b3d007b0089010891ca585858585858\
        585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858\
        585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858\
        585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858\
        585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858\
        585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858585858\
        585858585858585858580000000000000000991100000000000000000000000000000000000000000000000000000000\
        0000\
    ";
    /// suricata/ipv4frags.pcap frame 1 (1010 bytes).
    const PING_FRAGMENT_1: &str = "\
        080027e29fa6080027fc6ac90800450003e4b5d0200040019b44020101020201010108004d7113c20001142bd2590000\
        00003d2a080000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435\
        363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465\
        666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495\
        969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5\
        c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5\
        f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425\
        262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455\
        565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485\
        868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5\
        b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5\
        e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415\
        161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445\
        464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475\
        767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5\
        a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5\
        d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405\
        060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435\
        363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465\
        666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495\
        969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5\
        c6c7\
    ";
    /// suricata/ipv4frags.pcap frame 2 (466 bytes).
    const PING_FRAGMENT_2: &str = "\
        080027e29fa6080027fc6ac90800450001c4b5d0007a4001bcea0201010202010101c8c9cacbcccdcecfd0d1d2d3d4d5\
        d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405\
        060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435\
        363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465\
        666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495\
        969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5\
        c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5\
        f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425\
        262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455\
        565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374757677\
    ";

    fn eth(hex: &str) -> Frame<'_> {
        Frame {
            link_type: 1,
            hex,
            original_len: None,
        }
    }

    #[test]
    fn fragments_reassemble_in_the_last_frame() {
        // suricata/ipv4frags.pcap, at the frames' own times (the echo data starts with a timestamp).
        let d = dissect_all_at(
            &[eth(PING_FRAGMENT_1), eth(PING_FRAGMENT_2)],
            &[(1_506_945_812, 535_132_000), (1_506_945_812, 535_197_000)],
        );
        let (first, last) = (&d[0], &d[1]);
        assert_eq!(first.protocols(), "eth:ethertype:ip:data");
        assert_eq!(first.protocol(), "IPv4");
        assert_eq!(first.field("data.len"), "976");
        assert_eq!(
            first.info(),
            "Fragmented IP protocol (proto=ICMP 1, off=0, ID=b5d0)"
        );
        assert!(!first.has("ip.reassembled_in"));
        assert_eq!(last.protocols(), "eth:ethertype:ip:icmp:data");
        assert_eq!(last.field("ip.fragment"), "1,2");
        assert_eq!(last.field("ip.fragment.count"), "2");
        assert_eq!(last.field("ip.reassembled.length"), "1408");
        assert_eq!(last.field("icmp.type"), "8");
        assert_eq!(last.field("icmp.checksum.status"), "1");
        assert_eq!(last.field("icmp.ident"), "5058");
        assert_eq!(last.field("data.len"), "1392");
        assert_eq!(
            last.info(),
            "Echo (ping) request  id=0x13c2, seq=1/256, ttl=64"
        );
        assert_eq!(last.tree.sources()[0].name, "Reassembled IPv4");
        // ip.fragments is the reassembled payload.
        assert_eq!(last.field("ip.fragments").len(), 2 * 1408);
    }

    #[test]
    fn overlapping_fragments_are_errors() {
        // zeek/ipv4/fragmented-1.pcap: the third frame fills the hole left by the first two, overlapping
        // both with different bytes and running past the end of the datagram.
        let d = dissect_all(&[eth(OVERLAP_1), eth(OVERLAP_2), eth(OVERLAP_3)]);
        assert_eq!(
            d[1].info(),
            "Fragmented IP protocol (proto=UDP 17, off=48, ID=00f2)"
        );
        let p = &d[2];
        // tshark 4.0 reads the reassembled datagram's payload as NTP (UDP port 123).
        assert_eq!(p.protocols(), "eth:ethertype:ip:udp:ntp");
        assert_eq!(p.field("ip.fragment"), "1");
        assert_eq!(p.field("ip.fragment.error"), "3,2");
        assert_eq!(p.field("ip.fragment.overlap"), "1,1");
        assert_eq!(p.field("ip.fragment.overlap.conflict"), "1,1");
        assert_eq!(p.field("ip.fragment.toolongfragment"), "1");
        assert_eq!(p.field("ip.fragment.count"), "3");
        assert_eq!(p.field("ip.reassembled.length"), "164");
        // The first fragment's bytes win: the UDP header is frame 1's.
        assert_eq!(p.field("udp.length"), "18");
        assert_eq!(p.field("udp.srcport"), "123");
    }

    #[test]
    fn fragments_in_error_messages_or_cut_short_are_not_reassembled() {
        // The first fragment cut by the snapshot length is dissected for what it holds.
        let bytes = crate::testutil::hex(PING_FRAGMENT_1);
        let h: String = bytes[..100].iter().map(|b| format!("{b:02x}")).collect();
        let d = dissect_all(&[
            Frame {
                link_type: 1,
                hex: &h,
                original_len: Some(bytes.len() as u32),
            },
            eth(PING_FRAGMENT_2),
        ]);
        assert_eq!(d[0].protocols(), "eth:ethertype:ip:icmp:data");
        assert_eq!(d[0].field("icmp.checksum.status"), "2");
        assert_eq!(
            d[1].info(),
            "Fragmented IP protocol (proto=ICMP 1, off=976, ID=b5d0)"
        );
    }

    #[test]
    fn reassembly_state_stays_bounded() {
        // Thousands of first fragments whose datagrams never complete, each with its own identification.
        let template = crate::testutil::hex(PING_FRAGMENT_1);
        let mut dissector = crate::Dissector::new();
        let mut tree = fields::PacketTree::new(fields::Interest::everything(crate::registry()));
        for i in 0..20_000u32 {
            let mut bytes = template.clone();
            bytes[18..20].copy_from_slice(&(i as u16).to_be_bytes());
            bytes[26] = (i >> 16) as u8;
            let meta = crate::FrameMeta {
                number: i as u64 + 1,
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
            let table = &dissector.fragments;
            assert!(table.pending() <= crate::reassembly::Limits::default().max_datagrams);
            assert!(table.held_bytes() <= crate::reassembly::Limits::default().max_total_bytes);
        }
        assert_eq!(
            dissector.fragments.pending(),
            crate::reassembly::Limits::default().max_datagrams
        );
    }
}

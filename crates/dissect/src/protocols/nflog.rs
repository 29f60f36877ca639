//! Linux netfilter NFLOG (LINKTYPE_NFLOG, 239): packets logged by iptables/nftables `NFLOG` rules, as
//! captured on the `nflog` pseudo-interface. A four-byte header (address family, version, resource id)
//! then type-length-value attributes, one of which carries the packet from its network layer on.

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::{Cx, dispatch, protocols};

fields::declare_protocol! {
    proto NFLOG = super::ids::NFLOG, "Linux Netfilter NFLOG", "NFLOG", "nflog";
    FAMILY: "nflog.family", "Family", UInt8, Dec, values FAMILY_NAMES;
    VERSION: "nflog.version", "Version", UInt8, Dec;
    RES_ID: "nflog.res_id", "Resource id", UInt16, Dec;
    TLV: "nflog.tlv", "TLV", Bytes, None;
    TLV_LENGTH: "nflog.tlv_length", "Length", UInt16, Dec, blurb "TLV Length";
    TLV_TYPE: "nflog.tlv_type", "Type", UInt16, Dec, mask 0x7fff, values TLV_TYPE_NAMES, blurb "TLV Type";
    HW_PROTOCOL: "nflog.protocol", "HW protocol", UInt16, Hex, values protocols::eth::ETHERTYPE_NAMES;
    HOOK: "nflog.hook", "Netfilter hook", UInt8, Dec, values HOOK_NAMES;
    IFINDEX_INDEV: "nflog.ifindex_indev", "IFINDEX_INDEV", UInt32, Dec;
    IFINDEX_OUTDEV: "nflog.ifindex_outdev", "IFINDEX_OUTDEV", UInt32, Dec;
    IFINDEX_PHYSINDEV: "nflog.ifindex_physindev", "IFINDEX_PHYSINDEV", UInt32, Dec;
    IFINDEX_PHYSOUTDEV: "nflog.ifindex_physoutdev", "IFINDEX_PHYSOUTDEV", UInt32, Dec;
    PREFIX: "nflog.prefix", "Prefix", StringZ, None, blurb "TLV Prefix Value";
    UID: "nflog.uid", "UID", Int32, Dec, blurb "TLV UID Value";
    GID: "nflog.gid", "GID", Int32, Dec, blurb "TLV GID Value";
    TIMESTAMP: "nflog.timestamp", "Timestamp", AbsoluteTime, None, blurb "TLV Timestamp Value";
    TLV_VALUE: "nflog.tlv_value", "Value", Bytes, None, blurb "TLV Value";
}

/// Linux address families as NFLOG uses them.
static FAMILY_NAMES: &[(u64, &str)] = &[
    (0, "Unspecified"),
    (1, "IPv4/IPv6"),
    (2, "IPv4"),
    (3, "ARP"),
    (5, "Netdev"),
    (7, "Bridge"),
    (10, "IPv6"),
    (12, "DECNET"),
];

/// `NFULA_*` attribute types (linux/netfilter/nfnetlink_log.h).
static TLV_TYPE_NAMES: &[(u64, &str)] = &[
    (0, "NFULA_UNSPEC"),
    (1, "NFULA_PACKET_HDR"),
    (2, "NFULA_MARK"),
    (3, "NFULA_TIMESTAMP"),
    (4, "NFULA_IFINDEX_INDEV"),
    (5, "NFULA_IFINDEX_OUTDEV"),
    (6, "NFULA_IFINDEX_PHYSINDEV"),
    (7, "NFULA_IFINDEX_PHYSOUTDEV"),
    (8, "NFULA_HWADDR"),
    (9, "NFULA_PAYLOAD"),
    (10, "NFULA_PREFIX"),
    (11, "NFULA_UID"),
    (12, "NFULA_SEQ"),
    (13, "NFULA_SEQ_GLOBAL"),
    (14, "NFULA_GID"),
    (15, "NFULA_HWTYPE"),
    (16, "NFULA_HWHEADER"),
    (17, "NFULA_HWLEN"),
];

/// Netfilter hooks.
static HOOK_NAMES: &[(u64, &str)] = &[
    (0, "Pre-routing"),
    (1, "Local in"),
    (2, "Forward"),
    (3, "Local out"),
    (4, "Post-routing"),
    (5, "Number of hooks"),
];

/// NFLOG header and attributes; the payload attribute goes to IPv4 or IPv6 by the header's family (or by
/// the hardware protocol of the packet header attribute for other families).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_addresses(&"N/A", &"N/A");
    cx.set_info(format_args!("NFLOG"));
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "nflog", "NFLOG", offset, avail);
    let (Some(family), Some(version), Some(res_id)) = (
        read::u8(data, offset),
        read::u8(data, offset + 1),
        read::be16(data, offset + 2),
    ) else {
        cx.malformed(offset, "NFLOG header cut short");
        return avail;
    };
    cx.uint(top, FAMILY, offset, 1, family as u64);
    cx.uint(top, VERSION, offset + 1, 1, version as u64);
    cx.uint(top, RES_ID, offset + 2, 2, res_id as u64);

    let mut payload = None;
    let mut hw_protocol = None;
    let mut at = offset + 4;
    while at < data.len() {
        // Attribute length and type are in the logging host's byte order; Wireshark reads them in its
        // own (little-endian here), which is what Linux on x86 and ARM writes.
        let (Some(len), Some(kind)) = (read::le16(data, at), read::le16(data, at + 2)) else {
            cx.malformed(at, "NFLOG attribute cut short");
            break;
        };
        let len = len as usize;
        if len < 4 || at + len > data.len() {
            cx.malformed(at, "NFLOG attribute length is wrong");
            break;
        }
        let tlv = cx.tree.add(top, TLV, at, len, Value::Bytes);
        if tlv.is_stored() {
            let name = TLV_TYPE_NAMES
                .iter()
                .find(|(v, _)| *v == u64::from(kind & 0x7fff))
                .map_or("Unknown", |(_, n)| n);
            cx.tree.set_label(
                tlv,
                format_args!("TLV Type: {name} ({}), Length: {len}", kind & 0x7fff),
            );
        }
        cx.uint(tlv, TLV_LENGTH, at, 2, len as u64);
        cx.bits(tlv, TLV_TYPE, at + 2, 2, kind as u64);
        let value = at + 4;
        let value_len = len - 4;
        match (kind & 0x7fff, value_len) {
            (1, 4..) => {
                let proto = u16::from_be_bytes([data[value], data[value + 1]]);
                hw_protocol = Some(proto);
                cx.uint(tlv, HW_PROTOCOL, value, 2, proto as u64);
                cx.uint(tlv, HOOK, value + 2, 1, data[value + 2] as u64);
            }
            (3, 16..) => {
                let secs = read::be64(data, value).unwrap_or(0);
                let usecs = read::be64(data, value + 8).unwrap_or(0);
                let v = Value::AbsTime {
                    secs: secs as i64,
                    nanos: (usecs.min(999_999) * 1000) as u32,
                };
                cx.tree.add(tlv, TIMESTAMP, value, 16, v);
            }
            (k @ 4..=7, 4..) => {
                let field = [
                    IFINDEX_INDEV,
                    IFINDEX_OUTDEV,
                    IFINDEX_PHYSINDEV,
                    IFINDEX_PHYSOUTDEV,
                ][(k - 4) as usize];
                let index = read::be32(data, value).unwrap_or(0);
                cx.uint(tlv, field, value, 4, index as u64);
            }
            (9, _) => payload = Some(value..at + len),
            (10, _) => {
                cx.tree.add(tlv, PREFIX, value, value_len, Value::Str);
            }
            (k @ (11 | 14), 4..) => {
                let id = read::be32(data, value).unwrap_or(0) as i32;
                let field = if k == 11 { UID } else { GID };
                cx.tree.add(tlv, field, value, 4, Value::Int(id as i64));
            }
            (_, 1..) => {
                cx.tree.add(tlv, TLV_VALUE, value, value_len, Value::Bytes);
            }
            _ => {}
        }
        // Attributes are padded to a multiple of four bytes.
        at += (len + 3) & !3;
    }

    if let Some(range) = payload {
        let bytes = &data[..range.end];
        let next = match family {
            2 => Some(protocols::ip::dissect as dispatch::DissectFn),
            10 => Some(protocols::ipv6::dissect as dispatch::DissectFn),
            _ => hw_protocol.and_then(dispatch::by_ethertype),
        };
        match next {
            Some(f) => {
                f(cx, bytes, range.start, top);
            }
            None => protocols::data::dissect(cx, bytes, range.start, top),
        }
    }
    avail
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// tcpdump/nflog.pcap frame 1 (a logged DNS response), values as tshark 4.0 shows them.
    #[test]
    fn attributes_and_payload() {
        let frame = "02000014080001000800012705000a00000000000800040000000002100008000006ffffb8a386b9c3d6\
                     000006000f000001000006001100000e0000120010000811961c10c8b8a386b9c3d6080000001400030000\
                     000000522a1f9e00000000000960fc4d00090045000049000040003711c5144a522a2a0a0000140035a659\
                     00356ddf437181800001000100000000076578616d706c6503636f6d0000010001c00c0001000100002f96\
                     00045db8d877000000";
        let t = dissect(239, frame);
        assert_eq!(t.protocols(), "nflog:ip:udp:dns");
        assert_eq!(t.field("nflog.family"), "2");
        assert_eq!(t.field("nflog.res_id"), "20");
        assert_eq!(t.field("nflog.tlv_type"), "1,10,4,8,15,17,16,3,9");
        assert_eq!(t.field("nflog.protocol"), "0x0800");
        assert_eq!(t.field("nflog.hook"), "1");
        assert_eq!(t.field("nflog.prefix"), "");
        assert_eq!(t.field("nflog.ifindex_indev"), "2");
        assert_eq!(
            t.field("nflog.tlv_value"),
            "0006ffffb8a386b9c3d60000,0001,000e,0811961c10c8b8a386b9c3d60800"
        );
        assert_eq!(
            t.field("nflog.timestamp"),
            "Sep  6, 2013 18:31:58.614652000 UTC"
        );
        assert_eq!(t.field("ip.src"), "74.82.42.42");
        assert_eq!(t.field("udp.srcport"), "53");
        assert_eq!(t.field("udp.checksum"), "0x6ddf");
    }

    #[test]
    fn cut_anywhere() {
        let frame = "02000014080001000800010005000a00000000000800040000000002";
        for cut in (0..frame.len()).step_by(2) {
            let _ = dissect(239, &frame[..cut]);
        }
    }
}

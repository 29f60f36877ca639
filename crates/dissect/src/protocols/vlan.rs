//! IEEE 802.1Q VLAN tags (ethertypes 0x8100 and 0x9100) and IEEE 802.1ad provider tags (0x88a8), each
//! followed by an ethertype (or, for 802.1Q, an 802.3 length and LLC).

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::protocols::eth::{self, ETHERTYPE_NAMES, Fcs};
use crate::protocols::llc::{self, LengthFields};

fields::declare_protocol! {
    proto VLAN = super::ids::VLAN, "802.1Q Virtual LAN", "VLAN", "vlan";
    PRIORITY: "vlan.priority", "Priority", UInt16, Dec, mask 0xe000, values PRIORITY_NAMES, blurb "Descriptions are recommendations from IEEE standard 802.1D-2004";
    CFI: "vlan.cfi", "CFI", Boolean, Bits(16), mask 0x1000, tf ("Non-canonical", "Canonical"), blurb "Canonical Format Identifier";
    DEI: "vlan.dei", "DEI", Boolean, Bits(16), mask 0x1000, tf ("Eligible", "Ineligible"), blurb "Drop Eligible Indicator";
    ID: "vlan.id", "ID", UInt16, Dec, mask 0x0fff, blurb "VLAN ID";
    ID_NAME: "vlan.id_name", "Name", String, None, blurb "VLAN ID Name";
    ETYPE: "vlan.etype", "Type", UInt16, Hex, values ETHERTYPE_NAMES, blurb "Ethertype";
    LEN: "vlan.len", "Length", UInt16, Dec;
    TRAILER: "vlan.trailer", "Trailer", Bytes, None, blurb "VLAN Trailer";
    LEN_PAST_END: "vlan.len.past_end", "Length field value goes past the end of the payload", None, None;
    TOO_MANY_TAGS: "vlan.too_many_tags", "Too many nested VLAN tags", None, None;
}

/// Priority code point names (IEEE 802.1Q).
static PRIORITY_NAMES: &[(u64, &str)] = &[
    (0, "Best Effort (default)"),
    (1, "Background"),
    (2, "Excellent Effort"),
    (3, "Critical Applications"),
    (4, "Video, < 100ms latency and jitter"),
    (5, "Voice, < 10ms latency and jitter"),
    (6, "Internetwork Control"),
    (7, "Network Control"),
];

/// Wireshark stops after this many nested 802.1Q tags.
const MAX_NESTED_TAGS: usize = 20;

/// IEEE 802.1ad provider bridge tags (Wireshark's `ieee8021ad`).
pub mod ieee8021ad {
    fields::declare_protocol! {
        proto IEEE8021AD = crate::protocols::ids::IEEE8021AD, "IEEE 802.1ad", "IEEE 802.1AD", "ieee8021ad";
        PRIORITY: "ieee8021ad.priority", "Priority", UInt16, Dec, mask 0xe000;
        DEI: "ieee8021ad.dei", "DEI", UInt16, Dec, mask 0x1000, blurb "Drop Eligibility";
        ID: "ieee8021ad.id", "ID", UInt16, Dec, mask 0x0fff, blurb "Vlan ID";
        SVID: "ieee8021ad.svid", "ID", UInt16, Dec, mask 0x0fff, blurb "S-Vlan ID";
        CVID: "ieee8021ad.cvid", "ID", UInt16, Dec, mask 0x0fff, blurb "C-Vlan ID";
    }
}

/// IEEE 802.1ah backbone service instance tags (Wireshark's `ieee8021ah`), whose type and trailer fields
/// Wireshark's 802.1ad dissector uses too.
pub mod ieee8021ah {
    fields::declare_protocol! {
        proto IEEE8021AH = crate::protocols::ids::IEEE8021AH, "IEEE 802.1ah", "IEEE 802.1AH", "ieee8021ah";
        PRIORITY: "ieee8021ah.priority", "Priority", UInt32, Dec, mask 0xe000_0000;
        DROP: "ieee8021ah.drop", "DROP", UInt32, Dec, mask 0x1000_0000;
        NCA: "ieee8021ah.nca", "NCA", UInt32, Dec, mask 0x0800_0000, blurb "No Customer Addresses";
        RES1: "ieee8021ah.res1", "RES1", UInt32, Dec, mask 0x0400_0000, blurb "Reserved1";
        RES2: "ieee8021ah.res2", "RES2", UInt32, Dec, mask 0x0300_0000, blurb "Reserved2";
        ISID: "ieee8021ah.isid", "I-SID", UInt32, Dec, mask 0x00ff_ffff;
        CDST: "ieee8021ah.cdst", "C-Destination", Ether, None, blurb "Customer Destination Address";
        CSRC: "ieee8021ah.csrc", "C-Source", Ether, None, blurb "Customer Source Address";
        ETYPE: "ieee8021ah.etype", "Type", UInt16, Hex, values crate::protocols::eth::ETHERTYPE_NAMES;
        TRAILER: "ieee8021ah.trailer", "Trailer", Bytes, None, blurb "802.1ah Trailer";
    }
}

/// An 802.1Q tag: priority, drop eligibility and VLAN id, then the payload by ethertype, or by 802.3
/// length through LLC. Covers everything to the end of `data` (padding and trailer included).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_protocol("VLAN");
    cx.set_info(format_args!(""));
    let Some(tci) = read::be16(data, offset) else {
        cx.tree.layers.push("vlan");
        cx.malformed(offset, "VLAN tag cut short");
        return avail;
    };
    let (pri, dei, id) = (tci >> 13, (tci >> 12) & 1, tci & 0x0fff);
    cx.set_info(format_args!("PRI: {pri}  DEI: {dei}  ID: {id}"));
    let depth = cx.tree.layers.iter().filter(|l| **l == "vlan").count() + 1;
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "vlan", "", offset, avail.min(4));
    if depth > MAX_NESTED_TAGS {
        cx.tree
            .add(top, TOO_MANY_TAGS, offset, avail.min(4), Value::None);
        return avail;
    }
    if top.is_stored() {
        cx.tree.set_label(
            top,
            format_args!("802.1Q Virtual LAN, PRI: {pri}, DEI: {dei}, ID: {id}"),
        );
    }
    cx.bits(top, PRIORITY, offset, 2, tci as u64);
    cx.bits(top, DEI, offset, 2, tci as u64);
    cx.bits(top, ID, offset, 2, tci as u64);
    let Some(ethertype) = read::be16(data, offset + 2) else {
        cx.malformed(offset, "VLAN tag cut short");
        return avail;
    };
    if ethertype <= 1500 {
        llc::dissect_802_3(
            cx,
            data,
            offset + 2,
            top,
            LengthFields {
                len: LEN,
                past_end: LEN_PAST_END,
                trailer: TRAILER,
                fcs: Fcs::Absent,
            },
        );
        return avail;
    }
    cx.uint(top, ETYPE, offset + 2, 2, ethertype as u64);
    let payload = offset + 4;
    let consumed = eth::hand_on(cx, data, payload, top, ethertype);
    eth::add_trailer(cx, top, TRAILER, data, payload + consumed, Fcs::Absent);
    avail
}

/// An 802.1ad service tag, or a service tag and customer tag when two 0x88a8 tags follow each other;
/// then the payload by ethertype.
pub fn dissect_8021ad(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    use ieee8021ad as ad;
    let avail = data.len().saturating_sub(offset);
    cx.set_protocol("802.1ad");
    cx.set_info(format_args!(""));
    let Some(tci) = read::be16(data, offset) else {
        cx.tree.layers.push("ieee8021ad");
        cx.malformed(offset, "802.1ad tag cut short");
        return avail;
    };
    let (pri, dei, id) = (tci >> 13, (tci >> 12) & 1, tci & 0x0fff);
    cx.set_info(format_args!("PRI: {pri}  DROP: {dei} ID: {id}"));
    let top = cx.push_layer(
        parent,
        ad::PROTOCOL_FIELD,
        "ieee8021ad",
        "",
        offset,
        avail.min(4),
    );
    let Some(mut ethertype) = read::be16(data, offset + 2) else {
        cx.malformed(offset, "802.1ad tag cut short");
        return avail;
    };
    let payload;
    if ethertype == 0x88a8 {
        // A service tag followed by a customer tag.
        let Some(inner) = read::be16(data, offset + 4) else {
            cx.malformed(offset, "802.1ad tag cut short");
            return avail;
        };
        if top.is_stored() {
            cx.tree.set_label(
                top,
                format_args!("IEEE 802.1ad, S-VID: {id}, C-VID: {}", inner & 0x0fff),
            );
        }
        cx.bits(top, ad::PRIORITY, offset, 1, tci as u64);
        cx.bits(top, ad::DEI, offset, 1, tci as u64);
        cx.bits(top, ad::SVID, offset, 2, tci as u64);
        cx.bits(top, ad::PRIORITY, offset + 4, 1, inner as u64);
        cx.bits(top, ad::DEI, offset + 4, 1, inner as u64);
        cx.bits(top, ad::CVID, offset + 4, 2, inner as u64);
        let Some(t) = read::be16(data, offset + 6) else {
            cx.malformed(offset + 4, "802.1ad tag cut short");
            return avail;
        };
        ethertype = t;
        cx.uint(top, ieee8021ah::ETYPE, offset + 6, 2, t as u64);
        payload = offset + 8;
    } else {
        if top.is_stored() {
            cx.tree
                .set_label(top, format_args!("IEEE 802.1ad, ID: {id}"));
        }
        cx.bits(top, ad::PRIORITY, offset, 1, tci as u64);
        cx.bits(top, ad::DEI, offset, 1, tci as u64);
        cx.bits(top, ad::ID, offset, 2, tci as u64);
        cx.uint(top, ieee8021ah::ETYPE, offset + 2, 2, ethertype as u64);
        payload = offset + 4;
    }
    let consumed = eth::hand_on(cx, data, payload, top, ethertype);
    eth::add_trailer(
        cx,
        top,
        ieee8021ah::TRAILER,
        data,
        payload + consumed,
        Fcs::Absent,
    );
    avail
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// zeek/http-vlan-0.pcap frame 1 (TCP SYN in VLAN 0, priority 5, DEI set).
    const HTTP_VLAN: &str = "0010db88d2efc8bcc896d2a0 8100 b000 0800 \
        45000040df8e400040066dd38d8ee405c096bb2be9d00050fe21323a00000000b002ffff3bc00000\
        020405b4010303040101080a164add200000000004020000";

    #[test]
    fn single_tag_as_tshark_shows_it() {
        let d = dissect(1, HTTP_VLAN);
        assert_eq!(d.protocols(), "eth:ethertype:vlan:ethertype:ip:tcp");
        assert_eq!(d.field("vlan.priority"), "5");
        assert_eq!(d.field("vlan.dei"), "1");
        assert_eq!(d.field("vlan.id"), "0");
        assert_eq!(d.field("vlan.etype"), "0x0800");
        assert_eq!(d.field("eth.type"), "0x8100");
        assert_eq!(d.protocol(), "TCP");
        assert_eq!(d.tree.src_column, "141.142.228.5");
    }

    /// zeek/vlan-qinqinq.pcap frame 1: three 802.1Q tags.
    #[test]
    fn nested_tags() {
        let d = dissect(
            1,
            "0010db88d2efc8bcc896d2a0 8100001e 81000014 8100000a 0800 \
             45000040df8e400040066dd38d8ee405c096bb2be9d00050fe21323a00000000b002ffff3bc00000\
             020405b4010303040101080a164add200000000004020000",
        );
        assert_eq!(
            d.protocols(),
            "eth:ethertype:vlan:ethertype:vlan:ethertype:vlan:ethertype:ip:tcp"
        );
        assert_eq!(d.field("vlan.id"), "30,20,10");
        assert_eq!(d.field("vlan.etype"), "0x8100,0x8100,0x0800");
        assert_eq!(d.field("vlan.priority"), "0,0,0");
    }

    /// tcpdump/802.1ad_QinQ.pcap frame 1: 802.1ad, 802.1Q, ARP, then padding and a 4-byte trailer.
    const QINQ_ARP: &str = "ffffffffffff 0020d25afb3f 88a8 00c8 8100 07d1 0806 \
        0001080006040001 0020d25afb3f ac154f61 000000000000 ac154f64 \
        00000000000000000000 00000000";

    #[test]
    fn provider_tag_then_customer_tag() {
        let d = dissect(1, QINQ_ARP);
        assert_eq!(
            d.protocols(),
            "eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:arp"
        );
        assert_eq!(d.field("ieee8021ad.id"), "200");
        assert_eq!(d.field("ieee8021ad.priority"), "0");
        assert_eq!(d.field("ieee8021ah.etype"), "0x8100");
        assert_eq!(d.field("vlan.id"), "2001");
        assert_eq!(d.field("vlan.etype"), "0x0806");
        assert_eq!(d.field("eth.padding"), "00000000000000000000");
        assert_eq!(d.field("vlan.trailer"), "00000000");
        assert!(!d.has("eth.trailer"));
        assert!(!d.has("eth.fcs"));
        assert_eq!(d.protocol(), "ARP");
        assert_eq!(d.info(), "Who has 172.21.79.100? Tell 172.21.79.97");
        assert_eq!(d.tree.src_column, "00:20:d2:5a:fb:3f");
        assert_eq!(d.tree.dst_column, "ff:ff:ff:ff:ff:ff");
    }

    const H: &str = "0180c2000000 001122334455";

    #[test]
    fn double_8021ad_and_unknown_types() {
        let d = dissect(1, &format!("{H} 88a8 30c8 88a8 0001 1234 aabb"));
        assert_eq!(d.protocols(), "eth:ethertype:ieee8021ad:ethertype:data");
        assert_eq!(d.field("ieee8021ad.svid"), "200");
        assert_eq!(d.field("ieee8021ad.cvid"), "1");
        assert_eq!(d.field("ieee8021ad.priority"), "1,0");
        assert_eq!(d.field("ieee8021ad.dei"), "1,0");
        assert!(!d.has("ieee8021ad.id"));
        assert_eq!(d.protocol(), "0x1234");
        assert_eq!(d.info(), "PRI: 1  DROP: 1 ID: 200");
        let d = dissect(1, &format!("{H} 8100 a0c8 1234 deadbeef"));
        assert_eq!(d.protocols(), "eth:ethertype:vlan:ethertype:data");
        assert_eq!(d.protocol(), "0x1234");
        assert_eq!(d.info(), "PRI: 5  DEI: 0  ID: 200");
        // Q-in-Q by the older 0x9100 ethertype is an 802.1Q tag.
        let d = dissect(1, &format!("{H} 9100 30c8 1234 00"));
        assert_eq!(d.protocols(), "eth:ethertype:vlan:ethertype:data");
        assert_eq!(d.field("vlan.id"), "200");
    }

    #[test]
    fn length_instead_of_type_leads_to_llc() {
        let d = dissect(1, &format!("{H} 8100 a0c8 0010 aaaa03000000 0800 4500"));
        assert_eq!(d.protocols(), "eth:ethertype:vlan:llc:ip");
        assert_eq!(d.field("vlan.len"), "16");
        assert!(d.has("vlan.len.past_end"));
        assert!(!d.has("vlan.etype"));
    }

    #[test]
    fn too_many_tags() {
        let mut hex = String::from(H);
        for i in 1..=25 {
            hex.push_str(&format!(" 8100 00{i:02x}"));
        }
        hex.push_str(" 0800 4500001c000000004001000001020304050607080800f7ff00000000");
        let d = dissect(1, &hex);
        assert_eq!(d.values("vlan.id").len(), 20);
        assert!(d.has("vlan.too_many_tags"));
        assert_eq!(d.protocol(), "VLAN");
        assert_eq!(d.info(), "PRI: 0  DEI: 0  ID: 21");
        assert!(d.protocols().ends_with(":vlan"));
    }

    #[test]
    fn cut_short_tags_are_malformed() {
        let d = dissect(1, &format!("{H} 8100 a0"));
        assert_eq!(d.protocols(), "eth:ethertype:vlan");
        assert!(!d.has("vlan"));
        assert_eq!((d.protocol(), d.info()), ("VLAN", "[Malformed Packet]"));
        let d = dissect(1, &format!("{H} 8100 a0c8"));
        assert_eq!(d.field("vlan.id"), "200");
        assert_eq!(d.info(), "PRI: 5  DEI: 0  ID: 200[Malformed Packet]");
        let d = dissect(1, &format!("{H} 88a8 30"));
        assert_eq!((d.protocol(), d.info()), ("802.1ad", "[Malformed Packet]"));
        let d = dissect(1, &format!("{H} 88a8 30c8"));
        assert_eq!(d.info(), "PRI: 1  DROP: 1 ID: 200[Malformed Packet]");
        assert!(d.has("ieee8021ad"));
        assert!(!d.has("ieee8021ad.id"));
        let d = dissect(1, &format!("{H} 88a8 30c8 88a8 0001"));
        assert_eq!(d.field("ieee8021ad.cvid"), "1");
        assert!(d.has("_ws.malformed"));
    }
}

//! IGMP (RFC 1112, 2236, 3376) as tshark 4.0 shows it: versions 1 and 2 (query, report, leave) and
//! version 3 membership reports with their group records.
//!
//! What tshark 4.0 does, and so what this does (checked on the corpus's reports and on hand-made
//! messages of each type): the version is worked out from the type (and, for a query, from its Max Resp
//! Time: none means version 1); version 1 shows that byte as Reserved. The version's dissector is a
//! second layer of the same protocol (`ip:igmp:igmp`, Protocol column "IGMPv2"). Info names the type, and for
//! version 2 the group; a version 3 report adds each record (" / Join group G for any sources",
//! " / Leave group G", " / Join group G for sources in {S, ...}", " / Group G, new source {S, ...}").
//! Left to do: version 3 queries, the Info of an exclude record with sources and of Block Old Sources,
//! the types of the other routing protocols IGMP carries (DVMRP, PIMv1, mtrace).

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::protocols::{fold_checksum, ones_complement_sum};

fields::declare_protocol! {
    proto IGMP = super::ids::IGMP, "Internet Group Management Protocol", "IGMP", "igmp";
    TYPE: "igmp.type", "Type", UInt8, Hex, values TYPE_NAMES, blurb "IGMP Packet Type";
    RESERVED: "igmp.reserved", "Reserved", Bytes, None, blurb "IGMP Reserved";
    VERSION: "igmp.version", "IGMP Version", UInt8, Dec;
    CHECKSUM: "igmp.checksum", "Checksum", UInt16, Hex, blurb "IGMP Checksum";
    CHECKSUM_STATUS: "igmp.checksum.status", "Checksum Status", UInt8, None, values crate::protocols::ip::CHECKSUM_STATUS_NAMES;
    MAX_RESP: "igmp.max_resp", "Max Resp Time", UInt8, Dec, blurb "Max Response Time";
    NUM_SRC: "igmp.num_src", "Num Src", UInt16, Dec, blurb "Number Of Sources";
    SADDR: "igmp.saddr", "Source Address", Ipv4, None;
    NUM_GRP_RECS: "igmp.num_grp_recs", "Num Group Records", UInt16, Dec, blurb "Number Of Group Records";
    RECORD_TYPE: "igmp.record_type", "Record Type", UInt8, Dec, values RECORD_TYPE_NAMES;
    AUX_DATA_LEN: "igmp.aux_data_len", "Aux Data Len", UInt8, Dec, blurb "Aux Data Len, In units of 32bit words";
    MADDR: "igmp.maddr", "Multicast Address", Ipv4, None;
}

static TYPE_NAMES: &[(u64, &str)] = &[
    (0x11, "Membership Query"),
    (0x12, "Membership Report"),
    (0x16, "Membership Report"),
    (0x17, "Leave Group"),
    (0x22, "Membership Report"),
];

static RECORD_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "Mode Is Include"),
    (2, "Mode Is Exclude"),
    (3, "Change To Include Mode"),
    (4, "Change To Exclude Mode"),
    (5, "Allow New Sources"),
    (6, "Block Old Sources"),
];

fn name(table: &[(u64, &'static str)], v: u8) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v as u64).map(|&(_, n)| n)
}

/// Dissects an IGMP message at `data[offset..]`.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.tree.layers.push("igmp");
    cx.set_protocol("IGMP");
    let parent = cx.layer_parent(parent);
    let top = cx
        .tree
        .add(parent, PROTOCOL_FIELD, offset, avail, Value::None);
    let (Some(t), Some(second)) = (read::u8(data, offset), read::u8(data, offset + 1)) else {
        cx.cut_short(offset, data.len(), "IGMP");
        return avail;
    };
    let version: u8 = match t {
        0x11 if avail >= 12 => 3,
        0x11 if second == 0 => 1,
        0x12 => 1,
        0x11 | 0x16 | 0x17 => 2,
        0x22 => 3,
        _ => 0,
    };
    if version != 0 {
        // Wireshark hands the message on to the version's own dissector, of the same protocol: it
        // is listed twice, and names the version in the Protocol column.
        cx.tree.layers.push("igmp");
        const COLUMNS: [&str; 3] = ["IGMPv1", "IGMPv2", "IGMPv3"];
        cx.set_protocol(COLUMNS[version as usize - 1]);
        cx.tree
            .add_generated(top, VERSION, offset, 0, Value::UInt(version as u64));
    }
    cx.uint(top, TYPE, offset, 1, t as u64);
    let type_name = name(TYPE_NAMES, t).unwrap_or("Unknown Type");
    if version == 0 || (t == 0x11 && version == 3) {
        cx.set_info(format_args!("{type_name}"));
        return avail;
    }
    if version == 2 {
        let it = cx.uint(top, MAX_RESP, offset + 1, 1, second as u64);
        if it.is_stored() {
            cx.tree.set_label(
                it,
                format_args!(
                    "Max Resp Time: {:.1} sec (0x{second:02x})",
                    second as f64 / 10.0
                ),
            );
        }
    } else {
        cx.tree.add(top, RESERVED, offset + 1, 1, Value::Bytes);
    }
    if !checksum(cx, data, offset, top) {
        return avail;
    }
    if version == 3 {
        report_v3(cx, data, offset, top);
        return avail;
    }
    let Some(group) = read::array::<4>(data, offset + 4) else {
        cx.cut_short(offset + 4, data.len(), "IGMP");
        return avail;
    };
    cx.tree.add(top, MADDR, offset + 4, 4, Value::Ipv4(group));
    let g = std::net::Ipv4Addr::from(group);
    match (version, t) {
        (2, 0x11) if group == [0; 4] => cx.set_info(format_args!("{type_name}, general")),
        (2, 0x11) => cx.set_info(format_args!("{type_name}, specific for group {g}")),
        (2, 0x16) => cx.set_info(format_args!("{type_name} group {g}")),
        (2, 0x17) => cx.set_info(format_args!("{type_name} {g}")),
        _ => cx.set_info(format_args!("{type_name}")),
    }
    avail
}

/// The checksum and its status; false when the message was cut before it.
fn checksum(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx) -> bool {
    let Some(value) = read::be16(data, offset + 2) else {
        cx.cut_short(offset + 2, data.len(), "IGMP");
        return false;
    };
    let it = cx.uint(top, CHECKSUM, offset + 2, 2, value as u64);
    if cx.lost_to_snaplen(data.len()) {
        cx.tree
            .add_generated(top, CHECKSUM_STATUS, offset + 2, 0, Value::UInt(2));
        return true;
    }
    let good = fold_checksum(ones_complement_sum(0, &data[offset..])) == 0xffff;
    if it.is_stored() && good {
        cx.tree
            .set_label(it, format_args!("Checksum: 0x{value:04x} [correct]"));
    }
    cx.tree.add_generated(
        top,
        CHECKSUM_STATUS,
        offset + 2,
        0,
        Value::UInt(u64::from(good)),
    );
    true
}

/// A version 3 membership report after its checksum: reserved, the group records.
fn report_v3(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx) {
    cx.tree.add(top, RESERVED, offset + 4, 2, Value::Bytes);
    let Some(count) = read::be16(data, offset + 6) else {
        cx.cut_short(offset + 6, data.len(), "IGMP");
        return;
    };
    cx.uint(top, NUM_GRP_RECS, offset + 6, 2, count as u64);
    let mut info = String::from("Membership Report");
    let mut at = offset + 8;
    for _ in 0..count {
        let (Some(kind), Some(aux), Some(nsrc), Some(group)) = (
            read::u8(data, at),
            read::u8(data, at + 1),
            read::be16(data, at + 2),
            read::array::<4>(data, at + 4),
        ) else {
            cx.cut_short(at, data.len(), "IGMP");
            break;
        };
        let len = 8 + 4 * nsrc as usize + 4 * aux as usize;
        let g = std::net::Ipv4Addr::from(group);
        let kind_name = name(RECORD_TYPE_NAMES, kind).unwrap_or("Unknown");
        let rec = cx.text_item(
            top,
            at,
            len.min(data.len().saturating_sub(at)),
            format_args!("Group Record : {g}  {kind_name}"),
        );
        cx.uint(rec, RECORD_TYPE, at, 1, kind as u64);
        cx.uint(rec, AUX_DATA_LEN, at + 1, 1, aux as u64);
        cx.uint(rec, NUM_SRC, at + 2, 2, nsrc as u64);
        cx.tree.add(rec, MADDR, at + 4, 4, Value::Ipv4(group));
        let mut sources = Vec::new();
        for i in 0..nsrc as usize {
            let Some(s) = read::array::<4>(data, at + 8 + 4 * i) else {
                cx.cut_short(at + 8 + 4 * i, data.len(), "IGMP");
                cx.set_info(format_args!("{info}"));
                return;
            };
            cx.tree.add(rec, SADDR, at + 8 + 4 * i, 4, Value::Ipv4(s));
            sources.push(std::net::Ipv4Addr::from(s).to_string());
        }
        let list = sources.join(", ");
        match (kind, nsrc) {
            (1 | 3, 0) => info.push_str(&format!(" / Leave group {g}")),
            (1 | 3, _) => info.push_str(&format!(" / Join group {g} for sources in {{{list}}}")),
            (2 | 4, 0) => info.push_str(&format!(" / Join group {g} for any sources")),
            (5, _) => info.push_str(&format!(" / Group {g}, new source {{{list}}}")),
            _ => {}
        }
        at += len;
    }
    cx.set_info(format_args!("{info}"));
}

#[cfg(test)]
mod tests {
    /// Hand-made messages (Ethernet/IPv4 written out by a script): a version 2 general query, a
    /// version 1 query (no Max Resp Time) and a version 3 report of three records. tshark 4.0 on the
    /// same bytes shows what is asserted.
    #[test]
    fn versions_fields_and_info_as_tshark_shows_them() {
        use crate::testutil::{Frame, dissect_all};
        let d = dissect_all(&[
            Frame {
                link_type: 1,
                hex: "01005e00000102000000000108004500001c000100000102cfdd0a000001e00000011164ee9b00000000",
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: "01005e00000102000000000108004500001c000100000102cfdd0a000001e00000011100eeff00000000",
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: concat!(
                    "01005e000001020000000001080045000040000100000102cfb90a000001e00000012200cebd0000000301000002ef09",
                    "09090a0101010a01010205000001ef0808080a02020202000000ef070707",
                ),
                original_len: None,
            },
        ]);
        assert_eq!(d[0].protocols(), "eth:ethertype:ip:igmp:igmp");
        assert_eq!(d[0].protocol(), "IGMPv2");
        assert_eq!(d[0].info(), "Membership Query, general");
        assert_eq!(d[0].field("igmp.max_resp"), "100");
        assert_eq!(d[0].field("igmp.checksum"), "0xee9b");
        assert_eq!(d[0].field("igmp.checksum.status"), "1");
        assert_eq!(d[1].protocol(), "IGMPv1");
        assert_eq!(d[1].field("igmp.version"), "1");
        assert_eq!(d[1].field("igmp.reserved"), "00");
        assert!(!d[1].has("igmp.max_resp"));
        assert_eq!(d[2].protocol(), "IGMPv3");
        assert_eq!(
            d[2].info(),
            "Membership Report / Join group 239.9.9.9 for sources in {10.1.1.1, 10.1.1.2} / Group 239.8.8.8, new source {10.2.2.2} / Join group 239.7.7.7 for any sources"
        );
        assert_eq!(d[2].field("igmp.record_type"), "1,5,2");
        assert_eq!(d[2].field("igmp.num_src"), "2,1,0");
        assert_eq!(d[2].field("igmp.maddr"), "239.9.9.9,239.8.8.8,239.7.7.7");
        assert_eq!(d[2].field("igmp.saddr"), "10.1.1.1,10.1.1.2,10.2.2.2");
        assert_eq!(d[2].field("igmp.reserved"), "00,0000");
    }
}

//! Raw IP link types: LINKTYPE_RAW (101, Wireshark's "Raw packet data", IPv4 or IPv6 by the version
//! nibble), LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229), which go straight to the IP layer.

use fields::ItemIdx;

use crate::cx::read;
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto RAW = super::ids::RAW, "Raw packet data", "Raw", "raw";
}

/// Hands `data[offset..]` to the protocol of an ethertype, or shows it as data.
fn by_ethertype(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx, ethertype: u16) {
    match dispatch::by_ethertype(ethertype) {
        Some(f) => {
            f(cx, data, offset, parent);
        }
        None => crate::protocols::data::dissect(cx, data, offset, parent),
    }
}

/// LINKTYPE_RAW. Like Wireshark it first looks for leftovers of Linux PPP and ISDN drivers (PPP in HDLC
/// framing, at the start or after a 6-byte fake address, shown as data here; ten zero bytes before IPv4),
/// then goes by the IP version.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_addresses(&"N/A", &"N/A");
    cx.set_protocol("N/A");
    cx.set_info(format_args!("Raw packet data"));
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "raw", "", offset, avail);
    let Some(first) = read::be16(data, offset) else {
        cx.malformed(offset, "raw packet cut short");
        return avail;
    };
    if first == 0xff03 {
        crate::protocols::data::dissect(cx, data, offset, top);
        return avail;
    }
    // Wireshark reads two bytes at offset 6 next, so anything shorter than 8 bytes is malformed.
    let Some(at6) = read::be16(data, offset + 6) else {
        cx.malformed(offset, "raw packet cut short");
        return avail;
    };
    if at6 == 0xff03 {
        crate::protocols::data::dissect(cx, data, offset + 6, top);
    } else if data.get(offset..offset + 10) == Some(&[0u8; 10][..]) {
        by_ethertype(cx, data, offset + 10, top, 0x0800);
    } else {
        match data[offset] >> 4 {
            4 => by_ethertype(cx, data, offset, top, 0x0800),
            6 => by_ethertype(cx, data, offset, top, 0x86dd),
            _ => crate::protocols::data::dissect(cx, data, offset, top),
        }
    }
    avail
}

/// LINKTYPE_IPV4: IPv4 with no link layer at all.
pub fn dissect_ipv4(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    by_ethertype(cx, data, offset, parent, 0x0800);
    data.len().saturating_sub(offset)
}

/// LINKTYPE_IPV6: IPv6 with no link layer at all.
pub fn dissect_ipv6(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    by_ethertype(cx, data, offset, parent, 0x86dd);
    data.len().saturating_sub(offset)
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// tcpdump/LINKTYPE_RAW_ipv4.pcap and tcpdump/LINKTYPE_IPV4.pcap frame 1: the same DNS query.
    const DNS_QUERY: &str = "45000039000100004011a695c0a80164090909093039003500251976\
        123401000001000000000000076578616d706c6503636f6d0000010001";

    #[test]
    fn raw_ipv4_as_tshark_shows_it() {
        let d = dissect(101, DNS_QUERY);
        assert!(d.protocols().starts_with("raw:ip:udp"), "{}", d.protocols());
        assert!(d.has("raw"));
        assert_eq!(d.field("ip.src"), "192.168.1.100");
        assert_eq!(d.tree.src_column, "192.168.1.100");
        assert_eq!(d.field("frame.encap_type"), "7");
    }

    /// The old DLT_RAW numbers are raw IP to tshark too (encapsulation 7; found comparing fuzz inputs).
    #[test]
    fn old_raw_numbers_are_raw_ip() {
        for link_type in [12, 14] {
            let d = dissect(link_type, DNS_QUERY);
            assert!(d.protocols().starts_with("raw:ip:udp"), "{}", d.protocols());
            assert_eq!(d.field("frame.encap_type"), "7");
        }
    }

    #[test]
    fn ipv4_link_type_has_no_raw_layer() {
        let d = dissect(228, DNS_QUERY);
        assert!(d.protocols().starts_with("ip:udp"), "{}", d.protocols());
        assert!(!d.has("raw"));
        assert_eq!(d.field("frame.encap_type"), "129");
    }

    #[test]
    fn leftovers_and_other_versions() {
        let ip = "45000020000000004011000001020304050607089c409c41000c0000deadbeef";
        let d = dissect(101, &format!("00000000000000000000{ip}"));
        assert_eq!(d.protocols(), "raw:ip:udp:data");
        assert_eq!(d.field("ip.src"), "1.2.3.4");
        let d = dissect(101, "12345678abcd0000");
        assert_eq!(d.protocols(), "raw:data");
        assert_eq!((d.protocol(), d.info()), ("N/A", "Raw packet data"));
        assert_eq!(
            (d.tree.src_column.as_str(), d.tree.dst_column.as_str()),
            ("N/A", "N/A")
        );
    }

    #[test]
    fn short_packets_are_malformed() {
        for hex in ["", "45", "12345678", "4500001c0000"] {
            let d = dissect(101, hex);
            assert_eq!(d.protocols(), "raw", "{hex}");
            assert_eq!(
                (d.protocol(), d.info()),
                ("N/A", "Raw packet data[Malformed Packet]"),
                "{hex}"
            );
        }
    }
}

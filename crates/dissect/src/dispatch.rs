//! The tables that hand a packet from one protocol to the next: by link type, ethertype, IP protocol and
//! port. A protocol plugs in by adding a line here.

use fields::ItemIdx;

use crate::Cx;
use crate::flow::stream::StreamProtocol;
use crate::protocols::{eth, ip, tcp, udp};

/// A dissector: `data` ends where the protocol's bytes end (e.g. at the IP total length), `offset` is where
/// they start; item offsets are absolute within `data`. Returns how many bytes the protocol covers (its
/// header and everything it handed on), so the layer below can tell padding and trailers from payload.
pub type DissectFn = fn(&mut Cx, &[u8], usize, ItemIdx) -> usize;

/// By LINKTYPE_ number (the capture file's link type).
pub fn by_link_type(link_type: u32) -> Option<DissectFn> {
    Some(match link_type {
        0 => crate::protocols::null::dissect,
        1 => eth::dissect,
        9 | 50 => crate::protocols::ppp::dissect_hdlc,
        10 => crate::protocols::fddi::dissect,
        12 | 14 | 101 => crate::protocols::raw::dissect,
        108 => crate::protocols::null::dissect_loop,
        113 => crate::protocols::sll::dissect_v1,
        228 => crate::protocols::raw::dissect_ipv4,
        239 => crate::protocols::nflog::dissect,
        229 => crate::protocols::raw::dissect_ipv6,
        276 => crate::protocols::sll::dissect_v2,
        _ => return None,
    })
}

/// By Ethernet type (also used by VLAN tags, SLL and other encapsulations that carry an ethertype).
pub fn by_ethertype(ethertype: u16) -> Option<DissectFn> {
    Some(match ethertype {
        0x0800 => ip::dissect,
        0x86dd => crate::protocols::ipv6::dissect,
        0x0806 | 0x8035 => crate::protocols::arp::dissect,
        0x8100 | 0x9100 => crate::protocols::vlan::dissect,
        0x88a8 => crate::protocols::vlan::dissect_8021ad,
        0x8863 => crate::protocols::ppp::dissect_discovery,
        0x8864 => crate::protocols::ppp::dissect_session,
        _ => return None,
    })
}

/// By IP protocol number (IPv4 `ip.proto`, IPv6 next header).
pub fn by_ip_proto(proto: u8) -> Option<DissectFn> {
    Some(match proto {
        1 => crate::protocols::icmp::dissect,
        4 => ip::dissect,
        6 => tcp::dissect,
        17 => udp::dissect,
        41 => crate::protocols::ipv6::dissect,
        58 => crate::protocols::icmpv6::dissect,
        _ => return None,
    })
}

/// By UDP port: the payload dissector for a well-known port.
pub fn by_udp_port(port: u16) -> Option<DissectFn> {
    use crate::protocols::dns;
    Some(match port {
        53 => dns::dissect,
        5353 => dns::dissect_mdns,
        5355 => dns::dissect_llmnr,
        67 | 68 => crate::protocols::dhcp::dissect,
        546 | 547 => crate::protocols::dhcpv6::dissect,
        _ => return None,
    })
}

/// By TCP port.
pub fn by_tcp_port(port: u16) -> Option<DissectFn> {
    Some(match port {
        25 | 587 => crate::protocols::smtp::dissect,
        110 => crate::protocols::pop::dissect,
        143 => crate::protocols::imap::dissect,
        // tshark 4.0's SSH ports (`tshark -G decodes`).
        22 | 29418 => crate::protocols::ssh::dissect,
        _ => return None,
    })
}

/// By TCP port, for protocols that run over the byte stream and need its PDUs reassembled.
pub fn stream_by_tcp_port(port: u16) -> Option<&'static StreamProtocol> {
    match port {
        // tshark also takes DNS over TCP on the mDNS port as plain DNS.
        53 | 5353 => Some(&crate::protocols::dns::TCP_STREAM),
        // tshark 4.0's default HTTP ports (`tshark -G decodes`).
        80 | 631 | 1900 | 2710 | 2869 | 3128 | 3132 | 3689 | 5985 | 8080 | 8088 | 11371 => {
            Some(&crate::protocols::http::STREAM)
        }
        _ => None,
    }
}

/// By content, for TCP ports no stream protocol is registered on: the protocol whose start the payload
/// looks like (tshark's heuristic dissectors). The conversation then keeps it.
pub fn stream_by_content(payload: &[u8]) -> Option<&'static StreamProtocol> {
    crate::protocols::http::looks_like_http(payload).then_some(&crate::protocols::http::STREAM)
}

/// [`by_ports`] for [`stream_by_tcp_port`].
pub fn stream_by_ports(a: u16, b: u16) -> Option<&'static StreamProtocol> {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    stream_by_tcp_port(low).or_else(|| stream_by_tcp_port(high))
}

/// Tries the lower port first, as Wireshark does by default.
pub fn by_ports(table: fn(u16) -> Option<DissectFn>, a: u16, b: u16) -> Option<DissectFn> {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    table(low).or_else(|| table(high))
}

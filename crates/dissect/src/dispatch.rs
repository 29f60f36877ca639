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
        105 => crate::protocols::wlan::dissect,
        108 => crate::protocols::null::dissect_loop,
        113 => crate::protocols::sll::dissect_v1,
        127 => crate::protocols::radiotap::dissect,
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
        0x888e => crate::protocols::eapol::dissect,
        _ => return None,
    })
}

/// By IP protocol number (IPv4 `ip.proto`, IPv6 next header).
pub fn by_ip_proto(proto: u8) -> Option<DissectFn> {
    Some(match proto {
        1 => crate::protocols::icmp::dissect,
        2 => crate::protocols::igmp::dissect,
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
        crate::protocols::ntp::PORT => crate::protocols::ntp::dissect,
        crate::protocols::nbdgm::PORT => crate::protocols::nbdgm::dissect,
        p if crate::protocols::dtls::UDP_PORTS.contains(&p) => crate::protocols::dtls::dissect,
        _ => return None,
    })
}

/// By content, for UDP datagrams no port's protocol took: the protocol whose records the payload
/// holds (tshark's UDP heuristic dissectors). `payload` is what was captured of the datagram's
/// payload, `reported` its length as sent.
pub fn udp_by_content(payload: &[u8], reported: usize) -> Option<DissectFn> {
    if crate::protocols::dtls::looks_like_dtls(payload, reported) {
        Some(crate::protocols::dtls::dissect)
    } else {
        None
    }
}

/// By TCP port.
pub fn by_tcp_port(port: u16) -> Option<DissectFn> {
    Some(match port {
        25 | 587 => crate::protocols::smtp::dissect,
        110 => crate::protocols::pop::dissect,
        crate::protocols::ftp::PORT => crate::protocols::ftp::dissect,
        crate::protocols::ftp::DATA_PORT => crate::protocols::ftp::dissect_data,
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
        crate::protocols::imap::PORT => Some(&crate::protocols::imap::STREAM),
        crate::protocols::gryphon::PORT => Some(&crate::protocols::gryphon::STREAM),
        crate::protocols::bzr::PORT => Some(&crate::protocols::bzr::STREAM),
        p if crate::protocols::ldap::TCP_PORTS.contains(&p) => {
            Some(&crate::protocols::ldap::STREAM)
        }
        p if crate::protocols::tls::TCP_PORTS.contains(&p) => Some(&crate::protocols::tls::STREAM),
        _ => None,
    }
}

/// By content, for TCP ports no stream protocol is registered on: the protocol whose start the payload
/// looks like (tshark's heuristic dissectors). The conversation then keeps it.
pub fn stream_by_content(payload: &[u8]) -> Option<&'static StreamProtocol> {
    if crate::protocols::http::looks_like_http(payload) {
        Some(&crate::protocols::http::STREAM)
    } else if crate::protocols::tls::looks_like_tls(payload) {
        Some(&crate::protocols::tls::STREAM)
    } else if crate::protocols::ymsg::looks_like_ymsg(payload) {
        Some(&crate::protocols::ymsg::STREAM)
    } else {
        None
    }
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

/// Where a decode-as rule sends a TCP port's payload: a stream protocol (reassembled) or one that
/// takes each segment.
#[derive(Debug, Clone, Copy)]
pub enum TcpTarget {
    Stream(&'static StreamProtocol),
    Segment(DissectFn),
}

/// The TCP protocols a decode-as rule can name, by their display filter name (tshark's `-d` names).
pub fn tcp_protocol_by_name(name: &str) -> Option<TcpTarget> {
    use crate::protocols as p;
    Some(match name {
        "tls" | "ssl" => TcpTarget::Stream(&p::tls::STREAM),
        "http" => TcpTarget::Stream(&p::http::STREAM),
        "dns" => TcpTarget::Stream(&p::dns::TCP_STREAM),
        "ssh" => TcpTarget::Segment(p::ssh::dissect),
        "smtp" => TcpTarget::Segment(p::smtp::dissect),
        "pop" => TcpTarget::Segment(p::pop::dissect),
        "imap" => TcpTarget::Stream(&p::imap::STREAM),
        "ldap" => TcpTarget::Stream(&p::ldap::STREAM),
        _ => return None,
    })
}

/// Decode-as rules (tshark's `-d tcp.port==N,PROTO`): TCP ports whose payload goes to the named
/// protocol whatever the port tables or the content say.
#[derive(Debug, Default, Clone)]
pub struct DecodeAs {
    tcp: Vec<(u16, TcpTarget)>,
}

/// A decode-as rule that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeAsError {
    #[error("\"{0}\" is not of the form tcp.port==N,PROTOCOL")]
    Syntax(String),
    #[error(
        "\"{0}\" is not a protocol that can be decoded over TCP (tls, http, dns, ssh, smtp, pop, imap)"
    )]
    UnknownProtocol(String),
}

impl DecodeAs {
    /// Adds a rule written as tshark's `-d` takes it: `tcp.port==9000,tls`.
    pub fn add_rule(&mut self, rule: &str) -> Result<(), DecodeAsError> {
        let syntax = || DecodeAsError::Syntax(rule.to_owned());
        let (selector, protocol) = rule.split_once(',').ok_or_else(syntax)?;
        let port = selector
            .trim()
            .strip_prefix("tcp.port")
            .and_then(|s| s.trim_start().strip_prefix("=="))
            .or_else(|| {
                selector
                    .trim()
                    .strip_prefix("tcp.port")
                    .and_then(|s| s.trim_start().strip_prefix('='))
            })
            .and_then(|s| s.trim().parse::<u16>().ok())
            .ok_or_else(syntax)?;
        let protocol = protocol.trim().to_ascii_lowercase();
        let target = tcp_protocol_by_name(&protocol)
            .ok_or_else(|| DecodeAsError::UnknownProtocol(protocol.clone()))?;
        self.tcp.retain(|(p, _)| *p != port);
        self.tcp.push((port, target));
        Ok(())
    }

    /// The rule for a segment between these ports, if one names either.
    pub fn tcp(&self, a: u16, b: u16) -> Option<TcpTarget> {
        if self.tcp.is_empty() {
            return None;
        }
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        [low, high]
            .iter()
            .find_map(|port| self.tcp.iter().find(|(p, _)| p == port).map(|(_, t)| *t))
    }
}

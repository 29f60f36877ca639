//! One module per protocol. Each declares its fields with `declare_protocol!` under an id from the list
//! below; [`ALL`] feeds the registry. To add a protocol: give it the next free id here, add it to `ALL`, and
//! register it in [`crate::dispatch`].

use fields::{ProtoId, ProtocolDef};

/// Declares options that Wireshark registers as protocols of their own (TCP's, LCP's ...): a module per
/// option holding `PROTOCOL` and `PROTOCOL_FIELD`, its value the option's bytes.
macro_rules! option_protocols {
    ($($m:ident = $id:expr, $long:literal, $filter:literal;)*) => {
        $(
            #[doc = $long]
            pub mod $m {
                fields::declare_protocol! { proto ID = $id, $long, $long, $filter, as Bytes; }
            }
        )*
    };
}

pub mod arp;
pub mod bencode;
pub mod browser;
pub mod bzr;
pub mod data;
pub mod dhcp;
pub mod dhcpv6;
pub mod dns;
pub mod dtls;
pub mod eapol;
pub mod eth;
pub mod fddi;
pub mod frame;
pub mod ftp;
pub mod gif;
pub mod gryphon;
pub mod gssapi;
pub mod http;
pub mod icmp;
pub mod icmpv6;
pub mod igmp;
pub mod imap;
pub mod imf;
pub mod ip;
pub mod ipv6;
pub mod jfif;
pub mod json;
pub mod ldap;
pub mod llc;
pub mod mailslot;
pub mod mime_multipart;
pub mod nbdgm;
pub mod nflog;
pub mod ntp;
pub mod null;
pub mod png;
pub mod pop;
pub mod ppp;
pub mod ppp_control;
pub mod radiotap;
pub mod raw;
pub mod sll;
pub mod smb;
pub mod smtp;
pub mod ssh;
pub mod tcp;
pub mod tls;
pub mod udp;
pub mod vlan;
pub mod websocket;
pub mod wlan;
pub mod wlan_ht;
pub mod wlan_mgt;
pub mod wlan_radio;
pub mod wlan_tables;
pub mod wps;
pub mod ws;
pub mod x509;
pub mod xml;
pub mod ymsg;

/// Protocol ids, one per protocol module; unique (the registry refuses duplicates).
pub mod ids {
    use super::ProtoId;
    pub const WS: ProtoId = ProtoId(0);
    pub const FRAME: ProtoId = ProtoId(1);
    pub const ETH: ProtoId = ProtoId(2);
    pub const ETHERTYPE: ProtoId = ProtoId(3);
    pub const IP: ProtoId = ProtoId(4);
    pub const TCP: ProtoId = ProtoId(5);
    pub const UDP: ProtoId = ProtoId(6);
    pub const DATA: ProtoId = ProtoId(7);
    pub const TCP_OPT_NOP: ProtoId = ProtoId(8);
    pub const TCP_OPT_EOL: ProtoId = ProtoId(9);
    pub const TCP_OPT_TIMESTAMP: ProtoId = ProtoId(10);
    pub const TCP_OPT_MSS: ProtoId = ProtoId(11);
    pub const TCP_OPT_WSCALE: ProtoId = ProtoId(12);
    pub const TCP_OPT_SACK_PERM: ProtoId = ProtoId(13);
    pub const TCP_OPT_SACK: ProtoId = ProtoId(14);
    // Link layers: 15..=29.
    pub const VLAN: ProtoId = ProtoId(15);
    pub const SLL: ProtoId = ProtoId(16);
    pub const NULL: ProtoId = ProtoId(17);
    pub const RAW: ProtoId = ProtoId(18);
    pub const LLC: ProtoId = ProtoId(19);
    pub const ARP: ProtoId = ProtoId(20);
    pub const IEEE8021AD: ProtoId = ProtoId(21);
    pub const IEEE8021AH: ProtoId = ProtoId(22);
    pub const PPP: ProtoId = ProtoId(23);
    pub const PPPOE: ProtoId = ProtoId(24);
    pub const PPPOES: ProtoId = ProtoId(25);
    pub const PPPOED: ProtoId = ProtoId(26);
    pub const NFLOG: ProtoId = ProtoId(27);
    pub const FDDI: ProtoId = ProtoId(28);
    // Network layer (helper "IPv6, ICMP, fragments"): 30..=49.
    pub const IPV6: ProtoId = ProtoId(30);
    pub const ICMP: ProtoId = ProtoId(31);
    pub const ICMPV6: ProtoId = ProtoId(32);
    pub const IPV6_HOPOPTS: ProtoId = ProtoId(33);
    pub const IPV6_ROUTING: ProtoId = ProtoId(34);
    pub const IPV6_FRAGHDR: ProtoId = ProtoId(35);
    pub const IPV6_DSTOPTS: ProtoId = ProtoId(36);
    // Application protocols (later issues): 50 and up. DNS, mDNS, LLMNR: 50..=59.
    pub const DNS: ProtoId = ProtoId(50);
    pub const MDNS: ProtoId = ProtoId(51);
    pub const LLMNR: ProtoId = ProtoId(52);
    // DHCP and DHCPv6: 60..=69.
    pub const DHCP: ProtoId = ProtoId(60);
    pub const DHCPV6: ProtoId = ProtoId(61);
    // HTTP and the media types it hands bodies to: 70..=79.
    pub const HTTP: ProtoId = ProtoId(70);
    pub const URLENCODED_FORM: ProtoId = ProtoId(71);
    pub const DATA_TEXT_LINES: ProtoId = ProtoId(72);
    pub const MEDIA: ProtoId = ProtoId(73);
    pub const PNG: ProtoId = ProtoId(74);
    pub const IMAGE_GIF: ProtoId = ProtoId(75);
    pub const IMAGE_JFIF: ProtoId = ProtoId(76);
    pub const JSON: ProtoId = ProtoId(77);
    pub const XML: ProtoId = ProtoId(78);
    // WebSocket: 80..=84.
    pub const WEBSOCKET: ProtoId = ProtoId(80);
    // Mail (SMTP, IMF, IMAP, POP): 90..=99.
    pub const SMTP: ProtoId = ProtoId(90);
    pub const IMF: ProtoId = ProtoId(91);
    pub const POP: ProtoId = ProtoId(92);
    pub const IMAP: ProtoId = ProtoId(93);
    pub const MIME_MULTIPART: ProtoId = ProtoId(94);
    // SSH: 85..=89.
    pub const SSH: ProtoId = ProtoId(85);
    // TLS: 100..=109.
    pub const TLS: ProtoId = ProtoId(100);
    // X.509 certificates and the ASN.1 modules tshark dissects them with: 110..=119.
    pub const X509AF: ProtoId = ProtoId(110);
    pub const X509IF: ProtoId = ProtoId(111);
    pub const X509SAT: ProtoId = ProtoId(112);
    pub const X509CE: ProtoId = ProtoId(113);
    pub const PKCS1: ProtoId = ProtoId(114);
    pub const PKIX1IMPLICIT: ProtoId = ProtoId(115);
    pub const PKIX1EXPLICIT: ProtoId = ProtoId(116);
    pub const BER: ProtoId = ProtoId(117);
    pub const TCP_OPT_TFO: ProtoId = ProtoId(118);
    pub const TCP_OPT_EXPERIMENTAL: ProtoId = ProtoId(119);
    pub const PKT_COMMENT: ProtoId = ProtoId(120);
    pub const GRYPHON: ProtoId = ProtoId(121);
    pub const IGMP: ProtoId = ProtoId(122);
    pub const FTP: ProtoId = ProtoId(123);
    pub const FTP_DATA: ProtoId = ProtoId(124);
    pub const NTP: ProtoId = ProtoId(125);
    // IEEE 802.11 (helper "wlan"): 126..=129 and 164..=175.
    pub const RADIOTAP: ProtoId = ProtoId(126);
    pub const WLAN_RADIO: ProtoId = ProtoId(127);
    pub const WLAN: ProtoId = ProtoId(128);
    pub const EAPOL: ProtoId = ProtoId(164);
    pub const WLAN_RSNA_EAPOL: ProtoId = ProtoId(165);
    pub const WPS: ProtoId = ProtoId(166);
    pub const DTLS: ProtoId = ProtoId(176);
    pub const BZR: ProtoId = ProtoId(190);
    pub const BENCODE: ProtoId = ProtoId(191);
    pub const YMSG: ProtoId = ProtoId(192);
    pub const NBDGM: ProtoId = ProtoId(193);
    pub const SMB: ProtoId = ProtoId(194);
    pub const MAILSLOT: ProtoId = ProtoId(195);
    pub const BROWSER: ProtoId = ProtoId(196);
    pub const IP_OPT_EOL: ProtoId = ProtoId(197);
    pub const IP_OPT_NOP: ProtoId = ProtoId(198);
    pub const IP_OPT_SECURITY: ProtoId = ProtoId(199);
    pub const IP_OPT_ROUTE: ProtoId = ProtoId(200);
    pub const IP_OPT_TIMESTAMP: ProtoId = ProtoId(201);
    pub const IP_OPT_RECORD_ROUTE: ProtoId = ProtoId(202);
    pub const IP_OPT_SID: ProtoId = ProtoId(203);
    pub const IP_OPT_SOURCE_ROUTE: ProtoId = ProtoId(204);
    pub const IP_OPT_MTU_PROBE: ProtoId = ProtoId(205);
    pub const IP_OPT_MTU_REPLY: ProtoId = ProtoId(206);
    pub const IP_OPT_ROUTERALERT: ProtoId = ProtoId(207);
    pub const IP_OPT_TRACEROUTE: ProtoId = ProtoId(208);
    pub const IP_OPT_QS: ProtoId = ProtoId(209);
    pub const IP_OPT_SDB: ProtoId = ProtoId(210);
    pub const IP_OPT_CIPSO: ProtoId = ProtoId(211);
    pub const IP_OPT_EXT_SECURITY: ProtoId = ProtoId(212);
    pub const NS_CERT_EXTS: ProtoId = ProtoId(213);
    // LDAP: 177 (178..=182 kept for what it carries).
    pub const LDAP: ProtoId = ProtoId(177);
    pub const GSS_API: ProtoId = ProtoId(178);
    pub const SPNEGO: ProtoId = ProtoId(179);
    pub const SPNEGO_KRB5: ProtoId = ProtoId(180);
    pub const KERBEROS: ProtoId = ProtoId(181);
    // PPP control and authentication protocols and their options: 130..=179.
    pub const LCP: ProtoId = ProtoId(130);
    pub const IPCP: ProtoId = ProtoId(131);
    pub const IPV6CP: ProtoId = ProtoId(132);
    pub const PAP: ProtoId = ProtoId(133);
    pub const CHAP: ProtoId = ProtoId(134);
    pub const LCP_OPT_VENDOR: ProtoId = ProtoId(135);
    pub const LCP_OPT_MRU: ProtoId = ProtoId(136);
    pub const LCP_OPT_ASYNCMAP: ProtoId = ProtoId(137);
    pub const LCP_OPT_AUTH_PROTOCOL: ProtoId = ProtoId(138);
    pub const LCP_OPT_QUALITY_PROTOCOL: ProtoId = ProtoId(139);
    pub const LCP_OPT_MAGIC_NUMBER: ProtoId = ProtoId(140);
    pub const LCP_OPT_LINKQUALMON: ProtoId = ProtoId(141);
    pub const LCP_OPT_FIELD_COMPRESS: ProtoId = ProtoId(142);
    pub const LCP_OPT_ADDR_FIELD_COMPRESS: ProtoId = ProtoId(143);
    pub const LCP_OPT_FCS_ALTERNATIVES: ProtoId = ProtoId(144);
    pub const LCP_OPT_SELF_DESC_PAD: ProtoId = ProtoId(145);
    pub const LCP_OPT_NUMBERED_MODE: ProtoId = ProtoId(146);
    pub const LCP_OPT_CALLBACK: ProtoId = ProtoId(147);
    pub const LCP_OPT_MULTILINK_MRRU: ProtoId = ProtoId(148);
    pub const LCP_OPT_MULTILINK_SSNH: ProtoId = ProtoId(149);
    pub const LCP_OPT_MULTILINK_EP_DISC: ProtoId = ProtoId(150);
    pub const LCP_OPT_LINK_DISCRIM: ProtoId = ProtoId(151);
    pub const LCP_OPT_AUTH: ProtoId = ProtoId(152);
    pub const LCP_OPT_INTERNATIONALIZATION: ProtoId = ProtoId(153);
    pub const IPCP_OPT_ADDRS: ProtoId = ProtoId(154);
    pub const IPCP_OPT_COMPRESS: ProtoId = ProtoId(155);
    pub const IPCP_OPT_ADDR: ProtoId = ProtoId(156);
    pub const IPCP_OPT_MOBILEIPV4: ProtoId = ProtoId(157);
    pub const IPCP_OPT_PRI_DNS: ProtoId = ProtoId(158);
    pub const IPCP_OPT_PRI_NBNS: ProtoId = ProtoId(159);
    pub const IPCP_OPT_SEC_DNS: ProtoId = ProtoId(160);
    pub const IPCP_OPT_SEC_NBNS: ProtoId = ProtoId(161);
    pub const IPV6CP_OPT_INTERFACE_IDENTIFIER: ProtoId = ProtoId(162);
    pub const IPV6CP_OPT_COMPRESS: ProtoId = ProtoId(163);
}

/// Every protocol wiresift knows, for the registry.
pub static ALL: &[&ProtocolDef] = &[
    &ws::PROTOCOL,
    &frame::PROTOCOL,
    &frame::pkt_comment::PROTOCOL,
    &eth::PROTOCOL,
    &eth::ethertype::PROTOCOL,
    &vlan::PROTOCOL,
    &vlan::ieee8021ad::PROTOCOL,
    &vlan::ieee8021ah::PROTOCOL,
    &llc::PROTOCOL,
    &arp::PROTOCOL,
    &sll::PROTOCOL,
    &null::PROTOCOL,
    &ppp::PROTOCOL,
    &ppp::pppoe::PROTOCOL,
    &ppp::pppoes::PROTOCOL,
    &ppp::pppoed::PROTOCOL,
    &nflog::PROTOCOL,
    &fddi::PROTOCOL,
    &raw::PROTOCOL,
    &ip::PROTOCOL,
    &ipv6::PROTOCOL,
    &ipv6::hopopts::PROTOCOL,
    &ipv6::routing::PROTOCOL,
    &ipv6::fraghdr::PROTOCOL,
    &ipv6::dstopts::PROTOCOL,
    &icmp::PROTOCOL,
    &icmpv6::PROTOCOL,
    &tcp::PROTOCOL,
    &ip::option_protocols::eol::PROTOCOL,
    &ip::option_protocols::nop::PROTOCOL,
    &ip::option_protocols::security::PROTOCOL,
    &ip::option_protocols::route::PROTOCOL,
    &ip::option_protocols::timestamp::PROTOCOL,
    &ip::option_protocols::record_route::PROTOCOL,
    &ip::option_protocols::sid::PROTOCOL,
    &ip::option_protocols::source_route::PROTOCOL,
    &ip::option_protocols::mtu_probe::PROTOCOL,
    &ip::option_protocols::mtu_reply::PROTOCOL,
    &ip::option_protocols::routeralert::PROTOCOL,
    &ip::option_protocols::traceroute::PROTOCOL,
    &ip::option_protocols::qs::PROTOCOL,
    &ip::option_protocols::sdb::PROTOCOL,
    &ip::option_protocols::cipso::PROTOCOL,
    &ip::option_protocols::ext_security::PROTOCOL,
    &tcp::option_protocols::nop::PROTOCOL,
    &tcp::option_protocols::eol::PROTOCOL,
    &tcp::option_protocols::timestamp::PROTOCOL,
    &tcp::option_protocols::mss::PROTOCOL,
    &tcp::option_protocols::wscale::PROTOCOL,
    &tcp::option_protocols::sack_perm::PROTOCOL,
    &tcp::option_protocols::sack::PROTOCOL,
    &tcp::option_protocols::tfo::PROTOCOL,
    &tcp::option_protocols::experimental::PROTOCOL,
    &udp::PROTOCOL,
    &dns::PROTOCOL,
    &dns::mdns::PROTOCOL,
    &dns::llmnr::PROTOCOL,
    &data::PROTOCOL,
    &http::PROTOCOL,
    &http::urlencoded::PROTOCOL,
    &http::text_lines::PROTOCOL,
    &http::media::PROTOCOL,
    &png::PROTOCOL,
    &gif::PROTOCOL,
    &jfif::PROTOCOL,
    &json::PROTOCOL,
    &xml::PROTOCOL,
    &websocket::PROTOCOL,
    &smtp::PROTOCOL,
    &imf::PROTOCOL,
    &pop::PROTOCOL,
    &imap::PROTOCOL,
    &mime_multipart::PROTOCOL,
    &ssh::PROTOCOL,
    &tls::PROTOCOL,
    &dtls::PROTOCOL,
    &x509::af::PROTOCOL,
    &x509::xif::PROTOCOL,
    &x509::sat::PROTOCOL,
    &x509::ce::PROTOCOL,
    &x509::pkcs1::PROTOCOL,
    &x509::pkix1implicit::PROTOCOL,
    &x509::pkix1explicit::PROTOCOL,
    &x509::ns_cert_exts::PROTOCOL,
    &x509::ber::PROTOCOL,
    &dhcp::PROTOCOL,
    &dhcpv6::PROTOCOL,
    &gryphon::PROTOCOL,
    &igmp::PROTOCOL,
    &ftp::PROTOCOL,
    &bzr::PROTOCOL,
    &bencode::PROTOCOL,
    &ymsg::PROTOCOL,
    &ftp::data::PROTOCOL,
    &ntp::PROTOCOL,
    &nbdgm::PROTOCOL,
    &smb::PROTOCOL,
    &mailslot::PROTOCOL,
    &browser::PROTOCOL,
    &ldap::PROTOCOL,
    &gssapi::gss::PROTOCOL,
    &gssapi::spnego::PROTOCOL,
    &gssapi::spnego_krb5::PROTOCOL,
    &gssapi::kerberos::PROTOCOL,
    &radiotap::PROTOCOL,
    &wlan_radio::PROTOCOL,
    &wlan::PROTOCOL,
    &eapol::PROTOCOL,
    &eapol::rsna::PROTOCOL,
    &wps::PROTOCOL,
    &ppp_control::lcp::PROTOCOL,
    &ppp_control::ipcp::PROTOCOL,
    &ppp_control::ipv6cp::PROTOCOL,
    &ppp_control::pap::PROTOCOL,
    &ppp_control::chap::PROTOCOL,
    &ppp_control::lcp::vendor::PROTOCOL,
    &ppp_control::lcp::mru::PROTOCOL,
    &ppp_control::lcp::asyncmap::PROTOCOL,
    &ppp_control::lcp::auth_protocol::PROTOCOL,
    &ppp_control::lcp::quality_protocol::PROTOCOL,
    &ppp_control::lcp::magic_number::PROTOCOL,
    &ppp_control::lcp::linkqualmon::PROTOCOL,
    &ppp_control::lcp::field_compress::PROTOCOL,
    &ppp_control::lcp::addr_field_compress::PROTOCOL,
    &ppp_control::lcp::fcs_alternatives::PROTOCOL,
    &ppp_control::lcp::self_desc_pad::PROTOCOL,
    &ppp_control::lcp::numbered_mode::PROTOCOL,
    &ppp_control::lcp::callback::PROTOCOL,
    &ppp_control::lcp::multilink_mrru::PROTOCOL,
    &ppp_control::lcp::multilink_ssnh::PROTOCOL,
    &ppp_control::lcp::multilink_ep_disc::PROTOCOL,
    &ppp_control::lcp::link_discrim::PROTOCOL,
    &ppp_control::lcp::auth::PROTOCOL,
    &ppp_control::lcp::internationalization::PROTOCOL,
    &ppp_control::ipcp::addrs::PROTOCOL,
    &ppp_control::ipcp::compress::PROTOCOL,
    &ppp_control::ipcp::addr::PROTOCOL,
    &ppp_control::ipcp::mobileipv4::PROTOCOL,
    &ppp_control::ipcp::pri_dns::PROTOCOL,
    &ppp_control::ipcp::pri_nbns::PROTOCOL,
    &ppp_control::ipcp::sec_dns::PROTOCOL,
    &ppp_control::ipcp::sec_nbns::PROTOCOL,
    &ppp_control::ipv6cp::interface_identifier::PROTOCOL,
    &ppp_control::ipv6cp::compress::PROTOCOL,
];

/// tshark's plural ending for a count ("1 byte", "2 bytes", "1 group").
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Bytes as lowercase hex digits without separators (fingerprints, hashes).
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::new();
    fields::format::write_hex(bytes, &mut s);
    s
}

/// A MAC address as tshark prints it with name resolution off.
pub fn fmt_mac(m: [u8; 6]) -> String {
    Mac(m).to_string()
}

/// Displays a MAC address as tshark prints it with name resolution off (`02:00:00:00:01:01`), without
/// allocating: the Source and Destination columns of every Ethernet frame are written with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mac(pub [u8; 6]);

impl std::fmt::Display for Mac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut buf = [b':'; 17];
        for (i, b) in self.0.iter().enumerate() {
            buf[i * 3] = HEX[(b >> 4) as usize];
            buf[i * 3 + 1] = HEX[(b & 15) as usize];
        }
        // Only ASCII hex digits and colons were written.
        f.pad(std::str::from_utf8(&buf).unwrap_or_default())
    }
}

/// One's-complement sum of 16-bit big-endian words (an odd last byte is padded with zero), the core of
/// the IPv4, ICMP, TCP and UDP checksums.
pub fn ones_complement_sum(mut sum: u32, bytes: &[u8]) -> u32 {
    let mut chunks = bytes.chunks_exact(2);
    for c in &mut chunks {
        sum += u16::from_be_bytes([c[0], c[1]]) as u32;
    }
    if let [last] = chunks.remainder() {
        sum += (*last as u32) << 8;
    }
    sum
}

/// Folds a one's-complement sum into 16 bits.
pub fn fold_checksum(mut sum: u32) -> u16 {
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum as u16
}

#[cfg(test)]
mod tests {
    #[test]
    fn mac_as_tshark_prints_it() {
        let m = [0x02, 0x00, 0x5e, 0xff, 0xa0, 0x0b];
        assert_eq!(super::fmt_mac(m), "02:00:5e:ff:a0:0b");
        assert_eq!(format!("{:>18}|", super::Mac(m)), " 02:00:5e:ff:a0:0b|");
    }

    #[test]
    fn registry_builds() {
        let reg = crate::registry();
        assert!(reg.lookup("ip.src").is_some());
        assert!(reg.lookup("frame.number").is_some());
    }
}
